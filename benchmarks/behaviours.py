"""How many of the marker's behaviour checks hold (issue 20): a measurement, not a test.

    PYTHONPATH=. python benchmarks/behaviours.py [--root question_banks] [--checks FILE]

Each check in ``behaviours.yaml`` (beside this script) is scored against the REAL rubric of a
bank question, compiled with the shared lexicon the way the app loads it
(``quizapp.banks.load_all``), or of a role-play scenario turn with its variables filled in
(``Scenario.rubric_for``). The scorer is whatever ``quizapp.scoring`` PYTHONPATH gives; the banks
come from ``--root``. Prints, per kind, how many hold, the overall share, and every failing check.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import quizapp.scoring
from quizapp.banks import load_all
from quizapp.scenarios.engine import draw_variables
from quizapp.scenarios.templates import fill
from quizapp.scoring import score
from quizapp.scoring.result import BANDS

HERE = Path(__file__).resolve().parent
KINDS = {
    "everyday": "everyday wording of a whole answer",
    "details": "exact details (numbers, times, dates)",
    "roles": "roles swapped",
    "frame": "right words in the wrong frame",
    "offtopic": "a shared word in another question's answer",
    "partial": "partial credit: Partly or Not yet",
}
RANK = {band: i for i, band in enumerate(BANDS)}  # not_yet < partly < secure
SEED = 1  # scenario variables not given in a check's `vars` are drawn with this seed


@dataclass
class Outcome:
    check: dict[str, Any]
    held: bool
    detail: str


def _target(check: dict[str, Any], cat: Any) -> tuple[str, Any, dict[str, Any]]:
    """(a name for the check, its compiled rubric, the values to fill into its answers)."""
    if "question" in check:
        by_id = {lq.spec.id: lq for lq in cat.questions}
        lq = by_id.get(check["question"])
        if lq is None:
            raise SystemExit(f"unknown question {check['question']!r}")
        return check["question"], lq.rubric, {}
    scenarios = {ls.scenario.id: ls.scenario for ls in cat.scenarios}
    scenario = scenarios.get(check["scenario"])
    if scenario is None:
        raise SystemExit(f"unknown scenario {check['scenario']!r}")
    values = draw_variables(scenario, SEED) | dict(check.get("vars") or {})
    turn = scenario.turn(check["turn"])
    return f"{check['scenario']}/{check['turn']}", scenario.rubric_for(turn, values), values


def run_check(check: dict[str, Any], cat: Any) -> Outcome:
    name, rubric, values = _target(check, cat)
    if "good" in check:
        good, worse = fill(check["good"], values), fill(check["worse"], values)
        rg, rw = score(good, rubric), score(worse, rubric)
        held = RANK[rw.band] < RANK[rg.band]
        detail = (f"{name}\n    good : {good!r} -> {rg.band} ({rg.score:.2f})\n"
                  f"    worse: {worse!r} -> {rw.band} ({rw.score:.2f})\n"
                  f"    expected worse in a lower band than good")
        return Outcome(check, held, detail)
    answer = fill(check["answer"], values)
    result = score(answer, rubric)
    if "band" in check:
        held = result.band == check["band"]
        expected = check["band"]
    else:
        held = RANK[result.band] >= RANK[check["min"]]
        expected = f"at least {check['min']}"
    detail = (f"{name}\n    answer: {answer!r}\n"
              f"    expected {expected}, got {result.band} ({result.score:.2f})")
    return Outcome(check, held, detail)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", "--banks", dest="root", default="question_banks",
                        help="the question_banks folder (lexicon, banks, scenarios)")
    parser.add_argument("--checks", default=str(HERE / "behaviours.yaml"))
    args = parser.parse_args(argv)

    checks = yaml.safe_load(Path(args.checks).read_text(encoding="utf-8"))["checks"]
    cat = load_all(args.root)
    print(f"scorer: {Path(quizapp.scoring.__file__).resolve().parent}")
    print(f"banks:  {Path(args.root).resolve()}  ({len(checks)} checks)\n")

    outcomes = [run_check(c, cat) for c in checks]
    per_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        per_kind[o.check["kind"]].append(o)
    for kind, label in KINDS.items():
        got = per_kind.get(kind, [])
        held = sum(o.held for o in got)
        print(f"{kind:9} {held:3}/{len(got):<3} {label}")
    unknown = set(per_kind) - set(KINDS)
    if unknown:
        raise SystemExit(f"unknown kinds: {sorted(unknown)}")
    held = sum(o.held for o in outcomes)
    print(f"{'overall':9} {held:3}/{len(outcomes):<3} {held / len(outcomes):.1%} hold "
          f"(target: at least 90%)\n")

    failing = [o for o in outcomes if not o.held]
    if failing:
        print(f"Failing ({len(failing)}):")
        for o in failing:
            print(f"  [{o.check['kind']}] {o.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
