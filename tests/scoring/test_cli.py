"""python -m quizapp.scoring: JSONL in, {"id","score","passed"} out, bad lines reported."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from quizapp.scoring.__main__ import main

REC = {"id": "r1", "question": "How did you separate the salt from the water?",
       "reference_answers": ["The water was evaporated, leaving the salt."],
       "answer": "I let the water evaporate"}
RUBRIC = {"concepts": [{"id": "evap", "label": "Evaporate", "phrasings": ["evaporat*"]}]}


def run(lines: list[str]) -> tuple[list[dict], str, int]:
    out, err = io.StringIO(), io.StringIO()
    code = main(io.StringIO("\n".join(lines) + "\n"), out, err)
    return [json.loads(x) for x in out.getvalue().splitlines()], err.getvalue(), code


def test_scores_every_record():
    recs = [dict(REC, id=f"r{i}", answer=a) for i, a in enumerate(
        ["I let the water evaporate", "", "no idea", "The water was evaporated, leaving the salt."])]
    got, err, code = run([json.dumps(r) for r in recs])
    assert code == 0 and err == ""
    assert [g["id"] for g in got] == ["r0", "r1", "r2", "r3"]
    assert all(set(g) == {"id", "score", "passed"} and 0 <= g["score"] <= 1 for g in got)
    assert got[3]["passed"] and not got[1]["passed"] and got[1]["score"] == 0


def test_uses_a_given_rubric():
    got, _, _ = run([json.dumps(dict(REC, rubric=RUBRIC, answer="evaporation"))])
    assert got[0]["score"] == 1.0 and got[0]["passed"]


def test_bad_lines_are_reported_by_number_and_the_rest_scored():
    lines = [json.dumps(REC), "{not json", json.dumps(dict(REC, id="r2", answer=5)),
             "", json.dumps(dict(REC, id="r3", rubric={"concepts": []})),
             json.dumps({"answer": "no id"}), json.dumps(dict(REC, id="r4", reference_answers=[])),
             json.dumps(dict(REC, id="r5"))]
    got, err, code = run(lines)
    assert [g["id"] for g in got] == ["r1", "r5"]
    assert code == 1
    for n in (2, 3, 5, 6, 7):
        assert f"line {n}:" in err
    assert "concepts: must be a non-empty list" in err


def test_module_runs_as_a_program():
    p = subprocess.run([sys.executable, "-m", "quizapp.scoring"], input=json.dumps(REC) + "\n",
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["id"] == "r1"
