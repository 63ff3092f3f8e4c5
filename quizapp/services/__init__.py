"""The service layer: the only code that writes to the database.

Web handlers, the JSON API and ``flask`` CLI commands all call these functions, so a rule is
written once. Each operation commits its own unit of work unless it says otherwise. A request
that can't be carried out raises a ``ServiceError`` of one ``ErrorKind``; the blueprints map
the kind to an HTTP status (``quizapp.api.errors``), so nothing here knows HTTP.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorKind(StrEnum):
    INVALID = "invalid"  # the input is wrong: say what to send instead
    NOT_FOUND = "not_found"  # no such thing, or not the caller's to see
    FORBIDDEN = "forbidden"  # the caller's role or relationship does not allow it
    CONFLICT = "conflict"  # the state has moved on (answered already, finished, closed)
    TOO_LARGE = "too_large"  # the input is over a size limit
    UNAVAILABLE = "unavailable"  # try again later


class ServiceError(Exception):
    """A request that cannot be carried out, with a message for people and its ``kind``;
    ``details``: anything the caller may show (the current turn of a practice session)."""

    kind = ErrorKind.INVALID

    def __init__(self, message: str, kind: ErrorKind | None = None,
                 details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}
        if kind is not None:
            self.kind = kind


class NotFound(ServiceError):
    kind = ErrorKind.NOT_FOUND


class Forbidden(ServiceError):
    kind = ErrorKind.FORBIDDEN


class Conflict(ServiceError):
    kind = ErrorKind.CONFLICT
