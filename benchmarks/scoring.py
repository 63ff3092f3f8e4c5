#!/usr/bin/env python3
"""Throughput of quizapp.scoring, with a naive baseline measured in the same run.

    python benchmarks/scoring.py [--answers N] [--dev ../shared/eval/dev]

Prints answers per second (one core) for:
  1. score() on a 10-concept rubric with ~80-word answers (distinct answers, so word caches are
     only as warm as real traffic would make them; a second, warm pass is shown too);
  2. the naive baseline: rapidfuzz fuzz.partial_ratio of every phrasing against the whole answer;
  3. the JSONL CLI (python -m quizapp.scoring), start-up included, on the largest dev file,
     and the start-up alone (an empty input).
Not a test: it prints figures. Target: >= 5,000 answers/s for 1 and 3. Figures are CPU time of
the scoring process (one core), which a busy shared machine distorts less than wall time; wall
time is shown beside them.
"""

from __future__ import annotations

import argparse
import random
import resource
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
    return f"{n / max(seconds, 1e-9):9,.0f} answers/s"


class Clock:
    """CPU and wall time of a block (CPU of this process, or of finished child processes)."""

    def __init__(self, children: bool = False) -> None:
        self.children = children

    def _cpu(self) -> float:
        if self.children:
            ru = resource.getrusage(resource.RUSAGE_CHILDREN)
            return ru.ru_utime + ru.ru_stime
        return time.process_time()

    def __enter__(self) -> Clock:
        self.cpu0, self.wall0 = self._cpu(), time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.cpu, self.wall = self._cpu() - self.cpu0, time.perf_counter() - self.wall0


def line(label: str, n: int, c: Clock) -> str:
    return f"  {label:40}{rate(n, c.cpu)} CPU  ({rate(n, c.wall).strip()} wall)"


def bench_score(answers: list[str]) -> None:
    with Clock() as compile_clock:
        rubric = Rubric.from_dict(RUBRIC)
    with Clock() as cold:
        for a in answers:
            score(a, rubric)
    with Clock() as warm:
        for a in answers:
            score(a, rubric)
    phrasings = [p.replace("*", "").replace("|", " ") for c in RUBRIC["concepts"]
                 for p in c["phrasings"]]
    with Clock() as naive:
        for a in answers:
            low = a.lower()
            [fuzz.partial_ratio(p, low) for p in phrasings]
    words = sum(len(a.split()) for a in answers) / len(answers)
    print(f"10-concept rubric ({len(phrasings)} phrasings), {len(answers)} answers of "
          f"~{words:.0f} words; rubric compiled in {compile_clock.wall * 1000:.1f} ms")
    print(line("quizapp.scoring.score, first pass", len(answers), cold))
    print(line("quizapp.scoring.score, warm caches", len(answers), warm))
    print(line("naive rapidfuzz partial_ratio baseline", len(answers), naive))


def bench_cli(dev: Path) -> None:
    files = sorted(dev.glob("*.jsonl"), key=lambda p: p.stat().st_size)
    if not files:
        print(f"JSONL CLI: no dev files under {dev}")
        return
    big = files[-1]
    n = sum(1 for line in big.open() if line.strip())
    cmd = [sys.executable, "-m", "quizapp.scoring"]
    with Clock(children=True) as startup:
        subprocess.run(cmd, input="", text=True, capture_output=True, cwd=ROOT, check=True)
    runs = []
    for _ in range(3):
        with big.open() as fin, Clock(children=True) as c:
            subprocess.run(cmd, stdin=fin, capture_output=True, cwd=ROOT, check=True)
        runs.append(c)
    best = min(runs, key=lambda c: c.cpu)
    print(f"JSONL CLI on {big.name} ({n} answers, derived rubrics), best of 3")
    print(line("python -m quizapp.scoring, with start-up", n, best))
    print(f"  {'start-up alone (empty input)':40}{startup.cpu:9.2f} s CPU  "
          f"({startup.wall:.2f} s wall)")
    rest = Clock()
    rest.cpu, rest.wall = best.cpu - startup.cpu, best.wall - startup.wall
    print(line("excluding start-up", n, rest))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answers", type=int, default=5000)
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    a = ap.parse_args()
    bench_score(make_answers(a.answers))
    bench_cli(a.dev)


if __name__ == "__main__":
    main()
