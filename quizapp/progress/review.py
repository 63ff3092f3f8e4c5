"""Pure rules for coming back to practice: spaced review with FSRS, the daily goal and streak,
and practice time. No Flask, no database: times come in as arguments (fixed clocks in tests).

- A marked answer is a review of the learner's card for that question (the ``fsrs`` package,
  default parameters): Not yet = Again, Partly = Hard, Secure = Good, and a secure first try
  answered quickly = Easy.
- Due cards are served weakest criteria first (the lowest status of the question's criteria),
  then the longest overdue.
- A day counts for the streak when the learner answered their daily goal of questions that
  day, in their own time zone; a missed day ends the streak (today is not missed until it ends).
- Practice time: the gaps between a session's start and its answers, each gap up to a limit
  (a longer gap is a break, not counted), counted once when sessions overlap (assessment
  wins), per week starting Monday in the learner's time zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from fsrs import Card, Rating, Scheduler

from quizapp.terms import STATUS_ORDER, Band, Status

QUICK_SECONDS = 60  # a secure first try within this time is an easy recall
DAILY_GOALS = (5, 10, 20)
DEFAULT_GOAL = 10
DEFAULT_ZONE = "Europe/London"
BREAK = timedelta(minutes=10)  # a longer gap between answers is not practice time

_scheduler = Scheduler()  # FSRS's default parameters


def rating_for(band: str, try_number: int = 1, seconds: float | None = None) -> Rating:
    """The FSRS rating of a marked answer: its band, with a quick secure first try Easy."""
    band = Band(band)
    if band == Band.NOT_YET:
        return Rating.Again
    if band == Band.PARTLY:
        return Rating.Hard
    if try_number == 1 and seconds is not None and seconds <= QUICK_SECONDS:
        return Rating.Easy
    return Rating.Good


def review(card_json: str | None, rating: Rating, at: datetime,
           scheduler: Scheduler | None = None) -> tuple[str, datetime]:
    """The card after a review at ``at`` (a new card when ``card_json`` is None): its JSON and
    when it is next due."""
    # card_id: unused here (the database row is the card's identity); given, so that fsrs
    # doesn't make one up from the clock
    card = Card.from_json(card_json) if card_json else Card(card_id=0, due=at)
    card, _log = (scheduler or _scheduler).review_card(card, rating, review_datetime=at)
    return card.to_json(), card.due


@dataclass(frozen=True)
class DueCard:
    """A card on a question, with the IDs of the criteria the question evidences."""

    question_id: str
    due: datetime
    criteria: tuple[str, ...] = ()


def weakness(criteria: Iterable[str], statuses: Mapping[str, str]) -> int:
    """The rank of the weakest of ``criteria`` (0 = not evidenced, 3 = secure)."""
    ranks = [STATUS_ORDER[Status(statuses.get(c, Status.NOT_EVIDENCED))] for c in criteria]
    return min(ranks, default=STATUS_ORDER[Status.NOT_EVIDENCED])


def due_order(cards: Iterable[DueCard], statuses: Mapping[str, str],
              now: datetime) -> list[str]:
    """The question IDs of the cards due at ``now``: weakest criteria first, then the longest
    overdue, then by question ID (a stable order)."""
    due = [c for c in cards if c.due <= now]
    due.sort(key=lambda c: (weakness(c.criteria, statuses), c.due, c.question_id))
    return [c.question_id for c in due]


def zone(name: str | None) -> ZoneInfo:
    """The time zone named (an IANA name such as "Europe/London"), else the default."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def is_zone(name: str) -> bool:
    """True if ``name`` is an IANA time zone name known here."""
    return name in available_timezones()


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar day of an aware ``moment`` in ``tz``."""
    return moment.astimezone(tz).date()


def daily_counts(moments: Iterable[datetime], tz: ZoneInfo) -> dict[date, int]:
    """How many questions were answered on each day in ``tz``."""
    counts: dict[date, int] = defaultdict(int)
    for moment in moments:
        counts[local_day(moment, tz)] += 1
    return dict(counts)


def streak(counts: Mapping[date, int], goal: int, today: date) -> int:
    """Days in a row the goal was met, up to today: today counts once met, and a day not met
    before today ends the streak."""
    day = today if counts.get(today, 0) >= goal else today - timedelta(days=1)
    days = 0
    while counts.get(day, 0) >= goal:
        days += 1
        day -= timedelta(days=1)
    return days


@dataclass(frozen=True)
class Moment:
    """One timestamp in a session: its start or an answer; ``kind`` "practice" or
    "assessment"."""

    session: str
    at: datetime
    kind: str = "practice"


def week_of(moment: datetime, tz: ZoneInfo) -> date:
    """The Monday of the week ``moment`` falls in, in ``tz``."""
    day = local_day(moment, tz)
    return day - timedelta(days=day.weekday())


Interval = tuple[datetime, datetime]


def _union(spans: Iterable[Interval]) -> list[Interval]:
    """The spans merged where they overlap or touch, in time order."""
    merged: list[Interval] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _minus(spans: list[Interval], cuts: list[Interval]) -> list[Interval]:
    """``spans`` less the parts ``cuts`` cover (both merged, in time order)."""
    out: list[Interval] = []
    for start, end in spans:
        for cut_start, cut_end in cuts:
            if cut_end <= start or cut_start >= end:
                continue
            if cut_start > start:
                out.append((start, cut_start))
            start = max(start, cut_end)
            if start >= end:
                break
        if start < end:
            out.append((start, end))
    return out


def _by_week(spans: Iterable[Interval], tz: ZoneInfo) -> dict[date, float]:
    """Seconds of ``spans`` per week (Monday, in ``tz``), a span across midnight on Sunday
    split between its weeks."""
    seconds: dict[date, float] = defaultdict(float)
    for start, end in spans:
        while start < end:
            monday = week_of(start, tz)
            boundary = datetime.combine(monday + timedelta(days=7), time(),
                                        tzinfo=tz).astimezone(timezone.utc)
            stop = min(end, boundary)
            seconds[monday] += (stop - start).total_seconds()
            start = stop
    return seconds


def practice_time(moments: Iterable[Moment], tz: ZoneInfo,
                  gap: timedelta = BREAK) -> dict[date, dict[str, float]]:
    """Seconds of practice and of assessment per week (Monday, in ``tz``).

    Within each session, the time between consecutive moments counts (of the kind of the
    moment that ends it); a gap over ``gap`` is a break and counts not at all (time is never
    over-claimed as training). Time is counted once however many sessions were open at once
    (two tabs): where practice and assessment overlap, it is assessment time."""
    by_session: dict[str, list[Moment]] = defaultdict(list)
    for moment in moments:
        by_session[moment.session].append(moment)
    spans: dict[str, list[Interval]] = {"practice": [], "assessment": []}
    for items in by_session.values():
        items.sort(key=lambda m: m.at)
        for before, after in pairwise(items):
            if timedelta(0) < after.at - before.at <= gap:
                spans[after.kind].append((before.at.astimezone(timezone.utc),
                                          after.at.astimezone(timezone.utc)))
    assessment = _union(spans["assessment"])
    practice = _minus(_union(spans["practice"]), assessment)
    seconds = {"practice": _by_week(practice, tz), "assessment": _by_week(assessment, tz)}
    weeks = sorted(set(seconds["practice"]) | set(seconds["assessment"]))
    return {week: {kind: round(seconds[kind].get(week, 0.0), 3) for kind in seconds}
            for week in weeks}
