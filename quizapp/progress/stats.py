"""Quiz statistics as in Moodle's quiz statistics report. Pure functions.

- Facility index: the mean score on a question, as a percentage. High = easy.
- Discrimination index: the correlation between the score on a question and the score on the
  rest of the quiz, as a percentage. Low or negative = the question does not separate stronger
  from weaker learners, so it stands out for review.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping

BAND_VALUE = {"not_yet": 0, "partly": 1, "secure": 2}
BAND_NAMES = {0: "not_yet", 1: "partly", 2: "secure"}


def facility(scores: list[float]) -> float | None:
    return round(100 * statistics.fmean(scores), 1) if scores else None


def discrimination(attempts: list[Mapping[str, float]], question: str) -> float | None:
    """``attempts``: one mapping per attempt of question id -> score (0..1)."""
    pairs = []
    for attempt in attempts:
        if question in attempt:
            rest = sum(v for k, v in attempt.items() if k != question)
            pairs.append((attempt[question], rest))
    if len(pairs) < 3:
        return None
    items = [i for i, _ in pairs]
    rests = [r for _, r in pairs]
    if statistics.pvariance(items) == 0 or statistics.pvariance(rests) == 0:
        return None
    return round(100 * statistics.correlation(items, rests), 1)


def average_band(bands: list[str]) -> str | None:
    """The cohort's average band, by rounding the mean of not_yet=0, partly=1, secure=2."""
    if not bands:
        return None
    mean = statistics.fmean(BAND_VALUE[b] for b in bands)
    return BAND_NAMES[int(mean + 0.5)]
