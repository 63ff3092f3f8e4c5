"""Read-only views of the catalogue: qualifications, units and question counts."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Qualification, Question, Unit


def catalogue() -> dict:
    """Qualifications with their units and the number of active questions in each."""
    counts = dict(
        db.session.execute(
            select(Question.unit_id, func.count()).where(Question.active.is_(True))
            .group_by(Question.unit_id)
        ).all()
    )
    quals = db.session.scalars(select(Qualification).order_by(Qualification.id))
    return {
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
