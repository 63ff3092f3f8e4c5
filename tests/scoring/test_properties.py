"""Hypothesis properties: any text scores in [0, 1] without raising; more of a point never hurts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.scoring import BANDS, Rubric, derive_rubric, score

RUBRIC = Rubric.from_dict({
    "concepts": [
        {"id": "listen", "label": "Listen", "phrasings": ["listen* carefully|closely", "pay attention"],
         "weight": 2},
        {"id": "no-interrupt", "label": "Don't interrupt", "phrasings": ["don't interrupt"],
         "required": True},
        {"id": "summarise", "label": "Summarise", "phrasings": ["summar*"], "order": "any"},
        {"id": "phone", "label": "Phone", "slot": {"type": "number", "value": "0161 496 0000"}},
        {"id": "time", "label": "Time", "slot": {"type": "time", "value": "2pm"}},
    ],
    "groups": [{"id": "signs", "label": "Signs", "min": 2, "concepts": [
        {"id": "nod", "label": "Nod", "phrasings": ["nod"]},
        {"id": "smile", "label": "Smile", "phrasings": ["smile"]},
        {"id": "eye", "label": "Eye contact", "phrasings": ["eye contact"], "window": 3}]}],
    "negatives": [{"id": "argue", "label": "Argue", "phrasings": ["argue"], "penalty": 0.4}],
})
DERIVED = derive_rubric("How did you separate the salt from the water?",
                        ["The water was evaporated, leaving the salt.", "Evaporate the water."])
PHRASINGS = ["listen carefully", "pay attention", "I won't interrupt", "summarise",
             "0161 496 0000", "at 2pm", "nod", "smile", "eye contact"]
WORDS = st.sampled_from("listen carefully not never don't interrupt , . but and then nod smile "
                        "eye contact argue summary 2pm 0161 496 0000 the customer I would "
                        "without care".split())
TEXT = st.one_of(st.text(max_size=5000), st.lists(WORDS, max_size=40).map(" ".join))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_any_text_scores_in_range(text):
    for rubric in (RUBRIC, DERIVED):
        res = score(text, rubric)
        assert 0.0 <= res.score <= 1.0
        assert res.band in BANDS and isinstance(res.passed, bool) and res.feedback


@FAST
@given(TEXT, st.sampled_from(PHRASINGS), st.sampled_from([" ", ". ", ", and ", "\n"]))
def test_appending_a_concepts_phrasing_never_lowers_the_score(text, phrasing, sep):
    before = score(text, RUBRIC).score
    assert score(text + sep + phrasing, RUBRIC).score >= before - 1e-9


@FAST
@given(TEXT, st.sampled_from(["\u00a0", "\u2003", "\x1c", "\t", "\u3000", " - "]))
def test_evidence_is_always_the_learners_own_text(text, space):
    answer = space.join([text + ".", "I'd listen", "CAREFULLY", "and nod,", "smile"])
    res = score(answer, RUBRIC)
    for c in res.concepts:
        if c.hit:
            assert c.evidence and c.evidence in answer
    assert res.concepts[0].evidence is not None
