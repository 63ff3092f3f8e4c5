"""A complement said with a negation meets a model answer's word (similarity.py, opposites.py)."""

from __future__ import annotations

import pytest

from quizapp.scoring import Rubric, score
from quizapp.scoring.opposites import complements


def _close(model: str, answer: str) -> float:
    rubric = Rubric.from_dict({"similarity": {"weight": 1, "answers": [model]}})
    return score(answer, rubric).score


@pytest.mark.parametrize("model, said, plain", [
    ("the circuit is incomplete", "the circuit is not complete", "the circuit is complete"),
    ("the bulbs are in different paths", "the bulbs are not in the same path",
     "the bulbs are in the same path"),
    ("the switch is open", "the switch is not closed", "the switch is closed"),
    ("that would be unprofessional", "that would not be professional",
     "that would be professional"),
])
def test_a_negated_complement_meets_the_model_word(model, said, plain):
    assert _close(model, said) > _close(model, plain)


def test_a_word_the_model_answer_also_uses_is_not_its_complement():
    # the model says both "open" and "closed": "not closed" does not stand in for its "open"
    both = "switch X is open and switch Y is closed"
    assert _close(both, "switch X is not closed") <= _close(both, "switch X is not shut")
    assert _close("switch X is open", "switch X is not closed") \
        > _close("switch X is open", "switch X is not shut")


@pytest.mark.parametrize("word, expected", [
    ("complete", {"incomplete"}), ("unprofessional", {"professional"}),
    ("same", {"different"}), ("cat", set()),
])
def test_complements(word, expected):
    assert expected <= set(complements(word))
    if not expected:
        assert complements(word) == ()
