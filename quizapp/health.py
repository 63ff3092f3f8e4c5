"""Health checks for load balancers: ``/healthz`` checks the database, ``/healthz/live`` does
not."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from quizapp.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        return jsonify({"status": "error", "database": type(exc).__name__}), 503
    return jsonify({"status": "ok", "database": "ok"})


@bp.get("/healthz/live")
def live():
    """The process answers (no database): the ceiling for the load benchmark."""
    return jsonify({"status": "ok"})
