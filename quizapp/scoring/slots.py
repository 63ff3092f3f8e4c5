"""Typed slots for message-taking questions: numbers, names, times and dates.

A slot concept hits when the answer contains the slot's value:

- ``number``: the digits must match exactly, ignoring spaces, dashes, dots and brackets
  ("07700 900-123" == "07700900123"); small numbers may be written as words ("three").
- ``name``: each part of the name must appear, allowing a spelling slip ("Smyth" ~ "Smith");
  titles (Mr, Mrs, Dr, ...) are optional.
- ``time``: "2pm", "2:00 pm", "14:00", "14.00", "two o'clock in the afternoon", "half past two",
  "two thirty", "half two" (British for 2:30), "noon" are all normalised to minutes after
  midnight; a time given without am/pm ("two o'clock") matches either.
- ``date``: "3 March", "March 3rd", "the third of March", "3/3/2025" (day first), "2025-03-03",
  weekday names.

Each finder returns the (start, end) character span of the learner's words, or None.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz.distance import OSA, Levenshtein

from .times import clock_word

SLOT_TYPES = ("number", "name", "time", "date")

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_TITLES = frozenset("mr mrs ms miss dr mx sir madam prof".split())

_DIGITS_RE = re.compile(r"\+?\d(?:[\d \-.()/]*\d)?")
_NUMWORD_RE = re.compile(r"\b(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
                         + r")(?:[ -](" + "|".join(_UNITS[1:10]) + r"))?\b", re.I)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


def find_number(value: str, text: str) -> tuple[int, int] | None:
    """Span of ``text`` whose digits equal the digits of ``value`` exactly."""
    want = _digits(value)
    if not want:
        return None
    for m in _DIGITS_RE.finditer(text):
        if _digits(m.group()) == want:
            return m.span()
        # a run may hold several numbers ("call 0161 496 0000 at 2"): try its parts
        for part in re.finditer(r"\d[\d \-]*\d|\d", m.group()):
            if _digits(part.group()) == want:
                return m.start() + part.start(), m.start() + part.end()
    if len(want) <= 2:
        for m in _NUMWORD_RE.finditer(text):
            n = NUMBER_WORDS[m.group(1).lower()] + (NUMBER_WORDS[m.group(2).lower()]
                                                   if m.group(2) else 0)
            if str(n) == want:
                return m.span()
    return None


def find_name(value: str, text: str) -> tuple[int, int] | None:
    """Span covering every part of the name ``value`` in ``text``, allowing slips."""
    parts = [p.lower() for p in _WORD_RE.findall(value) if p.lower().strip(".") not in _TITLES]
    if not parts:
        return None
    words = [(m.group().lower(), m.span()) for m in _WORD_RE.finditer(text)]
    spans = []
    for p in parts:
        budget = 0 if len(p) <= 3 else 1 if len(p) <= 7 else 2
        best = None
        for w, span in words:
            d = Levenshtein.distance(w, p, score_cutoff=budget)
            if d <= budget and (best is None or d < best[0]):
                best = (d, span)
        if best is None:
            return None
        spans.append(best[1])
    return min(s for s, _ in spans), max(e for _, e in spans)


_HOUR = r"(\d{1,2}|" + "|".join(_UNITS[1:13]) + r")"
_TIME_PATTERNS = [
    # 14:00, 2:30 pm, 2.30pm, 1400 hours
    (re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?", re.I), "hm"),
    (re.compile(r"\b(\d{2})(\d{2})\s*(?:hours|hrs|h)\b", re.I), "hm"),
    # half past two, quarter to three
    (re.compile(r"\b(half|quarter|ten|twenty|five|twenty[- ]five)\s+(past|to)\s+" + _HOUR + r"\b"
                r"(.{0,25}?\b(?:am|pm|morning|afternoon|evening|night)\b)?", re.I), "past"),
    # half four (British: 4:30), half 4 in the afternoon
    (re.compile(r"\bhalf\s+" + _HOUR + r"\b(?!\s*(?:hours?|an?\b|of\b))"
                r"(.{0,25}?\b(?:am|pm|morning|afternoon|evening|night)\b)?", re.I), "half"),
    # 2pm, two o'clock in the afternoon, 2 o'clock
    (re.compile(r"\b" + _HOUR + r"\s*(o['\u2019]?\s?clock|am|pm|a\.m\.|p\.m\.)"
                r"((?:\s+in\s+the)?\s+(?:morning|afternoon|evening)|\s+at\s+night|\s+tonight)?",
                re.I), "oclock"),
    (re.compile(r"\b(noon|midday|midnight)\b", re.I), "named"),
    # four thirty, 4 forty-five, sixteen fifteen (the minutes in words after the hour)
    (re.compile(r"\b(\d{1,2}|" + "|".join(_UNITS[1:20]) + r")\s+(fifteen|twenty|thirty|forty|fourty"
                r"|fifty)(?:[- ](" + "|".join(_UNITS[1:10]) + r"))?\b(?!\s+(?:minutes?|mins?|"
                r"seconds?|secs?|pounds?|quid|people|years?|days?|percent)\b)"
                r"(\s*(?:am|pm|a\.m\.|p\.m\.|in the (?:morning|afternoon|evening)))?", re.I),
     "spoken"),
]


def _hour(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else NUMBER_WORDS[s]


def _apply_meridiem(h: int, m: int, mer: str | None) -> set[int]:
    mer = (mer or "").lower().replace(".", "")
    if any(k in mer for k in ("pm", "afternoon", "evening", "night")):
        return {((h % 12) + 12) * 60 + m}
    if "am" in mer.split() or mer.strip() == "am" or "morning" in mer:
        return {(h % 12) * 60 + m}
    if h > 12 or h == 0:
        return {h * 60 + m}
    return {(h % 12) * 60 + m, ((h % 12) + 12) * 60 + m}


def parse_times(text: str) -> list[tuple[set[int], tuple[int, int]]]:
    """Every time in ``text``: (possible minutes after midnight, span)."""
    out = []
    for rx, kind in _TIME_PATTERNS:
        for m in rx.finditer(text):
            g = m.groups()
            try:
                if kind == "hm":
                    h, mi = int(g[0]), int(g[1])
                    if h > 23 or mi > 59:
                        continue
                    out.append((_apply_meridiem(h, mi, g[2] if len(g) > 2 else None), m.span()))
                elif kind == "past":
                    amount = {"half": 30, "quarter": 15, "ten": 10, "twenty": 20, "five": 5}.get(
                        g[0].lower(), 25)
                    h = _hour(g[2])
                    if g[1].lower() == "to":
                        h, amount = (h - 1) % 12 or 12, 60 - amount
                    out.append((_apply_meridiem(h, amount, g[3]), m.span()))
                elif kind == "half":
                    out.append((_apply_meridiem(_hour(g[0]), 30, g[1]), m.span()))
                elif kind == "oclock":
                    h = _hour(g[0])
                    if h > 23:
                        continue
                    mer = " ".join(x for x in (g[1], g[2] or "") if x and "clock" not in x.lower())
                    out.append((_apply_meridiem(h, 0, mer), m.span()))
                elif kind == "spoken":
                    h, tens = _hour(g[0]), NUMBER_WORDS.get(g[1].lower(), 40)  # (fourty)
                    if not 1 <= h <= 23 or (g[2] and tens < 20):  # no "fifteen five"
                        continue
                    mi = tens + (NUMBER_WORDS[g[2].lower()] if g[2] else 0)
                    out.append((_apply_meridiem(h, mi, g[3]), m.span()))
                else:
                    out.append(({0 if g[0].lower() == "midnight" else 720}, m.span()))
            except (KeyError, ValueError):
                continue
    return out


def find_time(value: str, text: str) -> tuple[int, int] | None:
    """Span of a time in ``text`` equal to the time ``value`` ("2pm", "14:00", ...)."""
    want = set().union(*(t for t, _ in parse_times(value))) if parse_times(value) else set()
    for got, span in parse_times(text):
        if got & want:
            return span
    return None


_MONTH_RE = "(" + "|".join(m[:3] + "(?:" + m[3:] + ")?" for m in _MONTHS) + r")\.?"
_FIRSTS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
           "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()
# "twelfth", "twenty-first", "thirtieth": the day of a month in words
ORDINALS = {w: i + 1 for i, w in enumerate(_FIRSTS)} | {"twentieth": 20, "thirtieth": 30} | {
    f"{tens}{sep}{w}": n + i + 1 for tens, n in (("twenty", 20), ("thirty", 30))
    for i, w in enumerate(_FIRSTS[:9]) for sep in ("-", " ") if n + i + 1 <= 31}
_DAY_RE = (r"(\d{1,2}|" + "|".join(sorted(ORDINALS, key=len, reverse=True))
           + r")(?:st|nd|rd|th)?")


def _day(s: str) -> int:
    return int(s) if s.isdigit() else ORDINALS[s.lower()]
_DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b"), "dmy"),
    (re.compile(r"\b" + _DAY_RE + r"(?:\s+of)?\s+" + _MONTH_RE + r"(?:,?\s+(\d{4}))?\b", re.I),
     "d_month"),
    (re.compile(r"\b" + _MONTH_RE + r"\s+(?:the\s+)?" + _DAY_RE + r"(?:,?\s+(\d{4}))?\b", re.I),
     "month_d"),
    (re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I), "weekday"),
]


def _month(s: str) -> int:
    return [m[:3] for m in _MONTHS].index(s[:3].lower()) + 1


def parse_dates(text: str) -> list[tuple[tuple[Any, ...], tuple[int, int]]]:
    """Every date in ``text``: ((month, day, year|None) or ("weekday", name), span)."""
    out: list[tuple[tuple[Any, ...], tuple[int, int]]] = []
    for rx, kind in _DATE_PATTERNS:
        for m in rx.finditer(text):
            g = m.groups()
            d: tuple[int, int, int | None]
            try:
                if kind == "ymd":
                    d = (int(g[1]), int(g[2]), int(g[0]))
                elif kind == "dmy":
                    if ":" in text[max(0, m.start() - 1): m.start()] or "." in m.group()[:3] \
                            and not g[2]:
                        continue
                    y = int(g[2]) if g[2] else None
                    d = (int(g[1]), int(g[0]), y + 2000 if y is not None and y < 100 else y)
                elif kind == "d_month":
                    if not g[0].isdigit() and g[1].lower() == "may" \
                            and " of " not in m.group().lower():
                        continue  # "the first may be ..." names no day
                    d = (_month(g[1]), _day(g[0]), int(g[2]) if g[2] else None)
                elif kind == "month_d":
                    d = (_month(g[0]), _day(g[1]), int(g[2]) if g[2] else None)
                else:
                    out.append((("weekday", g[0].lower()), m.span()))
                    continue
            except ValueError:
                continue
            if 1 <= d[0] <= 12 and 1 <= d[1] <= 31:
                out.append((d, m.span()))
    return out


def find_date(value: str, text: str) -> tuple[int, int] | None:
    """Span of a date in ``text`` equal to the date ``value`` (years only compared if both)."""
    wants = [d for d, _ in parse_dates(value)]
    for got, span in parse_dates(text):
        for want in wants:
            if got[0] == "weekday" or want[0] == "weekday":
                if got == want:
                    return span
            elif got[:2] == want[:2] and (got[2] is None or want[2] is None or got[2] == want[2]):
                return span
    return None


def valid_value(kind: str, value: str) -> bool:
    """Whether ``value`` can be understood as a slot of type ``kind``."""
    if kind == "number":
        return bool(_digits(value))
    if kind == "name":
        return bool(_WORD_RE.search(value))
    if kind == "time":
        return bool(parse_times(value))
    return bool(parse_dates(value))


FINDERS = {"number": find_number, "name": find_name, "time": find_time, "date": find_date}


# ---------------------------------------------------------------- near misses

def _digit_runs(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Each run of digits in ``text`` (spaces, dashes, dots allowed inside) with its span."""
    return [(_digits(m.group()), m.span()) for m in _DIGITS_RE.finditer(text)]


def near_miss(kind: str, value: str, text: str,
              others: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """Span of a detail in ``text`` that tries to be the slot's ``value`` but is wrong: digits
    with one or two wrong, swapped, missing or extra ("0161 496 0001" for "0161 496 0000"), or
    a different time or date. None if nothing in the text looks like an attempt. A time or date
    that is the value of another slot of the same type (``others``: "rang at 2pm" beside
    "ring back by 4:30pm") is that slot's detail, not a wrong try at this one."""
    if kind == "number":
        want = _digits(value)
        if len(want) < 3:
            return None
        for got, span in _digit_runs(text):
            if got != want and abs(len(got) - len(want)) <= 1 and len(got) >= 3 \
                    and OSA.distance(got, want) <= (1 if len(want) < 6 else 2):
                return span
        return None
    if kind == "time":
        for _, span in parse_times(text):
            if not any(find_time(o, text[span[0]: span[1]]) for o in others):
                return span
        return None
    if kind == "date":
        wants = [d for d, _ in parse_dates(value)]
        for day, span in parse_dates(text):
            if any((day[0] == "weekday") == (w[0] == "weekday") for w in wants) \
                    and not any(find_date(o, text[span[0]: span[1]]) for o in others):
                return span
    return None


def digit_words(phrasings: tuple[str, ...]) -> frozenset[str]:
    """The words with digits in ``phrasings`` as an answer's words read them ("16:30" ->
    "4:30", "INV-12345" -> "12345")."""
    out = set()
    for p in phrasings:
        for alt in re.split(r"[\s|]+", p):
            bare = alt.strip(",.;:!?\"()*+")
            if any(ch.isdigit() for ch in bare):
                clock = clock_word(bare)
                out.add(clock if clock else bare.lower())
                out.update(x.lower() for x in re.findall(r"[^\W_]+", bare)
                           if any(ch.isdigit() for ch in x))
    return frozenset(out)


def near_digits(got: str, want: str) -> bool:
    """Whether the answer word ``got`` looks like a wrong try at ``want``: both times (4:45 for
    4:30), or digit strings of 3+ a digit or two apart (12354 for 12345)."""
    if ":" in want or ":" in got:
        return ":" in want and ":" in got and got != want
    g, w = _digits(got), _digits(want)
    if len(w) < 3 or len(g) < 3 or g == w or abs(len(g) - len(w)) > 1:
        return False
    return OSA.distance(g, w) <= (1 if len(w) < 6 else 2)
