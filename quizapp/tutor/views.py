import yaml
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from wtforms.fields.choices import SelectChoice

from quizapp.roles import role_required
from quizapp.services import ErrorKind, ServiceError, authoring, bank_store, quizzes
from quizapp.services import catalogue as catalogue_service
from quizapp.services import cohorts as cohort_service
from quizapp.services import roleplays
from quizapp.tutor import bp
from quizapp.tutor.forms import AssessorForm, CohortForm, QuestionForm, QuizForm
from quizapp.downloads import csv_download


def _cohort_form() -> CohortForm:
    form = CohortForm()
    quals = catalogue_service.catalogue()["qualifications"]
    form.qualification.choices = [SelectChoice(q["id"], f"{q['title']} ({q['id']})")
                                 for q in quals]
    form.optional_units.choices = [SelectChoice(u["id"], f"{u['code']} {u['title']}") for q in quals
                                   for u in q["units"]]
    return form


@bp.route("/", methods=["GET", "POST"])
@role_required("tutor")
def dashboard():
    form = _cohort_form()
    if form.validate_on_submit():
        try:
            cohort = cohort_service.create_cohort(current_user, form.name.data,
                                                  form.qualification.data, form.optional_units.data)
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            flash(f"Cohort created. Its join code is {cohort.join_code}.", "ok")
            return redirect(url_for("tutor.cohort", cohort_id=cohort.id))
    cohorts = cohort_service.cohorts_for(current_user, ("tutor",))
    return render_template("tutor/dashboard.html", form=form, cohorts=cohorts)


@bp.get("/cohorts/<int:cohort_id>")
@role_required("tutor")
def cohort(cohort_id: int):
    cohort = cohort_service.require_member(current_user, cohort_id, ("tutor",))
    quiz_form = QuizForm()
    quiz_form.scenarios.choices = [SelectChoice(s["id"], s["title"])
                                   for s in roleplays.listing()]
    quiz_form.units.choices = [SelectChoice(u.id, f"{u.code} {u.title}")
                              for u in cohort.qualification.units
                               if u.criteria]
    join_url = url_for("auth.register", code=cohort.join_code, _external=True)
    own = authoring.cohort_questions(current_user, cohort.id)
    return render_template(
        "tutor/cohort.html", cohort=cohort, learners=cohort_service.learners(cohort),
        removed=cohort_service.removed_learners(cohort),
        staff=[m for m in cohort.members if m.role != "learner"],
        quiz_form=quiz_form, assessor_form=AssessorForm(),
        qr=cohort_service.join_qr_svg(cohort, join_url), join_url=join_url,
        results=quizzes.results(current_user, cohort.id),
        own_questions=own, proposals=bank_store.proposals_for(own),
    )


@bp.post("/cohorts/<int:cohort_id>/quizzes")
@role_required("tutor")
def set_quiz(cohort_id: int):
    cohort = cohort_service.require_member(current_user, cohort_id, ("tutor",))
    form = QuizForm()
    form.units.choices = [SelectChoice(u.id) for u in cohort.qualification.units]
    form.scenarios.choices = [SelectChoice(s["id"]) for s in roleplays.listing()]
    if form.validate_on_submit():
        try:
            quizzes.create_quiz(
                current_user, cohort.id, form.title.data, units=form.units.data,
                scenarios=form.scenarios.data,
                questions=form.questions.data, selection=form.selection.data,
                opens=form.opens.data, due=form.due.data, attempts=form.attempts.data,
                feedback_mode=form.feedback.data, zone=form.zone.data)
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            flash(f"Quiz “{form.title.data}” set.", "ok")
    else:
        for field, errors in form.errors.items():
            flash(f"{getattr(form, field).label.text}: {'; '.join(errors)}", "error")
    return redirect(url_for("tutor.cohort", cohort_id=cohort.id) + "#quizzes")


@bp.post("/cohorts/<int:cohort_id>/assessors")
@role_required("tutor")
def attach_assessor(cohort_id: int):
    cohort_service.require_member(current_user, cohort_id, ("tutor",))
    form = AssessorForm()
    if form.validate_on_submit():
        try:
            cohort_service.attach_staff(current_user, cohort_id, form.username.data, "assessor")
            flash(f"{form.username.data} can now review this cohort.", "ok")
        except ServiceError as exc:
            flash(exc.message, "error")
    return redirect(url_for("tutor.cohort", cohort_id=cohort_id) + "#people")


@bp.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/remove")
@role_required("tutor")
def remove_learner(cohort_id: int, user_id: int):
    cohort_service.require_member(current_user, cohort_id, ("tutor",))
    try:
        cohort_service.remove_learner(current_user, cohort_id, user_id)
        flash("Learner removed from the cohort. Their answers are kept.", "ok")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("tutor.cohort", cohort_id=cohort_id) + "#people")


@bp.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/readmit")
@role_required("tutor")
def readmit_learner(cohort_id: int, user_id: int):
    """Let a removed learner back into the cohort."""
    cohort_service.require_member(current_user, cohort_id, ("tutor",))
    try:
        cohort_service.readmit_learner(current_user, cohort_id, user_id)
        flash("Learner let back into the cohort.", "ok")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("tutor.cohort", cohort_id=cohort_id) + "#people")


@bp.post("/cohorts/<int:cohort_id>/code")
@role_required("tutor")
def rotate_code(cohort_id: int):
    """A new join code: the old one (and its QR code) stops working."""
    cohort = cohort_service.rotate_code(current_user, cohort_id)
    flash(f"New join code {cohort.join_code}: the old one no longer works.", "ok")
    return redirect(url_for("tutor.cohort", cohort_id=cohort_id))


@bp.get("/cohorts/<int:cohort_id>/results.csv")
@role_required("tutor", "assessor")
def results_csv(cohort_id: int):
    return csv_download(quizzes.results_csv(current_user, cohort_id),
                        f"cohort-{cohort_id}-results.csv")


@bp.route("/cohorts/<int:cohort_id>/questions/new", methods=["GET", "POST"])
@role_required("tutor")
def new_question(cohort_id: int):
    """Write a question: propose a rubric from the model answer, test it, save it."""
    cohort = cohort_service.require_member(current_user, cohort_id, ("tutor",))
    form = QuestionForm()
    form.criteria.choices = [SelectChoice(c.id, f"{c.number} {c.text}", optgroup=u.code)
                             for u in cohort.qualification.units for c in u.criteria]
    results, action = None, request.form.get("action")
    if form.validate_on_submit():
        try:
            if action == "propose" or not (form.rubric.data or "").strip():
                rubric = authoring.propose(form.prompt.data, form.model_answer.data)
                form.rubric.data = yaml.safe_dump(rubric, sort_keys=False, allow_unicode=True)
                flash("Rubric proposed from your model answer: edit it, then test it.", "ok")
            elif action == "save":
                question = authoring.save(
                    current_user, cohort.id, prompt=form.prompt.data,
                    model_answer=form.model_answer.data, criteria=form.criteria.data,
                    rubric=form.rubric.data, samples=form.samples.data or "", hint=form.hint.data)
                flash(f"Question saved to the cohort's bank ({question.id}).", "ok")
                return redirect(url_for("tutor.cohort", cohort_id=cohort.id) + "#own-questions")
            else:
                results = authoring.test(form.rubric.data, form.samples.data or "",
                                         form.model_answer.data)
        except ServiceError as exc:
            if exc.kind in (ErrorKind.FORBIDDEN, ErrorKind.NOT_FOUND):
                raise
            flash(exc.message, "error")
    return render_template("tutor/question.html", cohort=cohort, form=form, results=results)
