"""Labelled test transcripts: play the learner's lines and compare what happens with what is
expected.

Pure: no I/O. Used by the tests and by ``flask banks test``.

    mismatches = run_transcript(scenario, scenario.test_transcripts[0], seed=0)   # [] = passes
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .engine import Step, advance, start
from .model import Scenario
from .templates import fill


def _names(v: str | Iterable[str]) -> list[str]:
    return [v] if isinstance(v, str) else list(v)


def _why(step: Step) -> str:
    r = step.result
    if r is None:
        return ""
    hits = [c.id for c in r.concepts if c.hit and not c.negative]
    negs = [c.id for c in r.concepts if c.hit and c.negative]
    out = f" (score {r.score:.2f}; hit {', '.join(hits) or 'nothing'}"
    if negs:
        out += f"; negatives {', '.join(negs)}"
    return out + ")"


def run_transcript(scenario: Scenario, transcript: Mapping[str, Any], seed: int = 0) -> list[str]:
    """Mismatches between the transcript's expectations and the engine's run (empty = passes).

    A transcript: ``{label, seed?, turns: [{say, band?, kind?, missing?, reply?, turn?}],
    path?, done?}``. ``say`` may use the run's variables ("my number is {phone}"). ``band`` is a
    band or a list of acceptable bands; ``missing`` a count or texts that must each appear in one
    missing line; ``reply`` a text that must appear in the customer's reply; ``turn`` the turn
    the line answers. ``path`` lists the turns entered, in order; ``done`` (default true when
    ``path`` is given) whether the run must have ended.
    """
    label = transcript.get("label", "transcript")
    seed = transcript.get("seed", seed)
    out: list[str] = []
    state = start(scenario, seed)
    for i, t in enumerate(transcript.get("turns") or [], 1):
        t = {"say": t} if isinstance(t, str) else t
        where = f"{label} (seed {seed}), line {i}"
        if state.get("done"):
            out.append(f"{where}: the scenario had already ended")
            break
        if "turn" in t and state.get("turn") != t["turn"]:
            out.append(f"{where}: expected to answer turn {t['turn']!r}, "
                       f"was at {state.get('turn')!r}")
        text = fill(t.get("say", ""), state["vars"])
        step = advance(scenario, state, text)
        kind = t.get("kind", "marked")
        if step.kind != kind:
            out.append(f"{where}: expected {kind}, got {step.kind}{_why(step)}: {text!r}")
        if "band" in t:
            want = _names(t["band"])
            got = step.result.band if step.result else None
            if got not in want:
                out.append(f"{where}: expected band {'/'.join(want)}, "
                           f"got {got}{_why(step)}: {text!r}")
        if "missing" in t:
            m = t["missing"]
            if isinstance(m, int):
                if len(step.missing) != m:
                    out.append(f"{where}: expected {m} missing details, got {step.missing}")
            else:
                for need in m:
                    if not any(need.lower() in x.lower() for x in step.missing):
                        out.append(f"{where}: expected a missing detail about {need!r}, "
                                   f"got {step.missing}")
        if "reply" in t:
            need = fill(t["reply"], state["vars"]).lower()
            if not any(need in line.lower() for line in step.reply):
                out.append(f"{where}: expected the reply to say {need!r}, got {step.reply}")
        state = step.state
    if "path" in transcript:
        want = list(transcript["path"])
        if state.get("path") != want:
            out.append(f"{label} (seed {seed}): expected path {want}, got {state.get('path')}")
    done = transcript.get("done", True if "path" in transcript else None)
    if done is not None and bool(state.get("done")) != done:
        out.append(f"{label} (seed {seed}): expected the run {'to end' if done else 'not to end'}"
                   f", but it {'ended' if state.get('done') else 'did not end'}")
    return out
