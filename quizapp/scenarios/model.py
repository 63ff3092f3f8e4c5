"""Scenarios: frozen objects for the YAML/dict shape in docs/formats.md ("Scenarios").

``Scenario.from_dict(data, lexicon)`` validates with ``validate.build``. Pure: no I/O.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from quizapp.scoring import Rubric
from quizapp.scoring.rubric import format_path

from .templates import fill_all, has_template, sample_pattern

_ID_RE = re.compile(r"^[A-Za-z0-9._-]+$")
TYPES = ("conversation", "telephone_message")
CHANNELS = ("telephone", "face to face", "email", "chat")
END = "end"  # a goto/next that ends the scenario with no ending summary


class ScenarioError(ValueError):
    """A scenario that does not validate; ``path`` is the field path inside the scenario."""

    def __init__(self, path: tuple[Any, ...], message: str) -> None:
        self.path = tuple(path)
        self.message = message
        super().__init__(f"{format_path(self.path)}: {message}" if self.path else message)


@dataclass(frozen=True)
class Variable:
    name: str
    type: str
    pool: tuple[Any, ...] = ()
    pattern: str | None = None

    def sample(self, i: int) -> Any:
        """A fixed value (the ``i``-th), used to validate rubrics with real values."""
        if self.pool:
            return self.pool[i % len(self.pool)]
        return sample_pattern(self.pattern or "", i)

    @property
    def samples(self) -> int:
        return len(self.pool) if self.pool else 3


@dataclass(frozen=True)
class Condition:
    """All given parts must hold: a band, a hit negative, a hit concept, a missed concept."""

    bands: tuple[str, ...] = ()
    negatives: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()

    def holds(self, band: str, hits: set[str], negatives: set[str]) -> bool:
        if self.bands and band not in self.bands:
            return False
        if self.negatives and not negatives & set(self.negatives):
            return False
        if self.concepts and not hits & set(self.concepts):
            return False
        if self.missed and set(self.missed) <= hits:
            return False
        return True


@dataclass(frozen=True)
class Branch:
    when: Condition
    goto: str
    mood: str | None = None


@dataclass(frozen=True)
class Ask:
    """A question the learner may put to the caller; answered from the script, not marked."""

    id: str
    intent: tuple[str, ...]
    answer: tuple[str, ...]


@dataclass(frozen=True)
class Turn:
    id: str
    index: int  # position in the file's ``turns`` list
    lines: tuple[str, ...] = ()
    mood: str | None = None
    criteria: tuple[str, ...] = ()
    # the raw rubric; compiled per run by Scenario.rubric_for
    rubric: Mapping[str, Any] | None = None
    branches: tuple[Branch, ...] = ()
    next: str | None = None
    asks: tuple[Ask, ...] = ()
    message: bool = False
    end: bool = False
    summary: str | None = None

    def targets(self) -> list[str]:
        out = [b.goto for b in self.branches]
        if self.next is not None:
            out.append(self.next)
        return out


@dataclass(frozen=True, eq=False)
class Scenario:
    id: str
    title: str
    type: str
    setting: dict[str, Any]
    cast: tuple[dict[str, Any], ...]
    variables: tuple[Variable, ...]
    turns: tuple[Turn, ...]
    start: str
    debrief_summary: str
    test_transcripts: tuple[dict[str, Any], ...]
    level: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)
    lexicon: Mapping[str, Any] | None = field(default=None, repr=False)
    _rubrics: dict[tuple[str, str | None], Rubric] = field(default_factory=dict, repr=False)
    _by_id: dict[str, Turn] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {t.id: t for t in self.turns})

    @property
    def turns_by_id(self) -> dict[str, Turn]:
        return self._by_id

    def turn(self, turn_id: str) -> Turn:
        return self.turns_by_id[turn_id]

    def criteria_ids(self) -> list[str]:
        """Every criterion ID evidenced by any turn, sorted."""
        return sorted({c for t in self.turns for c in t.criteria})

    def rubric_for(self, turn: Turn, values: Mapping[str, Any]) -> Rubric:
        """The turn's rubric with this run's variables filled in, compiled once per binding."""
        templated = has_template(turn.rubric)
        data = fill_all(turn.rubric, values) if templated else turn.rubric
        key = (turn.id, json.dumps(data, sort_keys=True, default=str) if templated else None)
        rubric = self._rubrics.get(key)
        if rubric is None:
            rubric = Rubric.from_dict(cast(Mapping[str, Any], data), self.lexicon)
            if len(self._rubrics) > 512:
                self._rubrics.clear()
            self._rubrics[key] = rubric
        return rubric

    @classmethod
    def from_dict(cls, data: Mapping[str, Any],
                  lexicon: Mapping[str, Any] | None = None) -> Scenario:
        from .validate import build  # the checks live beside the model, in validate.py

        return build(data, lexicon)
