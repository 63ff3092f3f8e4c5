"""Tutors' own questions: propose a rubric from the model answer, test it on sample responses,
save it to the cohort's bank (tied to criteria, exportable with the cohort).

Before a question is saved, its rubric must mark the model answer Secure, every sample as the
tutor expects, and at least one short plain answer Secure: a sample expected Secure with at
most half as many words as the model answer (3 are always allowed, never more than 15), so a
learner who says the key points in a few everyday words is not marked down."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import current_app
from sqlalchemy import select

from quizapp.banks import inline_lexicon, load_lexicon
from quizapp.extensions import db
from quizapp.models import Criterion, Question, User
from quizapp.scoring import Rubric, RubricError, derive_rubric, score
from quizapp.services import NotFound, ServiceError
from quizapp.services import cohorts as cohort_service
from quizapp import terms

BANDS = ("not_yet", "partly", "secure")
SHORT_ANSWER_MOST = 15  # words: a short plain answer is never longer
SHORT_ANSWER_LEAST = 3  # words always allowed, however short the model answer
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def _text(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ServiceError(f"{field} is required.")
    if len(value) > limit:
        raise ServiceError(f"{field} must be at most {limit} characters.")
    return value.strip()


def shared_lexicon() -> dict[str, list[str]]:
    """The banks' shared lexicon (``lexicon.yaml`` under QUIZAPP_BANKS), read again when the
    file changes."""
    path = Path(current_app.config["QUIZAPP_BANKS"])
    try:
        stamp = (path / "lexicon.yaml").stat().st_mtime_ns
    except OSError:
        return {}
    return _lexicon(str(path), stamp)


@lru_cache(maxsize=4)
def _lexicon(root: str, stamp: int) -> dict[str, list[str]]:
    return load_lexicon(root)


def propose(prompt: Any, model_answer: Any) -> dict:
    """A starting rubric from the model answer: a key point per idea, as a phrase, with the
    shared lexicon's ways of saying its words written in (the rubric stands on its own)."""
    prompt = _text(prompt, "The question", 1000)
    model_answer = _text(model_answer, "The model answer", 3000)
    lexicon = shared_lexicon()
    return inline_lexicon(derive_rubric(prompt, [model_answer], lexicon).to_dict(), lexicon)


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


def short_answer_limit(model_answer: str) -> int:
    """The most words a short plain answer may have: half the model answer's, at least
    SHORT_ANSWER_LEAST, at most SHORT_ANSWER_MOST."""
    return min(SHORT_ANSWER_MOST, max(SHORT_ANSWER_LEAST, word_count(model_answer) // 2))


def is_short_plain(case: dict, model_answer: str | None) -> bool:
    """A sample expected Secure that is a short plain answer beside ``model_answer``."""
    return bool(model_answer) and not case.get("model_answer") and case["band"] == "secure" \
        and 0 < word_count(case["text"]) <= short_answer_limit(model_answer or "")


MAX_RUBRIC_DEPTH = 32  # a rubric nests a few levels; thousands would exhaust the stack


def _too_deep(message: str) -> ServiceError:
    return ServiceError(f"{message} nests more than {MAX_RUBRIC_DEPTH} levels deep: a rubric "
                        "needs only a few (see docs/formats.md).")


def check_text_depth(text: str) -> None:
    """Refuse YAML (or JSON) nested too deep before building it (PyYAML and json build
    recursively); PyYAML's event parser keeps its own stack, so this walk is safe at any
    depth. Text that is not YAML passes: the parser that builds it says what is wrong."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_RUBRIC_DEPTH:
                    raise _too_deep("The rubric")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return


def _check_depth(value: Any) -> None:
    """The same limit for a rubric sent as a JSON object (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (item.values() if isinstance(item, dict)
                    else item if isinstance(item, list) else ())
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > MAX_RUBRIC_DEPTH:
                    raise _too_deep("The rubric")
                stack.append((child, depth + 1))


def parse_rubric(rubric: Any) -> tuple[dict, Rubric]:
    """A rubric given as a mapping or as YAML/JSON text, validated by the scorer."""
    if isinstance(rubric, str):
        try:
            check_text_depth(rubric)
            rubric = yaml.safe_load(rubric)
        except yaml.YAMLError as exc:
            raise ServiceError(f"The rubric is not valid YAML: {exc}") from exc
    _check_depth(rubric)
    if not isinstance(rubric, dict):
        raise ServiceError("The rubric must be a mapping with concepts (see docs/formats.md).")
    try:
        return rubric, Rubric.from_dict(rubric)
    except RubricError as exc:
        raise ServiceError(f"Rubric: {exc}") from exc


def parse_samples(samples: Any) -> list[dict]:
    """Sample responses as [{"text","band"}] or text lines like "secure: listen carefully"."""
    if isinstance(samples, str):
        items = []
        for n, line in enumerate(samples.splitlines(), 1):
            if not line.strip():
                continue
            band, sep, text = line.partition(":")
            if not sep or band.strip() not in BANDS:
                raise ServiceError(f"Sample line {n}: start it with secure:, partly: or not_yet:")
            items.append({"band": band.strip(), "text": text.strip()})
        samples = items
    if not isinstance(samples, list):
        raise ServiceError("responses must be a list of {text, band}.")
    out = []
    for i, item in enumerate(samples):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) \
                or item.get("band") not in BANDS:
            raise ServiceError(f"responses[{i}] needs text and a band (secure, partly, not_yet).")
        out.append({"text": item["text"], "band": item["band"]})
    return out


def test(rubric: Any, samples: Any, model_answer: str | None = None) -> list[dict]:
    """Score each sample (and the model answer, which should be secure) against the rubric."""
    _, compiled = parse_rubric(rubric)
    cases = parse_samples(samples)
    if model_answer:
        cases = [{"text": model_answer, "band": "secure", "model_answer": True}] + cases
    results = []
    for case in cases:
        result = score(case["text"], compiled)
        results.append({**case, "got": result.band, "score": round(result.score, 3),
                        "ok": result.band == case["band"],
                        "short": is_short_plain(case, model_answer),
                        "hit": _matched(result, compiled)})
    return results


def _matched(result, compiled: Rubric) -> list[str]:
    """The key points a response made: a key point of parts with the parts it said and how
    many there are ("Offer them a refund (offer, refund: 2 of 2)")."""
    labels = {g.id: (g.label, len(g.concepts)) for g in compiled.groups}
    parts: dict[str, list[str]] = {}
    out: list[tuple[str | None, str]] = []  # (group id or None, concept label)
    for c in result.concepts:
        if not c.hit or c.negative:
            continue
        if c.group is None:
            out.append((None, c.label))
        else:
            if c.group not in parts:
                parts[c.group] = []
                out.append((c.group, ""))  # in the order first met
            parts[c.group].append(c.label)
    return [label if g is None else
            f"{labels[g][0]} ({', '.join(parts[g])}: {len(parts[g])} of {labels[g][1]})"
            for g, label in out]


def _checked(cohort, prompt, model_answer, criteria, rubric, samples) -> dict:
    """Validate a question: criteria of the cohort's qualification, and a rubric that marks
    the model answer Secure and each sample as expected."""
    prompt = _text(prompt, "The question", 1000)
    model_answer = _text(model_answer, "The model answer", 3000)
    if (not isinstance(criteria, list) or not criteria
            or not all(isinstance(c, str) for c in criteria)):
        raise ServiceError("Tie the question to at least one criterion.")
    found = list(db.session.scalars(select(Criterion).where(Criterion.id.in_(criteria))))
    qual_units = {u.id for u in cohort.qualification.units}
    if len(found) != len(set(criteria)) or any(c.unit_id not in qual_units for c in found):
        raise ServiceError("Every criterion must belong to the cohort's qualification.")
    rubric_dict, _ = parse_rubric(rubric)
    cases = test(rubric_dict, samples, model_answer)
    wrong = [c for c in cases if not c["ok"]]
    if wrong:
        first = wrong[0]
        which = "the model answer" if first.get("model_answer") else \
            f"“{first['text'][:80]}”"
        got, expected = terms.label(first["got"]), terms.label(first["band"])
        raise ServiceError(f"The key points mark {which} {got}, not {expected}: edit the key "
                           "points or the sample, test again, then save.")
    if not any(c["short"] for c in cases):
        raise ServiceError(
            "Add a short plain answer before you save: a sample response in a learner's "
            f"everyday words, at most {short_answer_limit(model_answer)} words long (half the "
            f"model answer, never more than {SHORT_ANSWER_MOST}), with Secure as its expected "
            "band. The model answer and a short plain answer must both mark Secure.")
    return {"prompt": prompt, "model_answer": model_answer, "criteria": found,
            "rubric": rubric_dict,
            "test_responses": [{"text": c["text"], "band": c["band"]} for c in cases
                               if not c.get("model_answer")]}


def _content_hash(values: dict) -> str:
    return hashlib.sha256(json.dumps([values["prompt"], values["model_answer"],
                                      values["rubric"]], sort_keys=True).encode()).hexdigest()


def save(tutor: User, cohort_id: int, *, prompt: Any, model_answer: Any, criteria: Any,
         rubric: Any, samples: Any = (), hint: Any = None) -> Question:
    """Save the tutor's question to the cohort's bank; it must evidence criteria of the
    cohort's qualification, and its rubric must pass its own samples."""
    cohort = cohort_service.require_member(tutor, cohort_id, ("tutor",))
    values = _checked(cohort, prompt, model_answer, criteria, rubric, samples)
    slug = re.sub(r"[^a-z0-9]+", "-", values["prompt"].lower()).strip("-")[:40] or "question"
    found = values.pop("criteria")
    question = Question(
        id=f"C{cohort.id}.q-{slug}-{secrets.token_hex(3)}", unit_id=found[0].unit_id,
        status="curated", hint=hint.strip() if isinstance(hint, str) and hint.strip() else None,
        source=None, active=True, author_id=tutor.id, cohort_id=cohort.id,
        content_hash=_content_hash(values), **values)
    question.criteria = found
    db.session.add(question)
    db.session.commit()
    return question


def own_question(tutor: User, cohort_id: int, question_id: str) -> Question:
    """A live question of the cohort's own bank, for one of its tutors."""
    cohort_service.require_member(tutor, cohort_id, ("tutor",))
    question = db.session.get(Question, question_id or "")
    if question is None or question.cohort_id != cohort_id or not question.active:
        raise NotFound("That question was not found in this cohort's bank.")
    return question


def update(tutor: User, cohort_id: int, question_id: str, *, prompt: Any, model_answer: Any,
           criteria: Any, rubric: Any, samples: Any = (), hint: Any = None) -> Question:
    """Change one of the cohort's own questions (checked as when it was saved)."""
    question = own_question(tutor, cohort_id, question_id)
    values = _checked(cohort_service.get_cohort(cohort_id), prompt, model_answer, criteria,
                      rubric, samples)
    found = values.pop("criteria")
    for name, value in values.items():
        setattr(question, name, value)
    question.hint = hint.strip() if isinstance(hint, str) and hint.strip() else None
    question.criteria = found
    question.unit_id = found[0].unit_id
    question.content_hash = _content_hash(values)
    db.session.commit()
    return question


def retire(tutor: User, cohort_id: int, question_id: str) -> Question:
    """Stop using a question: learners are no longer asked it; answers to it are kept."""
    question = own_question(tutor, cohort_id, question_id)
    question.active = False
    db.session.commit()
    return question


def cohort_questions(staff: User, cohort_id: int) -> list[Question]:
    cohort = cohort_service.require_member(staff, cohort_id, cohort_service.STAFF_ROLES)
    return list(db.session.scalars(select(Question).where(Question.cohort_id == cohort.id,
                                                          Question.active.is_(True))
                                   .order_by(Question.id)))
