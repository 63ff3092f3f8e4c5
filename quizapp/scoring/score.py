"""Score an answer against a compiled rubric.

score = (sum of concept weight x credit + group weight x min(hits / min, 1)
         + similarity weight x closeness to a model answer) / total weight
        - penalties of negative concepts that hit, clamped to [0, 1].

Every part traces to a concept and the learner's own words (``ConceptResult.evidence``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import re

from .binding import bind, mentions
from .feedback import build_feedback
from .match import AnswerIndex, find
from .normalise import analyse
from .result import BANDS, ConceptResult, ScoreResult, concept_result
from .rubric import Concept, Rubric
from .similarity import closeness, content_positions
from .slots import FINDERS, near_digits, near_miss


def _bindings(rubric: Rubric, idx: AnswerIndex) -> dict[str, Any]:
    """Per concept with a role: (the words binding its role to its description, or None; the
    id of the concept whose role took its description instead, or None). See binding.py."""
    roles = {cid: mentions(phs, idx) for cid, phs in rubric.roles.items()}
    descriptions = {cid: mentions(rubric.compiled[cid], idx) for cid in rubric.roles}
    return bind(roles, descriptions, idx)


def _match(c: Concept, rubric: Rubric, idx: AnswerIndex,
           covered: set[int] | None = None) -> str | None:
    """The learner's words that hit concept ``c``, or None; their word positions go into
    ``covered`` (a slot's characters are not words: it adds none)."""
    a = idx.analysis
    span: tuple[int, int] | None
    if c.role:
        span = idx.bound[c.id][0]
    elif c.slot is not None:
        chars = FINDERS[c.slot[0]](c.slot[1], a.text)
        return a.text[chars[0]: chars[1]] if chars else None
    else:
        span = next((sp for sp in (find(ph, idx) for ph in rubric.compiled[c.id])
                     if sp is not None), None)
    if span is None:
        return None
    if covered is not None:
        covered.update(range(span[0], span[1] + 1))
    return a.quote(*span)


def _result(c: Concept, rubric: Rubric, idx: AnswerIndex, group: str | None = None,
            negative: bool = False, covered: set[int] | None = None) -> ConceptResult:
    ev = _match(c, rubric, idx, None if negative else covered)
    note = None
    if ev is None and not negative:
        if c.slot is not None or rubric.details[c.id]:
            note = _wrong_detail(c, rubric, idx)
        if c.role and idx.bound[c.id][1] is not None:
            other = idx.bound[c.id][1]
            note = "swapped:" + next(x.label for x in rubric.all_concepts() if x.id == other)
    # id, label, hit, evidence, negative, hint, reason, weight, group, credit, required, note
    return concept_result(
        c.id, c.label, ev is not None, ev, negative, None if negative else c.hint,
        c.reason if negative else None, c.penalty if negative else c.weight, group,
        1.0 if ev is not None else 0.0, c.required, note)


def _wrong_detail(c: Concept, rubric: Rubric, idx: AnswerIndex) -> str | None:
    """"wrong:<the learner's words>" when a missed point's exact detail (a number, time or date)
    was tried but is wrong, else None."""
    a = idx.analysis
    if c.slot is not None:
        others = tuple(x.slot[1] for x in rubric.all_concepts()
                       if x.slot is not None and x.slot[0] == c.slot[0] and x.id != c.id)
        span = near_miss(c.slot[0], c.slot[1], a.text, others)
        return f"wrong:{a.text[span[0]: span[1]]}" if span else None
    wanted = rubric.details[c.id]
    if not wanted or _DIGIT.search(a.text) is None:
        return None
    for i, w in enumerate(a.words):
        if _DIGIT.search(w) and w not in wanted and any(near_digits(w, x) for x in wanted):
            return f"wrong:{a.quote(i, i)}"
    return None


_DIGIT = re.compile(r"\d")


def exact_details(band: str, passed: bool, results: list[ConceptResult]) -> tuple[str, bool]:
    """(band, passed) once the exact details are checked: a detail that must be exact (a slot's
    or a point's number, time or date) given wrong ("wrong:" note) caps the band at partly and
    is no pass, however much else is right: a message with a wrong call-back time, date or day
    sends the colleague wrong. The feedback names the wrong detail (feedback._note_lines)."""
    if wrong_detail(results):
        return ("partly" if band == "secure" else band), False
    return band, passed


def wrong_detail(results: Iterable[ConceptResult]) -> bool:
    """Whether a detail that must be exact was given wrong (a "wrong:" note)."""
    return any(r.note is not None and r.note.startswith("wrong:") for r in results)


def band_for(value: float, rubric: Rubric, required_missed: bool) -> str:
    """The band for ``value`` under the rubric's thresholds (at most partly if a required miss)."""
    partly, secure = rubric.thresholds
    band = "secure" if value >= secure else "partly" if value >= partly else "not_yet"
    if required_missed and band == "secure":
        band = "partly"
    assert band in BANDS
    return band


def score(answer: str, rubric: Rubric) -> ScoreResult:
    """Score ``answer`` (any text, even empty) against ``rubric``; never raises on text."""
    text = answer if isinstance(answer, str) else ""
    idx = AnswerIndex(analyse(text), rubric.vocab)
    idx.bound = _bindings(rubric, idx) if rubric.roles else {}
    results: list[ConceptResult] = []
    gain = total = 0.0
    required_missed = False
    made = needed = 0  # key points: a concept counts 1, a group its min
    covered: set[int] = set()  # word positions of the main key points made
    main = main_weight(rubric)
    for c in rubric.concepts:
        r = _result(c, rubric, idx, covered=covered if c.weight >= main else None)
        results.append(r)
        gain += c.weight * r.credit
        total += c.weight
        required_missed |= c.required and not r.hit
        made += r.hit
        needed += 1
    for g in rubric.groups:
        members = [_result(c, rubric, idx, group=g.id,
                           covered=covered if g.weight >= main else None) for c in g.concepts]
        results += members
        hits = sum(1 for r in members if r.hit)
        gain += g.weight * min(hits / g.min, 1.0)
        total += g.weight
        required_missed |= any(c.required and not r.hit for c, r in zip(g.concepts, members))
        made += min(hits, g.min)
        needed += g.min
    sim = None
    if rubric.similarity is not None and rubric.similarity.weight > 0:
        sim, _ = closeness(idx, rubric.models)
        gain += rubric.similarity.weight * sim
        total += rubric.similarity.weight
    value = gain / total if total > 0 else 0.0
    wrong = False  # a negative hit
    for n in rubric.negatives:
        r = _result(n, rubric, idx, negative=True)
        results.append(r)
        if r.hit:
            value -= n.penalty
            wrong = True
    value = min(1.0, max(0.0, value))
    band = band_for(value, rubric, required_missed)
    lifted = False  # Partly for a correct point below the partly threshold
    if band == "secure" and wrong:
        band = "partly"  # an answer that also says something wrong is not secure
    elif band == "not_yet" and made and not wrong and on_point(idx, covered):
        band, lifted = "partly", True  # a correct point, and little else: "be tidy"
    passed = value >= rubric.pass_threshold and not required_missed
    band, passed = exact_details(band, passed, results)
    concepts = tuple(results)
    reason = None if band == "secure" else band_reason(band, concepts, required_missed, wrong,
                                                       made > 0, lifted)
    return ScoreResult(value, band, passed, concepts,
                       build_feedback(concepts, band, reason, (made, needed)), sim)


# Share of an answer's content words that a key point's words must make up for the answer to be
# Partly even below the partly threshold: it makes a correct point and says little else.
ON_POINT = 1 / 3
# A point weighted below this is one the rubric's author rated minor ("yes, that's right", "so
# it's quicker"): on its own it does not lift an answer to Partly.
MAIN = 1.0


def main_weight(rubric: Rubric) -> float:
    """The weight from which a key point is a main one: MAIN, or the rubric's mean point weight
    where that is lower (a proposed rubric spreads a total of 3 over its ideas: with four ideas
    none reaches 1, yet the heavier ones are its main points)."""
    weights = [c.weight for c in rubric.concepts] + [g.weight for g in rubric.groups]
    return min(MAIN, sum(weights) / len(weights)) if weights else MAIN


# Words that open, answer or close a conversation. A key point made only of them ("yeah", "ok
# bye", "hello?") is a social noise, not a correct point with substance.
SOCIAL = frozenset("yes yeah yep yup ok okay hello hi hiya hey bye goodbye cheers".split())


def on_point(idx: AnswerIndex, covered: set[int]) -> bool:
    """Whether the main key points made (their words ``covered``) are at least ON_POINT of what
    the answer says of substance (its content words), counting no social word as a point."""
    content = content_positions(idx.analysis)
    words = idx.analysis.words
    said = sum(1 for i in content if i in covered and words[i].lower() not in SOCIAL)
    return said > 0 and said >= ON_POINT * len(content)


def band_reason(band: str, concepts: tuple[ConceptResult, ...], required_missed: bool,
                wrong: bool, any_point: bool, lifted: bool = False) -> str | None:
    """Why the answer is in its band, in one short sentence (None for a plain secure).
    ``wrong``: a negative hit; ``any_point``: some key point was made; ``lifted``: a Partly for
    one correct point that is most of what the answer says (``on_point``)."""
    if band == "secure":
        return None
    if band == "partly":
        if wrong:
            return "It is not secure because part of it is not right for this question."
        if wrong_detail(concepts):
            return "It is not secure because a detail that must be exact is wrong."
        missed = next((c for c in concepts if c.required and not c.hit and not c.negative), None)
        if lifted:
            more = ("something about " + missed.label.strip().rstrip('.').lower()
                    if missed is not None else "more of the key points")
            return f"It makes a correct point: now add {more} to be secure."
        if required_missed and missed is not None:
            return ("It is not secure yet because it must say something about "
                    f"{missed.label.strip().rstrip('.').lower()}.")
        return "It makes a correct point, but not enough of them yet to be secure."
    if wrong:
        return "It is not there yet because part of it is not right for this question."
    notes = [c.note for c in concepts if c.note]
    if any(n.startswith("swapped:") for n in notes):
        return "It is not there yet because it mixes up who is who."
    if notes:
        return "It is not there yet because a detail that must be exact is wrong."
    if any_point:
        return "It has a correct idea, but not enough yet for part of the marks."
    return None
