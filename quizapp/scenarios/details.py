"""Which details of a message are missing or wrong, said so a learner can put them right.

Pure: no I/O. Slot concepts are marked by the scorer (numbers exact, names fuzzy, times and dates
normalised). For a slot the scorer did not find, this module looks for what the learner wrote
instead ("you wrote 07700 900 132; it was 07700 900 123"), so the message can be corrected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from quizapp.scoring import Rubric, ScoreResult
from quizapp.scoring.slots import FINDERS, parse_dates, parse_times

_NUMBER_RE = re.compile(r"\+?\d(?:[\d \-.()/]*\d)?")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


def _number_written(value: str, text: str, others: list[str]) -> str | None:
    want = _digits(value)
    taken = {_digits(o) for o in others}
    best = None
    for m in _NUMBER_RE.finditer(text):
        got = _digits(m.group())
        if not got or got in taken:
            continue
        d = Levenshtein.distance(got, want)
        if abs(len(got) - len(want)) <= 3 and d <= max(2, len(want) // 3):
            if best is None or d < best[0]:
                best = (d, m.group().strip())
    return best[1] if best else None


def _name_written(value: str, text: str, others: list[str]) -> str | None:
    parts = [p for p in _WORD_RE.findall(value)]
    words = list(_WORD_RE.finditer(text))
    if not parts or not words:
        return None
    n = len(parts)
    best = None
    for i in range(len(words)):
        for k in (n, 1) if n > 1 else (1,):
            if i + k > len(words):
                continue
            got = text[words[i].start(): words[i + k - 1].end()]
            if any(o.lower() == got.lower() for o in others):
                continue
            target = value if k == n else parts[-1]
            s = fuzz.ratio(got.lower(), target.lower())
            if s >= 60 and (best is None or s > best[0]):
                best = (s, got)
    return best[1] if best else None


Finder = Callable[[str, str, list[str]], str | None]  # (right value, text, others) -> written


def _span_written(kind: str, parse: Callable[[str], Sequence[tuple[Any, tuple[int, int]]]]
                  ) -> Finder:
    """The finder of a time or date the learner wrote: the first one ``parse`` finds in the
    text that is not where one of the ``others`` (the slot's other right values) stands."""

    def written(value: str, text: str, others: list[str]) -> str | None:
        other_spans = {FINDERS[kind](o, text) for o in others}
        for _, span in parse(text):
            if span not in other_spans:
                return text[span[0]: span[1]].strip()
        return None

    return written


_WRITTEN = {"number": _number_written, "name": _name_written,
            "time": _span_written("time", parse_times), "date": _span_written("date", parse_dates)}


def missing_details(text: str, rubric: Rubric, result: ScoreResult,
                    all_concepts: bool) -> list[str]:
    """The details the learner left out or got wrong, one line each.

    Slot concepts that were missed are always listed, with what the learner wrote instead if it
    can be found; with ``all_concepts`` (the turn where the message is written) every missed
    concept is listed by its label.
    """
    text = text if isinstance(text, str) else ""
    hit = {c.id for c in result.concepts if c.hit}
    slots = {c.id: c.slot for c in rubric.all_concepts() if c.slot is not None}
    out = []
    for c in rubric.concepts + tuple(x for g in rubric.groups for x in g.concepts):
        if c.id in hit:
            continue
        label = c.label.strip().rstrip(".")
        if c.slot is None:
            if all_concepts:
                out.append(f"{label} (missing)")
            continue
        kind, value = c.slot
        others = [s[1] for cid, s in slots.items() if s[0] == kind and cid != c.id]
        wrote = _WRITTEN[kind](value, text, others)
        if wrote and FINDERS[kind](value, wrote) is None:
            out.append(f"{label} (you wrote {wrote}; it was {value})")
        else:
            out.append(f"{label} (missing; it was {value})")
    return out
