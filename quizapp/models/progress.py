"""Per-learner, per-criterion progress: a status from the pure rule in ``progress.status``, and
the running tally of the evidence it is computed from (so an answer turn updates it in constant
time, without re-reading the learner's answers)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false as sa_false

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
    # the tally (``progress.status.Tally``); NULL sums: not tallied yet, recompute from answers
    score_sum: Mapped[float | None] = mapped_column(Float)
    weight_sum: Mapped[float | None] = mapped_column(Float)
    secure_days: Mapped[int] = mapped_column(default=0, server_default="0")
    last_secure_on: Mapped[date | None] = mapped_column(Date)
    scenario_secure: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # SQLAlchemy's version counter: a tally written from a stale read fails instead of losing
    # an update (the answer turn then reads again)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    def to_dict(self) -> dict:
        return {
            "id": self.criterion_id,
            "status": self.status,
            "score": round(self.score, 3),
            "attempts": self.attempts,
        }
