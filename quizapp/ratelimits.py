"""Rate limits (Flask-Limiter): logins per client address and per account, wrong join codes
per address and per account, and registrations per address. Each limit comes from the config
(and so the environment); the counts live in Redis when ``REDIS_URL`` is set."""

from flask import current_app, g
from flask_limiter.util import get_remote_address
from flask_login import current_user

from quizapp.extensions import _account_address_key, _account_key, limiter


def _setting(name: str):
    return lambda: current_app.config[name]


def _caller_key() -> str:
    """The signed-in account (API token or browser), else the client address."""
    caller = g.get("caller")
    if caller is not None:
        return f"user:{caller.id}"
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


def _wrong_code(response) -> bool:
    """Only answers to an unknown join code count (404); joining with a right one is free."""
    return response.status_code == 404


def login_limits(view):
    """The login limits, shared by the login page and the API; only attempts (POST) count:
    per client address, per account from one address, and a higher ceiling per account from
    everywhere (so a named user can't be locked out from one place)."""
    message = "Too many login attempts for this account: wait a minute."
    view = limiter.shared_limit(
        _setting("LOGIN_LIMIT_PER_ADDRESS"), "login-address", methods=["POST"],
        error_message="Too many login attempts from here: wait a minute.")(view)
    view = limiter.shared_limit(_setting("LOGIN_LIMIT_PER_ACCOUNT"), "login-account-address",
                                key_func=_account_address_key, methods=["POST"],
                                error_message=message)(view)
    view = limiter.shared_limit(_setting("LOGIN_LIMIT_ACCOUNT_CEILING"), "login-account",
                                key_func=_account_key, methods=["POST"],
                                error_message=message)(view)
    return view


def join_limits(view):
    """Wrong join codes, per address and per account: guessing a code takes too long."""
    message = "Too many wrong join codes: wait a few minutes and check the code with your tutor."
    view = limiter.shared_limit(_setting("JOIN_LIMIT_PER_ADDRESS"), "join-address",
                                methods=["POST"], deduct_when=_wrong_code,
                                error_message=message)(view)
    view = limiter.shared_limit(_setting("JOIN_LIMIT_PER_ACCOUNT"), "join-account",
                                key_func=_caller_key, methods=["POST"], deduct_when=_wrong_code,
                                error_message=message)(view)
    return view


def register_limits(view):
    """Registrations per address (one school address fits a class), and wrong codes."""
    view = limiter.shared_limit(
        _setting("REGISTER_LIMIT_PER_ADDRESS"), "register-address", methods=["POST"],
        error_message="Too many new accounts from here: try again later.")(view)
    view = limiter.shared_limit(_setting("JOIN_LIMIT_PER_ADDRESS"), "join-address",
                                methods=["POST"], deduct_when=_wrong_code,
                                error_message="Too many wrong join codes: wait a few minutes and "
                                              "check the code with your tutor.")(view)
    return view
