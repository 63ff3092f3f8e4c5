"""Login rate limits, per client address and per account (Flask-Limiter)."""

from flask import current_app

from quizapp.extensions import _account_key, limiter


def _per_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _per_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def login_limits(view):
    """Apply both login limits to a view; only attempts (POST) count."""
    view = limiter.limit(_per_address, methods=["POST"],
                         error_message="Too many login attempts from here: wait a minute.")(view)
    view = limiter.limit(
        _per_account, key_func=_account_key, methods=["POST"],
        error_message="Too many login attempts for this account: wait a minute.")(view)
    return view
