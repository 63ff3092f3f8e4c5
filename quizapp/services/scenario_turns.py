"""A scenario run's turns: store the learner's reply to the customer with the progress it
changes, once per client id, and the reply (the same for a retry). ``practice`` routes a
session's answers here when the session is a scenario run."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import Answer, Criterion, PracticeSession
from quizapp.progress.status import Evidence
from quizapp.services import Conflict
from quizapp.services.users import Learner
from quizapp.services import learner_progress
from quizapp.services import roleplays


def existing(user: Learner, client_id: str) -> Answer | None:
    """The learner's answer stored under ``client_id``, if any."""
    return db.session.scalar(
        select(Answer).where(Answer.user_id == user.id, Answer.client_id == client_id))


def reply(answer: Answer) -> dict[str, Any]:
    """A scenario turn's reply: its mark (unless it was a question to the caller), the
    customer's next lines as the next turn, or the debrief at the end."""
    result = answer.result or {}
    data: dict[str, Any] = {"answer_id": answer.id, "kind": answer.kind, "text": answer.text,
                            "scenario_id": answer.scenario_id, "turn_id": answer.turn_id,
                            "customer": result.get("customer", []),
                            "missing": result.get("missing", [])}
    if answer.kind == "scenario":
        data.update(score=round(answer.score, 3), band=answer.band, passed=answer.passed,
                     concepts=result.get("concepts", []), feedback=result.get("feedback", ""),
                     criteria=[c.id for c in answer.criteria])
    if "debrief" in result:
        data["debrief"] = result["debrief"]
    data["next"] = result.get("next")  # the turn as it was then, so a retry gets the same reply
    return data


def record(user: Learner, session: PracticeSession, client_id: str, text: str) -> Answer:
    """Store a reply to the customer (or the one stored already under ``client_id``)."""
    stored = existing(user, client_id)
    if stored is not None:
        if stored.session_id != session.id:
            raise Conflict("That client_id was already used in another session.")
        return stored
    return _new_turn(user, session, client_id, text)


def _store(user: Learner, answer: Answer, criteria: list[Criterion]) -> Answer:
    """Store a scenario turn with the progress it changes, once per client id."""
    db.session.add(answer)
    try:
        db.session.flush()
        if answer.kind in learner_progress.MARKED_KINDS:
            learner_progress.add_evidence(user.id, criteria, Evidence(
                score=answer.score, band=answer.band, at=answer.created_at, source="scenario"))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        stored = existing(user, answer.client_id)
        if stored is None:
            raise
        return stored
    return answer


def _new_turn(user: Learner, session: PracticeSession, client_id: str, text: str) -> Answer:
    if (session.state or {}).get("done"):
        raise Conflict("This scenario is finished: start it again for a new run.")
    fields, criteria = roleplays.take_reply(session, text)
    answer = Answer(session_id=session.id, user_id=user.id, client_id=client_id, text=text,
                    **fields)
    answer.criteria = criteria
    if session.state.get("done"):
        session.finished_at = answer.created_at or datetime.now(timezone.utc)
    nxt = roleplays.turn_for(session, fields["result"]["customer"])
    answer.result = {**fields["result"], "next": nxt}
    answer.next_question_id = nxt["turn_id"] if nxt else None
    return _store(user, answer, criteria)
