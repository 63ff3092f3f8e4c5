"""Prepared statements (``quizapp.services.prepared``): the same values in and out as through
SQLAlchemy, inside the session's transaction, on SQLite and (in the PostgreSQL run) PostgreSQL."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import bindparam, func, select, update

from quizapp.extensions import db, upsert
from quizapp.models import PracticeSession, Progress, User
from quizapp.models._types import utcnow
from quizapp.services import users as user_service
from quizapp.services.prepared import Prepared, dialect_name

sessions = PracticeSession.__table__
progress = Progress.__table__


@pytest.fixture
def learner(ctx, make_user):
    return make_user("prep")


def _session(user_id: int, queue: list[str], sid: str = "s1") -> None:
    db.session.add(PracticeSession(id=sid, user_id=user_id, queue=queue, position=0,
                                   criteria=[]))
    db.session.commit()


READ_SESSION = Prepared(
    select(sessions.c.queue, sessions.c.position, sessions.c.created_at, sessions.c.finished_at)
    .where(sessions.c.id == bindparam("b_id")))


def test_rows_come_back_converted_by_the_column_types(learner):
    _session(learner, ["q1", "q2", "q3"])
    queue, position, created, finished = READ_SESSION.first(b_id="s1")
    assert queue == ["q1", "q2", "q3"]  # JSON, decoded
    assert position == 0
    assert isinstance(created, datetime) and created.tzinfo is not None  # UTC, aware
    assert abs((utcnow() - created).total_seconds()) < 60
    assert finished is None
    assert READ_SESSION.first(b_id="nobody") is None
    assert READ_SESSION.all(b_id="nobody") == []


INSERT_PROGRESS = Prepared(lambda dialect: (
    upsert(progress, dialect)
    .values({progress.c.user_id: bindparam("b_user"), progress.c.criterion_id: bindparam("b_c"),
             progress.c.status: bindparam("v_status"), progress.c.score: 0.5,
             progress.c.attempts: 1,
             progress.c.last_answer_at: bindparam("v_at", type_=progress.c.last_answer_at.type),
             progress.c.last_secure_on: bindparam("v_on", type_=progress.c.last_secure_on.type),
             progress.c.scenario_secure: bindparam("v_secure",
                                                   type_=progress.c.scenario_secure.type),
             progress.c.updated_at: bindparam("v_updated", type_=progress.c.updated_at.type)})
    .on_conflict_do_nothing(index_elements=["user_id", "criterion_id"])
    .returning(progress.c.criterion_id)))


def _criteria(n: int) -> list[str]:
    from quizapp.models import Criterion

    return list(db.session.scalars(select(Criterion.id).order_by(Criterion.id).limit(n)))


def test_values_go_in_converted_and_read_back_through_the_orm(learner):
    cid = _criteria(1)[0]
    at = datetime(2026, 11, 30, 9, 15, 1, 250000, tzinfo=timezone.utc)
    assert INSERT_PROGRESS.scalar(b_user=learner, b_c=cid, v_status="developing", v_at=at,
                                  v_on=date(2026, 11, 29), v_secure=True,
                                  v_updated=utcnow()) == cid
    db.session.commit()
    row = db.session.get(Progress, (learner, cid))
    assert row.status == "developing"
    assert row.last_answer_at == at
    assert row.last_secure_on == date(2026, 11, 29)
    assert row.scenario_secure is True
    # the same key again: ON CONFLICT DO NOTHING returns no row
    assert INSERT_PROGRESS.scalar(b_user=learner, b_c=cid, v_status="gap", v_at=None,
                                  v_on=None, v_secure=False, v_updated=utcnow()) is None


SET_STATUS = Prepared(update(progress)
                      .where(progress.c.user_id == bindparam("b_user"),
                             progress.c.criterion_id == bindparam("b_c"))
                      .values(status=bindparam("v_status")))


@pytest.mark.parametrize("sets", [3, 6])  # one by one, and executemany, on PostgreSQL
def test_run_many_counts_the_rows_changed_by_all_the_parameter_sets(learner, sets):
    cids = _criteria(sets)
    for cid in cids[:2]:
        INSERT_PROGRESS.scalar(b_user=learner, b_c=cid, v_status="gap", v_at=None, v_on=None,
                               v_secure=False, v_updated=utcnow())
    changed = SET_STATUS.run_many([{"b_user": learner, "b_c": c, "v_status": "secure"}
                                   for c in cids])
    assert changed == 2  # the other criteria have no row
    assert SET_STATUS.run(b_user=learner, b_c=cids[0], v_status="developing") == 1
    assert SET_STATUS.run_many([]) == 0
    db.session.commit()
    assert {p.criterion_id: p.status for p in db.session.scalars(select(Progress))} == {
        cids[0]: "developing", cids[1]: "secure"}


def test_statements_run_in_the_sessions_transaction(learner):
    cid = _criteria(1)[0]
    INSERT_PROGRESS.scalar(b_user=learner, b_c=cid, v_status="gap", v_at=None, v_on=None,
                           v_secure=False, v_updated=utcnow())
    # the ORM, on the same session, sees the row before the commit ...
    assert db.session.scalar(select(func.count()).select_from(progress)) == 1
    db.session.rollback()
    # ... and a rollback takes it away with the rest of the transaction
    assert db.session.scalar(select(func.count()).select_from(progress)) == 0
    assert dialect_name() in ("sqlite", "postgresql")


def test_expanding_in_lists_are_refused_with_a_clear_message(learner):
    statement = Prepared(select(sessions.c.id).where(
        sessions.c.id.in_(bindparam("ids", expanding=True))))
    with pytest.raises(ValueError, match="one bindparam per value"):
        statement.all(ids=["s1"])


def test_caller_for_token_reads_id_and_role_only_while_the_token_lasts(learner):
    user = db.session.get(User, learner)
    token = user_service.issue_token(user)
    assert user_service.caller_for_token(token) == user_service.Caller(learner, "learner")
    assert user_service.caller_for_token(token + "x") is None
    db.session.execute(update(user_service.tokens_table).values(
        expires_at=datetime(2020, 1, 1, tzinfo=timezone.utc)))
    db.session.commit()
    assert user_service.caller_for_token(token) is None


def test_caller_and_session_checks_the_token_and_reads_only_the_callers_session(learner, make_user):
    from quizapp.services import turn_store

    other = make_user("prep-other")
    _session(learner, ["q1", "q2"], "mine")
    _session(other, ["q9"], "theirs")
    token = user_service.issue_token(db.session.get(User, learner))
    db.session.commit()
    caller, row = turn_store.caller_and_session(token, "mine")
    assert caller == user_service.Caller(learner, "learner")
    assert row == turn_store.SessionRow(["q1", "q2"], 0, None, None)
    assert turn_store.caller_and_session(token, "theirs") == (caller, turn_store.NOT_THEIRS)
    assert turn_store.caller_and_session(token, "nowhere") == (caller, turn_store.NOT_THEIRS)
    assert turn_store.caller_and_session(token + "x", "mine") is None
    db.session.execute(update(user_service.tokens_table).values(
        expires_at=datetime(2020, 1, 1, tzinfo=timezone.utc)))
    db.session.commit()
    assert turn_store.caller_and_session(token, "mine") is None


def test_python_side_defaults_are_filled_in_as_sqlalchemy_would(learner):
    cid = _criteria(1)[0]
    minimal = Prepared(progress.insert().values(
        user_id=bindparam("b_user"), criterion_id=bindparam("b_c")))
    before = utcnow()
    assert minimal.run(b_user=learner, b_c=cid) == 1
    db.session.commit()
    row = db.session.get(Progress, (learner, cid))
    assert (row.status, row.score, row.attempts, row.secure_days) == ("not_evidenced", 0.0, 0, 0)
    assert row.updated_at >= before.replace(microsecond=0)  # a callable default, called per run
    touch = Prepared(update(progress).where(progress.c.user_id == bindparam("b_user"))
                     .values(status=bindparam("v_status")))
    assert touch.run(b_user=learner, v_status="gap") == 1  # updated_at: its onupdate callable
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Progress, (learner, cid)).updated_at >= row.updated_at
