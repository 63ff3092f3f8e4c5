"""Where each vocabulary term occurs in one analysed answer: the index the matcher searches."""

from __future__ import annotations

from itertools import compress
from typing import Any

from .normalise import Analysis
from .phrasing import Slot
from .vocabulary import Vocabulary

# Auxiliaries of the passive: "the call was returned", "a redelivery is booked".
PASSIVE_AUXILIARIES = frozenset(
    "is are was were be been being get gets got getting has have had".split())


class AnswerIndex:
    """Where each vocabulary term occurs in one analysed answer."""

    __slots__ = ("analysis", "positions", "any_negated", "bound", "_passive")

    def __init__(self, analysis: Analysis, vocab: Vocabulary) -> None:
        self.analysis = analysis
        words = analysis.words
        cached = list(map(vocab._cache.get, words))
        found: list[frozenset[int]] = cached  # type: ignore[assignment]  # no None (below)
        if None in cached:  # words not seen before
            lookup = vocab.lookup
            found = [f if f is not None else lookup(w) for f, w in zip(cached, words)]
        pos: dict[int, list[int]] = {}
        cue = analysis.cue
        for i in compress(range(len(found)), found):  # only words that match some term
            if not cue[i]:
                for t in found[i]:
                    if t in pos:
                        pos[t].append(i)
                    else:
                        pos[t] = [i]
        self.positions = pos
        self.any_negated = analysis.any_negated
        self._passive: bool | None = None
        # per concept with a role: (its bound words' span or None, the concept that took its
        # description or None); set by ``score`` for rubrics with roles (binding.py)
        self.bound: dict[str, Any] = {}

    def passive(self) -> bool:
        """Whether the answer has a passive auxiliary at all (worked out once, when asked)."""
        if self._passive is None:
            self._passive = not PASSIVE_AUXILIARIES.isdisjoint(self.analysis.words)
        return self._passive

    def candidates(self, slot: Slot) -> list[int]:
        """Answer word positions that can fill ``slot`` (term and polarity both fit), sorted."""
        neg = self.analysis.negated
        want = slot.negated
        positions = self.positions
        if len(slot.terms) == 1:
            for t in slot.terms:
                pos = positions.get(t)
                if not pos:
                    return []
                return [i for i in pos if neg[i] == want] if self.any_negated else (
                    [] if want else pos)
        out: set[int] = set()
        for t in slot.terms:
            for i in positions.get(t, ()):
                if neg[i] == want:
                    out.add(i)
        return sorted(out)
