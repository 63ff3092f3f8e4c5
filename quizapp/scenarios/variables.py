"""Scenario variables: reading the ``variables:`` block and checking every ``{var.part}``
reference against it. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .fields import Path, as_mapping, as_text
from .model import ScenarioError, Variable
from .templates import TEXT_PARTS, VARIABLE_TYPES, references


def parse_variables(raw: Any, path: Path) -> tuple[Variable, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise ScenarioError(path, "must be a mapping of name -> {type, pool | pattern}")
    out = []
    for name, spec in raw.items():
        p = path + (name,)
        if not isinstance(name, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise ScenarioError(p, "a variable name may only use letters, digits and _")
        spec = as_mapping(spec, p, {"type", "pool", "pattern"})
        vtype = spec.get("type", "text")
        if vtype not in VARIABLE_TYPES:
            raise ScenarioError(p + ("type",), f"must be one of {', '.join(VARIABLE_TYPES)}")
        pool, pattern = spec.get("pool"), spec.get("pattern")
        if (pool is None) == (pattern is None):
            raise ScenarioError(p, "give exactly one of pool or pattern")
        if pattern is not None:
            as_text(pattern, p + ("pattern",))
            out.append(Variable(name, vtype, (), pattern))
            continue
        out.append(Variable(name, vtype, _pool(pool, p), None))
    return tuple(out)


def _pool(pool: Any, p: Path) -> tuple[Any, ...]:
    """A pool's values: all non-empty strings, or all mappings with the same fields."""
    if not isinstance(pool, list) or not pool:
        raise ScenarioError(p + ("pool",), "must be a non-empty list")
    keys = None
    values = []
    for i, v in enumerate(pool):
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            v = str(v)
        if isinstance(v, Mapping):
            if not v or not all(isinstance(k, str) and isinstance(x, (str, int))
                                and str(x).strip() for k, x in v.items()):
                raise ScenarioError(p + ("pool", i), "must map names to non-empty strings")
            v = {k: str(x) for k, x in v.items()}
            if keys is None:
                keys = set(v)
            elif set(v) != keys:
                raise ScenarioError(p + ("pool", i),
                                    "must have the same fields as the first "
                                    f"({', '.join(sorted(keys))})")
        elif not isinstance(v, str) or not v.strip():
            raise ScenarioError(p + ("pool", i), "must be a non-empty string or a mapping")
        elif keys is not None:
            raise ScenarioError(p + ("pool", i), "mix of strings and mappings")
        values.append(v)
    if keys is not None and isinstance(values[0], str):
        raise ScenarioError(p + ("pool",), "mix of strings and mappings")
    return tuple(values)


def check_refs(data: Any, path: Path, variables: dict[str, Variable]) -> None:
    """Raise for any ``{var.part}`` in ``data`` that this scenario does not define."""
    if isinstance(data, str):
        for var, parts in references(data):
            if var not in variables:
                raise ScenarioError(path, f"undefined variable {var!r}")
            v = variables[var]
            value = v.sample(0)
            for part in parts:
                if isinstance(value, Mapping):
                    if part not in value:
                        raise ScenarioError(path, f"variable {var!r} has no field {part!r}")
                    value = value[part]
                elif part not in TEXT_PARTS:
                    raise ScenarioError(path, f"unknown part {part!r} of {{{var}}} "
                                              f"(expected one of {', '.join(TEXT_PARTS)})")
            if isinstance(value, Mapping):
                raise ScenarioError(path, f"{{{var}}} is a mapping: name one of its fields, "
                                          f"e.g. {{{var}.{sorted(value)[0]}}}")
    elif isinstance(data, list):
        for i, x in enumerate(data):
            check_refs(x, path + (i,), variables)
    elif isinstance(data, Mapping):
        for k, x in data.items():
            check_refs(x, path + (k,), variables)
