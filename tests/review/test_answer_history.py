"""The learner's answers to a criterion beside their progress: newest first, the feedback given,
an assessor's re-mark with its comment, "New" until seen (``services.feedback.answer_history``,
``/progress/<unit>/<criterion>``), and the home page pointing to new re-marks."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import event, select

from quizapp.extensions import db
from quizapp.models import Answer, Override
from quizapp.services import feedback
from tests.conftest import web_login

CRIT = "TEST-Q.U1.b"
PAGE = f"/progress/TEST-Q.U1/{CRIT}"


def _answer(client, headers, text: str, client_id: str) -> dict:
    session = client.post("/api/v1/practice", json={"criteria": [CRIT]}, headers=headers).json
    return client.post(f"/api/v1/practice/{session['session']}/answer",
                       json={"text": text, "client_id": client_id}, headers=headers).json


def _remark(client, setup, answer_id: int, band: str, comment: str) -> None:
    res = client.post(f"/api/v1/answers/{answer_id}/override",
                      json={"band": band, "comment": comment}, headers=setup["assessor"])
    assert res.status_code == 201, res.json


class _Statements:
    """Counts the SELECTs run inside the block (the test transaction's SAVEPOINTs aside)."""

    def __enter__(self):
        self.count = 0
        self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def _count(self, conn, cursor, statement, *args):
        self.count += statement.lstrip().upper().startswith("SELECT")

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


def test_history_is_newest_first_with_remarks_in_two_queries(app, client, setup):
    second = _answer(client, setup["learner"], "I would stay calm and listen to them", "a2")
    third = _answer(client, setup["learner"], "say sorry", "a3")
    _remark(client, setup, setup["answer_id"], "partly", "Half way there")
    _remark(client, setup, setup["answer_id"], "secure", "Explained it fully in discussion")
    _remark(client, setup, third["answer_id"], "not_yet", "Too short")
    with app.app_context():
        with _Statements() as sql:
            history = feedback.answer_history(setup["lea_id"], [CRIT])[CRIT]
        assert sql.count == 2
    assert [a["answer_id"] for a in history] == [third["answer_id"], second["answer_id"],
                                                 setup["answer_id"]]
    first = history[-1]
    assert first["text"] == "i would ask my manager to come" and first["band"] == setup["band"]
    assert first["prompt"] and first["feedback"] and not first["hidden"]
    assert [(r["band"], r["comment"], r["assessor"], r["new"]) for r in first["remarks"]] == [
        ("secure", "Explained it fully in discussion", "asha", True),
        ("partly", "Half way there", "asha", True)]
    assert history[1]["remarks"] == []
    with app.app_context():
        assert feedback.unseen_by_criterion(setup["lea_id"], [CRIT, "TEST-Q.U1.a"]) == {CRIT: 3}


def test_the_learner_opens_the_criterion_and_sees_the_remark_new_once(app, client, setup):
    _remark(client, setup, setup["answer_id"], "secure", "Explained it fully in discussion")
    web_login(client, "lea")
    home = client.get("/").get_data(as_text=True)
    assert "Feedback from your assessor" in home and "1 new re-mark of your answers" in home
    progress = client.get("/progress").get_data(as_text=True)
    assert f'href="{PAGE}"' in progress and "New re-mark" in progress
    page = client.get(PAGE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<h1>Your answers: How to deal with an angry customer</h1>" in html  # not "to b"
    assert "Criterion b of " in html
    assert "i would ask my manager to come" in html
    assert "Re-marked: " in html and ">Secure</span>" in html
    assert "Explained it fully in discussion" in html and "asha, " in html
    assert '<span class="new-tag">New</span>' in html
    again = client.get(PAGE).get_data(as_text=True)
    assert "Explained it fully in discussion" in again
    assert '<span class="new-tag">New</span>' not in again
    assert "New re-mark" not in client.get("/progress").get_data(as_text=True)
    assert "Feedback from your assessor" not in client.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Override.seen_at)) is not None


def test_seeing_one_criterion_leaves_other_criteria_new(app, client, setup):
    other = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.a"]},
                        headers=setup["learner"]).json
    answer = client.post(f"/api/v1/practice/{other['session']}/answer",
                         json={"text": "I would listen carefully", "client_id": "o1"},
                         headers=setup["learner"]).json
    _remark(client, setup, setup["answer_id"], "secure", "Good")
    _remark(client, setup, answer["answer_id"], "partly", "Say more")
    web_login(client, "lea")
    client.get(PAGE)
    with app.app_context():
        assert feedback.unseen_by_criterion(setup["lea_id"], [CRIT, "TEST-Q.U1.a"]) == {
            "TEST-Q.U1.a": 1}


def test_a_check_quiz_hides_its_mark_until_the_due_date(app, client, setup):
    due = datetime.now(UTC) + timedelta(days=2)
    quiz = client.post(f"/api/v1/cohorts/{setup['cohort']['id']}/quizzes", json={
        "title": "Check", "units": ["TEST-Q.U1"], "questions": 2, "due": due.isoformat(),
        "feedback": "after_due"}, headers=setup["tutor"]).json
    session = client.post(f"/api/v1/quizzes/{quiz['id']}/start", headers=setup["learner"]).json
    assert session.get("session"), session
    reply = client.post(f"/api/v1/practice/{session['session']}/answer",
                        json={"text": "I would keep calm", "client_id": "q1"},
                        headers=setup["learner"]).json
    with app.app_context():
        crits = [c.id for c in db.session.get(Answer, reply["answer_id"]).criteria]
        found = [a for cid in crits
                 for a in feedback.answer_history(setup["lea_id"], crits)[cid]
                 if a["answer_id"] == reply["answer_id"]]
        assert found and all(a["hidden"] and a["band"] is None and a["feedback"] is None
                             for a in found)
        shown = feedback.answer_history(setup["lea_id"], crits, now=due + timedelta(1))
        assert any(a["band"] and not a["hidden"] for cid in crits for a in shown[cid]
                   if a["answer_id"] == reply["answer_id"])


def test_an_unknown_criterion_or_one_of_another_unit_is_a_404(client, setup):
    web_login(client, "lea")
    assert client.get("/progress/TEST-Q.U1/NOPE").status_code == 404
    assert client.get(f"/progress/NOPE/{CRIT}").status_code == 404


def test_the_feedback_page_names_the_criteria_and_links_to_the_answers(client, setup):
    _remark(client, setup, setup["answer_id"], "secure", "Good")
    web_login(client, "lea")
    page = client.get("/feedback/").get_data(as_text=True)
    assert f'<a href="{PAGE}">b: How to deal with an angry customer</a>' in page


def test_a_remark_of_a_check_answer_waits_for_the_due_date_too(app, client, setup):
    """An assessor's re-mark of a check quiz's answer would tell its mark before the due date:
    the learner's answers page, their feedback (page and API) and the "new" counts leave it out
    until then, and it is still new when it shows."""
    due = datetime.now(UTC) + timedelta(days=2)
    quiz = client.post(f"/api/v1/cohorts/{setup['cohort']['id']}/quizzes", json={
        "title": "Check", "units": ["TEST-Q.U1"], "questions": 2, "due": due.isoformat(),
        "feedback": "after_due"}, headers=setup["tutor"]).json
    session = client.post(f"/api/v1/quizzes/{quiz['id']}/start", headers=setup["learner"]).json
    reply = client.post(f"/api/v1/practice/{session['session']}/answer",
                        json={"text": "I would keep calm", "client_id": "q1"},
                        headers=setup["learner"]).json
    _remark(client, setup, reply["answer_id"], "secure", "Secret early verdict")
    with app.app_context():
        answer = db.session.get(Answer, reply["answer_id"])
        crits = [c.id for c in answer.criteria]
        unit = answer.criteria[0].unit_id
        history = feedback.answer_history(setup["lea_id"], crits)
        assert all(a["remarks"] == [] for cid in crits for a in history[cid]
                   if a["answer_id"] == reply["answer_id"])
        assert feedback.unseen_by_criterion(setup["lea_id"], crits) == {}
        assert feedback.unseen_count(setup["lea_id"]) == 0
    assert client.get("/api/v1/me/feedback", headers=setup["learner"]).json["remarks"] == []
    web_login(client, "lea")
    for path in [f"/progress/{unit}/{c}" for c in crits] + ["/feedback/", "/progress", "/"]:
        html = client.get(path).get_data(as_text=True)
        assert "Secret early verdict" not in html and "New re-mark" not in html, path
    with app.app_context():
        assert db.session.scalar(select(Override.seen_at)) is None  # not seen: not shown
        db.session.get(Answer, reply["answer_id"]).session.quiz.due_at = (
            datetime.now(UTC) - timedelta(minutes=1))
        db.session.commit()
        assert feedback.unseen_count(setup["lea_id"]) == 1
    assert "Secret early verdict" in client.get(
        f"/progress/{unit}/{crits[0]}").get_data(as_text=True)


def test_a_check_quizs_turns_carry_no_hint_before_the_due_date(client, setup):
    """The turn's ``hint`` (kept by the service worker for offline) is for marks shown now: a
    check quiz's start, its state and the next turn after an answer carry none."""
    due = datetime.now(UTC) + timedelta(days=2)
    quiz = client.post(f"/api/v1/cohorts/{setup['cohort']['id']}/quizzes", json={
        "title": "Check", "units": ["TEST-Q.U1"], "questions": 2, "due": due.isoformat(),
        "feedback": "after_due"}, headers=setup["tutor"]).json
    started = client.post(f"/api/v1/quizzes/{quiz['id']}/start", headers=setup["learner"]).json
    sid = started["session"]
    turns = [started["turn"],
             client.get(f"/api/v1/practice/{sid}", headers=setup["learner"]).json["turn"]]
    reply = client.post(f"/api/v1/practice/{sid}/answer",
                        json={"text": "I would keep calm", "client_id": "h1",
                              "question_id": started["turn"]["question_id"]},
                        headers=setup["learner"]).json
    turns.append(reply["next"])
    assert len([t for t in turns if t]) == 3 and any(t["has_hint"] for t in turns)
    assert [t["hint"] for t in turns] == [None, None, None]
    assert "hint" not in reply
    assert client.get(f"/api/v1/practice/{sid}/hint",
                      headers=setup["learner"]).status_code == 409
