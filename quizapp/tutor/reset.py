"""The page a one-time password-reset link opens (/reset/<token>): choose a new password."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from quizapp.services import ServiceError, resets
from quizapp.services.credentials import MIN_PASSWORD

reset_bp = Blueprint("reset", __name__, url_prefix="/reset")


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[
        DataRequired(), Length(min=MIN_PASSWORD, max=1000,
                               message=f"Use at least {MIN_PASSWORD} characters.")])
    confirm = PasswordField("The same password again", validators=[
        DataRequired(), EqualTo("password", message="The two passwords are not the same.")])


@reset_bp.route("/<token>", methods=["GET", "POST"])
def choose_password(token: str):
    try:
        user = resets.holder(token)
    except ServiceError as exc:
        return render_template("tutor/reset_password.html", error=exc.message, form=None), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            resets.redeem(token, form.password.data)
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            flash("Password changed. Log in with your new password.", "ok")
            return redirect(url_for("auth.login"))
    return render_template("tutor/reset_password.html", form=form, user=user, error=None), (
        400 if form.errors else 200)
