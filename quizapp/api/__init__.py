"""The JSON API for phone clients and the chat page, under ``/api/v1``."""

from flask import Blueprint

from quizapp.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer-token calls carry no cookie; cookie calls are checked in auth.py

from quizapp.api import auth, cohorts, coming_back, errors, exports, review, views  # noqa: E402,F401
