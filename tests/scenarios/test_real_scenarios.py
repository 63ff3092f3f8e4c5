"""The shipped scenarios in question_banks/scenarios: valid against the real specs, tied to
performance criteria in all five seed documents, and every test transcript passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks import load_all
from quizapp.scenarios import run_transcript
from quizapp.scenarios.files import load_scenarios

ROOT = Path(__file__).resolve().parents[2] / "question_banks"
SEEDS = (0, 1, 2)


@pytest.fixture(scope="module")
def catalogue():
    # specs and lexicon only (no bank files): criteria IDs and shared phrasings
    return load_all(ROOT, only=[ROOT / "scenarios"])


@pytest.fixture(scope="module")
def loaded(catalogue):
    return load_scenarios(ROOT / "scenarios", catalogue.lexicon, catalogue.criteria_ids())


@pytest.fixture(scope="module")
def scenarios(loaded):
    return loaded[0]


def test_every_scenario_loads_without_problems(loaded):
    scenarios, problems = loaded
    assert problems == []
    assert len(scenarios) == len(list((ROOT / "scenarios").glob("*.yaml")))


def test_every_transcript_passes(scenarios):
    mismatches = []
    for s in scenarios:
        for t in s.test_transcripts:
            for seed in SEEDS:
                mismatches += [f"{s.id}: {m}" for m in run_transcript(s, t, seed)]
    assert mismatches == [], "\n".join(mismatches)


def test_every_scenario_has_strong_weak_and_branch_runs(scenarios):
    for s in scenarios:
        labels = [t["label"].split()[0] for t in s.test_transcripts]
        assert {"strong", "weak", "branch"} <= set(labels), s.id
        for t in s.test_transcripts:
            assert "path" in t, (s.id, t["label"])
        # the branch run really takes a different path from the strong run
        paths = {t["label"].split()[0]: t["path"] for t in s.test_transcripts}
        branch_paths = [t["path"] for t in s.test_transcripts if t["label"].startswith("branch")]
        assert any(p != paths["strong"] for p in branch_paths), s.id


def test_criteria_are_performance_criteria_in_all_five_documents(catalogue, scenarios):
    kind, source = {}, {}
    for qual, src in catalogue.qualifications:
        for unit in qual.units:
            for c in unit.criteria:
                kind[c.id] = c.kind
                source[c.id] = src
    documents = {src for _, src in catalogue.qualifications}
    assert len(documents) == 5
    for s in scenarios:
        ids = s.criteria_ids()
        assert [c for c in ids if kind[c] != "performance"] == [], s.id
        assert {source[c] for c in ids} == documents, s.id
