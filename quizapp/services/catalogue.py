"""Read-only views of the catalogue: qualifications, units and question counts."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Criterion, Qualification, Question, Unit, question_criteria
from quizapp.services import roleplays


def catalogue() -> dict:
    """Qualifications with their units and the number of active questions in each."""
    # a question counts for every unit whose criteria it evidences, and for its own unit
    pairs = db.session.execute(
        select(Criterion.unit_id, Question.id)
        .join(question_criteria, question_criteria.c.criterion_id == Criterion.id)
        .join(Question, Question.id == question_criteria.c.question_id)
        .where(Question.active.is_(True), Question.cohort_id.is_(None))
    ).all()
    pairs += db.session.execute(select(Question.unit_id, Question.id).where(
        Question.active.is_(True), Question.cohort_id.is_(None))).all()
    per_unit: dict[str, set[str]] = {}
    for unit_id, qid in pairs:
        per_unit.setdefault(unit_id, set()).add(qid)
    counts = {uid: len(qids) for uid, qids in per_unit.items()}
    quals = db.session.scalars(select(Qualification).order_by(Qualification.id))
    return {
        "scenarios": roleplays.listing(),
        "qualifications": [
            {
                "id": q.id,
                "title": q.title,
                "level": q.level,
                "units": [
                    {"id": u.id, "code": u.code, "title": u.title,
                     "question_count": counts.get(u.id, 0)}
                    for u in q.units
                ],
            }
            for q in quals
        ]
    }


def get_unit(unit_id: str) -> Unit | None:
    return db.session.get(Unit, unit_id)
