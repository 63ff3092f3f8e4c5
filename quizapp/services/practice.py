"""Practice sessions: start, answer (idempotent by client id), skip, and read back.

How an answer travels: the API validates input -> ``submit_answer`` -> ``scoring.score`` (pure)
-> ``progress.recompute`` -> one commit for the answer and the progress -> JSON reply.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.models import (
    Answer,
    CohortMember,
    Criterion,
    PracticeSession,
    Question,
    Unit,
    User,
    question_criteria,
)
from quizapp.scoring import Rubric, score
from quizapp.services import NotFound, ServiceError
from quizapp.services import progress as progress_service
from quizapp.services import scenarios as scenario_service

MAX_ANSWER = 5000
MAX_CLIENT_ID = 64
STATUS_ORDER = {"not_evidenced": 0, "gap": 1, "developing": 2, "secure": 3}

_rubric_cache: dict[tuple[str, str], Rubric] = {}


def compiled_rubric(question: Question) -> Rubric:
    """The question's rubric, compiled once per content version."""
    key = (question.id, question.content_hash)
    rubric = _rubric_cache.get(key)
    if rubric is None:
        if len(_rubric_cache) > 2000:
            _rubric_cache.clear()
        rubric = _rubric_cache[key] = Rubric.from_dict(question.rubric)
    return rubric


def turn_for(question: Question | None, session: PracticeSession) -> dict[str, Any] | None:
    if question is None:
        return None
    return {
        "kind": "question",
        "prompt": question.prompt,
        "question_id": question.id,
        "criteria": question.criterion_ids,
        "unit": question.unit_id,
        "number": session.queue.index(question.id) + 1 if question.id in session.queue else None,
        "total": len(session.queue),
        "has_hint": bool(question.hint),
    }


def question_pool(units: list[str] | str | None, criteria: list[str] | None,
                  cohorts: list[int] | None = None) -> list[Question]:
    """Active questions that evidence a criterion of any of ``units`` (wherever the question's
    bank file lives), or any of ``criteria``: the shared banks, plus the own questions of
    ``cohorts``."""
    if isinstance(units, str):
        units = [units]
    wanted = select(Criterion.id).where(Criterion.unit_id.in_(units)) if units else None
    conditions = []
    if wanted is not None:
        conditions.append(Question.unit_id.in_(units))
        conditions.append(Question.id.in_(select(question_criteria.c.question_id).where(
            question_criteria.c.criterion_id.in_(wanted))))
    if criteria:
        conditions.append(Question.id.in_(select(question_criteria.c.question_id).where(
            question_criteria.c.criterion_id.in_(criteria))))
    if not conditions:
        return []
    query = select(Question).where(
        Question.active.is_(True), or_(*conditions),
        Question.cohort_id.is_(None) | Question.cohort_id.in_(cohorts or []))
    return list(db.session.scalars(query.order_by(Question.id)))


def start_practice(user: User, unit_id: str | None = None,
                   criteria: list[str] | None = None, rng: random.Random | None = None) -> PracticeSession:
    """Start a session over a unit or a set of criteria, weakest criteria first."""
    if not unit_id and not criteria:
        raise ServiceError("Choose a unit or some criteria to practise.")
    if unit_id and db.session.get(Unit, unit_id) is None:
        raise NotFound(f"There is no unit {unit_id!r}.")
    pool = question_pool(unit_id, criteria, cohort_ids(user))
    if not pool:
        raise NotFound("There are no questions for that choice yet.")
    rows = progress_service.statuses(user.id)
    rng = rng or random.Random()

    def weakness(q: Question) -> tuple:
        ranks = [STATUS_ORDER.get(rows[c].status if c in rows else "not_evidenced", 0)
                 for c in q.criterion_ids]
        return (min(ranks, default=0), rng.random())

    queue = [q.id for q in sorted(pool, key=weakness)]
    session = PracticeSession(id=uuid.uuid4().hex, user_id=user.id, unit_id=unit_id,
                              criteria=list(criteria or []), queue=queue, position=0)
    db.session.add(session)
    db.session.commit()
    return session


def cohort_ids(user: User) -> list[int]:
    return list(db.session.scalars(select(CohortMember.cohort_id).where(
        CohortMember.user_id == user.id)))


def get_session(user: User, session_id: str, lock: bool = False) -> PracticeSession:
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
        return scenario_service.turn_for(session)
    qid = session.current_question_id
    return turn_for(db.session.get(Question, qid) if qid else None, session)


def _check_client_id(client_id: Any) -> str:
    if not isinstance(client_id, str) or not client_id.strip():
        raise ServiceError("client_id is required: a unique string per answer, reused on retry.")
    if len(client_id) > MAX_CLIENT_ID:
        raise ServiceError(f"client_id must be at most {MAX_CLIENT_ID} characters.")
    return client_id.strip()


def answer_reply(answer: Answer) -> dict[str, Any]:
    """The JSON reply for a stored answer (the same for the first call and any retry)."""
    question = answer.question
    session = answer.session
    if answer.scenario_id:
        return _scenario_reply(answer)
    next_q = db.session.get(Question, answer.next_question_id,
                            options=[selectinload(Question.criteria)]) if answer.next_question_id else None
    reply = {
        "answer_id": answer.id,
        "question_id": question.id,
        "kind": answer.kind,
        "model_answer": question.model_answer,
        "next": turn_for(next_q, session),
    }
    if answer.kind == "answer":
        reply["text"] = answer.text
        reply.update(
            score=round(answer.score, 3), band=answer.band,
            passed=answer.passed, concepts=answer.result.get("concepts", []),
            feedback=answer.result.get("feedback", ""),
        )
    quiz = session.quiz
    if quiz is not None and not quiz.feedback_visible():
        for key in ("score", "band", "passed", "concepts", "model_answer"):
            reply.pop(key, None)
        reply["feedback"] = ("Saved. This quiz is a check: your marks and feedback appear after "
                             f"the due date ({quiz.due_at:%d %b %Y %H:%M}).")
        reply["feedback_after"] = quiz.due_at.isoformat()
    return reply



def _scenario_reply(answer: Answer) -> dict[str, Any]:
    """A scenario turn's reply: its mark (unless it was a question to the caller), the
    customer's next lines as the next turn, or the debrief at the end."""
    result = answer.result or {}
    reply: dict[str, Any] = {"answer_id": answer.id, "kind": answer.kind, "text": answer.text,
                             "scenario_id": answer.scenario_id, "turn_id": answer.turn_id,
                             "customer": result.get("customer", []),
                             "missing": result.get("missing", [])}
    if answer.kind == "scenario":
        reply.update(score=round(answer.score, 3), band=answer.band, passed=answer.passed,
                     concepts=result.get("concepts", []), feedback=result.get("feedback", ""),
                     criteria=[c.id for c in answer.criteria])
    if "debrief" in result:
        reply["debrief"] = result["debrief"]
    reply["next"] = result.get("next")  # the turn as it was then, so a retry gets the same reply
    return reply


def _existing(user: User, client_id: str) -> Answer | None:
    return db.session.scalar(
        select(Answer).where(Answer.user_id == user.id, Answer.client_id == client_id))


def _record(user: User, session: PracticeSession, client_id: str, kind: str,
            text: str = "") -> Answer:
    """Store one answer or skip for the session's current question, exactly once per client id."""
    existing = _existing(user, client_id)
    if existing is not None:
        if existing.session_id != session.id:
            raise ServiceError("That client_id was already used in another session.", status=409)
        return existing
    if session.scenario_id:
        return _record_scenario(user, session, client_id, kind, text)
    qid = session.current_question_id
    if qid is None:
        raise ServiceError("This practice session is finished: start a new one.", status=409)
    question = db.session.get(Question, qid, options=[selectinload(Question.criteria)])
    answer = Answer(session_id=session.id, user_id=user.id, question_id=qid,
                    client_id=client_id, kind=kind, text=text)
    answer.question = question
    answer.criteria = list(question.criteria)
    if kind == "answer":
        result = score(text, compiled_rubric(question))
        answer.score, answer.band, answer.passed = result.score, result.band, result.passed
        data = result.to_dict()
        answer.result = {"concepts": data["concepts"], "feedback": data["feedback"]}
    session.position += 1
    answer.next_question_id = session.current_question_id
    return _commit(user, answer, list(question.criteria) if kind == "answer" else [])


def _commit(user: User, answer: Answer, criteria: list[Criterion]) -> Answer:
    """Store the answer with the progress it changes, once per client id."""
    db.session.add(answer)
    try:
        db.session.flush()
        progress_service.recompute(user.id, criteria)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _existing(user, answer.client_id)
        if existing is None:
            raise
        return existing
    return answer


def _record_scenario(user: User, session: PracticeSession, client_id: str, kind: str,
                     text: str) -> Answer:
    if (session.state or {}).get("done"):
        raise ServiceError("This scenario is finished: start it again for a new run.", status=409)
    if kind == "skip":
        raise ServiceError("A scenario can't be skipped: reply to the customer, even briefly.")
    fields, criteria = scenario_service.take_reply(session, text)
    answer = Answer(session_id=session.id, user_id=user.id, client_id=client_id, text=text,
                    **fields)
    answer.criteria = criteria
    if session.state.get("done"):
        session.finished_at = answer.created_at or datetime.now(timezone.utc)
    nxt = scenario_service.turn_for(session, fields["result"]["customer"])
    answer.result = {**fields["result"], "next": nxt}
    answer.next_question_id = nxt["turn_id"] if nxt else None
    return _commit(user, answer, criteria)


def submit_answer(user: User, session_id: str, text: Any, client_id: Any) -> dict[str, Any]:
    """Mark a free-text answer, store it with the progress it changes, and reply."""
    session = get_session(user, session_id, lock=True)  # whose it is comes before what was sent
    if not isinstance(text, str) or not text.strip():
        raise ServiceError("Type an answer first: it can't be empty.", status=422)
    if len(text) > MAX_ANSWER:
        raise ServiceError(f"That answer is too long: keep it under {MAX_ANSWER} characters.",
                           status=413)
    return answer_reply(_record(user, session, _check_client_id(client_id), "answer", text))


def skip_question(user: User, session_id: str, client_id: Any) -> dict[str, Any]:
    """Skip the current question: recorded (not as evidence), model answer shown, move on."""
    session = get_session(user, session_id, lock=True)
    return answer_reply(_record(user, session, _check_client_id(client_id), "skip"))


def hint(user: User, session_id: str) -> dict[str, Any]:
    session = get_session(user, session_id)
    qid = session.current_question_id
    if qid is None:
        raise ServiceError("This practice session is finished.", status=409)
    question = db.session.get(Question, qid)
    return {"question_id": qid,
            "hint": question.hint or "Think about what the customer needs, step by step."}


def session_state(user: User, session_id: str) -> dict[str, Any]:
    """Everything the chat needs to redraw itself after a reload."""
    session = get_session(user, session_id)
    history = []
    for answer in session.answers:
        item = answer_reply(answer)
        item["prompt"] = answer.question.prompt if answer.question else None
        history.append(item)
    state = {"session": session.id, "unit": session.unit_id, "turn": current_turn(session),
             "history": history}
    if session.scenario_id:
        record = scenario_service.get_record(session.scenario_id)
        state["scenario"] = {"id": record.id, "title": record.title, "type": record.type}
        state["opening"] = scenario_service.first_turn_lines(session)
        if (session.state or {}).get("done") and history:
            state["debrief"] = history[-1].get("debrief")
    return state
