"""The tutor's pages: their cohorts, a cohort (join code, people, quizzes and results), setting,
editing, copying and deleting quizzes, and writing questions."""

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from quizapp.dates import zone
from quizapp.downloads import csv_download
from quizapp.models._types import utcnow
from quizapp.roles import role_required
from quizapp.services import (
    ErrorKind,
    ServiceError,
    authoring,
    bank_store,
    practice_time,
    quiz_results,
    quizzes,
    resets,
    roleplays,
)
from quizapp.services import cohorts as cohort_service
from quizapp.services import users as user_service
from quizapp.services.review import cohort_units
from quizapp.terms import Band
from quizapp.tutor import bp, rubric_form
from quizapp.tutor.forms import AssessorForm, CohortForm, QuestionForm, QuizForm


def _cohort_form() -> CohortForm:
    form = CohortForm()
    choices = cohort_service.optional_unit_choices()
    form.qualification.choices = [SelectChoice(q.id, f"{q.title} ({q.id})") for q, _ in choices]
    form.optional_units.choices = [
        SelectChoice(u.id, f"{u.code} {u.title}", render_kw={"data-qualification": q.id})
        for q, units in choices for u in units]
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


def criterion_choices(units) -> list[SelectChoice]:
    """The criteria picker's choices, by unit: "b: how to deal with an angry customer" (the
    bare number and text ran together as "b how to deal ...")."""
    return [SelectChoice(c.id, f"{c.number}: {c.text}", optgroup=u.code)
            for u in units for c in u.criteria]


def _quiz_form(cohort, data: dict | None = None) -> QuizForm:
    """The quiz form with the cohort's units, criteria and the role-plays to choose from."""
    form = QuizForm(data=data) if data is not None else QuizForm()
    units = cohort_units(cohort)
    form.units.choices = [SelectChoice(u.id, f"{u.code} {u.title}") for u in units]
    form.criteria.choices = criterion_choices(units)
    form.scenarios.choices = [SelectChoice(s["id"], s["title"]) for s in roleplays.listing()]
    return form


def _tutor_zone() -> str:
    """The tutor's time zone (the ``tz`` cookie static/tz.js sets; Europe/London otherwise):
    the quiz form's dates are typed in it, and the quiz service reads them in it."""
    return zone(request.cookies.get("tz")).key


def _local(value: datetime | None) -> datetime | None:
    """A stored (UTC) date-time as the form shows it, in the tutor's time zone."""
    return value.astimezone(zone(request.cookies.get("tz"))).replace(tzinfo=None) if value else None


def _quiz_values(form: QuizForm) -> dict:
    """The form's settings; its dates carry no offset (the service reads them in the tutor's
    zone)."""
    return {"title": form.title.data, "units": form.units.data, "criteria": form.criteria.data,
            "scenarios": form.scenarios.data, "questions": form.questions.data,
            "selection": form.selection.data, "opens": form.opens.data,
            "due": form.due.data, "attempts": form.attempts.data,
            "feedback": form.feedback.data}


def _form_errors(form) -> str:
    """The form's field errors in one sentence, shown above the form."""
    return " ".join(f"{getattr(form, field).label.text}: {'; '.join(errors)}."
                    for field, errors in form.errors.items())


def _cohort_page(cohort, quiz_form: QuizForm, status: int = 200, quiz_error: str = ""):
    join_url = url_for("auth.register", code=cohort.join_code, _external=True)
    units = {u.id: u for u in cohort.qualification.units}
    own = authoring.cohort_questions(current_user, cohort.id)
    learners = cohort_service.learners(cohort)
    return render_template(
        "tutor/cohort.html", cohort=cohort, learners=learners,
        staff=[m for m in cohort.members if m.role != "learner"],
        optional=[units[u] for u in cohort.optional_units or [] if u in units],
        quiz_form=quiz_form, quiz_error=quiz_error, assessor_form=AssessorForm(),
        qr=cohort_service.join_qr_svg(cohort, join_url), join_url=join_url,
        removed=cohort_service.removed_learners(cohort),
        results=quiz_results.results(current_user, cohort.id),
        practice_weeks=practice_time.recent_weeks(learners),
        break_minutes=practice_time.BREAK_MINUTES, csv_weeks=practice_time.DEFAULT_WEEKS,
        own_questions=own, proposals=bank_store.proposals_for(own),
    ), status


@bp.get("/cohorts/<int:cohort_id>")
@role_required("tutor")
def cohort(cohort_id: int):
    cohort = cohort_service.require_member(current_user, cohort_id, ("tutor",))
    return _cohort_page(cohort, _quiz_form(cohort))


@bp.post("/cohorts/<int:cohort_id>/quizzes")
@role_required("tutor")
def set_quiz(cohort_id: int):
    """Set a quiz; on an error, the page again with everything typed kept."""
    cohort = cohort_service.require_member(current_user, cohort_id, ("tutor",))
    form = _quiz_form(cohort)
    if form.validate_on_submit():
        values = _quiz_values(form)
        try:
            quizzes.create_quiz(current_user, cohort.id, values.pop("title"),
                                questions=values.pop("questions"),
                                attempts=values.pop("attempts"),
                                feedback_mode=values.pop("feedback"), zone=_tutor_zone(),
                                **values)
        except ServiceError as exc:
            return _cohort_page(cohort, form, 400, quiz_error=exc.message)
        flash(f"Quiz “{form.title.data}” set.", "ok")
        return redirect(url_for("tutor.cohort", cohort_id=cohort.id) + "#quizzes")
    return _cohort_page(cohort, form, 400, quiz_error=_form_errors(form))


@bp.route("/cohorts/<int:cohort_id>/quizzes/<int:quiz_id>/edit", methods=["GET", "POST"])
@role_required("tutor")
def edit_quiz(cohort_id: int, quiz_id: int):
    quiz = quizzes.tutor_quiz(current_user, cohort_id, quiz_id)
    data = None if request.method == "POST" else {
        "title": quiz.title, "units": quiz.units, "criteria": quiz.criteria,
        "scenarios": quiz.scenarios, "questions": quiz.question_count,
        "selection": quiz.selection, "opens": _local(quiz.opens_at), "due": _local(quiz.due_at),
        "attempts": quiz.attempts_allowed, "feedback": quiz.feedback_mode}
    form = _quiz_form(quiz.cohort, data)
    error = ""
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                quizzes.update_quiz(current_user, cohort_id, quiz_id, _quiz_values(form),
                                    zone=_tutor_zone())
            except ServiceError as exc:
                error = exc.message
            else:
                flash(f"Quiz “{form.title.data}” saved.", "ok")
                return redirect(url_for("tutor.cohort", cohort_id=cohort_id) + "#quizzes")
        else:
            error = _form_errors(form)
    return render_template("tutor/quiz_edit.html", cohort=quiz.cohort, quiz=quiz,
                           quiz_form=form, quiz_error=error), 400 if error else 200


@bp.post("/cohorts/<int:cohort_id>/quizzes/<int:quiz_id>/copy")
@role_required("tutor")
def copy_quiz(cohort_id: int, quiz_id: int):
    copy = quizzes.duplicate_quiz(current_user, cohort_id, quiz_id)
    flash(f"Copied as “{copy.title}”: set its dates and save.", "ok")
    return redirect(url_for("tutor.edit_quiz", cohort_id=cohort_id, quiz_id=copy.id))


@bp.post("/cohorts/<int:cohort_id>/quizzes/<int:quiz_id>/delete")
@role_required("tutor")
def delete_quiz(cohort_id: int, quiz_id: int):
    quiz = quizzes.tutor_quiz(current_user, cohort_id, quiz_id)
    title = quiz.title
    outcome = quizzes.delete_quiz(current_user, cohort_id, quiz_id)
    flash(f"Quiz “{title}” deleted." if outcome == "deleted" else
          f"Quiz “{title}” archived: learners had started it, so their answers are kept.", "ok")
    return redirect(url_for("tutor.cohort", cohort_id=cohort_id) + "#quizzes")


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


@bp.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/reset-link")
@role_required("tutor")
def reset_link(cohort_id: int, user_id: int):
    """A one-time password-reset link for a learner of the cohort, shown once."""
    cohort = cohort_service.require_member(current_user, cohort_id, ("tutor",))
    token = resets.issue(current_user, user_id)
    return render_template("tutor/reset_link.html", learner=user_service.get(user_id),
                           expires=utcnow() + resets.LIFETIME,
                           back_url=url_for("tutor.cohort", cohort_id=cohort.id) + "#people",
                           back_label=f"Back to {cohort.name}",
                           link=url_for("reset.choose_password", token=token, _external=True))


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
    return csv_download(quiz_results.results_csv(current_user, cohort_id),
                        f"cohort-{cohort_id}-results.csv")


@bp.route("/cohorts/<int:cohort_id>/questions/new", methods=["GET", "POST"])
@role_required("tutor")
def new_question(cohort_id: int):
    """Write a question: propose key points from the model answer, edit them as a list, test
    them on sample responses, save."""
    cohort = cohort_service.require_member(current_user, cohort_id, ("tutor",))
    return _question_editor(cohort)


@bp.route("/cohorts/<int:cohort_id>/questions/<question_id>/edit", methods=["GET", "POST"])
@role_required("tutor")
def edit_question(cohort_id: int, question_id: str):
    """Change one of the cohort's own questions with the same editor."""
    question = authoring.own_question(current_user, cohort_id, question_id)
    return _question_editor(cohort_service.get_cohort(cohort_id), question)


@bp.post("/cohorts/<int:cohort_id>/questions/<question_id>/retire")
@role_required("tutor")
def retire_question(cohort_id: int, question_id: str):
    question = authoring.retire(current_user, cohort_id, question_id)
    flash(f"Question retired: learners will not be asked “{question.prompt[:60]}” again. "
          "Answers to it are kept.", "ok")
    return redirect(url_for("tutor.cohort", cohort_id=cohort_id) + "#own-questions")


def _question_editor(cohort, question=None):
    """The editor's page and its three actions: propose, test, save."""
    data = None
    if question is not None and request.method == "GET":
        data = {"prompt": question.prompt, "model_answer": question.model_answer,
                "hint": question.hint, "criteria": [c.id for c in question.criteria]}
    form = QuestionForm(data=data) if data is not None else QuestionForm()
    form.criteria.choices = criterion_choices(cohort.qualification.units)
    action = request.form.get("action")
    unreadable = None
    if data is not None:
        rubric, samples = question.rubric, list(question.test_responses or [])
    else:
        samples = rubric_form.samples(request.form)
        try:
            rubric = rubric_form.rubric(request.form)
        except ServiceError as exc:  # nested too deep to read
            rubric, unreadable = None, exc.message
    results = None
    if unreadable:
        flash(unreadable, "error")
    elif form.validate_on_submit():
        try:
            if action == "propose" or not rubric or not (rubric.get("concepts")
                                                           or rubric.get("groups")):
                rubric = authoring.propose(form.prompt.data, form.model_answer.data)
                flash("Key points proposed from your model answer: edit them, add sample "
                      "responses, then test.", "ok")
            elif action == "save":
                fields = {"prompt": form.prompt.data, "model_answer": form.model_answer.data,
                          "criteria": form.criteria.data, "rubric": rubric, "samples": samples,
                          "hint": form.hint.data}
                if question is None:
                    saved = authoring.save(current_user, cohort.id, **fields)
                else:
                    saved = authoring.update(current_user, cohort.id, question.id, **fields)
                flash(f"Question saved to the cohort's bank ({saved.id}).", "ok")
                return redirect(url_for("tutor.cohort", cohort_id=cohort.id) + "#own-questions")
            else:
                results = authoring.test(rubric, samples, form.model_answer.data)
        except ServiceError as exc:
            if exc.kind in (ErrorKind.FORBIDDEN, ErrorKind.NOT_FOUND):
                raise
            flash(exc.message, "error")
    model = form.model_answer.data if isinstance(form.model_answer.data, str) else ""
    return render_template("tutor/question.html", cohort=cohort, form=form, results=results,
                           question=question, editor=rubric_form.rows(rubric),
                           samples=rubric_form.sample_rows(samples),
                           bands=[(str(b), b.label) for b in Band],
                           short_most=authoring.SHORT_ANSWER_MOST,
                           short_limit=authoring.short_answer_limit(model) if model.strip()
                           else None)
