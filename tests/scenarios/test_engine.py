"""The scenario engine: validation, variables, branches, asks, slot marking and the debrief."""

from __future__ import annotations

import copy
import json

import pytest

from quizapp.scenarios import (
    Scenario,
    ScenarioError,
    Step,
    advance,
    debrief,
    match_ask,
    opening,
    replies_to_come,
    run_transcript,
    start,
)
from quizapp.scenarios.engine import _band_of
from tests.scenarios.conftest import CONVERSATION, LEXICON

MESSAGE = {
    "id": "toy-message",
    "title": "A toy message",
    "type": "telephone_message",
    "setting": {"organisation": "Toy Office", "channel": "telephone", "mood": "calm"},
    "cast": [{"role": "caller", "name": "{caller}", "about": "Wants a call back."}],
    "variables": {
        "caller": {"type": "name", "pool": ["Dev Patel", "Joanne Hughes"]},
        "phone": {"type": "number", "pattern": "07700 900 ###"},
        "time": {"type": "time", "pool": ["2:30pm"]},
        "day": {"type": "date", "pool": ["Tuesday"]},
    },
    "turns": [
        {"id": "call", "lines": ["It's {caller}. Please ask Sam to ring me on {phone} by {time} on {day}."],
         "criteria": ["X.U2.1"],
         "rubric": {"concepts": [
             {"id": "number", "label": "Read the number back", "slot": {"type": "number", "value": "{phone}"}},
             {"id": "check", "label": "Check", "phrasings": ["is that right"]}]},
         "asks": [
             {"id": "spell", "intent": ["could you spell that", "how do you spell your name"],
              "answer": ["It's {caller.spelled}."]},
             {"id": "number", "intent": ["what is the best number", "what is your number", "say the number again"],
              "answer": ["It's {phone}."]},
         ],
         "next": "write"},
        {"id": "write", "message": True, "lines": ["[Write the message for Sam.]"],
         "criteria": ["X.U2.2", "X.U2.1"],
         "rubric": {"concepts": [
             {"id": "name", "label": "the caller's name", "slot": {"type": "name", "value": "{caller}"}},
             {"id": "phone", "label": "the caller's phone number", "slot": {"type": "number", "value": "{phone}"}},
             {"id": "time", "label": "the time", "slot": {"type": "time", "value": "{time}"}},
             {"id": "day", "label": "the day", "slot": {"type": "date", "value": "{day}"}},
             {"id": "action", "label": "call back", "phrasings": ["ring|call back", "ring|call him|her|them"]}]},
         "next": "end"},
    ],
    "debrief": {"summary": "Read numbers back."},
}


@pytest.fixture(scope="module")
def convo():
    return Scenario.from_dict(CONVERSATION, LEXICON)


@pytest.fixture(scope="module")
def message():
    return Scenario.from_dict(MESSAGE, LEXICON)


def play(scenario, lines, seed=0):
    state = start(scenario, seed)
    steps = []
    for line in lines:
        step = advance(scenario, state, line)
        steps.append(step)
        state = step.state
    return state, steps


# ---------------------------------------------------------------- the scenario object

def test_attributes(convo, message):
    assert (convo.id, convo.type, convo.title) == ("toy-angry", "conversation", "A toy angry customer")
    assert convo.setting == {"organisation": "Toy Shop", "channel": "face to face", "mood": "angry"}
    assert convo.criteria_ids() == ["X.U1.1", "X.U1.2", "X.U1.3"]
    assert message.type == "telephone_message"
    assert message.criteria_ids() == ["X.U2.1", "X.U2.2"]
    assert convo.test_transcripts[0]["label"] == "strong"


# ---------------------------------------------------------------- variables and state

def test_variables_are_drawn_per_seed_and_repeatable(convo, message):
    callers = {start(convo, seed)["vars"]["customer"] for seed in range(30)}
    assert len(callers) > 1
    phones = {start(message, seed)["vars"]["phone"] for seed in range(10)}
    assert len(phones) > 1 and all(p.startswith("07700 900 ") and len(p) == 13 for p in phones)
    assert start(convo, 7) == start(convo, 7)


def test_state_is_json_and_starts_empty(convo):
    state = start(convo, 3)
    assert json.loads(json.dumps(state)) == state
    assert state["turn"] == "greet" and state["history"] == [] and state["mood"] == "angry"
    assert state["done"] is False and state["path"] == ["greet"]


def test_opening_fills_variables(convo):
    state = start(convo, 1)
    v = state["vars"]
    assert opening(convo, state) == [f"I'm {v['customer']}. This {v['toy']} broke on day one!"]


def test_advance_is_pure(convo):
    state = start(convo, 0)
    before = copy.deepcopy(state)
    step = advance(convo, state, "sorry, I can swap it")
    assert state == before
    assert step.state is not state and step.state["history"]
    assert json.loads(json.dumps(step.state)) == step.state


# ---------------------------------------------------------------- branches

@pytest.mark.parametrize("lines, path, bands, mood", [
    (["So sorry, I can swap it", "yes"], ["greet", "calm", "good-end"], ["secure", "secure"], "angry"),
    (["calm down, not my problem", "sorry"], ["greet", "angrier", "bad-end"], ["not_yet", "secure"],
     "furious"),
    (["sorry", "I can refund it"], ["greet", "neutral"], ["partly", "secure"], "angry"),
    (["", "?"], ["greet", "neutral"], ["not_yet", "not_yet"], "angry"),
])
def test_branches(convo, lines, path, bands, mood):
    state, steps = play(convo, lines)
    assert state["path"] == path
    assert [s.result.band for s in steps] == bands
    assert state["mood"] == mood
    assert steps[-1].done and state["done"] and state["turn"] is None
    assert steps[-1].reply == [] and steps[-1].debrief is not None
    assert all(s.kind == "marked" for s in steps)


def test_reply_is_the_next_turn_with_variables(convo):
    state = start(convo, 2)
    step = advance(convo, state, "so sorry, I can swap it")
    assert step.reply == [f"Oh, thank you. Can I swap it for another {state['vars']['toy']}?"]
    assert step.criteria == ["X.U1.1", "X.U1.2"] and not step.done and step.debrief is None


def test_ending_summary_in_debrief(convo):
    state, _ = play(convo, ["So sorry, I can swap it", "yes"], seed=4)
    first = state["vars"]["customer"].split()[0]
    assert state["ending"] == "good-end"
    assert debrief(convo, state)["summary"].startswith(f"{first} left happy.")


def _variant(**turn_changes) -> Scenario:
    """CONVERSATION with some turns' fields changed (a field or turn given as None is taken
    out)."""
    data = copy.deepcopy(CONVERSATION)
    data["turns"] = [t for t in data["turns"] if turn_changes.get(t["id"], {}) is not None]
    for turn in data["turns"]:
        for key, value in turn_changes.get(turn["id"], {}).items():
            if value is None:
                turn.pop(key, None)
            else:
                turn[key] = value
    data.pop("test_transcripts")
    return Scenario.from_dict(data, LEXICON)


@pytest.mark.parametrize("changes, counts", [
    # every way from greet takes two replies (greet, then angrier, calm or neutral)
    ({}, {"greet": {2}, "angrier": {1}, "calm": {1}, "neutral": {1}}),
    # neutral goes on to calm: a reply that meets no branch makes it three
    ({"neutral": {"next": "calm"}}, {"greet": {2, 3}, "neutral": {2}, "calm": {1}}),
    # next is the end: a reply that meets no branch ends the run after one
    ({"greet": {"next": "end"}, "neutral": None}, {"greet": {1, 2}}),
])
def test_replies_to_come_counts_each_way_to_an_end(changes, counts):
    scenario = _variant(**changes)
    for turn_id, expected in counts.items():
        assert replies_to_come(scenario, turn_id) == expected
    assert replies_to_come(scenario, None) == {0}  # a finished run
    assert replies_to_come(scenario, "good-end") == {0}


@pytest.mark.parametrize("lines", [
    ["So sorry, I can swap it", "yes", "yes"],
    ["calm down, not my problem", "sorry", "sorry"],
    ["hmm", "I can refund it", "yes", "yes"],
    ["", "?", "?", "?"],
])
def test_replies_to_come_matches_the_replies_played(lines):
    scenario = _variant(neutral={"next": "calm"})
    state = start(scenario, 1)
    left = []
    for line in lines:
        if state["done"]:
            break
        left.append(replies_to_come(scenario, state["turn"]))
        state = advance(scenario, state, line).state
    assert state["done"]
    # at each reply, the replies the run then took (this one included) was one of the counts
    assert all(len(left) - i in counts for i, counts in enumerate(left))


# ---------------------------------------------------------------- asks

@pytest.mark.parametrize("text, ask", [
    ("could you spell that?", "spell"),
    ("how do u spel ur name", "spell"),
    ("Sorry, can you spell your surname please?", "spell"),
    ("what's the best number?", "number"),
    ("whats ur number", "number"),
    ("ok thanks. could you say the number again", "number"),
    ("I'll pass it on", None),
    ("thank you, is that right?", None),
    ("spelling is important", None),
    ("", None),
])
def test_match_ask(message, text, ask):
    found = match_ask(text, message.turn("call").asks)
    assert (found.id if found else None) == ask


def test_an_ask_is_answered_and_stays_on_the_turn(message):
    state = start(message, 5)
    step = advance(message, state, "sorry, could you spell that?")
    last = state["vars"]["caller"].split()[-1]
    assert step.kind == "asked" and step.result is None and step.criteria == []
    assert step.reply == [f"It's {'-'.join(last.upper())}."]
    assert step.state["turn"] == "call" and not step.done
    assert step.state["history"][-1]["kind"] == "asked"


def test_a_secure_reply_with_a_question_is_marked_and_answered(message):
    state = start(message, 5)
    phone = state["vars"]["phone"]
    step = advance(message, state, f"{phone}, is that right? and could you spell your name?")
    assert step.kind == "marked" and step.result.band == "secure"
    assert step.reply[0].startswith("It's ") and step.reply[-1] == "[Write the message for Sam.]"
    assert step.state["turn"] == "write"


# ---------------------------------------------------------------- slot marking and missing details

def _write(message, seed, text):
    state = start(message, seed)
    step = advance(message, state, "{phone} is that right".format(**state["vars"]))
    return state["vars"], advance(message, step.state, text.format(**step.state["vars"]))


@pytest.mark.parametrize("text, missing", [
    ("{caller} rang, ring back on {phone} by 2:30pm Tuesday", []),
    ("{caller} rang. call back {phone} at half past two on tuesday", []),
    ("{caller} called, please ring her on {phone} by 14:30 on tuesday", []),
    ("Mr {caller} - ring back - tel {phone} by 2.30 pm tuesday", []),
])
def test_slots_accept_the_same_detail_written_differently(message, text, missing):
    _, step = _write(message, 0, text)
    assert step.missing == missing
    assert step.result.band == "secure" and step.done


def test_numbers_must_be_exact(message):
    v, step = _write(message, 1, "{caller} rang, ring back on 07700 900 000 by 2:30pm Tuesday")
    if v["phone"].endswith("000"):
        pytest.skip("drew the number used as the wrong one")
    assert step.missing == [f"the caller's phone number (you wrote 07700 900 000; it was {v['phone']})"]


def test_number_spacing_does_not_matter(message):
    v, step = _write(message, 1, "{caller} rang, ring back on " + v_digits(message, 1) + " at 2:30pm Tuesday")
    assert "the caller's phone number" not in " ".join(step.missing)


def v_digits(message, seed):
    return start(message, seed)["vars"]["phone"].replace(" ", "-")


def test_names_are_fuzzy(message):
    state = start(message, 0)
    caller = state["vars"]["caller"]
    first, last = caller.split()
    slip = last[:2] + last[2] * 2 + last[3:]  # one letter doubled
    _, step = _write(message, 0, f"{first} {slip} rang, call back {{phone}} at 2.30pm tuesday")
    assert step.missing == []


def test_wrong_time_and_missing_details_are_reported(message):
    v, step = _write(message, 0, "ring {phone} at 4pm")
    assert step.missing == [
        f"the caller's name (missing; it was {v['caller']})",
        "the time (you wrote 4pm; it was 2:30pm)",
        "the day (missing; it was Tuesday)",
    ]
    assert step.result.band != "secure"


def test_missing_lists_phrasing_concepts_on_the_message_turn(message):
    _, step = _write(message, 0, "{caller} {phone}, 2:30pm Tuesday")
    assert step.missing == ["call back (missing)"]
    assert "Missing or wrong in your message: call back (missing)." in step.debrief["summary"]


# ---------------------------------------------------------------- debrief

def test_debrief_shape_and_evidence(convo):
    state, steps = play(convo, ["I'm so sorry, I can swap it", "yes of course"])
    d = steps[-1].debrief
    assert set(d) == {"summary", "criteria"}
    assert [c["id"] for c in d["criteria"]] == ["X.U1.1", "X.U1.2", "X.U1.3"]
    for c in d["criteria"]:
        assert set(c) == {"id", "band", "evidence"} and c["band"] in ("not_yet", "partly", "secure")
    assert d["criteria"][0]["evidence"] == "I'm so sorry, I can swap it"
    assert "2 replies" in d["summary"] and "Say sorry first." in d["summary"]
    assert debrief(convo, state) == d
    json.dumps(d)


def test_debrief_aggregates_bands_over_turns(convo):
    # X.U1.2 is evidenced twice: not_yet at greet, secure at angrier -> partly
    state, _ = play(convo, ["calm down", "I'm sorry"])
    by_id = {c["id"]: c for c in debrief(convo, state)["criteria"]}
    assert by_id["X.U1.1"]["band"] == "not_yet"
    assert by_id["X.U1.2"]["band"] == "partly"
    assert by_id["X.U1.2"]["evidence"] == "I'm sorry"


@pytest.mark.parametrize("bands, band", [
    (["secure"], "secure"), (["secure", "partly"], "partly"), (["secure", "secure", "partly"], "secure"),
    (["secure", "not_yet"], "partly"), (["partly", "not_yet"], "not_yet"), ([], "not_yet"),
])
def test_band_aggregation(bands, band):
    assert _band_of(bands) == band


# ---------------------------------------------------------------- robustness

@pytest.mark.parametrize("text", ["", "   ", None, 42, "\U0001f600" * 50, "a" * 20000, "{phone}", "?" * 30])
def test_advance_never_raises(message, text):
    state = start(message, 0)
    step = advance(message, state, text)
    assert isinstance(step, Step) and step.kind in ("marked", "asked")


def test_advance_after_the_end_keeps_returning_the_debrief(convo):
    state, _ = play(convo, ["So sorry, I can swap it", "yes"])
    step = advance(convo, state, "hello again")
    assert step.done and step.result is None and step.reply == [] and step.debrief
    assert step.state["history"] == state["history"]


# ---------------------------------------------------------------- validation

def _broken(base, change):
    data = copy.deepcopy(base)
    change(data)
    return data


def _turn(data, tid):
    return next(t for t in data["turns"] if t["id"] == tid)


@pytest.mark.parametrize("base, change, path, words", [
    (CONVERSATION, lambda d: d["turns"].append(
        {"id": "orphan", "lines": ["hi"], "criteria": ["X"], "rubric": {"concepts": [
            {"id": "a", "label": "a", "phrasings": ["a"]}]}, "next": "end"}),
     "turns[6].id", "unreachable turn 'orphan'"),
    (CONVERSATION, lambda d: _turn(d, "calm")["lines"].append("My name is {nobody}."),
     "turns[2].lines[1]", "undefined variable 'nobody'"),
    (MESSAGE, lambda d: _turn(d, "write")["rubric"]["concepts"][1].update(
        slot={"type": "number", "value": "{fax}"}),
     "turns[1].rubric.concepts[1].slot.value", "undefined variable 'fax'"),
    (CONVERSATION, lambda d: _turn(d, "greet")["branches"][0].update(goto="nowhere"),
     "turns[0].branches[0].goto", "unknown turn 'nowhere'"),
    (CONVERSATION, lambda d: _turn(d, "calm").update(next="nowhere"),
     "turns[2].next", "unknown turn 'nowhere'"),
    (CONVERSATION, lambda d: _turn(d, "calm").update(rubric={"concepts": []}),
     "turns[2].rubric", "at least one concept"),
    (CONVERSATION, lambda d: _turn(d, "calm").pop("rubric"), "turns[2].rubric", "needs a rubric"),
    (CONVERSATION, lambda d: d.update(type="quiz"), "type", "must be one of"),
    (CONVERSATION, lambda d: d["setting"].update(channel="pigeon"), "setting.channel", "must be one of"),
    (CONVERSATION, lambda d: d["setting"].update(organisation="{toy} shop"), "setting.organisation",
     "no {variables}"),
    (CONVERSATION, lambda d: _turn(d, "calm").update(criteria="X.U1"), "turns[2].criteria", "list"),
    (CONVERSATION, lambda d: _turn(d, "calm").update(next="greet"), "turns[2].next", "may not loop"),
    (CONVERSATION, lambda d: _turn(d, "greet")["branches"][0]["when"].update(negative="rude"),
     "turns[0].branches[0].when.negative", "unknown negative concept 'rude'"),
    (CONVERSATION, lambda d: _turn(d, "greet")["branches"][1]["when"].update(band="great"),
     "turns[0].branches[1].when.band", "not one of"),
    (CONVERSATION, lambda d: _turn(d, "calm")["lines"].append("{customer.nickname}"),
     "turns[2].lines[1]", "unknown part 'nickname'"),
    (CONVERSATION, lambda d: _turn(d, "calm")["rubric"]["concepts"][0].update(phrasings=[]),
     "turns[2].rubric.concepts[0].phrasings", "non-empty list"),
    (CONVERSATION, lambda d: d["test_transcripts"][0]["turns"].append({"say": "{ghost}"}),
     "test_transcripts[0].turns[2].say", "undefined variable 'ghost'"),
    (MESSAGE, lambda d: _turn(d, "write").pop("message"), "turns", "needs a turn with `message: true`"),
    (CONVERSATION, lambda d: d["turns"][1].update(id="greet"), "turns[1].id", "duplicate turn"),
    (CONVERSATION, lambda d: d.update(colour="red"), "colour", "unknown field"),
])
def test_validation_errors(base, change, path, words):
    with pytest.raises(ScenarioError) as err:
        Scenario.from_dict(_broken(base, change), LEXICON)
    assert str(err.value).startswith(path + ": "), str(err.value)
    assert words in err.value.message


def test_a_pool_value_that_breaks_a_rubric_is_caught():
    data = _broken(CONVERSATION, lambda d: _turn(d, "calm")["rubric"]["concepts"].append(
        {"id": "when", "label": "When", "slot": {"type": "time", "value": "{toy}"}}))
    with pytest.raises(ScenarioError, match=r"^turns\[2\]\.rubric\.concepts\[1\]\.slot\.value"):
        Scenario.from_dict(data, LEXICON)


# ---------------------------------------------------------------- transcripts

def test_run_transcript_passes_and_reports_mismatches(convo):
    assert run_transcript(convo, convo.test_transcripts[0], seed=0) == []
    wrong = {"label": "wrong", "turns": [{"say": "not my problem", "band": "secure", "kind": "marked"},
                                         {"say": "sorry", "turn": "calm"}],
             "path": ["greet", "calm", "good-end"]}
    out = run_transcript(convo, wrong, seed=0)
    assert any("line 1: expected band secure, got not_yet" in m for m in out)
    assert any("line 2: expected to answer turn 'calm', was at 'angrier'" in m for m in out)
    assert any("expected path" in m for m in out)
