"""Read and validate every spec, bank and the lexicon under ``question_banks/``.

``load_all(root)`` collects *all* problems before raising, so ``flask banks check`` can list
them in one go. Each problem names the file, the item (question, unit or criterion) and the
field. Nothing here touches the database: ``services.bank_store`` stores what this returns.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from quizapp.banks.schema import BankFile, QualificationSpec, QuestionSpec, SpecFile
from quizapp.scenarios import Scenario, load_scenarios
from quizapp.scoring import Rubric, RubricError

SPECS_DIR = "specs"
SCENARIOS_DIR = "scenarios"
LEXICON_FILE = "lexicon.yaml"
NOT_BANKS = {SPECS_DIR, "scenarios"}


@dataclass(frozen=True)
class Problem:
    file: str
    item: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.item:
            parts.append(self.item)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"


class BankError(Exception):
    """One or more problems in the bank files."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def inline_lexicon(rubric: dict[str, Any], lexicon: dict[str, list[str]]) -> dict[str, Any]:
    """The rubric with every ``lexicon:`` reference replaced by its phrasings.

    Stored rubrics are self-contained, so the answer path compiles them without the lexicon.
    Call only on a rubric that ``Rubric.from_dict`` accepted with the same lexicon.
    """

    def concept(c: dict[str, Any]) -> dict[str, Any]:
        if "lexicon" not in c:
            return c
        c = dict(c)
        phrasings = list(c.get("phrasings", []))
        for key in c.pop("lexicon"):
            phrasings += [p for p in lexicon[key] if p not in phrasings]
        c["phrasings"] = phrasings
        return c

    out = dict(rubric)
    for key in ("concepts", "negatives"):
        if key in out:
            out[key] = [concept(c) for c in out[key]]
    if "groups" in out:
        out["groups"] = [dict(g, concepts=[concept(c) for c in g.get("concepts", [])])
                         for g in out["groups"]]
    return out


@dataclass
class LoadedQuestion:
    spec: QuestionSpec
    unit_id: str
    file: str
    rubric: Rubric
    stored_rubric: dict[str, Any]

    @property
    def content_hash(self) -> str:
        data = self.spec.model_dump(mode="json") | {"stored_rubric": self.stored_rubric}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass
class LoadedScenario:
    scenario: Scenario
    raw: dict[str, Any]
    file: str

    @property
    def content_hash(self) -> str:
        text = json.dumps(self.raw, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Catalogue:
    """Everything in ``question_banks/``, validated."""

    # (qualification, the seed document it was transcribed from)
    qualifications: list[tuple[QualificationSpec, str]] = field(default_factory=list)
    questions: list[LoadedQuestion] = field(default_factory=list)
    lexicon: dict[str, list[str]] = field(default_factory=dict)
    mappings: list[dict[str, Any]] = field(default_factory=list)
    scenarios: list[LoadedScenario] = field(default_factory=list)

    def criteria_ids(self) -> set[str]:
        return {c.id for q, _ in self.qualifications for u in q.units for c in u.criteria}

    def unit_ids(self) -> set[str]:
        return {u.id for q, _ in self.qualifications for u in q.units}


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster


def yaml_load(text: str) -> Any:
    return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader


def _read_yaml(path: Path, rel: str, problems: list[Problem]) -> Any:
    try:
        return yaml_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        problems.append(Problem(rel, None, where, f"not valid YAML: {exc}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel, None, None, f"cannot be read: {exc}"))
    return None


def _pydantic_problems(rel: str, exc: ValidationError, raw: Any, list_key: str,
                       index: int | None = None) -> list[Problem]:
    """Turn pydantic errors into problems naming the item by its ID where possible.

    With ``index``, ``exc`` comes from validating item ``raw[list_key][index]`` on its own.
    """
    found = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        if index is not None:
            loc = (list_key, index, *loc)
        item = None
        if len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
            try:
                ident = raw[list_key][loc[1]].get("id")
            except (AttributeError, IndexError, KeyError, TypeError):
                ident = None
            item = f"{list_key[:-1]} {ident}" if ident else f"{list_key[:-1]} #{loc[1] + 1}"
            loc = loc[2:]
        found.append(Problem(rel, item, _field_path(loc) or None, err["msg"]))
    return found


def load_lexicon(root: str | Path) -> dict[str, list[str]]:
    """The shared lexicon under ``root`` (entries that do not read are left out; ``flask
    banks check`` names them)."""
    return _load_lexicon(Path(root), [])


def _load_lexicon(root: Path, problems: list[Problem]) -> dict[str, list[str]]:
    path = root / LEXICON_FILE
    if not path.exists():
        return {}
    raw = _read_yaml(path, LEXICON_FILE, problems) or {}
    lexicon: dict[str, list[str]] = {}
    if not isinstance(raw, dict):
        problems.append(Problem(LEXICON_FILE, None, None, "must be a mapping of key -> phrasings"))
        return lexicon
    for key, phrasings in raw.items():
        if not isinstance(phrasings, list) or not all(isinstance(p, str) for p in phrasings):
            problems.append(Problem(LEXICON_FILE, f"entry {key}", None,
                                    "must be a list of strings"))
            continue
        lexicon[str(key)] = phrasings
    return lexicon


def _load_specs(root: Path, cat: Catalogue, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}

    def claim(ident: str, rel: str, what: str) -> None:
        if ident in seen:
            problems.append(Problem(rel, what, "id",
                                    f"duplicate ID {ident!r} (also in {seen[ident]})"))
        else:
            seen[ident] = rel

    for path in sorted((root / SPECS_DIR).glob("*.yaml")):
        rel = str(path.relative_to(root))
        raw = _read_yaml(path, rel, problems)
        if raw is None:
            continue
        try:
            spec = SpecFile.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(rel, exc, raw, "units"))
            continue
        for qual in spec.all_qualifications():
            claim(qual.id, rel, f"qualification {qual.id}")
            unit_ids = {u.id for u in qual.units}
            for group in qual.rules.groups:
                for uid in group.units:
                    if uid not in unit_ids:
                        problems.append(Problem(rel, f"qualification {qual.id}",
                                                f"rules.groups[{group.name}]",
                                                f"unknown unit {uid!r}"))
            for pair in qual.rules.barred:
                for uid in pair:
                    if uid not in unit_ids:
                        problems.append(Problem(rel, f"qualification {qual.id}", "rules.barred",
                                                f"unknown unit {uid!r}"))
            for unit in qual.units:
                claim(unit.id, rel, f"unit {unit.id}")
                outcomes = {o.id for o in unit.outcomes}
                for o in unit.outcomes:
                    claim(o.id, rel, f"unit {unit.id} outcome {o.id}")
                for crit in unit.criteria:
                    claim(crit.id, rel, f"criterion {crit.id}")
                    if crit.outcome and crit.outcome not in outcomes:
                        problems.append(Problem(rel, f"criterion {crit.id}", "outcome",
                                                f"unknown outcome {crit.outcome!r}"))
            cat.qualifications.append((qual, spec.source))
        cat.mappings.extend(m.model_dump(by_alias=True) | {"file": rel} for m in spec.mappings)


def _load_banks(root: Path, cat: Catalogue, problems: list[Problem],
                only: list[Path] | None = None, check_refs: bool = True) -> None:
    criteria = cat.criteria_ids()
    units = cat.unit_ids()
    seen: dict[str, str] = {}
    wanted = [p.resolve() for p in only] if only else None
    for path in sorted(root.rglob("*.yaml")):
        relpath = path.relative_to(root)
        if relpath.parts[0] in NOT_BANKS or str(relpath) == LEXICON_FILE:
            continue
        if wanted and not any(path.resolve().is_relative_to(w) for w in wanted):
            continue
        rel = str(relpath)
        raw = _read_yaml(path, rel, problems)
        if raw is None:
            continue
        try:
            bank = BankFile.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(rel, exc, raw, "questions"))
            continue
        if check_refs and bank.unit not in units:
            problems.append(Problem(rel, None, "unit", f"unknown unit {bank.unit!r}"))
        for index, raw_question in enumerate(bank.questions):
            try:
                q = QuestionSpec.model_validate(raw_question)
            except ValidationError as exc:
                problems.extend(_pydantic_problems(rel, exc, raw, "questions", index))
                continue
            item = f"question {q.id}"
            if q.id in seen:
                problems.append(Problem(rel, item, "id", f"duplicate ID (also in {seen[q.id]})"))
                continue
            seen[q.id] = rel
            for i, cid in enumerate(q.criteria):
                if check_refs and cid not in criteria:
                    problems.append(Problem(rel, item, f"criteria[{i}]",
                                            f"unknown criterion {cid!r}"))
            try:
                rubric = Rubric.from_dict(q.rubric, lexicon=cat.lexicon)
            except RubricError as exc:
                problems.append(Problem(rel, item, "rubric", str(exc)))
                continue
            cat.questions.append(LoadedQuestion(q, bank.unit, rel, rubric,
                                                inline_lexicon(q.rubric, cat.lexicon)))


def _load_scenarios(root: Path, cat: Catalogue, problems: list[Problem], check_refs: bool) -> None:
    folder = root / SCENARIOS_DIR
    scenarios, found = load_scenarios(folder, cat.lexicon,
                                      cat.criteria_ids() if check_refs else None)
    for file, item, where, message in found:
        problems.append(Problem(f"{SCENARIOS_DIR}/{file}", item, where, message))
    raws: dict[str, tuple[dict[str, Any], str]] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        raw = yaml_load(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            raws.setdefault(raw["id"], (raw, f"{SCENARIOS_DIR}/{path.name}"))
    for scenario in scenarios:
        raw, file = raws[scenario.id]
        cat.scenarios.append(LoadedScenario(scenario, raw, file))


def load_all(root: str | Path, only: list[str | Path] | None = None) -> Catalogue:
    """Load and validate everything under ``root``; raise ``BankError`` listing every problem.

    ``only`` limits the bank files read to those paths (files or folders); specs and the
    lexicon are always read.
    """
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise BankError([Problem(str(root), None, None, "question bank folder not found")])
    cat = Catalogue()
    cat.lexicon = _load_lexicon(root, problems)
    _load_specs(root, cat, problems)
    specs_ok = not problems  # else unknown-ID errors in banks would only echo the spec's
    _load_banks(root, cat, problems, [Path(p) for p in only] if only else None, specs_ok)
    if not only:
        _load_scenarios(root, cat, problems, specs_ok)
    if problems:
        raise BankError(problems)
    return cat
