"""Frames that turn a good phrase bad (issue 20): "it's rude to butt in" says "don't butt in";
"unprofessional behaviour is swearing" says "don't swear". Each row is (phrasing, answer, hit)."""

from __future__ import annotations

import pytest

from quizapp.scoring import Rubric, score

from .helpers import hits

FRAMES = [
    # a judgement of an action: the action reads as negated
    ("don't interrupt|butt", "coz its rude to butt in, makes them feel bad", True),
    ("interrupt", "it's really rude to interrupt them", False),
    ("don't interrupt", "it's really rude to interrupt them", True),
    ("don't ignore", "it would be wrong to ignore the customer", True),
    ("ignore", "it would be wrong to ignore the customer", False),
    # the scope ends at the clause: what follows is plain again
    ("listen", "it's rude to interrupt, so listen", True),
    # a bare adjective frames nothing
    ("shout*", "a rude customer is shouting", True),
    ("rude to customers", "never be rude to customers", False),
    ("bad reviews", "they leave bad reviews", True),
    # the frame word itself still hits
    ("rude", "it's rude to butt in", True),
    # a heading of bad examples: its list reads as negated
    ("swear*", "examples of unprofessional behaviour are swearing, gossiping and texting", False),
    ("don't swear", "examples of unprofessional behaviour are swearing, gossiping and texting",
     True),
    ("don't gossip", "unprofessional behaviour includes swearing, gossiping and texting", True),
    ("don't gossip", "poor customer service is gossiping with mates", True),
    ("be on your phone", "unprofessional: being on your phone. Be polite.", False),
    ("be polite", "unprofessional: being on your phone. Be polite.", True),
    # without the frame the list is what the learner recommends
    ("swear*", "professional behaviour is swearing and gossiping", True),
    # good and bad examples side by side: the question asked for both
    ("frown*", "good: smile, eye contact. bad: frown, folded arms", True),
    ("chew* gum", "good manners is saying sorry, bad is chewing gum", True),
]


@pytest.mark.parametrize("phrasing, answer, expected", FRAMES)
def test_frames_turn_a_good_phrase_bad(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


def test_a_framed_list_costs_marks_instead_of_earning_them():
    rubric = Rubric.from_dict({
        "concepts": [{"id": "polite", "label": "Be polite", "phrasings": ["polite", "manners"]},
                     {"id": "no-swear", "label": "No swearing", "phrasings": ["don't swear"]}],
        "negatives": [{"id": "swear", "label": "Swearing", "phrasings": ["swear*"],
                       "penalty": 0.5, "reason": "Swearing is unprofessional."}],
    })
    framed = score("unprofessional behaviour is swearing, so be polite", rubric)
    plain = score("professional behaviour is swearing, so be polite", rubric)
    assert framed.band == "secure" and framed.score == 1.0
    assert plain.band == "not_yet"
    assert "Swearing is unprofessional." in plain.feedback
