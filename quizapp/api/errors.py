"""JSON errors for every failure under /api/v1, never an HTML page."""

from __future__ import annotations

from flask import jsonify, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from quizapp.api import bp
from quizapp.http_status import status_of
from quizapp.services import ServiceError


API_PREFIX = f"{bp.url_prefix}/"


@bp.before_request
def json_bodies_only():
    """The API reads JSON bodies only: a form or other body is refused before any view."""
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype and not request.is_json:
        return error_response(415, "Send the request body as JSON (Content-Type: "
                                   "application/json).")
    return None


def error_response(status: int, message: str, **details):
    """``{"error": {"status", "message", ...details}}`` with that status."""
    response = jsonify({"error": {"status": status, "message": message, **details}})
    response.status_code = status
    return response


@bp.errorhandler(ServiceError)
def _service_error(exc: ServiceError):
    return error_response(status_of(exc), exc.message, **exc.details)


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError):
    return error_response(400, f"Security check failed: {exc.description} Reload the page.")


@bp.app_errorhandler(429)
def _too_many(exc: HTTPException):
    """Rate limited: JSON under /api/, a plain page elsewhere; with Retry-After."""
    if request.path.startswith(API_PREFIX):
        response = error_response(429, exc.description or "Too many requests: wait a minute.")
    else:
        response = exc.get_response()
    return response


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    return error_response(exc.code or 500, exc.description or exc.name)


@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
def _unrouted(exc: HTTPException):
    """404/405 for URLs no blueprint matched: JSON under /api/, the usual page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return error_response(exc.code or 404, exc.description or exc.name)
    return exc
