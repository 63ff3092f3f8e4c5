"""The assessor's pages: heat map, learner view, overrides, sign-off, discussion pack."""

from flask import Blueprint

bp = Blueprint("assessor", __name__, url_prefix="/assessor")

from quizapp.assessor import views  # noqa: E402,F401  (registers the routes)
