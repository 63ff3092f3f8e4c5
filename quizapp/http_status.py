"""The HTTP status of each kind of service error: the one place the web layer maps them."""

from __future__ import annotations

from quizapp.services import ErrorKind, ServiceError

STATUS = {
    ErrorKind.INVALID: 400,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.CONFLICT: 409,
    ErrorKind.TOO_LARGE: 413,
    ErrorKind.UNAVAILABLE: 503,
}


def status_of(exc: ServiceError) -> int:
    return STATUS[exc.kind]
