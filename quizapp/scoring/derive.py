"""Propose a rubric from a question and its model answers, for a tutor to edit.

- The model answers are split into their ideas (sentences, clauses, list items: at
  punctuation and at "and", "or", "but", "so", "because", ...). Each idea becomes a key point
  labelled with its own words ("Say sorry for the delay"), as a group whose parts are its key
  words ("sorry", "delay"): an answer earns the key point's weight in proportion to the parts
  it says (a key point of one part is all or nothing). Words of the question and light verbs
  ("say", "make", "show") are no parts of their own, and stop words never are. A word the model
  answer negates is a negated part ("not connected"), so an answer that says the opposite
  does not earn it. The same idea in several model answers is one key point.
- Weights say how much each idea carries: the share of the model answers that use its words,
  words of the question counting QUESTION_WORD_WEIGHT; the key points' weights sum to
  KEY_POINTS_TOTAL.
- ``similarity`` adds the answer's closeness to the best model answer (see similarity.py),
  weighted SIMILARITY_SHARE of the whole score (17 beside the key points' 3): with several
  model answers a learner only needs to match one of them.
- Labels and phrasings use British spelling (a tutor edits them; matching folds spellings
  anyway), and with a ``lexicon`` a part whose word is in a lexicon phrasing found in the
  model answer ("ring them back" in the entry ``call-back``) accepts that entry's other ways of
  saying it ("return the call").
"""

from __future__ import annotations

import math

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .match import AnswerIndex, find
from .normalise import STOP_WORDS, Analysis, analyse, canonical, is_cased
from .rubric import Rubric, RubricError
from .times import MERIDIEM

QUESTION_WORD_WEIGHT = 0.15
SIMILARITY_SHARE = 0.85
KEY_POINTS_TOTAL = 3
SIMILARITY_WEIGHT = round(KEY_POINTS_TOTAL * SIMILARITY_SHARE / (1 - SIMILARITY_SHARE), 6)
# One global calibration for derived rubrics (pass = secure): chosen on the dev data as the
# best single threshold across data sets, never per question or per data set.
THRESHOLDS = {"partly": 0.45, "secure": 0.64}

# Words that start a new idea (the word itself belongs to neither side).
_SPLITTERS = frozenset("and or but so because then which while whilst whereas although though "
                       "if when unless".split())
_BOUNDARY = frozenset(",.;:!?")
# Verbs that carry little of an idea on their own: "say sorry" is about "sorry".
_LIGHT_VERBS = frozenset(canonical(w) for w in (
    "be have do make makes made making get gets got getting go goes going take takes took "
    "taking give gives gave giving put puts putting keep keeps kept keeping let lets feel feels "
    "felt feeling seem seems seemed show shows showed showing say says said saying use uses "
    "used using").split())


def _slug(text: str, seen: set[str], limit: int = 40) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower())[:limit].strip("-") or "point"
    slug, n = base, 2
    while slug in seen:
        slug, n = f"{base}-{n}", n + 1
    seen.add(slug)
    return slug


def ideas(text: str) -> tuple[Analysis, list[list[int]]]:
    """The analysed text and its ideas, each as the positions of its words."""
    a = analyse(text)
    out: list[list[int]] = []
    cur: list[int] = []
    for i, w in enumerate(a.words):
        if cur and _BOUNDARY.intersection(text[a.span(i - 1)[1]: a.span(i)[0]]):
            out.append(cur)
            cur = []
        if w in _SPLITTERS and not a.cue[i]:
            if cur:
                out.append(cur)
            cur = []
            continue
        cur.append(i)
    if cur:
        out.append(cur)
    return a, out


def _is_content(a: Analysis, i: int) -> bool:
    w = a.words[i]
    return not a.cue[i] and w.lower() not in STOP_WORDS and w not in MERIDIEM \
        and any(ch.isalnum() for ch in w)


def _label(a: Analysis, idea: list[int]) -> str:
    """The idea in the model answer's own words, British spelling, first letter capital."""
    start, end = a.span(idea[0])[0], a.span(idea[-1])[1]
    text = re.sub(r"[A-Za-z]+", lambda m: m.group() if is_cased(m.group()) or (
        m.group()[0].isupper() and m.start() > 0) else _keep_case(m.group()),
                  a.text[start:end])
    if any(a.negated[i] for i in idea) and not any(a.cue[i] for i in idea) \
            and 0 <= a.scope[idea[0]] < idea[0]:
        text = "not " + text  # "don't shout and swear": the idea "not swear"
    return text[:1].upper() + text[1:]


def _keep_case(word: str) -> str:
    uk = british(word)
    return uk[:1].upper() + uk[1:] if word[:1].isupper() else uk


def derive_rubric(question: str, reference_answers: list[str],
                  lexicon: Mapping[str, list[str]] | None = None) -> Rubric:
    """A rubric proposed from ``reference_answers``: a key point per idea, with its key words
    as parts; question words and stop words demoted; lexicon entries found in the model
    answers accepted as alternatives."""
    refs = [r for r in reference_answers if isinstance(r, str) and r.strip()]
    if not refs:
        raise RubricError(("reference_answers",), "must hold at least one model answer")
    qstems = set(analyse(question or "").stems)
    analysed = [ideas(ref) for ref in refs]
    users: dict[tuple[str, bool], set[int]] = {}  # each word: the model answers that use it
    for ri, (a, _) in enumerate(analysed):
        stems = a.stems
        for i in range(len(a.words)):
            if _is_content(a, i):
                users.setdefault((stems[i], a.negated[i]), set()).add(ri)
    found: dict[tuple[tuple[str, bool], ...], dict[str, Any]] = {}
    for a, chunks in analysed:
        stems = a.stems
        entries = lexicon_spans(a.text, lexicon) if lexicon else []
        contents = [[i for i in idea if _is_content(a, i)] for idea in chunks]
        # a word in several ideas of one model answer shares its weight among them
        spread: dict[tuple[str, bool], int] = {}
        for content in contents:
            for w in {(stems[i], a.negated[i]) for i in content}:
                spread[w] = spread.get(w, 0) + 1
        for idea, content in zip(chunks, contents):
            if not content:
                continue
            parts = [i for i in content
                     if stems[i] not in qstems and a.words[i] not in _LIGHT_VERBS] \
                or [i for i in content if stems[i] not in qstems] or content
            parts = list({(stems[i], a.negated[i]): i for i in reversed(parts)}.values())[::-1]
            key = tuple((stems[i], a.negated[i]) for i in parts)
            words = {(stems[i], a.negated[i]) for i in content}
            # fsum: exact whatever the set's order (a plain sum of floats varies with the
            # string hash seed, and so would the rounded weights)
            weight = math.fsum(len(users[w]) / len(refs) / spread[w]
                               * (QUESTION_WORD_WEIGHT if w[0] in qstems else 1.0)
                               for w in words)
            entry = found.setdefault(key, {"label": _label(a, idea), "weight": 0.0, "parts": [
                {"word": ("not " if a.negated[i] else "")
                 + (a.words[i] if is_cased(a.words[i]) else british(a.words[i])),
                 "lexicon": [] if a.negated[i] else
                 list(dict.fromkeys(k for k, lo, hi in entries if lo <= i <= hi))}
                for i in parts]})
            entry["weight"] = max(entry["weight"], weight)
    total = sum(e["weight"] for e in found.values())
    weights = _round_shares([e["weight"] / total for e in found.values()], KEY_POINTS_TOTAL)
    seen: set[str] = set()
    groups = []
    for e, weight in zip(found.values(), weights):
        gid = _slug(e["label"], seen, 30)
        members = []
        for part in e["parts"]:
            m: dict[str, Any] = {"id": _slug(gid[:24].strip("-") + "-" + part["word"], seen),
                                 "label": part["word"], "phrasings": [part["word"]]}
            if part["lexicon"]:
                m["lexicon"] = part["lexicon"]
            members.append(m)
        groups.append({"id": gid, "label": e["label"], "min": len(members), "weight": weight,
                       "concepts": members})
    data: dict[str, Any] = {
        "thresholds": dict(THRESHOLDS),
        "groups": groups,
        "similarity": {"weight": SIMILARITY_WEIGHT, "answers": refs},
    }
    if question and question.strip():
        data["similarity"]["question"] = question
    return Rubric.from_dict(data, lexicon)


def _round_shares(shares: list[float], total: float) -> list[float]:
    """``shares`` (summing to 1) times ``total``, to two places, still summing to ``total``."""
    out = [round(s * total, 2) for s in shares]
    if out:
        k = max(range(len(out)), key=out.__getitem__)
        out[k] = round(out[k] + total - sum(out), 2)
    return out


def lexicon_spans(text: str, lexicon: Mapping[str, list[str]]) -> list[tuple[str, int, int]]:
    """(entry, first word, last word) for each lexicon entry with a phrasing found in ``text``."""
    entries = _compiled_lexicon(tuple((k, tuple(v)) for k, v in lexicon.items()))
    idx = AnswerIndex(analyse(text), entries.vocab)
    out = []
    for key in entries.compiled:
        for ph in entries.compiled[key]:
            span = find(ph, idx)
            if span is not None:
                out.append((key, span[0], span[1]))
                break
    return out


@lru_cache(maxsize=8)
def _compiled_lexicon(items: tuple[tuple[str, tuple[str, ...]], ...]) -> Rubric:
    """The lexicon as one rubric of a concept per entry, compiled once per lexicon."""
    return Rubric.from_dict({"concepts": [
        {"id": k, "label": k, "phrasings": list(v)} for k, v in items]})


# British spellings a tutor expects in a proposal (matching folds them either way): each
# American form's British candidates, kept only if the scorer reads them as the same word.
_OUR_WORDS = frozenset("colour behaviour favour honour humour labour neighbour rumour flavour "
                       "endeavour odour vapour armour harbour savour".split())
_RE_WORDS = {"center": "centre", "theater": "theatre", "fiber": "fibre", "liter": "litre",
             "meager": "meagre", "somber": "sombre", "defense": "defence",
             "offense": "offence", "analog": "analogue", "catalog": "catalogue",
             "dialog": "dialogue", "gray": "grey", "mom": "mum", "jewelry": "jewellery",
             "aluminum": "aluminium", "pajamas": "pyjamas", "maneuver": "manoeuvre"}


def british(word: str) -> str:
    """``word`` in British spelling (color -> colour, organize -> organise, center -> centre,
    traveled -> travelled), else unchanged."""
    w = word.lower()
    base = canonical(w)
    cands = []
    for uk in _OUR_WORDS:
        us = uk.replace("our", "or")
        if w.startswith(us):
            cands.append(uk + w[len(us):])
    for us, uk in _RE_WORDS.items():
        if w.startswith(us):
            cands.append(uk + w[len(us):])
    if len(w) >= 7 and ("iz" in w or "yz" in w):
        cands.append(w.replace("iz", "is").replace("yz", "ys"))
    if w.endswith(("led", "ling", "ler", "lers")) and not w.endswith(("lled", "lling", "ller")):
        k = w.rindex("l")
        cands.append(w[:k] + "l" + w[k:])
    for c in cands:
        if c != w and canonical(c) == base:
            return c
    return w
