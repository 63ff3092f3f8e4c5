"""A check quiz's answers (marks shown from its due date) count in the learner's own progress
only from that date; their staff see them at once (``learner_progress.shown_statuses``).

The clock is fixed where the learner's view is read (``learner_progress.utcnow``): the quiz is
set and answered now, for a due date two days on, and read just before and just after it."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, Progress, Quiz, User
from quizapp.services import learner_home, learner_progress, practice, review, reviews
from tests.conftest import web_login

A, B = "TEST-Q.U1.a", "TEST-Q.U1.b"
DUE = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
BEFORE, AFTER = DUE - timedelta(minutes=1), DUE + timedelta(minutes=1)


def _check(client, setup, criterion: str, text: str, client_id: str, due=DUE) -> dict:
    """The tutor sets a check on ``criterion``; the learner answers its one question."""
    quiz = client.post(f"/api/v1/cohorts/{setup['cohort']['id']}/quizzes", json={
        "title": "Check", "criteria": [criterion], "questions": 1, "due": due.isoformat(),
        "feedback": "after_due"}, headers=setup["tutor"])
    assert quiz.status_code == 201, quiz.json
    started = client.post(f"/api/v1/quizzes/{quiz.json['id']}/start", headers=setup["learner"])
    assert started.status_code == 201, started.json
    reply = client.post(f"/api/v1/practice/{started.json['session']}/answer",
                        json={"text": text, "client_id": client_id}, headers=setup["learner"])
    assert reply.status_code == 200 and "band" not in reply.json, reply.json  # marks hidden
    return {"quiz": quiz.json["id"], "answer_id": reply.json["answer_id"]}


@pytest.fixture
def clock(monkeypatch):
    """Sets the time the learner's view is read at."""
    def at(when: datetime) -> None:
        monkeypatch.setattr(learner_progress, "utcnow", lambda: when)
    return at


def _user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def _shown(lea_id: int) -> dict[str, tuple[str, int]]:
    return {cid: (s.status, s.attempts)
            for cid, s in learner_progress.shown_statuses(lea_id).items()}


def _stored(lea_id: int) -> dict[str, tuple[str, int]]:
    return {cid: (p.status, p.attempts) for cid, p in learner_progress.statuses(lea_id).items()}


def _shares(lea_id: int) -> dict[str, tuple[str, int]]:
    shares = learner_home.qualification_shares(lea_id, ["TEST-Q"])
    return {c["id"]: (c["status"], c["attempts"]) for q in shares for u in q.units
            for c in u.criteria}


def _practise_next(lea_id: int) -> list[str]:
    _, picked = learner_home.weakest_criteria(learner_home.qualification_shares(lea_id, ["TEST-Q"]))
    return [c["id"] for c in picked]


def _weakest(lea_id: int) -> list[str]:
    return [w["id"] for w in reviews.weakest(lea_id)]


def _pool_statuses(lea_id: int) -> dict[str, str]:
    return practice._pool_with_status("TEST-Q.U1", None, lea_id)[1]


def _learner_reads(lea_id: int) -> dict:
    return {"shown": _shown(lea_id), "shares": _shares(lea_id),
            "next": _practise_next(lea_id), "weakest": _weakest(lea_id),
            "pool": _pool_statuses(lea_id),
            "report": learner_progress.progress_report(lea_id, "TEST-Q.U1"),
            "own": review.progress_json(_user("lea"), lea_id)["criteria"]}


def test_a_new_criterion_stays_not_evidenced_for_the_learner_until_the_due_date(
        app, client, setup, clock):
    with app.app_context():
        clock(BEFORE)
        before = _learner_reads(setup["lea_id"])
        assert A not in before["shown"]
    _check(client, setup, A, "they are the same", "c1")  # a gap, were it shown
    with app.app_context():
        lea = setup["lea_id"]
        assert _stored(lea)[A] == ("gap", 1)  # stored at once ...
        clock(BEFORE)
        assert _learner_reads(lea) == before  # ... but nothing the learner reads moves
        assert _shares(lea)[A] == ("not_evidenced", 0) and A not in _weakest(lea)
        # staff see it at once: the heat map, the learner's page and the discussion pack
        asha = _user("asha")
        grid = review.heatmap(asha, setup["cohort"]["id"])["rows"]
        assert grid[0]["cells"][A]["status"] == "gap"
        staff_view = {c["id"]: c for c in review.progress_json(asha, lea)["criteria"]}
        assert staff_view[A]["status"] == "gap" and staff_view[A]["attempts"] == 1
        assert len(staff_view[A]["evidence"]) == 1

        clock(AFTER)
        after = _learner_reads(lea)
        assert after["shown"][A] == ("gap", 1) == _stored(lea)[A]
        assert after["shares"][A] == ("gap", 1)
        assert A in after["weakest"] and after["pool"][A] == "gap"
        own = {c["id"]: c for c in after["own"]}
        assert own[A]["status"] == "gap" and len(own[A]["evidence"]) == 1


def test_on_a_criterion_with_practice_the_check_answer_counts_once_from_the_due_date(
        app, client, setup, clock):
    """The learner practised B (the fixture's weak answer); the check's strong answer to B moves
    their status only at the due date, and counts once (two answers, not three)."""
    with app.app_context():
        clock(BEFORE)
        before = _learner_reads(setup["lea_id"])
        assert before["shown"][B][1] == 1 and B in before["weakest"]
    _check(client, setup, B, "keep calm listen and say sorry", "c1")
    with app.app_context():
        lea = setup["lea_id"]
        stored = _stored(lea)
        assert stored[B][1] == 2 and stored[B] != before["shown"][B]
        clock(BEFORE)
        assert _learner_reads(lea) == before
        own = {c["id"]: c for c in review.progress_json(_user("lea"), lea)["criteria"]}
        assert [e["answer_id"] for e in own[B]["evidence"]] == [setup["answer_id"]]

        clock(AFTER)
        for _ in range(2):  # read twice: nothing is added on read
            assert _shown(lea)[B] == stored[B] and _shown(lea)[B][1] == 2
            assert _shares(lea)[B] == stored[B]
        assert db.session.scalar(select(Progress.attempts).where(
            Progress.user_id == lea, Progress.criterion_id == B)) == 2
        assert _pool_statuses(lea)[B] == stored[B][0]


def test_a_due_date_moved_later_keeps_the_answer_waiting_for_the_new_date(
        app, client, setup, clock):
    made = _check(client, setup, A, "they are the same", "c1")
    later = DUE + timedelta(days=3)
    res = client.patch(f"/api/v1/cohorts/{setup['cohort']['id']}/quizzes/{made['quiz']}",
                       json={"due": later.isoformat()}, headers=setup["tutor"])
    assert res.status_code == 200, res.json
    with app.app_context():
        lea = setup["lea_id"]
        clock(AFTER)  # past the first date, before the new one
        assert A not in _shown(lea) and A not in _weakest(lea)
        clock(later + timedelta(minutes=1))
        assert _shown(lea)[A] == ("gap", 1)


def test_an_archived_check_keeps_its_answers_waiting_for_its_due_date(app, client, setup, clock):
    made = _check(client, setup, A, "they are the same", "c1")
    res = client.delete(f"/api/v1/cohorts/{setup['cohort']['id']}/quizzes/{made['quiz']}",
                        headers=setup["tutor"])
    assert res.status_code in (200, 204), res.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Quiz, made["quiz"]).archived_at is not None
        lea = setup["lea_id"]
        clock(BEFORE)
        assert A not in _shown(lea)
        clock(AFTER)
        assert _shown(lea)[A] == ("gap", 1)
        assert db.session.get(Answer, made["answer_id"]) is not None


def test_the_learners_own_api_and_pages_show_no_change_before_the_due_date(app, client, setup):
    """/me/progress, /me/review, the learner's own /learners/<id>/progress, My progress and the
    answers page's badge: the check's answer is not there before the due date; the assessor's
    /learners/<id>/progress has it at once; after the due date the learner's have it."""
    lea, me = setup["lea_id"], setup["learner"]

    def reads():
        mine = {c["id"]: (c["status"], c["attempts"]) for c in client.get(
            "/api/v1/me/progress?unit=TEST-Q.U1", headers=me).json["criteria"]}
        review_ = client.get("/api/v1/me/review", headers=me).json
        own = {c["id"]: (c["status"], c["attempts"], len(c["evidence"])) for c in client.get(
            f"/api/v1/learners/{lea}/progress", headers=me).json["criteria"]}
        return mine, [w["id"] for w in review_["weakest"]], own

    before = reads()
    assert before[0][A] == ("not_evidenced", 0)
    made = _check(client, setup, A, "they are the same", "c1")
    assert reads() == before
    staff = {c["id"]: c for c in client.get(f"/api/v1/learners/{lea}/progress",
                                            headers=setup["assessor"]).json["criteria"]}
    assert staff[A]["status"] == "gap" and staff[A]["attempts"] == 1
    assert [e["answer_id"] for e in staff[A]["evidence"]] == [made["answer_id"]]

    web_login(client, "lea")

    def pages():
        """A's row on My progress (its class names the status) and A's answers page."""
        progress = client.get("/progress/TEST-Q.U1").get_data(as_text=True)
        text = "The difference between hearing and listening"
        row = progress.split(text, 1)[0].rsplit("<li ", 1)[1] + progress.split(text, 1)[1].split(
            "</li>", 1)[0]
        return row, client.get(f"/progress/TEST-Q.U1/{A}").get_data(as_text=True)

    row, badge = pages()
    assert 'class="criterion status-not_evidenced"' in row and "Not started" in row
    assert "Your answers" not in row  # no counted answers to A yet
    assert 'crit-intro status-not_evidenced' in badge and '<span class="badge">Not started' in badge

    with app.app_context():
        db.session.get(Quiz, made["quiz"]).due_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    mine, weakest, own = reads()
    assert mine[A] == ("gap", 1) and A in weakest and own[A] == ("gap", 1, 1)
    row, badge = pages()
    assert 'class="criterion status-gap"' in row and "Needs work" in row and "Your answers" in row
    assert 'crit-intro status-gap' in badge and '<span class="badge">Needs work' in badge
