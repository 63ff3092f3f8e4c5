"""Feedback a Level 1 learner can read: what they got right (in their words) and one next step.

Short sentences and everyday words (reading age 9-11). Numbers are always said with what they
mean ("2 of the 4 key points"), never bare.
"""

from __future__ import annotations

from collections.abc import Sequence

from .result import ConceptResult

_BAND_LINES = {
    "secure": "Well done. This answer is secure.",
    "partly": "Good start. You are part of the way there.",
    "not_yet": "Not there yet. Keep going, you can do this.",
}


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return f"\u201c{text}\u201d"


def _points(n: int) -> str:
    return "1 key point" if n == 1 else f"{n} key points"


def _missing_step(c: ConceptResult) -> str:
    if c.hint:
        return f"Next step: {c.hint.strip()}"
    label = c.label.strip().rstrip(".")
    return f"Next step: try to say something about {label[0].lower() + label[1:]}."


def _lower_first(label: str) -> str:
    label = label.strip().rstrip(".")
    return label[0].lower() + label[1:] if label[:2] != label[:2].upper() else label


def _note_lines(positives: Sequence[ConceptResult]) -> list[str]:
    """Up to two lines on points tried but wrong: a detail that must be exact, or a swap."""
    out: list[str] = []
    swaps: set[frozenset[str]] = set()
    for c in positives:
        if not c.note or c.hit:
            continue
        kind, _, what = c.note.partition(":")
        if kind == "wrong":
            out.append(f"Check {_lower_first(c.label)}: you wrote {_quote(what)}, and that is "
                       "not right. It must be exact.")
        elif kind == "swapped" and frozenset((c.label, what)) not in swaps:
            swaps.add(frozenset((c.label, what)))
            out.append(f"Be careful: you have swapped these round: {_quote(c.label)} and "
                       f"{_quote(what)}.")
    return out[:2]


def build_feedback(concepts: Sequence[ConceptResult], band: str, reason: str | None = None,
                   counts: tuple[int, int] | None = None) -> str:
    """Feedback text from per-concept results and the band.

    0. Why the answer is in its band (``reason``), if given.
    1. What they got right, quoting their own words (up to two quotes).
    2. How many key points that is, out of how many (``counts``: made, needed; a group of
       "any N of these" counts N, so 1 of 3 ways is "1 of the 3 key points").
    3. A negative concept's reason, if they said something that costs marks.
    4. What went wrong with a point they tried: a wrong detail, or roles mixed up.
    5. ONE next step: the hint of the most important missed concept.
    """
    positives = [c for c in concepts if not c.negative]
    hits = [c for c in positives if c.hit]
    negatives = [c for c in concepts if c.negative and c.hit]
    lines = [_BAND_LINES.get(band, _BAND_LINES["not_yet"])]
    if reason:
        lines.append(reason)
    made, needed = counts if counts else (len(hits), len(positives))
    if hits:
        quotes = [_quote(c.evidence) for c in hits if c.evidence][:2]
        if quotes:
            lines.append(f"You got it right when you said {' and '.join(quotes)}.")
        if made >= needed:
            lines.append("You made the key point." if needed == 1
                         else f"You made all {needed} key points.")
        else:
            lines.append(f"You made {made} of the {_points(needed)}.")
    elif positives:
        lines.append(f"I could not find any of the {_points(needed)} in your answer yet.")
    for c in negatives[:1]:
        why = c.reason.strip() if c.reason else "This could lose you marks."
        said = f"you said {_quote(c.evidence)}. " if c.evidence else ""
        lines.append(f"Be careful: {said}{why}")
    lines += _note_lines(positives)
    missed = [c for c in positives if not c.hit and not c.note]  # (noted ones said above)
    if missed and made < needed:
        # the most important missed point: a required one first, then the heaviest
        first = max(missed, key=lambda c: (c.required, c.hint is not None, c.weight))
        lines.append(_missing_step(first))
    return " ".join(lines)
