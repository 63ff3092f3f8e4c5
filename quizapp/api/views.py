"""Thin handlers for sign-in, the catalogue and practice: the request is validated by its
model (``quizapp.api.schemas``), a service does the work, the reply is JSON."""

from __future__ import annotations

from flask import g, jsonify
from flask_login import current_user, logout_user

from quizapp.api import bp
from quizapp.api import schemas as s
from quizapp.api.auth import account, allow, own_session, require_user
from quizapp.api.errors import error_response
from quizapp.api.spec import Response, document, spec
from quizapp.ratelimits import login_limits
from quizapp.services import catalogue as catalogue_service
from quizapp.services import learner_progress, practice, reviews, roleplays, users


@bp.get("/openapi.json")
def openapi():
    """This document."""
    return jsonify(document())


@bp.post("/auth/login")
@login_limits
@spec.validate(json=s.LoginIn, resp=Response(HTTP_200=s.LoginOut, HTTP_401=None, HTTP_429=None),
               security={}, tags=["auth"])
def login(json: s.LoginIn):
    """Log in for an expiring bearer token (stored hashed)."""
    user = users.authenticate(json.username, json.password)
    if user is None:
        return error_response(401, "That username and password don't match.")
    return jsonify({"token": users.issue_token(user), "user": user.to_dict()})


@bp.post("/auth/logout")
@require_user()
@spec.validate(resp=Response(HTTP_204=None, HTTP_401=None), tags=["auth"])
def logout():
    """Revoke the token this call carries (or log this browser out): it works no more."""
    if g.token:
        users.revoke_token(g.token)
    else:
        users.revoke_token(current_user.login_token)
        logout_user()
    return "", 204


@bp.post("/me/password")
@require_user()
@spec.validate(json=s.PasswordIn, resp=Response(HTTP_204=None, HTTP_400=None), tags=["auth"])
def change_password(json: s.PasswordIn):
    """Change the caller's password: every other login and token is revoked (the token this
    call carries keeps working)."""
    users.change_password(account(), json.current_password, json.new_password, keep=g.token)
    if not g.token:
        logout_user()
    return "", 204


@bp.get("/catalogue")
@require_user()
@spec.validate(resp=Response(HTTP_200=s.CatalogueOut), tags=["practice"])
def catalogue():
    """The qualifications, their units and criteria, and the role-play scenarios."""
    return jsonify(catalogue_service.catalogue())


@bp.post("/practice")
@require_user()
@spec.validate(json=s.StartPracticeIn, resp=Response(HTTP_201=s.SessionOut, HTTP_404=None),
               tags=["practice"])
def start_practice(json: s.StartPracticeIn):
    """Start a practice session: a unit, some criteria, a role-play scenario, the questions
    not yet secure in an earlier session (``retry_of``), or a spaced review (``review``)."""
    if json.scenario:
        session = roleplays.start_scenario(g.caller, json.scenario)
        turn = roleplays.turn_for(session, roleplays.first_turn_lines(session))
    else:
        if json.retry_of:
            session = practice.retry_session(g.caller, json.retry_of)
        elif json.review:
            session = reviews.start_review(g.caller)
        else:
            session = practice.start_practice(g.caller, unit_id=json.unit, criteria=json.criteria)
        turn = practice.current_turn(session)
    return jsonify({"session": session.id, "turn": turn}), 201


@bp.get("/practice/<session_id>")
@require_user()
@allow(own_session)
@spec.validate(resp=Response(HTTP_200=s.StateOut, HTTP_404=None), tags=["practice"])
def practice_state(session_id: str):
    """Everything the chat needs to redraw itself: the current turn and the history."""
    return jsonify(practice.session_state(g.caller, session_id))


@bp.post("/practice/<session_id>/answer")
@require_user()
@allow(own_session)
@spec.validate(json=s.AnswerIn, resp=Response(HTTP_200=s.AnswerOut, HTTP_409=None,
                                              HTTP_404=None, HTTP_413=None), tags=["practice"])
def answer(session_id: str, json: s.AnswerIn):
    """Mark an answer to the turn it names (``question_id`` or ``turn_id``), exactly once per
    ``client_id``. Naming the question just answered again is another try; a stale turn is
    409 with the current turn."""
    return jsonify(practice.submit_answer(
        g.caller, session_id, json.text, json.client_id,
        question_id=json.question_id, turn_id=json.turn_id))


@bp.post("/practice/<session_id>/skip")
@require_user()
@allow(own_session)
@spec.validate(json=s.SkipIn, resp=Response(HTTP_200=s.AnswerOut, HTTP_409=None, HTTP_404=None),
               tags=["practice"])
def skip(session_id: str, json: s.SkipIn):
    """Skip the question named: recorded (not as evidence), model answer shown, move on."""
    return jsonify(practice.skip_question(g.caller, session_id, json.client_id,
                                          question_id=json.question_id))


@bp.get("/practice/<session_id>/hint")
@require_user()
@allow(own_session)
@spec.validate(query=s.HintQuery, resp=Response(HTTP_200=s.HintOut, HTTP_409=None,
                                                HTTP_404=None), tags=["practice"])
def hint(session_id: str, query: s.HintQuery):
    """A hint for the current question (or the question named)."""
    return jsonify(practice.hint(g.caller, session_id, question_id=query.question_id))


@bp.get("/practice/<session_id>/summary")
@require_user()
@allow(own_session)
@spec.validate(resp=Response(HTTP_200=s.SummaryOut, HTTP_404=None), tags=["practice"])
def summary(session_id: str):
    """The session's score and each question with the learner's best answer and band."""
    return jsonify(practice.summary(g.caller, session_id))


@bp.get("/me/progress")
@require_user()
@spec.validate(query=s.UnitQuery, resp=Response(HTTP_200=s.ProgressOut), tags=["progress"])
def my_progress(query: s.UnitQuery):
    """The caller's status on each criterion (of one unit, if given); a check quiz's answers
    count from its due date."""
    return jsonify({"criteria": learner_progress.progress_report(g.caller.id, query.unit)})

