"""The assessor's pages: heat map, a learner's evidence, re-marks, sign-offs, the pack."""

from datetime import date, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from quizapp.assessor import bp
from quizapp.dates import uk_date, zone
from quizapp.downloads import csv_download
from quizapp.roles import role_required
from quizapp.services import ServiceError, feedback, pack, review, signoffs
from quizapp.services import cohorts as cohort_service
from quizapp.terms import Band, Status


class OverrideForm(FlaskForm):
    band = RadioField("New band", choices=[SelectChoice(str(b), b.label) for b in Band],
                      validators=[DataRequired()])
    score = DecimalField("Score in % (optional)", places=0, validators=[Optional(),
                                                                         NumberRange(0, 100)])
    comment = TextAreaField("Why", validators=[DataRequired(), Length(max=2000)])
    send_to_tests = BooleanField("Also add this answer to the question's test responses")
    criterion = HiddenField()  # where to come back to on the page


class SignOffForm(FlaskForm):
    criterion = HiddenField(validators=[DataRequired()])
    discussed_on = DateField("Date of the discussion", default=date.today)
    note = TextAreaField("What the learner showed", validators=[DataRequired(), Length(max=2000)])
    signature = StringField("Your full name, as your signature",
                            validators=[DataRequired(), Length(max=120)])


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


def _when(value):
    return uk_date(value, zone(request.cookies.get("tz")))


@bp.get("/learners/<int:learner_id>")
@role_required("assessor", "tutor")
def learner(learner_id: int):
    return _learner_page(learner_id)


def _learner_page(learner_id: int, signoff_form: SignOffForm | None = None,
                  error: str = "", status: int = 200):
    """The learner's evidence; after a refused sign-off, the form again as it was typed, open
    at its criterion, with the reason above it."""
    view = review.learner_view(current_user, learner_id)
    audit = [(a, feedback.describe(a, _when))
             for a in review.audit_log(current_user, learner_id)]
    return render_template("assessor/learner.html", labels=STATUS_LABELS,
                           override_form=OverrideForm(),
                           signoff_form=signoff_form or SignOffForm(formdata=None),
                           signoff_error=error, bands=review.band_ranges(), audit=audit,
                           today=datetime.now(zone(request.cookies.get("tz"))).date(),
                           **view), status


def _back(learner_id: int, criterion: str | None) -> str:
    url = url_for("assessor.learner", learner_id=learner_id)
    return url + (f"#crit-{criterion}" if criterion and len(criterion) < 80 else "")


@bp.post("/answers/<int:answer_id>/override")
@role_required("assessor")
def override(answer_id: int):
    learner_id = review.answer_owner(current_user, answer_id)  # 403/404 before anything else
    form = OverrideForm()
    if form.validate_on_submit():
        score = None if form.score.data is None else float(form.score.data) / 100
        try:
            review.override_answer(current_user, answer_id, score, form.comment.data,
                                   form.send_to_tests.data, band=form.band.data)
            flash("Mark changed. The original is kept, the change is logged, and the learner "
                  "will see it.", "ok")
        except ServiceError as exc:
            flash(exc.message, "error")
    else:
        flash("Choose a band and say why.", "error")
    return redirect(_back(learner_id, form.criterion.data))


@bp.post("/learners/<int:learner_id>/signoff")
@role_required("assessor")
def signoff(learner_id: int):
    signoffs.require_signoff_access(current_user, learner_id)
    form = SignOffForm()
    if form.validate_on_submit():
        try:
            signoffs.sign_off(current_user, learner_id, form.criterion.data,
                              form.discussed_on.data, form.note.data, form.signature.data)
        except ServiceError as exc:
            return _learner_page(learner_id, form, exc.message, 400)
        flash("Criterion confirmed in professional discussion and signed.", "ok")
        return redirect(_back(learner_id, form.criterion.data))
    missing = [f.label.text for f in (form.discussed_on, form.note, form.signature) if f.errors]
    message = "Give " + (", ".join(missing) or "the date, a note and your name") + "."
    return _learner_page(learner_id, form, message, 400)


@bp.get("/learners/<int:learner_id>/pack", endpoint="pack")
@role_required("assessor", "tutor")
def pack_page(learner_id: int):
    return render_template("assessor/pack.html", labels=STATUS_LABELS,
                           **pack.discussion_pack(current_user, learner_id))


@bp.get("/learners/<int:learner_id>/pack.csv")
@role_required("assessor", "tutor")
def pack_csv(learner_id: int):
    return csv_download(pack.pack_csv(current_user, learner_id),
                        f"learner-{learner_id}-discussion-pack.csv")
