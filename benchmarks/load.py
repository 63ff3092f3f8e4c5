#!/usr/bin/env python3
"""Load benchmark: quizapp under gunicorn on loopback, on SQLite and on PostgreSQL.

    python benchmarks/load.py [--db sqlite|postgres|both] [--workers N] [--threads T]
                              [--learners 50] [--duration 20] [--no-kill] [--quick]

For each database it makes a fresh database (a temporary SQLite file; the PostgreSQL database
``quizapp_bench``, dropped and created again), migrates it, loads the question banks, creates
the learner accounts, starts gunicorn on 127.0.0.1 (a free port) and drives it with one thread
and one keep-alive connection (stdlib http.client) per simulated learner:

  login       every learner logs in (POST /auth/login) and reads the catalogue
  warm-up     3 s of answering, not shown (workers compile rubrics once each)
  ceiling     the bare endpoint GET /healthz/live (no database) back to back, same concurrency;
              GET /healthz (one SELECT 1) is shown too, for reference
  saturation  every learner answers back to back (POST /practice/<id>/answer)
  steady      every learner pauses 0.2-0.4 s (0.3 s on average) between answers
  kill        a steady phase in which gunicorn's process group (master and workers) is sent
              SIGKILL mid-run and started again on the same port; learners retry a failed
              answer with the SAME client_id until it is acknowledged (bounded)

A learner starts practice on a unit (POST /practice), answers each question with a realistic
learner text (10-60 words, from the banks' test_responses: the question's own when it has some,
else any), each with a fresh client_id, and starts a new session when the last one ends.
About 2% of acknowledged answers are sent again with the same client_id (a client retry): the
reply must carry the same answer_id.

Afterwards it reads the answers table and compares it with the acknowledged answers (2xx with an
answer_id): lost (acknowledged, not stored), duplicated (one client_id stored more than once),
and stored under another id than the one acknowledged. None is allowed.

Prints, per phase and endpoint: requests, requests/s, p50/p95/p99 latency (ms) and errors
(non-2xx or an exception), the CPU the server and the load generator used, and PASS/FAIL lines:
  - saturation: answer turns/s >= 50% of the bare endpoint's requests/s, with 0 errors;
  - steady: answer p95 <= 150 ms, with 0 errors;
  - stored answers: 0 lost, 0 duplicated (and, after the kill, every acknowledged answer
    stored exactly once).
Not a test: it prints figures. It only talks to 127.0.0.1, every loop is bounded in count and
time, and it stops the servers and threads it started on exit or Ctrl-C.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import json
import math
import os
import platform
import random
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # the only address this script talks to
PASSWORD = "bench-password-1"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/quizapp_bench"

LOGIN = "POST /api/v1/auth/login"
CATALOGUE = "GET /api/v1/catalogue"
START = "POST /api/v1/practice"
ANSWER = "POST /api/v1/practice/<id>/answer"
ANSWER_RETRY = "  answer: retry after a failure"
ANSWER_REPLAY = "  answer: same client_id again"
LIVE = "GET /healthz/live"
HEALTH = "GET /healthz"

MAX_REQUESTS_PER_PHASE = 20_000  # per learner thread: a hard bound on the request loop
RETRY_WINDOW = 60.0  # seconds a learner keeps retrying one request before giving up
REPLAY_RATE = 0.02

STOP = threading.Event()  # set on Ctrl-C / exit: every loop checks it
SERVERS: list[Server] = []


# ---------------------------------------------------------------------------------------------
# Learner texts


def load_texts(min_words: int = 10, max_words: int = 60) -> tuple[list[str], dict[str, list[str]]]:
    """Texts from the banks' test_responses with 10-60 words: all, and by question id."""
    pool: list[str] = []
    by_question: dict[str, list[str]] = defaultdict(list)

    def ok(text) -> bool:
        return isinstance(text, str) and min_words <= len(text.split()) <= max_words

    def walk(node, qid=None):
        if isinstance(node, dict):
            qid = node.get("id", qid) if isinstance(node.get("id"), str) else qid
            for key, value in node.items():
                if key == "test_responses" and isinstance(value, list):
                    for item in value:
                        text = item.get("text") if isinstance(item, dict) else None
                        if ok(text):
                            pool.append(text)
                            if qid:
                                by_question[qid].append(text)
                else:
                    walk(value, qid)
        elif isinstance(node, list):
            for item in node:
                walk(item, qid)

    for path in sorted((ROOT / "question_banks").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    if not pool:
        sys.exit("No test_responses of 10-60 words found under question_banks/.")
    return pool, dict(by_question)


# ---------------------------------------------------------------------------------------------
# Databases


@dataclass
class Database:
    kind: str  # sqlite | postgres
    url: str
    tmp: Path

    def stored_answers(self) -> list[tuple[int, int, str, datetime]]:
        """(id, user_id, client_id, created_at in UTC) of every stored answer."""
        sql = "SELECT id, user_id, client_id, created_at FROM answers"
        if self.kind == "sqlite":
            import sqlite3

            con = sqlite3.connect(self.url.removeprefix("sqlite:///"))
            try:
                rows = list(con.execute(sql))
            finally:
                con.close()
        else:
            import psycopg

            with psycopg.connect(self.url, connect_timeout=10) as con:
                rows = list(con.execute(sql))
        return [(i, u, c, _utc(at)) for i, u, c, at in rows]

    def drop(self) -> None:
        if self.kind == "postgres":
            _pg_admin(self.url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _utc(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _pg_admin(url: str, statement: str) -> None:
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=10) as con:
        con.execute(sql.SQL(statement).format(sql.Identifier(name)))


def make_database(kind: str, tmp: Path, pg_url: str) -> Database:
    if kind == "sqlite":
        return Database(kind, f"sqlite:///{tmp / 'bench.sqlite'}", tmp)
    host = pg_url.split("@")[-1].split("/")[0].split(":")[0]
    if host not in (HOST, "localhost"):
        sys.exit(f"--pg-url must point at {HOST}: got host {host!r}")
    _pg_admin(pg_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
    _pg_admin(pg_url, "CREATE DATABASE {}")
    return Database(kind, pg_url, tmp)


def server_env(db: Database) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("REDIS_URL", "GUNICORN_ACCESS_LOG", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=db.url,
        SECRET_KEY=uuid.uuid4().hex + uuid.uuid4().hex,
        QUIZAPP_DEMO="0",
        LOGIN_LIMIT_PER_ADDRESS="100000 per minute",
        LOGIN_LIMIT_PER_ACCOUNT="1000 per minute",
        PYTHONUNBUFFERED="1",
    )
    return env


CREATE_USERS = """
import sys
from quizapp import create_app
from quizapp.services.users import create_user
app = create_app()
with app.app_context():
    for name in sys.argv[2:]:
        create_user(name, sys.argv[1], "learner")
"""


def prepare(db: Database, env: dict[str, str], usernames: list[str]) -> float:
    """Migrate, load the banks, create the learners. Returns the seconds it took."""
    t0 = time.monotonic()
    flask = [sys.executable, "-m", "flask", "--app", "wsgi.py"]
    for step, cmd in (("db upgrade", flask + ["db", "upgrade"]),
                      ("banks load", flask + ["banks", "load"]),
                      ("create learners",
                       [sys.executable, "-c", CREATE_USERS, PASSWORD, *usernames])):
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            sys.exit(f"{step} failed ({db.kind}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.monotonic() - t0


# ---------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own process group, so SIGKILL to the group takes master and workers."""

    def __init__(self, env: dict[str, str], port: int, workers: int, threads: int | None,
                 log: Path, app: str = "wsgi:app"):
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.log, self.app = log, app
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.dbname: str | None = None  # PostgreSQL database, to count its backends' CPU

    def start(self, timeout: float = 60.0) -> float:
        cmd = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
               "--workers", str(self.workers), "--bind", f"{HOST}:{self.port}"]
        if self.threads:
            cmd += ["--threads", str(self.threads)]
        cmd.append(self.app)
        t0 = time.monotonic()
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        self.starts += 1
        if self not in SERVERS:
            SERVERS.append(self)
        while time.monotonic() - t0 < timeout and not STOP.is_set():
            if self.proc.poll() is not None:
                break
            if _get_ok(self.port, "/healthz") and self._all_workers_up():
                return time.monotonic() - t0
            time.sleep(0.05)
        tail = self.log.read_text(errors="replace")[-3000:]
        self.stop()
        sys.exit(f"gunicorn did not become ready on port {self.port}:\n{tail}")

    def _all_workers_up(self) -> bool:
        return len(self.pids()) >= self.workers + 1

    def pids(self) -> list[int]:
        """Processes in the server's process group (master and workers)."""
        if self.proc is None:
            return []
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                fields = stat.rpartition(")")[2].split()
                if int(fields[2]) == self.proc.pid and fields[0] != "Z":
                    pids.append(int(entry))
        return pids

    def cpu_seconds(self) -> float:
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def kill(self) -> None:
        """SIGKILL the whole process group, mid-request: no shutdown, no flush."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.02)
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=25)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None


def _get_ok(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def stop_everything() -> None:
    STOP.set()
    for server in SERVERS:
        try:
            server.stop()
        except Exception:  # noqa: BLE001  (best effort on the way out)
            pass


# ---------------------------------------------------------------------------------------------
# Recording


@dataclass
class Record:
    phase: str
    label: str
    ok: bool
    seconds: float
    end: float


@dataclass
class Learner:
    index: int
    username: str
    port: int
    texts: list[str]
    by_question: dict[str, list[str]]
    units: list[str]
    rng: random.Random
    records: list[Record] = field(default_factory=list)
    acks: dict[str, tuple[int, str]] = field(default_factory=dict)  # client_id -> (id, phase)
    replays: int = 0
    replay_mismatches: int = 0
    replay_failures: int = 0
    gave_up: int = 0
    retried_answers: int = 0
    retried_then_acked: int = 0
    retried_ids: list[str] = field(default_factory=list)  # acknowledged after a retry
    token: str | None = None
    session: str | None = None
    question: str | None = None
    conn: http.client.HTTPConnection | None = None
    phase: str = ""
    error_samples: list[str] = field(default_factory=list)

    # -- HTTP

    def fresh_connection(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)

    def call(self, method: str, path: str, label: str, body: dict | None = None):
        """One request on the keep-alive connection: (status or None, parsed JSON or None)."""
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        t0 = time.perf_counter()
        status, data = None, None
        try:
            self.conn.request(method, path, body=payload, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
            status = response.status
            if raw and response.getheader("Content-Type", "").startswith("application/json"):
                data = json.loads(raw)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            self.conn.close()  # http.client reconnects on the next request
            self._sample(f"{label}: {type(exc).__name__}: {exc}")
        t1 = time.perf_counter()
        stamp = time.monotonic()
        ok = status is not None and 200 <= status < 300
        if status is not None and not ok:
            self._sample(f"{label}: HTTP {status}: {str(data)[:200]}")
        self.records.append(Record(self.phase, label, ok, t1 - t0, stamp))
        return (status if ok else (status or 0)), data, ok

    def _sample(self, text: str) -> None:
        if len(self.error_samples) < 5:
            self.error_samples.append(f"[{self.phase}] {text}")

    def call_until_ok(self, method, path, label, body=None, retry_label=None):
        """Retry a failed request (the same body: the same client_id) with backoff, bounded."""
        deadline = time.monotonic() + RETRY_WINDOW
        attempt = 0
        while True:
            status, data, ok = self.call(method, path, label if attempt == 0 else
                                         (retry_label or label), body)
            if ok:
                return data, attempt
            if status and 400 <= status < 500 and status not in (408, 429):
                return None, attempt  # the request itself is wrong: retrying won't help
            attempt += 1
            if STOP.is_set() or time.monotonic() > deadline or attempt > 200:
                return None, attempt
            time.sleep(min(0.05 * 2 ** attempt, 0.5) * (0.5 + self.rng.random()))

    # -- the learner

    def login(self) -> bool:
        data, _ = self.call_until_ok("POST", "/api/v1/auth/login", LOGIN,
                                     {"username": self.username, "password": PASSWORD})
        if not data or "token" not in data:
            return False
        self.token = data["token"]
        self.call_until_ok("GET", "/api/v1/catalogue", CATALOGUE)
        return True

    def start_session(self) -> bool:
        unit = self.units[self.index % len(self.units)]
        data, _ = self.call_until_ok("POST", "/api/v1/practice", START, {"unit": unit})
        if not data or "session" not in data:
            return False
        self.session = data["session"]
        self.question = (data.get("turn") or {}).get("question_id")
        return True

    def pick_text(self) -> str:
        own = self.by_question.get(self.question or "")
        return self.rng.choice(own if own and self.rng.random() < 0.7 else self.texts)

    def answer_once(self) -> bool:
        if self.session is None and not self.start_session():
            return False
        client_id = uuid.uuid4().hex
        body = {"text": self.pick_text(), "client_id": client_id}
        path = f"/api/v1/practice/{self.session}/answer"
        data, retries = self.call_until_ok("POST", path, ANSWER, body, ANSWER_RETRY)
        if retries:
            self.retried_answers += 1
        if not data or "answer_id" not in data:
            self.gave_up += 1  # bounded retries ran out, or a 4xx: start a new session
            self.session = self.question = None
            return False
        if retries:
            self.retried_then_acked += 1
            self.retried_ids.append(client_id)
        self.acks[client_id] = (data["answer_id"], self.phase)
        if self.rng.random() < REPLAY_RATE:
            self.replays += 1
            again, _ = self.call_until_ok("POST", path, ANSWER_REPLAY, body)
            if not again:
                self.replay_failures += 1
            elif again.get("answer_id") != data["answer_id"]:
                self.replay_mismatches += 1
        nxt = data.get("next")
        if nxt is None:
            self.session = self.question = None
        else:
            self.question = nxt.get("question_id")
        return True

    def run_phase(self, phase: str, start: float, end: float, pause: float | None,
                  ceiling_path: str | None = None) -> None:
        self.phase = phase
        self.fresh_connection()  # idle keep-alive connections were closed by the server
        wait = start - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        label = LIVE if ceiling_path == "/healthz/live" else HEALTH
        for _ in range(MAX_REQUESTS_PER_PHASE):
            if STOP.is_set() or time.monotonic() >= end:
                break
            if ceiling_path:
                self.call("GET", ceiling_path, label)
                continue
            self.answer_once()
            if pause:
                rest = min(pause * (0.67 + 0.66 * self.rng.random()), end - time.monotonic())
                if rest > 0:
                    STOP.wait(rest)


# ---------------------------------------------------------------------------------------------
# Phases and figures


def backend_cpu(dbname: str | None) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving ``dbname`` (pid -> seconds)."""
    if not dbname:
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if not cmd.startswith("postgres:") or f" {dbname} " not in cmd:
                continue
            fields = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        found[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    return found


def backend_delta(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all processes, all cores), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@dataclass
class PhaseResult:
    name: str
    start: float  # time.monotonic() when the learners began
    end: float  # when they stopped starting new work (in-flight requests and retries finish)
    done: float  # when the last learner thread finished
    server_cpu: float | None  # CPU seconds over [start, done]
    loadgen_cpu: float
    machine_cpu: float
    db_cpu: float  # PostgreSQL backends for the bench database (0 on SQLite: in-process)
    notes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return self.end - self.start

    @property
    def wall(self) -> float:
        return self.done - self.start


def run_phase(server, learners, phase, seconds, pause=None, ceiling_path=None, during=None,
              profile: Path | None = None):
    """All learners run one phase together; ``during(start)`` runs in this thread meanwhile."""
    start = time.monotonic() + 0.3
    end = start + seconds
    threads = [threading.Thread(target=lr.run_phase, args=(phase, start, end, pause, ceiling_path),
                                daemon=True, name=f"learner-{lr.index}") for lr in learners]
    for t in threads:
        t.start()
    time.sleep(max(0.0, start - time.monotonic()))
    cpu0, own0, all0 = server.cpu_seconds(), time.process_time(), machine_busy()
    db0 = backend_cpu(server.dbname)
    profiler = start_profiler(server, seconds, profile) if profile else None
    notes = during(start) if during else []
    deadline = end + RETRY_WINDOW + 60  # every learner loop is bounded well within this
    for t in threads:
        while t.is_alive() and not STOP.is_set() and time.monotonic() < deadline:
            t.join(0.5)
    if any(t.is_alive() for t in threads) and not STOP.is_set():
        raise RuntimeError(f"{phase}: learner threads still running {deadline - end:.0f} s "
                           "after the phase ended")
    done = time.monotonic()
    if profiler is not None:
        try:
            profiler.wait(timeout=30)
        except subprocess.TimeoutExpired:
            profiler.kill()
    cpu = None if during else server.cpu_seconds() - cpu0
    return PhaseResult(phase, start, end, done, cpu, time.process_time() - own0,
                       machine_busy() - all0, backend_delta(db0, backend_cpu(server.dbname)),
                       notes or [])


def start_profiler(server, seconds: float, out: Path) -> subprocess.Popen | None:
    """py-spy (if installed) on gunicorn's master and workers, sampling CPU (idle threads
    excluded), raw folded stacks to ``out``."""
    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(exe).exists():
        print("  --profile: py-spy is not installed (pip install py-spy): no profile")
        return None
    return subprocess.Popen(
        [exe, "record", "--pid", str(server.proc.pid), "--subprocesses", "--nonblocking",
         "--rate", "100", "--duration", str(max(1, int(seconds))), "--format", "raw",
         "--output", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


PROFILE_GROUPS = (  # (label, a marker in the folded stack): a sample counts once per group
    ("token check (identify_caller)", "identify_caller (quizapp"),
    ("idempotent replay (_replay)", "_replay (quizapp"),
    ("question content and criteria (content.questions)", "questions (quizapp/services/content"),
    ("scoring: rubric compile (cache miss)", "Rubric.from_dict (quizapp"),
    ("scoring: score() (the pure scorer)", "score (quizapp/scoring/score.py"),
    ("progress tallies (add_evidence)", "add_evidence (quizapp"),
    ("progress.recompute (rows without a tally)", "recompute (quizapp"),
    ("ORM flush", "Session.flush (sqlalchemy"),
    ("commit", "Session.commit (sqlalchemy"),
    ("reply (_question_reply)", "_question_reply (quizapp"),
    ("start_practice", "start_practice (quizapp/services"),
    ("password check (login)", "check_password (quizapp"),
    ("in SQLAlchemy (any)", "sqlalchemy/"),
    ("in the DB driver (psycopg; sqlite3: SQLAlchemy's do_execute/do_commit), waits included",
     ("psycopg/", "do_execute (sqlalchemy", "do_commit (sqlalchemy",
      "do_executemany (sqlalchemy")),
    ("JSON", "json/"),
)


def print_profile(path: Path, top: int = 15) -> None:
    """Where the workers' request handling goes, from py-spy's folded stacks."""
    if not path.exists():
        print(f"  profile: nothing written to {path}")
        return
    inclusive: dict[str, int] = defaultdict(int)
    own: dict[str, int] = defaultdict(int)
    groups: dict[str, int] = defaultdict(int)
    busy = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if "handle_request (gunicorn" not in stack:
            continue  # gunicorn's own loop: accepting, polling, heartbeats
        n = int(count)
        busy += n
        frames = [f.rsplit(":", 1)[0] + ")" if f.endswith(")") else f for f in stack.split(";")]
        for name in set(frames):
            inclusive[name] += n
        own[frames[-1]] += n
        for label, marker in PROFILE_GROUPS:
            if any(m in stack for m in ((marker,) if isinstance(marker, str) else marker)):
                groups[label] += n
    if not busy:
        print("  profile: no request-handling samples")
        return
    print(f"\n  profile of the workers during saturation (py-spy, {busy} samples in request "
          "handling; % of those; a thread blocked in the DB driver still counts):")
    for label, _ in PROFILE_GROUPS:
        print(f"    {100 * groups[label] / busy:5.1f}%  {label}")
    print("    inclusive, by quizapp function:")
    mine = sorted(((v, k) for k, v in inclusive.items() if "quizapp/" in k), reverse=True)
    for v, k in mine[:top]:
        print(f"    {100 * v / busy:5.1f}%  {k}")
    print("    self (the frame on top of the stack):")
    for v, k in sorted(((v, k) for k, v in own.items()), reverse=True)[:8]:
        print(f"    {100 * v / busy:5.1f}%  {k}")


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, math.ceil(q / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


@dataclass
class Row:
    phase: str
    label: str
    requests: int
    rate: float
    p50: float
    p95: float
    p99: float
    errors: int


def rows_for(learners, results: list[PhaseResult]) -> list[Row]:
    by_key: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for lr in learners:
        for rec in lr.records:
            by_key[(rec.phase, rec.label)].append(rec)
    order = [LOGIN, CATALOGUE, LIVE, HEALTH, START, ANSWER, ANSWER_RETRY, ANSWER_REPLAY]
    rows = []
    for result in results:
        for label in order:
            recs = by_key.get((result.name, label))
            if not recs:
                continue
            lat = sorted(r.seconds * 1000 for r in recs)
            within = sum(1 for r in recs if r.end <= result.end)
            rows.append(Row(result.name, label, len(recs), within / result.seconds,
                            percentile(lat, 50), percentile(lat, 95), percentile(lat, 99),
                            sum(not r.ok for r in recs)))
    return rows


def print_table(rows: list[Row], results: list[PhaseResult]) -> None:
    print("req/s: requests completed within the phase's window / its length; latencies (ms) and "
          "errors: every request of the phase")
    head = (f"{'phase':<11} {'endpoint':<36} {'requests':>8} {'req/s':>8} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")
    print(head)
    print("-" * len(head))
    last = None
    for r in rows:
        if last is not None and r.phase != last:
            print()
        last = r.phase
        print(f"{r.phase:<11} {r.label:<36} {r.requests:>8} {r.rate:>8.1f} "
              f"{r.p50:>7.1f} {r.p95:>7.1f} {r.p99:>7.1f} {r.errors:>6}")
    print()
    for res in results:
        if res.server_cpu is not None:
            other = res.machine_cpu - res.server_cpu - res.loadgen_cpu - res.db_cpu
            pg = f"PostgreSQL {res.db_cpu / res.wall:.2f}, " if res.db_cpu else ""
            cpu = (f"server {res.server_cpu / res.wall:.2f}, {pg}load generator "
                   f"{res.loadgen_cpu / res.wall:.2f}, "
                   f"other processes {max(other, 0) / res.wall:.2f}")
        else:
            cpu = (f"load generator {res.loadgen_cpu / res.wall:.2f}, whole machine "
                   f"{res.machine_cpu / res.wall:.2f}")
        count = sum(r.requests for r in rows if r.phase == res.name)
        per = ""
        if res.server_cpu is not None and count:
            per = f"; CPU per request: server {1000 * res.server_cpu / count:.2f} ms"
            if res.db_cpu:
                per += f" + PostgreSQL {1000 * res.db_cpu / count:.2f} ms"
        print(f"  {res.name:<11} {res.wall:5.1f} s; CPU (cores busy): {cpu}{per}")
        for note in res.notes:
            print(f"              {note}")


def server_exceptions(log: Path) -> list[tuple[int, str]]:
    """Unhandled exceptions in gunicorn's log: (count, "Error: message (where)"), most first."""
    if not log.exists():
        return []
    found: dict[str, int] = defaultdict(int)
    lines = log.read_text(errors="replace").splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].startswith("Traceback"):
            i += 1
            continue
        where, mine = "", ""
        i += 1
        while i < len(lines) and (lines[i].startswith(" ") or not lines[i].strip()):
            text = lines[i].strip()
            if text.startswith("File "):
                parts = text.split('"')
                place = f"{Path(parts[1]).name if len(parts) > 1 else '?'}" + \
                        (f" {text.rsplit(' in ', 1)[-1]}" if " in " in text else "")
                where = place
                if "/quizapp/" in text:
                    mine = place
            i += 1
        if i < len(lines):
            at = f"in {where}" + (f", from {mine}" if mine and mine != where else "")
            found[f"{lines[i].strip()[:160]} ({at})"] += 1
        i += 1
    return sorted(((n, k) for k, n in found.items()), reverse=True)


def find(rows: list[Row], phase: str, label: str) -> Row | None:
    return next((r for r in rows if r.phase == phase and r.label == label), None)


def verdict(ok: bool, text: str) -> bool:
    print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return ok


def check_stored(db: Database, learners, phases: list[str]) -> tuple[bool, dict, dict]:
    acks: dict[str, tuple[int, str]] = {}
    for lr in learners:
        acks.update(lr.acks)
    rows = db.stored_answers()
    stored: dict[str, list[int]] = defaultdict(list)
    created: dict[str, datetime] = {}
    for answer_id, _user, client_id, at in rows:
        stored[client_id].append(answer_id)
        created[client_id] = at
    figures = {}
    all_ok = True
    for phase in phases + ["all"]:
        mine = {c: a for c, a in acks.items() if phase == "all" or a[1] == phase}
        if not mine:
            continue
        lost = [c for c in mine if c not in stored]
        dup = [c for c in mine if len(stored.get(c, [])) > 1]
        other_id = [c for c, (aid, _) in mine.items() if c in stored and aid not in stored[c]]
        figures[phase] = dict(acknowledged=len(mine),
                              stored=sum(1 for c in mine if c in stored),
                              lost=len(lost), duplicated=len(dup), other_id=len(other_id))
        all_ok &= not lost and not dup and not other_id
    dup_any = sum(1 for ids in stored.values() if len(ids) > 1)
    unacked = sum(1 for c in stored if c not in acks)
    figures["table"] = dict(rows=len(rows), duplicated_client_ids=dup_any,
                            never_acknowledged=unacked)
    return all_ok and dup_any == 0, figures, created


# ---------------------------------------------------------------------------------------------
# One database


def bench_database(kind: str, args, texts, by_question) -> bool:
    print(f"\n{'=' * 100}\n{kind.upper()}\n{'=' * 100}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"quizapp-load-{kind}-"))
    db = make_database(kind, tmp, args.pg_url)
    try:
        return _bench(kind, db, tmp, args, texts, by_question)
    finally:
        for server in SERVERS:
            server.stop()
        if not args.keep:
            db.drop()
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"  kept: {tmp} (gunicorn.log) and {db.url}")


def default_workers(database_url: str) -> int:
    """The worker count gunicorn.conf.py chooses for this database."""
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))["_default_workers"](database_url)


def _bench(kind: str, db: Database, tmp: Path, args, texts, by_question) -> bool:
    env = server_env(db)
    usernames = [f"bench-{kind}-{i:03d}" for i in range(args.learners)]
    setup = prepare(db, env, usernames)
    port = free_port()
    workers = args.workers or default_workers(env["DATABASE_URL"])
    server = Server(env, port, workers, args.threads, tmp / "gunicorn.log")
    server.dbname = db.url.rpartition("/")[2] if kind == "postgres" else None
    boot = server.start()
    print(f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"database {db.url}; setup (migrate, banks, {args.learners} learners) {setup:.1f} s; "
          f"gunicorn on {HOST}:{port}, {workers} workers, "
          f"{args.threads} threads, ready in {boot:.1f} s", flush=True)

    learners = [Learner(i, name, port, texts, by_question, args.units,
                        random.Random(args.seed * 1000 + i))
                for i, name in enumerate(usernames)]
    results: list[PhaseResult] = []

    # login: every learner at once
    for lr in learners:
        lr.fresh_connection()
        lr.phase = "login"
    t0, own0, cpu0, all0 = (time.monotonic(), time.process_time(), server.cpu_seconds(),
                            machine_busy())
    db0 = backend_cpu(server.dbname)
    threads = [threading.Thread(target=lr.login, daemon=True) for lr in learners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(RETRY_WINDOW * 2 + 10)
    t1 = time.monotonic()
    results.append(PhaseResult("login", t0, t1, t1, server.cpu_seconds() - cpu0,
                               time.process_time() - own0, machine_busy() - all0,
                               backend_delta(db0, backend_cpu(server.dbname))))
    if not all(lr.token for lr in learners):
        print("FAIL: not every learner could log in; samples:",
              [s for lr in learners for s in lr.error_samples][:5])
        server.stop()
        return False

    run_phase(server, learners, "warm-up", args.warmup)
    results.append(run_phase(server, learners, "ceiling", args.ceiling,
                             ceiling_path="/healthz/live"))
    results.append(run_phase(server, learners, "ceiling-db", args.ceiling / 2,
                             ceiling_path="/healthz"))
    profile = tmp / "saturation-profile.txt" if args.profile else None
    results.append(run_phase(server, learners, "saturation", args.duration, profile=profile))
    results.append(run_phase(server, learners, "steady", args.duration, pause=args.pause))

    kill_notes: dict = {}
    if args.kill:
        def killer(start: float) -> list[str]:
            when = start + args.kill_at
            while time.monotonic() < when and not STOP.is_set():
                time.sleep(0.05)
            t_kill = time.monotonic()
            kill_notes["wall"] = datetime.now(timezone.utc)
            pids = server.pids()
            server.kill()
            killed = time.monotonic()
            ready = server.start()
            kill_notes.update(pids=len(pids), at=t_kill - start,
                              down=killed - t_kill + ready)
            return [f"SIGKILL to gunicorn's process group ({len(pids)} processes: master + "
                    f"workers) at t={t_kill - start:.1f} s; restarted on port {port}, serving "
                    f"again {killed - t_kill + ready:.2f} s after the kill"]

        for lr in learners:
            lr.retried_answers = lr.retried_then_acked = lr.gave_up = 0
            lr.retried_ids = []
        results.append(run_phase(server, learners, "kill", args.duration, pause=args.pause,
                                 during=killer))

    server.stop()
    time.sleep(0.2)

    rows = rows_for(learners, results)
    print()
    print_table(rows, results)

    if profile:
        print_profile(profile)
        if not args.keep:
            kept = Path(tempfile.gettempdir()) / f"quizapp-load-{kind}-saturation-profile.txt"
            shutil.copy(profile, kept) if profile.exists() else None
            print(f"    (raw stacks copied to {kept})")

    errors = [s for lr in learners for s in lr.error_samples]
    if errors:
        print("\n  error samples (client side):")
        for s in errors[:8]:
            print("   ", s)
    crashes = server_exceptions(server.log)
    if crashes:
        print("\n  unhandled exceptions in the server's log (HTTP 500s):")
        for n, text in crashes[:8]:
            print(f"    {n} x {text}")

    print("\n  idempotent replays (same client_id sent again after a 2xx): "
          f"{sum(lr.replays for lr in learners)}, "
          f"with another answer_id: {sum(lr.replay_mismatches for lr in learners)}, "
          f"never answered (bounded retries ran out): "
          f"{sum(lr.replay_failures for lr in learners)}")

    phases = [r.name for r in results] + ["warm-up"]
    ok_stored, figures, created = check_stored(db, learners, phases)
    print("\n  stored answers against acknowledged answers (2xx with an answer_id, by client_id):")
    print(f"    {'phase':<11} {'acknowledged':>12} {'stored':>8} {'lost':>6} {'duplicated':>10} "
          f"{'stored under another id':>24}")
    for phase, f in figures.items():
        if phase == "table":
            continue
        print(f"    {phase:<11} {f['acknowledged']:>12} {f['stored']:>8} {f['lost']:>6} "
              f"{f['duplicated']:>10} {f['other_id']:>24}")
    t = figures["table"]
    print(f"    answers table: {t['rows']} rows; client_ids stored more than once: "
          f"{t['duplicated_client_ids']}; stored but never acknowledged: "
          f"{t['never_acknowledged']}")

    print("\n  targets:")
    passed = True
    live = find(rows, "ceiling", LIVE)
    sat = find(rows, "saturation", ANSWER)
    sat_errors = sum(r.errors for r in rows if r.phase == "saturation")
    if live and sat:
        share = 100 * sat.rate / live.rate
        passed &= verdict(share >= 50 and sat_errors == 0,
                          f"saturation: answer turn {sat.rate:.1f}/s = {share:.1f}% of the bare "
                          f"endpoint's {live.rate:.1f}/s (target >= 50%), errors {sat_errors} "
                          f"(target 0)")
    steady = find(rows, "steady", ANSWER)
    steady_errors = sum(r.errors for r in rows if r.phase == "steady")
    if steady:
        passed &= verdict(steady.p95 <= 150 and steady_errors == 0,
                          f"steady: {steady.rate:.1f} answers/s, p95 {steady.p95:.1f} ms "
                          f"(target <= 150 ms), errors {steady_errors} (target 0)")
    every = figures.get("all", {})
    mismatched = sum(lr.replay_mismatches for lr in learners)
    passed &= verdict(ok_stored and not mismatched,
                      f"stored: {every.get('acknowledged', 0)} acknowledged, "
                      f"{every.get('lost', 0)} lost, {t['duplicated_client_ids']} duplicated, "
                      f"{mismatched} replays with another answer_id (target 0, 0, 0)")
    if args.kill:
        k = figures.get("kill", {})
        gave_up = sum(lr.gave_up for lr in learners)
        retried = sum(lr.retried_answers for lr in learners)
        recovered = sum(lr.retried_then_acked for lr in learners)
        kill_errors = sum(r.errors for r in rows if r.phase == "kill")
        print(f"    kill test: {kill_errors} failed requests while the server was down; "
              f"{retried} answers retried with the same client_id, {recovered} of them then "
              f"acknowledged, {gave_up} given up")
        ids = [c for lr in learners for c in lr.retried_ids]
        before = sum(1 for c in ids if c in created and created[c] < kill_notes.get("wall",
                                                                               created[c]))
        print(f"    of those {len(ids)}: {before} had been committed before the kill (the reply "
              f"was lost: the retry got the stored answer back), {len(ids) - before} were "
              "stored after the restart")
        passed &= verdict(bool(k) and k["lost"] == 0 and k["duplicated"] == 0
                          and k["other_id"] == 0 and gave_up == 0,
                          f"kill: {k.get('acknowledged', 0)} acknowledged, "
                          f"{k.get('stored', 0)} stored exactly once, {k.get('lost', 0)} lost, "
                          f"{k.get('duplicated', 0)} duplicated, {gave_up} never acknowledged "
                          f"(target 0, 0, 0)")
    return passed


# ---------------------------------------------------------------------------------------------


def main() -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: gunicorn.conf.py's for the database: "
                             "one per core on SQLite, 2 x cores + 1 on PostgreSQL)")
    parser.add_argument("--threads", type=int, default=None,
                        help="gunicorn threads per worker (default: gunicorn.conf.py's)")
    parser.add_argument("--duration", type=float, default=20.0,
                        help="seconds of the saturation, steady and kill phases")
    parser.add_argument("--ceiling", type=float, default=10.0,
                        help="seconds of the bare-endpoint phase")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--pause", type=float, default=0.3,
                        help="mean pause between a steady learner's answers")
    parser.add_argument("--kill", action=argparse.BooleanOptionalAction, default=True,
                        help="the SIGKILL-and-restart phase (on by default)")
    parser.add_argument("--kill-at", type=float, default=7.0,
                        help="seconds into the kill phase when the server is killed")
    parser.add_argument("--units", default="ICS-L1.U3",
                        help="comma-separated unit ids the learners practise (round robin)")
    parser.add_argument("--pg-url", default=PG_DEFAULT,
                        help="PostgreSQL database to drop, create and use (on 127.0.0.1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true",
                        help="py-spy the workers during the saturation phase and print where "
                             "the time goes (pip install py-spy)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary files and the PostgreSQL database")
    parser.add_argument("--quick", action="store_true",
                        help="short phases (6 s) for trying the script out")
    args = parser.parse_args()
    args.units = [u.strip() for u in args.units.split(",") if u.strip()]
    if args.threads is None:
        args.threads = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["threads"]
    if args.quick:
        args.duration, args.ceiling, args.warmup, args.kill_at = 6.0, 4.0, 1.0, 2.0
    if args.kill and args.kill_at >= args.duration:
        parser.error("--kill-at must be less than --duration")

    atexit.register(stop_everything)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    texts, by_question = load_texts()
    print(f"quizapp load benchmark: {args.learners} learners (one thread and one keep-alive "
          f"connection each), {cores} cores, Python {platform.python_version()}, "
          f"gunicorn gthread, {args.workers or 'gunicorn.conf.py'} workers x {args.threads} "
          f"threads; "
          f"phases: ceiling {args.ceiling:g} s, "
          f"saturation/steady/kill {args.duration:g} s, steady pause {args.pause:g} s; "
          f"{len(texts)} learner texts of 10-60 words; unit(s) {', '.join(args.units)}")
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = {}
    try:
        for kind in kinds:
            results[kind] = bench_database(kind, args, texts, by_question)
    except KeyboardInterrupt:
        print("\ninterrupted: stopping the servers")
        return 130
    finally:
        stop_everything()
    print("\nsummary: " + ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
