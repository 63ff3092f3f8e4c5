"""The answer turn's reads and writes, as prepared statements (``services.prepared``).

``practice`` calls these on every answer: read the session; then, in the same transaction,
move the session on past the question, store the answer with its criteria, exactly once per
client id, and write the progress it changes (``progress.EvidencePlan``). On PostgreSQL the
answer's part is one statement (data-modifying CTEs: one round trip to the server instead of
three); SQLite, which has no round trips, runs the same steps as three statements. (The
progress writes in the same statement too measured slower on PostgreSQL: 312 against 370
answers/s.)
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql

from quizapp.extensions import upsert
from quizapp.models import Answer, PracticeSession, answer_criteria, question_criteria
from quizapp.services import learner_progress
from quizapp.services import users
from quizapp.services.prepared import Prepared, dialect_name

sessions_table = PracticeSession.__table__
answers_table = Answer.__table__

# the columns of an answer row, given as bind parameters v_<column>
ANSWER_COLUMNS = ("session_id", "user_id", "question_id", "client_id", "next_question_id",
                  "scenario_id", "turn_id", "created_at", "kind", "text", "score", "band",
                  "passed", "result")


class SessionRow(NamedTuple):
    queue: list[str]
    position: int
    quiz_id: int | None
    scenario_id: str | None


def _answer_binds() -> list:
    return [bindparam("v_" + name, type_=answers_table.c[name].type) for name in ANSWER_COLUMNS]


# the columns of a SessionRow
_SESSION_COLUMNS = (sessions_table.c.queue, sessions_table.c.position, sessions_table.c.quiz_id,
                    sessions_table.c.scenario_id)
_SESSION = Prepared(
    select(*_SESSION_COLUMNS)
    .where(sessions_table.c.id == bindparam("b_id"),
           sessions_table.c.user_id == bindparam("b_user")))

# moved on only if still at the question answered (two tabs can't both answer it)
_ADVANCE = (update(sessions_table)
            .where(sessions_table.c.id == bindparam("b_id"),
                   sessions_table.c.position == bindparam("b_position"))
            .values(position=bindparam("b_position") + 1))
# the question's criteria, linked to the answer, as they are in the database now
_LINK_ROWS = (select(bindparam("b_answer", type_=answers_table.c.id.type),
                     question_criteria.c.criterion_id)
              .where(question_criteria.c.question_id == bindparam("v_question_id")))
_LINK = insert(answer_criteria).from_select(["answer_id", "criterion_id"], _LINK_ROWS)


def _insert_answer(dialect: str):
    """An answer, unless its (user, client id) is stored already; RETURNING its id."""
    return (upsert(answers_table, dialect)
            .values(dict(zip((answers_table.c[n] for n in ANSWER_COLUMNS), _answer_binds())))
            .on_conflict_do_nothing(index_elements=["user_id", "client_id"])
            .returning(answers_table.c.id))


def _store_in_one(dialect: str):
    """PostgreSQL: advance, insert and link in one statement; the new answer's id, or no row
    (the session had moved on, or the client id is stored already)."""
    moved = _ADVANCE.returning(sessions_table.c.id).cte("moved")
    inserted = (postgresql.insert(answers_table)
                .from_select(list(ANSWER_COLUMNS), select(*_answer_binds()).select_from(moved))
                .on_conflict_do_nothing(index_elements=["user_id", "client_id"])
                .returning(answers_table.c.id).cte("inserted"))
    linked = (insert(answer_criteria)
              .from_select(["answer_id", "criterion_id"],
                           select(inserted.c.id, question_criteria.c.criterion_id)
                           .where(question_criteria.c.question_id == bindparam("v_question_id")))
              .cte("linked"))
    return select(inserted.c.id).add_cte(linked)


_IN_ONE = Prepared(_store_in_one)
_STEPS = (Prepared(_ADVANCE), Prepared(_insert_answer), Prepared(_LINK))


# the token check and the session read in one statement: the caller, with their session's
# columns (NULL if the session is not theirs)
_CALLER_SESSION = Prepared(
    users.TOKEN_CALLER.add_columns(*_SESSION_COLUMNS)
    .outerjoin(sessions_table, and_(sessions_table.c.id == bindparam("b_id"),
                                    sessions_table.c.user_id == users.users_table.c.id)))

NOT_THEIRS = SessionRow(None, None, None, None)  # type: ignore[arg-type]


def session_row(session_id: str, user_id: int) -> SessionRow | None:
    """The learner's practice session's queue, position, quiz and scenario; None if not theirs."""
    row = _SESSION.first(b_id=session_id, b_user=user_id)
    return SessionRow(*row) if row else None


def caller_and_session(raw_token: str, session_id: str) -> tuple[users.Caller, SessionRow] | None:
    """Who holds an unexpired token (None if nobody), with their practice session's row
    (``NOT_THEIRS`` if that session is not theirs): ``users.caller_for_token`` and
    ``session_row`` in one statement, for the answer turn."""
    row = _CALLER_SESSION.first(b_id=session_id, **users.token_parameters(raw_token))
    if row is None:
        return None
    found = SessionRow(*row[2:])
    return users.Caller(*row[:2]), NOT_THEIRS if found.queue is None else found


def store_answer(position: int, values: dict[str, Any],
                 evidence: learner_progress.EvidencePlan | None = None) -> int | None:
    """Move the session on from ``position``, store the answer (``values``: every column of
    ``ANSWER_COLUMNS``) linked to its question's criteria, and write the progress it changes
    (``evidence``, if any; tallies that changed meanwhile are recomputed). Returns the answer's
    id, or None if nothing was stored because the session had moved on already (another tab,
    or this answer sent twice) or the client id is stored already: the caller rolls back and
    replays. Does not commit."""
    params = {"v_" + key: values[key] for key in ANSWER_COLUMNS}
    if dialect_name() == "postgresql":
        answer_id = _IN_ONE.scalar(b_id=values["session_id"], b_position=position, **params)
    else:
        advance, insert_answer, link = _STEPS
        if not advance.run(b_id=values["session_id"], b_position=position):
            return None
        answer_id = insert_answer.scalar(**params)
        if answer_id is not None:
            link.run(b_answer=answer_id, v_question_id=values["question_id"])
    if answer_id is not None and evidence is not None:
        learner_progress.write_evidence(evidence)
    return answer_id
