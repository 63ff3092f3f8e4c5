"""Fixtures and markers for the whole suite.

- ``app``: one migrated database per run, with the test banks' catalogue loaded (built only for
  tests that ask for it, directly or through ``client``, ``make_user`` and the like).
- ``db``: each test that uses the app runs inside one outer transaction, rolled back at its end;
  the app's sessions join it in SAVEPOINTs, so their commits are savepoint releases
  (SQLAlchemy's "join a session into an external transaction" recipe).
- tests marked ``truncate`` (live server, threads, other processes: more than one connection)
  commit for real; the database is put back to its seeded state after them.

Markers (``pytest -m``): ``db`` (the test needs the database: set by the collection hook below
for every test that uses the ``app`` fixture), ``browser`` (tests/browser), ``slow``,
``truncate``.
``TEST_DATABASE_URL`` runs the suite on PostgreSQL; otherwise a temporary SQLite file is used.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from pathlib import Path

import pytest

TEST_BANKS = Path(__file__).parent / "data" / "banks"
SHIPPED_BANKS = Path(__file__).resolve().parents[1] / "question_banks"
PASSWORD = "correct-horse"
TESTS = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before -m deselects by these markers
def pytest_collection_modifyitems(config, items):
    """Say what each test needs: ``db`` if it uses the app (and so the database), ``browser``
    for tests/browser, ``truncate`` if it uses the live server (other threads commit)."""
    browser_dir = TESTS / "browser"
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "app" in names:
            item.add_marker(pytest.mark.db)
        if "live_server" in names:
            item.add_marker(pytest.mark.truncate)
        if browser_dir in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from flask_migrate import upgrade

    from quizapp import create_app
    from quizapp.banks import load_all
    from quizapp.extensions import db
    from quizapp.services import bank_store

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
        app.extensions["tests.seeded"] = _snapshot(db)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _snapshot(db) -> dict:
    """Every row of every table, as seeded (the catalogue: a few dozen rows)."""
    from sqlalchemy import select

    return {table: [dict(row) for row in db.session.execute(select(table)).mappings()]
            for table in db.metadata.sorted_tables}


def _restore(app) -> None:
    """Put every table back as seeded: empty them all (children first), insert the seed."""
    from sqlalchemy import delete, insert

    from quizapp.extensions import db

    seeded = app.extensions["tests.seeded"]
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        for table in db.metadata.sorted_tables:
            if seeded[table]:
                db.session.execute(insert(table), seeded[table])
        db.session.commit()


@functools.cache
def _joined_session_class():
    """Flask-SQLAlchemy's session, but always on the test's connection (its ``get_bind`` would
    pick the app's engine). Made on first use: pure tests import no Flask."""
    from flask_sqlalchemy.session import Session

    class JoinedSession(Session):
        def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
            return self.bind

    return JoinedSession


@pytest.fixture
def db(app):
    """The test runs in one transaction on one connection, rolled back at its end.

    ``db.session`` (per app context, as in the app) joins that transaction in a SAVEPOINT
    (``join_transaction_mode="create_savepoint"``): the app's ``commit()`` releases it and its
    ``rollback()`` goes back to it, so code that commits or replays after an ``IntegrityError``
    behaves as in production, and nothing outlives the test. Yields ``quizapp.extensions.db``.
    """
    from flask_sqlalchemy.session import _app_ctx_id
    from sqlalchemy.orm import scoped_session, sessionmaker

    from quizapp.extensions import db as _db

    with app.app_context():
        connection = _db.engine.connect()
    sqlite = connection.dialect.name == "sqlite"
    dbapi = connection.connection.dbapi_connection
    if sqlite:
        # pysqlite begins transactions itself, and only before DML: a SAVEPOINT outside any
        # transaction would start (and its RELEASE commit) one. Take over and BEGIN ourselves.
        dbapi.isolation_level = None
    transaction = connection.begin()
    if sqlite:
        connection.exec_driver_sql("BEGIN")
    options = {**_db.session.session_factory.kw, "class_": _joined_session_class(),
               "bind": connection, "join_transaction_mode": "create_savepoint"}
    session = scoped_session(sessionmaker(**options), scopefunc=_app_ctx_id)
    original, _db.session = _db.session, session
    try:
        yield _db
    finally:
        for leftover in list(session.registry.registry.values()):  # app contexts still open
            leftover.close()
        _db.session = original
        transaction.rollback()
        if sqlite:
            dbapi.isolation_level = ""  # pysqlite's default, for the pool's next user
        connection.close()


@pytest.fixture(autouse=True)
def _isolated(request):
    """Tests that use the app run in the ``db`` fixture's rolled-back transaction; those marked
    ``truncate`` commit for real and the tables are put back as seeded after them. Tests that
    don't use the app get nothing (no app is built for them)."""
    if "app" not in request.fixturenames:
        yield
        return
    if request.node.get_closest_marker("truncate"):
        app = request.getfixturevalue("app")
        yield
        _restore(app)
        return
    request.getfixturevalue("db")
    yield


@pytest.fixture(scope="session")
def shipped_catalogue():
    """The shipped question banks, specs and scenarios, loaded once per run (seconds: every
    rubric is compiled); raises BankError listing every problem."""
    from quizapp.banks import load_all

    return load_all(SHIPPED_BANKS)


@pytest.fixture(scope="session")
def live_server(app):
    """The app on a loopback port, in a thread (for the browser and schemathesis tests)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


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
    from quizapp.services import users as user_service

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


# Shared helpers for tests that log in: import them from here, never from another test module.

def csrf_from(html: str) -> str:
    """The CSRF token in a page's form."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def login(client, username: str) -> dict[str, str]:
    """Log in through the API as an existing user; the bearer header."""
    res = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {res.json['token']}"}


def web_login(client, username: str) -> None:
    """Log in through the login page as an existing user (the client keeps the cookie)."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
