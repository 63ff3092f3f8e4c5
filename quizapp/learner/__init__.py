"""The learner's pages: choose a unit, the practice chat, and "My progress"."""

from flask import Blueprint

bp = Blueprint("learner", __name__)

from quizapp.learner import views  # noqa: E402,F401
