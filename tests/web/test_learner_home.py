"""The read-only views behind the learner's home page and "My progress"
(``services.learner_home``): own qualifications, shares secure, weakest criteria, Continue."""

from __future__ import annotations

from quizapp.services import learner_home
from tests.conftest import PASSWORD
from tests.conftest import login


def cohort_learner(client, make_user, name="homely"):
    make_user(f"t-{name}", "tutor")
    tutor = login(client, f"t-{name}")
    cohort = client.post("/api/v1/cohorts", json={"name": "Wed", "qualification": "TEST-Q"},
                         headers=tutor).json
    res = client.post("/api/v1/auth/register", json={"username": name, "password": PASSWORD,
                                                     "join_code": cohort["join_code"]})
    return res.json["user"]["id"], login(client, name)


def answer(client, headers, session, text, client_id):
    turn = client.get(f"/api/v1/practice/{session}", headers=headers).json["turn"]
    return client.post(f"/api/v1/practice/{session}/answer", headers=headers, json={
        "text": text, "client_id": client_id, "question_id": turn["question_id"]}).json


def test_own_qualification_with_unit_shares(app, client, make_user):
    user_id, headers = cohort_learner(client, make_user)
    sid = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.b"]}, headers=headers).json
    answer(client, headers, sid["session"], "i would shout back at them", "a1")
    with app.app_context():
        assert learner_home.learner_qualification_ids(user_id) == ["TEST-Q"]
        [qual] = learner_home.qualification_shares(user_id, ["TEST-Q"])
        [unit] = qual.units  # the empty unit has nothing to practise
        assert (unit.id, unit.total, unit.secure, unit.started) == ("TEST-Q.U1", 4, 0, 2)
        statuses = {c["id"]: c["label"] for c in unit.criteria}
        assert statuses["TEST-Q.U1.b"] == "Needs work"
        assert statuses["TEST-Q.U1.a"] == "Not started"
        weak_unit, weakest = learner_home.weakest_criteria([qual], limit=3)
        assert weak_unit is unit
        assert [c["status"] for c in weakest][:2] == ["gap", "gap"]
        assert len(weakest) == 3 and weakest[2]["status"] == "not_evidenced"


def test_learner_in_no_cohort_sees_what_they_practised(app, client, make_user):
    user_id = make_user("loner")
    headers = login(client, "loner")
    sid = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=headers).json
    with app.app_context():
        assert learner_home.learner_qualification_ids(user_id) == []
        assert learner_home.practised_qualification_ids(user_id) == []
    answer(client, headers, sid["session"], "stay calm", "l1")
    with app.app_context():
        assert learner_home.practised_qualification_ids(user_id) == ["TEST-Q"]


def test_continue_is_the_latest_begun_unfinished_session(app, client, make_user):
    user_id, headers = cohort_learner(client, make_user, "continuer")
    first = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=headers).json
    with app.app_context():
        assert learner_home.unfinished_session(user_id) is None  # opened, nothing answered
    answer(client, headers, first["session"], "no idea", "c1")
    client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=headers)  # opened only
    with app.app_context():
        found = learner_home.unfinished_session(user_id)
    assert found["id"] == first["session"] and found["kind"] == "unit"
    assert found["unit_id"] == "TEST-Q.U1" and found["total"] == 2


def test_dates_a_learner_reads_are_written_the_uk_way(app, client, make_user):
    """The home page's due date, the quiz's intro and a check quiz's note: "10 January 2030,
    9:00am" in the viewer's zone (the ``tz`` cookie), never ISO or a bare 24-hour clock."""
    from tests.conftest import web_login

    make_user("t-dated", "tutor")
    tutor = login(client, "t-dated")
    cohort = client.post("/api/v1/cohorts", json={"name": "Wed", "qualification": "TEST-Q"},
                         headers=tutor).json
    quiz = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes", json={
        "title": "Check", "units": ["TEST-Q.U1"], "questions": 1, "feedback": "after_due",
        "due": "2030-01-10T14:00:00+00:00"}, headers=tutor).json
    client.post("/api/v1/auth/register", json={"username": "dated", "password": PASSWORD,
                                               "join_code": cohort["join_code"]})
    web_login(client, "dated")
    client.set_cookie("tz", "America/New_York")
    home = client.get("/").get_data(as_text=True)
    assert "due 10 January 2030, 9:00am" in home and "2030-01-10" not in home
    page = client.get(f"/quiz/{quiz['id']}").get_data(as_text=True)
    assert "due 10 January 2030, 9:00am" in page
    assert 'data-check="10 January 2030, 9:00am"' in page
