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
