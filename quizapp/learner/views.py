from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from quizapp.http_status import status_of
from quizapp.learner import bp
from quizapp.ratelimits import join_limits
from quizapp.services import ServiceError, quizzes
from quizapp.services import catalogue as catalogue_service
from quizapp.services import cohorts as cohort_service
from quizapp.services import roleplays
from quizapp.services import learner_progress


class JoinForm(FlaskForm):
    code = StringField("Join code", validators=[DataRequired(), Length(max=16)])


@bp.route("/", methods=["GET", "POST"])
@login_required
@join_limits
def home():
    """Assigned quizzes, joining a cohort by code, and the units to practise."""
    form = JoinForm()
    status = 200
    if form.validate_on_submit():
        try:
            cohort = cohort_service.join(current_user, form.code.data)
            flash(f"You have joined {cohort.name}.", "ok")
            return redirect(url_for("learner.home"))
        except ServiceError as exc:
            flash(exc.message, "error")
            status = status_of(exc)  # a wrong code is a 404, counted by the join limits
    assigned = quizzes.learner_quizzes(current_user) if current_user.role == "learner" else []
    return render_template("learner/home.html", catalogue=catalogue_service.catalogue(),
                           quizzes=assigned, join_form=form), status


@bp.get("/scenario/<scenario_id>")
@login_required
def scenario(scenario_id: str):
    """Play a scenario in the chat: the bot is the customer."""
    record = roleplays.get_record(scenario_id)
    return render_template("learner/chat.html", scenario=record, quiz=None, unit=None)


@bp.get("/quiz/<int:quiz_id>")
@login_required
def quiz(quiz_id: int):
    """Take a quiz in the chat."""
    quiz = quizzes.get_quiz(quiz_id)
    if cohort_service.member_role(current_user, quiz.cohort) != "learner":
        abort(403)
    return render_template("learner/chat.html", quiz=quiz, unit=None, scenario=None)


@bp.get("/practice/<unit_id>")
@login_required
def chat(unit_id: str):
    """The chat page; the conversation itself runs through the JSON API."""
    unit = catalogue_service.get_unit(unit_id)
    if unit is None:
        abort(404)
    return render_template("learner/chat.html", unit=unit, quiz=None, scenario=None)


@bp.get("/progress")
@bp.get("/progress/<unit_id>")
@login_required
def progress(unit_id: str | None = None):
    """My progress: the criteria with their status, grouped by unit."""
    rows = learner_progress.progress_report(current_user.id, unit_id)
    units: dict[str, list[dict]] = {}
    for row in rows:
        units.setdefault(row["unit"], []).append(row)
    titles = {uid: catalogue_service.get_unit(uid) for uid in units}
    return render_template("learner/progress.html", units=units, titles=titles, unit_id=unit_id)
