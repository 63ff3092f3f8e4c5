"""Scenario conversations: the bot plays a customer, and each learner reply is marked.

Pure (no web framework, database or I/O; ``files.load_scenarios`` alone reads YAML files).
The format is in docs/formats.md ("Scenarios").

    scenario = Scenario.from_dict(data, lexicon)         # validate; ScenarioError names the field
    state = start(scenario, seed)                         # JSON-serialisable run state
    opening(scenario, state)                              # the customer's first line(s)
    step = advance(scenario, state, text)                 # Step: state, kind, result, criteria,
                                                          #   reply, done, debrief, missing
    debrief(scenario, state)                              # {"summary", "criteria": [...]}
    replies_to_come(scenario, state["turn"])              # {replies left, per way to an end}
    run_transcript(scenario, transcript, seed)            # mismatches; [] = passes
    load_scenarios(root, lexicon, criteria_ids)           # from quizapp.scenarios.files
"""

from .engine import (
    Step,
    advance,
    current_lines,
    debrief,
    draw_variables,
    opening,
    replies_to_come,
    start,
)
from .files import load_scenarios
from .intents import match_ask
from .model import CHANNELS, END, TYPES, Scenario, ScenarioError
from .transcripts import run_transcript

__all__ = [
    "CHANNELS",
    "END",
    "TYPES",
    "Scenario",
    "ScenarioError",
    "Step",
    "advance",
    "current_lines",
    "debrief",
    "draw_variables",
    "load_scenarios",
    "match_ask",
    "opening",
    "replies_to_come",
    "run_transcript",
    "start",
]
