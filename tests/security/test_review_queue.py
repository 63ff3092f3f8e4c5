"""'Send to test responses' (finding 6 of issue 18): an assessor's re-marked answer goes to a
review queue for the owner of the question's bank, never into the question itself (shared
bank questions are used by every cohort)."""

import pytest
from sqlalchemy import select, update

from quizapp.extensions import db
from quizapp.models import Answer, Question, ResponseProposal
from tests.conftest import PASSWORD, login

SHARED = "TEST-Q.U1.q-angry"
ANSWER = "i would ask my manager to come"


@pytest.fixture
def world(client, make_user):
    make_user("tutor1", "tutor")
    make_user("asha", "assessor")
    tutor = login(client, "tutor1")
    cohort = client.post("/api/v1/cohorts", json={"name": "C1", "qualification": "TEST-Q"},
                         headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "asha"},
                headers=tutor)
    client.post("/api/v1/auth/register", json={"username": "lea", "password": PASSWORD,
                                               "join_code": cohort["join_code"]})
    learner = login(client, "lea")
    session = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.b"]},
                          headers=learner).json
    answer = client.post(f"/api/v1/practice/{session['session']}/answer", headers=learner,
                         json={"text": ANSWER, "client_id": "a1"}).json["answer_id"]
    return {"cohort": cohort["id"], "tutor": tutor, "assessor": login(client, "asha"),
            "answer": answer}


def _send(client, world):
    return client.post(f"/api/v1/answers/{world['answer']}/override", headers=world["assessor"],
                       json={"score": 0.8, "comment": "valid", "send_to_test_responses": True})


def _snapshot(app, question_id):
    with app.app_context():
        q = db.session.get(Question, question_id)
        return (q.flagged, list(q.review_responses), list(q.test_responses), dict(q.rubric))


def test_a_shared_question_is_not_touched_and_its_maintainers_see_the_queue(app, client, world):
    before = _snapshot(app, SHARED)
    assert _send(client, world).status_code == 201
    assert _snapshot(app, SHARED) == before
    out = app.test_cli_runner().invoke(args=["banks", "flagged"]).output
    assert f"question {SHARED}" in out and ANSWER in out and "asha: valid" in out


def test_a_cohort_questions_proposals_are_queued_for_its_tutors(app, client, world, make_user):
    rubric = client.post(f"/api/v1/cohorts/{world['cohort']}/questions/propose",
                         headers=world["tutor"], json={
                             "prompt": "What do you do when a customer shouts?",
                             "model_answer": "Stay calm and listen."}).json["rubric"]
    saved = client.post(f"/api/v1/cohorts/{world['cohort']}/questions", headers=world["tutor"],
                        json={"prompt": "What do you do when a customer shouts?",
                              "model_answer": "Stay calm and listen.",
                              "criteria": ["TEST-Q.U1.b"], "rubric": rubric,
                              "responses": [{"text": "stay calm, listen", "band": "secure"}]})
    assert saved.status_code == 201, saved.json
    own = saved.json["id"]
    with app.app_context():  # the learner's answer was to this cohort's question
        db.session.execute(update(Answer).where(Answer.id == world["answer"])
                           .values(question_id=own))
        db.session.commit()
    before = _snapshot(app, own)
    assert _send(client, world).status_code == 201
    assert _snapshot(app, own) == before
    listed = client.get(f"/api/v1/cohorts/{world['cohort']}/questions",
                        headers=world["tutor"]).json["questions"]
    (question,) = [q for q in listed if q["id"] == own]
    assert question["flagged"] is True
    assert [(p["text"], p["band"], p["assessor"]) for p in question["proposed_responses"]] == [
        (ANSWER, "secure", "asha")]
    with app.app_context():
        proposal = db.session.scalar(select(ResponseProposal))
        assert proposal.cohort_id == world["cohort"]
    # another tutor's cohort sees nothing of it
    make_user("tutor2", "tutor")
    other = login(client, "tutor2")
    assert client.get(f"/api/v1/cohorts/{world['cohort']}/questions",
                      headers=other).status_code == 403
