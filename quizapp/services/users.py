"""Accounts and API tokens."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db
from quizapp.models import ApiToken, User
from quizapp.models.users import ROLES
from quizapp.services import Conflict, ServiceError
from quizapp.services.credentials import check_new_password, normalise_username

DEMO_ACCOUNTS = (("demo-learner", "learner"), ("demo-tutor", "tutor"),
                 ("demo-assessor", "assessor"))
DEMO_PASSWORD = "demo-pass"


def get_by_username(username: str) -> User | None:
    """The account of this name, whatever its case (the unique index is on lower(username))."""
    try:
        name = normalise_username(username)
    except ServiceError:
        return None
    return db.session.scalar(select(User).where(func.lower(User.username) == func.lower(name)))


def create_user(username: str, password: str, role: str = "learner", *,
                check_password: bool = True) -> User:
    """Create an account; the password is hashed with Werkzeug's helpers. ``check_password``
    is off only for the local demo accounts and their documented password."""
    username = normalise_username(username)
    if role not in ROLES:
        raise ServiceError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    if check_password:
        check_new_password(username, password)
    if get_by_username(username):
        raise Conflict(f"The username {username!r} is taken.")
    user = User(username=username, role=role)
    user.set_password(password, _hash_method())
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # the same name registered at the same moment
        db.session.rollback()
        raise Conflict(f"The username {username!r} is taken.") from None
    return user


def ensure_demo_accounts() -> list[str]:
    """Create the demo accounts if missing; return the usernames created."""
    created = []
    for username, role in DEMO_ACCOUNTS:
        if get_by_username(username) is None:
            create_user(username, DEMO_PASSWORD, role, check_password=False)
            created.append(username)
    return created


def authenticate(username: str, password: str) -> User | None:
    """The account, if the password is right. For an unknown username a password is still
    checked (against a dummy hash of the same method), so the time taken tells nothing."""
    user = get_by_username(username or "")
    if user is None:
        check_password_hash(_dummy_hash(_hash_method()), password or "")
        return None
    return user if user.check_password(password or "") else None


def _hash_method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


@functools.cache
def _dummy_hash(method: str) -> str:
    """A hash of a random password, made once per hash method."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, kind: str = "api") -> str:
    """Create an expiring token (an API bearer token, or one browser ``login``); only its hash
    is stored. Expired tokens are pruned."""
    now = datetime.now(timezone.utc)
    db.session.execute(
        delete(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at < now)
    )
    raw = secrets.token_urlsafe(32)
    hours = current_app.config["API_TOKEN_HOURS" if kind == "api" else "LOGIN_HOURS"]
    db.session.add(ApiToken(user_id=user.id, token_hash=_hash(raw), kind=kind,
                            expires_at=now + timedelta(hours=hours)))
    db.session.commit()
    return raw


def begin_login(user: User) -> User:
    """A new browser login: a random token (stored hashed) that ``user.get_id()`` carries into
    the session and remember-me cookies, so each login can be revoked on its own."""
    user.login_token = issue_token(user, kind="login")
    return user


def user_for_login(alternative_id: str) -> User | None:
    """The account a session or remember-me cookie names (``id:version:token``), if that
    login is still live: not logged out, not revoked everywhere, not expired."""
    parts = (alternative_id or "").split(":")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or len(parts[0]) > 10:
        return None
    user = db.session.scalar(
        select(User).join(ApiToken, ApiToken.user_id == User.id)
        .where(User.id == int(parts[0]), User.session_version == int(parts[1]),
               ApiToken.kind == "login", ApiToken.token_hash == _hash(parts[2]),
               ApiToken.expires_at > datetime.now(timezone.utc)))
    if user is not None:
        user.login_token = parts[2]
    return user


def revoke_token(raw: str | None) -> None:
    """Log one login or API token out."""
    if raw:
        db.session.execute(delete(ApiToken).where(ApiToken.token_hash == _hash(raw)))
        db.session.commit()


def revoke_all(user: User, keep: str | None = None) -> None:
    """Log ``user`` out everywhere: a new session version (every browser cookie stops) and
    every token deleted, except the one ``keep`` (the caller's own, after a password change)."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(session_version=User.session_version + 1))
    query = delete(ApiToken).where(ApiToken.user_id == user.id)
    if keep:
        query = query.where(ApiToken.token_hash != _hash(keep))
    db.session.execute(query)
    db.session.commit()
    db.session.refresh(user)


def change_password(user: User, current: str, new: str, keep: str | None = None) -> None:
    """Change ``user``'s password after checking the current one; every other login and token
    is revoked (``keep``: the API token the change came with)."""
    if not user.check_password(current or ""):
        raise ServiceError("Your current password is not right.")
    check_new_password(user.username, new)
    user.set_password(new, _hash_method())
    db.session.commit()
    revoke_all(user, keep=keep)


@dataclass(frozen=True)
class Caller:
    """Who is calling the API: enough for the practice services, which need only the learner's
    id, without loading the account row (``get`` loads it when a view needs it)."""

    id: int
    role: str


# what the practice services need of a learner: a User, or the Caller of an API request
Learner = User | Caller

def caller_for_token(raw: str) -> Caller | None:
    """Who holds an unexpired token, in one query."""
    row = db.session.execute(
        select(User.id, User.role).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _hash(raw), ApiToken.kind == "api",
               ApiToken.expires_at > datetime.now(timezone.utc))).first()
    return Caller(row.id, row.role) if row else None


def get(user_id: int) -> User | None:
    return db.session.get(User, user_id)


DEMO_COHORT = "Demo cohort"


def ensure_demo_cohort(qualification_id: str = "ICS-L1") -> str | None:
    """A cohort run by demo-tutor, reviewed by demo-assessor, with demo-learner in it."""
    from quizapp.models import Cohort, CohortMember, Qualification

    if db.session.get(Qualification, qualification_id) is None:
        return None
    tutor, assessor, learner = (get_by_username("demo-tutor"), get_by_username("demo-assessor"),
                                get_by_username("demo-learner"))
    if not (tutor and assessor and learner):
        return None
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT))
    if cohort is None:
        from quizapp.services.cohorts import create_cohort

        cohort = create_cohort(tutor, DEMO_COHORT, qualification_id, ["ICS-L1.U2a"])
    members = {m.user_id for m in cohort.members}
    for user, role in ((assessor, "assessor"), (learner, "learner")):
        if user.id not in members:
            db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role=role))
    db.session.commit()
    return cohort.join_code
