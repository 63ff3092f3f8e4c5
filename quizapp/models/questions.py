"""Questions from the banks, each linked to one or more criteria."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models._types import UTCDateTime, utcnow
from quizapp.models.catalogue import Criterion

question_criteria = Table(
    "question_criteria",
    db.metadata,
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("criterion_id", ForeignKey("criteria.id"), primary_key=True),
)


class Question(db.Model):
    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    prompt: Mapped[str] = mapped_column(Text)
    model_answer: Mapped[str] = mapped_column(Text)
    hint: Mapped[str | None] = mapped_column(Text)
    # large JSON columns load on first access: the answer path reads a cached compiled rubric
    rubric: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    source: Mapped[str | None] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    # labelled sample responses: from the bank file or the tutor's editor
    test_responses: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, deferred=True)
    # responses sent from assessors' overrides; kept across bank reloads until the author acts
    review_responses: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list,
                                                                   deferred=True)
    flagged: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    criteria: Mapped[list[Criterion]] = relationship(secondary=question_criteria)

    @property
    def criterion_ids(self) -> list[str]:
        return sorted(c.id for c in self.criteria)
