"""What reaches people from an assessor's work: a learner's re-marks (new until seen) and
sign-offs, and the audit log told as sentences."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from quizapp import terms
from quizapp.dates import uk_date
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    AuditEntry,
    Override,
    PracticeSession,
    Question,
    Quiz,
    ScenarioRecord,
    User,
    answer_criteria,
)
from quizapp.models._types import utcnow
from quizapp.services.learner_progress import marks_waiting


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


def _marks_shown(learner_id: int, now: datetime | None = None):
    """The ids of the learner's answers whose marks they may see now: all but those in a check
    quiz before its due date (``learner_progress.marks_waiting``), whose re-marks wait too."""
    return select(Answer.id).where(Answer.user_id == learner_id,
                                   Answer.id.not_in(marks_waiting(learner_id, now)))


def remarks(learner_id: int, answer_ids: list[int] | None = None) -> list[dict]:
    """The learner's re-marked answers (the newest re-mark of each), newest first; a check
    quiz's answers only after its due date."""
    query = (select(Override, Answer).join(Answer, Answer.id == Override.answer_id)
             .where(Answer.id.in_(_marks_shown(learner_id))).order_by(Override.id.desc())
             .options(selectinload(Override.assessor), selectinload(Answer.question),
                      selectinload(Answer.criteria)))
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


def mark_seen(learner: User, answer_ids: list[int] | None = None) -> int:
    """Mark the re-marks of the learner's answers (or of ``answer_ids`` among them) as seen;
    how many were new. A check quiz's answers wait for its due date."""
    ids = _marks_shown(learner.id)
    if answer_ids is not None:
        ids = ids.where(Answer.id.in_(answer_ids))
    rows = list(db.session.scalars(select(Override).where(Override.answer_id.in_(ids),
                                                          Override.seen_at.is_(None))))
    now = utcnow()
    for row in rows:
        row.seen_at = now
    db.session.commit()
    return len(rows)


def unseen_count(learner_id: int) -> int:
    """How many re-marks of the learner's answers they have not seen (that they may see)."""
    ids = _marks_shown(learner_id)
    return db.session.scalar(select(func.count(Override.id)).where(
        Override.answer_id.in_(ids), Override.seen_at.is_(None))) or 0


def unseen_by_criterion(learner_id: int, criterion_ids: list[str]) -> dict[str, int]:
    """``{criterion id: re-marks not yet seen}`` for the learner's answers to those criteria
    (criteria with none left out). One query."""
    if not criterion_ids:
        return {}
    rows = db.session.execute(
        select(answer_criteria.c.criterion_id, func.count(Override.id))
        .join(Answer, Answer.id == answer_criteria.c.answer_id)
        .join(Override, Override.answer_id == Answer.id)
        .where(Answer.id.in_(_marks_shown(learner_id)), Override.seen_at.is_(None),
               answer_criteria.c.criterion_id.in_(criterion_ids))
        .group_by(answer_criteria.c.criterion_id)).all()
    return {cid: n for cid, n in rows}


def _points(concepts: list[dict]) -> tuple[list[str], list[str]]:
    """The labels of the key points an answer made and those it missed."""
    points = [c for c in concepts if not c.get("negative") and c.get("label")]
    return [c["label"] for c in points if c.get("hit")], [c["label"] for c in points
                                                           if not c.get("hit")]


def answer_history(learner_id: int, criterion_ids: list[str],
                   now: datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    """``{criterion id: the learner's marked answers to it, newest first}``, each with its
    mark, the feedback given and every re-mark by an assessor (newest first: the first is the
    mark that counts; ``new`` until the learner has seen it). An answer in a check quiz before
    its due date keeps its mark, feedback and re-marks hidden (``hidden_until``), as the chat
    does.

    Two queries, whatever the number of answers: the answers (with their question, role-play
    and quiz), then the re-marks of those answers with their assessors' names."""
    if not criterion_ids:
        return {}
    rows = db.session.execute(
        select(answer_criteria.c.criterion_id, Answer, Question.prompt, ScenarioRecord.title,
               Quiz)
        .join(Answer, Answer.id == answer_criteria.c.answer_id)
        .join(PracticeSession, PracticeSession.id == Answer.session_id)
        .outerjoin(Quiz, Quiz.id == PracticeSession.quiz_id)
        .outerjoin(Question, Question.id == Answer.question_id)
        .outerjoin(ScenarioRecord, ScenarioRecord.id == Answer.scenario_id)
        .where(Answer.user_id == learner_id, Answer.kind.in_(terms.MARKED_KINDS),
               answer_criteria.c.criterion_id.in_(criterion_ids))
        .order_by(Answer.created_at.desc(), Answer.id.desc())).all()
    remarks_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    answer_ids = list({answer.id for _, answer, *_ in rows})
    if answer_ids:
        for override, assessor in db.session.execute(
                select(Override, User.username)
                .outerjoin(User, User.id == Override.assessor_id)
                .where(Override.answer_id.in_(answer_ids)).order_by(Override.id.desc())):
            remarks_of[override.answer_id].append({
                "id": override.id, "band": override.band, "score": round(override.score, 3),
                "comment": override.comment, "assessor": assessor, "at": override.created_at,
                "new": override.seen_at is None})
    out: dict[str, list[dict[str, Any]]] = {cid: [] for cid in criterion_ids}
    for cid, answer, prompt, scenario_title, quiz in rows:
        result = answer.result or {}
        made, missed = _points(result.get("concepts", []))
        hidden = quiz is not None and not quiz.feedback_visible(now)
        out[cid].append({
            "answer_id": answer.id, "at": answer.created_at, "text": answer.text,
            "prompt": prompt, "scenario": scenario_title, "quiz": quiz.title if quiz else None,
            "try": answer.try_number, "superseded": answer.superseded,
            "band": None if hidden else answer.band,
            "score": None if hidden else round(answer.score, 3),
            "feedback": None if hidden else result.get("feedback", ""),
            "made": [] if hidden else made, "missed": [] if hidden else missed,
            "hidden_until": quiz.due_at if hidden and quiz is not None else None,
            "hidden": hidden, "remarks": [] if hidden else remarks_of.get(answer.id, [])})
    return out
