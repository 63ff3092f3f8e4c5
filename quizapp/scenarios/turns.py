"""Building one :class:`Turn` from its YAML mapping: lines, rubric (compiled with every pool
value), criteria, branch conditions, next and asks; or an end turn. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizapp.scoring import BANDS, Rubric, RubricError

from .fields import Lexicon, Path, as_ident, as_lines, as_mapping, as_names, as_text
from .model import END, Ask, Branch, Condition, ScenarioError, Turn, Variable
from .templates import fill_all, has_template
from .variables import check_refs

_TURN_KEYS = {"id", "lines", "mood", "criteria", "rubric", "branches", "next", "asks", "message",
              "end", "summary"}
_END_KEYS = {"id", "end", "summary", "mood"}


def build_turn(raw: Any, i: int, variables: dict[str, Variable], lexicon: Lexicon) -> Turn:
    path = ("turns", i)
    if not isinstance(raw, Mapping):
        raise ScenarioError(path, "must be a mapping")
    tid = as_ident(raw.get("id"), path + ("id",))
    if tid == END:
        raise ScenarioError(path + ("id",), f"{END!r} is reserved: it means the scenario ends")
    end = raw.get("end", False)
    if not isinstance(end, bool):
        raise ScenarioError(path + ("end",), "must be true or false")
    if end:
        raw = as_mapping(raw, path, _END_KEYS)
        summary = as_text(raw.get("summary"), path + ("summary",))
        check_refs(summary, path + ("summary",), variables)
        return Turn(tid, i, mood=as_text(raw.get("mood"), path + ("mood",), False), end=True,
                    summary=summary)
    raw = as_mapping(raw, path, _TURN_KEYS)
    lines = as_lines(raw.get("lines"), path + ("lines",), required=True)
    check_refs(list(lines), path + ("lines",), variables)
    mood = as_text(raw.get("mood"), path + ("mood",), required=False)
    rubric_raw = raw.get("rubric")
    concept_ids, negative_ids = _rubric_ids(_compile_rubric(rubric_raw, path, variables, lexicon))
    crit = raw.get("criteria")
    if (not isinstance(crit, list) or not crit
            or not all(isinstance(c, str) and c.strip() for c in crit)):
        raise ScenarioError(path + ("criteria",), "must be a non-empty list of criterion IDs")
    branches = []
    for j, b in enumerate(raw.get("branches") or []):
        bp = path + ("branches", j)
        b = as_mapping(b, bp, {"when", "goto", "mood"})
        cond = _condition(b.get("when"), bp + ("when",), concept_ids, negative_ids)
        branches.append(Branch(cond, as_ident(b.get("goto"), bp + ("goto",)),
                               as_text(b.get("mood"), bp + ("mood",), required=False)))
    if raw.get("branches") is not None and not isinstance(raw.get("branches"), list):
        raise ScenarioError(path + ("branches",), "must be a list")
    if raw.get("next") is None:
        raise ScenarioError(path + ("next",), f"must name the next turn (or {END!r})")
    nxt = as_ident(raw.get("next"), path + ("next",))
    asks = _asks(raw.get("asks") or [], path + ("asks",), variables)
    message = raw.get("message", False)
    if not isinstance(message, bool):
        raise ScenarioError(path + ("message",), "must be true or false")
    if raw.get("summary") is not None:
        raise ScenarioError(path + ("summary",), "only an end turn (`end: true`) has a summary")
    return Turn(tid, i, lines, mood, tuple(crit), rubric_raw, tuple(branches), nxt, asks,
                message, False, None)


def _compile_rubric(rubric_raw: Any, path: Path, variables: dict[str, Variable],
                    lexicon: Lexicon) -> Rubric:
    """The turn's rubric, compiled with real values from every pool (up to 12 rounds), so a
    value that breaks a phrasing is caught now."""
    if rubric_raw is None:
        raise ScenarioError(path + ("rubric",), "every turn the learner answers needs a rubric "
                                                "(or mark the turn `end: true`)")
    if not isinstance(rubric_raw, Mapping) or not (rubric_raw.get("concepts")
                                                   or rubric_raw.get("groups")):
        raise ScenarioError(path + ("rubric",), "must be a rubric with at least one concept")
    check_refs(rubric_raw, path + ("rubric",), variables)
    rounds = max([v.samples for v in variables.values()] + [1]) if has_template(rubric_raw) else 1
    compiled = None
    for n in range(min(rounds, 12)):
        values = {name: v.sample(n) for name, v in variables.items()}
        try:
            compiled = Rubric.from_dict(fill_all(rubric_raw, values), lexicon)
        except RubricError as e:
            raise ScenarioError(path + ("rubric",) + e.path, e.message) from None
    assert compiled is not None
    return compiled


def _rubric_ids(rubric: Rubric) -> tuple[set[str], set[str]]:
    concepts = {c.id for c in rubric.concepts} | {c.id for g in rubric.groups for c in g.concepts}
    return concepts, {n.id for n in rubric.negatives}


def _condition(raw: Any, path: Path, concept_ids: set[str],
               negative_ids: set[str]) -> Condition:
    raw = as_mapping(raw, path, {"band", "negative", "concept", "missed"})
    if not raw:
        raise ScenarioError(path, "must give at least one of band, negative, concept, missed")
    bands = as_names(raw["band"], path + ("band",), BANDS) if "band" in raw else ()
    negs = as_names(raw["negative"], path + ("negative",)) if "negative" in raw else ()
    for n in negs:
        if n not in negative_ids:
            raise ScenarioError(path + ("negative",),
                                f"unknown negative concept {n!r} in this turn's rubric")
    concepts = as_names(raw["concept"], path + ("concept",)) if "concept" in raw else ()
    missed = as_names(raw["missed"], path + ("missed",)) if "missed" in raw else ()
    for key, ids in (("concept", concepts), ("missed", missed)):
        for c in ids:
            if c not in concept_ids:
                raise ScenarioError(path + (key,), f"unknown concept {c!r} in this turn's rubric")
    return Condition(bands, negs, concepts, missed)


def _asks(raw_asks: Any, path: Path, variables: dict[str, Variable]) -> tuple[Ask, ...]:
    """The questions the learner may ask the customer at this turn, each with its answer."""
    if not isinstance(raw_asks, list):
        raise ScenarioError(path, "must be a list")
    asks = []
    seen = set()
    for j, a in enumerate(raw_asks):
        ap = path + (j,)
        a = as_mapping(a, ap, {"id", "intent", "answer"})
        aid = as_ident(a.get("id"), ap + ("id",))
        if aid in seen:
            raise ScenarioError(ap + ("id",), f"duplicate ask {aid!r}")
        seen.add(aid)
        intent = as_lines(a.get("intent"), ap + ("intent",), required=True)
        answer = as_lines(a.get("answer"), ap + ("answer",), required=True)
        check_refs(list(answer), ap + ("answer",), variables)
        asks.append(Ask(aid, intent, answer))
    return tuple(asks)
