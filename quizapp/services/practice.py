"""Practice sessions: start one (weakest criteria first), retry the questions missed, read
one back (the chat's state after a reload, the end-of-session summary) and ask for a hint.
Answers go through ``services.answer_turn``; the chat's wording through ``services.turns``.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from quizapp import terms
from quizapp.extensions import db
from quizapp.models._types import utcnow
from quizapp.models import (
    CohortMember,
    Criterion,
    PracticeSession,
    Progress,
    Question,
    Quiz,
    Unit,
    question_criteria,
)
from quizapp.services import (
    Conflict,
    NotFound,
    ServiceError,
    answer_turn,
    content,
    learner_progress,
    roleplays,
    turns,
)
from quizapp.services.users import Learner

MAX_ANSWER = answer_turn.MAX_ANSWER
MAX_CLIENT_ID = answer_turn.MAX_CLIENT_ID

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


def _practice_cohorts(user_id: int):
    """The learner's cohorts whose own questions free practice may serve: not those with a
    check quiz still open (its tutor-written questions and model answers stay unseen until
    its due date)."""
    members, quizzes = CohortMember.__table__, Quiz.__table__
    open_checks = select(quizzes.c.cohort_id).where(
        quizzes.c.feedback_mode == "after_due", quizzes.c.due_at > utcnow())
    return select(members.c.cohort_id).where(members.c.user_id == user_id,
                                             members.c.cohort_id.not_in(open_checks))


def _pool_with_status(unit_id: str | None, criteria: list[str] | None,
                      user_id: int) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The learner's pool (``question_pool``, with their cohorts' own questions) as
    ``{question id: its criterion ids}``, and the learner's status names on those criteria as
    they may see them: one query (SQLAlchemy caches its compiled form), and one more for the
    criteria a check quiz's answer waiting for its due date has moved (``_shown``)."""
    questions, progress, links = Question.__table__, Progress.__table__, question_criteria
    where = _pool_filter(unit_id or None, list(criteria or []) or None,
                         _practice_cohorts(user_id))
    if where is None:
        return {}, {}
    statement = (
        select(questions.c.id, links.c.criterion_id, progress.c.status)
        .outerjoin(links, links.c.question_id == questions.c.id)
        .outerjoin(progress, and_(progress.c.criterion_id == links.c.criterion_id,
                                  progress.c.user_id == user_id))
        .where(where).order_by(questions.c.id))
    pool: dict[str, list[str]] = {}
    statuses: dict[str, str] = {}
    for qid, cid, status in db.session.execute(statement):
        found = pool.setdefault(qid, [])
        if cid is not None:
            found.append(cid)
            if status is not None:
                statuses[cid] = status
    return pool, _shown(user_id, statuses)


def _shown(user_id: int, statuses: dict[str, str]) -> dict[str, str]:
    """``statuses`` (stored) as the learner may see them: on criteria with a check quiz's
    answer whose marks wait for its due date, from their other answers only, so the order
    of a practice or review session gives nothing away."""
    waiting = learner_progress.waiting_criteria(user_id, list(statuses))
    if not waiting:
        return statuses
    shown = learner_progress.shown_statuses(user_id, sorted(waiting))
    out = {cid: s for cid, s in statuses.items() if cid not in waiting}
    out.update((cid, row.status) for cid, row in shown.items())
    return out


def _new_session(user: Learner, queue: list[str], unit_id: str | None = None,
                 criteria: list[str] | None = None) -> PracticeSession:
    session = PracticeSession(id=uuid.uuid4().hex, user_id=user.id, unit_id=unit_id,
                              criteria=list(criteria or []), queue=queue, position=0)
    db.session.add(session)
    db.session.commit()
    return session


def start_practice(user: Learner, unit_id: str | None = None,
                   criteria: list[str] | None = None,
                   rng: random.Random | None = None) -> PracticeSession:
    """Start a session over a unit or a set of criteria, weakest criteria first: one read of
    the pool with the learner's statuses, one insert, one commit."""
    if not unit_id and not criteria:
        raise ServiceError("Choose a unit or some criteria to practise.")
    pool, statuses = _pool_with_status(unit_id, criteria, user.id)
    if not pool:
        if unit_id and db.session.get(Unit, unit_id) is None:
            raise NotFound(f"There is no unit {unit_id!r}.")
        raise NotFound("There are no questions for that choice yet.")
    rng = rng or random.Random()

    def weakness(qid: str) -> tuple:
        ranks = [terms.STATUS_ORDER.get(statuses.get(c, "not_evidenced"), 0) for c in pool[qid]]
        return (min(ranks, default=0), rng.random())

    return _new_session(user, sorted(pool, key=weakness), unit_id, criteria)


def get_session(user: Learner, session_id: str) -> PracticeSession:
    session = db.session.get(PracticeSession, session_id)  # the identity map, if read already
    if session is None or session.user_id != user.id:
        raise NotFound("That practice session was not found.")
    return session


def current_turn(session: PracticeSession) -> dict[str, Any] | None:
    return turns.current_turn(session)


def submit_answer(user: Learner, session_id: str, text: Any, client_id: Any,
                  question_id: str | None = None, turn_id: str | None = None) -> dict[str, Any]:
    """Mark a free-text answer to the turn named, store it with the progress it changes, and
    reply (``services.answer_turn``)."""
    return answer_turn.take(user, session_id, terms.AnswerKind.ANSWER, text, client_id,
                            question_id=question_id, turn_id=turn_id)


def skip_question(user: Learner, session_id: str, client_id: Any,
                  question_id: str | None = None) -> dict[str, Any]:
    """Skip the question named: recorded (not as evidence), model answer shown, move on."""
    return answer_turn.take(user, session_id, terms.AnswerKind.SKIP, "", client_id,
                            question_id=question_id)


def hint(user: Learner, session_id: str, question_id: str | None = None) -> dict[str, Any]:
    """The hint for the current question's next try: general first, more specific after each
    try. None before the due date of a check quiz."""
    session = get_session(user, session_id)
    if session.scenario_id or session.position >= len(session.queue):
        raise Conflict("There is no question waiting for an answer in this session.")
    queue, position = session.queue, session.position
    qid = queue[position]
    if question_id is not None and question_id != qid:
        if position + 1 < len(queue) and question_id == queue[position + 1]:
            qid = question_id  # the learner pressed Next: the hint for that one's first try
        else:
            raise Conflict("That isn't the question in front of you now.",
                           details={"turn": turns.current_turn(session)})
    if not turns.Rules.of(session.quiz).feedback_now:
        raise Conflict("This quiz is a check: no hints until the due date.")
    view = content.questions([qid])[qid]
    latest = turns.latest_try(session.id, qid)
    found = turns.hints(view, (latest.result or {}).get("concepts", []) if latest else [])
    number = latest.try_number if latest else 0
    return {"question_id": qid, "hint": found[min(number, len(found) - 1)]}


def session_state(user: Learner, session_id: str) -> dict[str, Any]:
    """Everything the chat needs to redraw itself after a reload."""
    session = get_session(user, session_id)
    answers = list(session.answers)
    views = content.questions([i for a in answers for i in (a.question_id, a.next_question_id)])
    history = []
    for answer in answers:
        item = turns.answer_reply(answer, views)
        view = views.get(answer.question_id or "")
        item["prompt"] = view.content.prompt if view else None
        history.append(item)
    state: dict[str, Any] = {"session": session.id, "unit": session.unit_id,
                             "turn": turns.current_turn(session), "history": history,
                             "finished": session.finished_at is not None}
    if session.scenario_id:
        record = roleplays.get_record(session.scenario_id)
        state["scenario"] = {"id": record.id, "title": record.title, "type": record.type}
        state["opening"] = roleplays.first_turn_lines(session)
        if (session.state or {}).get("done") and history:
            state["debrief"] = history[-1].get("debrief")
    return state


def _best_tries(session: PracticeSession) -> dict[str, Any]:
    """Each question's latest try (it carries the mark that counts), by question id."""
    latest: dict[str, Any] = {}
    for answer in session.answers:
        if answer.question_id:
            latest[answer.question_id] = answer
    return latest


def summary(user: Learner, session_id: str) -> dict[str, Any]:
    """The end of a session: the score, and each question with the learner's answer and band
    (for a check quiz before its due date, what was answered but no marks)."""
    session = get_session(user, session_id)
    if session.scenario_id:
        raise ServiceError("A role-play ends with its debrief, not a summary.")
    rules = turns.Rules.of(session.quiz)
    latest = _best_tries(session)
    views = content.questions(list(session.queue))
    counts = {band.value: 0 for band in terms.Band} | {"skipped": 0}
    items, total_credit = [], 0.0
    for qid in session.queue:
        answer, view = latest.get(qid), views.get(qid)
        item: dict[str, Any] = {"question_id": qid, "prompt": view.content.prompt if view else "",
                                "answer": None, "band": None, "tries": 0}
        if answer is not None:
            item.update(answer=answer.text, tries=answer.try_number, kind=answer.kind)
            if answer.kind == terms.AnswerKind.SKIP:
                counts["skipped"] += 1
            elif rules.feedback_now:
                band = terms.counted_band(answer.band, answer.credit, answer.try_number)
                item.update(band=band, band_label=band.label,
                            score=round(answer.counted_score, 3))
                counts[band] += 1
                total_credit += answer.counted_score
        items.append(item)
    answered = sum(1 for qid in session.queue if qid in latest)
    reply: dict[str, Any] = {
        "session": session.id, "total": len(session.queue), "answered": answered,
        "secure": counts["secure"], "partly": counts["partly"], "not_yet": counts["not_yet"],
        "skipped": counts["skipped"], "finished": session.finished_at is not None,
        "score": round(total_credit / len(session.queue), 3) if session.queue else 0.0,
        "items": items, "retry_unit": session.unit_id, "marks_shown": rules.feedback_now,
        "quiz": None,
    }
    if session.quiz is not None:
        quiz = session.quiz
        reply["quiz"] = {"id": quiz.id, "title": quiz.title,
                         "due": quiz.due_at.isoformat() if quiz.due_at else None}
        if not rules.feedback_now:
            reply["score"] = None
    return reply


def retry_session(user: Learner, session_id: str) -> PracticeSession:
    """A new session of the questions in ``session_id`` that are not yet secure (skipped and
    unanswered ones too)."""
    old = get_session(user, session_id)
    if old.scenario_id:
        raise ServiceError("Start the role-play again to retry it.")
    if old.quiz_id is not None and not turns.Rules.of(old.quiz).feedback_now:
        raise Conflict("This quiz is a check: practise it again after the due date.")
    latest = _best_tries(old)
    queue = [qid for qid in old.queue if qid not in latest or terms.counted_band(
        latest[qid].band, latest[qid].credit, latest[qid].try_number) != terms.Band.SECURE
        or latest[qid].kind != terms.AnswerKind.ANSWER]
    queue = [qid for qid in queue if qid in content.questions(queue)]  # still active
    if not queue:
        raise Conflict("Every question in that session is secure: nothing to retry.")
    return _new_session(user, queue, old.unit_id, old.criteria)
