#!/usr/bin/env python3
"""The answer turn in-process: what one answer costs the app, and where it goes.

    python benchmarks/answer_turn.py [--answers 3000] [--pg-url postgresql://...@127.0.0.1/db]

Builds a fresh database (a temporary SQLite file, or the PostgreSQL database given, dropped and
created again), migrates it, loads the banks and creates one learner with an API token; then
calls the WSGI app directly (no HTTP server, no network, one thread) with the same requests as
``load.py``: ``GET /healthz/live`` (the bare endpoint), and answers to unit ICS-L1.U3 with the
learner texts from the banks' test_responses (a new session when one ends). It prints the CPU
per request of both (``time.process_time``: this process only, so on PostgreSQL the server's
own CPU is not in it), and the wall time spent in each step of the answer turn.

The ratio the load target is about (answer turns/s against the bare endpoint's) is bounded by
these two figures: under gunicorn each request also pays the server's own cost, about the same
for both. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

UNIT = "ICS-L1.U3"
STEPS = (  # (label, module, function): wall time inside each, per answer
    ("token check and session read", "quizapp.services.turn_store", "caller_and_session"),
    ("read the questions and tallies", "quizapp.services.content", "turn_questions"),
    ("score (the pure scorer)", "quizapp.services.practice", "score"),
    ("advance, store, link, write the tallies", "quizapp.services.turn_store", "store_answer"),
    ("fold the tallies", "quizapp.services.learner_progress", "plan_evidence"),
    ("commit", "sqlalchemy.orm.scoping", "scoped_session.commit"),
    ("reply JSON", "quizapp.api.views", "jsonify"),
    ("request JSON", "quizapp.api.views", "json_body"),
    ("start a session (1 in ~26 answers)", "quizapp.services.practice", "start_practice"),
)


def build_app(url: str | None, tmp: Path):
    if url:
        import psycopg
        from psycopg import sql

        base, _, name = url.rpartition("/")
        if base.split("@")[-1].split(":")[0] not in ("127.0.0.1", "localhost"):
            sys.exit("--pg-url must point at 127.0.0.1")
        with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=10) as con:
            con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
            con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'answer-turn.sqlite'}"
    os.environ["QUIZAPP_DEMO"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-" + "k" * 32)
    from flask_migrate import upgrade

    from quizapp import create_app
    from quizapp.banks import load_all
    from quizapp.services import bank_store
    from quizapp.services import users

    app = create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        bank_store.load_catalogue(load_all(app.config["QUIZAPP_BANKS"]))
        user = users.create_user("bench-answer-turn", "bench-password-1")
        token = users.issue_token(user)
    return app, token


class Client:
    """Raw WSGI calls, as a server would make them (no test client in between)."""

    def __init__(self, app, token: str):
        self.app, self.token = app, token

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else b""
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "5000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(data),
            "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
            "wsgi.multiprocess": True, "wsgi.run_once": False,
            "CONTENT_LENGTH": str(len(data)), "CONTENT_TYPE": "application/json",
            "HTTP_ACCEPT": "application/json", "HTTP_AUTHORIZATION": f"Bearer {self.token}",
        }
        status = []
        body_out = b"".join(self.app.wsgi_app(environ, lambda s, h, e=None: status.append(s)))
        return int(status[0].split()[0]), body_out


class Answering:
    """One learner answering unit ``UNIT`` back to back: a random text each time, a fresh
    client id (from ``new_id``), a new session when one ends."""

    def __init__(self, client: Client, texts: list[str], rng: random.Random,
                 new_id=lambda: uuid.uuid4().hex):
        self.client, self.texts, self.rng, self.new_id = client, texts, rng, new_id
        self.session = None

    def start(self) -> None:
        status, body = self.client.call("POST", "/api/v1/practice", {"unit": UNIT})
        assert status == 201, body
        self.session = json.loads(body)["session"]

    def answer(self) -> None:
        if self.session is None:
            self.start()
        status, body = self.client.call(
            "POST", f"/api/v1/practice/{self.session}/answer",
            {"text": self.rng.choice(self.texts), "client_id": self.new_id()})
        assert status == 200, body
        if json.loads(body)["next"] is None:
            self.start()


def time_steps(counter: collections.Counter) -> None:
    """Wrap each step's function to add its wall time to ``counter``."""
    import importlib

    for label, module, name in STEPS:
        owner = importlib.import_module(module)
        attr = name
        if "." in name:
            cls, attr = name.split(".")
            owner = getattr(owner, cls)
        inner = getattr(owner, attr)

        def timed(*args, _inner=inner, _label=label, **kwargs):
            start = time.perf_counter()
            try:
                return _inner(*args, **kwargs)
            finally:
                counter[_label] += time.perf_counter() - start

        setattr(owner, attr, timed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=3000)
    parser.add_argument("--pg-url", default=None,
                        help="run on this PostgreSQL database (dropped and created again)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from load import load_texts

    texts, _ = load_texts()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="quizapp-answer-turn-"))
    try:
        app, token = build_app(args.pg_url, tmp)
        client = Client(app, token)
        answer = Answering(client, texts, rng).answer
        for _ in range(300):  # warm: rubrics compiled, statements prepared
            answer()
            client.call("GET", "/healthz/live")
        n = args.answers
        cpu = time.process_time()
        for _ in range(n):
            client.call("GET", "/healthz/live")
        live = (time.process_time() - cpu) / n * 1000
        steps: collections.Counter = collections.Counter()
        cpu = time.process_time()
        for _ in range(n):
            answer()
        turn = (time.process_time() - cpu) / n * 1000
        time_steps(steps)
        wall = time.perf_counter()
        for _ in range(n):
            answer()
        wall = (time.perf_counter() - wall) / n * 1000
        db = "PostgreSQL" if args.pg_url else "SQLite"
        print(f"quizapp answer turn in-process on {db}, {n} answers of unit {UNIT}, "
              f"Python {sys.version.split()[0]}")
        print(f"  bare endpoint GET /healthz/live   {live:6.3f} ms CPU per request")
        print(f"  answer turn (incl. its starts)    {turn:6.3f} ms CPU per answer "
              f"({live / turn:.0%} of the bare endpoint's rate)")
        print(f"  where an answer's time goes (wall, with timers on: {wall:.3f} ms per answer):")
        for label, _, _ in STEPS:
            print(f"    {label:40s} {steps[label] / n * 1000:6.3f} ms")
        rest = wall - sum(steps.values()) / n * 1000  # (a start's own commit counts twice)
        print(f"    {'the rest (Flask, routing, hooks)':40s} {rest:6.3f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
