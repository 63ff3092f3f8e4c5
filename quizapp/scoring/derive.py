"""Propose a rubric from a question and its model answers, for a tutor to edit.

Each content word of the model answers becomes a concept (words with the same stem merge),
weighted by how informative it is: words that recur across the model answers count more, words
the question itself already contains count much less (a learner gets them for free by echoing the
question), and stop words are left out. A word that the model answer negates ("not connected")
becomes a negated phrasing, so an answer that says the opposite does not hit it. Part of the
score comes from overall closeness to the best model answer (``similarity``).
"""

from __future__ import annotations

from .normalise import STOP_WORDS, analyse
from .rubric import Rubric, RubricError

QUESTION_WORD_WEIGHT = 0.3
SIMILARITY_WEIGHT = 1.0
PASS_MARK = 0.5


def derive_rubric(question: str, reference_answers: list[str]) -> Rubric:
    """A rubric proposed from ``reference_answers``; question words and stop words demoted."""
    refs = [r for r in reference_answers if isinstance(r, str) and r.strip()]
    qstems = set(analyse(question or "").stems)
    found: dict[tuple[str, bool], dict] = {}
    for ri, ref in enumerate(refs):
        a = analyse(ref)
        for w, s, neg, cue in zip(a.words, a.stems, a.negated, a.cue):
            if cue or w in STOP_WORDS or not any(ch.isalnum() for ch in w):
                continue
            entry = found.setdefault((s, neg), {"word": w, "refs": set(), "neg": neg})
            entry["refs"].add(ri)
    concepts = []
    for (s, neg), e in found.items():
        weight = len(e["refs"]) / max(len(refs), 1)
        if s in qstems:
            weight *= QUESTION_WORD_WEIGHT
        phrasing = ("not " + e["word"]) if neg else e["word"]
        cid = f"w-{s}" + ("-neg" if neg else "")
        cid = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in cid)
        concepts.append({"id": cid, "label": e["word"], "phrasings": [phrasing],
                         "weight": round(weight, 4)})
    data: dict = {"pass": PASS_MARK, "concepts": concepts}
    if refs:
        data["similarity"] = {"weight": SIMILARITY_WEIGHT, "answers": refs}
    if not refs:
        raise RubricError(("reference_answers",), "must hold at least one model answer")
    return Rubric.from_dict(data)
