from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from quizapp.assessor import bp
from quizapp.roles import role_required
from quizapp.terms import Status
from quizapp.services import ServiceError, review
from quizapp.services import cohorts as cohort_service
from quizapp.downloads import csv_download


class OverrideForm(FlaskForm):
    score = DecimalField("New mark (0 to 1)", places=2, validators=[NumberRange(0, 1)])
    comment = TextAreaField("Why", validators=[DataRequired(), Length(max=2000)])
    send_to_tests = BooleanField("Also add this answer to the question's test responses")


class SignOffForm(FlaskForm):
    criterion = HiddenField(validators=[DataRequired()])
    discussed_on = DateField("Date of the discussion", default=date.today)
    note = TextAreaField("What the learner showed", validators=[DataRequired(), Length(max=2000)])


STATUS_LABELS = {status.value: status.label for status in Status}


@bp.get("/")
@role_required("assessor", "tutor")
def dashboard():
    cohorts = cohort_service.cohorts_for(current_user, cohort_service.STAFF_ROLES)
    return render_template("assessor/dashboard.html", cohorts=cohorts)


@bp.get("/cohorts/<int:cohort_id>")
@role_required("assessor", "tutor")
def cohort(cohort_id: int):
    data = review.heatmap(current_user, cohort_id, request.args.get("unit"))
    return render_template("assessor/heatmap.html", labels=STATUS_LABELS, **data)


@bp.get("/cohorts/<int:cohort_id>/progress.csv")
@role_required("assessor", "tutor")
def cohort_csv(cohort_id: int):
    return csv_download(review.cohort_progress_csv(current_user, cohort_id),
                        f"cohort-{cohort_id}-progress.csv")


@bp.get("/learners/<int:learner_id>")
@role_required("assessor", "tutor")
def learner(learner_id: int):
    view = review.learner_view(current_user, learner_id)
    return render_template("assessor/learner.html", labels=STATUS_LABELS,
                           override_form=OverrideForm(), signoff_form=SignOffForm(),
                           audit=review.audit_log(current_user, learner_id), **view)


@bp.post("/answers/<int:answer_id>/override")
@role_required("assessor")
def override(answer_id: int):
    learner_id = review.answer_owner(current_user, answer_id)  # 403/404 before anything else
    form = OverrideForm()
    if form.validate_on_submit():
        try:
            review.override_answer(current_user, answer_id, float(form.score.data),
                                   form.comment.data, form.send_to_tests.data)
            flash("Mark changed. The original is kept and the change is logged.", "ok")
        except ServiceError as exc:
            flash(exc.message, "error")
    else:
        flash("Give a mark from 0 to 1 and say why.", "error")
    return redirect(url_for("assessor.learner", learner_id=learner_id) + f"#answer-{answer_id}")


@bp.post("/learners/<int:learner_id>/signoff")
@role_required("assessor")
def signoff(learner_id: int):
    review.require_signoff_access(current_user, learner_id)
    form = SignOffForm()
    if form.validate_on_submit():
        try:
            review.sign_off(current_user, learner_id, form.criterion.data, form.discussed_on.data,
                            form.note.data)
            flash("Criterion confirmed in professional discussion.", "ok")
        except ServiceError as exc:
            flash(exc.message, "error")
    else:
        flash("Give the date and a note.", "error")
    return redirect(url_for("assessor.learner", learner_id=learner_id))


@bp.get("/learners/<int:learner_id>/pack")
@role_required("assessor", "tutor")
def pack(learner_id: int):
    return render_template("assessor/pack.html", labels=STATUS_LABELS,
                           **review.discussion_pack(current_user, learner_id))


@bp.get("/learners/<int:learner_id>/pack.csv")
@role_required("assessor", "tutor")
def pack_csv(learner_id: int):
    return csv_download(review.pack_csv(current_user, learner_id),
                        f"learner-{learner_id}-discussion-pack.csv")
