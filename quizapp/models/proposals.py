"""Answers an assessor re-marked and proposed as test responses: a queue for the owner of the
question's bank (the cohort's tutors for a cohort question, the bank maintainers for a shared
one), who adds them to the bank and fixes the rubric. Nothing here changes a question."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models._types import UTCDateTime, utcnow
from quizapp.models.questions import Question


class ResponseProposal(db.Model):
    __tablename__ = "response_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"),
                                             index=True)
    # the question's own cohort when it is a cohort question (its tutors own the queue)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"),
                                                  index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="SET NULL"))
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assessor_name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    band: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship()

    def to_dict(self) -> dict:
        return {"text": self.text, "band": self.band, "assessor": self.assessor_name,
                "comment": self.comment, "at": self.created_at.isoformat()}
