"""Thin handlers: validate the request shape, call a service, return JSON."""

from __future__ import annotations

from flask import g, jsonify, request

from quizapp.api import bp
from quizapp.api.auth import require_user
from quizapp.api.errors import error_response
from quizapp.api.openapi import OPENAPI
from quizapp.ratelimits import login_limits
from quizapp.services import ServiceError, practice, users
from quizapp.services import catalogue as catalogue_service
from quizapp.services import learner_progress
from quizapp.services import roleplays


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def json_body() -> dict:
    """The request's JSON object; text may not contain NUL characters (no database stores them)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ServiceError("Send a JSON object in the request body (strict JSON: no NaN or "
                           "Infinity, no lone surrogates).")
    if _has_nul(data):
        raise ServiceError("Text can't contain NUL (\\u0000) characters.")
    return data


@bp.get("/openapi.json")
def openapi():
    return jsonify(OPENAPI)


@bp.post("/auth/login")
@login_limits
def login():
    data = json_body()
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise ServiceError("Send a username and a password.")
    user = users.authenticate(username, password)
    if user is None:
        return error_response(401, "That username and password don't match.")
    return jsonify({"token": users.issue_token(user), "user": user.to_dict()})


@bp.get("/catalogue")
@require_user()
def catalogue():
    return jsonify(catalogue_service.catalogue())


@bp.post("/practice")
@require_user(account=False)
def start_practice():
    data = json_body()
    if "scenario" in data:
        if not isinstance(data["scenario"], str):
            raise ServiceError("scenario must be a scenario ID string.")
        session = roleplays.start_scenario(g.caller, data["scenario"])
        return jsonify({"session": session.id, "turn": roleplays.turn_for(
            session, roleplays.first_turn_lines(session))}), 201
    unit, criteria = data.get("unit"), data.get("criteria")
    if unit is not None and not isinstance(unit, str):
        raise ServiceError("unit must be a unit ID string.")
    if criteria is not None and (
        not isinstance(criteria, list) or not all(isinstance(c, str) for c in criteria)
    ):
        raise ServiceError("criteria must be a list of criterion ID strings.")
    session = practice.start_practice(g.caller, unit_id=unit, criteria=criteria)
    return jsonify({"session": session.id, "turn": practice.current_turn(session)}), 201


@bp.get("/practice/<session_id>")
@require_user(account=False)
def practice_state(session_id: str):
    return jsonify(practice.session_state(g.caller, session_id))


@bp.post("/practice/<session_id>/answer")
@require_user(account=False)
def answer(session_id: str):
    data = json_body()
    return jsonify(practice.submit_answer(g.caller, session_id, data.get("text"),
                                          data.get("client_id"), row=g.session_row))


@bp.post("/practice/<session_id>/skip")
@require_user(account=False)
def skip(session_id: str):
    data = json_body()
    return jsonify(practice.skip_question(g.caller, session_id, data.get("client_id"),
                                          row=g.session_row))


@bp.get("/practice/<session_id>/hint")
@require_user(account=False)
def hint(session_id: str):
    return jsonify(practice.hint(g.caller, session_id))


@bp.get("/me/progress")
@require_user(account=False)
def my_progress():
    unit = request.args.get("unit") or None
    return jsonify({"criteria": learner_progress.progress_report(g.caller.id, unit)})
