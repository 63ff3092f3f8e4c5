"""Accounts and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.models import ApiToken, User
from quizapp.models.users import ROLES
from quizapp.services import Conflict, ServiceError

DEMO_ACCOUNTS = (("demo-learner", "learner"), ("demo-tutor", "tutor"),
                 ("demo-assessor", "assessor"))
DEMO_PASSWORD = "demo-pass"
MIN_PASSWORD = 8


def get_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip()))


def create_user(username: str, password: str, role: str = "learner") -> User:
    """Create an account; the password is hashed with Werkzeug's helpers."""
    username = (username or "").strip()
    if not username or len(username) > 80:
        raise ServiceError("A username of 1 to 80 characters is needed.")
    if role not in ROLES:
        raise ServiceError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    if len(password or "") < MIN_PASSWORD:
        raise ServiceError(f"The password needs at least {MIN_PASSWORD} characters.")
    if get_by_username(username):
        raise Conflict(f"The username {username!r} is taken.")
    user = User(username=username, role=role)
    user.set_password(password, current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
    db.session.add(user)
    db.session.commit()
    return user


def ensure_demo_accounts() -> list[str]:
    """Create the demo accounts if missing; return the usernames created."""
    created = []
    for username, role in DEMO_ACCOUNTS:
        if get_by_username(username) is None:
            create_user(username, DEMO_PASSWORD, role)
            created.append(username)
    return created


def authenticate(username: str, password: str) -> User | None:
    user = get_by_username(username or "")
    if user is None or not user.check_password(password or ""):
        return None
    return user


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> str:
    """Create an expiring API token; only its hash is stored. Expired tokens are pruned."""
    now = datetime.now(timezone.utc)
    db.session.execute(
        delete(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at < now)
    )
    raw = secrets.token_urlsafe(32)
    hours = current_app.config["API_TOKEN_HOURS"]
    db.session.add(ApiToken(user_id=user.id, token_hash=_hash(raw),
                            expires_at=now + timedelta(hours=hours)))
    db.session.commit()
    return raw


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
        .where(ApiToken.token_hash == _hash(raw),
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
