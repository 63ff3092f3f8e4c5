"""Cohorts (a tutor's class on one qualification), their members, and the quizzes set for them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models._types import UTCDateTime, utcnow
from quizapp.models.catalogue import Qualification
from quizapp.models.users import User

MEMBER_ROLES = ("learner", "tutor", "assessor")


class Cohort(db.Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    qualification_id: Mapped[str] = mapped_column(ForeignKey("qualifications.id"))
    optional_units: Mapped[list[str]] = mapped_column(JSON, default=list)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    qualification: Mapped[Qualification] = relationship()
    members: Mapped[list[CohortMember]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan")
    quizzes: Mapped[list[Quiz]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", order_by="Quiz.id")


class CohortMember(db.Model):
    __tablename__ = "cohort_members"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id", name="uq_cohort_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # learner | tutor | assessor
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class CohortRemoval(db.Model):
    """A learner a tutor removed from a cohort: the join code no longer lets them back in,
    until a tutor does."""

    __tablename__ = "cohort_removals"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id", name="uq_cohort_removal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    removed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    removed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Quiz(db.Model):
    """A quiz set for a cohort: what it covers, when, how many tries, and when feedback shows."""

    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    units: Mapped[list[str]] = mapped_column(JSON, default=list)
    criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    scenarios: Mapped[list[str]] = mapped_column(JSON, default=list)
    question_count: Mapped[int] = mapped_column(default=10)
    selection: Mapped[str] = mapped_column(String(16), default="random")  # random | fixed
    fixed_questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts_allowed: Mapped[int] = mapped_column(default=1)
    feedback_mode: Mapped[str] = mapped_column(String(16), default="immediate")  # | after_due
    # tries at each question, and the mark taken off the best try for each extra one
    tries_per_question: Mapped[int] = mapped_column(default=3, server_default="3")
    try_penalty: Mapped[float] = mapped_column(Float, default=0.1, server_default="0.1")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[str | None] = mapped_column(Text)
    # a deleted quiz that learners had answered is archived, not deleted (their answers stay)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship(back_populates="quizzes")

    def feedback_visible(self, now: datetime | None = None) -> bool:
        """Practice quizzes show feedback at once; checks only after the due date."""
        if self.feedback_mode == "immediate":
            return True
        return self.due_at is not None and (now or utcnow()) >= self.due_at
