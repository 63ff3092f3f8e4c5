"""Who is calling: a bearer token, or the signed-in browser session (then CSRF applies)."""

from __future__ import annotations

from functools import wraps

from flask import g, request
from flask_login import current_user

from quizapp.api import bp
from quizapp.api.errors import error_response
from quizapp.extensions import csrf
from quizapp.services import users

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def identify_caller():
    g.api_user = None
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = users.user_for_token(header[7:].strip())
        if user is None:
            return error_response(401, "Your sign-in has expired or is not valid: log in again.")
        g.api_user = user
    elif current_user.is_authenticated:
        if request.method in UNSAFE:
            csrf.protect()  # the chat page sends X-CSRFToken
        g.api_user = current_user._get_current_object()


def require_user(*roles: str):
    """Decorator: a signed-in caller (optionally with one of ``roles``), else 401/403 JSON."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if g.get("api_user") is None:
                return error_response(401, "Log in first: send 'Authorization: Bearer <token>'.")
            if roles and g.api_user.role not in roles:
                return error_response(403, "Your account can't do that.")
            return view(*args, **kwargs)

        return wrapper

    return decorate
