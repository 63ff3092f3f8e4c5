"""Rubrics proposed from model answers: a key point per idea (a phrase of the model answer)
whose parts are its key words, question words demoted, negation kept, British spelling,
lexicon alternatives, weights that sum to a round total."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.scoring import Rubric, derive_rubric, score
from quizapp.scoring.derive import KEY_POINTS_TOTAL, SIMILARITY_WEIGHT, british, ideas

LEXICON = yaml.safe_load((Path(__file__).resolve().parents[2] / "question_banks" /
                          "lexicon.yaml").read_text())

QUESTION = "How did you separate the salt from the water?"
REFERENCE = "The water was evaporated, leaving the salt behind."
REFUND_Q = "A customer rings to complain that their order is late. What should you do?"
REFUND = "Say sorry to the customer for the delay and offer them a refund."


def _points(rubric: Rubric) -> dict[str, list[str]]:
    """Each key point's label and the words of its parts."""
    return {g.label: [c.label for c in g.concepts] for g in rubric.groups}


def test_key_points_are_the_ideas_of_the_model_answer_as_phrases():
    rubric = derive_rubric(REFUND_Q, [REFUND])
    assert _points(rubric) == {"Say sorry to the customer for the delay": ["sorry", "delay"],
                               "Offer them a refund": ["offer", "refund"]}
    assert not rubric.concepts  # no single-word key points
    a, chunks = ideas("Listen, ask questions and check you have understood; then act.")
    assert [" ".join(a.words[i] for i in c) for c in chunks] == [
        "listen", "ask questions", "check you have understood", "act"]


def test_parts_leave_out_question_words_and_stop_words():
    rubric = derive_rubric(QUESTION, [REFERENCE])
    assert _points(rubric) == {"The water was evaporated": ["evaporated"],
                               "Leaving the salt behind": ["leaving", "behind"]}


def test_weights_sum_to_a_round_total_beside_a_plain_similarity_weight():
    for refs in ([REFUND], [REFERENCE], ["there is a gap", "the gap breaks the path"],
                 ["Listen, ask questions, check you have understood, repeat the details "
                  "back and thank them."]):
        rubric = derive_rubric("Why?", refs)
        weights = [g.weight for g in rubric.groups]
        assert round(sum(weights), 6) == KEY_POINTS_TOTAL
        assert all(w == round(w, 2) and w > 0 for w in weights)
        assert rubric.similarity is not None and rubric.similarity.weight == SIMILARITY_WEIGHT
    assert SIMILARITY_WEIGHT == 17  # 85% of the mark beside the key points' 3


def test_an_idea_with_more_to_it_weighs_more_and_question_words_less():
    rubric = derive_rubric(QUESTION, [REFERENCE])
    weights = {g.label: g.weight for g in rubric.groups}
    assert weights["Leaving the salt behind"] > weights["The water was evaporated"]


def test_credit_in_proportion_to_the_parts_said():
    rubric = derive_rubric(REFUND_Q, [REFUND])
    result = score("say sorry", rubric)
    sorry = next(c for c in result.concepts if c.label == "sorry")
    delay = next(c for c in result.concepts if c.label == "delay")
    assert sorry.hit and not delay.hit
    assert score("say sorry for the delay", rubric).score > result.score > score("", rubric).score


def test_a_negated_word_becomes_a_negated_part():
    rubric = derive_rubric("Why?", ["The terminals are not connected."])
    phrasings = {p for g in rubric.groups for c in g.concepts for p in c.phrasings}
    assert "not connected" in phrasings and "terminals" in phrasings
    rubric = derive_rubric("What should you do?", ["Don't shout and swear."])
    assert set(_points(rubric)) == {"Don't shout", "Not swear"}
    assert {p for g in rubric.groups for c in g.concepts for p in c.phrasings} == {
        "not shout", "not swear"}


def test_the_same_idea_in_several_model_answers_is_one_key_point():
    rubric = derive_rubric("Why?", ["there is a gap", "There is a gap."])
    assert list(_points(rubric).values()) == [["gap"]]


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
    data["groups"] = [g for g in data["groups"] if g["label"] != "Leaving the salt behind"]
    assert len(Rubric.from_dict(data).groups) == len(rubric.groups) - 1


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
    rubric = derive_rubric("What should you do?",
                           ["Apologize to them, then organize a color chart."])
    assert _points(rubric) == {"Apologise to them": ["apologise"],
                               "Organise a colour chart": ["organise", "colour", "chart"]}


def test_proposals_accept_lexicon_alternatives_found_in_the_model_answer():
    rubric = derive_rubric("What would you do?",
                           ["Ring them back and offer a refund."], LEXICON)
    assert _points(rubric) == {"Ring them back": ["ring", "back"],
                               "Offer a refund": ["offer", "refund"]}
    lex = {c.label: c.lexicon for g in rubric.groups for c in g.concepts}
    assert lex["ring"] == ("call-back",) and lex["refund"] == ("refund",)
    assert lex["offer"] == ()
    ring = next(c for c in score("I would return their call", rubric).concepts
                if c.label == "ring")
    assert ring.hit
    # the proposal round-trips with the same lexicon
    assert Rubric.from_dict(rubric.to_dict(), LEXICON) == rubric


def test_meridiem_is_no_key_point():
    rubric = derive_rubric("When?", ["By 4:30 pm."])
    assert list(_points(rubric).values()) == [["4:30"]]


def test_the_model_answer_and_a_short_plain_answer_are_secure():
    """Issue 19: "say sorry and offer a refund" was Not yet against the proposal."""
    rubric = derive_rubric(REFUND_Q, [REFUND], LEXICON)
    assert score(REFUND, rubric).band == "secure"
    assert score("say sorry and offer a refund", rubric).band == "secure"
    assert score("apologise for the delay and give them a refund", rubric).band == "secure"
    assert score("tell them to ring back tomorrow", rubric).band == "not_yet"
