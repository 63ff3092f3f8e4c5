from datetime import datetime

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from quizapp.http_status import status_of
from quizapp.learner import bp
from quizapp.models._types import utcnow
from quizapp.ratelimits import join_limits
from quizapp.services import (
    ServiceError,
    feedback,
    goals,
    learner_home,
    learner_progress,
    quizzes,
    reviews,
    roleplays,
)
from quizapp.services import catalogue as catalogue_service
from quizapp.services import cohorts as cohort_service


class JoinForm(FlaskForm):
    code = StringField("Join code", validators=[DataRequired(), Length(max=16)])


def _my_qualifications() -> list[learner_home.QualificationShare]:
    """The qualifications of the learner's cohorts (else those they have practised)."""
    ids = (learner_home.learner_qualification_ids(current_user.id)
           or learner_home.practised_qualification_ids(current_user.id))
    return learner_home.qualification_shares(current_user.id, ids)


def _how_far(found: dict) -> str | None:
    """How far an unfinished session got, in words: the question or reply the learner is at of
    how many, or (a branching role-play with no fixed count) the replies given so far."""
    answered, total = found["answered"], found["total"]
    thing = "reply" if found["kind"] == "scenario" else "question"
    if total:
        return f"{thing} {answered + 1} of {total}"
    if found["kind"] != "scenario":
        return None
    if not answered:
        return "no replies yet"
    return f"{answered} {'reply' if answered == 1 else 'replies'} so far"


def _continue_link(found: dict | None) -> dict | None:
    """Where "Continue" goes for an unfinished session, what to call it and how far it got."""
    if found is None:
        return None
    sid = found["id"]
    found = {**found, "where": _how_far(found)}
    if found["quiz_id"]:
        quiz = quizzes.get_quiz(found["quiz_id"])
        return {"title": quiz.title, "url": url_for("learner.quiz", quiz_id=quiz.id, session=sid),
                **found}
    if found["kind"] == "scenario":
        record = roleplays.get_record(found["scenario_id"])
        return {"title": record.title,
                "url": url_for("learner.scenario", scenario_id=record.id, session=sid), **found}
    unit_id = found["unit_id"] or learner_home.unit_of_criteria(found["criteria"])
    unit = catalogue_service.get_unit(unit_id) if unit_id else None
    if unit is None:
        return None
    criteria = None if found["unit_id"] else ",".join(found["criteria"])  # a Practise next run
    return {"title": f"{unit.code}: {unit.title}", **found,
            "url": url_for("learner.chat", unit_id=unit.id, session=sid, criteria=criteria)}


def _join_form_handled(form: JoinForm):
    """Join a cohort by code: a redirect when it worked, else None and the page's status (a
    wrong code is a 404, which the join limits count)."""
    if not form.validate_on_submit():
        return None, 200
    try:
        cohort = cohort_service.join(current_user, form.code.data)
    except ServiceError as exc:
        flash(exc.message, "error")
        return None, status_of(exc)
    flash(f"You have joined {cohort.name}.", "ok")
    return redirect(url_for("learner.home")), 200


@bp.route("/", methods=["GET", "POST"])
@login_required
@join_limits
def home():
    """Continue, the learner's own qualification(s) with each unit's share secure, "Practise
    next", quizzes set by the tutor; everything else behind one link (``browse``)."""
    form = JoinForm()
    done, status = _join_form_handled(form)
    if done is not None:
        return done
    shares = _my_qualifications()
    unit, weakest = learner_home.weakest_criteria(shares)
    assigned = quizzes.learner_quizzes(current_user) if current_user.role == "learner" else []
    now = utcnow()
    for q in assigned:  # past its due date and not finished: say so
        q["overdue"] = bool(q.get("due") and q.get("status") != "finished"
                            and datetime.fromisoformat(q["due"]) <= now)
    mine = {u.id for q in shares for u in q.units}
    listing = roleplays.listing()
    units_of = learner_home.criterion_units([c for s in listing for c in s["criteria"]])
    scenarios = [s for s in listing if any(units_of.get(c) in mine for c in s["criteria"])]
    return render_template(
        "learner/home.html", shares=shares, next_unit=unit, weakest=weakest,
        review=reviews.due_summary(current_user), streak=goals.streak(current_user),
        resume=_continue_link(learner_home.unfinished_session(current_user.id)),
        quizzes=assigned, scenarios=scenarios, join_form=form,
        remarked=feedback.unseen_count(current_user.id)), status


@bp.route("/all", methods=["GET", "POST"])
@login_required
@join_limits
def browse():
    """Every qualification and role-play, and joining a class by code."""
    form = JoinForm()
    done, status = _join_form_handled(form)
    if done is not None:
        return done
    return render_template("learner/browse.html", catalogue=catalogue_service.catalogue(),
                           join_form=form), status


@bp.get("/scenario/<scenario_id>")
@login_required
def scenario(scenario_id: str):
    """Play a scenario in the chat: the bot is the customer. ``?session=`` resumes one; else
    the learner's unfinished run of it, if any, carries on."""
    record = roleplays.get_record(scenario_id)
    resume = (request.args.get("session")
              or learner_home.unfinished_scenario(current_user.id, record.id))
    return render_template("learner/chat.html", scenario=record, quiz=None, unit=None,
                           criteria_names=learner_home.criterion_texts(list(record.criteria)),
                           resume=resume)


@bp.get("/quiz/<int:quiz_id>")
@login_required
def quiz(quiz_id: int):
    """Take a quiz in the chat."""
    quiz = quizzes.get_quiz(quiz_id)
    if cohort_service.member_role(current_user, quiz.cohort) != "learner":
        abort(403)
    info = quizzes.quiz_summary(quiz, current_user)
    overdue = quiz.due_at is not None and quiz.due_at <= utcnow()
    return render_template("learner/chat.html", quiz=quiz, unit=None, scenario=None, info=info,
                           overdue=overdue, resume=request.args.get("session"),
                           last_finished=learner_home.last_finished_attempt(current_user.id,
                                                                            quiz.id))


@bp.get("/practice/<unit_id>")
@login_required
def chat(unit_id: str):
    """The chat page; the conversation itself runs through the JSON API. ``?criteria=a,b``
    practises only those criteria of the unit ("Practise next"); ``?session=`` resumes one; else
    the learner's unfinished run of the unit (or of just those criteria), if any, carries on."""
    unit = catalogue_service.get_unit(unit_id)
    if unit is None:
        abort(404)
    asked = [c for c in (request.args.get("criteria") or "").split(",") if c]
    own = {c.id for c in unit.criteria}
    criteria = [c for c in asked if c in own]
    start_body: dict[str, str | list[str]] = {"unit": unit.id}
    key = f"unit-{unit.id}"
    if criteria:
        start_body, key = {"criteria": criteria}, f"focus-{unit.id}-{'+'.join(sorted(criteria))}"
    resume = (request.args.get("session")
              or learner_home.unfinished_practice(current_user.id, unit.id, criteria))
    return render_template("learner/chat.html", unit=unit, quiz=None, scenario=None,
                           start_body=start_body, key=key, resume=resume)


@bp.get("/review")
@login_required
def review():
    """The chat for a spaced review session (``POST /api/v1/practice {"review": true}``): the
    learner's unfinished one of the last day, else a new one."""
    return render_template("learner/chat.html", review=True, unit=None, quiz=None, scenario=None,
                           start_body={"review": True}, key="review",
                           resume=learner_home.unfinished_review(current_user.id))


@bp.get("/progress")
@bp.get("/progress/<unit_id>")
@login_required
def progress(unit_id: str | None = None):
    """My progress: the learner's own qualification(s), unit by unit, in plain words."""
    shares = _my_qualifications()
    if unit_id:
        for q in shares:
            q.units = [u for u in q.units if u.id == unit_id]
        shares = [q for q in shares if q.units]
        if not shares:
            unit = catalogue_service.get_unit(unit_id)
            if unit is None:
                abort(404)
            shares = learner_home.qualification_shares(current_user.id, [unit.qualification_id])
            for q in shares:
                q.units = [u for u in q.units if u.id == unit_id]
    ids = [c["id"] for q in shares for u in q.units for c in u.criteria]
    return render_template("learner/progress.html", shares=shares, unit_id=unit_id,
                           words=learner_home.STATUS_WORDS,
                           unseen=feedback.unseen_by_criterion(current_user.id, ids))


@bp.get("/progress/<unit_id>/<criterion_id>")
@login_required
def criterion_answers(unit_id: str, criterion_id: str):
    """The learner's own answers to one criterion, newest first, with the feedback given and
    any assessor's re-mark ("New" until seen: showing them here counts as seeing them)."""
    unit = catalogue_service.get_unit(unit_id)
    criterion = next((c for c in unit.criteria if c.id == criterion_id), None) if unit else None
    if criterion is None:
        abort(404)
    history = feedback.answer_history(current_user.id, [criterion.id])[criterion.id]
    row = learner_progress.shown_statuses(current_user.id, [criterion.id]).get(criterion.id)
    status = row.status if row else "not_evidenced"
    page = render_template("learner/criterion.html", unit=unit, criterion=criterion,
                           history=history, status=status,
                           status_label=learner_home.STATUS_WORDS.get(status, status))
    new = [a["answer_id"] for a in history if any(r["new"] for r in a["remarks"])]
    if new:
        feedback.mark_seen(current_user, new)
    return page


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest, at the site's root so its scope is the whole app."""
    return send_from_directory(str(current_app.static_folder), "manifest.webmanifest",
                               mimetype="application/manifest+json", max_age=3600)


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says: the 32 px icon."""
    return send_from_directory(str(current_app.static_folder), "icons/favicon-32.png",
                               mimetype="image/png", max_age=86400)
