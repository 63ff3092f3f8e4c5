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


def _databases(tmp_path, name="migrations"):
    urls = [f"sqlite:///{tmp_path / f'{name}.sqlite'}"]
    pg = os.environ.get("TEST_DATABASE_URL")
    if pg:
        base = make_url(pg)  # beside the suite's own database, so two runs never share one
        url = base.set(database=f"{base.database}_{name}").render_as_string(False)
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


# dates01: quiz dates stored before the 2000-2100 check; the value each bad one is stored as on
# SQLite (text in UTC) and on PostgreSQL (a timestamptz literal), and what it becomes
BAD_DATES = [
    # (due_at on SQLite, on PostgreSQL, expected due_at), opens_at likewise
    (("0026-12-01 17:00:00.000000", "0026-12-01 17:00:00+00", "2026-12-01T17:00:00+00:00"),
     ("0026-11-20 09:30:00.000000", "0026-11-20 09:30:00+00", "2026-11-20T09:30:00+00:00")),
    (("0028-02-29 08:00:00.000000", "0028-02-29 08:00:00+00", "2028-02-29T08:00:00+00:00"),
     (None, None, None)),
    (("20026-12-01 17:00:00.000000", "20026-12-01 17:00:00+00", None),
     ("0202-01-01 00:00:00.000000", "0202-01-01 00:00:00+00", None)),
    (("2206-05-01 12:00:00.000000", "2206-05-01 12:00:00+00", None),
     ("1999-12-31 23:59:59.000000", "1999-12-31 23:59:59+00", None)),
    (("2026-12-24 16:00:00.000000", "2026-12-24 16:00:00+00", "2026-12-24T16:00:00+00:00"),
     ("2100-12-31 23:00:00.000000", "2100-12-31 23:00:00+00", "2100-12-31T23:00:00+00:00")),
]


@pytest.mark.db  # its own databases: SQLite, and PostgreSQL in that pass
def test_impossible_quiz_dates_are_repaired_or_cleared(tmp_path):
    from quizapp.models import Cohort, Qualification, Quiz

    for url in _databases(tmp_path, "dates"):
        pg = url.startswith("postgresql")
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            if pg:
                db.session.execute(text("DROP SCHEMA public CASCADE"))
                db.session.execute(text("CREATE SCHEMA public"))
                db.session.commit()
            upgrade(revision="security04")
            qual = Qualification(id="Q", title="Q")
            cohort = Cohort(name="Mon", qualification=qual, join_code="DATES1")
            quizzes = [Quiz(cohort=cohort, title=f"quiz {n}", feedback_mode="after_due")
                       for n in range(len(BAD_DATES) + 1)]  # the last one has no dates
            db.session.add_all(quizzes)
            db.session.commit()
            ids = [q.id for q in quizzes]
            for quiz_id, dates in zip(ids, BAD_DATES):
                for col, (on_sqlite, on_pg, _) in zip(("due_at", "opens_at"), dates):
                    db.session.execute(text(f"UPDATE quizzes SET {col} = :v WHERE id = :id"),
                                       {"v": on_pg if pg else on_sqlite, "id": quiz_id})
            db.session.commit()
            db.session.remove()
            upgrade()
            found = {q.id: q for q in db.session.scalars(db.select(Quiz))}
            for quiz_id, dates in zip(ids, BAD_DATES):
                for col, (*_, expected) in zip(("due_at", "opens_at"), dates):
                    value = getattr(found[quiz_id], col)
                    assert (value.isoformat() if value else None) == expected, (url, col, dates)
            untouched = found[ids[-1]]
            assert (untouched.due_at, untouched.opens_at) == (None, None)
            assert untouched.feedback_mode == "after_due"  # only dates change
            # the repaired check quiz shows its marks after its (now real) due date
            assert not found[ids[0]].feedback_visible(found[ids[0]].due_at.replace(year=2025))
            assert found[ids[0]].feedback_visible(found[ids[0]].due_at)
            downgrade(revision="security04")  # leaves the repaired dates as they are
            assert db.session.get(Quiz, ids[0]).due_at.year == 2026
            db.session.remove()
            db.engine.dispose()
