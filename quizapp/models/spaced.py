"""Coming back to practice: each learner's review cards (one per question, FSRS) and their
daily goal and time zone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models._types import UTCDateTime, utcnow


class ReviewCard(db.Model):
    """A learner's FSRS card on one question (``quizapp.progress.review``): the card as the
    ``fsrs`` package writes it (JSON text), and when it is next due (read by the due queries)."""

    __tablename__ = "review_cards"
    __table_args__ = (Index("ix_review_cards_user_due", "user_id", "due"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    card: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    reviews: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # two answer turns at once on one card: the second fails and the turn reads again
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class LearnerGoal(db.Model):
    """A learner's daily goal (questions a day) and the time zone their days are counted in."""

    __tablename__ = "learner_goals"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    daily_goal: Mapped[int] = mapped_column(default=10)
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
