"""The words a rubric looks for, and which of them each answer word matches.

A :class:`Vocabulary` holds every distinct word term of a rubric and answers, per answer word,
which terms it matches (exactly, by stem, by spelling slip within a length-scaled budget, or by
prefix). Its answers are cached, so repeated words cost one dictionary look-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .normalise import is_cased, stem
from .slips import is_slip, prefix_hit, same_word_family, slip_budget

_CACHE_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Term:
    """One word to look for: a whole word (with its stem) or a prefix (``word*``)."""

    word: str
    stem: str
    prefix: bool = False


class Vocabulary:
    """All the terms of one rubric, indexed for fast matching of answer words."""

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self._ids: dict[Term, int] = {}
        self._frozen = False
        self._cache: dict[str, frozenset[int]] = {}

    def add(self, term: Term) -> int:
        """Register ``term`` (before :meth:`freeze`) and return its id."""
        if term in self._ids:
            return self._ids[term]
        assert not self._frozen, "vocabulary is frozen"
        self._ids[term] = len(self.terms)
        self.terms.append(term)
        return self._ids[term]

    def freeze(self) -> None:
        """Build the look-up indexes; no terms may be added afterwards."""
        self._frozen = True
        self._by_word: dict[str, set[int]] = {}
        self._by_stem: dict[str, set[int]] = {}
        self._prefixes: list[tuple[str, int]] = []
        # budget -> (forms, term ids), for whole words and for stems
        self._fuzzy: dict[tuple[bool, int], tuple[list[str], list[int]]] = {}
        for i, t in enumerate(self.terms):
            if t.prefix:
                self._prefixes.append((t.word, i))
                continue
            self._by_word.setdefault(t.word, set()).add(i)
            self._by_stem.setdefault(t.stem, set()).add(i)
            for is_stem, form in ((False, t.word), (True, t.stem)):
                b = slip_budget(form)
                if b:
                    words, ids = self._fuzzy.setdefault((is_stem, b), ([], []))
                    words.append(form)
                    ids.append(i)

    def lookup(self, word: str) -> frozenset[int]:
        """Ids of the terms that the (canonical) answer word ``word`` matches."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if not word:
            return frozenset()
        if not word.islower() and is_cased(word):  # "IT": the literal term, and the word "it"
            hit = frozenset(self._by_word.get(word, ())) | self.lookup(word.lower())
            self._cache[word] = hit
            return hit
        found: set[int] = set()
        found |= self._by_word.get(word, set())
        s = stem(word)
        for i in self._by_stem.get(s, ()):
            if same_word_family(word, self.terms[i].word, s):
                found.add(i)
        for p, i in self._prefixes:
            if word.startswith(p) or (word[0] == p[0] and prefix_hit(word, p)):
                found.add(i)
        if word.isalpha() and len(word) >= 4:
            for (is_stem, budget), (words, ids) in self._fuzzy.items():
                form = s if is_stem else word
                for w, d, k in process.extract(form, words, scorer=OSA.distance,
                                               score_cutoff=budget, limit=None):
                    # slips rarely change the first letter; equal stems were judged above
                    if d and w[0] == form[0] and (len(form) >= 5 or not is_stem) \
                            and is_slip(form, w, budget):
                        found.add(ids[k])
        hit = frozenset(found)
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = hit
        return hit
