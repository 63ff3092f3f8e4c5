"""The engine stays pure (imports checked with ast); load_scenarios reports problems by file."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import yaml

from quizapp.scenarios.files import load_scenarios

from tests.scenarios.conftest import CONVERSATION, LEXICON

PACKAGE = Path(__file__).resolve().parents[2] / "quizapp" / "scenarios"
ALLOWED_THIRD_PARTY = {"rapidfuzz"}
IO_ONLY = {"files.py": {"yaml", "pathlib"}}
IO_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "glob", "rglob",
            "iterdir", "exists", "is_dir", "safe_load", "load", "dump", "print", "input"}


def _imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.add(node.module or "")
            else:
                found.add("quizapp.scenarios")
    return found


def test_engine_modules_are_pure():
    files = sorted(PACKAGE.glob("*.py"))
    assert {f.name for f in files} >= {"__init__.py", "engine.py", "model.py", "files.py"}
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        extra = IO_ONLY.get(f.name, set())
        for name in _imports(tree):
            top = name.split(".")[0]
            if top == "quizapp":
                assert name.startswith(("quizapp.scoring", "quizapp.scenarios")), (f.name, name)
            elif top in sys.stdlib_module_names:
                assert top not in {"pathlib", "os", "io", "shutil", "sqlite3", "socket", "subprocess",
                                   "urllib", "http"} or top in extra, (f.name, name)
            else:
                assert top in ALLOWED_THIRD_PARTY | extra, (f.name, name)
        if f.name in IO_ONLY:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                fn = node.func
                called = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
                assert called not in IO_CALLS, (f.name, called, node.lineno)


def test_no_flask_or_sqlalchemy_anywhere():
    for f in PACKAGE.glob("*.py"):
        names = _imports(ast.parse(f.read_text(encoding="utf-8")))
        assert not any(n.split(".")[0] in {"flask", "sqlalchemy", "flask_sqlalchemy"} for n in names)


def _write(root: Path, name: str, data) -> None:
    (root / name).write_text(yaml.safe_dump(data, sort_keys=False) if not isinstance(data, str) else data,
                             encoding="utf-8")


def test_load_scenarios_reports_problems(tmp_path):
    good = dict(CONVERSATION)
    _write(tmp_path, "a-good.yaml", good)
    _write(tmp_path, "b-duplicate.yaml", good)
    dangling = yaml.safe_load(yaml.safe_dump(CONVERSATION))
    dangling["id"] = "toy-dangling"
    dangling["turns"][2]["criteria"] = ["X.U1.3", "X.U9.9"]
    _write(tmp_path, "c-dangling.yaml", dangling)
    broken = yaml.safe_load(yaml.safe_dump(CONVERSATION))
    broken["id"] = "toy-broken"
    broken["turns"][1]["next"] = "nowhere"
    _write(tmp_path, "d-broken.yaml", broken)
    _write(tmp_path, "e-not-yaml.yaml", "id: [unclosed\n")
    _write(tmp_path, "f-list.yaml", "- 1\n- 2\n")
    (tmp_path / "notes.txt").write_text("not a scenario")
    criteria = {"X.U1.1", "X.U1.2", "X.U1.3"}
    scenarios, problems = load_scenarios(tmp_path, LEXICON, criteria)
    assert [s.id for s in scenarios] == ["toy-angry"]
    by_file = {p[0]: p for p in problems}
    assert by_file["b-duplicate.yaml"] == ("b-duplicate.yaml", "scenario toy-angry", "id",
                                          "duplicate scenario ID 'toy-angry' (also in a-good.yaml)")
    assert by_file["c-dangling.yaml"] == ("c-dangling.yaml", "scenario toy-dangling", "turns[2].criteria[1]",
                                         "unknown criterion 'X.U9.9'")
    assert by_file["d-broken.yaml"] == ("d-broken.yaml", "scenario toy-broken", "turns[1].next",
                                       "unknown turn 'nowhere'")
    assert by_file["e-not-yaml.yaml"][3].startswith("not valid YAML")
    assert by_file["f-list.yaml"][3].startswith("must be a mapping")
    assert len(problems) == 5


def test_load_scenarios_on_a_missing_folder(tmp_path):
    assert load_scenarios(tmp_path / "nope", LEXICON, set()) == ([], [])
