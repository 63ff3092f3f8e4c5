from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from quizapp.auth import bp
from quizapp.ratelimits import login_limits, register_limits
from quizapp.auth.forms import LoginForm, PasswordForm, RegisterForm
from quizapp.http_status import status_of
from quizapp.services import ServiceError, users
from quizapp.services import cohorts as cohort_service


def _sign_in(user) -> None:
    """A new browser login of its own (revocable), and a new CSRF token for it."""
    session.pop("csrf_token", None)
    login_user(users.begin_login(user), remember=True)


def _safe_next(target: str | None) -> str:
    """Only follow a ``next`` that stays on this site."""
    if (target and not urlsplit(target).netloc and target.startswith("/")
            and not target.startswith("//")):
        return target
    return url_for("learner.home")


def _home_for(role: str) -> str | None:
    """Where each role starts: tutors on their cohorts, assessors on their review list."""
    return {"tutor": url_for("tutor.dashboard"),
            "assessor": url_for("assessor.dashboard")}.get(role)


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.username.data, form.password.data)
        if user is not None:
            _sign_in(user)
            target = request.args.get("next") or _home_for(user.role)
            return redirect(_safe_next(target))
        flash("That username and password don't match. Check them and try again.", "error")
        status = 401
    else:
        status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/register", methods=["GET", "POST"])
@register_limits
def register():
    """Learners sign themselves up with their cohort's join code (the QR code links here)."""
    form = RegisterForm()
    if request.method == "GET" and request.args.get("code"):
        form.join_code.data = request.args["code"]
    status = 200
    if form.validate_on_submit():
        try:
            user, cohort = cohort_service.register(form.username.data, form.password.data,
                                                   form.join_code.data)
        except ServiceError as exc:
            flash(exc.message, "error")
            status = status_of(exc)
        else:
            _sign_in(user)
            flash(f"Welcome! You have joined {cohort.name}.", "ok")
            return redirect(url_for("learner.home"))
    elif form.errors:
        status = 400
    return render_template("auth/register.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Log this browser out: its login is revoked, so a copy of the cookie is worth nothing."""
    users.revoke_token(current_user.login_token)
    logout_user()
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """Log out on every device: browsers and API tokens."""
    users.revoke_all(current_user)
    logout_user()
    flash("You are logged out on every device.", "ok")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """Change the password; every other login and token is revoked."""
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            users.change_password(current_user, form.current.data, form.new.data)
        except ServiceError as exc:
            flash(exc.message, "error")
            status = status_of(exc)
        else:
            _sign_in(current_user)
            flash("Password changed. You are logged out on your other devices.", "ok")
            return redirect(url_for("auth.password"))
    elif form.errors:
        status = 400
    return render_template("auth/password.html", form=form), status
