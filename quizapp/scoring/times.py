"""Clock times in words and digits read as one form, so "4.30", "16:30", "4:30 pm", "half past
four" and the everyday British "half four" all match a phrasing that says "by 4:30 pm".

A time becomes one word, ``h:mm`` on the twelve-hour clock ("4:30"; "4:00" for "4pm" or "four
o'clock"): a learner who writes "half four" for "4:30 pm" means the afternoon, and morning and
afternoon are rarely both in play. The words around the hour ("half", "past", "pm") stay in an
answer (quotes keep the learner's words) and are dropped from a phrasing (they are not
required). Pure and table-driven; digits stay exact (4:30 is never 4:03 or 3:40).
"""

from __future__ import annotations

import re

_HOURS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_CLOCK_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_AMPM_RE = re.compile(r"^(\d{1,2})(am|pm)$")
_PARTS = {"half": 30, "quarter": 15, "ten": 10, "twenty": 20, "five": 5, "10": 10, "20": 20,
          "5": 5, "25": 25}
MERIDIEM = frozenset(["am", "pm", "a.m", "p.m"])
# Minutes said after the hour ("four thirty", "sixteen forty-five"); a tens word may take a unit.
MINUTES = {"fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50}
_UNITS = {w: i for w, i in _HOURS.items() if 1 <= i <= 9}
_QUANTITIES = frozenset("minute minutes min mins second seconds secs pound pounds quid people "
                        "year years day days percent".split())
_TEENS = {w: 13 + i for i, w in enumerate(
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}


def _fmt(h: int, m: int) -> str | None:
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return f"{h % 12 or 12}:{m:02d}"


def _hour(word: str) -> int | None:
    """The hour 1..12 a word names ("4", "four"), or None."""
    h = int(word) if word.isdigit() and len(word) <= 2 else _HOURS.get(word)
    return h if h is not None and 1 <= h <= 12 else None


def clock_word(token: str) -> str | None:
    """``h:mm`` for one token that is a time by itself ("16:30", "4.30", "4pm"), else None."""
    t = token.lower()
    m = _CLOCK_RE.match(t)
    if m:
        return _fmt(int(m.group(1)), int(m.group(2)))
    m = _AMPM_RE.match(t)
    if m:
        return _fmt(int(m.group(1)), 0)
    return None


def fold_times(words: list[str]) -> list[tuple[int, str, int, int]]:
    """Times spelt over several words: (hour word's index, ``h:mm``, first, last index).

    "half past four", "quarter to 5", "half four" (British: 4:30), "four o'clock" (the words
    "o", "clock"), "4 pm", "four thirty", "sixteen forty-five" (not "four thirty minutes").
    ``words`` are lower-case words (digits already as digits or words).
    """
    out: list[tuple[int, str | None, int, int]] = []
    n = len(words)
    for i, w in enumerate(words):
        h = _hour(w)
        nxt, nxt2 = words[i + 1] if i + 1 < n else "", words[i + 2] if i + 2 < n else ""
        if h is None:
            if w in _TEENS and nxt in MINUTES:  # "sixteen thirty"
                h = _TEENS[w]
            else:
                continue
        prev, prev2 = words[i - 1] if i else "", words[i - 2] if i > 1 else ""
        if nxt in MINUTES and prev not in MINUTES:  # "four thirty", "4 forty five"
            unit = _UNITS.get(nxt2) if MINUTES[nxt] >= 20 else None
            after = words[i + 2 + (unit is not None)] if i + 2 + (unit is not None) < n else ""
            if after in _QUANTITIES:  # "four thirty minutes", "two twenty pound notes"
                continue
            out.append((i, _fmt(h, MINUTES[nxt] + (unit or 0)), i, i + 1 + (unit is not None)))
        elif prev in ("past", "to") and prev2 in _PARTS:
            m = _PARTS[prev2]
            hh, mm = (h, m) if prev == "past" else ((h - 2) % 12 + 1, 60 - m)
            out.append((i, _fmt(hh, mm), i - 2, i))
        elif prev == "half" and not (prev2 in ("a", "and") or nxt in ("hour", "hours")):
            out.append((i, _fmt(h, 30), i - 1, i))  # "half four": 4:30
        elif nxt == "o" and nxt2 == "clock":
            out.append((i, _fmt(h, 0), i, i + 2))
        elif nxt in MERIDIEM:
            out.append((i, _fmt(h, 0), i, i + 1))
    return [(i, c, first, last) for i, c, first, last in out if c is not None]
