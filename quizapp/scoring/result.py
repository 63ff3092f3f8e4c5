"""The outcome of scoring one answer: per-concept results and the overall score, band and pass."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BANDS = ("not_yet", "partly", "secure")


@dataclass(frozen=True, slots=True)
class ConceptResult:
    """One concept (or negative concept) and what the learner's answer did with it.

    ``evidence`` is the learner's own words that matched, as typed. For a negative concept,
    ``hit`` means the answer said the thing that costs marks, and ``reason`` says why it does.
    ``required`` marks a concept that must be hit for a secure band, ``credit`` is the fraction
    of its weight awarded (1 for a hit, else 0), ``weight`` is its weight (a negative's penalty),
    and ``group`` names the "any N of these" group it belongs to. ``note`` says what went wrong
    with a missed point the learner did try: a detail with a wrong digit ("wrong:0161 496 0001",
    the learner's words after "wrong:") or a role swapped with another ("swapped:<label>").
    """

    id: str
    label: str
    hit: bool
    evidence: str | None = None
    negative: bool = False
    hint: str | None = None
    reason: str | None = None
    weight: float = 1.0
    group: str | None = None
    credit: float = 0.0
    required: bool = False
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (every field is a plain value: no deep copy needed)."""
        return {name: getattr(self, name) for name in _FIELDS}


_FIELDS = ConceptResult.__slots__
_SETTERS = tuple(getattr(ConceptResult, name).__set__ for name in ConceptResult.__slots__)


def concept_result(*values: Any) -> ConceptResult:
    """A ConceptResult from all its field values in order: the same object as the dataclass's
    frozen ``__init__`` makes, at half the cost (one is made per concept per answer)."""
    obj = object.__new__(ConceptResult)
    for setter, value in zip(_SETTERS, values, strict=True):
        setter(obj, value)
    return obj


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """The score (0..1), its band, the pass decision, each concept's result and feedback text.

    ``similarity`` is the answer's overall closeness (0..1) to the rubric's model answers when the
    rubric gives that part of the score any weight, else None.
    """

    score: float
    band: str
    passed: bool
    concepts: tuple[ConceptResult, ...]
    feedback: str
    similarity: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "score": self.score,
            "band": self.band,
            "passed": self.passed,
            "concepts": [c.to_dict() for c in self.concepts],
            "feedback": self.feedback,
            "similarity": self.similarity,
        }
