"""Users (with a role) and their API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db
from quizapp.models._types import UTCDateTime, utcnow

ROLES = ("learner", "tutor", "assessor", "admin")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # one account per name whatever its case (services.credentials normalises names)
    __table_args__ = (Index("uq_users_username_lower", func.lower(text("username")), unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="learner")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # bumped by "log out everywhere" and a password change: every signed-in browser stops
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user",
                                                  cascade="all, delete-orphan")

    def set_password(self, password: str, method: str = "scrypt") -> None:
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # the raw token of the browser login this row was loaded for (set by services.users)
    # not mapped (no annotation, so the ORM leaves it alone): a plain attribute of the object
    login_token = cast("str | None", None)

    def get_id(self) -> str:
        """Flask-Login's alternative id: the account, its session version and this login's
        random token (stored hashed), so logging out or out everywhere revokes the cookie."""
        return f"{self.id}:{self.session_version}:{self.login_token}"

    def to_dict(self) -> dict:
        return {"id": self.id, "username": self.username, "role": self.role}


class ApiToken(db.Model):
    """A bearer token for the JSON API (kind ``api``) or one browser login (kind ``login``,
    inside the session and remember-me cookies). Only its SHA-256 hash is stored; it expires."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8), default="api", server_default="api")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")
