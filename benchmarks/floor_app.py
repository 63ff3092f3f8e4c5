"""Benchmark-only endpoints for ``floor.py`` and ``instructions.py``: each does a slice of an
answer turn at its cheapest, on quizapp's own app (``create_app()``, every hook and extension as
served), so that the benchmarks can show what the slices cost beside the bare endpoint.

    gunicorn ... 'benchmarks.floor_app:create()'   # the app with the /floor endpoints

Never served outside the benchmarks.
"""

from __future__ import annotations

import datetime
import hashlib
import threading

import orjson
from flask import Blueprint, Flask, abort, jsonify, request

from quizapp.extensions import csrf, db
from quizapp.scoring import score

bp = Blueprint("floor", __name__, url_prefix="/floor")
_local = threading.local()

TABLE = {
    "sqlite": "CREATE TABLE floor_answers (id INTEGER PRIMARY KEY, client_id VARCHAR(64) "
              "NOT NULL UNIQUE, text TEXT NOT NULL, result TEXT, created_at TIMESTAMP NOT NULL)",
    "postgresql": "CREATE TABLE floor_answers (id SERIAL PRIMARY KEY, client_id VARCHAR(64) "
                  "NOT NULL UNIQUE, text TEXT NOT NULL, result TEXT, "
                  "created_at TIMESTAMP WITH TIME ZONE NOT NULL)",
}
TOKEN = ("SELECT users.id, users.role FROM users JOIN api_tokens ON api_tokens.user_id = "
         "users.id WHERE api_tokens.token_hash = {0} AND api_tokens.expires_at > {0}")
INSERT = ("INSERT INTO floor_answers (client_id, text, result, created_at) "
          "VALUES ({0}, {0}, {0}, {0})")
# the statements in each driver's parameter style, written once
SQL = {
    "sqlite": {"token": TOKEN.format("?"), "insert": INSERT.format("?")},
    "postgresql": {"token": TOKEN.format("%s"), "insert": INSERT.format("%s") + " RETURNING id"},
}


def create_table(url: str) -> None:
    """The table the /floor endpoints write to, in the database at ``url``."""
    if url.startswith("sqlite:///"):
        import sqlite3

        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        with con:
            con.execute(TABLE["sqlite"])
        con.close()
    else:
        import psycopg

        with psycopg.connect(url, connect_timeout=10) as con:
            con.execute(TABLE["postgresql"])


def _connection():
    """One DB-API connection per thread, kept for the process's life (no pool, no ORM):
    (connection, is PostgreSQL, its statements)."""
    found = getattr(_local, "con", None)
    if found is None:
        # a connection of its own, never handed back to the app's pool (the pool's proxy would
        # give it back when garbage-collected, autocommit and all, to the app's transactions)
        _local.kept = db.engine.raw_connection()
        con = _local.kept.driver_connection
        postgres = db.engine.dialect.name == "postgresql"
        if postgres:
            con.autocommit = True  # the INSERT is its own transaction: one round trip
        found = _local.con = (con, postgres, SQL["postgresql" if postgres else "sqlite"])
    return found


def _now(postgres: bool):
    """The time now as each driver takes it (SQLite stores the naive UTC text)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now if postgres else now.strftime("%Y-%m-%d %H:%M:%S.%f")


def _rubric():
    rubric = getattr(_local, "rubric", None)
    if rubric is None:
        from sqlalchemy import select

        from quizapp.models import Question
        from quizapp.scoring.rubric import Rubric

        question = db.session.scalars(select(Question).where(
            Question.unit_id == "ICS-L1.U3", Question.active.is_(True)).order_by(
            Question.id)).first()
        rubric = _local.rubric = Rubric.from_dict(question.rubric)
    return rubric


def _body() -> tuple[str, str]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not isinstance(
            data.get("client_id"), str):
        abort(400)
    return data["text"], data["client_id"]


def _marked(text: str) -> dict:
    result = score(text, _rubric())
    return {"score": result.score, "band": result.band, "passed": result.passed,
            "concepts": [c.to_dict() for c in result.concepts], "feedback": result.feedback}


def _caller() -> tuple[int, str]:
    """The bearer token's holder: one indexed read on the kept connection."""
    con, postgres, sql = _connection()
    header = request.headers.get("Authorization", "")
    cur = con.cursor()
    cur.execute(sql["token"], (hashlib.sha256(header[7:].strip().encode()).hexdigest(),
                               _now(postgres)))
    row = cur.fetchone()
    if row is None:
        abort(401)
    return row


def _store(client_id: str, text: str, result: dict | None) -> int:
    con, postgres, sql = _connection()
    cur = con.cursor()
    cur.execute(sql["insert"], (client_id, text, orjson.dumps(result).decode(), _now(postgres)))
    if postgres:
        return cur.fetchone()[0]
    con.commit()
    return cur.lastrowid


@bp.post("/echo")
def echo():
    """Read the answer's JSON, reply JSON: the request and reply of an answer, nothing else."""
    text, client_id = _body()
    return jsonify({"client_id": client_id, "text": text})


@bp.post("/score")
def marked():
    """Read, mark with the real scorer and a real rubric, reply: no database."""
    text, client_id = _body()
    return jsonify({"client_id": client_id, "text": text, **_marked(text)})


@bp.post("/store")
def store():
    """Read, one INSERT in its own transaction (committed), reply: the least a durable,
    acknowledged answer can cost."""
    text, client_id = _body()
    return jsonify({"answer_id": _store(client_id, text, None), "text": text})


@bp.post("/turn")
def turn():
    """Read, mark, one INSERT of the answer with its marks (committed), reply: the floor of an
    answer turn (no token check, no session, no progress)."""
    text, client_id = _body()
    result = _marked(text)
    return jsonify({"answer_id": _store(client_id, text, result), "text": text, **result})


@bp.post("/authed")
def authed():
    """``/turn`` with the token check first (one indexed read): an answer turn must at least
    know who is answering."""
    user_id, _role = _caller()
    text, client_id = _body()
    result = _marked(text)
    return jsonify({"answer_id": _store(client_id, text, result), "user": user_id, "text": text,
                    **result})


def register(app: Flask) -> Flask:
    """Add the /floor endpoints to ``app`` (no CSRF: they take JSON from the benchmark)."""
    csrf.exempt(bp)
    app.register_blueprint(bp)
    return app


def create() -> Flask:
    """gunicorn's app factory: quizapp's app, configured from the environment, plus /floor."""
    from quizapp import create_app

    return register(create_app())
