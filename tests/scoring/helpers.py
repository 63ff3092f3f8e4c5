"""Small builders shared by the scoring tests."""

from __future__ import annotations

from quizapp.scoring import Rubric, score


def one(phrasings, **opts) -> Rubric:
    """A rubric with a single concept."""
    if isinstance(phrasings, str):
        phrasings = [phrasings]
    return Rubric.from_dict({"concepts": [{"id": "c", "label": "The point", "phrasings": phrasings,
                                           **opts}]})


def hits(phrasings, answer: str, **opts) -> bool:
    """Whether ``answer`` hits a one-concept rubric built from ``phrasings``."""
    return score(answer, one(phrasings, **opts)).concepts[0].hit


def evidence(phrasings, answer: str, **opts) -> str | None:
    return score(answer, one(phrasings, **opts)).concepts[0].evidence
