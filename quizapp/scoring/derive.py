"""Propose a rubric from a question and its model answers, for a tutor to edit.

- Each content word of the model answers becomes a concept (words with the same stem merge;
  stop words are left out). A word the model answer negates becomes a negated phrasing
  ("not connected"), so an answer that says the opposite does not hit it.
- Weights say how informative a word is: its share of the model answers that use it, times
  QUESTION_WORD_WEIGHT if the question already contains it (echoing the question earns little).
- ``similarity`` adds the answer's closeness to the best model answer (see similarity.py),
  weighted SIMILARITY_SHARE of the whole score: with several model answers a learner only
  needs to match one of them.
- Labels and phrasings use British spelling (a tutor edits them; matching folds spellings
  anyway), and with a ``lexicon`` a concept whose word is part of a lexicon phrasing found in
  the model answer ("ring them back" in the entry ``call-back``) accepts that entry's other
  ways of saying it ("return the call").
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .match import AnswerIndex, find
from .normalise import STOP_WORDS, analyse, canonical, is_cased
from .rubric import Rubric, RubricError
from .times import MERIDIEM

QUESTION_WORD_WEIGHT = 0.15
SIMILARITY_SHARE = 0.85
# One global calibration for derived rubrics (pass = secure): chosen on the dev data as the
# best single threshold across data sets, never per question or per data set.
THRESHOLDS = {"partly": 0.45, "secure": 0.64}


def _concept_id(stem: str, negated: bool) -> str:
    cid = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in stem)
    return f"{cid}-not" if negated else cid


def derive_rubric(question: str, reference_answers: list[str],
                  lexicon: Mapping[str, list[str]] | None = None) -> Rubric:
    """A rubric proposed from ``reference_answers``; question words and stop words demoted;
    lexicon entries found in the model answers accepted as alternatives."""
    refs = [r for r in reference_answers if isinstance(r, str) and r.strip()]
    if not refs:
        raise RubricError(("reference_answers",), "must hold at least one model answer")
    qstems = set(analyse(question or "").stems)
    found: dict[tuple[str, bool], dict[str, Any]] = {}
    for ri, ref in enumerate(refs):
        a = analyse(ref)
        entries = lexicon_spans(ref, lexicon) if lexicon else []
        for i, (w, s, neg, cue) in enumerate(zip(a.words, a.stems, a.negated, a.cue)):
            if cue or w.lower() in STOP_WORDS or w in MERIDIEM \
                    or not any(ch.isalnum() for ch in w):
                continue
            entry = found.setdefault((s, neg), {"word": w if is_cased(w) else british(w),
                                                "refs": set(), "lexicon": []})
            entry["refs"].add(ri)
            entry["lexicon"] += [k for k, lo, hi in entries
                                 if lo <= i <= hi and k not in entry["lexicon"]]
    concepts = []
    for (s, neg), e in found.items():
        weight = len(e["refs"]) / len(refs)
        if s in qstems:
            weight *= QUESTION_WORD_WEIGHT
        concept = {
            "id": _concept_id(s, neg),
            "label": ("not " if neg else "") + e["word"],
            "phrasings": [("not " if neg else "") + e["word"]],
            "weight": round(weight, 3),
        }
        if e["lexicon"] and not neg:
            concept["lexicon"] = e["lexicon"]
        concepts.append(concept)
    total = sum(c["weight"] for c in concepts)
    sim_weight = round(total * SIMILARITY_SHARE / (1 - SIMILARITY_SHARE), 3) if total else 1.0
    data: dict[str, Any] = {
        "thresholds": dict(THRESHOLDS),
        "concepts": concepts,
        "similarity": {"weight": sim_weight, "answers": refs},
    }
    if question and question.strip():
        data["similarity"]["question"] = question
    return Rubric.from_dict(data, lexicon)


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
