"""Scenario runs in the chat: the bot plays the customer; each learner turn is marked.

The engine (``quizapp.scenarios``) is pure; this module stores definitions, starts runs, and
turns each learner reply into an append-only answer with the criteria it evidences.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Criterion, PracticeSession, ScenarioRecord
from quizapp.scenarios import Scenario, advance, current_lines, opening, replies_to_come, start
from quizapp.services import NotFound
from quizapp.services.users import Learner

_compiled: dict[tuple[str, str], Scenario] = {}


def store(loaded: list, lexicon: dict) -> tuple[int, int]:
    """Upsert scenario definitions by ID; retire those no longer in the banks."""
    seen, changed = set(), 0
    for ls in loaded:
        seen.add(ls.scenario.id)
        record = db.session.get(ScenarioRecord, ls.scenario.id)
        digest = ls.content_hash
        if record is not None and record.content_hash == digest and record.active:
            continue
        values = dict(title=ls.scenario.title, type=ls.scenario.type,
                      criteria=ls.scenario.criteria_ids(),
                      data={"scenario": ls.raw, "lexicon": lexicon}, source=ls.file,
                      content_hash=digest, active=True)
        if record is None:
            db.session.add(ScenarioRecord(id=ls.scenario.id, **values))
        else:
            for key, value in values.items():
                setattr(record, key, value)
        changed += 1
    for record in db.session.scalars(select(ScenarioRecord).where(ScenarioRecord.active.is_(True))):
        if record.id not in seen:
            record.active = False
            changed += 1
    return len(seen), changed


def compiled(record: ScenarioRecord) -> Scenario:
    key = (record.id, record.content_hash)
    scenario = _compiled.get(key)
    if scenario is None:
        if len(_compiled) > 200:
            _compiled.clear()
        scenario = _compiled[key] = Scenario.from_dict(record.data["scenario"],
                                                       record.data.get("lexicon"))
    return scenario


def listing() -> list[dict]:
    records = db.session.scalars(select(ScenarioRecord).where(ScenarioRecord.active.is_(True))
                                 .order_by(ScenarioRecord.title))
    return [{"id": r.id, "title": r.title, "type": r.type, "criteria": r.criteria,
             "setting": r.data["scenario"].get("setting", {})} for r in records]


def get_record(scenario_id: str) -> ScenarioRecord:
    record = db.session.get(ScenarioRecord, scenario_id or "")
    if record is None or not record.active:
        raise NotFound(f"There is no scenario {scenario_id!r}.")
    return record


def turn_for(session: PracticeSession, lines: list[str] | None = None) -> dict[str, Any] | None:
    """The chat turn for a scenario session: the customer's lines and the criteria at stake."""
    state = session.state or {}
    if state.get("done") or not state.get("turn"):
        return None
    record = db.session.get(ScenarioRecord, session.scenario_id)
    scenario = compiled(record)
    turn = scenario.turns_by_id[state["turn"]]
    shown = lines if lines is not None else current_lines(scenario, state)
    return {
        "kind": "scenario",
        "prompt": "\n".join(shown),
        "lines": shown,
        "question_id": None,
        "scenario_id": scenario.id,
        "turn_id": turn.id,
        "title": scenario.title,
        "type": scenario.type,
        "setting": scenario.setting,
        "mood": state.get("mood"),
        "criteria": list(turn.criteria),
        "has_hint": False,
    }


def replies_so_far(session: PracticeSession) -> dict[str, int | None]:
    """How far a run got: ``answered``, the learner's marked replies so far, and ``total``, the
    replies the whole run takes where every way on from here takes the same number (else
    None: a branching role-play has no fixed count)."""
    state = session.state or {}
    answered = sum(1 for h in state.get("history") or [] if h.get("kind") == "marked")
    record = db.session.get(ScenarioRecord, session.scenario_id)
    ahead = replies_to_come(compiled(record), state.get("turn")) if record else set()
    return {"answered": answered, "total": answered + ahead.pop() if len(ahead) == 1 else None}


def start_scenario(user: Learner, scenario_id: str, seed: int | None = None) -> PracticeSession:
    """Start a run with this learner's own draw of names, numbers and times."""
    record = get_record(scenario_id)
    scenario = compiled(record)
    state = start(scenario, seed if seed is not None else random.SystemRandom().randrange(2**31))
    session = PracticeSession(id=uuid.uuid4().hex, user_id=user.id, scenario_id=record.id,
                              criteria=scenario.criteria_ids(), queue=[], position=0, state=state)
    db.session.add(session)
    db.session.commit()
    return session


def first_turn_lines(session: PracticeSession) -> list[str]:
    """The customer's opening lines of this run (to redraw the chat after a reload)."""
    scenario = compiled(db.session.get(ScenarioRecord, session.scenario_id))
    return opening(scenario, session.state)


def take_reply(session: PracticeSession, text: str) -> tuple[dict, list[Criterion]]:
    """Advance the run with the learner's reply. Returns the answer fields to store and the
    criteria the reply evidences. Updates ``session.state`` (not committed)."""
    record = db.session.get(ScenarioRecord, session.scenario_id)
    scenario = compiled(record)
    replied_to = (session.state or {}).get("turn")
    step = advance(scenario, session.state, text)
    session.state = step.state
    fields: dict[str, Any] = {"kind": "scenario" if step.kind == "marked" else "ask",
                              "scenario_id": record.id, "turn_id": replied_to}
    result: dict[str, Any] = {"customer": list(step.reply), "missing": list(step.missing)}
    if step.result is not None:
        data = step.result.to_dict()
        fields.update(score=step.result.score, band=step.result.band, passed=step.result.passed)
        result.update(concepts=data["concepts"], feedback=data["feedback"])
    if step.done:
        result["debrief"] = step.debrief
    fields["result"] = result
    criteria = [db.session.get(Criterion, cid) for cid in step.criteria]
    return fields, [c for c in criteria if c is not None]
