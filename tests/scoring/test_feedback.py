"""Feedback a Level 1 learner can read: their words first, one next step, reasons, no bare numbers."""

from __future__ import annotations

import re

import pytest

from quizapp.scoring import ConceptResult, Rubric, build_feedback, score

RUBRIC = Rubric.from_dict({
    "concepts": [
        {"id": "listen", "label": "Listen carefully", "phrasings": ["listen* carefully"],
         "hint": "What do you do with your ears?"},
        {"id": "no-interrupt", "label": "Do not interrupt", "phrasings": ["don't interrupt"],
         "required": True, "hint": "Should you talk while they are talking?"},
        {"id": "summarise", "label": "Summarise back", "phrasings": ["summar*"]},
    ],
    "negatives": [{"id": "argue", "label": "Arguing", "phrasings": ["argue"], "penalty": 0.3,
                   "reason": "Arguing makes an upset customer angrier."}],
})


def fb(answer: str) -> str:
    return score(answer, RUBRIC).feedback


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


@pytest.mark.parametrize("answer", [
    "", "I'd lisen realy carefully", "listen carefully and never interrupt, then summarise",
    "argue with them", "summarise and argue",
])
def test_plain_short_sentences_and_at_most_one_next_step(answer):
    text = fb(answer)
    assert text.count("Next step") <= 1
    for s in sentences(text):
        words = [w for w in s.split() if not w.startswith("\u201c")]
        assert len(s.split()) <= 25, s
        assert words
    # never a raw number: every number says what it counts
    for m in re.finditer(r"\d+", text):
        after = text[m.end(): m.end() + 25]
        assert re.match(r" of the \d+ key points?| key points?", after), text


def test_quotes_the_learners_own_words_first():
    text = fb("I'd lisen realy carefully")
    assert text.index("\u201clisen realy carefully\u201d") < text.index("Next step")
    assert "1 of the 3 key points" in text


def test_next_step_is_the_required_missed_concepts_hint():
    text = fb("I'd listen carefully and summarise")
    assert "Next step: Should you talk while they are talking?" in text


def test_missed_concept_without_hint_names_its_label():
    rubric = Rubric.from_dict({"concepts": [
        {"id": "a", "label": "Smile", "phrasings": ["smile"]},
        {"id": "b", "label": "Eye contact", "phrasings": ["eye contact"]}]})
    assert "Next step: try to say something about eye contact." in score("smile", rubric).feedback


def test_negative_reason_is_explained():
    text = fb("listen carefully but argue")
    assert "Be careful: you said \u201cargue\u201d. Arguing makes an upset customer angrier." in text


def test_nothing_right_yet():
    text = fb("no idea")
    assert text.startswith("Not there yet.")
    assert "I could not find any of the 3 key points" in text


def test_everything_right():
    text = fb("listen carefully, never interrupt, and summarise")
    assert text.startswith("Well done.") and "You made all 3 key points." in text
    assert "of the 3" not in text and "Next step" not in text
    assert "Next step" not in text


def test_long_evidence_is_shortened():
    c = ConceptResult(id="a", label="A", hit=True, evidence="word " * 40)
    assert "..." in build_feedback([c], "secure")


GROUP = Rubric.from_dict({
    "concepts": [{"id": "greet", "label": "Greet them", "phrasings": ["hello"],
                  "required": True, "hint": "What do you say first?"}],
    "groups": [{"id": "ways", "label": "Three ways to help", "min": 3, "concepts": [
        {"id": "a", "label": "Smile", "phrasings": ["smile"]},
        {"id": "b", "label": "Listen", "phrasings": ["listen"]},
        {"id": "c", "label": "Nod", "phrasings": ["nod"]},
        {"id": "d", "label": "Thank them", "phrasings": ["thank"], "hint": "Say what?"}]}],
    "negatives": [{"id": "shout", "label": "Shouting", "phrasings": ["shout"],
                   "reason": "Shouting upsets people."}],
})


@pytest.mark.parametrize("answer, band, reason, count", [
    ("hello, smile, listen and nod", "secure", None, "You made all 4 key points."),
    # a group of "any 3" counts 3 key points, not its 4 members
    ("hello and smile", "partly", "not enough of them yet to be secure",
     "You made 2 of the 4 key points."),
    ("smile, listen, nod and thank them", "partly", "it must say something about greet them",
     "You made 3 of the 4 key points."),
    # one correct point and little else: Partly, and it says what to add
    ("smile", "partly", "It makes a correct point: now add something about greet them",
     "You made 1 of the 4 key points."),
    ("smile, then carry on with my other jobs around the shop floor today", "not_yet",
     "a correct idea, but not enough yet", "You made 1 of the 4 key points."),
    ("shout hello", "not_yet", "part of it is not right", None),
    ("no idea", "not_yet", None, "I could not find any of the 4 key points"),
])
def test_the_reason_for_the_band_is_shown(answer, band, reason, count):
    r = score(answer, GROUP)
    assert r.band == band
    lines = sentences(r.feedback)
    if reason:
        assert reason in lines[1] or reason in lines[2], r.feedback
    else:
        assert "because" not in r.feedback and "not enough" not in r.feedback
    if count:
        assert count in r.feedback


def test_no_next_step_once_every_key_point_is_made():
    assert "Next step" not in score("hello, smile, listen and nod", GROUP).feedback
    assert "Next step" in score("hello and smile", GROUP).feedback


def test_an_answer_that_also_says_something_wrong_is_not_secure():
    r = score("hello, smile, listen and nod, then shout", GROUP)
    assert r.score >= 0.75  # the score alone would be secure
    assert r.band == "partly"
    assert "It is not secure because part of it is not right" in r.feedback
    assert "Shouting upsets people." in r.feedback
