"""Slots for message-taking: numbers exactly, names with slips, times and dates normalised."""

from __future__ import annotations

import pytest

from quizapp.scoring import Rubric, score


def slot_hit(kind: str, value: str, answer: str) -> tuple[bool, str | None]:
    rubric = Rubric.from_dict({"concepts": [
        {"id": "s", "label": "The detail", "slot": {"type": kind, "value": value}}]})
    c = score(answer, rubric).concepts[0]
    return c.hit, c.evidence


@pytest.mark.parametrize("value, answer, hit", [
    ("07700 900123", "call her on 07700900123", True),
    ("07700 900123", "call her on 07700-900-123 please", True),
    ("07700 900123", "call her on (07700) 900 123", True),
    ("07700 900123", "call her on 07700 900124", False),  # one digit wrong
    ("07700 900123", "call her on 07700 90012", False),  # one digit missing
    ("07700 900123", "ring 0161 496 0000 or 07700 900123", True),
    ("4", "order 4 boxes", True),
    ("4", "order four boxes", True),
    ("4", "order 14 boxes", False),
    ("21", "table twenty-one", True),
    ("ABC123", "ref abc 123", True),
])
def test_numbers_match_digits_exactly(value, answer, hit):
    assert slot_hit("number", value, answer)[0] is hit


@pytest.mark.parametrize("value, answer, hit", [
    ("Mrs Smith", "Mrs Smith called", True),
    ("Mrs Smith", "smith called", True),  # titles are optional
    ("Mrs Smith", "Mrs Smyth called", True),  # a slip
    ("Mrs Smith", "Mrs Jones called", False),
    ("Priya Patel", "priya patell rang", True),
    ("Priya Patel", "priya rang", False),  # every part of the name
    ("Jo Li", "Jo Lu rang", False),  # short names allow no slips
    ("Alexandra Richardson", "alexandra richardsen", True),
])
def test_names_tolerate_slips(value, answer, hit):
    assert slot_hit("name", value, answer)[0] is hit


@pytest.mark.parametrize("value, answer, hit", [
    ("2pm", "she will call at 2pm", True),
    ("2pm", "she will call at 2 pm", True),
    ("2pm", "she will call at 14:00", True),
    ("2pm", "she will call at 14.00", True),
    ("2pm", "she will call at 1400 hours", True),
    ("2pm", "she will call at two o'clock in the afternoon", True),
    ("2pm", "she will call at two o'clock", True),  # no am/pm: either
    ("2pm", "she will call at 2am", False),
    ("2pm", "she will call at 3pm", False),
    ("14:00", "at 2 p.m.", True),
    ("2:30pm", "half past two in the afternoon", True),
    ("2:30pm", "at 14:30", True),
    ("2:30pm", "at 2:15pm", False),
    ("10:45", "quarter to eleven", True),
    ("12:00", "at noon", True),
    ("9am", "nine in the morning", False),  # needs o'clock/am/pm to be a time
    ("9am", "nine o'clock in the morning", True),
])
def test_times_are_normalised(value, answer, hit):
    assert slot_hit("time", value, answer)[0] is hit


@pytest.mark.parametrize("value, answer, hit", [
    ("2025-03-14", "on 14 March", True),
    ("2025-03-14", "on the 14th of March", True),
    ("2025-03-14", "on March 14th, 2025", True),
    ("2025-03-14", "on 14/3/2025", True),
    ("2025-03-14", "on 14/03/25", True),
    ("2025-03-14", "on 3/14", False),  # UK order: day first
    ("2025-03-14", "on 15 March", False),
    ("2025-03-14", "on 14 March 2024", False),
    ("14 Mar", "Friday 14th March", True),
    ("Tuesday", "come back on tuesday", True),
    ("Tuesday", "come back on thursday", False),
])
def test_dates_are_normalised(value, answer, hit):
    assert slot_hit("date", value, answer)[0] is hit


def test_slot_evidence_is_the_learners_words():
    assert slot_hit("number", "07700 900123", "on 07700 900-123 today")[1] == "07700 900-123"
    assert slot_hit("time", "2pm", "at two o'clock in the afternoon!")[1] == \
        "two o'clock in the afternoon"


def test_a_message_rubric():
    rubric = Rubric.from_dict({"concepts": [
        {"id": "who", "label": "Who called", "slot": {"type": "name", "value": "Mr Okafor"}},
        {"id": "number", "label": "Call-back number", "slot": {"type": "number",
                                                               "value": "0161 496 0000"},
         "required": True},
        {"id": "when", "label": "When to call", "slot": {"type": "time", "value": "3pm"}},
        {"id": "what", "label": "What about", "phrasings": ["refund*"]},
    ]})
    good = score("Mr Okafer rang about a refund, call him on 0161 4960000 at 3 o'clock", rubric)
    assert good.band == "secure" and good.passed
    wrong_number = score("Mr Okafor rang about a refund, call 0161 496 0001 at 3pm", rubric)
    assert wrong_number.band == "partly" and not wrong_number.passed
