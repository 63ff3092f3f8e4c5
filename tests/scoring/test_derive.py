"""Rubrics proposed from model answers: content words, question words demoted, negation kept."""

from __future__ import annotations

from quizapp.scoring import Rubric, derive_rubric, score

QUESTION = "How did you separate the salt from the water?"
REFERENCE = "The water was evaporated, leaving the salt behind."


def test_concepts_are_content_words_with_question_words_demoted():
    rubric = derive_rubric(QUESTION, [REFERENCE])
    weights = {c.label: c.weight for c in rubric.concepts}
    assert "the" not in weights and "was" not in weights
    assert weights["evaporated"] == 1.0
    assert weights["water"] < weights["evaporated"]  # in the question too
    assert weights["salt"] < weights["leaving"]


def test_a_negated_word_becomes_a_negated_phrasing():
    rubric = derive_rubric("Why?", ["The terminals are not connected."])
    phrasings = {p for c in rubric.concepts for p in c.phrasings}
    assert "not connected" in phrasings and "terminals" in phrasings


def test_words_shared_by_several_model_answers_weigh_more():
    rubric = derive_rubric("Why?", ["there is a gap", "the gap breaks the path"])
    weights = {c.label: c.weight for c in rubric.concepts}
    assert weights["gap"] > weights["path"]


def test_model_answer_is_secure_and_nonsense_is_not_yet():
    rubric = derive_rubric(QUESTION, [REFERENCE])
    assert score(REFERENCE, rubric).band == "secure"
    assert score("Let the water evaporate and the salt is left behind.", rubric).passed
    assert score("I like turtles", rubric).band == "not_yet"
    assert score("", rubric).score == 0.0


def test_the_opposite_of_the_model_answer_is_not_secure():
    rubric = derive_rubric("Why does the bulb light?", ["The bulb is connected to the battery."])
    assert score("The bulb is connected to the battery", rubric).band == "secure"
    assert score("The bulb is not connected to the battery", rubric).band != "secure"
    rubric = derive_rubric("What should you do?", ["Never argue with an angry customer."])
    assert score("you should argue with them", rubric).band != "secure"


def test_several_model_answers_any_one_is_enough():
    rubric = derive_rubric("Why was the bulb off?", [
        "the switch was open so there was a gap in the circuit",
        "the bulb was not in a closed path with the battery"])
    assert score("there was a gap in the circuit because the switch was open", rubric).passed
    assert score("the bulb was not in a closed path with the battery", rubric).passed


def test_derived_rubric_round_trips_and_is_editable():
    rubric = derive_rubric(QUESTION, [REFERENCE])
    data = rubric.to_dict()
    assert Rubric.from_dict(data) == rubric
    data["concepts"] = [c for c in data["concepts"] if c["label"] != "leaving"]
    assert len(Rubric.from_dict(data).concepts) == len(rubric.concepts) - 1
