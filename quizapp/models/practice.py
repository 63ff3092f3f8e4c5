"""Practice sessions and the answers given in them. Answers are append-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Float, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false as sa_false

from quizapp.extensions import db
from quizapp.models._types import UTCDateTime, utcnow
from quizapp.models.catalogue import Criterion
from quizapp.models.cohorts import Quiz
from quizapp.models.questions import Question


answer_criteria = Table(
    "answer_criteria",
    db.metadata,
    Column("answer_id", ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True),
    Column("criterion_id", ForeignKey("criteria.id"), primary_key=True, index=True),
)


class PracticeSession(db.Model):
    """A run for one learner: a unit, some criteria, a quiz attempt, or a scenario."""

    __tablename__ = "practice_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))
    criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    queue: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    quiz_id: Mapped[int | None] = mapped_column(
        ForeignKey("quizzes.id", ondelete="SET NULL"), index=True)
    scenario_id: Mapped[str | None] = mapped_column(ForeignKey("scenarios.id"))
    state: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # a scenario run's state
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # bumped by every answer turn (SQLAlchemy's version counter): two turns at once on one
    # session can't both be taken, on any database
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    answers: Mapped[list[Answer]] = relationship(
        back_populates="session", order_by="Answer.id"
    )
    quiz: Mapped[Quiz | None] = relationship()

    @property
    def current_question_id(self) -> str | None:
        return self.queue[self.position] if self.position < len(self.queue) else None


class Answer(db.Model):
    """One learner answer with its mark. Rows are inserted, never updated in place."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("user_id", "client_id", name="uq_answers_user_client"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="CASCADE"), index=True
    )
    # looked up by (user_id, client_id)'s unique index: no index of its own
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # nothing reads answers by question or scenario (both are retired, never deleted): no index
    question_id: Mapped[str | None] = mapped_column(ForeignKey("questions.id"))
    scenario_id: Mapped[str | None] = mapped_column(ForeignKey("scenarios.id"))
    turn_id: Mapped[str | None] = mapped_column(String(64))
    client_id: Mapped[str] = mapped_column(String(64))
    # answer | skip | scenario | ask
    kind: Mapped[str] = mapped_column(String(16), default="answer")
    text: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    band: Mapped[str] = mapped_column(String(16), default="not_yet")
    passed: Mapped[bool] = mapped_column(default=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    next_question_id: Mapped[str | None] = mapped_column(String(128))
    # tries at one question in one session: the latest try carries the mark that counts
    # (``credit``: the best try less a penalty per extra try); earlier tries are superseded
    try_number: Mapped[int] = mapped_column(default=1, server_default="1")
    credit: Mapped[float | None] = mapped_column(Float)
    superseded: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[PracticeSession] = relationship(back_populates="answers")
    question: Mapped[Question | None] = relationship()
    criteria: Mapped[list[Criterion]] = relationship(secondary=answer_criteria)

    @property
    def counted_score(self) -> float:
        """The mark that counts for progress (the raw score for answers stored before tries)."""
        return self.score if self.credit is None else self.credit
