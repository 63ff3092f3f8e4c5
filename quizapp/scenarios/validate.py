"""Checking a scenario's YAML/dict shape and building the frozen :class:`Scenario`.

``build(data, lexicon)`` checks every field and raises :class:`ScenarioError` naming the field
path ("turns[2].branches[0].goto: unknown turn 'x'"). It checks that every turn can be reached,
that every ``{variable}`` used in a line, rubric, ask or transcript is defined, that gotos name
real turns, that there are no loops, and that every rubric compiles (with every pool value
filled in). Criterion IDs are checked against the specs by ``files.load_scenarios``.

The checks live in modules of their own; this one reads the top-level fields and puts them
together:

- ``fields``: one value's shape (mapping, text, ident, lines, names) and the ``Path`` type;
- ``variables``: the ``variables:`` block, and ``check_refs`` for every ``{var.part}``;
- ``turns``: one turn (rubric compiled with every pool value, branches, next, asks) or an end;
- ``graph``: gotos and nexts name real turns, the start, reachability, no loops;
- ``transcript_checks``: the ``test_transcripts``.

Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

from .fields import Lexicon, Path, as_ident, as_mapping, as_text
from .graph import check_graph
from .model import CHANNELS, TYPES, Scenario, ScenarioError, Turn
from .templates import has_template
from .transcript_checks import check_transcripts
from .turns import build_turn
from .variables import check_refs, parse_variables

__all__ = ["Lexicon", "Path", "build"]

_TOP_KEYS = {"id", "title", "type", "level", "setting", "cast", "variables", "start", "turns",
             "debrief", "test_transcripts"}


def build(data: Any, lexicon: Lexicon) -> Scenario:
    d = as_mapping(data, (), _TOP_KEYS)
    sid = as_ident(d.get("id"), ("id",))
    title = as_text(d.get("title"), ("title",))
    stype = d.get("type", "conversation")
    if stype not in TYPES:
        raise ScenarioError(("type",), f"must be one of {', '.join(TYPES)}")
    level = d.get("level")
    if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
        raise ScenarioError(("level",), "must be a whole number")
    s = as_mapping(d.get("setting"), ("setting",), {"organisation", "channel", "mood"})
    setting = {"organisation": as_text(s.get("organisation"), ("setting", "organisation")),
               "channel": s.get("channel"),
               "mood": as_text(s.get("mood"), ("setting", "mood"))}
    if setting["channel"] not in CHANNELS:
        raise ScenarioError(("setting", "channel"), f"must be one of {', '.join(CHANNELS)}")
    for k in ("organisation", "mood"):
        if has_template(setting[k]):
            raise ScenarioError(("setting", k), "is shown before a run starts: no {variables} here")
    variables = parse_variables(d.get("variables"), ("variables",))
    vmap = {v.name: v for v in variables}
    cast_raw = d.get("cast")
    if not isinstance(cast_raw, list) or not cast_raw:
        raise ScenarioError(("cast",), "must be a non-empty list of {role, name, about}")
    cast = []
    for i, c in enumerate(cast_raw):
        c = as_mapping(c, ("cast", i), {"role", "name", "about"})
        for k in ("role", "name", "about"):
            as_text(c.get(k), ("cast", i, k))
        check_refs(dict(c), ("cast", i), vmap)
        cast.append(dict(c))
    raw_turns = d.get("turns")
    if not isinstance(raw_turns, list) or not raw_turns:
        raise ScenarioError(("turns",), "must be a non-empty list of turns")
    turns: list[Turn] = []
    seen: set[str] = set()
    for i, t in enumerate(raw_turns):
        turn = build_turn(t, i, vmap, lexicon)
        if turn.id in seen:
            raise ScenarioError(("turns", i, "id"), f"duplicate turn {turn.id!r}")
        seen.add(turn.id)
        turns.append(turn)
    start = check_graph(turns, d.get("start", turns[0].id))
    if stype == "telephone_message" and not any(t.message for t in turns):
        raise ScenarioError(("turns",), "a telephone_message scenario needs a turn with "
                                        "`message: true`, where the learner writes the message")
    deb = as_mapping(d.get("debrief"), ("debrief",), {"summary"})
    summary = as_text(deb.get("summary"), ("debrief", "summary"))
    check_refs(summary, ("debrief", "summary"), vmap)
    transcripts = check_transcripts(d.get("test_transcripts"), vmap, {t.id for t in turns})
    return Scenario(sid, title, stype, setting, tuple(cast), variables, tuple(turns), start,
                    summary, transcripts, level, data, lexicon)
