"""Quizzes a tutor edits, copies and deletes (archived once answered); past due dates refused;
results with re-marks, names in words and per-answer CSV."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, Quiz
from tests.cohorts.conftest import register, set_quiz


def future(days=3):
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def url(cohort, quiz_id=""):
    return f"/api/v1/cohorts/{cohort['id']}/quizzes" + (f"/{quiz_id}" if quiz_id else "")


def test_past_due_date_is_refused(client, cohort, tutor):
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    res = client.post(url(cohort), json={"title": "x", "units": ["TEST-Q.U1"], "due": past},
                      headers=tutor)
    assert res.status_code == 400 and "due date has passed" in res.json["error"]["message"]


def test_patch_changes_only_what_is_sent(client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort)
    res = client.patch(url(cohort, quiz_id), json={"title": "Week 1 recap", "attempts": 2},
                       headers=tutor)
    assert res.status_code == 200, res.json
    assert (res.json["title"], res.json["attempts_allowed"], res.json["questions"]) == (
        "Week 1 recap", 2, 2)
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    bad = client.patch(url(cohort, quiz_id), json={"due": past}, headers=tutor)
    assert bad.status_code == 400 and "due date has passed" in bad.json["error"]["message"]
    bad = client.patch(url(cohort, quiz_id), json={"units": ["OTHER.U1"]}, headers=tutor)
    assert bad.status_code == 400 and "not a unit" in bad.json["error"]["message"]
    assert client.patch(url(cohort, quiz_id), json={"colour": "red"},
                        headers=tutor).status_code == 400


def test_other_tutors_and_learners_cannot_edit(client, cohort, tutor, api_token):
    quiz_id = set_quiz(client, tutor, cohort)
    learner = register(client, cohort, "lea")
    for headers in (api_token("tutor2", "tutor"), learner):
        assert client.patch(url(cohort, quiz_id), json={"title": "x"},
                            headers=headers).status_code == 403
        assert client.delete(url(cohort, quiz_id), headers=headers).status_code == 403
    assert client.patch(url(cohort, 9999), json={"title": "x"}, headers=tutor).status_code == 404


def test_copy_then_delete_an_unanswered_quiz(app, client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort)
    copy = client.post(url(cohort, quiz_id) + "/copy", headers=tutor)
    assert copy.status_code == 201 and copy.json["title"] == "Copy of Week 1 check"
    assert copy.json["due"] is None and copy.json["units"] == ["TEST-Q.U1"]
    res = client.delete(url(cohort, copy.json["id"]), headers=tutor)
    assert res.status_code == 200 and res.json["outcome"] == "deleted"
    with app.app_context():
        assert db.session.get(Quiz, copy.json["id"]) is None


def test_delete_archives_an_answered_quiz_and_keeps_the_answers(app, client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort)
    learner = register(client, cohort, "lea")
    session = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner).json["session"]
    client.post(f"/api/v1/practice/{session}/answer", json={"text": "listen", "client_id": "a"},
                headers=learner)
    res = client.delete(url(cohort, quiz_id), headers=tutor)
    assert res.status_code == 200 and res.json["outcome"] == "archived"
    with app.app_context():
        assert db.session.get(Quiz, quiz_id).archived_at is not None
        assert db.session.scalar(select(Answer).where(Answer.session_id == session))
    assert client.get("/api/v1/me/quizzes", headers=learner).json["quizzes"] == []
    assert client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner).status_code == 404
    assert client.get(f"/api/v1/cohorts/{cohort['id']}/results",
                      headers=tutor).json["quizzes"] == []
    assert client.patch(url(cohort, quiz_id), json={"title": "x"},
                        headers=tutor).status_code == 404


def test_results_use_the_remark_and_name_things_in_words(app, client, cohort, tutor, make_user):
    make_user("asha", "assessor")
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "asha"},
                headers=tutor)
    quiz_id = set_quiz(client, tutor, cohort, questions=1, selection="fixed")
    learner = register(client, cohort, "lea")
    session = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner).json["session"]
    reply = client.post(f"/api/v1/practice/{session}/answer",
                        json={"text": "no idea", "client_id": "a"}, headers=learner).json
    before = client.get(f"/api/v1/cohorts/{cohort['id']}/results", headers=tutor).json
    assert before["quizzes"][0]["learners"][0]["mark"] < 40
    token = client.post("/api/v1/auth/login", json={"username": "asha",
                                                    "password": "correct-horse"}).json["token"]
    client.post(f"/api/v1/answers/{reply['answer_id']}/override",
                json={"score": 0.9, "comment": "Said it in class."},
                headers={"Authorization": f"Bearer {token}"})
    after = client.get(f"/api/v1/cohorts/{cohort['id']}/results", headers=tutor).json
    quiz = after["quizzes"][0]
    assert quiz["learners"][0]["mark"] == 90.0 and quiz["learners"][0]["remarked"] == 1
    assert quiz["answers"][0]["band"] == "secure" and quiz["answers"][0]["remarked"] is True
    assert quiz["question_stats"][0]["prompt"] != quiz["question_stats"][0]["id"]
    assert all(c["text"] != c["id"] for c in after["criteria"])
    assert {c["average_band"] for c in after["criteria"]} == {"secure"}
    csv = client.get(f"/api/v1/cohorts/{cohort['id']}/results.csv",
                     headers=tutor).get_data(as_text=True)
    assert "quiz,learner,question,answer,band,score_percent" in csv
    assert ",no idea,secure,90,not_yet,yes," in csv


def test_results_leave_out_criteria_of_other_qualifications(app, client, cohort, tutor):
    """A shared question can also evidence another qualification's criteria: the cohort's
    results name only its own."""
    from quizapp.models import Criterion, Qualification, Unit, answer_criteria

    quiz_id = set_quiz(client, tutor, cohort, questions=1)
    learner = register(client, cohort, "lea")
    session = client.post(f"/api/v1/quizzes/{quiz_id}/start", headers=learner).json["session"]
    answer_id = client.post(f"/api/v1/practice/{session}/answer",
                            json={"text": "listen", "client_id": "a"},
                            headers=learner).json["answer_id"]
    with app.app_context():
        db.session.add(Qualification(id="OTHER", title="Other", level=2))
        db.session.add(Unit(id="OTHER.U1", qualification_id="OTHER", code="U1", title="Other"))
        db.session.add(Criterion(id="OTHER.U1.1", unit_id="OTHER.U1", number="1.1",
                                 text="something else", kind="knowledge"))
        db.session.flush()
        db.session.execute(answer_criteria.insert().values(answer_id=answer_id,
                                                           criterion_id="OTHER.U1.1"))
        db.session.commit()
    try:
        results = client.get(f"/api/v1/cohorts/{cohort['id']}/results", headers=tutor).json
        ids = {c["id"] for c in results["criteria"]}
        assert ids and all(i.startswith("TEST-Q.") for i in ids)
    finally:
        with app.app_context():
            db.session.execute(answer_criteria.delete().where(
                answer_criteria.c.criterion_id == "OTHER.U1.1"))
            for model, key in ((Criterion, "OTHER.U1.1"), (Unit, "OTHER.U1"),
                               (Qualification, "OTHER")):
                db.session.delete(db.session.get(model, key))
                db.session.commit()
