#!/usr/bin/env python3
"""Instructions per request, counted by valgrind: the answer turn beside the bare endpoint.

    python benchmarks/instructions.py [--requests 200] [--jobs 2] [--floor]

Wall and CPU time on a shared machine move by 15% or more from one run to the next, so small
changes to the answer turn can't be told apart with them. valgrind's callgrind tool counts the
instructions a process executes instead: the same code, inputs and environment give the same
count whatever else the machine is doing (it runs about 50 times slower, so this takes a few
minutes).

It builds a fresh SQLite database (migrated, the banks loaded, one learner with an API token),
then, for the bare endpoint (``GET /healthz/live``) and for the answer turn (answers to unit
ICS-L1.U3 with the benchmark's learner texts, a new session when one ends, as in
``answer_turn.py``), runs the app in-process under callgrind twice: with N requests after a
warm-up and with none. The difference divided by N is the count per request: start-up and
warm-up cancel out. With ``--floor`` it also counts the cheapest slices of an answer turn
(``floor_app.py``, as served by ``floor.py``): echo, score, one INSERT, score and INSERT, and
that with the token check. The texts, the client ids and the random draws are seeded, so a run is
repeatable. User-space instructions only: the kernel's work (sockets, writing the WAL) is not in
them, nor is gunicorn's (the app is called as a WSGI function), nor PostgreSQL's. Not a test:
it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

WARM = 60
# the app's endpoints, and the /floor slices of an answer turn (benchmarks/floor_app.py)
FLOOR = ("echo", "score", "store", "turn", "authed")
MODES = ("bare", *FLOOR, "answer")


def child(db_file: str, token: str, texts_file: str, mode: str, n: int) -> None:
    """Under valgrind: the app on a copy of the database, a warm-up, then ``n`` requests."""
    work = f"{db_file}.{os.getpid()}"
    shutil.copy(db_file, work)
    os.environ["DATABASE_URL"] = f"sqlite:///{work}"
    os.environ["QUIZAPP_DEMO"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-" + "k" * 32)
    import floor_app
    from answer_turn import Answering, Client

    from quizapp import create_app

    texts = json.loads(Path(texts_file).read_text())
    ids = random.Random(7)
    new_id = lambda: uuid.UUID(int=ids.getrandbits(128)).hex  # noqa: E731
    client = Client(floor_app.register(create_app()), token)
    answer = Answering(client, texts, random.Random(1), new_id=new_id).answer
    pick = random.Random(2)

    def bare():
        status, _ = client.call("GET", "/healthz/live")
        assert status == 200

    def floor(name: str):
        def run():
            status, body = client.call("POST", f"/floor/{name}",
                                       {"text": pick.choice(texts), "client_id": new_id()})
            assert status == 200, body
        return run

    runs = {"bare": bare, "answer": answer, **{name: floor(name) for name in FLOOR}}
    for _ in range(WARM):  # the same warm-up whatever the mode: one baseline run serves all
        for warm in runs.values():
            warm()
    run = runs[mode]
    for _ in range(n):
        run()
    for suffix in ("", "-wal", "-shm"):
        Path(work + suffix).unlink(missing_ok=True)


def count(args: list[str], tmp: Path) -> int:
    """Instructions executed by this script as a child with ``args``, under callgrind."""
    out = tmp / f"callgrind.{uuid.uuid4().hex}"
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
         __file__, "--child", *args], capture_output=True, text=True, timeout=3600)
    if done.returncode:
        sys.exit(f"the child failed:\n{done.stderr[-3000:]}")
    found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M)
    out.unlink()
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2, help="valgrind runs at once")
    parser.add_argument("--floor", action="store_true",
                        help="also the /floor slices of an answer turn (benchmarks/floor_app.py)")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db_file, token, texts_file, mode, n = args.child
        child(db_file, token, texts_file, mode, int(n))
        return 0
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    from answer_turn import build_app
    from load import load_texts

    tmp = Path(tempfile.mkdtemp(prefix="quizapp-instructions-"))
    try:
        app, token = build_app(None, tmp)
        from quizapp.extensions import db

        with app.app_context():  # the last connection closed checkpoints the WAL into the file
            db.engine.dispose()
        db_file = str(tmp / "answer-turn.sqlite")
        import floor_app

        floor_app.create_table(f"sqlite:///{db_file}")
        texts_file = tmp / "texts.json"
        texts_file.write_text(json.dumps(load_texts()[0]))
        n = args.requests
        modes = MODES if args.floor else ("bare", "answer")
        runs = [("bare", 0)] + [(mode, n) for mode in modes]  # the warm-up is the same for all
        with ThreadPoolExecutor(args.jobs) as pool:
            counts = dict(zip(runs, pool.map(
                lambda run: count([db_file, token, str(texts_file), run[0], str(run[1])], tmp),
                runs)))
        per = {mode: (counts[(mode, n)] - counts[("bare", 0)]) / n for mode in modes}
        print(f"quizapp instructions per request (callgrind, in-process, SQLite, Python "
              f"{sys.version.split()[0]}; {n} requests after {WARM} warm-up rounds)")
        labels = {"bare": "bare endpoint GET /healthz/live",
                  "answer": "answer turn (incl. its starts)",
                  **{name: f"POST /floor/{name}" for name in FLOOR}}
        for mode in modes:
            print(f"  {labels[mode]:<33} {per[mode] / 1e6:7.3f} M "
                  f"({per['bare'] / per[mode]:.0%} of the bare endpoint's rate, in-process)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
