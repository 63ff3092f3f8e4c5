"""Web sign-in and sign-out (flask-login, CSRF-protected forms)."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from quizapp.auth import views  # noqa: E402,F401
