"""Table-driven cases from the content writers' matching reports (each failing example is a case).

Every row is (phrasing(s), answer, expected hit); the comment above a table names the report.
"""

from __future__ import annotations

import pytest

from quizapp.scoring.normalise import analyse, stem

from .helpers import hits

# Report 4: "id" is not "I'd"; only "i'd" with an apostrophe expands. A phrasing word in capitals
# that is a stop word ("IT", "US") is that word as typed, case-sensitive and required.
CONTRACTIONS_AND_CAPITALS = [
    ("ID", "show me your ID", True),
    ("ID", "show me your id", True),
    ("check id", "I would check their id", True),
    ("ID", "I'd show it to them", False),
    ("I would ask", "I'd ask", True),
    ("IT team", "call the IT team", True),
    ("IT team", "it is a team effort", False),
    ("IT", "it is fine", False),
    ("IT|computer department|team", "ring the IT department", True),
    ("it team", "call the IT team", True),  # lower-case "it" stays an optional stop word
    ("do it", "DO IT NOW", True),  # capitals typed by the learner still read as "it"
]

# Report 5: the synonym table keeps only true equivalents.
SYNONYMS = [
    ("responsibility", "a quick response", False),
    ("responsibility", "take responsibility", True),
    ("answer", "a quick response", True),
    ("answer", "they replied", True),
    ("manager", "ask my supervisor", False),
    ("supervisor", "ask my manager", False),
    ("manager|supervisor|boss", "ask my boss", True),
    ("check right", "check it", False),
    ("confirm", "I would check", False),
    ("check", "I would confirm it", False),
    ("check", "I would verify it", True),
    ("shout", "stand too close", False),
    ("correct", "turn right", False),
    ("mistake", "an error", True),
    ("customer", "the client", True),
]


@pytest.mark.parametrize("phrasing, answer, expected", CONTRACTIONS_AND_CAPITALS)
def test_contractions_and_capitals(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


def test_id_is_not_a_contraction():
    assert analyse("my id").words == ("my", "id")
    assert analyse("I'd go").words == ("i", "would", "go")


@pytest.mark.parametrize("phrasing, answer, expected", SYNONYMS)
def test_synonyms_are_true_equivalents(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


@pytest.mark.parametrize("a, b", [("responsibility", "response"), ("manager", "boss"),
                                  ("supervisor", "manager"), ("confirm", "check"),
                                  ("close", "shut"), ("right", "correct"), ("way", "method")])
def test_words_that_are_not_synonyms_keep_their_own_stems(a, b):
    assert stem(a) != stem(b)
