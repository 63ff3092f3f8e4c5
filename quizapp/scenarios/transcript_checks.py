"""Checking a scenario's ``test_transcripts`` (the runs ``transcripts.run_transcript`` replays):
shape, labels, bands, kinds, turns and paths. Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

from quizapp.scoring import BANDS

from .fields import as_mapping, as_names, as_text
from .model import END, ScenarioError, Variable
from .variables import check_refs

_TRANSCRIPT_KEYS = {"label", "seed", "turns", "path", "done"}
_TRANSCRIPT_TURN_KEYS = {"say", "band", "kind", "missing", "reply", "turn"}


def check_transcripts(raw: Any, variables: dict[str, Variable],
                      turn_ids: set[str]) -> tuple[dict[str, Any], ...]:
    path = ("test_transcripts",)
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ScenarioError(path, "must be a list")
    labels = set()
    for i, t in enumerate(raw):
        p = path + (i,)
        t = as_mapping(t, p, _TRANSCRIPT_KEYS)
        label = as_text(t.get("label"), p + ("label",))
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
            tt = as_mapping(tt, tp, _TRANSCRIPT_TURN_KEYS)
            if not isinstance(tt.get("say"), str):
                raise ScenarioError(tp + ("say",), "must be a string (what the learner types)")
            check_refs(tt["say"], tp + ("say",), variables)
            if "band" in tt:
                as_names(tt["band"], tp + ("band",), BANDS)
            if "kind" in tt and tt["kind"] not in ("marked", "asked"):
                raise ScenarioError(tp + ("kind",), "must be marked or asked")
            if "turn" in tt and tt["turn"] not in turn_ids:
                raise ScenarioError(tp + ("turn",), f"unknown turn {tt['turn']!r}")
            m = tt.get("missing")
            if m is not None and not (isinstance(m, int) and not isinstance(m, bool) and m >= 0) \
                    and not (isinstance(m, list) and all(isinstance(s, str) for s in m)):
                raise ScenarioError(tp + ("missing",), "must be a count or a list of texts")
        if "path" in t:
            path_ids = as_names(t["path"], p + ("path",))
            for k, tid in enumerate(path_ids):
                if tid not in turn_ids and tid != END:
                    raise ScenarioError(p + ("path", k), f"unknown turn {tid!r}")
        if "done" in t and not isinstance(t["done"], bool):
            raise ScenarioError(p + ("done",), "must be true or false")
    return tuple(dict(t) for t in raw)
