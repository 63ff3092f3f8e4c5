"""The app of ``benchmarks/floor.py``: quizapp's own app (``create_app()``, every hook and
extension as served) with a ``/floor`` blueprint of benchmark-only endpoints, each doing a
slice of an answer turn at its cheapest, so that ``floor.py`` can show what the slices cost
under gunicorn beside the bare endpoint. Never served outside the benchmark.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import threading

import orjson
from flask import Blueprint, abort, jsonify, request

from quizapp import create_app
from quizapp.extensions import csrf, db
from quizapp.scoring import score

bp = Blueprint("floor", __name__, url_prefix="/floor")
_local = threading.local()
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
TOKEN = ("SELECT users.id, users.role FROM users JOIN api_tokens ON api_tokens.user_id = "
         "users.id WHERE api_tokens.token_hash = {0} AND api_tokens.expires_at > {0}").format(
    "%s" if POSTGRES else "?")
INSERT = ("INSERT INTO floor_answers (client_id, text, result, created_at) "
          + ("VALUES (%s, %s, %s, %s) RETURNING id" if POSTGRES else "VALUES (?, ?, ?, ?)"))


def _connection():
    """One DB-API connection per thread, kept for the process's life (no pool, no ORM)."""
    con = getattr(_local, "con", None)
    if con is None:
        # a connection of its own, never handed back to the app's pool (the pool's proxy would
        # give it back when garbage-collected, autocommit and all, to the app's transactions)
        _local.kept = db.engine.raw_connection()
        con = _local.con = _local.kept.driver_connection
        if POSTGRES:
            con.autocommit = True  # the INSERT is its own transaction: one round trip
    return con


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


def _store(client_id: str, text: str, result: dict | None) -> int:
    con = _connection()
    cur = con.cursor()
    cur.execute(INSERT, (client_id, text, orjson.dumps(result).decode(),
                         datetime.datetime.now(datetime.timezone.utc)))
    if POSTGRES:
        return cur.fetchone()[0]
    con.commit()
    return cur.lastrowid


def _caller() -> tuple[int, str]:
    """The bearer token's holder: one indexed read on the kept connection."""
    header = request.headers.get("Authorization", "")
    now = datetime.datetime.now(datetime.timezone.utc)
    cur = _connection().cursor()
    cur.execute(TOKEN, (hashlib.sha256(header[7:].strip().encode()).hexdigest(),
                        now if POSTGRES else now.strftime("%Y-%m-%d %H:%M:%S.%f")))
    row = cur.fetchone()
    if row is None:
        abort(401)
    return row


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


app = create_app()
csrf.exempt(bp)
app.register_blueprint(bp)
