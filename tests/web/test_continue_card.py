"""The home page's Continue card says how far the learner got: the question of a quiz or unit
run, the reply of a role-play where every way on takes the same number of replies ("reply 2 of
3"), else (a branching role-play) the replies given so far."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

from quizapp.models import ScenarioRecord
from tests.conftest import login, web_login
from tests.web.conftest import say

SCENARIO = Path(__file__).resolve().parents[1] / "data/banks/scenarios/test-message.yaml"
TITLE = "Take a message for a colleague"


def _card(client) -> str:
    """The Continue card's line, or "" when the home page has no Continue card."""
    html = client.get("/").get_data(as_text=True)
    found = re.search(r'<section class="card continue".*?<p class="muted">(.*?)</p>', html, re.S)
    return " ".join(found.group(1).split()) if found else ""


def _run(client, headers, scenario: str = "test-message") -> str:
    res = client.post("/api/v1/practice", json={"scenario": scenario}, headers=headers)
    assert res.status_code == 201, res.json
    return res.json["session"]


def _learner(client, make_user, name):
    make_user(name)
    headers = login(client, name)
    web_login(client, name)
    return headers


def test_a_roleplay_with_a_fixed_count_says_which_reply_of_how_many(client, make_user):
    headers = _learner(client, make_user, "counted")
    run = _run(client, headers)
    assert _card(client) == ""  # opened, no reply yet
    # a good greeting goes straight to the number, then the message: three replies in all
    first = say(client, headers, run, "Good morning, how can I help?", "c1")
    assert _card(client) == f"{TITLE}: reply 2 of 3"
    line = first["next"]["lines"][0]
    phone = re.search(r"0113 496 0\d{3}", line).group(0)
    say(client, headers, run, "could you say that again?", "c2")  # an ask: not a reply marked
    assert _card(client) == f"{TITLE}: reply 2 of 3"
    say(client, headers, run, f"so that's {phone}, is that right?", "c3")
    assert _card(client) == f"{TITLE}: reply 3 of 3"


def test_the_count_follows_the_branch_taken(client, make_user):
    headers = _learner(client, make_user, "curt")
    run = _run(client, headers)
    # a curt greeting upsets the caller: an apology comes first, four replies in all
    say(client, headers, run, "what do you want", "b1")
    assert _card(client) == f"{TITLE}: reply 2 of 4"


def test_a_branching_roleplay_says_the_replies_so_far(app, client, make_user, db):
    # the number turn ends the call when the learner gets it wrong: one more reply, or two
    raw = copy.deepcopy(yaml.safe_load(SCENARIO.read_text()))
    raw.update(id="test-message-short", title="A message, or not")
    number = next(t for t in raw["turns"] if t["id"] == "number")
    number["branches"] = [{"when": {"band": "not_yet"}, "goto": "end"}]
    raw.pop("test_transcripts")
    with app.app_context():
        db.session.add(ScenarioRecord(
            id=raw["id"], title=raw["title"], type=raw["type"], criteria=["TEST-Q.U1.1.1"],
            data={"scenario": raw, "lexicon": {}}, source="test", content_hash="x", active=True))
        db.session.commit()
    headers = _learner(client, make_user, "branching")
    run = _run(client, headers, raw["id"])
    say(client, headers, run, "Good morning, how can I help?", "s1")
    assert _card(client) == "A message, or not: 1 reply so far"
    say(client, headers, run, "could you say that again?", "s2")  # an ask, not marked
    assert _card(client) == "A message, or not: 1 reply so far"


def test_quiz_and_unit_runs_still_say_the_question(client, make_user):
    headers = _learner(client, make_user, "questioner")
    run = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=headers).json
    client.post(f"/api/v1/practice/{run['session']}/skip", headers=headers,
                json={"client_id": "q1", "question_id": run["turn"]["question_id"]})
    assert _card(client) == "Unit 1: Communicate with customers: question 2 of 2"
