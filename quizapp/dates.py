"""Dates as people in the UK write them ("3 March 2027", "3 March 2027, 2:05pm"), in the
viewer's time zone. Pure: no Flask; ``register_date_filters`` adds the Jinja filters, which read
the zone from the ``tz`` cookie the page sets from the browser (Europe/London otherwise)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

HOME = ZoneInfo("Europe/London")


def zone(name: str | None) -> ZoneInfo:
    """The named IANA zone, or Europe/London when the name is missing or unknown."""
    if not name or len(name) > 64:
        return HOME
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return HOME


def _local(value: datetime | str, tz: ZoneInfo) -> datetime:
    if isinstance(value, str):  # an ISO 8601 string, as the JSON summaries carry
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # stored times are UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(tz)


def uk_date(value: date | datetime | str | None, tz: ZoneInfo = HOME) -> str:
    """``3 March 2027`` (a datetime in ``tz``); an empty string for None."""
    if value is None:
        return ""
    if isinstance(value, (datetime, str)):
        value = _local(value, tz)
    return f"{value.day} {value:%B %Y}"


def uk_datetime(value: datetime | str | None, tz: ZoneInfo = HOME) -> str:
    """``3 March 2027, 2:05pm`` in ``tz``; an empty string for None."""
    if value is None:
        return ""
    local = _local(value, tz)
    hour = local.hour % 12 or 12
    return f"{uk_date(local, tz)}, {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def register_date_filters(app) -> None:
    """``{{ when|ukdate }}`` and ``{{ when|ukdatetime }}`` in the viewer's zone."""
    from flask import request

    def viewer_zone() -> ZoneInfo:
        return zone(request.cookies.get("tz")) if request else HOME

    app.add_template_filter(lambda v: uk_date(v, viewer_zone()), "ukdate")
    app.add_template_filter(lambda v: uk_datetime(v, viewer_zone()), "ukdatetime")
