"""The answer turn, once for questions and role-play turns: check the turn the learner names,
mark the answer, store it with the progress it changes in one transaction, exactly once per
client id, and reply. Everything goes through SQLAlchemy's Session and ORM.

- Exactly once per client id: the unique index on (user, client id); a second insert fails
  with ``IntegrityError`` and the stored answer's reply is given again.
- A session moves on once: every turn bumps the session's version counter, so of two turns
  at once on one session the second fails (``StaleDataError``) and is read again.
- Progress rows have a version counter too (``learner_progress.add_evidence``).

Tries: a question can be answered again while tries are left (``tries_left``); every try is
stored, and the mark that counts for progress is the best try less a penalty per extra try
(``Answer.credit``), carried by the question's latest try (earlier ones are superseded).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from quizapp import terms
from quizapp.dates import uk_datetime
from quizapp.extensions import db
from quizapp.models import Answer, PracticeSession, Quiz, answer_criteria
from quizapp.models._types import utcnow
from quizapp.progress.status import Evidence
from quizapp.scoring import score
from quizapp.services import Conflict, ErrorKind, NotFound, ServiceError, content
from quizapp.services import learner_progress, reviews, roleplays, turns
from quizapp.services.users import Learner

MAX_ANSWER = 5000
MAX_CLIENT_ID = 64
RETRIES = 3  # reads again after a concurrent change to the same session or progress rows


def take(user: Learner, session_id: str, kind: str, text: str, client_id: str,
         question_id: str | None = None, turn_id: str | None = None) -> dict[str, Any]:
    """Answer (``kind`` "answer") or skip the turn named, and reply; a retry with a stored
    ``client_id`` gets the first reply again, whatever happened since."""
    client_id = _check_client_id(client_id)
    if kind == terms.AnswerKind.ANSWER:
        _check_text(text)
    for _ in range(RETRIES):
        try:
            return _take(user, session_id, kind, text, client_id, question_id, turn_id)
        except (IntegrityError, StaleDataError):
            db.session.rollback()  # a duplicate client id, or another turn got there first
        except Conflict:
            db.session.rollback()
            if _stored(user, client_id) is None:
                raise
        stored = _stored(user, client_id)
        if stored is not None:
            return _replay(stored, session_id)
    raise Conflict("Several answers arrived at once on this session: send yours again.")


def _stored(user: Learner, client_id: str) -> Answer | None:
    return db.session.scalar(
        select(Answer).where(Answer.user_id == user.id, Answer.client_id == client_id))


def _replay(answer: Answer, session_id: str) -> dict[str, Any]:
    if answer.session_id != session_id:
        raise Conflict("That client_id was already used in another session.")
    return turns.answer_reply(answer)


def _check_client_id(client_id: Any) -> str:
    if not isinstance(client_id, str) or not client_id.strip():
        raise ServiceError("client_id is required: a unique string per answer, reused on retry.")
    if len(client_id) > MAX_CLIENT_ID:
        raise ServiceError(f"client_id must be at most {MAX_CLIENT_ID} characters.")
    return client_id.strip()


def _check_text(text: Any) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ServiceError("Type an answer first: it can't be empty.")
    if len(text) > MAX_ANSWER:
        raise ServiceError(f"That answer is too long: keep it under {MAX_ANSWER} characters.",
                           kind=ErrorKind.TOO_LARGE)


def _session(user: Learner, session_id: str) -> PracticeSession:
    session = db.session.get(PracticeSession, session_id)  # the identity map, if read already
    if session is None or session.user_id != user.id:
        raise NotFound("That practice session was not found.")
    return session


def _check_open(quiz: Quiz | None) -> None:
    """Answers to a quiz are taken until its due date, and refused after it."""
    if quiz is not None and quiz.due_at is not None and utcnow() > quiz.due_at:
        raise Conflict(f"This quiz closed on {uk_datetime(quiz.due_at)} (UK time): answers "
                       "are no longer taken. Your answers before then are kept.")


def _stale(session: PracticeSession, message: str) -> Conflict:
    return Conflict(message, details={"turn": turns.current_turn(session)})


def _take(user: Learner, session_id: str, kind: str, text: str, client_id: str,
          question_id: str | None, turn_id: str | None) -> dict[str, Any]:
    session = _session(user, session_id)
    quiz = session.quiz
    _check_open(quiz)
    if session.scenario_id:
        return _take_scenario_turn(user, session, kind, text, client_id, turn_id)
    queue, position = session.queue, session.position
    if position >= len(queue):
        raise Conflict("This practice session is finished: start a new one.",
                       details={"turn": None})
    index = position
    if question_id is not None and question_id != queue[position]:
        if position + 1 < len(queue) and question_id == queue[position + 1]:
            index = position + 1  # the learner chose Next: leave the current question as it is
        else:
            raise _stale(session, "That isn't the question in front of you now (maybe another "
                                  "tab moved on): here is the current one.")
    qid = queue[index]
    next_id = queue[index + 1] if index + 1 < len(queue) else None
    views = content.questions([qid, next_id])
    question = views.get(qid)
    if question is None:
        raise Conflict("That question is no longer available: start a new session.")
    rules = turns.Rules.of(quiz)
    previous = turns.latest_try(session.id, qid) if index == position else None
    number = previous.try_number + 1 if previous else 1
    if previous is not None and turns.tries_left(previous, rules) == 0:
        raise _stale(session, "That question is done: here is the current one.")

    now = utcnow()
    answer = Answer(session_id=session.id, user_id=user.id, question_id=qid,
                    client_id=client_id, next_question_id=next_id, kind=kind,
                    text=text if kind == terms.AnswerKind.ANSWER else "", try_number=number,
                    created_at=now)
    if kind == terms.AnswerKind.ANSWER:
        result = score(text, question.content.rubric)
        answer.score, answer.band, answer.passed = result.score, result.band, result.passed
        answer.result = {"concepts": [c.to_dict() for c in result.concepts],
                         "feedback": result.feedback}
        answer.credit = rules.credit(result.score, number, previous)
    else:
        answer.score, answer.band, answer.passed, answer.result = 0.0, "not_yet", False, {}
        answer.credit = previous.credit if previous is not None else None
    if previous is not None:
        previous.superseded = True
    session.position = index + (0 if turns.tries_left(answer, rules) else 1)
    if session.position >= len(queue):
        session.finished_at = now
    session.version += 1
    db.session.add(answer)
    db.session.flush()  # the answer's id; a duplicate client id fails here
    if question.criteria:
        db.session.execute(insert(answer_criteria), [
            {"answer_id": answer.id, "criterion_id": cid} for cid in question.criteria])
    if kind == terms.AnswerKind.ANSWER:
        _record_progress(user, question.criteria, answer, previous)
        reviews.record(user.id, session, answer)  # the learner's spaced-review card
    db.session.flush()
    # worded before the commit, which expires the rows (reading them after would load them
    # again); sent after it, so a reply always means the answer is stored
    reply = turns.question_reply(answer, question, views.get(next_id or ""), queue, quiz)
    db.session.commit()
    return reply


def _record_progress(user: Learner, criteria: dict[str, str], answer: Answer,
                     previous: Answer | None) -> None:
    """A question's first try is new evidence; a later try that raises the mark that counts
    replaces the evidence of the tries before it (recomputed from the answers)."""
    band = terms.counted_band(answer.band, answer.credit, answer.try_number)
    if previous is None:
        learner_progress.add_evidence(user.id, criteria, Evidence(
            score=answer.counted_score, band=band, at=answer.created_at, source="answer"))
    elif answer.counted_score > previous.counted_score:
        learner_progress.recompute(user.id, criteria)  # the new try supersedes the old one


def _take_scenario_turn(user: Learner, session: PracticeSession, kind: str, text: str,
                        client_id: str, turn_id: str | None) -> dict[str, Any]:
    """One reply to the customer in a role-play: one reply per turn, no tries."""
    if kind != terms.AnswerKind.ANSWER:
        raise ServiceError("A scenario can't be skipped: reply to the customer, even briefly.")
    state = session.state or {}
    if state.get("done"):
        raise Conflict("This scenario is finished: start it again for a new run.",
                       details={"turn": None})
    if turn_id is not None and turn_id != state.get("turn"):
        raise _stale(session, "The customer has moved on (maybe in another tab): here is "
                              "where the conversation is now.")
    fields, criteria = roleplays.take_reply(session, text)
    now = utcnow()
    answer = Answer(session_id=session.id, user_id=user.id, client_id=client_id, text=text,
                    created_at=now, **fields)
    answer.criteria = criteria
    if (session.state or {}).get("done"):
        session.finished_at = now
    following = roleplays.turn_for(session, fields["result"]["customer"])
    answer.result = {**fields["result"], "next": following}
    answer.next_question_id = following["turn_id"] if following else None
    session.version += 1
    db.session.add(answer)
    if answer.kind in terms.MARKED_KINDS:
        learner_progress.add_evidence(user.id, criteria, Evidence(
            score=answer.score, band=answer.band, at=now, source="scenario"))
    db.session.flush()
    reply = turns.scenario_reply(answer, session.quiz)  # before the commit expires the rows
    db.session.commit()
    return reply
