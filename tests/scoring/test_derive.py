"""Rubrics proposed from model answers: content words, question words demoted, negation kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.scoring import Rubric, derive_rubric, score
from quizapp.scoring.derive import british

LEXICON = yaml.safe_load((Path(__file__).resolve().parents[2] / "question_banks" /
                          "lexicon.yaml").read_text())

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


@pytest.mark.parametrize("american, british_", [
    ("color", "colour"), ("behaviors", "behaviours"), ("organize", "organise"),
    ("organization", "organisation"), ("analyzed", "analysed"), ("center", "centre"),
    ("traveled", "travelled"), ("favorite", "favourite"), ("gray", "grey"),
    # words that only look American stay as they are
    ("motor", "motor"), ("prize", "prize"), ("size", "size"), ("check", "check"),
    ("program", "program"), ("control", "control"),
])
def test_british_spelling(american, british_):
    assert british(american) == british_


def test_proposals_use_british_spelling():
    rubric = derive_rubric("What should you do?", ["Apologize and organize a color chart."])
    labels = {c.label for c in rubric.concepts}
    assert {"apologise", "organise", "colour"} <= labels


def test_proposals_accept_lexicon_alternatives_found_in_the_model_answer():
    rubric = derive_rubric("What would you do?",
                           ["Ring them back and offer a refund."], LEXICON)
    lex = {c.label: c.lexicon for c in rubric.concepts}
    assert lex["ring"] == ("call-back",) and lex["refund"] == ("refund",)
    assert lex["offer"] == ()
    ring = next(c for c in rubric.concepts if c.label == "ring")
    assert score("I would return their call", rubric).concepts[
        rubric.concepts.index(ring)].hit
    # the proposal round-trips with the same lexicon
    assert Rubric.from_dict(rubric.to_dict(), LEXICON) == rubric


def test_meridiem_is_no_key_point():
    rubric = derive_rubric("When?", ["By 4:30 pm."])
    assert [c.label for c in rubric.concepts] == ["4:30"]
