"""Cohorts, registration by join code, quizzes and results."""

from __future__ import annotations

from flask import g, jsonify

from quizapp.api import bp
from quizapp.api.auth import require_user
from quizapp.api.views import json_body
from quizapp.services import ServiceError, authoring, practice, quizzes
from quizapp.services import cohorts as cohort_service
from quizapp.services import roleplays
from quizapp.downloads import csv_download


def _int(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(f"{field} must be a whole number.")
    return value


@bp.post("/auth/register")
def register():
    data = json_body()
    for field in ("username", "password", "join_code"):
        if not isinstance(data.get(field), str):
            raise ServiceError(f"Send {field} as a string.")
    user, cohort = cohort_service.register(data["username"], data["password"], data["join_code"])
    return jsonify({"user": user.to_dict(), "cohort": {"id": cohort.id, "name": cohort.name}}), 201


@bp.post("/cohorts")
@require_user("tutor", "admin")
def create_cohort():
    data = json_body()
    units = data.get("optional_units") or []
    if not isinstance(units, list):
        raise ServiceError("optional_units must be a list of unit IDs.")
    cohort = cohort_service.create_cohort(g.api_user, data.get("name"), data.get("qualification"),
                                          units)
    return jsonify({"id": cohort.id, "join_code": cohort.join_code}), 201


@bp.post("/cohorts/join")
@require_user()
def join_cohort():
    cohort = cohort_service.join(g.api_user, json_body().get("code"))
    return jsonify({"id": cohort.id, "name": cohort.name, "qualification": cohort.qualification_id})


@bp.post("/cohorts/<int:cohort_id>/assessors")
@require_user("tutor", "admin")
def attach_assessor(cohort_id: int):
    data = json_body()
    member = cohort_service.attach_staff(g.api_user, cohort_id, data.get("username"), "assessor")
    return jsonify({"cohort": cohort_id, "user": member.user.to_dict()}), 201


@bp.delete("/cohorts/<int:cohort_id>/learners/<int:user_id>")
@require_user("tutor", "admin")
def remove_learner(cohort_id: int, user_id: int):
    cohort_service.remove_learner(g.api_user, cohort_id, user_id)
    return "", 204


@bp.post("/cohorts/<int:cohort_id>/quizzes")
@require_user("tutor", "admin")
def create_quiz(cohort_id: int):
    data = json_body()
    quiz = quizzes.create_quiz(
        g.api_user, cohort_id, data.get("title"),
        units=data.get("units"), criteria=data.get("criteria"), scenarios=data.get("scenarios"),
        questions=_int(data.get("questions", 10), "questions"),
        selection=data.get("selection", "random"),
        opens=data.get("opens"), due=data.get("due"),
        attempts=_int(data.get("attempts", 1), "attempts"),
        feedback_mode=data.get("feedback", "immediate"),
    )
    return jsonify({"id": quiz.id}), 201


@bp.get("/me/quizzes")
@require_user()
def my_quizzes():
    return jsonify({"quizzes": quizzes.learner_quizzes(g.api_user)})


@bp.post("/quizzes/<int:quiz_id>/start")
@require_user()
def start_quiz(quiz_id: int):
    session = quizzes.start_quiz(g.api_user, quiz_id)
    if session.scenario_id and not session.answers:  # a fresh run opens with the customer
        turn = roleplays.turn_for(session, roleplays.first_turn_lines(session))
    else:
        turn = practice.current_turn(session)
    return jsonify({"session": session.id, "turn": turn}), 201


@bp.get("/cohorts/<int:cohort_id>/results")
@require_user()
def cohort_results(cohort_id: int):
    return jsonify(quizzes.results(g.api_user, cohort_id))


@bp.get("/cohorts/<int:cohort_id>/results.csv")
@require_user()
def cohort_results_csv(cohort_id: int):
    return csv_download(quizzes.results_csv(g.api_user, cohort_id),
                        f"cohort-{cohort_id}-results.csv")


@bp.post("/cohorts/<int:cohort_id>/questions/propose")
@require_user("tutor", "admin")
def propose_rubric(cohort_id: int):
    cohort_service.require_member(g.api_user, cohort_id, ("tutor",))
    data = json_body()
    return jsonify({"rubric": authoring.propose(data.get("prompt"), data.get("model_answer"))})


@bp.post("/cohorts/<int:cohort_id>/questions/test")
@require_user("tutor", "admin")
def test_rubric(cohort_id: int):
    cohort_service.require_member(g.api_user, cohort_id, ("tutor",))
    data = json_body()
    return jsonify({"results": authoring.test(data.get("rubric"), data.get("responses") or [],
                                              data.get("model_answer"))})


@bp.post("/cohorts/<int:cohort_id>/questions")
@require_user("tutor", "admin")
def save_question(cohort_id: int):
    data = json_body()
    question = authoring.save(
        g.api_user, cohort_id, prompt=data.get("prompt"), model_answer=data.get("model_answer"),
        criteria=data.get("criteria"), rubric=data.get("rubric"),
        samples=data.get("responses") or [], hint=data.get("hint"))
    return jsonify({"id": question.id}), 201


@bp.get("/cohorts/<int:cohort_id>/questions")
@require_user()
def list_questions(cohort_id: int):
    return jsonify({"questions": [
        {"id": q.id, "prompt": q.prompt, "model_answer": q.model_answer,
         "criteria": q.criterion_ids,
         "rubric": q.rubric, "test_responses": q.test_responses, "flagged": q.flagged}
        for q in authoring.cohort_questions(g.api_user, cohort_id)]})
