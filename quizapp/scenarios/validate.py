"""Checking a scenario's YAML/dict shape and building the frozen :class:`Scenario`.

``build(data, lexicon)`` checks every field and raises :class:`ScenarioError` naming the field
path ("turns[2].branches[0].goto: unknown turn 'x'"). It checks that every turn can be reached,
that every ``{variable}`` used in a line, rubric, ask or transcript is defined, that gotos name
real turns, that there are no loops, and that every rubric compiles (with every pool value
filled in). Criterion IDs are checked against the specs by ``files.load_scenarios``.

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, overload

from quizapp.scoring import BANDS, Rubric, RubricError

from .model import _ID_RE, CHANNELS, END, TYPES, Ask, Branch, Condition, Scenario, ScenarioError
from .model import Turn, Variable
from .templates import TEXT_PARTS, VARIABLE_TYPES, fill_all, has_template, references

# ---------------------------------------------------------------- validation

_TOP_KEYS = {"id", "title", "type", "level", "setting", "cast", "variables", "start", "turns",
             "debrief", "test_transcripts"}
_TURN_KEYS = {"id", "lines", "mood", "criteria", "rubric", "branches", "next", "asks", "message",
              "end", "summary"}
_END_KEYS = {"id", "end", "summary", "mood"}
_TRANSCRIPT_KEYS = {"label", "seed", "turns", "path", "done"}
_TRANSCRIPT_TURN_KEYS = {"say", "band", "kind", "missing", "reply", "turn"}


Path = tuple[Any, ...]  # a field path: ("turns", 2, "rubric")
Lexicon = Mapping[str, list[str]] | None


def _mapping(v: Any, path: Path, keys: set[str]) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise ScenarioError(path, "must be a mapping")
    for k in v:
        if k not in keys:
            raise ScenarioError(path + (k,),
                                f"unknown field (expected one of {', '.join(sorted(keys))})")
    return v


@overload
def _text(v: Any, path: Path, required: Literal[True] = True) -> str: ...
@overload
def _text(v: Any, path: Path, required: bool) -> str | None: ...
def _text(v: Any, path: Path, required: bool = True) -> str | None:
    if v is None and not required:
        return None
    if not isinstance(v, str) or not v.strip():
        raise ScenarioError(path, "must be a non-empty string")
    return v


def _ident(v: Any, path: Path) -> str:
    text = _text(v, path)
    if not _ID_RE.match(text):
        raise ScenarioError(path, "may only use letters, digits and . - _")
    return text


def _lines(v: Any, path: Path, required: bool = False) -> tuple[str, ...]:
    if v is None and not required:
        return ()
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not v or not all(isinstance(s, str) and s.strip() for s in v):
        raise ScenarioError(path, "must be a string or a non-empty list of strings")
    return tuple(v)


def _names(v: Any, path: Path, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not v or not all(isinstance(s, str) and s for s in v):
        raise ScenarioError(path, "must be a name or a non-empty list of names")
    if allowed is not None:
        for s in v:
            if s not in allowed:
                raise ScenarioError(path, f"{s!r} is not one of {', '.join(allowed)}")
    return tuple(v)


def _variables(raw: Any, path: Path) -> tuple[Variable, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise ScenarioError(path, "must be a mapping of name -> {type, pool | pattern}")
    out = []
    for name, spec in raw.items():
        p = path + (name,)
        if not isinstance(name, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise ScenarioError(p, "a variable name may only use letters, digits and _")
        spec = _mapping(spec, p, {"type", "pool", "pattern"})
        vtype = spec.get("type", "text")
        if vtype not in VARIABLE_TYPES:
            raise ScenarioError(p + ("type",), f"must be one of {', '.join(VARIABLE_TYPES)}")
        pool, pattern = spec.get("pool"), spec.get("pattern")
        if (pool is None) == (pattern is None):
            raise ScenarioError(p, "give exactly one of pool or pattern")
        if pattern is not None:
            _text(pattern, p + ("pattern",))
            out.append(Variable(name, vtype, (), pattern))
            continue
        if not isinstance(pool, list) or not pool:
            raise ScenarioError(p + ("pool",), "must be a non-empty list")
        keys = None
        values = []
        for i, v in enumerate(pool):
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                v = str(v)
            if isinstance(v, Mapping):
                if not v or not all(isinstance(k, str) and isinstance(x, (str, int))
                                    and str(x).strip() for k, x in v.items()):
                    raise ScenarioError(p + ("pool", i), "must map names to non-empty strings")
                v = {k: str(x) for k, x in v.items()}
                if keys is None:
                    keys = set(v)
                elif set(v) != keys:
                    raise ScenarioError(p + ("pool", i),
                                        "must have the same fields as the first "
                                        f"({', '.join(sorted(keys))})")
            elif not isinstance(v, str) or not v.strip():
                raise ScenarioError(p + ("pool", i), "must be a non-empty string or a mapping")
            elif keys is not None:
                raise ScenarioError(p + ("pool", i), "mix of strings and mappings")
            values.append(v)
        if keys is not None and isinstance(values[0], str):
            raise ScenarioError(p + ("pool",), "mix of strings and mappings")
        out.append(Variable(name, vtype, tuple(values), None))
    return tuple(out)


def _check_refs(data: Any, path: Path, variables: dict[str, Variable]) -> None:
    """Raise for any ``{var.part}`` in ``data`` that this scenario does not define."""
    if isinstance(data, str):
        for var, parts in references(data):
            if var not in variables:
                raise ScenarioError(path, f"undefined variable {var!r}")
            v = variables[var]
            value = v.sample(0)
            for part in parts:
                if isinstance(value, Mapping):
                    if part not in value:
                        raise ScenarioError(path, f"variable {var!r} has no field {part!r}")
                    value = value[part]
                elif part not in TEXT_PARTS:
                    raise ScenarioError(path, f"unknown part {part!r} of {{{var}}} "
                                              f"(expected one of {', '.join(TEXT_PARTS)})")
            if isinstance(value, Mapping):
                raise ScenarioError(path, f"{{{var}}} is a mapping: name one of its fields, "
                                          f"e.g. {{{var}.{sorted(value)[0]}}}")
    elif isinstance(data, list):
        for i, x in enumerate(data):
            _check_refs(x, path + (i,), variables)
    elif isinstance(data, Mapping):
        for k, x in data.items():
            _check_refs(x, path + (k,), variables)


def _rubric_ids(rubric: Rubric) -> tuple[set[str], set[str]]:
    concepts = {c.id for c in rubric.concepts} | {c.id for g in rubric.groups for c in g.concepts}
    return concepts, {n.id for n in rubric.negatives}


def _condition(raw: Any, path: Path, concept_ids: set[str],
               negative_ids: set[str]) -> Condition:
    raw = _mapping(raw, path, {"band", "negative", "concept", "missed"})
    if not raw:
        raise ScenarioError(path, "must give at least one of band, negative, concept, missed")
    bands = _names(raw["band"], path + ("band",), BANDS) if "band" in raw else ()
    negs = _names(raw["negative"], path + ("negative",)) if "negative" in raw else ()
    for n in negs:
        if n not in negative_ids:
            raise ScenarioError(path + ("negative",),
                                f"unknown negative concept {n!r} in this turn's rubric")
    concepts = _names(raw["concept"], path + ("concept",)) if "concept" in raw else ()
    missed = _names(raw["missed"], path + ("missed",)) if "missed" in raw else ()
    for key, ids in (("concept", concepts), ("missed", missed)):
        for c in ids:
            if c not in concept_ids:
                raise ScenarioError(path + (key,), f"unknown concept {c!r} in this turn's rubric")
    return Condition(bands, negs, concepts, missed)


def _turn(raw: Any, i: int, variables: dict[str, Variable], lexicon: Lexicon) -> Turn:
    path = ("turns", i)
    if not isinstance(raw, Mapping):
        raise ScenarioError(path, "must be a mapping")
    tid = _ident(raw.get("id"), path + ("id",))
    if tid == END:
        raise ScenarioError(path + ("id",), f"{END!r} is reserved: it means the scenario ends")
    end = raw.get("end", False)
    if not isinstance(end, bool):
        raise ScenarioError(path + ("end",), "must be true or false")
    if end:
        raw = _mapping(raw, path, _END_KEYS)
        summary = _text(raw.get("summary"), path + ("summary",))
        _check_refs(summary, path + ("summary",), variables)
        return Turn(tid, i, mood=_text(raw.get("mood"), path + ("mood",), False), end=True,
                    summary=summary)
    raw = _mapping(raw, path, _TURN_KEYS)
    lines = _lines(raw.get("lines"), path + ("lines",), required=True)
    _check_refs(list(lines), path + ("lines",), variables)
    mood = _text(raw.get("mood"), path + ("mood",), required=False)
    if raw.get("rubric") is None:
        raise ScenarioError(path + ("rubric",), "every turn the learner answers needs a rubric "
                                                "(or mark the turn `end: true`)")
    rubric_raw = raw["rubric"]
    if not isinstance(rubric_raw, Mapping) or not (rubric_raw.get("concepts")
                                                   or rubric_raw.get("groups")):
        raise ScenarioError(path + ("rubric",), "must be a rubric with at least one concept")
    _check_refs(rubric_raw, path + ("rubric",), variables)
    # compile with real values from every pool, so a value that breaks a phrasing is caught now
    rounds = max([v.samples for v in variables.values()] + [1]) if has_template(rubric_raw) else 1
    compiled = None
    for n in range(min(rounds, 12)):
        values = {name: v.sample(n) for name, v in variables.items()}
        try:
            compiled = Rubric.from_dict(fill_all(rubric_raw, values), lexicon)
        except RubricError as e:
            raise ScenarioError(path + ("rubric",) + e.path, e.message) from None
    assert compiled is not None
    concept_ids, negative_ids = _rubric_ids(compiled)
    crit = raw.get("criteria")
    if (not isinstance(crit, list) or not crit
            or not all(isinstance(c, str) and c.strip() for c in crit)):
        raise ScenarioError(path + ("criteria",), "must be a non-empty list of criterion IDs")
    branches = []
    for j, b in enumerate(raw.get("branches") or []):
        bp = path + ("branches", j)
        b = _mapping(b, bp, {"when", "goto", "mood"})
        cond = _condition(b.get("when"), bp + ("when",), concept_ids, negative_ids)
        branches.append(Branch(cond, _ident(b.get("goto"), bp + ("goto",)),
                               _text(b.get("mood"), bp + ("mood",), required=False)))
    if raw.get("branches") is not None and not isinstance(raw.get("branches"), list):
        raise ScenarioError(path + ("branches",), "must be a list")
    if raw.get("next") is None:
        raise ScenarioError(path + ("next",), f"must name the next turn (or {END!r})")
    nxt = _ident(raw.get("next"), path + ("next",))
    asks = []
    raw_asks = raw.get("asks") or []
    if not isinstance(raw_asks, list):
        raise ScenarioError(path + ("asks",), "must be a list")
    seen = set()
    for j, a in enumerate(raw_asks):
        ap = path + ("asks", j)
        a = _mapping(a, ap, {"id", "intent", "answer"})
        aid = _ident(a.get("id"), ap + ("id",))
        if aid in seen:
            raise ScenarioError(ap + ("id",), f"duplicate ask {aid!r}")
        seen.add(aid)
        intent = _lines(a.get("intent"), ap + ("intent",), required=True)
        answer = _lines(a.get("answer"), ap + ("answer",), required=True)
        _check_refs(list(answer), ap + ("answer",), variables)
        asks.append(Ask(aid, intent, answer))
    message = raw.get("message", False)
    if not isinstance(message, bool):
        raise ScenarioError(path + ("message",), "must be true or false")
    if raw.get("summary") is not None:
        raise ScenarioError(path + ("summary",), "only an end turn (`end: true`) has a summary")
    return Turn(tid, i, lines, mood, tuple(crit), rubric_raw, tuple(branches), nxt, tuple(asks),
                message, False, None)


def _transcripts(raw: Any, variables: dict[str, Variable],
                 turn_ids: set[str]) -> tuple[dict[str, Any], ...]:
    path = ("test_transcripts",)
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ScenarioError(path, "must be a list")
    labels = set()
    for i, t in enumerate(raw):
        p = path + (i,)
        t = _mapping(t, p, _TRANSCRIPT_KEYS)
        label = _text(t.get("label"), p + ("label",))
        if label in labels:
            raise ScenarioError(p + ("label",), f"duplicate label {label!r}")
        labels.add(label)
        if "seed" in t and (isinstance(t["seed"], bool) or not isinstance(t["seed"], int)):
            raise ScenarioError(p + ("seed",), "must be a whole number")
        turns = t.get("turns")
        if not isinstance(turns, list) or not turns:
            raise ScenarioError(p + ("turns",), "must be a non-empty list of learner lines")
        for j, tt in enumerate(turns):
            tp = p + ("turns", j)
            if isinstance(tt, str):
                tt = {"say": tt}
            tt = _mapping(tt, tp, _TRANSCRIPT_TURN_KEYS)
            if not isinstance(tt.get("say"), str):
                raise ScenarioError(tp + ("say",), "must be a string (what the learner types)")
            _check_refs(tt["say"], tp + ("say",), variables)
            if "band" in tt:
                _names(tt["band"], tp + ("band",), BANDS)
            if "kind" in tt and tt["kind"] not in ("marked", "asked"):
                raise ScenarioError(tp + ("kind",), "must be marked or asked")
            if "turn" in tt and tt["turn"] not in turn_ids:
                raise ScenarioError(tp + ("turn",), f"unknown turn {tt['turn']!r}")
            m = tt.get("missing")
            if m is not None and not (isinstance(m, int) and not isinstance(m, bool) and m >= 0) \
                    and not (isinstance(m, list) and all(isinstance(s, str) for s in m)):
                raise ScenarioError(tp + ("missing",), "must be a count or a list of texts")
        if "path" in t:
            path_ids = _names(t["path"], p + ("path",))
            for k, tid in enumerate(path_ids):
                if tid not in turn_ids and tid != END:
                    raise ScenarioError(p + ("path", k), f"unknown turn {tid!r}")
        if "done" in t and not isinstance(t["done"], bool):
            raise ScenarioError(p + ("done",), "must be true or false")
    return tuple(dict(t) for t in raw)


def build(data: Any, lexicon: Lexicon) -> Scenario:
    d = _mapping(data, (), _TOP_KEYS)
    sid = _ident(d.get("id"), ("id",))
    title = _text(d.get("title"), ("title",))
    stype = d.get("type", "conversation")
    if stype not in TYPES:
        raise ScenarioError(("type",), f"must be one of {', '.join(TYPES)}")
    level = d.get("level")
    if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
        raise ScenarioError(("level",), "must be a whole number")
    s = _mapping(d.get("setting"), ("setting",), {"organisation", "channel", "mood"})
    setting = {"organisation": _text(s.get("organisation"), ("setting", "organisation")),
               "channel": s.get("channel"),
               "mood": _text(s.get("mood"), ("setting", "mood"))}
    if setting["channel"] not in CHANNELS:
        raise ScenarioError(("setting", "channel"), f"must be one of {', '.join(CHANNELS)}")
    for k in ("organisation", "mood"):
        if has_template(setting[k]):
            raise ScenarioError(("setting", k), "is shown before a run starts: no {variables} here")
    variables = _variables(d.get("variables"), ("variables",))
    vmap = {v.name: v for v in variables}
    cast_raw = d.get("cast")
    if not isinstance(cast_raw, list) or not cast_raw:
        raise ScenarioError(("cast",), "must be a non-empty list of {role, name, about}")
    cast = []
    for i, c in enumerate(cast_raw):
        c = _mapping(c, ("cast", i), {"role", "name", "about"})
        for k in ("role", "name", "about"):
            _text(c.get(k), ("cast", i, k))
        _check_refs(dict(c), ("cast", i), vmap)
        cast.append(dict(c))
    raw_turns = d.get("turns")
    if not isinstance(raw_turns, list) or not raw_turns:
        raise ScenarioError(("turns",), "must be a non-empty list of turns")
    turns: list[Turn] = []
    seen: set[str] = set()
    for i, t in enumerate(raw_turns):
        turn = _turn(t, i, vmap, lexicon)
        if turn.id in seen:
            raise ScenarioError(("turns", i, "id"), f"duplicate turn {turn.id!r}")
        seen.add(turn.id)
        turns.append(turn)
    by_id = {t.id: t for t in turns}
    for t in turns:
        for j, b in enumerate(t.branches):
            if b.goto != END and b.goto not in by_id:
                raise ScenarioError(("turns", t.index, "branches", j, "goto"),
                                    f"unknown turn {b.goto!r}")
        if t.next is not None and t.next != END and t.next not in by_id:
            raise ScenarioError(("turns", t.index, "next"), f"unknown turn {t.next!r}")
    start = d.get("start", turns[0].id)
    if start not in by_id:
        raise ScenarioError(("start",), f"unknown turn {start!r}")
    if by_id[start].end:
        raise ScenarioError(("start",), "the first turn cannot be an end")
    # reachability and loops (depth-first from the start)
    reached: set[str] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(tid: str, via: tuple[Any, ...]) -> None:
        if tid == END:
            return
        if state.get(tid) == 1:
            raise ScenarioError(via, f"goes back to turn {tid!r}: scenarios may not loop")
        if state.get(tid) == 2:
            return
        state[tid] = 1
        reached.add(tid)
        t = by_id[tid]
        for j, b in enumerate(t.branches):
            visit(b.goto, ("turns", t.index, "branches", j, "goto"))
        if t.next is not None:
            visit(t.next, ("turns", t.index, "next"))
        state[tid] = 2

    visit(start, ("start",))
    for t in turns:
        if t.id not in reached:
            raise ScenarioError(("turns", t.index, "id"), f"unreachable turn {t.id!r}: no next or "
                                                          f"branch leads to it from {start!r}")
    if stype == "telephone_message" and not any(t.message for t in turns):
        raise ScenarioError(("turns",), "a telephone_message scenario needs a turn with "
                                        "`message: true`, where the learner writes the message")
    deb = _mapping(d.get("debrief"), ("debrief",), {"summary"})
    summary = _text(deb.get("summary"), ("debrief", "summary"))
    _check_refs(summary, ("debrief", "summary"), vmap)
    transcripts = _transcripts(d.get("test_transcripts"), vmap, set(by_id))
    return Scenario(sid, title, stype, setting, tuple(cast), variables, tuple(turns), start,
                    summary, transcripts, level, data, lexicon)
