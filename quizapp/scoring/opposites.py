"""Complementary words, for reading an answer against a model answer (similarity.py).

A complementary pair is one where each word is the other negated: "incomplete" is "not
complete", "open" (a path, a switch) is "not closed", "different" is "not the same". So a
learner who says one with a negation says the other. General English, never tied to a rubric.
Gradable pairs ("higher" / "lower") are left out: "not higher" is not "lower".

Besides the listed pairs, a model answer's word made of "un" or "non" and a word of five letters
or more has that word as its complement ("unprofessional": "not professional"); the other way
("not unsafe" for "safe") is too rare to be worth a look-up per model word. similarity.py
checks a model answer's word only against complements the model answer does not use itself.
"""

from __future__ import annotations

from functools import lru_cache

from .normalise import canonical

_PAIRS = [
    "open closed", "complete incomplete", "same different", "connected disconnected",
    "connected separated", "possible impossible", "correct incorrect", "correct wrong",
    "true false", "able unable", "visible invisible", "present absent", "alive dead",
    "living dead", "full empty", "equal unequal", "safe unsafe", "polite impolite",
    "polite rude", "legal illegal", "relevant irrelevant", "appropriate inappropriate",
    "accurate inaccurate", "honest dishonest", "agree disagree", "include exclude",
    "included excluded", "accept reject", "allow forbid", "win lose", "inside outside",
]
_PREFIXES = ("un", "non")


def _index(lines: list[str]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in lines:
        a, b = (canonical(w) for w in line.split())
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


_COMPLEMENTS = _index(_PAIRS)


@lru_cache(maxsize=50_000)
def complements(word: str) -> tuple[str, ...]:
    """The complements of the canonical ``word``: "complete" -> ("incomplete",),
    "unprofessional" -> ("professional",); () for a word with none known."""
    out = sorted(_COMPLEMENTS.get(word, ()))
    if word.isalpha():
        out += [word[len(p):] for p in _PREFIXES
                if word.startswith(p) and len(word) - len(p) >= 5]
    return tuple(dict.fromkeys(out))
