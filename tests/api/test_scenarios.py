"""Scenarios through the API: catalogue, start, turns, asks, branches, debrief, progress."""

import re

import pytest

from quizapp.extensions import db
from quizapp.models import Answer


@pytest.fixture
def learner(api_token):
    return api_token("scen-learner")


def start(client, headers):
    res = client.post("/api/v1/practice", json={"scenario": "test-message"}, headers=headers)
    assert res.status_code == 201, res.json
    return res.json


def say(client, headers, session, text, cid):
    res = client.post(f"/api/v1/practice/{session}/answer", json={"text": text, "client_id": cid},
                      headers=headers)
    assert res.status_code == 200, res.json
    return res.json


def test_catalogue_lists_scenarios(client, learner):
    cat = client.get("/api/v1/catalogue", headers=learner).json
    (s,) = cat["scenarios"]
    assert s == {"id": "test-message", "title": "Take a message for a colleague",
                 "type": "telephone_message", "criteria": ["TEST-Q.U1.1.1", "TEST-Q.U1.1.2"],
                 "setting": {"organisation": "Test Leisure Centre", "channel": "telephone", "mood": "calm"}}


def test_play_a_telephone_message_to_the_debrief(app, client, learner):
    data = start(client, learner)
    sid, turn = data["session"], data["turn"]
    assert turn["kind"] == "scenario" and "phone rings" in turn["prompt"]
    r1 = say(client, learner, sid, "Good morning, how can I help?", "t1")
    assert r1["band"] == "secure" and r1["criteria"] == ["TEST-Q.U1.1.1"]
    number_line = r1["next"]["lines"][0]
    phone = re.search(r"on (0113 496 0\d{3})", number_line).group(1)
    caller = re.search(r"It's (.+?) here", number_line).group(1)
    colleague = re.search(r"ask (\w+) to ring", number_line).group(1)
    asked = say(client, learner, sid, "sorry could you repeat that", "t2")
    assert asked["kind"] == "ask" and "band" not in asked
    assert phone in asked["next"]["lines"][0]
    r3 = say(client, learner, sid, f"so that's {phone}, is that right?", "t3")
    assert r3["band"] == "secure"
    wrong = phone[:-1] + str((int(phone[-1]) + 1) % 10)
    last = say(client, learner, sid, f"For {colleague}: {caller} rang, please call back on {wrong}", "t4")
    assert last["next"] is None
    assert any("number" in m for m in last["missing"])
    debrief = last["debrief"]
    assert debrief["summary"]
    bands = {c["id"]: c for c in debrief["criteria"]}
    assert bands["TEST-Q.U1.1.1"]["band"] == "secure"
    assert bands["TEST-Q.U1.1.2"]["band"] != "secure"
    # a retry of the last turn returns the same reply and stores nothing twice
    again = say(client, learner, sid, "anything", "t4")
    assert again == last
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Answer)) == 4
    progress = {c["id"]: c for c in client.get("/api/v1/me/progress", headers=learner).json["criteria"]}
    assert progress["TEST-Q.U1.1.2"]["attempts"] == 1
    finished = client.post(f"/api/v1/practice/{sid}/answer", json={"text": "hi", "client_id": "t5"},
                           headers=learner)
    assert finished.status_code == 409
    state = client.get(f"/api/v1/practice/{sid}", headers=learner).json
    assert state["turn"] is None and state["debrief"] == debrief
    assert state["opening"] == ["[The phone rings. Answer it.]"]


def test_a_curt_reply_makes_the_caller_annoyed(client, learner):
    sid = start(client, learner)["session"]
    reply = say(client, learner, sid, "what do you want", "b1")
    assert reply["band"] == "not_yet"
    assert reply["next"]["turn_id"] == "upset" and reply["next"]["mood"] == "annoyed"
    assert "not very friendly" in reply["next"]["prompt"]


def test_variables_differ_between_runs(client, learner):
    phones = set()
    for i in range(6):
        sid = start(client, learner)["session"]
        line = say(client, learner, sid, "hello how can I help", f"v{i}")["next"]["lines"][0]
        phones.add(re.search(r"0113 496 0\d{3}", line).group(0))
    assert len(phones) > 1


def test_scenarios_cannot_be_skipped_and_unknown_ones_404(client, learner):
    sid = start(client, learner)["session"]
    res = client.post(f"/api/v1/practice/{sid}/skip", json={"client_id": "s"}, headers=learner)
    assert res.status_code == 400
    assert client.post("/api/v1/practice", json={"scenario": "nope"}, headers=learner).status_code == 404
    assert client.post("/api/v1/practice", json={"scenario": 3}, headers=learner).status_code == 400
