"""Phrasings compiled into word slots.

Phrasing syntax (see docs/formats.md, Rubrics): words separated by spaces; ``a|b`` gives
alternatives for one word position; ``word*`` matches any word starting with ``word``; stop words
(a, the, to, it, my, is, ...) are optional; negation words ("not", "never", "don't", "without",
...) are not matched themselves but set the polarity of the words in their scope: "don't
interrupt" only hits a negated "interrupt" ("I would not interrupt"), and a plain "interrupt"
only hits one that is not negated.

Which answer words match which terms is the :class:`~.vocabulary.Vocabulary`'s work; where a
compiled phrasing occurs in an answer is :func:`.match.find`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from .negation import NEGATION_CUES, negation_scope
from .normalise import (
    OPTIONAL_WORDS,
    STOP_WORDS,
    _expand,
    canonical,
    canonical_prefix,
    is_cased,
    stem,
)
from .times import MERIDIEM, clock_word, fold_times
from .vocabulary import Term, Vocabulary


@dataclass(frozen=True, slots=True)
class Slot:
    """One word position of a phrasing: alternative term ids and the polarity it needs."""

    terms: frozenset[int]
    negated: bool
    optional: bool


@dataclass(frozen=True, slots=True)
class Phrasing:
    """A compiled phrasing: word slots (``required`` = the non-optional ones), order, span."""

    text: str
    slots: tuple[Slot, ...]
    ordered: bool
    window: int
    required: tuple[Slot, ...] = ()
    warnings: tuple[str, ...] = ()


class PhrasingError(ValueError):
    """A phrasing that cannot be compiled (e.g. it has no words)."""


# Particles of phrasal verbs, and words that change a verb's sense: required when they follow a
# verb (a content word, maybe with an object pronoun between): "follow up", "sort it out",
# "log off", "expect more", "ask what ...".
PARTICLES = frozenset("up out down off back through over in on only more just what".split())
_OBJECTS = frozenset("it them him her me us you".split())
# A stop word of this kind among content-word alternatives usually starts a phrase that a
# space split off ("welcome|at ease", "return*|it back"); pronouns and verbs are fine ("ask
# customer|them", "stay|keep|be calm"), and so are particles among particles ("come round|over").
_SPLIT_SIGNS = frozenset("the a an at to for with of by from into in on my your their our his as "
                         "than and or if so because".split())
_PARTICLE_LIKE = frozenset("across behind round around away towards toward down back inside "
                           "outside under past along ahead aside forward forwards home".split())
# Comparatives that change what the next word means: required before a content word.
_QUANTIFIERS = frozenset(["more", "most"])
# A stop word that is the verb of phrasal verbs: "let down", "let them in".
_STOP_VERBS = frozenset(["let"])
# Words so common that a phrasing shrinking to one of them hits almost any answer.
_COMMON = frozenset(
    "be have do say get got make go know take see come think look want give use find tell ask "
    "work seem feel try leave call need like time name way thing things people day help put keep "
    "let show turn right good well sure".split())


def _alt_words(alt: str) -> tuple[list[str], bool]:
    """Words of one alternative (contractions expanded) and whether it is a prefix."""
    prefix = alt.endswith("*")
    alt = alt.rstrip("*")
    clock = clock_word(alt) if alt[:1].isdigit() else None
    if clock is not None:  # "16:30" -> "4:30", kept whole
        return [clock], prefix
    if is_cased(alt):  # "IT" in capitals: that word as typed, not the stop word "it"
        return [alt], prefix
    words = [w for part in alt.replace("-", " ").split() for w in _expand(part)]
    words = ["".join(ch for ch in w if ch.isalnum()) for w in words]
    return [w for w in words if w], prefix


def _fold_times(items: list[str]) -> list[str]:
    """Phrasing items with a time in words or digits as one ``h:mm`` item ("by half past four
    pm" -> "by 4:30"): the words around the hour are not required in an answer."""
    bare = [it.strip(",.;:!?\"()").lstrip("+").lower() for it in items]
    drop: set[int] = set()
    out = list(items)
    for i, c in enumerate(map(clock_word, bare)):
        if c is not None and "|" not in items[i]:
            out[i] = c + (items[i][-1] if items[i][-1] in ",.;:!?" else "")
            if i + 1 < len(bare) and bare[i + 1] in MERIDIEM:
                drop.add(i + 1)
    for i, c, first, last in fold_times(bare):
        if c is not None and not any("|" in items[k] for k in range(first, last + 1)):
            out[i] = c + (items[last][-1] if items[last][-1] in ",.;:!?" else "")
            drop.update(k for k in range(first, last + 1) if k != i)
    return [it for k, it in enumerate(out) if k not in drop]


def _term(word: str, prefix: bool) -> Term:
    if is_cased(word):
        return Term(word, word, prefix)
    if prefix:
        return Term(canonical_prefix(word), "", True)
    c = canonical(word)
    return Term(c, stem(c))


def _is_content(alts: list[tuple[str, bool]]) -> bool:
    return any(w not in STOP_WORDS and w not in NEGATION_CUES for w, _ in alts)


def compile_phrasing(text: str, vocab: Vocabulary, ordered: bool = True,
                     window: int | None = None) -> Phrasing:
    """Parse a phrasing into slots, registering its terms in ``vocab``."""
    # (alternatives, punctuation after or "", forced required)
    positions: list[tuple[list[tuple[str, bool]], str, bool]] = []
    warnings: list[str] = []
    for item in _fold_times(text.split()):
        boundary = item[-1] if item[-1] in ",.;:!?" else ""
        item = item.strip(",.;:!?\"()")
        forced = item.startswith("+")  # "+up": a stop word that must be there
        item = item.lstrip("+")
        alts: list[tuple[str, bool]] = []
        expanded: list[list[str]] = []
        for alt in item.split("|"):
            words, prefix = _alt_words(alt)
            if not words:
                continue
            if len(item.split("|")) == 1 and len(words) > 1:
                expanded = [[w] for w in words]
                alts = [(words[-1], prefix)]
                break
            content = [w for w in words if w not in STOP_WORDS] or words
            alts.append((content[-1], prefix))
        if expanded:
            for one in expanded[:-1]:
                positions.append(([(one[0], False)], "", False))
        if alts:
            stops = [w for w, p in alts if w in _SPLIT_SIGNS and not p]
            others = [w for w, p in alts if w not in STOP_WORDS or p]
            if stops and others and not any(w in _PARTICLE_LIKE for w in others):
                warnings.append(
                    f"{item!r} mixes stop words ({', '.join(stops)}) with other words; each "
                    "alternative of a|b is one word, so a space may have split a phrase: list "
                    "whole-phrase alternatives as separate phrasings")
            positions.append((alts, boundary, forced))
    if not positions:
        raise PhrasingError("has no words")
    # Polarity as in an answer (negation.negation_scope), read from each position's first
    # alternative; a position is a negation cue only if all its alternatives are.
    toks: list[str] = []
    firsts: list[str] = []
    for alts, boundary, _ in positions:
        w, p = alts[0]
        if p or (w in NEGATION_CUES or w == "instead") and not all(
                x in NEGATION_CUES or x == "instead" for x, _ in alts):
            w += "*"  # a word, not a cue
        toks.append(w.lower())
        firsts.append(w.lower())
        if boundary:
            toks.append(boundary)
    negated, cue, _ = negation_scope(toks, firsts)
    slots: list[Slot] = []
    prev: list[list[tuple[str, bool]]] = []  # earlier positions of this clause
    prev_slots: list[int] = []  # and their slot indexes
    for j, (alts, boundary, forced) in enumerate(positions):
        words = [w for w, _ in alts]
        if cue[j]:
            prev, prev_slots = [], []
            continue
        neg = negated[j]
        ids = frozenset(vocab.add(_term(w, p)) for w, p in alts)
        optional = not forced and all(w in OPTIONAL_WORDS and not p for w, p in alts)
        if optional and all(w in _QUANTIFIERS for w in words) and j + 1 < len(positions) \
                and _is_content(positions[j + 1][0]):
            optional = False  # "more information" is not "information"
        if prev and all(w in PARTICLES or w in _PARTICLE_LIKE for w in words):
            # after a verb: "follow up", "sort it out" (an object pronoun may come between)
            v = len(prev) - 2 if len(prev) >= 2 and all(w in _OBJECTS for w, _ in prev[-1]) \
                else len(prev) - 1
            verb = prev[v]
            # (one word only: in "happening|going on" the "on" belongs to a split phrase)
            if len(verb) == 1 and verb[0][0] in _STOP_VERBS and not verb[0][1] \
                    and not any(w in ("only", "more", "just", "what") for w in words):
                # "let down", "let them down": the stop-word verb is needed too
                k = prev_slots[v]
                slots[k] = Slot(slots[k].terms, slots[k].negated, False)
                optional = False
            elif optional:
                optional = len(verb) > 1 or not _is_content(verb)
        slots.append(Slot(ids, neg, optional))
        prev.append(alts)
        prev_slots.append(len(slots) - 1)
        if boundary:
            prev, prev_slots = [], []
    if not slots:  # only negation words, e.g. "no": match them literally
        slots = [Slot(frozenset(vocab.add(_term(w, p)) for w, p in alts), False, False)
                 for alts, _, _ in positions]
    if all(s.optional for s in slots):
        slots = [Slot(s.terms, s.negated, False) for s in slots]
    req = [s for s in slots if not s.optional]
    if len(slots) > 1 and len(req) == 1 and not req[0].negated:
        only = [vocab.terms[i].word for i in req[0].terms]
        if all(w in _COMMON for w in only):
            warnings.append(
                f"only {'|'.join(only)!r} is required (stop words are optional), so this phrasing "
                "hits almost any answer with that word; add a content word or write +word to "
                "require a stop word")
    required = len(req)
    if window is None:
        window = 2 * required + 2
    return Phrasing(text, tuple(slots), ordered, max(window, required), tuple(req),
                    tuple(warnings))
