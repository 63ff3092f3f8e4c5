"""The admin's page: create tutor, assessor and admin accounts."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from quizapp.extensions import db
from quizapp.models import User
from quizapp.roles import role_required
from quizapp.services import ServiceError
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
