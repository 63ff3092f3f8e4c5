"""The pack's "best answer" is the strongest, not the latest junk (nor any answer that made no
point and earned nothing)."""

from datetime import datetime, timedelta

from quizapp.services.pack import best_answer

T0 = datetime(2027, 3, 3, 10)


def ev(n, score, hits=0):
    return {"answer_id": n, "score": score, "hit": [{"label": "x"}] * hits,
            "at": T0 + timedelta(minutes=n)}


def test_the_strongest_answer_wins_over_a_later_weaker_one():
    assert best_answer([ev(1, 0.6, 2), ev(2, 0.0), ev(3, 0.1)])["answer_id"] == 1


def test_ties_go_to_more_points_made_then_the_latest():
    assert best_answer([ev(1, 0.5, 1), ev(2, 0.5, 2), ev(3, 0.5, 2)])["answer_id"] == 3


def test_no_best_answer_when_nothing_scored():
    assert best_answer([ev(1, 0.0), ev(2, 0.0)]) is None
    assert best_answer([]) is None
