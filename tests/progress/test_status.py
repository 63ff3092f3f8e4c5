"""The pure progress rule, table-driven."""

from datetime import datetime, timedelta, timezone

import pytest

from quizapp.progress.status import Evidence, compute, weighted_score

DAY1 = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
DAY2 = DAY1 + timedelta(days=1)


def ev(score, band, at=DAY1, source="answer"):
    return Evidence(score=score, band=band, at=at, source=source)


@pytest.mark.parametrize("evidence, kind, expected", [
    ([], "knowledge", "not_evidenced"),
    ([ev(0.1, "not_yet")], "knowledge", "gap"),
    ([ev(0.6, "partly")], "knowledge", "developing"),
    # one secure answer is not enough
    ([ev(1.0, "secure")], "knowledge", "developing"),
    # two secure answers on the same day are not enough
    ([ev(1.0, "secure"), ev(0.9, "secure", DAY1 + timedelta(hours=2))], "knowledge", "developing"),
    # two secure answers on different days are
    ([ev(1.0, "secure"), ev(0.9, "secure", DAY2)], "knowledge", "secure"),
    # performance criteria need scenario evidence
    ([ev(1.0, "secure"), ev(0.9, "secure", DAY2)], "performance", "developing"),
    ([ev(1.0, "secure"), ev(0.9, "secure", DAY2, "scenario")], "performance", "secure"),
    # recent evidence counts more: an old failure then two recent secure answers
    ([ev(0.0, "not_yet", DAY1 - timedelta(days=9)), ev(1.0, "secure"), ev(1.0, "secure", DAY2)],
     "knowledge", "secure"),
    # a recent failure pulls a secure learner back, and two of them open a gap
    ([ev(1.0, "secure"), ev(1.0, "secure", DAY2), ev(0.0, "not_yet", DAY2 + timedelta(days=1))],
     "knowledge", "developing"),
    ([ev(1.0, "secure"), ev(1.0, "secure", DAY2), ev(0.0, "not_yet", DAY2 + timedelta(days=1)),
      ev(0.0, "not_yet", DAY2 + timedelta(days=2))], "knowledge", "gap"),
])
def test_status_rule(evidence, kind, expected):
    assert compute(evidence, kind).status == expected


def test_order_of_input_does_not_matter():
    items = [ev(0.0, "not_yet", DAY1), ev(1.0, "secure", DAY2)]
    assert compute(items).score == compute(list(reversed(items))).score


def test_newest_answer_weighs_most():
    old_good = [ev(1.0, "secure", DAY1), ev(0.0, "not_yet", DAY2)]
    assert weighted_score(old_good) < 0.5
    assert compute(old_good).attempts == 2


# --- the tally: one new answer updates it; the result is the same as reading every answer ---

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from quizapp.progress.status import Tally, fold, status_of, tally_of  # noqa: E402

evidence_lists = st.lists(
    st.builds(
        ev,
        score=st.floats(0, 1),
        band=st.sampled_from(["not_yet", "partly", "secure"]),
        at=st.integers(0, 24 * 20).map(lambda h: DAY1 + timedelta(hours=h)),
        source=st.sampled_from(["answer", "scenario"]),
    ),
    max_size=30,
)


@given(evidence_lists, st.sampled_from(["knowledge", "performance"]))
def test_folding_answers_one_at_a_time_gives_the_full_rule(items, kind):
    items = sorted(items, key=lambda e: e.at)
    tally = Tally()
    for item in items:
        tally = fold(tally, item)
    whole = compute(items, kind)
    step = status_of(tally, kind)
    assert step.status == whole.status
    assert step.attempts == whole.attempts == len(items)
    assert step.score == pytest.approx(weighted_score(items), abs=1e-9)
    assert tally.secure_days == len({e.at.date() for e in items if e.band == "secure"})
    assert tally.last_at == (items[-1].at if items else None)


def test_tally_counts_secure_days_not_secure_answers():
    tally = tally_of([ev(1.0, "secure"), ev(1.0, "secure", DAY1 + timedelta(hours=3))])
    assert (tally.secure_days, tally.last_secure_on) == (1, DAY1.date())
    assert status_of(tally).status == "developing"
    tally = fold(tally, ev(1.0, "secure", DAY2, source="scenario"))
    assert (tally.secure_days, tally.scenario_secure) == (2, True)
    assert status_of(tally, "performance").status == "secure"


def test_an_empty_tally_is_not_evidenced():
    assert status_of(Tally()).status == "not_evidenced"
    assert Tally().score == 0.0
