"""Reading scenarios from ``question_banks/scenarios/*.yaml`` (the only module here that does
I/O)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quizapp.scoring.rubric import format_path

from .model import Scenario, ScenarioError

Problem = tuple[str, "str | None", "str | None", str]  # (file, item, field path, message)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there


def load_scenarios(root: Path, lexicon: dict[str, Any], criteria_ids: set[str] | None
                   ) -> tuple[list[Scenario], list[Problem]]:
    """Every valid scenario under ``root`` (sorted by file name) and every problem found.

    Problems are ``(file relative to root, item, field path, message)``, e.g.
    ``("angry-caller.yaml", "scenario angry-caller", "turns[2].criteria[0]",
    "unknown criterion 'X'")``. A scenario with any problem (an invalid field, a criterion ID not
    in ``criteria_ids``, an ID already used by an earlier file) is left out of the list.
    ``criteria_ids=None`` skips the criterion check.
    """
    root = Path(root)
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    if not root.is_dir():
        return scenarios, problems
    for path in sorted(root.glob("*.yaml")):
        rel = str(path.relative_to(root))
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 (safe)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append((rel, None, f"line {mark.line + 1}" if mark else None,
                             f"not valid YAML: {exc}"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append((rel, None, None, f"cannot be read: {exc}"))
            continue
        if not isinstance(raw, dict):
            problems.append((rel, None, None, "must be a mapping (one scenario per file)"))
            continue
        ident = raw.get("id")
        item = f"scenario {ident}" if isinstance(ident, str) and ident else None
        try:
            scenario = Scenario.from_dict(raw, lexicon)
        except ScenarioError as exc:
            problems.append((rel, item, format_path(exc.path) or None, exc.message))
            continue
        ok = True
        if criteria_ids is not None:
            for turn in scenario.turns:
                for j, cid in enumerate(turn.criteria):
                    if cid not in criteria_ids:
                        problems.append((rel, item, f"turns[{turn.index}].criteria[{j}]",
                                         f"unknown criterion {cid!r}"))
                        ok = False
        if scenario.id in seen:
            problems.append((rel, item, "id",
                             f"duplicate scenario ID {scenario.id!r} "
                             f"(also in {seen[scenario.id]})"))
            continue
        seen[scenario.id] = rel
        if ok:
            scenarios.append(scenario)
    return scenarios, problems
