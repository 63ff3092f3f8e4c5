"""Assessor review: overrides of a mark (the original is kept), sign-offs, and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models._types import UTCDateTime, utcnow
from quizapp.models.users import User


class Override(db.Model):
    """An assessor's re-mark of an answer. Answers are never changed; the newest override wins."""

    __tablename__ = "overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when the learner saw it

    assessor: Mapped[User | None] = relationship()


class SignOff(db.Model):
    """A criterion confirmed in professional discussion for one learner."""

    __tablename__ = "signoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("criteria.id"), index=True)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    discussed_on: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the assessor's typed name as their signature, and when they signed
    signature: Mapped[str | None] = mapped_column(String(120))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the learner's countersignature (their typed name), and when
    countersignature: Mapped[str | None] = mapped_column(String(120))
    countersigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assessor: Mapped[User | None] = relationship(foreign_keys=[assessor_id])
    criterion: Mapped[Criterion] = relationship()  # noqa: F821 (quizapp.models.catalogue)


class AuditEntry(db.Model):
    """Who did what, when, from what, to what, and why. Insert-only: no route edits it."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(128))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()
