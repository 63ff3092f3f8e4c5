"""The one answer turn: each answer names the turn it answers, tries at a question, the mark
that counts, exactly once per client id, one turn at a time per session, and progress tallies
kept in step with the answers."""

import threading

import pytest
from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.models import Answer, Criterion, PracticeSession, Progress, Question, answer_criteria
from quizapp.services import learner_progress

GOOD = "I would keep calm, lisen to them and apologize"
BAD = "i would just shout back"
TEXTS = [GOOD, BAD, "hearing is sound, listening is paying attention to what they mean",
         "stay calm"]


@pytest.fixture
def learner(api_token):
    return api_token("learner1")


def start(client, headers, **body):
    res = client.post("/api/v1/practice", json=body or {"unit": "TEST-Q.U1"}, headers=headers)
    assert res.status_code == 201, res.json
    return res.json["session"], res.json["turn"]


def answer(client, headers, session, text, client_id, question_id=None):
    body = {"text": text, "client_id": client_id}
    if question_id:
        body["question_id"] = question_id
    return client.post(f"/api/v1/practice/{session}/answer", json=body, headers=headers)


def stored(session):
    return list(db.session.scalars(select(Answer).where(Answer.session_id == session)
                                   .order_by(Answer.id)))


def progress_rows(user_id):
    rows = db.session.scalars(select(Progress).where(Progress.user_id == user_id)
                              .order_by(Progress.criterion_id).execution_options(
                                  populate_existing=True))
    return {p.criterion_id: (p.status, round(p.score, 9), p.attempts, p.secure_days,
                             p.last_secure_on, p.scenario_secure,
                             round(p.score_sum, 9), round(p.weight_sum, 9)) for p in rows}


def _recomputed(user_id):
    """The learner's progress rows as the answer turns left them, and as a full recompute from
    the answers gives them."""
    incremental = progress_rows(user_id)
    criteria = list(db.session.scalars(select(Criterion).where(
        Criterion.id.in_(list(incremental)))))
    learner_progress.recompute(user_id, criteria)
    full = progress_rows(user_id)
    db.session.rollback()
    return incremental, full


def test_text_typed_after_feedback_is_a_try_of_the_same_question(app, client, learner):
    session, turn = start(client, learner)
    qid = turn["question_id"]
    first = answer(client, learner, session, BAD, "t1", qid).json
    assert first["band"] != "secure" and first["tries_left"] == 2 and first["hint"]
    assert first["model_answer"] is None and first["key_points"] is None  # nothing given away
    assert first["next"]["question_id"] != qid  # offered, not taken
    second = answer(client, learner, session, GOOD, "t2", qid).json
    assert second["question_id"] == qid and second["try"] == 2
    with app.app_context():
        rows = stored(session)
        assert [(a.question_id, a.try_number, a.superseded) for a in rows] == [
            (qid, 1, True), (qid, 2, False)]


def test_the_mark_that_counts_is_the_best_try_less_the_penalty(app, client, learner):
    session, turn = start(client, learner, criteria=["TEST-Q.U1.b"])
    qid = turn["question_id"]
    answer(client, learner, session, BAD, "p1", qid)
    second = answer(client, learner, session, GOOD, "p2", qid).json
    assert second["counted"]["score"] == pytest.approx(max(0.0, second["score"] - 0.1), abs=1e-3)
    with app.app_context():
        user_id = db.session.scalar(select(Answer.user_id).limit(1))
        incremental, full = _recomputed(user_id)
        assert incremental == full
        row = db.session.get(Progress, (user_id, "TEST-Q.U1.b"))
        assert row.attempts == 1  # one question, however many tries
        assert row.score == pytest.approx(second["counted"]["score"], abs=1e-3)


def test_a_stale_question_id_gets_409_with_the_current_turn_and_stores_nothing(
        app, client, learner):
    session, turn = start(client, learner)
    res = answer(client, learner, session, GOOD, "stale", "TEST-Q.no-such-question")
    assert res.status_code == 409
    assert res.json["error"]["turn"]["question_id"] == turn["question_id"]
    with app.app_context():
        assert stored(session) == []


def test_naming_the_next_question_moves_on(app, client, learner):
    session, turn = start(client, learner)
    first = answer(client, learner, session, BAD, "n1", turn["question_id"]).json
    following = first["next"]["question_id"]
    res = answer(client, learner, session, GOOD, "n2", following)
    assert res.status_code == 200 and res.json["question_id"] == following
    # the first question is left as it was: naming it again is stale now
    assert answer(client, learner, session, GOOD, "n3", turn["question_id"]).status_code == 409
    with app.app_context():
        assert db.session.get(PracticeSession, session).position >= 1


def test_no_tries_left_moves_on_and_a_further_try_is_stale(app, client, learner):
    session, turn = start(client, learner)
    qid = turn["question_id"]
    replies = [answer(client, learner, session, BAD, f"x{n}", qid).json for n in range(3)]
    assert [r["tries_left"] for r in replies] == [2, 1, 0]
    assert replies[-1]["model_answer"] and replies[-1]["key_points"]
    assert replies[-1]["hint"] is None
    res = answer(client, learner, session, GOOD, "x3", qid)
    assert res.status_code == 409 and res.json["error"]["turn"]["question_id"] != qid


def test_a_retry_with_a_stored_client_id_replays_even_after_moving_on(client, learner):
    session, turn = start(client, learner)
    first = answer(client, learner, session, GOOD, "same", turn["question_id"]).json
    answer(client, learner, session, BAD, "later", first["next"]["question_id"])
    again = answer(client, learner, session, GOOD, "same", turn["question_id"])
    assert again.status_code == 200 and again.json == first


def test_tallies_after_many_answers_equal_a_full_recompute(app, client, learner):
    for n in range(8):
        session, turn = start(client, learner)
        while turn is not None:
            res = answer(client, learner, session, TEXTS[n % len(TEXTS)], f"a{n}-{turn['number']}",
                         turn["question_id"])
            assert res.status_code == 200, res.json
            turn = res.json["next"]
    with app.app_context():
        user_id = db.session.scalar(select(Answer.user_id).limit(1))
        incremental, full = _recomputed(user_id)
        assert incremental == full
        assert sum(row[2] for row in incremental.values()) == db.session.scalar(
            select(func.count()).select_from(answer_criteria))


def test_a_row_without_a_tally_is_recomputed_from_the_answers(app, client, learner):
    session, turn = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert answer(client, learner, session, GOOD, "first").status_code == 200
    with app.app_context():  # as a row stored before tallies were kept
        db.session.execute(update(Progress).values(score_sum=None, weight_sum=None,
                                                   attempts=0, status="not_evidenced"))
        db.session.commit()
    session, turn = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert answer(client, learner, session, BAD, "second").status_code == 200
    report = {c["id"]: c for c in client.get("/api/v1/me/progress", headers=learner).json["criteria"]}
    assert report["TEST-Q.U1.b"]["attempts"] == 2


def test_a_skip_links_its_criteria_but_is_not_evidence(app, client, learner):
    session, turn = start(client, learner, criteria=["TEST-Q.U1.b"])
    res = client.post(f"/api/v1/practice/{session}/skip", headers=learner,
                      json={"client_id": "s", "question_id": turn["question_id"]})
    assert res.status_code == 200 and res.json["kind"] == "skip" and res.json["model_answer"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(answer_criteria)) == 2
        assert db.session.scalar(select(func.count()).select_from(Progress)) == 0


def test_a_changed_question_is_used_on_the_next_turn(app, client, learner):
    session, turn = start(client, learner, criteria=["TEST-Q.U1.b"])
    start(client, learner, criteria=["TEST-Q.U1.b"])  # its content is cached by now
    qid = turn["question_id"]
    with app.app_context():
        before = db.session.execute(select(Question.model_answer, Question.content_hash)
                                    .where(Question.id == qid)).one()
        db.session.execute(update(Question).where(Question.id == qid).values(
            model_answer="A new model answer.", content_hash="changed"))
        db.session.commit()
    try:
        res = answer(client, learner, session, GOOD, "after-edit", qid)
        assert res.json["tries_left"] == 0 or res.json["model_answer"] is None
        res = client.post(f"/api/v1/practice/{session}/skip", headers=learner,
                          json={"client_id": "skip-after-edit", "question_id": qid})
        if res.status_code == 200:
            assert res.json["model_answer"] == "A new model answer."
    finally:
        with app.app_context():
            db.session.execute(update(Question).where(Question.id == qid).values(
                model_answer=before.model_answer, content_hash=before.content_hash))
            db.session.commit()


@pytest.mark.truncate  # threads: several connections at once
def test_two_tabs_answering_at_once_take_one_turn_at_a_time(app, client, learner):
    session, turn = start(client, learner, criteria=["TEST-Q.U1.b"])  # one question, 3 tries
    barrier = threading.Barrier(6)
    statuses = []

    def tab(n):
        barrier.wait()
        res = app.test_client().post(
            f"/api/v1/practice/{session}/answer", headers=learner,
            json={"text": BAD, "client_id": f"tab-{n}", "question_id": turn["question_id"]})
        statuses.append((res.status_code, res.json))

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    codes = [code for code, _ in statuses]
    assert len(codes) == 6 and set(codes) <= {200, 409}, statuses
    with app.app_context():
        rows = stored(session)
        # never more tries than allowed, each try numbered once
        assert len(rows) == codes.count(200) <= 3
        assert sorted(a.try_number for a in rows) == list(range(1, len(rows) + 1))
        assert sum(not a.superseded for a in rows) == 1
        user_id = rows[0].user_id
        assert progress_rows(user_id)["TEST-Q.U1.b"][2] == 1


def test_a_tally_written_from_a_stale_read_fails_instead_of_losing_an_update(
        app, client, learner):
    from datetime import datetime, timezone

    from sqlalchemy.orm.exc import StaleDataError

    from quizapp.progress.status import Evidence

    session, turn = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert answer(client, learner, session, GOOD, "one").status_code == 200
    with app.app_context():
        user_id = db.session.scalar(select(Answer.user_id).limit(1))
        rows = learner_progress.statuses(user_id, ["TEST-Q.U1.b"])
        db.session.execute(  # another request wrote it meanwhile (this session doesn't know)
            update(Progress).where(Progress.user_id == user_id)
            .values(version=Progress.version + 1)
            .execution_options(synchronize_session=False))
        learner_progress.add_evidence(user_id, {"TEST-Q.U1.b": "knowledge"}, Evidence(
            0.0, "not_yet", datetime.now(timezone.utc)), rows=rows)
        with pytest.raises(StaleDataError):
            db.session.flush()
        db.session.rollback()


def test_a_refused_answer_writes_no_progress(app, client, learner):
    """When the answer is not stored (its client id was used already), neither is progress."""
    session, turn = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert answer(client, learner, session, GOOD, "once").status_code == 200
    with app.app_context():
        user_id = db.session.scalar(select(Answer.user_id).limit(1))
        before = progress_rows(user_id)
    other, _ = start(client, learner, criteria=["TEST-Q.U1.b"])
    res = answer(client, learner, other, TEXTS[2], "once")  # the same client id elsewhere
    assert res.status_code == 409
    with app.app_context():
        assert progress_rows(user_id) == before
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 1


def test_the_summary_counts_each_question_once_and_retry_starts_the_missed(client, learner):
    session, turn = start(client, learner)
    first = answer(client, learner, session, GOOD, "s1", turn["question_id"]).json
    nxt = first["next"] or None
    if first["tries_left"]:  # not secure: move on
        pass
    if nxt:
        answer(client, learner, session, BAD, "s2", nxt["question_id"])
    summary = client.get(f"/api/v1/practice/{session}/summary", headers=learner).json
    assert summary["total"] == 2 and summary["answered"] == 2
    assert summary["secure"] + summary["partly"] + summary["not_yet"] == 2
    assert [i["question_id"] for i in summary["items"]] == [turn["question_id"],
                                                            nxt["question_id"]]
    missed = [i["question_id"] for i in summary["items"] if i["band"] != "secure"]
    res = client.post("/api/v1/practice", json={"retry_of": session}, headers=learner)
    if missed:
        assert res.status_code == 201 and res.json["turn"]["question_id"] in missed
    else:
        assert res.status_code == 409


def test_the_content_cache_evicts_the_least_recently_used_version(app, monkeypatch):
    from cachetools import LRUCache

    from quizapp.services import content

    monkeypatch.setattr(content, "_cache", LRUCache(maxsize=1))
    with app.app_context():
        ids = list(db.session.scalars(select(Question.id).order_by(Question.id).limit(2)))
        first = content.questions([ids[0]])[ids[0]]
        both = content.questions(ids)  # the second evicts the first, in the same call
        assert set(both) == set(ids) and both[ids[0]].content == first.content
        assert len(content._cache) == 1
        again = content.questions([ids[0]])  # read again after eviction
        assert again[ids[0]].content.prompt == first.content.prompt


def test_a_hint_for_the_next_question_is_its_first_hint_and_stores_nothing(app, client, learner):
    session, turn = start(client, learner)
    first = answer(client, learner, session, BAD, "h1", turn["question_id"]).json
    following = first["next"]["question_id"]
    res = client.get(f"/api/v1/practice/{session}/hint?question_id={following}", headers=learner)
    assert res.status_code == 200 and res.json["question_id"] == following and res.json["hint"]
    stale = client.get(f"/api/v1/practice/{session}/hint?question_id=nope", headers=learner)
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.get(PracticeSession, session).position == 0


def test_a_turn_carries_its_first_hint_as_the_hint_route_gives_it(client, learner):
    session, turn = start(client, learner, criteria=["TEST-Q.U1.a"])  # the listening question
    hint = client.get(f"/api/v1/practice/{session}/hint", headers=learner).json["hint"]
    assert turn["has_hint"] and turn["hint"] == hint
    state = client.get(f"/api/v1/practice/{session}", headers=learner).json
    assert state["turn"]["hint"] == hint  # the state the service worker keeps for offline
    answer(client, learner, session, BAD, "fh1", turn["question_id"])
    again = client.get(f"/api/v1/practice/{session}", headers=learner).json["turn"]
    assert again["question_id"] == turn["question_id"] and again["hint"] is None  # tried once


def test_a_turn_without_a_hint_of_its_own_carries_none(client, learner):
    session, turn = start(client, learner, criteria=["TEST-Q.U1.b"])  # the angry customer
    assert not turn["has_hint"] and turn["hint"] is None
