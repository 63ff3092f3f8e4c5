"""One-time password-reset links: a tutor issues one for a learner in their cohorts, an admin
for anyone; the person opens it once, within a day, and chooses a new password."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.models import ApiToken, PasswordReset, User
from quizapp.models._types import utcnow
from quizapp.services import Forbidden, NotFound, ServiceError, review
from quizapp.services import cohorts as cohort_service
from quizapp.services.users import MIN_PASSWORD

LIFETIME = timedelta(hours=24)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(staff: User, user_id: int) -> str:
    """A new link's token for ``user_id`` (earlier unused links for them stop working)."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("That account was not found.")
    allowed = staff.role == "admin" or (
        staff.role == "tutor" and user.role == "learner" and staff.id != user.id
        and cohort_service.staff_can_see_learner(staff, user.id))
    if not allowed:
        raise Forbidden("Tutors can reset the passwords of learners in their own cohorts.")
    db.session.execute(delete(PasswordReset).where(PasswordReset.user_id == user.id,
                                                   PasswordReset.used_at.is_(None)))
    token = secrets.token_urlsafe(24)
    db.session.add(PasswordReset(user_id=user.id, token_hash=_hash(token), issued_by=staff.id,
                                 expires_at=utcnow() + LIFETIME))
    review.audit(staff, "issue_reset_link", "user", user.id)
    db.session.commit()
    return token


def _live(token: str) -> PasswordReset:
    row = db.session.scalar(select(PasswordReset).where(
        PasswordReset.token_hash == _hash(token or "")))
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        raise ServiceError("This link has expired or has been used: ask your tutor for a new one.")
    return row


def holder(token: str) -> User:
    """Whose link this is, if it still works."""
    user = db.session.get(User, _live(token).user_id)
    if user is None:
        raise NotFound("That account no longer exists.")
    return user


def redeem(token: str, password: str) -> User:
    """Set the new password once; the link and the account's API tokens stop working."""
    row = _live(token)
    if len(password or "") < MIN_PASSWORD:
        raise ServiceError(f"The password needs at least {MIN_PASSWORD} characters.")
    user = holder(token)
    user.set_password(password, current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
    row.used_at = utcnow()
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.commit()
    return user
