"""Cohorts, join codes, quizzes and results through the API, with every role boundary."""

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import Quiz, User
from tests.cohorts.conftest import register, set_quiz
from tests.conftest import PASSWORD


def test_create_cohort_gives_a_readable_join_code(cohort):
    code = cohort["join_code"]
    assert len(code) == 6 and code.isalnum() and code.isupper()
    assert not set(code) & set("01OI")


@pytest.mark.parametrize("role", ["learner", "assessor"])
def test_only_tutors_create_cohorts(client, api_token, role):
    res = client.post("/api/v1/cohorts", json={"name": "x", "qualification": "TEST-Q"},
                      headers=api_token(f"u-{role}", role))
    assert res.status_code == 403


def test_anonymous_gets_401(client, cohort):
    assert client.post("/api/v1/cohorts", json={"name": "x", "qualification": "TEST-Q"}).status_code == 401
    assert client.get(f"/api/v1/cohorts/{cohort['id']}/results").status_code == 401
    assert client.get("/api/v1/me/quizzes").status_code == 401


def test_cohort_errors(client, tutor):
    res = client.post("/api/v1/cohorts", json={"name": "", "qualification": "TEST-Q"}, headers=tutor)
    assert res.status_code == 400
    res = client.post("/api/v1/cohorts", json={"name": "x", "qualification": "NOPE"}, headers=tutor)
    assert res.status_code == 404


def test_register_with_code_and_join(client, cohort, api_token):
    register(client, cohort, "newbie")
    bad = client.post("/api/v1/auth/register", json={
        "username": "lost", "password": PASSWORD, "join_code": "ZZZZZZ"})
    assert bad.status_code == 404
    # the failed registration created no account
    assert client.post("/api/v1/auth/login", json={"username": "lost", "password": PASSWORD}).status_code == 401
    existing = api_token("already", "learner")
    res = client.post("/api/v1/cohorts/join", json={"code": cohort["join_code"].lower()}, headers=existing)
    assert res.status_code == 200 and res.json["id"] == cohort["id"]
    again = client.post("/api/v1/cohorts/join", json={"code": cohort["join_code"]}, headers=existing)
    assert again.status_code == 200


def test_attach_assessor(client, cohort, tutor, api_token, make_user):
    make_user("asha", "assessor")
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "asha"}, headers=tutor)
    assert res.status_code == 201
    make_user("lee", "learner")
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "lee"}, headers=tutor)
    assert res.status_code == 400
    other_tutor = api_token("tutor2", "tutor")
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "asha"},
                      headers=other_tutor)
    assert res.status_code == 403


def test_quiz_flow_and_results(client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort)
    learner = register(client, cohort, "lea")
    mine = client.get("/api/v1/me/quizzes", headers=learner).json["quizzes"]
    assert [q["id"] for q in mine] == [quiz_id]
    assert mine[0]["status"] == "not_started" and mine[0]["due"]
    start = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner)
    assert start.status_code == 201
    session = start.json["session"]
    turn = start.json["turn"]
    for i in range(2):
        text = "stay calm, listen and say sorry" if "shouting" in turn["prompt"] else \
            "hearing is just sound, listening means paying attention"
        reply = client.post(f"/api/v1/practice/{session}/answer",
                            json={"text": text, "client_id": f"q{i}"}, headers=learner).json
        assert reply["band"] == "secure"
        turn = reply["next"]
    assert turn is None
    # one attempt allowed
    again = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner)
    assert again.status_code == 409 and "attempts" in again.json["error"]["message"]
    results = client.get(f"/api/v1/cohorts/{cohort['id']}/results", headers=tutor).json
    (quiz,) = results["quizzes"]
    (row,) = quiz["learners"]
    assert row["learner"] == "lea" and row["status"] == "finished" and row["mark"] > 80
    assert {q["id"] for q in quiz["question_stats"]} == {"TEST-Q.U1.q-listening", "TEST-Q.U1.q-angry"}
    assert all(q["facility"] > 80 for q in quiz["question_stats"])
    assert {c["id"] for c in results["criteria"]} >= {"TEST-Q.U1.a", "TEST-Q.U1.b"}
    csv = client.get(f"/api/v1/cohorts/{cohort['id']}/results.csv", headers=tutor)
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "Week 1 check,lea,finished" in csv.get_data(as_text=True)


def test_results_are_for_the_cohorts_staff_only(client, cohort, tutor, api_token, make_user):
    learner = register(client, cohort, "lea")
    assert client.get(f"/api/v1/cohorts/{cohort['id']}/results", headers=learner).status_code == 403
    other = api_token("tutor2", "tutor")
    assert client.get(f"/api/v1/cohorts/{cohort['id']}/results", headers=other).status_code == 403
    outsider_assessor = api_token("ass2", "assessor")
    assert client.get(f"/api/v1/cohorts/{cohort['id']}/results", headers=outsider_assessor).status_code == 403
    make_user("asha", "assessor")
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "asha"}, headers=tutor)
    token = client.post("/api/v1/auth/login", json={"username": "asha", "password": PASSWORD}).json["token"]
    res = client.get(f"/api/v1/cohorts/{cohort['id']}/results", headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 200


def test_check_quiz_hides_feedback_until_due(app, client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort, feedback="after_due", questions=1)
    learner = register(client, cohort, "lea")
    session = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner).json["session"]
    reply = client.post(f"/api/v1/practice/{session}/answer",
                        json={"text": "no idea", "client_id": "h1"}, headers=learner).json
    assert "band" not in reply and "model_answer" not in reply and "concepts" not in reply
    assert "after the due date" in reply["feedback"]
    with app.app_context():
        db.session.get(Quiz, quiz_id).due_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    state = client.get(f"/api/v1/practice/{session}", headers=learner).json
    assert state["history"][0]["band"] in ("not_yet", "partly", "secure")
    review = client.get(f"/api/v1/practice/{session}/summary", headers=learner).json
    assert review["items"][0]["band"] in ("not_yet", "partly", "secure")
    assert review["score"] is not None


def test_check_quiz_before_its_due_date_gives_no_mark_hint_or_try(app, client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort, feedback="after_due", questions=2)
    learner = register(client, cohort, "lea")
    start = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner).json
    session, qid = start["session"], start["turn"]["question_id"]
    assert client.get(f"/api/v1/practice/{session}/hint", headers=learner).status_code == 409
    assert start["turn"]["hint"] is None  # nor with the turn (the chat shows it offline)
    reply = client.post(f"/api/v1/practice/{session}/answer", headers=learner,
                        json={"text": "no idea", "client_id": "c1", "question_id": qid}).json
    assert reply["tries_left"] == 0 and "hint" not in reply and "key_points" not in reply
    assert reply["next"]["hint"] is None
    summary = client.get(f"/api/v1/practice/{session}/summary", headers=learner).json
    assert summary["score"] is None and summary["items"][0]["band"] is None
    assert client.post("/api/v1/practice", json={"retry_of": session},
                       headers=learner).status_code == 409
    with app.app_context():  # the due date passes with the attempt still open
        db.session.get(Quiz, quiz_id).due_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    late = client.post(f"/api/v1/practice/{session}/answer", headers=learner, json={
        "text": "late answer", "client_id": "c2", "question_id": reply["next"]["question_id"]})
    assert late.status_code == 409 and "closed" in late.json["error"]["message"]
    mine = client.get("/api/v1/me/quizzes", headers=learner).json["quizzes"]
    assert mine[0]["status"] == "closed" and mine[0]["last_session"] == session


def test_a_role_play_check_quiz_shows_no_mark_or_debrief_before_the_due_date(
        client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort, units=[], scenarios=["test-message"],
                       feedback="after_due")
    learner = register(client, cohort, "lea")
    sid = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner).json["session"]
    for i, text in enumerate(["Good morning, how can I help?", "ok", "the number is on the screen",
                              "message for you: someone rang"]):
        reply = client.post(f"/api/v1/practice/{sid}/answer", headers=learner,
                            json={"text": text, "client_id": f"r{i}"}).json
        assert "band" not in reply and "debrief" not in reply and "concepts" not in reply
        if reply["next"] is None:
            break


def test_an_overdue_quiz_says_so(app, client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort)
    learner = register(client, cohort, "lea")
    with app.app_context():
        db.session.get(Quiz, quiz_id).due_at = datetime.now(UTC) - timedelta(days=1)
        db.session.commit()
    mine = client.get("/api/v1/me/quizzes", headers=learner).json["quizzes"]
    assert mine[0]["status"] == "overdue"
    assert client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner).status_code == 409


@pytest.mark.parametrize("body, message", [
    ({"title": "", "units": ["TEST-Q.U1"]}, "title"),
    ({"title": "x"}, "Choose units"),
    ({"title": "x", "units": ["TEST-Q.U1"], "questions": 0}, "questions"),
    ({"title": "x", "units": ["TEST-Q.U1"], "feedback": "later"}, "feedback"),
    ({"title": "x", "units": ["TEST-Q.U1"], "feedback": "after_due"}, "due date"),
    ({"title": "x", "units": ["TEST-Q.U1"], "due": "next tuesday"}, "due"),
    ({"title": "x", "units": ["OTHER.U1"]}, "not a unit"),
    ({"title": "x", "units": ["TEST-Q.U1"], "questions": "ten"}, "whole number"),
])
def test_quiz_validation(client, cohort, tutor, body, message):
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes", json=body, headers=tutor)
    assert res.status_code == 400
    assert message in res.json["error"]["message"]


def test_quiz_not_open_or_closed(app, client, cohort, tutor):
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    quiz_id = set_quiz(client, tutor, cohort, opens=future,
                       due=(datetime.now(UTC) + timedelta(days=2)).isoformat())
    learner = register(client, cohort, "lea")
    res = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner)
    assert res.status_code == 409 and "not open" in res.json["error"]["message"]


def test_learner_of_another_cohort_cannot_take_the_quiz(client, cohort, tutor, api_token):
    quiz_id = set_quiz(client, tutor, cohort)
    stranger = api_token("stranger")
    assert client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=stranger).status_code == 403


def test_remove_learner(app, client, cohort, tutor):
    set_quiz(client, tutor, cohort)
    learner = register(client, cohort, "lea")
    assert len(client.get("/api/v1/me/quizzes", headers=learner).json["quizzes"]) == 1
    with app.app_context():
        lea_id = db.session.scalar(db.select(User.id).where(User.username == "lea"))
    res = client.delete(f"/api/v1/cohorts/{cohort['id']}/learners/{lea_id}", headers=tutor)
    assert res.status_code == 204
    assert client.get("/api/v1/me/quizzes", headers=learner).json["quizzes"] == []


def test_scenario_quiz(client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort, units=[], scenarios=["test-message"], title="Phones")
    bad = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes",
                      json={"title": "x", "scenarios": ["nope"]}, headers=tutor)
    assert bad.status_code == 404
    learner = register(client, cohort, "lea")
    start = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner)
    assert start.status_code == 201 and start.json["turn"]["kind"] == "scenario"
    sid = start.json["session"]
    texts = ["Good morning, how can I help?", "ok", "the number is on the screen"]
    reply = None
    for i, text in enumerate(texts + ["message for you: someone rang"]):
        reply = client.post(f"/api/v1/practice/{sid}/answer", json={"text": text, "client_id": f"s{i}"},
                            headers=learner).json
        if reply.get("debrief"):
            break
    assert reply["debrief"]
    mine = client.get("/api/v1/me/quizzes", headers=learner).json["quizzes"]
    assert mine[0]["status"] == "finished"
    again = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner)
    assert again.status_code == 409
    results = client.get(f"/api/v1/cohorts/{cohort['id']}/results", headers=tutor).json
    row = results["quizzes"][0]["learners"][0]
    assert row["status"] == "finished" and row["mark"] is not None
