"""The API's contract: every route validates its input with a pydantic model through spectree,
and the OpenAPI document served at ``/api/v1/openapi.json`` is generated from those models and
the URL map, so the document cannot drift from the routes.

Why spectree: it takes pydantic models as they are (the project already uses pydantic for the
bank files), validates query strings and JSON bodies with them, and builds the OpenAPI 3.1
document from the same models and Flask's URL rules (path parameters typed by their
converters), with no second schema language (apiflask and flask-smorest are built on
marshmallow). Its documentation pages load scripts from a CDN, so they are not registered.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from spectree import Response, SecurityScheme, SpecTree
from spectree.models import SecureType, SecuritySchemeData

from quizapp.services import ServiceError

__all__ = ["Response", "spec", "document"]


PLAIN = {  # pydantic's error types in plain words ({...} from the error's context)
    "missing": "is required",
    "int_type": "must be a whole number", "int_parsing": "must be a whole number",
    "float_type": "must be a number", "float_parsing": "must be a number",
    "bool_type": "must be true or false", "string_type": "must be text",
    "list_type": "must be a list", "dict_type": "must be an object",
    "less_than_equal": "must be at most {le}", "greater_than_equal": "must be at least {ge}",
    "string_too_long": "is too long: at most {max_length} characters",
    "string_too_short": "can't be empty", "too_long": "has too many items: at most {max_length}",
    "too_short": "needs at least {min_length}", "literal_error": "must be {expected}",
    "extra_forbidden": "is not something this takes: check the spelling",
    "model_type": "must be a JSON object", "model_attributes_type": "must be a JSON object",
}


def _message(error: ValidationError) -> str:
    """One readable sentence from pydantic's errors: each field and what was wrong with it."""
    parts = []
    for item in error.errors(include_url=False)[:5]:
        where = ".".join(str(p) for p in item.get("loc", ()) if not str(p).startswith("function"))
        template = PLAIN.get(item["type"])
        try:
            said = template.format(**item.get("ctx", {})) if template else item["msg"]
        except (KeyError, IndexError):
            said = item["msg"]
        parts.append(f"{where or 'the body'} {said}" if where else f"Send a JSON object: {said}")
    return "Check what you sent: " + "; ".join(parts) + "."


def _before(request: Any, response: Any, error: Exception | None, instance: Any,
            model_adapter: Any = None) -> None:
    """Turn a validation failure into a ServiceError, answered as the API's usual JSON error."""
    if isinstance(error, ValidationError):
        if request.method != "GET" and not isinstance(request.get_json(silent=True), dict):
            raise ServiceError("Send a JSON object in the request body (strict JSON: no NaN or "
                               "Infinity, no lone surrogates).") from error
        raise ServiceError(_message(error)) from error


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")  # a 409 of the answer turn carries the turn
    status: int
    message: str


class ErrorOut(BaseModel):
    """Every error under /api/v1."""

    error: ErrorDetail


spec = SpecTree(
    "flask",
    mode="strict",
    title="quizapp API",
    version="1",
    description="Practice quizzes and knowledge checks for UK customer-service qualifications. "
                "Errors are JSON: {\"error\": {\"status\", \"message\"}}.",
    annotations=True,
    page_templates={},
    naming_strategy=lambda model: model.__name__,
    security_schemes=[SecurityScheme(
        name="bearer", data=SecuritySchemeData(type=SecureType.HTTP, scheme="bearer"))],
    security={"bearer": []},
    before=_before,
    validation_error_status=400,
    validation_error_model=ErrorOut,
)


def document() -> dict[str, Any]:
    """The OpenAPI document, from the current app's URL map (every app has the same routes)."""
    return spec.spec
