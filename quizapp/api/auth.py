"""Who is calling: a bearer token, or the signed-in browser session (then CSRF applies).

``identify_caller`` sets ``g.caller`` (id and role) and nothing else; ``require_user`` turns
callers away by role; a view that needs the account row asks ``account()``.
"""

from __future__ import annotations

from functools import wraps

from flask import g, request
from flask_login import current_user
from werkzeug.exceptions import Unauthorized

from quizapp.api import bp
from quizapp.api.errors import error_response
from quizapp.extensions import csrf
from quizapp.models import User
from quizapp.services import users

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def identify_caller():
    """``g.caller`` from a bearer token or the signed-in browser session; 401 for a bad token."""
    g.caller = g.token = None
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        g.token = header[7:].strip()
        g.caller = users.caller_for_token(g.token)
        if g.caller is None:
            return error_response(401, "Your sign-in has expired or is not valid: log in again.")
    elif current_user.is_authenticated:
        if request.method in UNSAFE:
            csrf.protect()  # the chat page sends X-CSRFToken
        g.caller = users.Caller(current_user.id, current_user.role)
    return None


def require_user(*roles: str):
    """Decorator: a signed-in caller (with one of ``roles``, if given), else 401/403 JSON."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            caller = g.get("caller")
            if caller is None:
                return error_response(401, "Log in first: send 'Authorization: Bearer <token>'.")
            if roles and caller.role not in roles:
                return error_response(403, "Your account can't do that.")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def account() -> User:
    """The caller's account row (for views that need more than the id and role)."""
    found = g.get("account")
    if found is None:
        found = g.account = users.get(g.caller.id)
        if found is None:  # deleted since the token was checked
            raise Unauthorized("Your account no longer exists.")
    return found


def allow(check):
    """Decorator: ``check(**view_args)`` returns the thing named in the URL, or raises
    ``NotFound`` or ``Forbidden`` unless it is the caller's to use. It runs before the body
    is validated, so a caller who may not use it learns nothing from a validation message."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            # kept for the request, so the services find it in the ORM's identity map
            g.resource = check(**kwargs)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def own_session(session_id: str, **_: object) -> object:
    from quizapp.services import practice

    return practice.get_session(g.caller, session_id)


def cohort_tutor(cohort_id: int, **_: object) -> object:
    from quizapp.services import cohorts

    return cohorts.require_member(account(), cohort_id, ("tutor",))


def answer_assessor(answer_id: int, **_: object) -> object:
    from quizapp.services import review

    return review.answer_owner(account(), answer_id)
