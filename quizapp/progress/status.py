"""The one rule that turns a learner's evidence for a criterion into a status.

Pure: no Flask, no database. ``services.learner_progress`` gathers the evidence and stores the
result.

Statuses, weakest first:

- ``not_evidenced``: no marked answer yet;
- ``gap``: the recency-weighted score is below ``GAP_BELOW``;
- ``developing``: some evidence, not yet secure;
- ``secure``: the recency-weighted score is at least ``SECURE_FROM`` *and* at least two secure
  answers were given on different days (for a performance criterion, at least one of them in a
  scenario).

Recent evidence counts more than old: the newest answer has weight 1, the one before
``DECAY``, then ``DECAY**2`` and so on.

The rule reads a ``Tally`` of the evidence, which one new answer updates in constant time
(``fold``): an answer turn never re-reads the learner's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

STATUSES = ("not_evidenced", "gap", "developing", "secure")
DECAY = 0.6
GAP_BELOW = 0.4
SECURE_FROM = 0.75
SECURE_DAYS = 2


@dataclass(frozen=True)
class Evidence:
    score: float
    band: str
    at: datetime
    source: str = "answer"  # answer | scenario


@dataclass(frozen=True)
class Status:
    status: str
    score: float
    attempts: int
    reason: str


def weighted_score(evidence: list[Evidence]) -> float:
    """Recency-weighted mean score; ``evidence`` is oldest first."""
    total = weights = 0.0
    for rank, item in enumerate(reversed(evidence)):
        w = DECAY**rank
        total += w * item.score
        weights += w
    return total / weights if weights else 0.0


@dataclass(frozen=True)
class Tally:
    """Everything the rule needs from a criterion's evidence, folded oldest first, so that one
    new answer updates it in constant time (``fold``) instead of re-reading every answer.

    ``score_sum`` and ``weight_sum`` are the recency-weighted sums (the newest item has weight 1,
    the one before ``DECAY`` ...); ``secure_days`` counts the distinct days with a secure answer,
    the last of them ``last_secure_on``; ``scenario_secure`` is whether a secure one came from a
    scenario.
    """

    attempts: int = 0
    score_sum: float = 0.0
    weight_sum: float = 0.0
    secure_days: int = 0
    last_secure_on: date | None = None
    scenario_secure: bool = False
    last_at: datetime | None = None

    @property
    def score(self) -> float:
        return self.score_sum / self.weight_sum if self.weight_sum else 0.0


def fold(tally: Tally, item: Evidence) -> Tally:
    """The tally with one more piece of evidence, newer than (or as new as) all before it."""
    secure_days, last_secure_on = tally.secure_days, tally.last_secure_on
    secure = item.band == "secure"
    if secure:
        day = item.at.date()
        if last_secure_on is None or day > last_secure_on:
            secure_days, last_secure_on = secure_days + 1, day
    return Tally(
        attempts=tally.attempts + 1,
        score_sum=tally.score_sum * DECAY + item.score,
        weight_sum=tally.weight_sum * DECAY + 1.0,
        secure_days=secure_days,
        last_secure_on=last_secure_on,
        scenario_secure=tally.scenario_secure or (secure and item.source == "scenario"),
        last_at=item.at if tally.last_at is None or item.at > tally.last_at else tally.last_at,
    )


def tally_of(evidence: Iterable[Evidence]) -> Tally:
    """The tally of all of a criterion's evidence (any order)."""
    tally = Tally()
    for item in sorted(evidence, key=lambda e: e.at):
        tally = fold(tally, item)
    return tally


def status_of(tally: Tally, kind: str = "knowledge") -> Status:
    """The status a tally gives a criterion of ``kind`` (knowledge or performance)."""
    n = tally.attempts
    if not n:
        return Status("not_evidenced", 0.0, 0, "No answers yet.")
    score = tally.score
    if score < GAP_BELOW:
        return Status("gap", score, n, "Recent answers are mostly below the mark.")
    if score >= SECURE_FROM and tally.secure_days >= SECURE_DAYS:
        if kind == "performance" and not tally.scenario_secure:
            return Status(
                "developing", score, n, "Secure answers, but no scenario evidence yet."
            )
        return Status("secure", score, n, "Secure answers on different days.")
    if score >= SECURE_FROM:
        return Status(
            "developing", score, n, "Secure so far: answer well again on another day."
        )
    return Status("developing", score, n, "Some points made; keep practising.")


def compute(evidence: Iterable[Evidence], kind: str = "knowledge") -> Status:
    """Return the status of one criterion from all of its evidence (any order)."""
    return status_of(tally_of(evidence), kind)
