"""Playing a scenario: start a run, take the learner's replies one at a time, debrief at the end.

Pure: no I/O, and no mutation. Every call takes the run state (a JSON-serialisable dict) and
returns a NEW one, so the web layer can store it anywhere.

    state = start(scenario, seed=42)          # variables drawn with random.Random(42)
    lines = opening(scenario, state)          # the customer's first line(s)
    step = advance(scenario, state, "Good morning, you're through to ...")
    step.kind, step.result.band, step.reply, step.done, step.debrief, step.missing
    state = step.state

State (version 1)::

    {"v": 1, "scenario": "angry-caller", "seed": 42,
     "vars": {"caller": "Dev Patel", "phone": "07700 900 123", ...},
     "turn": "greet",           # the turn waiting for the learner's reply; None when done
     "mood": "angry",
     "path": ["greet"],         # turns entered so far, in order (an end turn last)
     "history": [],             # one entry per learner reply (see _entry)
     "done": False,
     "ending": None}            # the end turn reached, if any
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from quizapp.scoring import BANDS, ScoreResult, score

from .details import missing_details
from .intents import match_ask
from .model import END, Branch, Scenario, Turn
from .templates import fill, from_pattern

STATE_VERSION = 1
EVIDENCE_LIMIT = 160
MAX_TEXT = 2000  # longer replies are cut to this many characters before marking


@dataclass(frozen=True)
class Step:
    """What one learner reply did.

    ``kind`` is "marked" (the reply was scored against the turn's rubric) or "asked" (the learner
    asked the caller a question from the turn's ``asks``: it is answered, not marked, and the run
    stays on the same turn).
    """

    state: dict[str, Any]
    kind: str
    result: ScoreResult | None
    criteria: list[str] = field(default_factory=list)
    reply: list[str] = field(default_factory=list)
    done: bool = False
    debrief: dict[str, Any] | None = None
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (the state included)."""
        return {"state": self.state, "kind": self.kind,
                "result": self.result.to_dict() if self.result else None,
                "criteria": list(self.criteria), "reply": list(self.reply), "done": self.done,
                "debrief": self.debrief, "missing": list(self.missing)}


# ---------------------------------------------------------------- starting

def draw_variables(scenario: Scenario, seed: int) -> dict[str, Any]:
    """This run's values, drawn in the order declared; two variables never share a value."""
    rng = random.Random(seed)
    values: dict[str, Any] = {}
    used: list[Any] = []
    for v in scenario.variables:
        if v.pool:
            fresh = [x for x in v.pool if x not in used]
            value = rng.choice(fresh or list(v.pool))
        else:
            value = from_pattern(v.pattern or "", rng)
            for _ in range(5):
                if value not in used:
                    break
                value = from_pattern(v.pattern or "", rng)
        values[v.name] = copy.deepcopy(value)
        used.append(value)
    return values


def start(scenario: Scenario, seed: int) -> dict[str, Any]:
    """A new run: variables drawn with ``random.Random(seed)``, at the first turn."""
    first = scenario.turn(scenario.start)
    return {
        "v": STATE_VERSION,
        "scenario": scenario.id,
        "seed": seed,
        "vars": draw_variables(scenario, seed),
        "turn": first.id,
        "mood": first.mood or scenario.setting["mood"],
        "path": [first.id],
        "history": [],
        "done": False,
        "ending": None,
    }


def _lines(lines: Iterable[str], values: Mapping[str, Any]) -> list[str]:
    return [fill(line, values) for line in lines]


def opening(scenario: Scenario, state: dict[str, Any]) -> list[str]:
    """The customer's first line(s), variables filled in."""
    return _lines(scenario.turn(scenario.start).lines, state.get("vars") or {})


def current_lines(scenario: Scenario, state: dict[str, Any]) -> list[str]:
    """The lines of the turn now waiting for the learner (to show again after a reload)."""
    turn = scenario.turns_by_id.get(state.get("turn") or "")
    return _lines(turn.lines, state.get("vars") or {}) if turn else []


def replies_to_come(scenario: Scenario, turn_id: str | None) -> set[int]:
    """How many replies a run waiting at ``turn_id`` has still to give, counting this one: one
    number for each way on to an end (every branch, and the ``next`` or, without one, the end a
    reply that meets no branch leads to). One number means the count is fixed; a branching
    scenario may leave several. ``{0}`` for a finished run (no turn waiting)."""
    counts: dict[str, set[int]] = {}

    def ahead(tid: str | None) -> set[int]:
        turn = scenario.turns_by_id.get(tid or "")
        if turn is None or turn.end:  # END, None or an end turn: nothing more to say
            return {0}
        if turn.id not in counts:  # the graph has no loops (graph.check_graph)
            targets = [b.goto for b in turn.branches] + [turn.next]
            counts[turn.id] = {1 + n for target in targets for n in ahead(target)}
        return counts[turn.id]

    return ahead(turn_id)


# ---------------------------------------------------------------- advancing

def _entry(turn: Turn, text: str, result: ScoreResult, missing: list[str]) -> dict[str, Any]:
    return {
        "turn": turn.id,
        "kind": "marked",
        "text": text,
        "band": result.band,
        "score": round(result.score, 4),
        "criteria": list(turn.criteria),
        "evidence": [c.evidence for c in result.concepts
                     if c.hit and not c.negative and c.evidence],
        "negatives": [c.id for c in result.concepts if c.hit and c.negative],
        "missing": missing,
    }


def _choose(turn: Turn, result: ScoreResult) -> Branch | None:
    hits = {c.id for c in result.concepts if c.hit and not c.negative}
    negs = {c.id for c in result.concepts if c.hit and c.negative}
    for b in turn.branches:
        if b.when.holds(result.band, hits, negs):
            return b
    return None


def _finished(scenario: Scenario, state: dict[str, Any]) -> Step:
    return Step(state, "marked", None, [], [], True, debrief(scenario, state), [])


def advance(scenario: Scenario, state: dict[str, Any], text: str) -> Step:
    """Take the learner's reply to the current turn; never raises on any text.

    Returns a :class:`Step` with a NEW state. An ask (a question to the caller that the turn
    answers from its script) stays on the turn unmarked, unless the reply is also secure under the
    turn's rubric, in which case it is marked and the answer comes before the next lines.
    """
    text = text[:MAX_TEXT] if isinstance(text, str) else ""
    st = copy.deepcopy(state)
    turn = scenario.turns_by_id.get(st.get("turn") or "")
    if st.get("done") or turn is None or turn.end:
        st["done"] = True
        st["turn"] = None
        return _finished(scenario, st)
    values = st.get("vars") or {}
    rubric = scenario.rubric_for(turn, values)
    result = score(text, rubric)
    ask = match_ask(text, turn.asks) if turn.asks else None
    if ask is not None and result.band != "secure":
        st["history"].append({"turn": turn.id, "kind": "asked", "text": text, "ask": ask.id})
        return Step(st, "asked", None, [], _lines(ask.answer, values), False, None, [])
    missing = missing_details(text, rubric, result, turn.message)
    st["history"].append(_entry(turn, text, result, missing))
    branch = _choose(turn, result)
    target = branch.goto if branch else turn.next
    reply = _lines(ask.answer, values) if ask else []
    nxt = scenario.turns_by_id.get(target) if target is not None and target != END else None
    if nxt is not None and nxt.mood:
        st["mood"] = nxt.mood
    if branch is not None and branch.mood:
        st["mood"] = branch.mood
    if nxt is None or nxt.end:
        if nxt is not None:
            st["path"].append(nxt.id)
            st["ending"] = nxt.id
        st["turn"] = None
        st["done"] = True
        return Step(st, "marked", result, list(turn.criteria), [], True, debrief(scenario, st),
                    missing)
    st["turn"] = nxt.id
    st["path"].append(nxt.id)
    reply += _lines(nxt.lines, values)
    return Step(st, "marked", result, list(turn.criteria), reply, False, None, missing)


# ---------------------------------------------------------------- debrief

def _band_of(bands: list[str]) -> str:
    """The bands' mean rank (not_yet 0, partly 1, secure 2), rounded half down."""
    ranks = [BANDS.index(b) for b in bands if b in BANDS]
    if not ranks:
        return BANDS[0]
    mean = sum(ranks) / len(ranks)
    return BANDS[int(math.floor(mean + 0.5 - 1e-9))]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > EVIDENCE_LIMIT:
        text = text[: EVIDENCE_LIMIT - 1].rstrip() + "\u2026"
    return text


def _count_line(bands: list[str]) -> str:
    n = len(bands)
    if not n:
        return "You did not reply to the customer yet."
    names = {"secure": "secure", "partly": "partly there", "not_yet": "not there yet"}
    parts = []
    for b in ("secure", "partly", "not_yet"):
        k = bands.count(b)
        if k:
            parts.append(f"{k} {'was' if k == 1 else 'were'} {names[b]}")
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"You gave {n} {'reply' if n == 1 else 'replies'}: {said}."


def debrief(scenario: Scenario, state: dict[str, Any]) -> dict[str, Any]:
    """``{"summary", "criteria": [{"id", "band", "evidence"}]}`` for the run so far.

    Each criterion evidenced by a marked reply gets the mean band of the replies that evidence it
    (rounded half down: secure + partly is partly) and, as evidence, the learner's own words from
    the best of those replies.
    """
    values = state.get("vars") or {}
    marked = [h for h in state.get("history") or [] if h.get("kind") == "marked"]
    order: list[str] = []
    per: dict[str, list[dict[str, Any]]] = {}
    for h in marked:
        for cid in h.get("criteria") or []:
            if cid not in per:
                order.append(cid)
                per[cid] = []
            per[cid].append(h)
    criteria = []
    for cid in order:
        entries = per[cid]
        best = max(entries, key=lambda h: (h.get("score") or 0.0))
        criteria.append({"id": cid, "band": _band_of([h["band"] for h in entries]),
                         "evidence": _quote(best.get("text") or "")})
    parts = []
    ending = scenario.turns_by_id.get(state.get("ending") or "")
    if ending is not None and ending.summary:
        parts.append(fill(ending.summary, values).strip())
    parts.append(_count_line([h["band"] for h in marked]))
    written = [h for h in marked
               if h.get("missing") and scenario.turns_by_id.get(h.get("turn") or "")
               and scenario.turns_by_id[h["turn"]].message]
    if written:
        parts.append("Missing or wrong in your message: " + "; ".join(written[-1]["missing"]) + ".")
    parts.append(fill(scenario.debrief_summary, values).strip())
    return {"summary": " ".join(p for p in parts if p), "criteria": criteria}
