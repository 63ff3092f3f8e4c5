"""Who is calling: a bearer token, or the signed-in browser session (then CSRF applies)."""

from __future__ import annotations

from functools import wraps

from flask import g, request
from flask_login import current_user

from quizapp.api import bp
from quizapp.api.errors import error_response
from quizapp.extensions import csrf
from quizapp.services import turn_store, users

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# views of one practice session's turn: the token check reads the session's row too (one query
# instead of two on the app's hot path), for the view to pass on as ``g.session_row``
SESSION_TURNS = {"api.answer", "api.skip"}


@bp.before_request
def identify_caller():
    """``g.caller`` (id and role) from a bearer token or the signed-in browser session; the
    account row itself is loaded only for views that need it (see ``require_user``)."""
    g.caller = g.api_user = g.session_row = None
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
        if request.endpoint in SESSION_TURNS and request.view_args:
            found = turn_store.caller_and_session(token, request.view_args["session_id"])
            caller, g.session_row = found or (None, None)
        else:
            caller = users.caller_for_token(token)
        if caller is None:
            return error_response(401, "Your sign-in has expired or is not valid: log in again.")
        g.caller = caller
    elif current_user.is_authenticated:
        if request.method in UNSAFE:
            csrf.protect()  # the chat page sends X-CSRFToken
        g.api_user = current_user._get_current_object()
        g.caller = users.Caller(g.api_user.id, g.api_user.role)


def require_user(*roles: str, account: bool = True):
    """Decorator: a signed-in caller (optionally with one of ``roles``), else 401/403 JSON.

    The view finds the caller in ``g.caller`` and, with ``account`` (the default), the account
    row in ``g.api_user``. The practice views pass ``account=False``: they need only the
    caller's id, and the answer turn is the app's hot path.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            caller = g.get("caller")
            if caller is None:
                return error_response(401, "Log in first: send 'Authorization: Bearer <token>'.")
            if roles and caller.role not in roles:
                return error_response(403, "Your account can't do that.")
            if account and g.get("api_user") is None:
                g.api_user = users.get(caller.id)
                if g.api_user is None:  # deleted since the token was checked
                    return error_response(401, "Your account no longer exists.")
            return view(*args, **kwargs)

        return wrapper

    return decorate
