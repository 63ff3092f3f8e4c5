"""The rules for the names and passwords people choose.

Usernames are NFKC-normalised, may not carry control, direction-override or invisible
characters, and are unique whatever their case. Passwords follow NIST SP 800-63B: at least
10 characters, any characters, not the username, and not a common or easily guessed one
(zxcvbn's estimate, which knows the common-password lists and keyboard patterns)."""

from __future__ import annotations

import unicodedata

from zxcvbn import zxcvbn

from quizapp.services import ServiceError

MAX_USERNAME = 80
MIN_PASSWORD = 10
MAX_PASSWORD = 200
# zxcvbn scores 0 (too guessable) to 4; 2 and up resists an online attack with limits on tries
MIN_STRENGTH = 2
CHECKED_LENGTH = 64  # zxcvbn's time grows with length; a longer password is past guessing
# categories of characters a name may not carry: controls, formats (bidi overrides,
# zero-width), surrogates, private use, unassigned, and line or paragraph separators
BANNED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def normalise_username(raw: str | None) -> str:
    """The username as stored: NFKC, trimmed; a ``ServiceError`` says what is wrong."""
    name = unicodedata.normalize("NFKC", raw or "").strip()
    if not name or len(name) > MAX_USERNAME:
        raise ServiceError(f"A username of 1 to {MAX_USERNAME} characters is needed.")
    if any(unicodedata.category(ch) in BANNED_CATEGORIES for ch in name):
        raise ServiceError("A username can't contain control, text-direction or invisible "
                           "characters.")
    return name


def check_new_password(username: str, password: str | None) -> None:
    """Raise a ``ServiceError`` unless ``password`` is fit for ``username`` to choose."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        raise ServiceError(f"The password needs at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise ServiceError(f"The password can have at most {MAX_PASSWORD} characters.")
    name = (username or "").strip().casefold()
    if name and password.strip().casefold() == name:
        raise ServiceError("The password can't be your username.")
    estimate = zxcvbn(password[:CHECKED_LENGTH], user_inputs=[name] if name else [])
    if estimate["score"] < MIN_STRENGTH:
        advice = estimate["feedback"].get("warning") or "It is too easy to guess."
        raise ServiceError(f"Choose a less common password: {advice.rstrip('.')}. "
                           "A few unrelated words make a good one.")
