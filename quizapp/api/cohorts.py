"""Cohorts, registration by join code, quizzes, results and tutors' own questions."""

from __future__ import annotations

from flask import jsonify, url_for

from quizapp.api import bp
from quizapp.api import schemas as s
from quizapp.api.auth import account, allow, cohort_tutor, require_user
from quizapp.api.spec import Response, spec
from quizapp.downloads import csv_download
from quizapp.models._types import utcnow
from quizapp.ratelimits import join_limits, register_limits
from quizapp.services import (
    authoring,
    bank_store,
    practice,
    quiz_results,
    quizzes,
    resets,
    roleplays,
)
from quizapp.services import cohorts as cohort_service

TUTORS = ("tutor", "admin")


@bp.post("/auth/register")
@register_limits
@spec.validate(json=s.RegisterIn, resp=Response(HTTP_201=None, HTTP_404=None, HTTP_409=None,
                                                 HTTP_429=None),
               security={}, tags=["auth"])
def register(json: s.RegisterIn):
    """A new learner account, straight into the cohort of the join code."""
    user, cohort = cohort_service.register(json.username, json.password, json.join_code)
    return jsonify({"user": user.to_dict(), "cohort": {"id": cohort.id, "name": cohort.name}}), 201


@bp.post("/cohorts")
@require_user(*TUTORS)
@spec.validate(json=s.CohortIn, resp=Response(HTTP_201=s.CohortOut), tags=["cohorts"])
def create_cohort(json: s.CohortIn):
    """A tutor creates a cohort on a qualification and gets its join code."""
    cohort = cohort_service.create_cohort(account(), json.name, json.qualification,
                                          json.optional_units)
    return jsonify({"id": cohort.id, "join_code": cohort.join_code}), 201


@bp.post("/cohorts/join")
@require_user("learner")
@join_limits
@spec.validate(json=s.JoinIn, resp=Response(HTTP_200=s.JoinedOut, HTTP_403=None, HTTP_404=None,
                                            HTTP_429=None),
               tags=["cohorts"])
def join_cohort(json: s.JoinIn):
    """A learner joins a cohort by its code."""
    cohort = cohort_service.join(account(), json.code)
    return jsonify({"id": cohort.id, "name": cohort.name, "qualification": cohort.qualification_id})


@bp.post("/cohorts/<int:cohort_id>/assessors")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(json=s.StaffIn, resp=Response(HTTP_201=None, HTTP_404=None), tags=["cohorts"])
def attach_assessor(cohort_id: int, json: s.StaffIn):
    """The cohort's tutor attaches an assessor by username."""
    member = cohort_service.attach_staff(account(), cohort_id, json.username, "assessor")
    return jsonify({"cohort": cohort_id, "user": member.user.to_dict()}), 201


@bp.delete("/cohorts/<int:cohort_id>/learners/<int:user_id>")
@require_user(*TUTORS)
@spec.validate(resp=Response(HTTP_204=None, HTTP_404=None), tags=["cohorts"])
def remove_learner(cohort_id: int, user_id: int):
    """Remove a learner from the cohort (their answers are kept)."""
    cohort_service.remove_learner(account(), cohort_id, user_id)
    return "", 204


@bp.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/readmit")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(resp=Response(HTTP_204=None, HTTP_404=None), tags=["cohorts"])
def readmit_learner(cohort_id: int, user_id: int):
    """Let a removed learner back into the cohort."""
    cohort_service.readmit_learner(account(), cohort_id, user_id)
    return "", 204


@bp.post("/cohorts/<int:cohort_id>/code")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(resp=Response(HTTP_200=s.JoinCodeOut, HTTP_404=None), tags=["cohorts"])
def rotate_code(cohort_id: int):
    """A new join code for the cohort: the old one stops working."""
    return jsonify({"join_code": cohort_service.rotate_code(account(), cohort_id).join_code})


@bp.post("/cohorts/<int:cohort_id>/quizzes")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(json=s.QuizIn, resp=Response(HTTP_201=s.CreatedOut, HTTP_404=None),
               tags=["quizzes"])
def create_quiz(cohort_id: int, json: s.QuizIn):
    """Set a quiz for the cohort from units, criteria or role-play scenarios."""
    quiz = quizzes.create_quiz(
        account(), cohort_id, json.title, units=json.units, criteria=json.criteria,
        scenarios=json.scenarios, questions=json.questions, selection=json.selection,
        opens=json.opens, due=json.due, attempts=json.attempts, feedback_mode=json.feedback)
    return jsonify({"id": quiz.id}), 201


@bp.patch("/cohorts/<int:cohort_id>/quizzes/<int:quiz_id>")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(json=s.QuizPatch, resp=Response(HTTP_200=s.QuizOut, HTTP_404=None),
               tags=["quizzes"])
def update_quiz(cohort_id: int, quiz_id: int, json: s.QuizPatch):
    """Change a quiz's settings: only the fields sent (null clears a date)."""
    quiz = quizzes.update_quiz(account(), cohort_id, quiz_id, json.model_dump(exclude_unset=True))
    return jsonify(quizzes.quiz_summary(quiz))


@bp.delete("/cohorts/<int:cohort_id>/quizzes/<int:quiz_id>")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(resp=Response(HTTP_200=s.DeletedOut, HTTP_404=None), tags=["quizzes"])
def delete_quiz(cohort_id: int, quiz_id: int):
    """Delete a quiz nobody has started, or archive one that learners have answered (their
    answers are kept; learners no longer see it)."""
    return jsonify({"id": quiz_id,
                    "outcome": quizzes.delete_quiz(account(), cohort_id, quiz_id)})


@bp.post("/cohorts/<int:cohort_id>/quizzes/<int:quiz_id>/copy")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(resp=Response(HTTP_201=s.QuizOut, HTTP_404=None), tags=["quizzes"])
def duplicate_quiz(cohort_id: int, quiz_id: int):
    """Copy a quiz (as "Copy of ...", without dates) to edit and set again."""
    copy = quizzes.duplicate_quiz(account(), cohort_id, quiz_id)
    return jsonify(quizzes.quiz_summary(copy)), 201


@bp.get("/me/quizzes")
@require_user()
@spec.validate(resp=Response(HTTP_200=s.QuizzesOut), tags=["quizzes"])
def my_quizzes():
    """The caller's quizzes, with their status and tries used."""
    return jsonify({"quizzes": quizzes.learner_quizzes(account())})


@bp.post("/quizzes/<int:quiz_id>/start")
@require_user()
@spec.validate(resp=Response(HTTP_201=s.SessionOut, HTTP_404=None, HTTP_409=None),
               tags=["quizzes"])
def start_quiz(quiz_id: int):
    """Start (or carry on with) an attempt at a quiz."""
    session = quizzes.start_quiz(account(), quiz_id)
    if session.scenario_id and not session.answers:  # a fresh run opens with the customer
        turn = roleplays.turn_for(session, roleplays.first_turn_lines(session))
    else:
        turn = practice.current_turn(session)
    return jsonify({"session": session.id, "turn": turn}), 201


@bp.get("/cohorts/<int:cohort_id>/results")
@require_user()
@spec.validate(resp=Response(HTTP_200=None, HTTP_404=None), tags=["quizzes"])
def cohort_results(cohort_id: int):
    """Results per learner, per question and per criterion."""
    return jsonify(quiz_results.results(account(), cohort_id))


@bp.get("/cohorts/<int:cohort_id>/results.csv")
@require_user()
@spec.validate(resp=Response(HTTP_200=None, HTTP_404=None), tags=["quizzes"])
def cohort_results_csv(cohort_id: int):
    """The results as CSV."""
    return csv_download(quiz_results.results_csv(account(), cohort_id),
                        f"cohort-{cohort_id}-results.csv")


@bp.post("/cohorts/<int:cohort_id>/questions/propose")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(json=s.ProposeIn, resp=Response(HTTP_200=s.RubricOut, HTTP_404=None),
               tags=["authoring"])
def propose_rubric(cohort_id: int, json: s.ProposeIn):
    """A rubric proposed from the model answer, to edit: a key point per idea of the model
    answer (its own words), its key words as parts with the shared lexicon's alternatives,
    weights summing to 3 beside closeness to the model answer at 17."""
    cohort_service.require_member(account(), cohort_id, ("tutor",))
    return jsonify({"rubric": authoring.propose(json.prompt, json.model_answer)})


@bp.post("/cohorts/<int:cohort_id>/questions/test")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(json=s.RubricTestIn, resp=Response(HTTP_200=s.RubricTestOut, HTTP_404=None),
               tags=["authoring"])
def test_rubric(cohort_id: int, json: s.RubricTestIn):
    """Mark sample responses with a rubric: expected and given band for each, the key points
    each made, and whether it counts as a short plain answer (``short``)."""
    cohort_service.require_member(account(), cohort_id, ("tutor",))
    return jsonify({"results": authoring.test(json.rubric, json.responses, json.model_answer)})


@bp.post("/cohorts/<int:cohort_id>/questions")
@require_user(*TUTORS)
@allow(cohort_tutor)
@spec.validate(json=s.QuestionIn, resp=Response(HTTP_201=s.CreatedOut, HTTP_404=None),
               tags=["authoring"])
def save_question(cohort_id: int, json: s.QuestionIn):
    """Save a question to the cohort's own bank. Its samples must mark as expected, and the
    model answer and at least one short plain answer (a sample expected Secure with at most
    half the model answer's words, 3 always allowed, never more than 15) must mark Secure."""
    question = authoring.save(
        account(), cohort_id, prompt=json.prompt, model_answer=json.model_answer,
        criteria=json.criteria, rubric=json.rubric, samples=json.responses, hint=json.hint)
    return jsonify({"id": question.id}), 201


@bp.get("/cohorts/<int:cohort_id>/questions")
@require_user()
@spec.validate(resp=Response(HTTP_200=s.QuestionsOut, HTTP_404=None), tags=["authoring"])
def list_questions(cohort_id: int):
    """The cohort's own questions, each with the answers assessors proposed for its test
    responses (the cohort's review queue)."""
    questions = authoring.cohort_questions(account(), cohort_id)
    queue = bank_store.proposals_for(questions)
    return jsonify({"questions": [
        {"id": q.id, "prompt": q.prompt, "model_answer": q.model_answer,
         "criteria": q.criterion_ids,
         "rubric": q.rubric, "test_responses": q.test_responses, "flagged": bool(queue[q.id]),
         "proposed_responses": [p.to_dict() for p in queue[q.id]]}
        for q in questions]})


@bp.post("/users/<int:user_id>/reset-link")
@require_user(*TUTORS)
@spec.validate(resp=Response(HTTP_201=s.ResetLinkOut, HTTP_404=None), tags=["accounts"])
def reset_link(user_id: int):
    """A one-time password-reset link (a day long) for a learner in the caller's cohorts; an
    admin's for anyone. Give it to the person; it is not stored, only its hash."""
    token = resets.issue(account(), user_id)
    return jsonify({"url": url_for("reset.choose_password", token=token, _external=True),
                    "expires_at": (utcnow() + resets.LIFETIME).isoformat()}), 201
