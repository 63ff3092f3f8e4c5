"""Flask extensions, created once and bound to the app in ``create_app``."""

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for all models (SQLAlchemy 2.0 typed style), with named constraints."""

    metadata = MetaData(naming_convention=NAMING)


# Objects stay loaded after commit: a reply is built from what was just written, without
# reloading every row (each request has its own session, so nothing goes stale across requests).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


def _account_key() -> str:
    """The username a login attempt is for (form or JSON): the key of the per-account
    ceiling, so one account can't be hammered from many addresses."""
    data = request.get_json(silent=True) if request.is_json else request.form
    name = data.get("username") if isinstance(data, dict) else None  # form data is a dict too
    return f"account:{str(name or '').strip().lower()[:80]}"


def _account_address_key() -> str:
    """The account and the client address: wrong passwords from one place hold up that place
    only, so nobody can lock a named user out from elsewhere."""
    return f"{_account_key()}@{get_remote_address()}"


limiter = Limiter(key_func=get_remote_address, default_limits=[])



def dialect_name() -> str:
    """The database in use: ``sqlite`` or ``postgresql``."""
    return db.session.get_bind().dialect.name


def upsert(table, dialect: str | None = None):
    """An INSERT that can take ``ON CONFLICT`` clauses, for the database in use (PostgreSQL or
    SQLite: both spell them the same way)."""
    if (dialect or dialect_name()) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
