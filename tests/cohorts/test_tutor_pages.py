"""The tutor's pages: landing on My cohorts, the quiz form keeping what was typed, past due
dates refused, editing, copying and deleting a quiz, the confirmation before removing a
learner, results in words, and optional units per qualification."""

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Qualification, Quiz, Unit
from quizapp.services.cohorts import optional_units
from tests.cohorts.conftest import register, set_quiz
from tests.conftest import csrf_from, web_login


def _local(days):
    return (datetime.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_a_tutor_lands_on_my_cohorts(client, make_user):
    make_user("tutor1", "tutor")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    res = client.post("/login", data={"username": "tutor1", "password": "correct-horse",
                                      "csrf_token": token})
    assert res.status_code == 302 and res.headers["Location"].endswith("/tutor/")
    assert "<h1>My cohorts</h1>" in client.get("/tutor/").get_data(as_text=True)


def _post_quiz(client, cohort, **fields):
    page = client.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "title": "Week 2", "units": "TEST-Q.U1",
            "questions": "2", "selection": "random", "attempts": "1", "feedback": "immediate",
            **fields}
    return client.post(f"/tutor/cohorts/{cohort['id']}/quizzes", data=data)


def test_quiz_form_keeps_what_was_typed_and_refuses_a_past_due_date(app, client, cohort):
    web_login(client, "tutor1")
    res = _post_quiz(client, cohort, title="Keep me please", due=_local(-1))
    html = res.get_data(as_text=True)
    assert res.status_code == 400
    assert "The due date has passed" in html
    assert 'value="Keep me please"' in html
    assert re.search(r'<input checked[^>]*name="units"[^>]*value="TEST-Q.U1"', html)
    assert "1.1: listen actively" in html  # the criteria picker
    with app.app_context():
        assert db.session.scalar(select(Quiz)) is None
    res = _post_quiz(client, cohort, title="Week 2", due=_local(3))
    assert res.status_code == 302


def test_edit_copy_and_delete_a_quiz_through_the_pages(app, client, cohort, tutor):
    quiz_id = set_quiz(client, tutor, cohort)
    web_login(client, "tutor1")
    edit = client.get(f"/tutor/cohorts/{cohort['id']}/quizzes/{quiz_id}/edit").get_data(
        as_text=True)
    assert 'value="Week 1 check"' in edit
    data = {"csrf_token": csrf_from(edit), "title": "Week 1 recap", "units": "TEST-Q.U1",
            "questions": "3", "selection": "random", "attempts": "2", "feedback": "immediate"}
    res = client.post(f"/tutor/cohorts/{cohort['id']}/quizzes/{quiz_id}/edit", data=data)
    assert res.status_code == 302
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert (quiz.title, quiz.question_count, quiz.attempts_allowed) == ("Week 1 recap", 3, 2)
    res = client.post(f"/tutor/cohorts/{cohort['id']}/quizzes/{quiz_id}/copy",
                      data={"csrf_token": csrf_from(edit)})
    assert res.status_code == 302 and "/edit" in res.headers["Location"]
    page = client.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    assert "Copy of Week 1 recap" in page and "Yes, delete “Week 1 recap”" in page
    res = client.post(f"/tutor/cohorts/{cohort['id']}/quizzes/{quiz_id}/delete",
                      data={"csrf_token": csrf_from(edit)})
    assert res.status_code == 302
    page = client.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    assert "Quiz “Week 1 recap” deleted." in page and "Yes, delete “Week 1 recap”" not in page


def test_removing_a_learner_asks_first_and_learners_link_to_their_answers(client, cohort):
    register(client, cohort, "lea")
    web_login(client, "tutor1")
    page = client.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    assert "1 learner</h3>" in page
    assert "<summary>Remove…</summary>" in page and "Yes, remove lea" in page
    assert '/assessor/learners/' in page


def test_optional_units_are_the_non_mandatory_groups():
    qual = Qualification(id="Q", title="Q", details={"rules": {"groups": [
        {"name": "Mandatory", "units": ["Q.M"], "min": 1},
        {"name": "Optional", "units": ["Q.A", "Q.B"], "min": 1, "max": 1}]}})
    qual.units = [Unit(id=i, code=i, title=i) for i in ("Q.M", "Q.A", "Q.B", "Q.X")]
    assert [u.id for u in optional_units(qual)] == ["Q.A", "Q.B"]


def _own_question(client, cohort, tutor):
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/questions", json={
        "prompt": "What do you do first?", "model_answer": "stay calm",
        "criteria": ["TEST-Q.U1.b"],
        "rubric": {"concepts": [{"id": "calm", "label": "Stay calm",
                                 "phrasings": ["stay calm"]}]},
        "responses": [{"text": "stay calm", "band": "secure"}]}, headers=tutor)
    assert res.status_code == 201, res.json
    return res.json["id"]


def test_a_tutor_edits_and_retires_their_own_question(app, client, cohort, tutor):
    from quizapp.models import Question

    qid = _own_question(client, cohort, tutor)
    web_login(client, "tutor1")
    url = f"/tutor/cohorts/{cohort['id']}/questions/{qid}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Edit question" in page and ">Stay calm</textarea>" in page
    assert "What do you do first?" in page
    assert "b: how to deal with an angry customer" in page  # the picker: not "b how to ..."
    data = {"csrf_token": csrf_from(page), "prompt": "What do you do first with an angry caller?",
            "model_answer": "stay calm and listen", "criteria": "TEST-Q.U1.b",
            "point-0-label": "Stay calm", "point-0-phrasings": "stay calm", "point-0-weight": "1",
            "point-1-label": "Listen", "point-1-phrasings": "listen", "point-1-weight": "1",
            "rubric-extra": "{}", "sample-0-text": "stay calm, listen", "sample-0-band": "secure",
            "action": "save"}
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        q = db.session.get(Question, qid)
        assert q.prompt.endswith("angry caller?") and len(q.rubric["concepts"]) == 2
    res = client.post(f"/tutor/cohorts/{cohort['id']}/questions/{qid}/retire",
                      data={"csrf_token": csrf_from(page)})
    assert res.status_code == 302
    with app.app_context():
        assert db.session.get(Question, qid).active is False
    assert client.get(url).status_code == 404
    assert "angry caller?" not in client.get(f"/tutor/cohorts/{cohort['id']}").get_data(
        as_text=True)
