"""Recompute and read per-criterion progress. The rule itself is pure: ``progress.status``."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

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


def effective_marks(answer_ids: list[int]) -> dict[int, tuple[float, str]]:
    """The newest assessor override per answer, where there is one: answer id -> (score, band)."""
    if not answer_ids:
        return {}
    rows = db.session.execute(
        select(Override.answer_id, Override.score, Override.band)
        .where(Override.answer_id.in_(answer_ids))
        .order_by(Override.answer_id, Override.id)
    ).all()
    return {answer_id: (score, band) for answer_id, score, band in rows}  # newest wins


def recompute(user_id: int, criterion_ids: list[str]) -> None:
    """Recompute progress rows for ``criterion_ids`` from all of the learner's marked answers
    (an assessor's override replaces the machine mark). Does not commit: the caller commits the
    answer and the progress together.
    """
    if not criterion_ids:
        return
    rows = db.session.execute(
        select(answer_criteria.c.criterion_id, Answer.id, Answer.kind, Answer.score, Answer.band,
               Answer.created_at)
        .join(Answer, Answer.id == answer_criteria.c.answer_id)
        .where(
            Answer.user_id == user_id,
            Answer.kind.in_(MARKED_KINDS),
            answer_criteria.c.criterion_id.in_(criterion_ids),
        )
    ).all()
    overrides = effective_marks([r[1] for r in rows])
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for cid, answer_id, kind, score, band, at in rows:
        score, band = overrides.get(answer_id, (score, band))
        source = "scenario" if kind == "scenario" else "answer"
        evidence[cid].append(Evidence(score=score, band=band, at=at, source=source))
    kinds = dict(
        db.session.execute(select(Criterion.id, Criterion.kind).where(Criterion.id.in_(criterion_ids)))
        .all()
    )
    for cid in criterion_ids:
        items = evidence.get(cid, [])
        status = compute(items, kinds.get(cid, "knowledge"))
        row = db.session.get(Progress, (user_id, cid))
        if row is None:
            row = Progress(user_id=user_id, criterion_id=cid)
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
