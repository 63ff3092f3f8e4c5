"""The learner's side of an assessor's work: their re-marked answers (new until seen) and
sign-offs to countersign. A blueprint of its own, at /feedback."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length

from quizapp.services import ServiceError, feedback, learner_home, signoffs

record_bp = Blueprint("record", __name__, url_prefix="/feedback")


class CountersignForm(FlaskForm):
    signoff = IntegerField(validators=[DataRequired()])
    signature = StringField("Your full name, as your signature",
                            validators=[DataRequired(), Length(max=120)])


@record_bp.get("/")
@login_required
def feedback_page():
    """Re-marks newest first, "new" on the ones not seen before; then they count as seen."""
    remarks = feedback.remarks(current_user.id)
    named = learner_home.criteria_named([c for r in remarks for c in r["criteria"]])
    page = render_template("assessor/feedback.html", remarks=remarks, named=named,
                           signoffs=signoffs.for_learner(current_user.id), form=CountersignForm())
    if any(r["new"] for r in remarks):
        feedback.mark_seen(current_user)
    return page


@record_bp.post("/countersign")
@login_required
def countersign():
    form = CountersignForm()
    if form.validate_on_submit():
        try:
            signoffs.countersign(current_user, form.signoff.data, form.signature.data)
            flash("Countersigned. Your assessor can see it.", "ok")
        except ServiceError as exc:
            flash(exc.message, "error")
    else:
        flash("Type your full name to countersign.", "error")
    return redirect(url_for("record.feedback_page") + "#signoffs")
