"""Run variables: drawing them from a scenario's pools, and filling ``{name}`` templates.

Pure: no I/O. A template refers to a variable as ``{caller}`` or to a part of it as
``{caller.last}``. A pool entry may be a mapping (``{product.name}``); a text value has these
parts:

- ``first`` / ``last``: the first or last word ("Dev Patel" -> "Dev" / "Patel");
- ``spelled``: the last word spelled out ("P-A-T-E-L");
- ``digits``: the digits only ("07700 900 123" -> "07700900123");
- ``upper`` / ``lower``: in capitals or small letters;
- ``typo``: a near miss, for test transcripts: numbers get their last digit changed
  ("07700 900 123" -> "07700 900 124"), words get one letter doubled ("Patel" -> "Pattel").
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from typing import Any

TEMPLATE_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}")
TEXT_PARTS = ("first", "last", "spelled", "digits", "upper", "lower", "typo")
VARIABLE_TYPES = ("name", "number", "time", "date", "text")


class TemplateError(ValueError):
    """A template that refers to an undefined variable or part."""


def references(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every ``(variable, parts)`` a template refers to."""
    return [(m.group(1), tuple(p for p in m.group(2).split(".") if p))
            for m in TEMPLATE_RE.finditer(text)]


def _typo(value: str) -> str:
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    if digits:
        i = digits[-1]
        return value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1:]
    words = list(re.finditer(r"[^\W\d_]{3,}", value))
    if not words:
        return value + "x"
    m = words[-1]
    i = m.start() + len(m.group()) // 2
    return value[:i] + value[i] + value[i:]


def _words(value: str) -> list[str]:
    return value.split()


def part(value: Any, name: str) -> Any:
    """One part of a variable's value (see the module docstring); KeyError if there is none."""
    if isinstance(value, Mapping):
        return value[name]
    value = str(value)
    if name == "first":
        return _words(value)[0] if _words(value) else value
    if name == "last":
        return _words(value)[-1] if _words(value) else value
    if name == "spelled":
        last = _words(value)[-1] if _words(value) else value
        return "-".join(ch.upper() for ch in last if ch.isalnum())
    if name == "digits":
        return "".join(ch for ch in value if ch.isdigit())
    if name == "upper":
        return value.upper()
    if name == "lower":
        return value.lower()
    if name == "typo":
        return _typo(value)
    raise KeyError(name)


def resolve(values: Mapping[str, Any], var: str, parts: tuple[str, ...]) -> Any:
    value = values[var]
    for p in parts:
        value = part(value, p)
    return value


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with every ``{var.part}`` replaced; unknown references are left as typed."""
    def sub(m: re.Match[str]) -> str:
        parts = tuple(p for p in m.group(2).split(".") if p)
        try:
            value = resolve(values, m.group(1), parts)
        except (KeyError, IndexError, TypeError):
            return m.group(0)
        if isinstance(value, Mapping):
            return m.group(0)
        return str(value)

    return TEMPLATE_RE.sub(sub, text)


def fill_all(data: Any, values: Mapping[str, Any]) -> Any:
    """Every string inside ``data`` (lists, mappings) filled in; a new structure."""
    if isinstance(data, str):
        return fill(data, values)
    if isinstance(data, list):
        return [fill_all(x, values) for x in data]
    if isinstance(data, Mapping):
        return {k: fill_all(v, values) for k, v in data.items()}
    return data


def has_template(data: Any) -> bool:
    if isinstance(data, str):
        return bool(TEMPLATE_RE.search(data))
    if isinstance(data, list):
        return any(has_template(x) for x in data)
    if isinstance(data, Mapping):
        return any(has_template(v) for v in data.values())
    return False


def from_pattern(pattern: str, rng: random.Random) -> str:
    """``#`` -> a digit, ``@`` -> a capital letter, anything else as written."""
    out = []
    for ch in pattern:
        if ch == "#":
            out.append(str(rng.randrange(10)))
        elif ch == "@":
            out.append(chr(ord("A") + rng.randrange(26)))
        else:
            out.append(ch)
    return "".join(out)


def sample_pattern(pattern: str, i: int) -> str:
    """A fixed value of ``pattern`` (the ``i``-th sample), used to validate rubrics."""
    rng = random.Random(i)
    return from_pattern(pattern, rng)
