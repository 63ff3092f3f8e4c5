"""Per-learner, per-criterion progress, recomputed from the answers by a pure rule."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models._types import UTCDateTime, utcnow


class Progress(db.Model):
    __tablename__ = "progress"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[str] = mapped_column(ForeignKey("criteria.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(24), default="not_evidenced")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    attempts: Mapped[int] = mapped_column(default=0)
    last_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def to_dict(self) -> dict:
        return {
            "id": self.criterion_id,
            "status": self.status,
            "score": round(self.score, 3),
            "attempts": self.attempts,
        }
