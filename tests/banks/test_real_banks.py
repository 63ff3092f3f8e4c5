"""The shipped question banks: valid, and every curated question passes its test responses."""

from pathlib import Path

import pytest

from quizapp.banks.testing import run_test_responses

ROOT = Path(__file__).resolve().parents[2] / "question_banks"
pytestmark = pytest.mark.slow  # loads the shipped question banks: seconds


@pytest.fixture(scope="module")
def catalogue(shipped_catalogue):
    return shipped_catalogue


def test_specs_hold_all_five_documents(catalogue):
    sources = {source for _, source in catalogue.qualifications}
    assert len({s for s in sources}) == 5


def test_every_curated_question_passes_its_test_responses(catalogue):
    report = run_test_responses(catalogue.questions)
    assert report.responses > 0
    assert report.curated_misses == [], "\n".join(report.lines())


def test_curated_questions_are_complete(catalogue):
    for lq in catalogue.questions:
        q = lq.spec
        if q.status != "curated":
            continue
        bands = {t.band for t in q.test_responses}
        assert {"secure", "partly", "not_yet"} <= bands, \
            f"{q.id}: needs a secure, partly and not_yet test response"
        rubric = lq.rubric
        n_concepts = len(rubric.concepts) + sum(len(g.concepts) for g in rubric.groups)
        assert n_concepts >= 3, f"{q.id}: a curated rubric needs at least 3 concepts"


def test_every_scenario_transcript_passes(catalogue):
    from quizapp.banks.testing import run_transcripts

    report = run_transcripts(catalogue.scenarios)
    assert report.transcripts > 0
    assert report.transcript_misses == [], "\n".join(report.transcript_misses)
