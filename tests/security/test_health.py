"""/healthz (finding 6 of issue 18): it reports a database that can't be written, and the app
recovers when the database does, without a reload."""

from flask_migrate import upgrade
from sqlalchemy import event

from quizapp import create_app
from quizapp.extensions import db


def _read_only(dbapi_connection, connection_record):
    dbapi_connection.execute("PRAGMA query_only=ON")  # reads work, every write fails


def test_healthz_fails_while_writes_fail_and_recovers_after(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI":
                      f"sqlite:///{tmp_path / 'health.sqlite'}"})
    client = app.test_client()
    with app.app_context():
        upgrade()
        assert client.get("/healthz").status_code == 200
        event.listen(db.engine, "connect", _read_only)
        db.engine.dispose()
        res = client.get("/healthz")
        assert res.status_code == 503 and res.json["status"] == "error"
        event.remove(db.engine, "connect", _read_only)
        # the same process, no reload: the next check runs on fresh connections
        assert client.get("/healthz").json == {"status": "ok", "database": "ok"}
        assert db.session.execute(db.text("SELECT count(*) FROM alembic_version")).scalar() == 1
        db.session.remove()
        db.engine.dispose()


def test_the_pool_checks_connections_before_use(app):
    with app.app_context():
        assert db.engine.pool._pre_ping is True
