"""Recompute and read per-criterion progress. The rule itself is pure: ``progress.status``."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Criterion,
    Override,
    Progress,
    Question,
    ScenarioRecord,
    Unit,
    answer_criteria,
    question_criteria,
)
from quizapp.progress.status import Evidence, compute

MARKED_KINDS = ("answer", "scenario")


def recompute(user_id: int, criteria: list[Criterion]) -> None:
    """Recompute progress rows for ``criteria`` from all of the learner's marked answers
    (an assessor's override replaces the machine mark). Does not commit: the caller commits the
    answer and the progress together.
    """
    if not criteria:
        return
    criterion_ids = [c.id for c in criteria]
    latest = (select(Override.answer_id, func.max(Override.id).label("override_id"))
              .group_by(Override.answer_id).subquery())
    rows = db.session.execute(
        select(answer_criteria.c.criterion_id, Answer.kind, Answer.score, Answer.band,
               Answer.created_at, Override.score, Override.band)
        .join(Answer, Answer.id == answer_criteria.c.answer_id)
        .outerjoin(latest, latest.c.answer_id == Answer.id)
        .outerjoin(Override, Override.id == latest.c.override_id)
        .where(
            Answer.user_id == user_id,
            Answer.kind.in_(MARKED_KINDS),
            answer_criteria.c.criterion_id.in_(criterion_ids),
        )
    ).all()
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for cid, kind, score, band, at, o_score, o_band in rows:
        if o_band is not None:  # an assessor's override replaces the machine mark
            score, band = o_score, o_band
        source = "scenario" if kind == "scenario" else "answer"
        evidence[cid].append(Evidence(score=score, band=band, at=at, source=source))
    stored = statuses(user_id, criterion_ids)
    for criterion in criteria:
        items = evidence.get(criterion.id, [])
        status = compute(items, criterion.kind)
        row = stored.get(criterion.id)
        if row is None:
            row = Progress(user_id=user_id, criterion_id=criterion.id)
            db.session.add(row)
        row.status = status.status
        row.score = status.score
        row.attempts = status.attempts
        row.last_answer_at = max((e.at for e in items), default=None)


def statuses(user_id: int, criterion_ids: list[str] | None = None) -> dict[str, Progress]:
    """The learner's stored progress rows, by criterion ID."""
    query = select(Progress).where(Progress.user_id == user_id)
    if criterion_ids is not None:
        query = query.where(Progress.criterion_id.in_(criterion_ids))
    return {p.criterion_id: p for p in db.session.scalars(query)}


def practisable_criteria(unit_id: str | None = None) -> list[Criterion]:
    """Criteria that an active question or scenario evidences (optionally in one unit)."""
    from_questions = (
        select(question_criteria.c.criterion_id)
        .join(Question, Question.id == question_criteria.c.question_id)
        .where(Question.active.is_(True))
    )
    ids = set(db.session.scalars(from_questions))
    for criteria in db.session.scalars(
            select(ScenarioRecord.criteria).where(ScenarioRecord.active.is_(True))):
        ids.update(criteria)
    query = (
        select(Criterion)
        .join(Unit, Unit.id == Criterion.unit_id)
        .where(Criterion.id.in_(ids))
        .order_by(Unit.qualification_id, Unit.position, Criterion.position)
    )
    if unit_id:
        query = query.where(Criterion.unit_id == unit_id)
    return list(db.session.scalars(query))


def progress_report(user_id: int, unit_id: str | None = None) -> list[dict]:
    """Every practisable criterion with the learner's status (``not_evidenced`` if none yet)."""
    criteria = practisable_criteria(unit_id)
    rows = statuses(user_id, [c.id for c in criteria])
    report = []
    for c in criteria:
        row = rows.get(c.id)
        item = row.to_dict() if row else {
            "id": c.id, "status": "not_evidenced", "score": 0.0, "attempts": 0}
        item.update(text=c.text, number=c.number, unit=c.unit_id, kind=c.kind)
        report.append(item)
    return report
