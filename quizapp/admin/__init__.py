"""The admin's page: create tutor, assessor and admin accounts, and make a one-time
password-reset link for anyone."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models._types import utcnow
from quizapp.roles import role_required
from quizapp.services import ServiceError, resets
from quizapp.services import users as user_service

bp = Blueprint("admin", __name__, url_prefix="/admin")


class AccountForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    role = SelectField("Role", choices=[SelectChoice(r, r.capitalize())
                                        for r in ("tutor", "assessor", "admin", "learner")])
    password = PasswordField("Password (10 or more characters, not a common one)",
                             validators=[DataRequired(), Length(max=200)])


@bp.route("/users", methods=["GET", "POST"])
@role_required("admin")
def users():
    form = AccountForm()
    if form.validate_on_submit():
        try:
            user = user_service.create_user(form.username.data, form.password.data, form.role.data)
            flash(f"Created {user.role} account {user.username}.", "ok")
            return redirect(url_for("admin.users"))
        except ServiceError as exc:
            flash(exc.message, "error")
    accounts = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("admin/users.html", form=form, accounts=accounts)


@bp.post("/users/<int:user_id>/reset-link")
@role_required("admin")
def reset_link(user_id: int):
    """A one-time password-reset link for any account, shown once (``services.resets``)."""
    token = resets.issue(current_user, user_id)
    return render_template("tutor/reset_link.html", learner=user_service.get(user_id),
                           expires=utcnow() + resets.LIFETIME,
                           back_url=url_for("admin.users") + "#accounts",
                           back_label="Back to accounts",
                           link=url_for("reset.choose_password", token=token, _external=True))
