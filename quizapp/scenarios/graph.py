"""Checks on the graph of turns: every goto and next names a real turn, the start is a turn the
learner answers, every turn can be reached from the start, and nothing loops. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .fields import Path
from .model import END, ScenarioError, Turn


def check_graph(turns: Sequence[Turn], start: Any) -> str:
    """Check the turns as a graph from ``start``; return the start turn's id."""
    by_id = {t.id: t for t in turns}
    for t in turns:
        for j, b in enumerate(t.branches):
            if b.goto != END and b.goto not in by_id:
                raise ScenarioError(("turns", t.index, "branches", j, "goto"),
                                    f"unknown turn {b.goto!r}")
        if t.next is not None and t.next != END and t.next not in by_id:
            raise ScenarioError(("turns", t.index, "next"), f"unknown turn {t.next!r}")
    if start not in by_id:
        raise ScenarioError(("start",), f"unknown turn {start!r}")
    if by_id[start].end:
        raise ScenarioError(("start",), "the first turn cannot be an end")
    # reachability and loops (depth-first from the start)
    reached: set[str] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(tid: str, via: Path) -> None:
        if tid == END:
            return
        if state.get(tid) == 1:
            raise ScenarioError(via, f"goes back to turn {tid!r}: scenarios may not loop")
        if state.get(tid) == 2:
            return
        state[tid] = 1
        reached.add(tid)
        t = by_id[tid]
        for j, b in enumerate(t.branches):
            visit(b.goto, ("turns", t.index, "branches", j, "goto"))
        if t.next is not None:
            visit(t.next, ("turns", t.index, "next"))
        state[tid] = 2

    visit(start, ("start",))
    for t in turns:
        if t.id not in reached:
            raise ScenarioError(("turns", t.index, "id"), f"unreachable turn {t.id!r}: no next or "
                                                          f"branch leads to it from {start!r}")
    return str(start)
