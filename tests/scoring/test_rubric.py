"""Rubric validation (errors name the field path), lexicon, round trip and immutability."""

from __future__ import annotations

import dataclasses
import re

import pytest

from quizapp.scoring import Rubric, RubricError, score

LEXICON = {"apologise": ["apologise", "say sorry"], "stay-calm": ["stay calm", "keep calm"]}


def concept(**kw):
    return {"id": "c1", "label": "A point", "phrasings": ["point"], **kw}


@pytest.mark.parametrize("data, path, message", [
    ("nope", (), "must be a mapping"),
    ({}, ("concepts",), "must be a non-empty list of concepts"),
    ({"concepts": []}, ("concepts",), "must be a non-empty list of concepts"),
    ({"concepts": [concept()], "extra": 1}, ("extra",), "unknown field"),
    ({"concepts": [concept(), concept(id="c2"), concept(id="c3", phrasings=[])]},
     ("concepts", 2, "phrasings"), "must be a non-empty list of strings"),
    ({"concepts": [concept(phrasings="point")]}, ("concepts", 0, "phrasings"),
     "must be a non-empty list of strings"),
    ({"concepts": [concept(phrasings=["ok", 3])]}, ("concepts", 0, "phrasings"),
     "must be a non-empty list of strings"),
    ({"concepts": [concept(phrasings=["***"])]}, ("concepts", 0, "phrasings", 0), "has no words"),
    ({"concepts": [{"label": "x", "phrasings": ["a"]}]}, ("concepts", 0, "id"),
     "must be a non-empty string"),
    ({"concepts": [concept(id="bad id!")]}, ("concepts", 0, "id"), "letters, digits"),
    ({"concepts": [concept(), concept()]}, ("concepts", 1, "id"), "duplicate id"),
    ({"concepts": [concept(label="")]}, ("concepts", 0, "label"), "must be a non-empty string"),
    ({"concepts": [concept(weight=-1)]}, ("concepts", 0, "weight"), "must be a number"),
    ({"concepts": [concept(weight="heavy")]}, ("concepts", 0, "weight"), "must be a number"),
    ({"concepts": [concept(required="yes")]}, ("concepts", 0, "required"), "true or false"),
    ({"concepts": [concept(order="backwards")]}, ("concepts", 0, "order"), "'any' or 'in_order'"),
    ({"concepts": [concept(window=0)]}, ("concepts", 0, "window"), "at least 1"),
    ({"concepts": [concept(colour="red")]}, ("concepts", 0, "colour"), "unknown field"),
    ({"concepts": [concept(lexicon=["nope"])]}, ("concepts", 0, "lexicon", 0),
     "unknown lexicon entry 'nope'"),
    ({"concepts": [concept(lexicon=["apologise", "nope"])]}, ("concepts", 0, "lexicon", 1),
     "unknown lexicon entry"),
    ({"concepts": [{"id": "s", "label": "Phone", "slot": {"type": "colour", "value": "1"}}]},
     ("concepts", 0, "slot", "type"), "must be one of"),
    ({"concepts": [{"id": "s", "label": "Time", "slot": {"type": "time", "value": "soon"}}]},
     ("concepts", 0, "slot", "value"), "is not a time"),
    ({"concepts": [{"id": "s", "label": "Phone", "slot": {"type": "number", "value": "1"},
                    "phrasings": ["one"]}]}, ("concepts", 0, "slot"), "cannot also have"),
    ({"thresholds": {"partly": 0.8, "secure": 0.5}, "concepts": [concept()]}, ("thresholds",),
     "partly must not be above secure"),
    ({"thresholds": {"secure": 2}, "concepts": [concept()]}, ("thresholds", "secure"),
     "between 0 and 1"),
    ({"pass": "half", "concepts": [concept()]}, ("pass",), "must be a number"),
    ({"groups": [{"id": "g", "label": "G", "min": 3, "concepts": [concept()]}]},
     ("groups", 0, "min"), "from 1 to 1"),
    ({"groups": [{"id": "g", "label": "G", "concepts": []}]}, ("groups", 0, "concepts"),
     "non-empty list"),
    ({"groups": [{"id": "g", "label": "G", "concepts": [concept(phrasings=None)]}]},
     ("groups", 0, "concepts", 0, "phrasings"), "non-empty list of strings"),
    ({"concepts": [concept()], "negatives": [concept(id="n", penalty=2)]},
     ("negatives", 0, "penalty"), "between 0 and 1"),
    ({"concepts": [concept()], "negatives": [concept(id="n", weight=1)]},
     ("negatives", 0, "weight"), "unknown field"),
])
def test_errors_name_the_field(data, path, message):
    with pytest.raises(RubricError) as err:
        Rubric.from_dict(data, LEXICON)
    assert err.value.path == path
    assert message in err.value.message


def test_error_text_reads_as_a_field_path():
    data = {"concepts": [concept(), concept(id="c2"), concept(id="c3", phrasings=[])]}
    with pytest.raises(RubricError) as err:
        Rubric.from_dict(data)
    assert str(err.value) == "concepts[2].phrasings: must be a non-empty list of strings"
    assert isinstance(err.value, ValueError)


def test_unknown_lexicon_key_without_a_lexicon():
    with pytest.raises(RubricError, match=re.escape("concepts[0].lexicon[0]: unknown lexicon")):
        Rubric.from_dict({"concepts": [concept(lexicon=["apologise"])]})


def test_lexicon_entries_add_phrasings():
    rubric = Rubric.from_dict({"concepts": [concept(phrasings=["sorry"], lexicon=["apologise"])]},
                              LEXICON)
    assert score("I'd apologise", rubric).concepts[0].hit
    assert score("say sorry", rubric).concepts[0].hit
    assert not score("smile", rubric).concepts[0].hit


def test_a_concept_may_come_only_from_the_lexicon():
    rubric = Rubric.from_dict({"concepts": [{"id": "calm", "label": "Stay calm",
                                             "lexicon": ["stay-calm"]}]}, LEXICON)
    assert score("keep calm", rubric).score == 1.0


FULL = {
    "thresholds": {"partly": 0.3, "secure": 0.7},
    "pass": 0.6,
    "concepts": [
        {"id": "a", "label": "A", "phrasings": ["alpha|first", "beta*"], "weight": 2,
         "required": True, "hint": "Think of Greek letters.", "order": "any", "window": 4},
        {"id": "b", "label": "B", "lexicon": ["apologise"]},
        {"id": "phone", "label": "Phone number", "slot": {"type": "number", "value": "0161 496 0000"}},
    ],
    "groups": [{"id": "g", "label": "G", "min": 1, "weight": 2, "hint": "Any one",
                "concepts": [{"id": "x", "label": "X", "phrasings": ["x-ray"]}]}],
    "negatives": [{"id": "n", "label": "N", "phrasings": ["never mind"], "penalty": 0.5,
                   "reason": "Because."}],
    "similarity": {"weight": 1.5, "answers": ["alpha and beta"], "question": "Which letters?"},
}


def test_round_trip():
    rubric = Rubric.from_dict(FULL, LEXICON)
    again = Rubric.from_dict(rubric.to_dict(), LEXICON)
    assert again == rubric
    assert again.to_dict() == rubric.to_dict()
    assert rubric.to_dict()["concepts"][1]["lexicon"] == ["apologise"]


def test_round_trip_of_defaults_is_minimal():
    data = {"concepts": [{"id": "a", "label": "A", "phrasings": ["alpha"]}]}
    assert Rubric.from_dict(data).to_dict() == data


def test_rubrics_are_immutable():
    rubric = Rubric.from_dict(FULL, LEXICON)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rubric.pass_mark = 0.1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rubric.concepts[0].weight = 5  # type: ignore[misc]
    assert isinstance(rubric.concepts, tuple) and isinstance(rubric.concepts[0].phrasings, tuple)


def test_integer_slot_values_are_accepted():
    rubric = Rubric.from_dict({"concepts": [{"id": "n", "label": "N",
                                             "slot": {"type": "number", "value": 42}}]})
    assert score("it is 42", rubric).score == 1.0
