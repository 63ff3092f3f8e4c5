#!/usr/bin/env python3
"""Load benchmark: learners log in, start practice and answer over the JSON API, under gunicorn.

    python benchmarks/load.py [--tree NAME=PATH ...] [--db sqlite|postgres|both] [--quick]

What it measures, how to read it and the figures: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HOST = "127.0.0.1"  # the only address this script talks to
PASSWORD = "bench-password-1"
PG_URL = "postgresql://postgres@127.0.0.1:5432/quizapp_bench"
RETRY_FOR = 120.0  # seconds a learner retries one request (same body, same client_id)
MAX_LOOPS = 50_000  # per learner and phase: a bound on every request loop
STOP = threading.Event()
SERVERS: list[Server] = []
CREATE_USERS = """
import sys, quizapp
from quizapp import create_app
from quizapp.services.users import create_user
with create_app().app_context():
    for name in sys.argv[2:]:
        create_user(name, sys.argv[1], "learner")
print(quizapp.__file__)
"""


def learner_texts(tree: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Texts of 10-60 words from the banks' test_responses: all of them, and by question id."""
    texts: list[str] = []
    by_question: dict[str, list[str]] = defaultdict(list)

    def walk(node, qid=None):
        if isinstance(node, list):
            for item in node:
                walk(item, qid)
        elif isinstance(node, dict):
            qid = node["id"] if isinstance(node.get("id"), str) else qid
            for item in node.get("test_responses") or []:
                text = item.get("text") if isinstance(item, dict) else None
                if isinstance(text, str) and 10 <= len(text.split()) <= 60:
                    texts.append(text)
                    by_question[qid].append(text)
            for key, value in node.items():
                if key != "test_responses":
                    walk(value, qid)

    for path in sorted((tree / "question_banks").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts, dict(by_question)


# --- databases and servers -----------------------------------------------------------------


def fresh_database(kind: str, tmp: Path, pg_url: str) -> str:
    """A new SQLite file in ``tmp``, or the PostgreSQL database dropped and created again."""
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'bench.sqlite'}"
    import psycopg
    from psycopg import sql

    base, _, name = pg_url.rpartition("/")
    if base.rpartition("@")[2].split(":")[0] not in (HOST, "localhost"):
        sys.exit(f"--pg-url must be on {HOST}")
    with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=10) as con:
        con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return pg_url


def stored_answers(url: str) -> list[tuple[int, str]]:
    """(id, client_id) of every row in the answers table."""
    query = "SELECT id, client_id FROM answers"
    if url.startswith("sqlite"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return list(con.execute(query))
        finally:
            con.close()
    import psycopg

    with psycopg.connect(url, connect_timeout=10) as con:
        return list(con.execute(query))


def prepare(tree: Path, env: dict[str, str], usernames: list[str]) -> None:
    """Migrate, load the banks and create the learners, with the tree's own code."""
    flask = [sys.executable, "-m", "flask", "--app", "wsgi.py"]
    for cmd in (flask + ["db", "upgrade"], flask + ["banks", "load"],
                [sys.executable, "-c", CREATE_USERS, PASSWORD, *usernames]):
        done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, timeout=600,
                              check=False)
        if done.returncode:
            sys.exit(f"{' '.join(cmd[:5])} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    served = Path(done.stdout.strip().splitlines()[-1]).resolve()
    if not served.is_relative_to(tree):
        sys.exit(f"the tree {tree} imported quizapp from {served}: check PYTHONPATH")


class Server:
    """gunicorn with the tree's gunicorn.conf.py, in its own process group (for SIGKILL)."""

    def __init__(self, tree: Path, env: dict[str, str], port: int, log: Path):
        self.tree, self.env, self.port, self.log = tree, env, port, log
        self.proc: subprocess.Popen | None = None
        SERVERS.append(self)

    def start(self) -> float:
        """Start and wait (at most 60 s) until GET /healthz answers; returns the seconds."""
        t0 = time.monotonic()
        cmd = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
               "--bind", f"{HOST}:{self.port}", "wsgi:app"]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=self.tree, env=self.env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        while time.monotonic() - t0 < 60 and self.proc.poll() is None:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return time.monotonic() - t0
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        sys.exit(f"gunicorn did not start:\n{self.log.read_text(errors='replace')[-2000:]}")

    def cpu(self) -> float:
        """CPU seconds used so far by the live processes of the group (master and workers)."""
        total, tick = 0.0, os.sysconf("SC_CLK_TCK")
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if self.proc and int(fields[2]) == self.proc.pid:
                total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=25)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- learners ------------------------------------------------------------------------------


class Learner:
    """One simulated learner: one thread, one keep-alive connection, one bearer token."""

    def __init__(self, name: str, port: int, unit: str, texts, by_question, seed: int):
        self.name, self.unit, self.texts, self.by_question = name, unit, texts, by_question
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.rng = random.Random(seed)
        self.token = self.session = self.turn = None
        self.phase = "login"
        self.records: list[tuple[str, str, float, bool, float]] = []  # phase, what, s, ok, end
        self.acked: dict[str, int] = {}  # client_id -> answer_id of every 200 reply
        self.replays = self.replay_mismatches = self.gave_up = 0
        self.samples: list[str] = []

    def call(self, method: str, path: str, what: str, body: dict | None = None):
        """One request; returns (HTTP status or 0 on a broken connection, JSON reply or None)."""
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        t0, status, data = time.perf_counter(), 0, None
        try:
            self.conn.request(method, path, json.dumps(body) if body else None, headers)
            response = self.conn.getresponse()
            status, raw = response.status, response.read()
            data = json.loads(raw) if raw.startswith(b"{") else None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            self.conn.close()  # http.client opens a new connection on the next request
            data = f"{type(exc).__name__}: {exc}"
        ok = 200 <= status < 300
        self.records.append((self.phase, what, time.perf_counter() - t0, ok, time.monotonic()))
        if not ok and len(self.samples) < 3:
            self.samples.append(f"{self.phase} {what}: {status} {str(data)[:160]}")
        return status, data if isinstance(data, dict) else None

    def until_ok(self, method: str, path: str, what: str, body: dict | None = None):
        """The same request again (with backoff, for at most RETRY_FOR s) until a 2xx reply;
        a 4xx other than 408/429 is final. Returns the reply, or None."""
        deadline = time.monotonic() + RETRY_FOR
        for attempt in range(200):
            status, data = self.call(method, path, what if not attempt else what + " (retry)",
                                     body)
            if 200 <= status < 300:
                return data or {}
            if 400 <= status < 500 and status not in (408, 429) or STOP.is_set() \
                    or time.monotonic() > deadline:
                return None
            time.sleep(min(0.05 * 2 ** attempt, 0.5) * (0.5 + self.rng.random()))
        return None

    def login(self) -> None:
        data = self.until_ok("POST", "/api/v1/auth/login", "login",
                             {"username": self.name, "password": PASSWORD})
        self.token = (data or {}).get("token")

    def answer(self) -> None:
        """Start a session if none is open, answer its current question, keep the next turn."""
        if self.session is None:
            data = self.until_ok("POST", "/api/v1/practice", "start", {"unit": self.unit})
            if not data or "session" not in data:
                return
            self.session, self.turn = data["session"], data.get("turn")
        turn = self.turn or {}
        own = self.by_question.get(turn.get("question_id"))
        body = {"text": self.rng.choice(own or self.texts), "client_id": uuid.uuid4().hex}
        if turn.get("question_id"):
            body["question_id"] = turn["question_id"]  # the turn being answered
        path = f"/api/v1/practice/{self.session}/answer"
        data = self.until_ok("POST", path, "answer", body)
        if not data or "answer_id" not in data:
            self.gave_up += 1
            self.session = None
            return
        self.acked[body["client_id"]] = data["answer_id"]
        if self.rng.random() < 0.02:  # a client retry: the same answer_id must come back
            self.replays += 1
            again = self.until_ok("POST", path, "answer (same client_id)", body)
            self.replay_mismatches += (again or {}).get("answer_id") != data["answer_id"]
        self.turn = data.get("next")
        if not self.turn:
            self.session = None

    def run(self, phase: str, start: float, end: float, interval: float | None,
            path: str | None) -> None:
        """Until ``end``: GET ``path`` back to back, or answer back to back (no ``interval``)
        or one answer per ``interval`` seconds (late answers go at once, never in a burst)."""
        self.phase = phase
        self.conn.close()  # the server may have closed the idle keep-alive connection
        time.sleep(max(0.0, start - time.monotonic()))
        due = start + self.rng.random() * (interval or 0)
        for _ in range(MAX_LOOPS):
            now = time.monotonic()
            if STOP.is_set() or now >= end:
                return
            if path:
                self.call("GET", path, path)
                continue
            if interval:
                if due > now:
                    STOP.wait(min(due, end) - now)
                    continue
                due = max(due + interval, now)
            self.answer()


# --- phases, figures, audit ----------------------------------------------------------------


def run_phase(learners, server, phase, seconds, interval=None, path=None, during=None) -> dict:
    """All learners together for ``seconds``; ``during(start)`` runs meanwhile (the kill)."""
    start = time.monotonic() + 0.2
    end = start + seconds
    threads = [threading.Thread(target=lr.run, args=(phase, start, end, interval, path),
                                daemon=True) for lr in learners]
    for t in threads:
        t.start()
    time.sleep(max(0.0, start - time.monotonic()))
    cpu0, own0, busy0 = server.cpu(), time.process_time(), machine_busy()
    if during:
        during(start)
    for t in threads:
        t.join(seconds + RETRY_FOR + 30)  # each loop is bounded well within this
    cpu = float("nan") if during else server.cpu() - cpu0  # a restart resets the counters
    wall = time.monotonic() - start
    other = (machine_busy() - busy0 - cpu - (time.process_time() - own0)) / wall
    return {"phase": phase, "start": start, "end": end, "cpu": cpu, "other": other}


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy, all cores (from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split(maxsplit=11)[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def figures(learners, phases: list[dict], what: str) -> dict:
    """Over one or more phases: requests, rate (those that ended inside a phase / the phases'
    length), latency, errors, server CPU per request, the other processes' cores."""
    spans = {p["phase"]: (p["start"], p["end"]) for p in phases}
    recs = [r for lr in learners for r in lr.records if r[0] in spans and r[1].startswith(what)]
    lat = sorted(r[2] * 1000 for r in recs)
    cuts = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else [0.0] * 99
    inside = sum(spans[r[0]][0] <= r[4] <= spans[r[0]][1] for r in recs)
    seconds = sum(end - start for start, end in spans.values())
    return {"n": len(recs), "rate": inside / seconds, "p50": cuts[49], "p95": cuts[94],
            "p99": cuts[98], "errors": sum(not r[3] for r in recs),
            "cpu_ms": 1000 * sum(p["cpu"] for p in phases) / max(len(recs), 1),
            "other": sum(p["other"] * (p["end"] - p["start"]) for p in phases) / seconds}


def audit(learners, url: str) -> dict:
    """Every client_id that got a 200 stored exactly once, under the answer_id it was given."""
    acked = {c: a for lr in learners for c, a in lr.acked.items()}
    rows = stored_answers(url)
    count = Counter(c for _, c in rows)
    ids = {(i, c) for i, c in rows}
    return {"acknowledged": len(acked), "lost": sum(c not in count for c in acked),
            "duplicated": sum(n > 1 for n in count.values()),
            "other_id": sum(c in count and (a, c) not in ids for c, a in acked.items()),
            "replay_mismatches": sum(lr.replay_mismatches for lr in learners),
            "gave_up": sum(lr.gave_up for lr in learners)}


def bench(tree_name: str, tree: Path, kind: str, args) -> dict:
    """One tree on one database: fresh database, gunicorn, the phases, the audit."""
    tmp = Path(tempfile.mkdtemp(prefix=f"quizapp-load-{tree_name}-{kind}-"))
    url = fresh_database(kind, tmp, args.pg_url)
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_ACCESS_LOG")}
    env.update(PYTHONPATH=str(tree), DATABASE_URL=url, SECRET_KEY=uuid.uuid4().hex * 2,
               QUIZAPP_DEMO="0", LOGIN_LIMIT_PER_ADDRESS="100000 per minute",
               LOGIN_LIMIT_PER_ACCOUNT="1000 per minute")
    names = [f"bench-{i:03d}" for i in range(args.learners)]
    prepare(tree, env, names)
    texts, by_question = learner_texts(tree)
    server = Server(tree, env, free_port(), tmp / "gunicorn.log")
    boot = server.start()
    print(f"\n== {tree_name} ({tree}) on {kind}: gunicorn on {HOST}:{server.port}, ready in "
          f"{boot:.1f} s; load average {Path('/proc/loadavg').read_text().split()[0]}", flush=True)
    learners = [Learner(n, server.port, args.unit, texts, by_question, i)
                for i, n in enumerate(names)]
    threads = [threading.Thread(target=lr.login, daemon=True) for lr in learners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(RETRY_FOR + 10)
    if not all(lr.token for lr in learners):
        sys.exit(f"not every learner logged in: {[s for lr in learners for s in lr.samples]}")
    s = args.seconds
    interval = args.learners / args.rate
    run_phase(learners, server, "warm-up", 3)
    health, answers = [], []
    for k in range(args.slices):  # alternating, so that both see the machine's drift
        health.append(run_phase(learners, server, f"healthz-{k}", s / 2 / args.slices,
                                path="/healthz"))
        answers.append(run_phase(learners, server, f"back-to-back-{k}", s / args.slices))
    steady = run_phase(learners, server, "steady", s, interval=interval)
    killed = {}

    def kill(start: float) -> None:
        STOP.wait(max(0.0, start + s / 3 - time.monotonic()))
        t0 = time.monotonic()
        server.stop(signal.SIGKILL)
        killed["down"] = time.monotonic() - t0 + server.start()

    kill_phase = run_phase(learners, server, "kill", s, interval=interval, during=kill) \
        if args.kill else None
    server.stop()
    result = {"tree": tree_name, "db": kind, "audit": audit(learners, url),
              "healthz": figures(learners, health, "/healthz"),
              "b2b": figures(learners, answers, "answer"),
              "steady": figures(learners, [steady], "answer"),
              "steady_all": figures(learners, [steady], ""),
              "kill": figures(learners, [kill_phase], "answer") if kill_phase else None,
              "down": killed.get("down"), "samples": [x for lr in learners for x in lr.samples]}
    report(result)
    if not args.keep:
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()
    return result


def report(r: dict) -> None:
    print(f"{'phase':<26}{'requests':>9}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
          f"{'errors':>7}{'server CPU ms/req':>19}{'other cores':>12}")
    rows = [("GET /healthz", r["healthz"]), ("answer, back to back", r["b2b"]),
            ("answer, steady", r["steady"]),
            ("answer, kill", r["kill"])]
    for label, f in rows:
        if f:
            print(f"{label:<26}{f['n']:>9}{f['rate']:>9.1f}{f['p50']:>8.1f}{f['p95']:>8.1f}"
                  f"{f['p99']:>8.1f}{f['errors']:>7}{f['cpu_ms']:>19.2f}{f['other']:>12.2f}")
    health = r["healthz"]["rate"]
    r["ratio"] = health / max(r["b2b"]["rate"], 1e-9)
    limit = 5.5 if r["db"] == "sqlite" else 10
    a = r["audit"]
    steady_errors = r["steady_all"]["errors"]
    print(f"an answer costs {r['ratio']:.2f} healthz ({health:.0f}/s against "
          f"{r['b2b']['rate']:.0f} answers/s; target <= {limit}); steady {r['steady']['rate']:.0f}"
          f" answers/s, p95 {r['steady']['p95']:.1f} ms (target <= 150), errors {steady_errors}")
    if r["down"] is not None:
        print(f"kill: SIGKILL to gunicorn's process group, serving again {r['down']:.2f} s later;"
              f" {r['kill']['errors']} failed requests while it was down, retried")
    print(f"audit: {a['acknowledged']} acknowledged, {a['lost']} lost, {a['duplicated']} client_ids"
          f" stored twice, {a['other_id']} under another answer_id, {a['replay_mismatches']} "
          f"replays with another answer_id, {a['gave_up']} answers given up (target all 0)")
    for sample in r["samples"][:4]:
        print("  sample error:", sample)


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", action="append", default=[], metavar="NAME=PATH",
                    help="a source tree to serve (repeatable; default: this checkout)")
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--learners", type=int, default=50)
    ap.add_argument("--rate", type=float, default=150.0, help="answers/s of the steady phase")
    ap.add_argument("--seconds", type=float, default=20.0, help="length of each answer phase")
    ap.add_argument("--rounds", type=int, default=1, help="repeat every tree and database")
    ap.add_argument("--slices", type=int, default=4,
                    help="healthz and back-to-back answers alternate this many times")
    ap.add_argument("--unit", default="ICS-L1.U3")
    ap.add_argument("--pg-url", default=PG_URL)
    ap.add_argument("--kill", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directories")
    ap.add_argument("--quick", action="store_true", help="6 s phases, to try the script out")
    args = ap.parse_args()
    if args.quick:
        args.seconds = 6.0
    trees = [(n, Path(p).resolve()) for n, _, p in (t.partition("=") for t in args.tree)] \
        or [("this", root)]
    atexit.register(lambda: (STOP.set(), [s.stop() for s in SERVERS]))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"{args.learners} learners, {os.cpu_count()} cores, unit {args.unit}, phases of "
          f"{args.seconds:g} s, steady target {args.rate:g} answers/s, trees "
          f"{', '.join(n for n, _ in trees)}", flush=True)
    results = []
    for _ in range(args.rounds):
        for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
            results += [bench(name, tree, kind, args) for name, tree in trees]
    print(f"\n{'tree':<14}{'db':<10}{'healthz/s':>10}{'answers/s':>10}{'ratio':>7}"
          f"{'steady/s':>9}{'p95 ms':>8}{'errors':>7}{'acked':>7}{'lost':>5}{'dup':>5}")
    for r in results:
        a = r["audit"]
        print(f"{r['tree']:<14}{r['db']:<10}{r['healthz']['rate']:>10.0f}"
              f"{r['b2b']['rate']:>10.0f}{r['ratio']:>7.2f}{r['steady']['rate']:>9.0f}"
              f"{r['steady']['p95']:>8.1f}{r['steady_all']['errors']:>7}{a['acknowledged']:>7}"
              f"{a['lost']:>5}{a['duplicated']:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
