"""Qualifications, their units and criteria, keyed by stable string IDs from the specs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db


class Qualification(db.Model):
    __tablename__ = "qualifications"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    level: Mapped[int | None]
    body: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(255))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    units: Mapped[list[Unit]] = relationship(
        back_populates="qualification", order_by="Unit.position"
    )


class Unit(db.Model):
    __tablename__ = "units"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    qualification_id: Mapped[str] = mapped_column(ForeignKey("qualifications.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    qualification: Mapped[Qualification] = relationship(back_populates="units")
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="unit", order_by="Criterion.position"
    )


class Criterion(db.Model):
    __tablename__ = "criteria"

    id: Mapped[str] = mapped_column(String(96), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    number: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    verb: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    unit: Mapped[Unit] = relationship(back_populates="criteria")
