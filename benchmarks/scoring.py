#!/usr/bin/env python3
"""Throughput of quizapp.scoring, with a naive baseline measured in the same run.

    python benchmarks/scoring.py [--answers N] [--dev ../shared/eval/dev]

Prints answers per second (one core) for:
  1. score() on a 10-concept rubric with ~80-word answers (distinct answers, so word caches are
     only as warm as real traffic would make them; a second, warm pass is shown too);
  2. the naive baseline: rapidfuzz fuzz.partial_ratio of every phrasing against the whole answer;
  3. the JSONL CLI (python -m quizapp.scoring), start-up included, on the largest dev file,
     and the start-up alone (an empty input).
Not a test: it prints figures. Target: >= 5,000 answers/s for 1 and 3.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizapp.scoring import Rubric, score  # noqa: E402

RUBRIC = {
    "concepts": [
        {"id": "listen", "label": "Listen carefully", "phrasings": ["listen* carefully|closely",
                                                                    "pay* attention"]},
        {"id": "no-interrupt", "label": "Do not interrupt", "phrasings": ["don't interrupt",
                                                                          "let them finish"]},
        {"id": "apologise", "label": "Apologise", "phrasings": ["apologise", "say sorry"]},
        {"id": "calm", "label": "Stay calm", "phrasings": ["stay|keep calm", "calm voice"]},
        {"id": "summarise", "label": "Summarise", "phrasings": ["summar*", "repeat back"]},
        {"id": "questions", "label": "Ask questions", "phrasings": ["ask* questions",
                                                                    "open question*"]},
        {"id": "name", "label": "Use their name", "phrasings": ["use their name"]},
        {"id": "solution", "label": "Offer a solution", "phrasings": ["offer* solution|refund",
                                                                      "sort it out"]},
        {"id": "follow-up", "label": "Follow up", "phrasings": ["follow* up", "call them back"],
         "order": "any"},
        {"id": "record", "label": "Record it", "phrasings": ["record*", "write it down",
                                                             "log the complaint"]},
    ],
    "negatives": [{"id": "argue", "label": "Arguing", "phrasings": ["argue"], "penalty": 0.3}],
}
FILLER = ("the customer was upset about their order so I would make sure that they feel heard and "
          "then explain what happens next while checking the details on the system because it "
          "matters to get things right first time and keep them informed about delivery times "
          "refunds and any delays with the parcel or the account").split()
SLIPS = {"carefully": "carefuly", "apologise": "apologize", "interrupt": "interupt",
         "summarise": "sumarize", "questions": "questons", "solution": "soloution"}


def make_answers(n: int, words: int = 80, seed: int = 1) -> list[str]:
    """Distinct ~80-word answers mixing filler, phrasings, slips and negations."""
    rng = random.Random(seed)
    pieces = [p for c in RUBRIC["concepts"] for p in c["phrasings"]]
    out = []
    for i in range(n):
        toks: list[str] = []
        while len(toks) < words:
            r = rng.random()
            if r < 0.25:
                p = rng.choice(pieces).replace("*", "ing").split("|")[0]
                toks += [SLIPS.get(w, w) if rng.random() < 0.3 else w for w in p.split()]
            elif r < 0.3:
                toks += rng.choice([["I", "would", "not"], ["never"], ["but"], [","]])
            else:
                toks.append(rng.choice(FILLER) + ("s" if rng.random() < 0.05 else ""))
        toks.append(f"ref{i}")  # every answer distinct
        out.append(" ".join(toks[: words + 1]))
    return out


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:9,.0f} answers/s"


def bench_score(answers: list[str]) -> None:
    t = time.perf_counter()
    rubric = Rubric.from_dict(RUBRIC)
    compile_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    for a in answers:
        score(a, rubric)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    for a in answers:
        score(a, rubric)
    warm = time.perf_counter() - t
    phrasings = [p.replace("*", "").replace("|", " ") for c in RUBRIC["concepts"]
                 for p in c["phrasings"]]
    t = time.perf_counter()
    for a in answers:
        low = a.lower()
        [fuzz.partial_ratio(p, low) for p in phrasings]
    naive = time.perf_counter() - t
    words = sum(len(a.split()) for a in answers) / len(answers)
    print(f"10-concept rubric ({len(phrasings)} phrasings), {len(answers)} answers of "
          f"~{words:.0f} words; rubric compiled in {compile_ms:.1f} ms")
    print(f"  quizapp.scoring.score, first pass       {rate(len(answers), cold)}")
    print(f"  quizapp.scoring.score, warm caches      {rate(len(answers), warm)}")
    print(f"  naive rapidfuzz partial_ratio baseline  {rate(len(answers), naive)}")


def bench_cli(dev: Path) -> None:
    files = sorted(dev.glob("*.jsonl"), key=lambda p: p.stat().st_size)
    if not files:
        print(f"JSONL CLI: no dev files under {dev}")
        return
    big = files[-1]
    n = sum(1 for line in big.open() if line.strip())
    cmd = [sys.executable, "-m", "quizapp.scoring"]
    t = time.perf_counter()
    subprocess.run(cmd, input="", text=True, capture_output=True, cwd=ROOT, check=True)
    startup = time.perf_counter() - t
    best = None
    for _ in range(3):
        with big.open() as fin:
            t = time.perf_counter()
            subprocess.run(cmd, stdin=fin, capture_output=True, cwd=ROOT, check=True)
            wall = time.perf_counter() - t
        best = wall if best is None else min(best, wall)
    print(f"JSONL CLI on {big.name} ({n} answers, derived rubrics), best of 3, start-up included")
    print(f"  python -m quizapp.scoring               {rate(n, best)}  ({best:.2f} s)")
    print(f"  start-up alone (empty input)            {startup:9.2f} s")
    print(f"  excluding start-up                      {rate(n, max(best - startup, 1e-9))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answers", type=int, default=5000)
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    a = ap.parse_args()
    bench_score(make_answers(a.answers))
    bench_cli(a.dev)


if __name__ == "__main__":
    main()
