"""The unit practice page (``/practice/<unit>``) carries on the learner's unfinished run of the
unit (``services.learner_home.unfinished_practice``), so another phone or computer goes back to
where the learner was, as Continue does; ``?criteria=`` carries on a "Practise next" run of just
those criteria; ``?session=`` names one; a run with every question answered is not carried on."""

from __future__ import annotations

from tests.conftest import login, web_login
from tests.web.conftest import chat_session

UNIT = "TEST-Q.U1"
PAGE = f"/practice/{UNIT}"


def _start(client, headers, **body) -> str:
    res = client.post("/api/v1/practice", json=body, headers=headers)
    assert res.status_code == 201, res.json
    return res.json["session"]


def _skip(client, headers, session, cid) -> dict:
    turn = client.get(f"/api/v1/practice/{session}", headers=headers).json["turn"]
    res = client.post(f"/api/v1/practice/{session}/skip", headers=headers,
                      json={"client_id": cid, "question_id": turn["question_id"]})
    assert res.status_code == 200, res.json
    return res.json


def test_the_page_carries_on_the_unfinished_unit_run(client, make_user):
    make_user("unit-learner")
    make_user("unit-other")
    headers = login(client, "unit-learner")
    other = login(client, "unit-other")
    web_login(client, "unit-learner")
    assert chat_session(client, PAGE) == ""  # never practised: a fresh run
    run = _start(client, headers, unit=UNIT)
    assert chat_session(client, PAGE) == ""  # opened, nothing answered: nothing to go back to
    _skip(client, headers, run, "u1")
    assert chat_session(client, PAGE) == run
    assert chat_session(client, f"{PAGE}?session=abc123") == "abc123"  # a named run wins
    # a newer run opened (on some other phone) but not begun does not hide the begun one
    _start(client, headers, unit=UNIT)
    assert chat_session(client, PAGE) == run
    # someone else's run is theirs alone; another unit's, a quiz's or a role-play's is not this
    theirs = _start(client, other, unit=UNIT)
    _skip(client, other, theirs, "o1")
    assert chat_session(client, PAGE) == run
    assert chat_session(client, "/practice/TEST-Q.U2") == ""

    # every question answered (the unit has two): the page no longer carries it on
    assert _skip(client, headers, run, "u2")["next"] is None
    assert chat_session(client, PAGE) == ""


def test_practise_next_carries_on_a_run_of_the_same_criteria(client, make_user):
    make_user("focus-learner")
    headers = login(client, "focus-learner")
    web_login(client, "focus-learner")
    criteria = ["TEST-Q.U1.a", "TEST-Q.U1.b"]  # "Practise next" on the unit's two questions
    focus = _start(client, headers, criteria=criteria)
    _skip(client, headers, focus, "f1")
    asked = f"{PAGE}?criteria={','.join(reversed(criteria))}"  # in any order
    assert chat_session(client, asked) == focus
    # the unit's own page is another run: it does not carry on the criteria one, nor the other
    assert chat_session(client, PAGE) == ""
    unit_run = _start(client, headers, unit=UNIT)
    _skip(client, headers, unit_run, "f2")
    assert chat_session(client, PAGE) == unit_run
    assert chat_session(client, asked) == focus
    assert chat_session(client, f"{PAGE}?criteria={criteria[0]}") == ""  # other criteria
