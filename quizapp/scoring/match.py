"""The word matcher: finds a compiled phrasing in an analysed answer.

Phrasings are compiled into word slots by :mod:`.phrasing`; an answer's words are indexed by
term in :mod:`.answer_index`. Both modules' public names are importable from here too.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from .answer_index import PASSIVE_AUXILIARIES, AnswerIndex
from .phrasing import PARTICLES, Phrasing, PhrasingError, Slot, compile_phrasing

__all__ = ["PARTICLES", "AnswerIndex", "Phrasing", "PhrasingError", "Slot", "compile_phrasing",
           "find"]


def find(ph: Phrasing, idx: AnswerIndex) -> tuple[int, int] | None:
    """First span (first, last word) of the answer where ``ph`` matches, or None."""
    if len(ph.required) == 1:  # fast path: one word
        s = ph.required[0]
        neg = idx.analysis.negated
        first = -1
        for t in s.terms:
            for i in idx.positions.get(t, ()):
                if neg[i] == s.negated:
                    if first < 0 or i < first:
                        first = i
                    break
        if first < 0:
            return None
        span: tuple[int, int] | None = (first, first)
    else:
        span = _find_multi(ph, idx)
    if span is not None:
        opener = idx.analysis.scope[span[0]]
        if opener >= 0 and span[0] - opener <= 3:  # quote "not interrupt", not just "interrupt"
            span = opener, span[1]
    return span


def _find_multi(ph: Phrasing, idx: AnswerIndex) -> tuple[int, int] | None:
    present = idx.positions.keys()
    for s in ph.required:  # cheap check first: every slot has some word at all
        if present.isdisjoint(s.terms):
            return None
    cands: list[Any] = []
    for s in ph.required:
        c = idx.candidates(s)
        if not c:
            if ph.ordered and len(ph.required) == 2 and s is ph.required[1] and s.negated \
                    and cands and idx.passive():  # "the call was not returned"
                return _find_passive(ph, idx, cands[0], ph.window)
            return None
        cands.append(c)
    if ph.ordered:
        span = _find_ordered(cands, ph.window)
        if span is None and len(cands) == 2 and idx.passive():
            span = _find_passive(ph, idx, cands[0], ph.window)
        return span
    return _find_any(cands, ph.window)


def _find_passive(ph: Phrasing, idx: AnswerIndex, verbs: list[int], window: int,
                  ) -> tuple[int, int] | None:
    """A verb-object phrasing ("return the call") said in the passive ("the call was
    returned"): the object first, then a passive auxiliary, then the verb. The object keeps the
    polarity of the words before a negation ("the call was not returned" is a negated return
    of the call)."""
    obj = ph.required[1]
    if obj.negated:
        positions = sorted({i for t in obj.terms for i in idx.positions.get(t, ())})
    else:
        positions = idx.candidates(obj)
    words = idx.analysis.words
    for j in positions:
        for i in verbs:
            if j < i <= j + window and any(w in PASSIVE_AUXILIARIES for w in words[j + 1: i]):
                return j, i
    return None


def _find_ordered(cands: list[list[int]], window: int) -> tuple[int, int] | None:
    for start in cands[0]:
        prev = start
        for c in cands[1:]:
            k = bisect_right(c, prev)
            if k == len(c):
                return None
            prev = c[k]
            if prev - start + 1 > window:
                break
        else:
            return start, prev
    return None


def _find_any(cands: list[list[int]], window: int) -> tuple[int, int] | None:
    starts = sorted({p for c in cands for p in c})
    for lo in starts:
        hi = lo + window - 1
        inside = [[p for p in c if lo <= p <= hi] for c in cands]
        if any(not x for x in inside):
            continue
        chosen = _assign(inside)
        if chosen is not None:
            return min(chosen), max(chosen)
    return None


def _assign(options: list[list[int]]) -> list[int] | None:
    """Distinct position per slot (bipartite matching by augmenting paths), or None."""
    owner: dict[int, int] = {}

    def place(s: int, seen: set[int]) -> bool:
        for p in options[s]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or place(owner[p], seen):
                owner[p] = s
                return True
        return False

    for s in range(len(options)):
        if not place(s, set()):
            return None
    return list(owner)
