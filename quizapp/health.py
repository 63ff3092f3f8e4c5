"""Health checks for load balancers: ``/healthz`` proves the database can be written,
``/healthz/live`` does not touch it."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from quizapp.extensions import db

bp = Blueprint("health", __name__)

# a row written and rolled back: nothing is kept, but the database had to accept a write
PROBE = text("INSERT INTO alembic_version (version_num) VALUES ('healthz-probe')")


@bp.get("/healthz")
def healthz():
    """The database answers and takes a write (in a savepoint of the request's session, rolled
    back). On a failure the pool's connections are dropped, so the next check (and request)
    starts on fresh ones: the app recovers once the database does, without a reload."""
    try:
        probe = db.session.begin_nested()
        db.session.execute(PROBE)
        probe.rollback()
        db.session.rollback()
    except SQLAlchemyError as exc:
        db.session.rollback()
        db.engine.dispose()
        return jsonify({"status": "error", "database": type(exc).__name__}), 503
    return jsonify({"status": "ok", "database": "ok"})


@bp.get("/healthz/live")
def live():
    """The process answers (no database): the ceiling for the load benchmark."""
    return jsonify({"status": "ok"})
