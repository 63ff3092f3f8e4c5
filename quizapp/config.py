"""Configuration from the environment (and a ``.env`` file, read by python-dotenv)."""

from __future__ import annotations

import os
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'quizapp.sqlite'}"
    # Heroku-style URLs, and plain postgresql:// -> the psycopg 3 driver.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def sqlite_synchronous() -> str:
    """SQLite's sync level from ``SQLITE_SYNCHRONOUS``: NORMAL (the default: with write-ahead
    logging a commit survives the app crashing or being killed), or FULL or EXTRA (also power
    loss, with an fsync on every commit)."""
    load_dotenv(ROOT / ".env", override=False)
    value = (os.environ.get("SQLITE_SYNCHRONOUS") or "NORMAL").strip().upper()
    if value not in {"NORMAL", "FULL", "EXTRA"}:
        raise ValueError(f"SQLITE_SYNCHRONOUS must be NORMAL, FULL or EXTRA, not {value!r}")
    return value


# Values that are published (here, in .env.example or the README) and so sign nothing safely.
PUBLISHED_KEYS = frozenset({"dev-only-not-secret", "change-me", "changeme", "secret"})
DEBUG_KEY = "dev-only-not-secret"


class MissingSecretKey(RuntimeError):
    """The app was started outside debug and tests without a ``SECRET_KEY`` of its own."""


def check_secret_key(config: dict, debug: bool) -> None:
    """Refuse to run without a secret key of our own: outside ``FLASK_DEBUG`` and tests there
    is no default, since a cookie signed with a known key opens any account. In debug and
    tests a missing key becomes the dev-only value."""
    key = config.get("SECRET_KEY")
    if debug or config.get("TESTING"):
        config["SECRET_KEY"] = key or DEBUG_KEY
        return
    if not key or key in PUBLISHED_KEYS or len(key) < 16:
        raise MissingSecretKey(
            "SECRET_KEY is not set (or is a published or short value): set it in the "
            "environment or .env to a long random value, e.g. "
            "python -c \"import secrets; print(secrets.token_hex(32))\". "
            "`make run` makes one for local use in instance/secret_key.")


def from_environment(instance_path: str) -> dict:
    """Build the config mapping from the environment, after loading ``.env``."""
    load_dotenv(ROOT / ".env", override=False)
    return {
        "SECRET_KEY": (os.environ.get("SECRET_KEY") or "").strip() or None,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "QUIZAPP_DEMO": _bool("QUIZAPP_DEMO", True),
        "QUIZAPP_BANKS": os.environ.get("QUIZAPP_BANKS") or str(ROOT / "question_banks"),
        "API_TOKEN_HOURS": int(os.environ.get("API_TOKEN_HOURS") or 24 * 14),
        # a browser login (session and remember-me cookies) lasts this long unless logged out
        "LOGIN_HOURS": int(os.environ.get("LOGIN_HOURS") or 24 * 30),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # Login rate limits, per client address and per account; shared across app servers
        # through Redis when REDIS_URL is set (otherwise each process counts on its own).
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS") or "30 per minute",
        # per account from one address, and a ceiling per account from all addresses together
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT") or "10 per minute",
        "LOGIN_LIMIT_ACCOUNT_CEILING": (os.environ.get("LOGIN_LIMIT_ACCOUNT_CEILING")
                                        or "100 per minute"),
        # wrong join codes (per address and per account) and new accounts (per address)
        "JOIN_LIMIT_PER_ADDRESS": os.environ.get("JOIN_LIMIT_PER_ADDRESS") or "20 per 10 minutes",
        "JOIN_LIMIT_PER_ACCOUNT": os.environ.get("JOIN_LIMIT_PER_ACCOUNT") or "20 per 10 minutes",
        "REGISTER_LIMIT_PER_ADDRESS": os.environ.get("REGISTER_LIMIT_PER_ADDRESS") or "60 per hour",
        "JSON_SORT_KEYS": False,
    }
