"""Coverage per qualification and unit, as a table and as JSON."""

import json

from quizapp.banks import load_all
from quizapp.banks.coverage import coverage
from tests.conftest import TEST_BANKS


def test_coverage_counts():
    data = coverage(load_all(TEST_BANKS))
    (qual,) = data["qualifications"]
    assert qual["id"] == "TEST-Q" and qual["source"] == "tests"
    assert qual["criteria"] == 4 and qual["knowledge_criteria"] == 2
    assert qual["knowledge_covered"] == 2
    assert qual["questions"] == 2
    assert qual["test_responses"] == 6  # 4 labelled + 2 model answers
    assert qual["test_accuracy"] == 1.0
    u1 = qual["units"][0]
    assert (u1["id"], u1["criteria"], u1["knowledge_criteria"], u1["knowledge_covered"]) == (
        "TEST-Q.U1", 4, 2, 2)


def test_coverage_cli_json(runner):
    res = runner.invoke(args=["banks", "coverage", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    keys = {"id", "title", "source", "criteria", "knowledge_criteria", "knowledge_covered",
            "questions", "test_responses", "test_accuracy", "units"}
    assert keys <= set(data["qualifications"][0])
    table = runner.invoke(args=["banks", "coverage"]).output
    assert "TEST-Q" in table and "100.0%" in table
