"""The tutor's pages: cohorts, join codes, quizzes and results."""

from flask import Blueprint

bp = Blueprint("tutor", __name__, url_prefix="/tutor")

from quizapp.tutor import views  # noqa: E402,F401
