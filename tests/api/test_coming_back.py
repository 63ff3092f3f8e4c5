"""Spaced review, the daily goal and streak, and practice time over the API."""

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from quizapp.extensions import db
from quizapp.models import Answer, PracticeSession, ReviewCard, User
from quizapp.models._types import utcnow

ANGRY, LISTENING = "TEST-Q.U1.q-angry", "TEST-Q.U1.q-listening"  # criteria b + 1.1.1; a
SECURE = {ANGRY: "keep calm, listen and say sorry",
          LISTENING: "hearing is just noise but listening is when you pay atention"}
NOT_YET = {ANGRY: "i would shout back at them", LISTENING: "they are the same"}


@pytest.fixture
def learner(api_token):
    return api_token("learner1")


@pytest.fixture
def cohort(client, api_token, learner):
    """A tutor's cohort on TEST-Q, with learner1 in it; the tutor's header."""
    tutor = api_token("tutor1", "tutor")
    made = client.post("/api/v1/cohorts", json={"name": "C", "qualification": "TEST-Q"},
                       headers=tutor).json
    joined = client.post("/api/v1/cohorts/join", json={"code": made["join_code"]},
                         headers=learner)
    assert joined.status_code == 200, joined.json
    return {"id": made["id"], "tutor": tutor}


def _answer(client, headers, question, text, client_id):
    """Start a session on the question's criterion and answer it."""
    criterion = "TEST-Q.U1.a" if question == LISTENING else "TEST-Q.U1.b"
    started = client.post("/api/v1/practice", json={"criteria": [criterion]}, headers=headers)
    session = started.json["session"]
    assert started.json["turn"]["question_id"] == question
    res = client.post(f"/api/v1/practice/{session}/answer",
                      json={"text": text, "client_id": client_id, "question_id": question},
                      headers=headers)
    assert res.status_code == 200, res.json
    return session, res.json


def _cards(app):
    with app.app_context():
        return {c.question_id: (c.due, c.reviews) for c in db.session.scalars(select(ReviewCard))}


def _make_due(app, question, ago=timedelta(hours=1)):
    with app.app_context():
        db.session.execute(update(ReviewCard).where(ReviewCard.question_id == question)
                           .values(due=utcnow() - ago))
        db.session.commit()


def test_a_marked_answer_reviews_its_card_not_yet_sooner_than_secure(app, client, learner):
    _answer(client, learner, ANGRY, NOT_YET[ANGRY], "a1")
    _answer(client, learner, LISTENING, SECURE[LISTENING], "l1")
    cards = _cards(app)
    now = utcnow()
    assert cards[ANGRY][1] == cards[LISTENING][1] == 1
    assert cards[ANGRY][0] - now < timedelta(minutes=15)  # Not yet: back within minutes
    assert cards[LISTENING][0] - now > timedelta(days=1)  # quick and secure: Easy, days away
    assert cards[ANGRY][0] < cards[LISTENING][0]


def test_every_try_reviews_the_card_and_a_replay_does_not(app, client, learner):
    session, first = _answer(client, learner, ANGRY, NOT_YET[ANGRY], "t1")
    assert first["tries_left"]
    body = {"text": SECURE[ANGRY], "client_id": "t2", "question_id": ANGRY}
    for _ in range(2):  # the same client id twice: one answer, one review
        res = client.post(f"/api/v1/practice/{session}/answer", json=body, headers=learner)
        assert res.status_code == 200
    assert _cards(app)[ANGRY][1] == 2


def test_a_skip_makes_no_card(app, client, learner):
    session = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.b"]},
                          headers=learner).json["session"]
    client.post(f"/api/v1/practice/{session}/skip", json={"client_id": "s1"}, headers=learner)
    assert _cards(app) == {}


def test_a_check_quiz_answer_makes_no_card(app, client, learner, cohort):
    """Its marks wait for the due date, and a schedule (minutes or days away) would tell."""
    due = (utcnow() + timedelta(days=3)).isoformat()
    quiz = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes", headers=cohort["tutor"],
                       json={"title": "Check", "criteria": ["TEST-Q.U1.b"], "questions": 1,
                             "feedback": "after_due", "due": due}).json["id"]
    started = client.post(f"/api/v1/quizzes/{quiz}/start", headers=learner).json
    res = client.post(f"/api/v1/practice/{started['session']}/answer", headers=learner,
                      json={"text": NOT_YET[ANGRY], "client_id": "q1",
                            "question_id": started["turn"]["question_id"]})
    assert res.status_code == 200, res.json
    assert _cards(app) == {}
    _answer(client, learner, ANGRY, NOT_YET[ANGRY], "p1")  # the same question in practice
    assert list(_cards(app)) == [ANGRY]


def test_me_review_counts_due_and_next(app, client, learner):
    empty = client.get("/api/v1/me/review", headers=learner).json
    assert empty == {"due": 0, "due_today": 0, "next_due": None, "cards": 0, "weakest": []}
    _answer(client, learner, ANGRY, NOT_YET[ANGRY], "a1")
    _answer(client, learner, LISTENING, SECURE[LISTENING], "l1")
    _make_due(app, ANGRY)
    res = client.get("/api/v1/me/review", headers=learner).json
    assert res["due"] == 1 and res["cards"] == 2 and res["weakest"] == []
    listening_due = _cards(app)[LISTENING][0]
    assert datetime.fromisoformat(res["next_due"]) == listening_due


def test_with_nothing_due_the_weakest_criteria_are_offered(app, client, learner, cohort):
    _answer(client, learner, ANGRY, NOT_YET[ANGRY], "a1")
    _answer(client, learner, LISTENING, SECURE[LISTENING], "l1")
    with app.app_context():  # nothing due: both cards next week
        db.session.execute(update(ReviewCard).values(due=utcnow() + timedelta(days=7)))
        db.session.commit()
    summary = client.get("/api/v1/me/review", headers=learner).json
    assert summary["due"] == 0
    weakest = [c["id"] for c in summary["weakest"]]
    assert set(weakest[:2]) == {"TEST-Q.U1.b", "TEST-Q.U1.1.1"}  # gaps before developing
    assert weakest[2] == "TEST-Q.U1.a"
    res = client.post("/api/v1/practice", json={"review": True}, headers=learner)
    assert res.status_code == 404
    assert [c["id"] for c in res.json["error"]["weakest"]] == weakest


def test_review_serves_due_cards_weakest_criteria_first(app, client, learner, cohort):
    _answer(client, learner, LISTENING, SECURE[LISTENING], "l1")  # a: developing
    _answer(client, learner, ANGRY, NOT_YET[ANGRY], "a1")  # b, 1.1.1: gap
    _make_due(app, LISTENING, timedelta(days=3))  # longer overdue, but on a stronger criterion
    _make_due(app, ANGRY, timedelta(minutes=5))
    res = client.post("/api/v1/practice", json={"review": True}, headers=learner)
    assert res.status_code == 201, res.json
    assert res.json["turn"]["question_id"] == ANGRY
    with app.app_context():
        session = db.session.get(PracticeSession, res.json["session"])
        assert session.queue == [ANGRY, LISTENING]


def test_review_adds_new_questions_on_criteria_not_evidenced(app, client, learner, cohort):
    _answer(client, learner, ANGRY, NOT_YET[ANGRY], "a1")
    queue = client.post("/api/v1/practice", json={"review": True}, headers=learner).json
    assert queue["turn"]["question_id"] == LISTENING  # angry not due yet; a not evidenced
    _make_due(app, ANGRY)
    res = client.post("/api/v1/practice", json={"review": True}, headers=learner).json
    with app.app_context():
        assert db.session.get(PracticeSession, res["session"]).queue == [ANGRY, LISTENING]


def test_review_without_a_cohort_serves_only_due_cards(app, client, learner):
    res = client.post("/api/v1/practice", json={"review": True}, headers=learner)
    assert res.status_code == 404  # no cohort, no cards: nothing to review
    _answer(client, learner, ANGRY, NOT_YET[ANGRY], "a1")
    _make_due(app, ANGRY)
    res = client.post("/api/v1/practice", json={"review": True}, headers=learner)
    assert res.status_code == 201 and res.json["turn"]["question_id"] == ANGRY


def test_review_is_refused_alongside_nothing_and_checked_strictly(client, learner):
    assert client.post("/api/v1/practice", json={"review": False},
                       headers=learner).status_code == 400
    assert client.post("/api/v1/practice", json={"review": "yes"},
                       headers=learner).status_code == 400


@pytest.mark.parametrize("body, status", [
    ({"daily_goal": 5, "time_zone": "Asia/Tokyo"}, 200),
    ({"daily_goal": 20}, 200),
    ({"daily_goal": 7}, 400),
    ({"daily_goal": "10"}, 400),
    ({"daily_goal": 10, "time_zone": "Mars/Olympus"}, 400),
    ({}, 400),
])
def test_goal_choices(client, learner, body, status):
    res = client.put("/api/v1/me/goal", json=body, headers=learner)
    assert res.status_code == status, res.json
    if status == 200:
        assert res.json["daily_goal"] == body["daily_goal"]
        streak = client.get("/api/v1/me/streak", headers=learner).json
        assert streak["goal"] == body["daily_goal"]
        assert streak["time_zone"] == body.get("time_zone", "Europe/London")


def _answers_at(app, username, moments, quiz_id=None):
    """Stored first-try answers at the given moments, in one session started at the first."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
        session = PracticeSession(id=f"s{moments[0].timestamp():.0f}{quiz_id or ''}",
                                  user_id=user_id, queue=[ANGRY], created_at=moments[0],
                                  quiz_id=quiz_id)
        db.session.add(session)
        for n, at in enumerate(moments):
            db.session.add(Answer(session_id=session.id, user_id=user_id, question_id=ANGRY,
                                  client_id=f"{session.id}-{n}", created_at=at, score=1.0,
                                  band="secure"))
        db.session.commit()


def test_streak_counts_days_the_goal_was_met(app, client, learner):
    client.put("/api/v1/me/goal", json={"daily_goal": 5}, headers=learner)
    now = utcnow()
    for days_ago in (1, 2, 4):  # three days met, with a gap three days ago
        start = now - timedelta(days=days_ago)
        _answers_at(app, "learner1", [start + timedelta(seconds=n) for n in range(5)])
    streak = client.get("/api/v1/me/streak", headers=learner).json
    assert (streak["today"], streak["met"], streak["streak"]) == (0, False, 2)
    for n in range(5):
        _answer(client, learner, ANGRY, SECURE[ANGRY], f"today{n}")
    streak = client.get("/api/v1/me/streak", headers=learner).json
    assert (streak["today"], streak["met"], streak["streak"]) == (5, True, 3)


def test_tries_at_one_question_count_once_for_the_goal(client, learner):
    session, _ = _answer(client, learner, ANGRY, NOT_YET[ANGRY], "x1")
    client.post(f"/api/v1/practice/{session}/answer",
                json={"text": SECURE[ANGRY], "client_id": "x2", "question_id": ANGRY},
                headers=learner)
    assert client.get("/api/v1/me/streak", headers=learner).json["today"] == 1


def test_practice_time_per_week_kept_apart_from_assessment(app, client, learner, cohort):
    due = (utcnow() + timedelta(days=3)).isoformat()
    check = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes", headers=cohort["tutor"],
                        json={"title": "Check", "units": ["TEST-Q.U1"], "questions": 1,
                              "feedback": "after_due", "due": due}).json["id"]
    monday = datetime(2026, 11, 30, 9, tzinfo=timezone.utc)  # Europe/London: UTC in winter
    minutes = [monday + timedelta(minutes=m) for m in (1, 3, 6, 50, 52)]  # 5 + 2 minutes
    _answers_at(app, "learner1", [monday] + minutes)
    _answers_at(app, "learner1", [monday + timedelta(days=1, minutes=m) for m in (0, 4)],
                quiz_id=check)
    res = client.get(f"/api/v1/cohorts/{cohort['id']}/practice-time?weeks=52",
                     headers=cohort["tutor"])
    assert res.status_code == 200, res.json
    (row,) = res.json["learners"]
    assert row["username"] == "learner1"
    assert row["weeks"] == [{"week": "2026-11-30", "practice_minutes": 8.0,
                             "assessment_minutes": 4.0}]
    res = client.get(f"/api/v1/cohorts/{cohort['id']}/practice-time.csv?weeks=52",
                     headers=cohort["tutor"])
    assert res.mimetype == "text/csv"
    assert res.get_data(as_text=True).splitlines() == [
        "learner,week_starting,practice_minutes,assessment_minutes",
        "learner1,2026-11-30,8.0,4.0"]


def test_practice_time_is_for_the_cohorts_staff(client, learner, cohort, api_token):
    url = f"/api/v1/cohorts/{cohort['id']}/practice-time"
    assert client.get(url, headers=learner).status_code == 403
    assert client.get(url + ".csv", headers=learner).status_code == 403
    assert client.get(url, headers=api_token("tutor2", "tutor")).status_code == 403
    assert client.get(url + "?weeks=0", headers=cohort["tutor"]).status_code == 400


@pytest.mark.parametrize("module", ["quizapp.services.answer_turn", "quizapp.services.reviews"])
def test_the_answer_turn_and_reviews_import_first(module):
    """The answer turn calls reviews, and reviews starts sessions like practice: no cycle
    breaks whichever is imported first."""
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root}
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=root, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _last_monday_nine():
    """09:00 on Monday of last week in London (UTC in winter, BST in summer): always inside the
    tutor's five weeks and the CSV's twelve, whenever the test runs."""
    from zoneinfo import ZoneInfo
    london = ZoneInfo("Europe/London")
    today = utcnow().astimezone(london).date()
    monday = today - timedelta(days=today.weekday() + 7)
    return datetime(monday.year, monday.month, monday.day, 9, tzinfo=london), monday


def test_results_csv_has_practice_and_assessment_minutes_per_week(app, client, learner, cohort):
    from quizapp.services import practice_time, quiz_results
    quiz = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes", headers=cohort["tutor"],
                       json={"title": "Set quiz", "units": ["TEST-Q.U1"],
                             "questions": 1}).json["id"]  # feedback at once: formative practice
    start = datetime(2026, 11, 30, 9, tzinfo=timezone.utc)  # a Monday, UTC in London
    _answers_at(app, "learner1", [start + timedelta(minutes=m) for m in (0, 2, 5)])
    _answers_at(app, "learner1", [start + timedelta(days=2, minutes=m) for m in (0, 4)],
                quiz_id=quiz)
    now = datetime(2026, 12, 8, 12, tzinfo=timezone.utc)  # Tuesday of the week after
    with app.app_context():
        tutor = db.session.scalar(select(User).where(User.username == "tutor1"))
        text = quiz_results.results_csv(tutor, cohort["id"], now=now)
    table = text.split("\r\n\r\n")[-1].splitlines()
    assert table[0] == "learner,week_starting,practice_minutes,assessment_minutes"
    assert len(table) == 1 + practice_time.DEFAULT_WEEKS  # every week, zeros included
    assert table[-2:] == ["learner1,2026-11-30,9.0,0.0", "learner1,2026-12-07,0.0,0.0"]
    assert table[1] == "learner1,2026-09-21,0.0,0.0"  # twelve weeks back from 7 December


def test_the_tutor_sees_practice_and_assessment_time_on_the_cohort_page(app, client, learner,
                                                                        cohort):
    from tests.conftest import web_login
    at, monday = _last_monday_nine()
    _answers_at(app, "learner1", [at + timedelta(minutes=m) for m in (0, 3, 7)])  # 7 min
    web = app.test_client()
    web_login(web, "tutor1")
    page = web.get(f"/tutor/cohorts/{cohort['id']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Practice and assessment time" in html
    assert "tests don't count as off-the-job training" in html
    week = f'<span class="nowrap">{monday.day} {monday:%B}</span> {monday:%Y}'
    row = html[html.index(week):]
    row = row[:row.index("</tr>")]
    assert "<td>7 min</td><td>0 min</td>" in row
    csv = web.get(f"/tutor/cohorts/{cohort['id']}/results.csv").get_data(as_text=True)
    assert f"learner1,{monday.isoformat()},7.0,0.0" in csv.splitlines()
