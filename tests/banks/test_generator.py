"""Drafts for uncovered criteria, phrased from the verb; never overwriting; idempotent."""

import shutil

import pytest
import yaml

from quizapp.banks import load_all
from quizapp.banks.generator import generate, phrase_prompt, wanted_count
from quizapp.banks.schema import CriterionSpec
from tests.conftest import TEST_BANKS


def crit(text, verb=None, kind="knowledge"):
    return CriterionSpec(id="X.U1.a", number="a", text=text, kind=kind, verb=verb)


@pytest.mark.parametrize("text, verb, expected", [
    ("the difference between hearing and listening", "describe",
     "Describe the difference between hearing and listening."),
    ("why it is important to speak clearly", "explain", "Explain why it is important to speak clearly."),
    ("how to listen effectively", "describe", "Describe how to listen effectively."),
    ("what a customer is", "state", "State what a customer is."),
    ("Explain how their own behaviour affects customers", "explain",
     "Explain how your own behaviour affects customers."),
    ("list three ways to show respect", "list", "List three ways to show respect."),
    ("Identify the job roles within a team", "identify", "Identify the job roles within a team."),
])
def test_prompt_is_phrased_from_the_verb(text, verb, expected):
    assert phrase_prompt(crit(text, verb)) == expected


@pytest.mark.parametrize("text, n", [
    ("list three ways to show respect", 3), ("give two examples of good service", 2),
    ("Describe 4 features", 4), ("explain why reputation matters", None),
])
def test_wanted_count(text, n):
    assert wanted_count(text) == n


@pytest.fixture
def banks(tmp_path):
    root = tmp_path / "banks"
    shutil.copytree(TEST_BANKS, root)
    return root


def test_generate_drafts_uncovered_criteria_then_changes_nothing(banks):
    before = (banks / "TEST" / "U1.yaml").read_text()
    report = generate(load_all(banks), banks)
    # 1.1 "listen actively" and 1.2 "pass messages" are performance without a recall verb
    assert report.drafts == 0
    spec = banks / "specs" / "test.yaml"
    data = yaml.safe_load(spec.read_text())
    data["units"][0]["criteria"].append(
        {"id": "TEST-Q.U1.c", "number": "c", "text": "why it is important to speak clearly",
         "kind": "knowledge", "verb": "explain"})
    data["units"][0]["criteria"].append(
        {"id": "TEST-Q.U1.1.3", "number": "1.3", "outcome": "TEST-Q.U1.1",
         "text": "explain why you keep calm", "kind": "performance", "verb": "explain"})
    data["units"][1]["criteria"].append(
        {"id": "TEST-Q.U2.a", "number": "a", "text": "list three ways to show respect",
         "kind": "knowledge", "verb": "list"})
    spec.write_text(yaml.safe_dump(data, sort_keys=False))

    report = generate(load_all(banks), banks)
    assert report.drafts == 3
    text = (banks / "TEST" / "U1.yaml").read_text()
    assert text.startswith(before)  # curated content untouched, byte for byte
    cat = load_all(banks)  # the drafts are valid bank content
    drafts = {lq.spec.id: lq.spec for lq in cat.questions if lq.spec.status == "draft"}
    assert set(drafts) == {"TEST-Q.U1.q-draft-c", "TEST-Q.U1.q-draft-1-3", "TEST-Q.U2.q-draft-a"}
    assert drafts["TEST-Q.U1.q-draft-c"].prompt == "Explain why it is important to speak clearly."
    group = drafts["TEST-Q.U2.q-draft-a"].rubric["groups"][0]
    assert group["min"] == 3
    assert (banks / "TEST-Q" / "U2.yaml").exists()

    again = generate(cat, banks)
    assert again.drafts == 0
    assert (banks / "TEST" / "U1.yaml").read_text() == text


def test_drafts_are_seeded_from_lexicon_and_keywords(banks):
    spec = banks / "specs" / "test.yaml"
    data = yaml.safe_load(spec.read_text())
    data["units"][0]["criteria"].append(
        {"id": "TEST-Q.U1.d", "number": "d", "text": "how to stay calm and apologise when listening",
         "kind": "knowledge", "verb": "describe"})
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    generate(load_all(banks), banks)
    draft = next(lq.spec for lq in load_all(banks).questions if lq.spec.id == "TEST-Q.U1.q-draft-d")
    ids = {c["id"] for c in draft.rubric["concepts"]}
    assert {"lex-stay-calm", "lex-apologise", "kw-listening"} <= ids
