"""Field readers for scenario validation: each checks one value's shape or raises
:class:`ScenarioError` naming its field path. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, overload

from .model import _ID_RE, ScenarioError

Path = tuple[Any, ...]  # a field path: ("turns", 2, "rubric")
Lexicon = Mapping[str, list[str]] | None


def as_mapping(v: Any, path: Path, keys: set[str]) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise ScenarioError(path, "must be a mapping")
    for k in v:
        if k not in keys:
            raise ScenarioError(path + (k,),
                                f"unknown field (expected one of {', '.join(sorted(keys))})")
    return v


@overload
def as_text(v: Any, path: Path, required: Literal[True] = True) -> str: ...
@overload
def as_text(v: Any, path: Path, required: bool) -> str | None: ...
def as_text(v: Any, path: Path, required: bool = True) -> str | None:
    if v is None and not required:
        return None
    if not isinstance(v, str) or not v.strip():
        raise ScenarioError(path, "must be a non-empty string")
    return v


def as_ident(v: Any, path: Path) -> str:
    text = as_text(v, path)
    if not _ID_RE.match(text):
        raise ScenarioError(path, "may only use letters, digits and . - _")
    return text


def as_lines(v: Any, path: Path, required: bool = False) -> tuple[str, ...]:
    if v is None and not required:
        return ()
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not v or not all(isinstance(s, str) and s.strip() for s in v):
        raise ScenarioError(path, "must be a string or a non-empty list of strings")
    return tuple(v)


def as_names(v: Any, path: Path, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not v or not all(isinstance(s, str) and s for s in v):
        raise ScenarioError(path, "must be a name or a non-empty list of names")
    if allowed is not None:
        for s in v:
            if s not in allowed:
                raise ScenarioError(path, f"{s!r} is not one of {', '.join(allowed)}")
    return tuple(v)
