"""Fixtures: one migrated database per run, emptied of learner data after every test.

``TEST_DATABASE_URL`` runs the suite on PostgreSQL; otherwise a temporary SQLite file is used.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete, update
from werkzeug.serving import make_server

from quizapp import create_app
from quizapp.banks import load_all
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    ApiToken,
    AuditEntry,
    Cohort,
    CohortMember,
    Override,
    PracticeSession,
    Progress,
    Question,
    Quiz,
    ResponseProposal,
    SignOff,
    User,
    answer_criteria,
)
from quizapp.services import bank_store
from quizapp.services import users as user_service

TEST_BANKS = Path(__file__).parent / "data" / "banks"
PASSWORD = "correct-horse"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    )
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": url,
        "QUIZAPP_BANKS": str(TEST_BANKS),
        "WTF_CSRF_ENABLED": True,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast for tests; scrypt by default
        "LOGIN_LIMIT_PER_ADDRESS": "100000 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT": "100000 per minute",
        "LOGIN_LIMIT_ACCOUNT_CEILING": "100000 per minute",
        "JOIN_LIMIT_PER_ADDRESS": "100000 per minute",
        "JOIN_LIMIT_PER_ACCOUNT": "100000 per minute",
        "REGISTER_LIMIT_PER_ADDRESS": "100000 per minute",
    })
    with app.app_context():
        if url.startswith("postgresql"):  # a clean schema, then the migrations from empty
            db.session.execute(db.text("DROP SCHEMA public CASCADE"))
            db.session.execute(db.text("CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        bank_store.load_catalogue(load_all(TEST_BANKS))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(app):
    """The app on a loopback port, in a thread (for the browser and schemathesis tests)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _clean(app):
    """Every test starts with the catalogue loaded and no users or answers."""
    yield
    with app.app_context():
        db.session.rollback()
        db.session.execute(delete(answer_criteria))
        for model in (ResponseProposal, AuditEntry, Override, SignOff, Answer, PracticeSession, Progress, Quiz,
                      CohortMember):
            db.session.execute(delete(model))
        db.session.execute(delete(Question).where(Question.cohort_id.is_not(None)))
        db.session.execute(update(Question).values(flagged=False, review_responses=[]))
        for model in (Cohort, ApiToken, User):
            db.session.execute(delete(model))
        db.session.commit()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    def make(username="learner1", role="learner", password=PASSWORD):
        with app.app_context():
            user = user_service.create_user(username, password, role)
            return user.id

    return make


@pytest.fixture
def api_token(client, make_user):
    """Log in through the API and return the bearer header for a new learner."""

    def login(username="learner1", role="learner"):
        make_user(username, role)
        res = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
        assert res.status_code == 200, res.json
        return {"Authorization": f"Bearer {res.json['token']}"}

    return login
