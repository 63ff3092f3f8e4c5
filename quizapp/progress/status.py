"""The one rule that turns a learner's evidence for a criterion into a status.

Pure: no Flask, no database. ``services.progress`` gathers the evidence and stores the result.

Statuses, weakest first:

- ``not_evidenced``: no marked answer yet;
- ``gap``: the recency-weighted score is below ``GAP_BELOW``;
- ``developing``: some evidence, not yet secure;
- ``secure``: the recency-weighted score is at least ``SECURE_FROM`` *and* at least two secure
  answers were given on different days (for a performance criterion, at least one of them in a
  scenario).

Recent evidence counts more than old: the newest answer has weight 1, the one before
``DECAY``, then ``DECAY**2`` and so on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

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


def compute(evidence: Iterable[Evidence], kind: str = "knowledge") -> Status:
    """Return the status of one criterion from all of its evidence (any order)."""
    items = sorted(evidence, key=lambda e: e.at)
    if not items:
        return Status("not_evidenced", 0.0, 0, "No answers yet.")
    score = weighted_score(items)
    secure = [e for e in items if e.band == "secure"]
    secure_days = {e.at.date() for e in secure}
    needs_scenario = kind == "performance"
    has_scenario = any(e.source == "scenario" for e in secure)
    n = len(items)
    if score < GAP_BELOW:
        return Status("gap", score, n, "Recent answers are mostly below the mark.")
    if score >= SECURE_FROM and len(secure_days) >= SECURE_DAYS:
        if needs_scenario and not has_scenario:
            return Status(
                "developing", score, n, "Secure answers, but no scenario evidence yet."
            )
        return Status("secure", score, n, "Secure answers on different days.")
    if score >= SECURE_FROM:
        return Status(
            "developing", score, n, "Secure so far: answer well again on another day."
        )
    return Status("developing", score, n, "Some points made; keep practising.")
