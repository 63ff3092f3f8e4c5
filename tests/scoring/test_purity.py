"""quizapp.scoring must stay pure: no web framework, database, other quizapp modules or I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import quizapp.scoring

PACKAGE = Path(quizapp.scoring.__file__).parent
IO_MODULES = {"socket", "urllib", "http", "requests", "subprocess", "shutil", "pathlib", "io",
              "sqlite3", "tempfile"}


def _imports(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, 0
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level


def _forbidden(module: str, level: int) -> bool:
    if level >= 2:  # from ..something: outside quizapp.scoring
        return True
    if level == 1:
        return False
    top = module.split(".")[0]
    if top in ("flask", "sqlalchemy") or top.startswith("flask_"):
        return True
    return top == "quizapp" and not (module == "quizapp.scoring"
                                     or module.startswith("quizapp.scoring."))


def test_the_package_has_modules():
    assert len(list(PACKAGE.glob("*.py"))) >= 6


def test_no_framework_database_or_other_quizapp_imports():
    bad = []
    for path in sorted(PACKAGE.glob("*.py")):
        for module, level in _imports(ast.parse(path.read_text(), str(path))):
            if _forbidden(module, level):
                bad.append(f"{path.name}: {'.' * level}{module}")
    assert not bad, bad


def test_the_checker_catches_forbidden_imports():
    for src in ("import flask", "from flask_login import x", "import sqlalchemy.orm",
                "from quizapp.models import Answer", "from quizapp import create_app",
                "from .. import models"):
        tree = ast.parse(src)
        assert any(_forbidden(m, lvl) for m, lvl in _imports(tree)), src
    for src in ("from quizapp.scoring.match import find", "from .rubric import Rubric",
                "import rapidfuzz", "import re"):
        assert not any(_forbidden(m, lvl) for m, lvl in _imports(ast.parse(src))), src


def test_library_modules_do_no_io():
    """Only __main__ may touch stdin/stdout; nothing opens files or sockets."""
    bad = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(), str(path))
        for module, level in _imports(tree):
            if level == 0 and module.split(".")[0] in IO_MODULES | {"sys", "os"}:
                bad.append(f"{path.name}: import {module}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ("open", "input", "print"):
                bad.append(f"{path.name}:{node.lineno}: {node.func.id}()")
    assert not bad, bad
