"""Closeness of an answer to model answers: the ``similarity`` part of a rubric.

For each model answer::

    coverage  = weighted share of its content words that the learner used, matched with the same
                tolerant matcher as phrasings (spelling slips, stems, spelling variants); words of
                the question count QUESTION_WEIGHT, and a word counts only with the same polarity
                (a model answer's "not connected" is not met by "connected", and vice versa)
    string    = 0.25 x token-set ratio + 0.75 x token-sort ratio of the normalised word sequences
    closeness = sqrt(COVERAGE_SHARE x coverage + (1 - COVERAGE_SHARE) x string)

and the best model answer counts. A model-answer word the learner uses with the opposite polarity
("connected" where the model says "not connected") is a contradiction: closeness shrinks by
CONTRADICTION x that word's share of the model answer, so an answer that says the opposite cannot
look close. A model word's complement said with a negation meets it ("not complete" for
"incomplete", "not the same" for "different"; opposites.py). The square root reads the blend as
a mark: using half of the model answer's words is a fair answer, not a failing one. Polarity
here looks at the first content word after a negation only ("not connected to the battery"
negates "connected"), since model answers and learners put the rest of the clause in different
places.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from .match import AnswerIndex
from .normalise import STOP_WORDS, Analysis, analyse, canonical, stem
from .opposites import complements
from .vocabulary import Term, Vocabulary

_STOP = STOP_WORDS | {w.upper() for w in STOP_WORDS}  # "IT" typed in capitals too
QUESTION_WEIGHT = 0.15
COVERAGE_SHARE = 0.5
CONTRADICTION = 1.0


def head_negated(a: Analysis) -> list[bool]:
    """Per word: whether it is the first content word in a negation's scope."""
    out = [False] * len(a.words)
    seen: set[int] = set()
    for i, (w, opener) in enumerate(zip(a.words, a.scope)):
        if opener >= 0 and opener not in seen and w not in _STOP:
            seen.add(opener)
            out[i] = True
    return out


def content_positions(a: Analysis) -> list[int]:
    """Positions of the content words (not stop words, not negation words)."""
    return [i for i, (w, c) in enumerate(zip(a.words, a.cue))
            if not c and w not in _STOP and any(ch.isalnum() for ch in w)]


@dataclass(frozen=True, slots=True)
class ModelAnswer:
    """A compiled model answer: its words as (term id, weight, negated) and normalised text;
    ``opposite`` per word: the term ids of its complements (opposites.py)."""

    text: str
    norm: str
    items: tuple[tuple[int, float, bool], ...]
    total: float
    opposite: tuple[tuple[int, ...], ...] = ()


def compile_model(text: str, vocab: Vocabulary, question_stems: frozenset[str]) -> ModelAnswer:
    """Register the model answer's content words in ``vocab``."""
    a = analyse(text)
    heads = head_negated(a)
    items: dict[str, tuple[int, float, bool]] = {}
    words: list[str] = []
    for i in content_positions(a):
        s = a.stems[i]
        if s in items:
            continue
        weight = QUESTION_WEIGHT if s in question_stems else 1.0
        items[s] = (vocab.add(Term(a.words[i], s)), weight, heads[i])
        words.append(a.words[i])
    used = set(a.words) | set(a.stems)
    opposite = []
    for w in words:
        opp = []
        for o in complements(w):
            c = canonical(o)
            if c not in used and stem(c) not in used:
                opp.append(vocab.add(Term(c, stem(c))))
        opposite.append(tuple(opp))
    total = sum(w for _, w, _ in items.values())
    return ModelAnswer(text, " ".join(a.words), tuple(items.values()), total, tuple(opposite))


def closeness(idx: AnswerIndex, models: tuple[ModelAnswer, ...]) -> tuple[float, int]:
    """(closeness 0..1, index of the closest model answer) for an indexed answer."""
    a = idx.analysis
    if not a.words or not models:
        return 0.0, 0
    heads = head_negated(a)
    norm = " ".join(a.words)
    best, best_i = 0.0, 0
    for k, m in enumerate(models):
        got = against = 0.0
        for (tid, weight, neg), opp in zip(m.items, m.opposite):
            pos = idx.positions.get(tid)
            if pos:
                if any(heads[p] == neg for p in pos):
                    got += weight
                else:  # the learner says the opposite: "connected" for "not connected"
                    against += weight
                continue
            for oid in opp:  # "not complete" for "incomplete", "not the same" for "different"
                if any(heads[p] != neg for p in idx.positions.get(oid, ())):
                    got += weight
                    break
        coverage = got / m.total if m.total else 0.0
        string = (0.25 * fuzz.token_set_ratio(norm, m.norm)
                  + 0.75 * fuzz.token_sort_ratio(norm, m.norm)) / 100
        value = (COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * string) ** 0.5
        if against:
            value *= max(0.0, 1 - CONTRADICTION * against / m.total)
        if value > best:
            best, best_i = value, k
    return best, best_i
