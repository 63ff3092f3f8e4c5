"""Practice sessions: start, answer (idempotent by client id), skip, and read back.

How an answer travels: the API validates input -> ``submit_answer`` -> ``scoring.score`` (pure)
-> ``progress.add_evidence`` (folds the mark into the criteria's tallies) -> one commit for the
answer and the progress -> JSON reply. A scenario run's turns go through ``scenario_turns``.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from sqlalchemy import and_, bindparam, insert, or_, select
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.models import (
    Answer,
    CohortMember,
    Criterion,
    PracticeSession,
    Progress,
    Question,
    Quiz,
    Unit,
    question_criteria,
)
from quizapp.models._types import utcnow
from quizapp.progress.status import Evidence
from quizapp.scoring import score
from quizapp.services import (Conflict, ErrorKind, NotFound, ServiceError, content,
                              scenario_turns, turn_store)
from quizapp.services import learner_progress
from quizapp.services import roleplays
from quizapp.services.prepared import Prepared
from quizapp.services.users import Learner

MAX_ANSWER = 5000
MAX_CLIENT_ID = 64
STATUS_ORDER = {"not_evidenced": 0, "gap": 1, "developing": 2, "secure": 3}


def _view_turn(view: content.QuestionView | None, queue: list[str]) -> dict[str, Any] | None:
    """The chat's turn for a question (None past the end of the session)."""
    if view is None:
        return None
    c = view.content
    return {
        "kind": "question",
        "prompt": c.prompt,
        "question_id": c.id,
        "criteria": view.criterion_ids,
        "unit": c.unit_id,
        "number": queue.index(c.id) + 1 if c.id in queue else None,
        "total": len(queue),
        "has_hint": bool(c.hint),
    }


def _pool_filter(units, criteria, cohorts):
    """The WHERE clause of a question pool (see ``question_pool``), or None for no pool.
    ``units`` and ``criteria``: lists of IDs (or bind parameters); ``cohorts``: a list of cohort
    IDs, or a query of them."""
    q = Question.__table__.c
    if isinstance(units, str):
        units = [units]
    criteria_table = Criterion.__table__
    links = question_criteria
    conditions = []
    if units is not None and len(units):
        wanted = select(criteria_table.c.id).where(criteria_table.c.unit_id.in_(units))
        conditions.append(q.unit_id.in_(units))
        conditions.append(q.id.in_(select(links.c.question_id).where(
            links.c.criterion_id.in_(wanted))))
    if criteria is not None and (not isinstance(criteria, list) or criteria):
        conditions.append(q.id.in_(select(links.c.question_id).where(
            links.c.criterion_id.in_(criteria))))
    if not conditions:
        return None
    return and_(q.active.is_(True), or_(*conditions),
                q.cohort_id.is_(None) | q.cohort_id.in_([] if cohorts is None else cohorts))


def question_pool(units: list[str] | str | None, criteria: list[str] | None,
                  cohorts: list[int] | None = None) -> list[Question]:
    """Active questions that evidence a criterion of any of ``units`` (wherever the question's
    bank file lives), or any of ``criteria``: the shared banks, plus the own questions of
    ``cohorts``."""
    where = _pool_filter(units, criteria, cohorts)
    if where is None:
        return []
    query = select(Question).options(selectinload(Question.criteria)).where(where)
    return list(db.session.scalars(query.order_by(Question.id)))


_POOL_STATEMENTS: dict[tuple[bool, bool], Any] = {}


def _pool_statement(by_unit: bool, by_criteria: bool):
    """The query of ``_pool_with_status`` for a unit, some criteria, or both; built once each
    (building a statement costs more than running it), with the values as bind parameters."""
    key = (by_unit, by_criteria)
    if key not in _POOL_STATEMENTS:
        questions = Question.__table__
        progress = Progress.__table__
        links = question_criteria
        user = bindparam("user")
        cohorts = select(CohortMember.__table__.c.cohort_id).where(
            CohortMember.__table__.c.user_id == user)
        where = _pool_filter([bindparam("unit")] if by_unit else None,
                             bindparam("criteria", expanding=True) if by_criteria else None,
                             cohorts)
        _POOL_STATEMENTS[key] = (
            select(questions.c.id, links.c.criterion_id, progress.c.status)
            .outerjoin(links, links.c.question_id == questions.c.id)
            .outerjoin(progress, and_(progress.c.criterion_id == links.c.criterion_id,
                                      progress.c.user_id == user))
            .where(where).order_by(questions.c.id))
    return _POOL_STATEMENTS[key]


def _pool_with_status(unit_id: str | None, criteria: list[str] | None,
                      user_id: int) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The learner's pool (``question_pool``, with the learner's cohorts' own questions) as
    ``{question id: its criterion ids}``, and the learner's status names on those criteria:
    one query."""
    statement = _pool_statement(bool(unit_id), bool(criteria))
    params: dict[str, Any] = {"user": user_id, "unit": unit_id, "criteria": list(criteria or [])}
    pool: dict[str, list[str]] = {}
    statuses: dict[str, str] = {}
    for qid, cid, status in db.session.execute(statement, params):
        found = pool.setdefault(qid, [])
        if cid is not None:
            found.append(cid)
            if status is not None:
                statuses[cid] = status
    return pool, statuses


_NEW_SESSION = Prepared(insert(PracticeSession.__table__).values(
    id=bindparam("b_id"), user_id=bindparam("b_user"), unit_id=bindparam("b_unit"),
    criteria=bindparam("b_criteria", type_=PracticeSession.__table__.c.criteria.type),
    queue=bindparam("b_queue", type_=PracticeSession.__table__.c.queue.type), position=0))


def start_practice(user: Learner, unit_id: str | None = None,
                   criteria: list[str] | None = None,
                   rng: random.Random | None = None) -> PracticeSession:
    """Start a session over a unit or a set of criteria, weakest criteria first: one read of
    the pool with the learner's statuses, one insert, one commit. Returns the new session (not
    in ``db.session``: read it again to change it)."""
    if not unit_id and not criteria:
        raise ServiceError("Choose a unit or some criteria to practise.")
    pool, statuses = _pool_with_status(unit_id, criteria, user.id)
    if not pool:
        if unit_id and db.session.get(Unit, unit_id) is None:
            raise NotFound(f"There is no unit {unit_id!r}.")
        raise NotFound("There are no questions for that choice yet.")
    rng = rng or random.Random()

    def weakness(qid: str) -> tuple:
        ranks = [STATUS_ORDER.get(statuses.get(c, "not_evidenced"), 0) for c in pool[qid]]
        return (min(ranks, default=0), rng.random())

    queue = sorted(pool, key=weakness)
    session = PracticeSession(id=uuid.uuid4().hex, user_id=user.id, unit_id=unit_id,
                              criteria=list(criteria or []), queue=queue, position=0,
                              quiz_id=None, scenario_id=None, state=None)
    _NEW_SESSION.run(b_id=session.id, b_user=user.id, b_unit=unit_id,
                     b_criteria=session.criteria, b_queue=queue)
    db.session.commit()
    return session


def get_session(user: Learner, session_id: str, lock: bool = False) -> PracticeSession:
    query = select(PracticeSession).where(
        PracticeSession.id == session_id, PracticeSession.user_id == user.id)
    if lock:
        query = query.with_for_update()
    session = db.session.scalar(query)
    if session is None:
        raise NotFound("That practice session was not found.")
    return session


def current_turn(session: PracticeSession) -> dict[str, Any] | None:
    if session.scenario_id:
        return roleplays.turn_for(session)
    qid = session.current_question_id
    return _view_turn(content.questions([qid]).get(qid), session.queue) if qid else None


def _check_client_id(client_id: Any) -> str:
    if not isinstance(client_id, str) or not client_id.strip():
        raise ServiceError("client_id is required: a unique string per answer, reused on retry.")
    if len(client_id) > MAX_CLIENT_ID:
        raise ServiceError(f"client_id must be at most {MAX_CLIENT_ID} characters.")
    return client_id.strip()


def answer_reply(answer: Answer,
                 views: dict[str, content.QuestionView] | None = None) -> dict[str, Any]:
    """The JSON reply for a stored answer (the same for the first call and any retry).
    ``views``: the questions involved, when the caller has read them already."""
    if answer.scenario_id:
        return scenario_turns.reply(answer)
    if views is None:
        views = content.questions([answer.question_id, answer.next_question_id])
    session = answer.session
    return _question_reply(
        answer.id, answer.question_id, answer.kind, answer.text, answer.score, answer.band,
        answer.passed, answer.result, views.get(answer.question_id),
        views.get(answer.next_question_id), session.queue, session.quiz)


def _question_reply(answer_id: int, question_id: str, kind: str, text: str, score: float,
                    band: str, passed: bool, result: dict[str, Any],
                    question: content.QuestionView | None,
                    next_view: content.QuestionView | None, queue: list[str],
                    quiz: Quiz | None) -> dict[str, Any]:
    reply = {
        "answer_id": answer_id,
        "question_id": question_id,
        "kind": kind,
        "model_answer": question.content.model_answer if question else None,
        "next": _view_turn(next_view, queue),
    }
    if kind == "answer":
        reply["text"] = text
        reply.update(
            score=round(score, 3), band=band,
            passed=passed, concepts=result.get("concepts", []),
            feedback=result.get("feedback", ""),
        )
    if quiz is not None and not quiz.feedback_visible():
        for key in ("score", "band", "passed", "concepts", "model_answer"):
            reply.pop(key, None)
        reply["feedback"] = ("Saved. This quiz is a check: your marks and feedback appear after "
                             f"the due date ({quiz.due_at:%d %b %Y %H:%M}).")
        reply["feedback_after"] = quiz.due_at.isoformat()
    return reply


def _replay(user: Learner, session_id: str, client_id: str,
            otherwise: ServiceError) -> dict[str, Any]:
    """The reply already given for ``client_id`` (a client retrying), else raise ``otherwise``."""
    existing = scenario_turns.existing(user, client_id)
    if existing is None:
        raise otherwise
    if existing.session_id != session_id:
        raise Conflict("That client_id was already used in another session.")
    return answer_reply(existing)


def _answer_turn(user: Learner, session_id: str, kind: str, text: Any, client_id: Any,
                 row: turn_store.SessionRow | None = None) -> dict[str, Any]:
    """Mark (for ``kind`` "answer") or skip the session's current question, store it with the
    progress it changes in one transaction, exactly once per client id, and reply.

    The hot path of the app, so in a handful of prepared statements (``turn_store``,
    ``services.prepared``): read the session; read the question's hash and criteria with the
    learner's progress tallies on them (its compiled content is cached by hash); move the
    session on only if it is still at that question (two tabs can't both answer it) and insert
    the answer with its criteria unless its client id is stored already (then this is a retry:
    undo, and reply as before); fold the mark into the tallies and write them back if unchanged
    since they were read; commit. ``row``: the session's row if the caller has read it already
    (``turn_store.caller_and_session``).
    """
    if row is None:
        row = turn_store.session_row(session_id, user.id)
    if row is None or row.queue is None:  # whose it is comes before what was sent
        raise NotFound("That practice session was not found.")
    if kind == "answer":
        _check_text(text)
    client_id = _check_client_id(client_id)
    queue, position, quiz_id, scenario_id = row
    if scenario_id:
        if kind == "skip":
            raise ServiceError("A scenario can't be skipped: reply to the customer, even briefly.")
        session = get_session(user, session_id, lock=True)
        return answer_reply(scenario_turns.record(user, session, client_id, text))
    qid = queue[position] if position < len(queue) else None
    if qid is None:
        return _replay(user, session_id, client_id, Conflict(
            "This practice session is finished: start a new one."))
    next_id = queue[position + 1] if position + 1 < len(queue) else None
    views = content.turn_questions(qid, next_id, user.id)
    question = views.get(qid)
    if question is None:
        raise Conflict("That question is no longer available: start a new session.")
    values: dict[str, Any] = {"kind": kind, "text": text if kind == "answer" else ""}
    if kind == "answer":
        result = score(text, question.content.rubric)
        values.update(score=result.score, band=result.band, passed=result.passed,
                      result={"concepts": [c.to_dict() for c in result.concepts],
                              "feedback": result.feedback})
    else:
        values.update(score=0.0, band="not_yet", passed=False, result={})
    now = utcnow()
    values.update(session_id=session_id, user_id=user.id, question_id=qid, client_id=client_id,
                  next_question_id=next_id, scenario_id=None, turn_id=None, created_at=now)
    evidence = learner_progress.plan_evidence(
        user.id, question.criteria,
        Evidence(score=values["score"], band=values["band"], at=now, source="answer"),
        stored=question.tallies) if kind == "answer" else None
    answer_id = turn_store.store_answer(position, values, evidence)
    if answer_id is None:
        # another request answered this question first, or this one is a retry
        db.session.rollback()
        return _replay(user, session_id, client_id, Conflict(
            "That question was answered already, maybe in another tab: reload to carry on."))
    db.session.commit()
    quiz = db.session.get(Quiz, quiz_id) if quiz_id else None
    return _question_reply(answer_id, qid, kind, values["text"], values["score"], values["band"],
                           values["passed"], values["result"], question,
                           views.get(next_id), queue, quiz)


def _check_text(text: Any) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ServiceError("Type an answer first: it can't be empty.")
    if len(text) > MAX_ANSWER:
        raise ServiceError(f"That answer is too long: keep it under {MAX_ANSWER} characters.",
                           kind=ErrorKind.TOO_LARGE)


def submit_answer(user: Learner, session_id: str, text: Any, client_id: Any,
                  row: turn_store.SessionRow | None = None) -> dict[str, Any]:
    """Mark a free-text answer, store it with the progress it changes, and reply. ``row``: the
    session's row, if read already with the token check."""
    return _answer_turn(user, session_id, "answer", text, client_id, row)


def skip_question(user: Learner, session_id: str, client_id: Any,
                  row: turn_store.SessionRow | None = None) -> dict[str, Any]:
    """Skip the current question: recorded (not as evidence), model answer shown, move on."""
    return _answer_turn(user, session_id, "skip", "", client_id, row)


def hint(user: Learner, session_id: str) -> dict[str, Any]:
    session = get_session(user, session_id)
    qid = session.current_question_id
    if qid is None:
        raise Conflict("This practice session is finished.")
    question = db.session.get(Question, qid)
    return {"question_id": qid,
            "hint": question.hint or "Think about what the customer needs, step by step."}


def session_state(user: Learner, session_id: str) -> dict[str, Any]:
    """Everything the chat needs to redraw itself after a reload."""
    session = get_session(user, session_id)
    answers = list(session.answers)
    views = content.questions([i for a in answers for i in (a.question_id, a.next_question_id)])
    history = []
    for answer in answers:
        item = answer_reply(answer, views)
        view = views.get(answer.question_id)
        item["prompt"] = view.content.prompt if view else None
        history.append(item)
    state = {"session": session.id, "unit": session.unit_id, "turn": current_turn(session),
             "history": history}
    if session.scenario_id:
        record = roleplays.get_record(session.scenario_id)
        state["scenario"] = {"id": record.id, "title": record.title, "type": record.type}
        state["opening"] = roleplays.first_turn_lines(session)
        if (session.state or {}).get("done") and history:
            state["debrief"] = history[-1].get("debrief")
    return state
