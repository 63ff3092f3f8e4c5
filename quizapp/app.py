"""The Flask application factory and app-wide hooks (see ``quizapp.create_app``)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import orjson
from flask import Flask
from sqlalchemy import event
from werkzeug.routing import IntegerConverter

from quizapp import config as config_module
from quizapp import terms
from quizapp.extensions import csrf, db, limiter, login_manager, migrate
from quizapp.json_provider import OrjsonProvider, json_column_dumps

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: dict | None = None) -> Flask:
    """Application factory. ``config`` overrides what comes from the environment and ``.env``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    if config:
        app.config.update(config)
    config_module.check_secret_key(app.config, app.debug)
    app.json = OrjsonProvider(app)
    app.json.sort_keys = app.config["JSON_SORT_KEYS"]
    engine_options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    # JSON columns (an answer's marks, a session's queue) through orjson too
    engine_options.setdefault("json_serializer", json_column_dumps)
    engine_options.setdefault("json_deserializer", orjson.loads)
    # a connection that broke while idle (a database restart) is replaced, not handed out
    engine_options.setdefault("pool_pre_ping", True)
    # errors name the statement but never its values (a password hash, an answer)
    engine_options.setdefault("hide_parameters", True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
        engine_options.setdefault("connect_args", {"timeout": 15})

    # ids in URLs fit the databases' integer columns: a larger one is a 404, not an overflow
    app.url_map.converters["int"] = DatabaseId
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":  # on this app's engine only
            event.listen(db.engine, "connect",
                         _sqlite_pragmas(config_module.sqlite_synchronous()))
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    app.config.setdefault("REMEMBER_COOKIE_DURATION", timedelta(hours=app.config["LOGIN_HOURS"]))
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to practise."

    from quizapp import models  # noqa: F401  (register the tables)
    from quizapp.admin import bp as admin_bp
    from quizapp.api import bp as api_bp
    from quizapp.assessor import bp as assessor_bp
    from quizapp.assessor.record import record_bp
    from quizapp.tutor.reset import reset_bp
    from quizapp.auth import bp as auth_bp
    from quizapp.cli import register_cli
    from quizapp.health import bp as health_bp
    from quizapp.learner import bp as learner_bp
    from quizapp.offline import bp as offline_bp
    from quizapp.security import register_security
    from quizapp.tutor import bp as tutor_bp

    for blueprint in (auth_bp, learner_bp, tutor_bp, assessor_bp, record_bp, reset_bp, admin_bp,
                      api_bp, health_bp, offline_bp):
        app.register_blueprint(blueprint)
    register_security(app)
    register_error_pages(app)
    register_input_guard(app)
    register_cli(app)
    app.add_template_filter(terms.label, "label")  # {{ row.status|label }}: the words people see
    from quizapp.dates import register_date_filters

    register_date_filters(app)  # {{ when|ukdate }}, {{ when|ukdatetime }} in the viewer's zone
    return app


class DatabaseId(IntegerConverter):
    """``<int:...>`` in routes: a whole number from 0 to the largest 32-bit integer."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def register_input_guard(app: Flask) -> None:
    """Form posts with NUL characters are refused before any view sees them (PostgreSQL can't
    store them); the API checks its JSON in ``api.views.json_body``."""
    from flask import abort, request

    @app.before_request
    def _no_nul_in_forms():
        if request.method == "POST" and request.mimetype in FORM_TYPES:
            try:
                values = [v for found in request.form.listvalues() for v in found]
            except ValueError:  # a multipart body without a boundary
                abort(400, "That form could not be read: send it again from the page.")
            if any("\x00" in v for v in values):
                abort(400, "Text can't contain NUL characters.")


def register_error_pages(app: Flask) -> None:
    """Service errors on pages (not the API, which answers JSON) get a friendly page."""
    from flask import render_template

    from quizapp.http_status import status_of
    from quizapp.services import ServiceError

    @app.errorhandler(ServiceError)
    def _service_error(exc: ServiceError):
        return render_template("error.html", message=exc.message), status_of(exc)

    @app.errorhandler(403)
    def _forbidden(exc):
        if request_wants_json():
            return exc
        return render_template("error.html", message="You can't open that page."), 403


def request_wants_json() -> bool:
    from flask import request

    return request.path.startswith("/api/")


def _sqlite_pragmas(synchronous: str):
    """A connect listener for SQLite: write-ahead logging, a busy timeout, enforced foreign
    keys, and the sync level ``synchronous`` (from ``SQLITE_SYNCHRONOUS``, NORMAL unless set:
    in WAL mode a commit survives the app being killed, SIGKILL included, without an fsync per
    commit; FULL also survives power loss, at a cost on every write)."""

    def on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    return on_connect


@login_manager.user_loader
def _load_user(alternative_id: str):
    """The signed-in account, if the login its cookie names is still live (see
    ``User.get_id``): checked on every request."""
    from quizapp.services import users

    return users.user_for_login(alternative_id)
