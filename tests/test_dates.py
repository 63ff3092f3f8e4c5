"""Dates as people in the UK write them, in the viewer's zone."""

from datetime import UTC, date, datetime

import pytest

from quizapp.dates import uk_date, uk_datetime, zone


@pytest.mark.parametrize("value, tz, text", [
    (date(2027, 3, 3), "Europe/London", "3 March 2027"),
    (datetime(2027, 3, 3, 14, 5, tzinfo=UTC), "Europe/London", "3 March 2027"),
    (datetime(2027, 3, 3, 23, 30, tzinfo=UTC), "Asia/Tokyo", "4 March 2027"),
    (None, "Europe/London", ""),
])
def test_uk_date(value, tz, text):
    assert uk_date(value, zone(tz)) == text


@pytest.mark.parametrize("value, tz, text", [
    (datetime(2027, 7, 1, 13, 5, tzinfo=UTC), "Europe/London", "1 July 2027, 2:05pm"),
    (datetime(2027, 1, 1, 0, 7), "Europe/London", "1 January 2027, 12:07am"),  # naive is UTC
    (datetime(2027, 1, 1, 12, 0, tzinfo=UTC), "America/New_York", "1 January 2027, 7:00am"),
])
def test_uk_datetime(value, tz, text):
    assert uk_datetime(value, zone(tz)) == text


@pytest.mark.parametrize("name", [None, "", "Not/AZone", "../../etc/passwd", "x" * 100])
def test_unknown_zones_fall_back_to_london(name):
    assert zone(name).key == "Europe/London"
