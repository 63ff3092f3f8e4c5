"""What reaches people from an assessor's work: a learner's re-marks (new until seen) and
sign-offs, and the audit log told as sentences."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from quizapp import terms
from quizapp.dates import uk_date
from quizapp.extensions import db
from quizapp.models import Answer, AuditEntry, Override, User
from quizapp.models._types import utcnow


def _mark(values: dict | None) -> str:
    """``Partly there (43%)`` from an audit entry's {"score", "band"}."""
    if not values:
        return "no mark"
    return f"{terms.label(values.get('band', ''))} ({round(values.get('score', 0) * 100)}%)"


def describe(entry: AuditEntry, when: Callable = uk_date) -> str:
    """One audit entry as a sentence: who did what, on what date, and why."""
    who = entry.actor.username if entry.actor else "Someone"
    on = when(entry.created_at)
    reason = f": \u2018{entry.reason}\u2019" if entry.reason else ""
    after = entry.after or {}
    if entry.action == "override":
        return (f"{who} changed the mark from {_mark(entry.before)} to {_mark(after)} "
                f"on {on}{reason}")
    if entry.action == "sign_off":
        criterion = entry.entity_id.split(":", 1)[-1]
        signed = f" as \u2018{after['signature']}\u2019" if after.get("signature") else ""
        discussed = _iso_date(after.get("discussed_on"))
        held = f" held on {uk_date(discussed)}" if discussed else ""
        return (f"{who} confirmed {criterion} in the professional discussion{held}, signed"
                f"{signed} on {on}{reason}")
    if entry.action == "countersign":
        criterion = entry.entity_id.split(":", 1)[-1]
        return f"{who} countersigned the sign-off of {criterion} on {on}"
    if entry.action == "send_to_test_responses":
        return f"{who} added the answer to the question's test responses on {on}{reason}"
    return f"{who} did \u2018{entry.action.replace('_', ' ')}\u2019 on {on}{reason}"


def _iso_date(text: str | None):
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def remarks(learner_id: int, answer_ids: list[int] | None = None) -> list[dict]:
    """The learner's re-marked answers (the newest re-mark of each), newest first."""
    query = (select(Override, Answer).join(Answer, Answer.id == Override.answer_id)
             .where(Answer.user_id == learner_id).order_by(Override.id.desc()))
    if answer_ids is not None:
        query = query.where(Answer.id.in_(answer_ids))
    out, seen = [], set()
    for override, answer in db.session.execute(query).all():
        if answer.id in seen:
            continue
        seen.add(answer.id)
        out.append({"id": override.id, "answer_id": answer.id, "text": answer.text,
                    "prompt": answer.question.prompt if answer.question else answer.turn_id,
                    "criteria": [c.id for c in answer.criteria],
                    "was": answer.band, "band": override.band,
                    "score": round(override.score, 3), "comment": override.comment,
                    "assessor": override.assessor.username if override.assessor else None,
                    "at": override.created_at, "new": override.seen_at is None})
    return out


def mark_seen(learner: User) -> int:
    """Mark every re-mark of the learner's answers as seen; how many were new."""
    ids = select(Answer.id).where(Answer.user_id == learner.id)
    rows = list(db.session.scalars(select(Override).where(Override.answer_id.in_(ids),
                                                          Override.seen_at.is_(None))))
    now = utcnow()
    for row in rows:
        row.seen_at = now
    db.session.commit()
    return len(rows)


def unseen_count(learner_id: int) -> int:
    """How many re-marks of the learner's answers they have not seen."""
    from sqlalchemy import func

    ids = select(Answer.id).where(Answer.user_id == learner_id)
    return db.session.scalar(select(func.count(Override.id)).where(
        Override.answer_id.in_(ids), Override.seen_at.is_(None))) or 0
