#!/usr/bin/env python3
"""The floor under the answer turn: what its cheapest slices reach beside the bare endpoint.

    python benchmarks/floor.py [--db sqlite|postgres|both] [--seconds 6] [--rounds 3]

Issue 8's saturation target asks the answer turn for at least 50% of the throughput of
``GET /healthz/live`` (a Flask request that does nothing), under gunicorn on 2 cores shared with
the load generator. This script asks how much of that budget an answer turn would use even if it
did only the least that any answer turn must do. It serves the real app (``create_app()``, every
hook and extension as in production) plus benchmark-only endpoints (``benchmarks/floor_app.py``),
and drives each with the same 50 learners as ``load.py`` (one thread and keep-alive connection
each, the same learner texts, JSON bodies with a fresh client id):

| endpoint | what it does |
| --- | --- |
| ``GET /healthz/live`` | nothing: the bare endpoint |
| ``POST /floor/echo`` | read the answer's JSON, reply JSON |
| ``POST /floor/score`` | read, mark with the real scorer and a real rubric, reply the marks |
| ``POST /floor/store`` | read, one INSERT in its own transaction on a kept DB-API connection (no pool, no ORM, no token check), reply |
| ``POST /floor/turn`` | read, mark, one INSERT of the answer with its marks, reply: the floor of an answer turn |
| ``POST /floor/authed`` | the token check (one indexed read), then as ``/floor/turn`` |
| ``POST .../answer`` | the real answer turn (token check, session, progress, idempotency) |

Each runs back to back for ``--seconds``, right after a run of the bare endpoint (whose rate
drifts by 10-20% between runs on this machine), in ``--rounds`` rounds; the script prints
requests/s, the share of the bare endpoint's rate measured just before, CPU per request of the
server, PostgreSQL and the load generator, and the median share of each endpoint. Not a
test: it prints figures. It only talks to 127.0.0.1 and its loops are bounded in count and time.
"""

from __future__ import annotations

import argparse
import atexit
import os
import platform
import random
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floor_app  # noqa: E402  (the /floor endpoints)
import load  # noqa: E402  (the load benchmark's server, learners and figures)

ENDPOINTS = [
    ("bare", "GET", "/healthz/live"),
    ("echo", "POST", "/floor/echo"),
    ("score", "POST", "/floor/score"),
    ("store", "POST", "/floor/store"),
    ("turn", "POST", "/floor/turn"),
    ("authed", "POST", "/floor/authed"),
    ("answer", "POST", None),  # the real answer turn
]


def drive(lr: load.Learner, name: str, method: str, path: str | None, start: float,
          end: float) -> None:
    lr.phase = name
    lr.fresh_connection()
    time.sleep(max(0.0, start - time.monotonic()))
    for _ in range(load.MAX_REQUESTS_PER_PHASE):
        if load.STOP.is_set() or time.monotonic() >= end:
            break
        if path is None:
            lr.answer_once()
        elif method == "GET":
            lr.call("GET", path, name)
        else:
            lr.call(method, path, name, {"text": lr.pick_text(), "client_id": uuid.uuid4().hex})


def measure(server: load.Server, learners, name: str, method: str, path: str | None,
            seconds: float) -> dict:
    for lr in learners:
        lr.records = []
    start = time.monotonic() + 0.3
    end = start + seconds
    threads = [threading.Thread(target=drive, args=(lr, name, method, path, start, end),
                                daemon=True) for lr in learners]
    for t in threads:
        t.start()
    time.sleep(max(0.0, start - time.monotonic()))
    cpu0, own0, db0 = server.cpu_seconds(), time.process_time(), load.backend_cpu(server.dbname)
    for t in threads:
        t.join(end - time.monotonic() + load.RETRY_WINDOW + 30)
    wall = time.monotonic() - start
    server_cpu, own = server.cpu_seconds() - cpu0, time.process_time() - own0
    db_cpu = load.backend_delta(db0, load.backend_cpu(server.dbname))
    label = load.ANSWER if path is None else name
    records = [r for lr in learners for r in lr.records]
    count = max(1, len(records))
    return {
        "rate": sum(1 for r in records if r.label == label and r.end <= end) / seconds,
        "errors": sum(not r.ok for r in records),
        "server": 1000 * server_cpu / count,
        "postgres": 1000 * db_cpu / count,
        "loadgen": 1000 * own / count,
        "busy": (server_cpu + own + db_cpu) / wall,
    }


def bench(kind: str, args, texts, by_question) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=f"quizapp-floor-{kind}-"))
    db = load.make_database(kind, tmp, args.pg_url.replace("quizapp_bench", "quizapp_floor"))
    try:
        env = load.server_env(db)
        usernames = [f"floor-{kind}-{i:03d}" for i in range(args.learners)]
        load.prepare(db, env, usernames)
        floor_app.create_table(db.url)
        workers = args.workers or load.default_workers(env["DATABASE_URL"])
        server = load.Server(env, load.free_port(), workers, None, tmp / "gunicorn.log",
                             app="benchmarks.floor_app:create()")
        server.dbname = db.url.rpartition("/")[2] if kind == "postgres" else None
        server.start()
        learners = [load.Learner(i, name, server.port, texts, by_question, [args.unit],
                                 random.Random(args.seed * 1000 + i))
                    for i, name in enumerate(usernames)]
        for lr in learners:
            lr.fresh_connection()
        threads = [threading.Thread(target=lr.login, daemon=True) for lr in learners]
        for t in threads:
            t.start()
        for t in threads:
            t.join(load.RETRY_WINDOW * 2 + 10)
        if not all(lr.token for lr in learners):
            sys.exit("not every learner could log in")
        for name, method, path in ENDPOINTS:  # warm: rubrics compiled, statements prepared
            measure(server, learners, name, method, path, 1.0)
        print(f"\n{kind.upper()}: gunicorn {workers} workers (gunicorn.conf.py), "
              f"{args.learners} learners, {args.seconds:g} s per endpoint, {args.rounds} rounds")
        head = (f"{'round':>5} {'endpoint':<8} {'req/s':>8} {'of bare':>8} {'errors':>6} "
                f"{'server ms/req':>13} {'PG ms/req':>9} {'loadgen ms/req':>14} "
                f"{'cores busy':>10}")
        print(head)
        print("-" * len(head))
        shares: dict[str, list[float]] = {}
        for round_ in range(1, args.rounds + 1):
            for name, method, path in ENDPOINTS:
                # the bare endpoint right before each endpoint: its rate drifts between phases
                bare = measure(server, learners, "bare", "GET", "/healthz/live", args.seconds)
                m = bare if name == "bare" else measure(server, learners, name, method, path,
                                                        args.seconds)
                share = m["rate"] / bare["rate"] if bare["rate"] else float("nan")
                shares.setdefault(name, []).append(share)
                print(f"{round_:>5} {name:<8} {m['rate']:>8.1f} {share:>8.1%} "
                      f"{m['errors']:>6} {m['server']:>13.2f} {m['postgres']:>9.2f} "
                      f"{m['loadgen']:>14.2f} {m['busy']:>10.2f}", flush=True)
        print("  share of the bare endpoint's rate, each measured right after it; median of "
              f"{args.rounds} rounds: " + ", ".join(
                  f"{name} {statistics.median(values):.0%}" for name, values in shares.items()
                  if name != "bare"))
        server.stop()
        samples = [s for lr in learners for s in lr.error_samples]
        if samples:
            print("  error samples (client side):")
            for sample in samples[:8]:
                print("   ", sample)
        crashes = load.server_exceptions(server.log)
        for n, text in crashes[:8]:
            print(f"  {n} x {text} (unhandled, in the server's log)")
    finally:
        if not args.keep:
            db.drop()
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--unit", default="ICS-L1.U3")
    parser.add_argument("--pg-url", default=load.PG_DEFAULT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    atexit.register(load.stop_everything)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    texts, by_question = load.load_texts()
    print(f"quizapp floor benchmark: {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, gunicorn gthread, load generator on the same machine")
    for kind in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        bench(kind, args, texts, by_question)
    return 0


if __name__ == "__main__":
    sys.exit(main())
