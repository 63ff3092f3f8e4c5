"""Migrations run from empty to head and back, on SQLite and (when configured) PostgreSQL,
and match the models."""

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.exc import IntegrityError, SAWarning

from quizapp import create_app
from quizapp.extensions import db

ROOT = Path(__file__).resolve().parents[1]


def test_models_match_migrations(app):
    with app.app_context(), warnings.catch_warnings():
        # SQLite's reflection can't read the index on lower(username); the next test checks it
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based",
                                SAWarning)
        warnings.filterwarnings("ignore", "autogenerate skipping", UserWarning)
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_usernames_are_unique_whatever_their_case(app):
    with app.app_context():
        db.session.execute(text("INSERT INTO users (username, password_hash, role, created_at) "
                                "VALUES ('Case', 'x', 'learner', '2026-01-01')"))
        with pytest.raises(IntegrityError):
            db.session.execute(text("INSERT INTO users (username, password_hash, role, "
                                    "created_at) VALUES ('cASE', 'x', 'learner', '2026-01-01')"))
        db.session.rollback()


def _databases(tmp_path):
    urls = [f"sqlite:///{tmp_path / 'm.sqlite'}"]
    pg = os.environ.get("TEST_DATABASE_URL")
    if pg:
        base = make_url(pg)  # beside the suite's own database, so two runs never share one
        url = base.set(database=f"{base.database}_migrations").render_as_string(False)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "ensure_test_db.py"), url],
                       check=True)
        urls.append(url)
    return urls


@pytest.mark.db  # its own databases: SQLite, and PostgreSQL in that pass
@pytest.mark.slow
def test_upgrade_downgrade_upgrade(tmp_path):
    for url in _databases(tmp_path):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            if url.startswith("postgresql"):
                db.session.execute(text("DROP SCHEMA public CASCADE"))
                db.session.execute(text("CREATE SCHEMA public"))
                db.session.commit()
            upgrade()
            assert {"users", "answers", "progress", "questions", "audit_log"} <= set(
                inspect(db.engine).get_table_names())
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()
            db.session.remove()
            db.engine.dispose()


def test_sqlite_uses_wal_and_a_busy_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        db.engine.dispose()
    engine = create_engine(url)
    engine.dispose()


@pytest.mark.parametrize("value, ok", [(None, "NORMAL"), ("full", "FULL"), ("extra", "EXTRA"),
                                       ("off", None), ("2; DROP TABLE x", None)])
def test_sqlite_sync_level_comes_from_the_environment(monkeypatch, value, ok):
    from quizapp.config import sqlite_synchronous

    if value is None:
        monkeypatch.delenv("SQLITE_SYNCHRONOUS", raising=False)
    else:
        monkeypatch.setenv("SQLITE_SYNCHRONOUS", value)
    if ok:
        assert sqlite_synchronous() == ok
    else:
        with pytest.raises(ValueError, match="SQLITE_SYNCHRONOUS"):
            sqlite_synchronous()


def test_suite_runs_on_the_database_it_was_given(app):
    expected = "postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite"
    with app.app_context():
        assert db.engine.dialect.name == expected
