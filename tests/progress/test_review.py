"""The pure rules of spaced review, the daily goal and streak, and practice time, with fixed
clocks."""

import ast
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fsrs import Rating, Scheduler

from quizapp.progress import review as r

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
STEADY = Scheduler(enable_fuzzing=False)  # the defaults, without the random spread


@pytest.mark.parametrize("band, tries, seconds, rating", [
    ("not_yet", 1, 10, Rating.Again),
    ("partly", 1, 10, Rating.Hard),
    ("secure", 1, 200, Rating.Good),
    ("secure", 1, None, Rating.Good),
    ("secure", 1, 30, Rating.Easy),
    ("secure", 2, 30, Rating.Good),  # quick, but not a first try
])
def test_rating_from_the_mark(band, tries, seconds, rating):
    assert r.rating_for(band, tries, seconds) == rating


def _after(ratings, start=NOW, step=timedelta(0)):
    """The due time after a series of reviews, each ``step`` after the card fell due (or at
    ``start`` for the first)."""
    card, at = None, start
    for rating in ratings:
        card, due = r.review(card, rating, at, STEADY)
        at = due + step
    return due


def test_not_yet_comes_back_sooner_than_secure():
    again, hard = _after([Rating.Again]), _after([Rating.Hard])
    good, easy = _after([Rating.Good]), _after([Rating.Easy])
    assert NOW < again < good < easy
    assert again <= hard <= good
    assert again - NOW <= timedelta(minutes=10)  # back in the same session's day
    assert easy - NOW >= timedelta(days=1)


def test_intervals_grow_with_secure_answers_and_shrink_after_a_miss():
    secure_twice = _after([Rating.Good, Rating.Good, Rating.Good])
    missed_last = _after([Rating.Good, Rating.Good, Rating.Again])
    assert missed_last < secure_twice
    card, first = r.review(None, Rating.Easy, NOW, STEADY)
    _, second = r.review(card, Rating.Good, first, STEADY)
    assert second - first > first - NOW  # the second interval is longer than the first


def test_the_default_scheduler_also_orders_again_before_good():
    again_json, again = r.review(None, Rating.Again, NOW)
    _, good = r.review(None, Rating.Good, NOW)
    assert again < good
    assert '"due"' in again_json


def test_due_order_puts_weak_criteria_first_then_longest_overdue():
    statuses = {"c-secure": "secure", "c-dev": "developing", "c-gap": "gap"}
    cards = [
        r.DueCard("q-secure", NOW - timedelta(days=5), ("c-secure",)),
        r.DueCard("q-gap-recent", NOW - timedelta(hours=1), ("c-gap",)),
        r.DueCard("q-mixed", NOW - timedelta(days=1), ("c-secure", "c-gap")),
        r.DueCard("q-dev", NOW - timedelta(days=9), ("c-dev",)),
        r.DueCard("q-future", NOW + timedelta(minutes=1), ("c-gap",)),
    ]
    assert r.due_order(cards, statuses, NOW) == ["q-mixed", "q-gap-recent", "q-dev", "q-secure"]


def test_a_card_due_exactly_now_is_due():
    assert r.due_order([r.DueCard("q", NOW, ())], {}, NOW) == ["q"]


def test_streak_counts_days_met_and_a_missed_day_breaks_it():
    today = date(2026, 12, 6)
    counts = {today - timedelta(days=d): 10 for d in (1, 2, 3, 5, 6)}
    assert r.streak(counts, 10, today) == 3  # today not met yet: not a break
    assert r.streak(counts | {today: 10}, 10, today) == 4
    assert r.streak(counts | {today: 9}, 10, today) == 3
    assert r.streak(counts, 20, today) == 0  # a higher goal: no day met it
    assert r.streak({today - timedelta(days=2): 10}, 10, today) == 0  # yesterday missed


def test_a_day_is_the_learners_day_across_midnight_and_time_zones():
    # 23:30 in London on 5 December (winter: UTC+0) and 00:30 on 6 December
    late = datetime(2026, 12, 5, 23, 30, tzinfo=timezone.utc)
    early = late + timedelta(hours=1)
    assert r.daily_counts([late, early], LONDON) == {date(2026, 12, 5): 1, date(2026, 12, 6): 1}
    # in New York (UTC-5) both are the evening of 5 December
    assert r.daily_counts([late, early], NEW_YORK) == {date(2026, 12, 5): 2}
    # goal 2: met in New York's day, not in London's
    today = date(2026, 12, 5)
    assert r.streak(r.daily_counts([late, early], NEW_YORK), 2, today) == 1
    assert r.streak(r.daily_counts([late, early], LONDON), 2, today) == 0


def test_summer_time_moves_the_day_boundary():
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (BST, UTC+1)
    moment = datetime(2026, 7, 1, 23, 30, tzinfo=timezone.utc)
    assert r.local_day(moment, LONDON) == date(2026, 7, 2)


def test_unknown_zone_falls_back_to_the_default():
    assert r.zone("Mars/Olympus") == ZoneInfo(r.DEFAULT_ZONE)
    assert r.zone(None) == ZoneInfo(r.DEFAULT_ZONE)
    assert r.is_zone("Asia/Kolkata") and not r.is_zone("Mars/Olympus")


def test_practice_time_leaves_out_breaks_and_keeps_assessment_apart():
    start = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)  # a Monday
    m = r.Moment
    moments = [
        m("s1", start), m("s1", start + timedelta(minutes=2)),
        m("s1", start + timedelta(minutes=5)),
        m("s1", start + timedelta(minutes=40)),  # after a 35-minute break: not counted
        m("s1", start + timedelta(minutes=41)),
        m("q1", start + timedelta(hours=2), "assessment"),
        m("q1", start + timedelta(hours=2, minutes=4), "assessment"),
        m("s2", start + timedelta(days=7)),  # a session of one moment: no time
    ]
    weeks = r.practice_time(moments, LONDON)
    assert weeks == {date(2026, 12, 7): {"practice": 360.0, "assessment": 240.0}}


def test_a_gap_just_over_the_break_counts_nothing_and_one_at_it_counts_whole():
    start = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
    at_limit = [r.Moment("a", start), r.Moment("a", start + r.BREAK)]
    over = [r.Moment("b", start), r.Moment("b", start + r.BREAK + timedelta(seconds=1))]
    assert r.practice_time(at_limit, LONDON) == {
        date(2026, 12, 7): {"practice": r.BREAK.total_seconds(), "assessment": 0.0}}
    assert r.practice_time(over, LONDON) == {}


def test_overlapping_sessions_count_once_and_overlap_with_a_quiz_is_assessment():
    # two practice tabs open 9:00-9:08 and 9:04-9:10, a quiz 9:06-9:09: 10 minutes in all
    start = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
    m = r.Moment
    moments = [m("tab1", start), m("tab1", start + timedelta(minutes=8)),
               m("tab2", start + timedelta(minutes=4)), m("tab2", start + timedelta(minutes=10)),
               m("quiz", start + timedelta(minutes=6), "assessment"),
               m("quiz", start + timedelta(minutes=9), "assessment")]
    assert r.practice_time(moments, LONDON) == {
        date(2026, 12, 7): {"practice": 420.0, "assessment": 180.0}}


def test_time_across_midnight_on_sunday_is_split_between_the_weeks():
    # Sunday 13 December 23:56 to Monday 00:04 in London (UTC in winter)
    before = datetime(2026, 12, 13, 23, 56, tzinfo=timezone.utc)
    moments = [r.Moment("s", before), r.Moment("s", before + timedelta(minutes=8))]
    assert r.practice_time(moments, LONDON) == {
        date(2026, 12, 7): {"practice": 240.0, "assessment": 0.0},
        date(2026, 12, 14): {"practice": 240.0, "assessment": 0.0}}


def test_the_clock_change_does_not_add_or_lose_time():
    # 29 March 2026, the clocks go forward in London at 01:00 UTC: 00:58 to 01:03 UTC is 5 minutes
    before = datetime(2026, 3, 29, 0, 58, tzinfo=timezone.utc)
    moments = [r.Moment("s", before), r.Moment("s", before + timedelta(minutes=5))]
    assert r.practice_time(moments, LONDON) == {
        date(2026, 3, 23): {"practice": 300.0, "assessment": 0.0}}


def test_practice_time_falls_in_the_learners_week():
    # Sunday 13 December 23:50 to 23:58 in New York (UTC-5) is Monday 04:50 to 04:58 in London
    before = datetime(2026, 12, 14, 4, 50, tzinfo=timezone.utc)
    moments = [r.Moment("s", before), r.Moment("s", before + timedelta(minutes=8))]
    assert r.practice_time(moments, NEW_YORK) == {
        date(2026, 12, 7): {"practice": 480.0, "assessment": 0.0}}
    assert r.practice_time(moments, LONDON) == {
        date(2026, 12, 14): {"practice": 480.0, "assessment": 0.0}}


def test_the_module_is_pure():
    tree = ast.parse(Path(r.__file__).read_text())
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported
                if m.split(".")[0] in {"flask", "sqlalchemy", "flask_sqlalchemy"}
                or m.startswith(("quizapp.services", "quizapp.models"))}
