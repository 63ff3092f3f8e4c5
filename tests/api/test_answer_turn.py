"""The answer turn's storage: progress tallies kept in step with the answers, question content
read fresh when it changes, and one answer per question when two tabs answer at once."""

import threading

import pytest
from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.models import Answer, Criterion, PracticeSession, Progress, Question, answer_criteria
from quizapp.services import learner_progress

TEXTS = [
    "I would keep calm, lisen to them and apologize",
    "i would just shout back",
    "hearing is sound, listening is paying attention to what they mean",
    "stay calm",
]


@pytest.fixture
def learner(api_token):
    return api_token("learner1")


def start(client, headers, **body):
    res = client.post("/api/v1/practice", json=body or {"unit": "TEST-Q.U1"}, headers=headers)
    assert res.status_code == 201, res.json
    return res.json["session"]


def answer(client, headers, session, text, client_id):
    return client.post(f"/api/v1/practice/{session}/answer",
                       json={"text": text, "client_id": client_id}, headers=headers)


def progress_rows(user_id):
    rows = db.session.scalars(select(Progress).where(Progress.user_id == user_id)
                              .order_by(Progress.criterion_id).execution_options(
                                  populate_existing=True))
    return {p.criterion_id: (p.status, round(p.score, 9), p.attempts, p.secure_days,
                             p.last_secure_on, p.scenario_secure,
                             round(p.score_sum, 9), round(p.weight_sum, 9)) for p in rows}


def test_tallies_after_many_answers_equal_a_full_recompute(app, client, learner):
    for n in range(12):
        session = start(client, learner)
        for k in range(2):
            res = answer(client, learner, session, TEXTS[(n + k) % len(TEXTS)], f"a{n}-{k}")
            assert res.status_code == 200, res.json
    with app.app_context():
        user_id = db.session.scalar(select(Answer.user_id).limit(1))
        incremental = progress_rows(user_id)
        assert sum(row[2] for row in incremental.values()) == db.session.scalar(
            select(func.count()).select_from(answer_criteria))
        criteria = list(db.session.scalars(select(Criterion).where(
            Criterion.id.in_(list(incremental)))))
        learner_progress.recompute(user_id, criteria)
        assert progress_rows(user_id) == incremental
        db.session.rollback()


def test_a_row_without_a_tally_is_recomputed_from_the_answers(app, client, learner):
    session = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert answer(client, learner, session, TEXTS[0], "first").status_code == 200
    with app.app_context():  # as a row stored before tallies were kept
        db.session.execute(update(Progress).values(score_sum=None, weight_sum=None,
                                                   attempts=0, status="not_evidenced"))
        db.session.commit()
    session = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert answer(client, learner, session, TEXTS[1], "second").status_code == 200
    criteria = client.get("/api/v1/me/progress", headers=learner).json["criteria"]
    report = {c["id"]: c for c in criteria}
    assert report["TEST-Q.U1.b"]["attempts"] == 2
    with app.app_context():
        row = db.session.get(Progress, (db.session.scalar(select(Answer.user_id).limit(1)),
                                        "TEST-Q.U1.b"))
        assert row.weight_sum == pytest.approx(1.6) and row.attempts == 2


def test_a_skip_links_its_criteria_but_is_not_evidence(app, client, learner):
    session = start(client, learner, criteria=["TEST-Q.U1.b"])
    res = client.post(f"/api/v1/practice/{session}/skip", json={"client_id": "s"}, headers=learner)
    assert res.status_code == 200 and res.json["kind"] == "skip"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(answer_criteria)) == 2
        assert db.session.scalar(select(func.count()).select_from(Progress)) == 0


def test_a_changed_question_is_used_on_the_next_turn(app, client, learner):
    session = start(client, learner, criteria=["TEST-Q.U1.b"])
    start(client, learner, criteria=["TEST-Q.U1.b"])  # its content is cached by now
    with app.app_context():
        qid = db.session.get(PracticeSession, session).queue[0]
        before = db.session.execute(select(Question.model_answer, Question.content_hash)
                                    .where(Question.id == qid)).one()
        db.session.execute(update(Question).where(Question.id == qid).values(
            model_answer="A new model answer.", content_hash="changed"))
        db.session.commit()
    try:
        res = answer(client, learner, session, TEXTS[0], "after-edit")
        assert res.json["model_answer"] == "A new model answer."
    finally:
        with app.app_context():
            db.session.execute(update(Question).where(Question.id == qid).values(
                model_answer=before.model_answer, content_hash=before.content_hash))
            db.session.commit()


@pytest.mark.truncate  # eight threads, eight connections: real commits
def test_two_tabs_answering_at_once_answer_each_question_once(app, client, learner):
    session = start(client, learner)  # two questions
    barrier = threading.Barrier(8)
    statuses = []

    def tab(n):
        barrier.wait()
        res = app.test_client().post(f"/api/v1/practice/{session}/answer", headers=learner,
                                     json={"text": TEXTS[n % 4], "client_id": f"tab-{n}"})
        statuses.append((res.status_code, res.json))

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    codes = sorted(code for code, _ in statuses)
    assert len(codes) == 8 and set(codes) <= {200, 409}, statuses
    with app.app_context():
        stored = list(db.session.scalars(select(Answer).where(Answer.session_id == session)))
        assert len(stored) == codes.count(200) == db.session.get(PracticeSession, session).position
        assert len({a.question_id for a in stored}) == len(stored)
    for code, body in statuses:
        if code == 409:
            assert "answered already" in body["error"]["message"] or \
                "finished" in body["error"]["message"]


def test_a_tally_changed_since_it_was_read_is_recomputed_not_overwritten(app, client, learner):
    from datetime import datetime, timezone

    from quizapp.progress.status import Evidence

    session = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert answer(client, learner, session, TEXTS[0], "one").status_code == 200
    with app.app_context():
        user_id = db.session.scalar(select(Answer.user_id).limit(1))
        stale = {row.criterion_id: row for row in db.session.execute(
            select(*learner_progress.TALLY_COLUMNS).where(Progress.user_id == user_id))}
    for n in range(2):  # the learner answers again meanwhile (another tab)
        session = start(client, learner, criteria=["TEST-Q.U1.b"])
        assert answer(client, learner, session, TEXTS[1], f"more-{n}").status_code == 200
    with app.app_context():
        kinds = {"TEST-Q.U1.b": "knowledge", "TEST-Q.U1.1.1": "knowledge"}
        learner_progress.add_evidence(user_id, kinds, Evidence(
            0.0, "not_yet", datetime.now(timezone.utc)), stored=stale)
        db.session.commit()
        row = db.session.get(Progress, (user_id, "TEST-Q.U1.b"))
        # folded into the stale tally it would say 2 attempts; recomputed, all 3 answers count
        assert row.attempts == 3
        assert row.status == "gap"


def _recomputed(user_id):
    """The learner's progress rows as a full recompute from the answers gives them."""
    incremental = progress_rows(user_id)
    criteria = list(db.session.scalars(select(Criterion).where(
        Criterion.id.in_(list(incremental)))))
    learner_progress.recompute(user_id, criteria)
    full = progress_rows(user_id)
    db.session.rollback()
    return incremental, full


def test_the_answer_turn_recomputes_tallies_that_changed_since_it_read_them(
        app, client, learner, monkeypatch):
    """The answer turn's compare-and-set: a tally that moved on between the read and the
    write is recomputed from the answers, with the new one, never overwritten."""
    session = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert answer(client, learner, session, TEXTS[0], "first").status_code == 200
    real = learner_progress.plan_evidence
    stale = []

    def planned_from_a_stale_read(*args, **kwargs):
        plan = real(*args, **kwargs)
        for row in plan.updates:  # as if read before another tab's answer was counted
            row["b_attempts"] -= 1
            stale.append(row["b_criterion"])
        return plan

    monkeypatch.setattr(learner_progress, "plan_evidence", planned_from_a_stale_read)
    session = start(client, learner, criteria=["TEST-Q.U1.b"])
    res = answer(client, learner, session, TEXTS[1], "second")
    assert res.status_code == 200, res.json
    assert "TEST-Q.U1.b" in stale
    with app.app_context():
        user_id = db.session.scalar(select(Answer.user_id).limit(1))
        incremental, full = _recomputed(user_id)
        assert incremental["TEST-Q.U1.b"][2] == 2  # both answers counted
        assert incremental == full


def test_a_refused_answer_writes_no_progress(app, client, learner):
    """When the answer is not stored (its client id was used already), neither is any
    progress."""
    session = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert answer(client, learner, session, TEXTS[0], "once").status_code == 200
    with app.app_context():
        user_id = db.session.scalar(select(Answer.user_id).limit(1))
        before = progress_rows(user_id)
    other = start(client, learner, criteria=["TEST-Q.U1.b"])
    res = answer(client, learner, other, TEXTS[2], "once")  # the same client id elsewhere
    assert res.status_code == 409
    with app.app_context():
        assert progress_rows(user_id) == before
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
