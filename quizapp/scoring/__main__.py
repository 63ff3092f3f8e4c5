"""JSONL scorer: ``python -m quizapp.scoring < records.jsonl > scores.jsonl``.

Each input line is ``{"id", "question", "reference_answers": [...], "answer"}`` with an optional
``"rubric"`` (a dict in the docs/formats.md shape). Each output line is ``{"id", "score",
"passed"}``. Without a rubric one is derived from the question and reference answers. Each
distinct rubric (or question + references) is compiled once. A bad line gets an error on stderr
naming its line number; the other lines are still scored.
"""

from __future__ import annotations

import gc
import json
import sys
from typing import Any, TextIO

from .derive import derive_rubric
from .rubric import Rubric, RubricError
from .score import score


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
         stderr: TextIO = sys.stderr) -> int:
    """Score every record on ``stdin``; returns 1 if any line was bad, else 0."""
    compiled: dict[tuple[Any, ...], Rubric] = {}  # each distinct rubric is compiled once
    bad = 0
    out = []
    for n, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict) or "id" not in rec:
                raise ValueError("expected a JSON object with an \"id\"")
            answer = rec.get("answer", "")
            if not isinstance(answer, str):
                raise ValueError("\"answer\" must be a string")
            if rec.get("rubric") is not None:
                key: tuple[Any, ...] = ("rubric", json.dumps(rec["rubric"], sort_keys=True))
                rubric = compiled.get(key)
                if rubric is None:
                    rubric = compiled[key] = Rubric.from_dict(rec["rubric"])
            else:
                refs = rec.get("reference_answers") or []
                if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
                    raise ValueError("\"reference_answers\" must be a list of strings")
                key = (str(rec.get("question", "")), tuple(refs))
                rubric = compiled.get(key)
                if rubric is None:
                    rubric = compiled[key] = derive_rubric(key[0], list(refs))
            r = score(answer, rubric)
        except (ValueError, RubricError, TypeError) as e:
            bad += 1
            print(f"line {n}: {e}", file=stderr)
            continue
        out.append(json.dumps({"id": rec["id"], "score": round(r.score, 6), "passed": r.passed}))
        if len(out) >= 1000:
            stdout.write("\n".join(out) + "\n")
            out.clear()
    if out:
        stdout.write("\n".join(out) + "\n")
    return 1 if bad else 0


if __name__ == "__main__":
    gc.disable()  # scoring makes no reference cycles; collection would only cost time
    sys.exit(main())
