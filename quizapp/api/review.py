"""Learner progress for staff, assessor overrides, and the cohort progress CSV."""

from __future__ import annotations

from flask import jsonify

from quizapp.api import bp
from quizapp.api import schemas as s
from quizapp.api.auth import account, allow, answer_assessor, require_user
from quizapp.api.spec import Response, spec
from quizapp.downloads import csv_download
from quizapp.services import feedback, review, signoffs


@bp.get("/learners/<int:learner_id>/progress")
@require_user()
@spec.validate(resp=Response(HTTP_200=None, HTTP_404=None), tags=["review"])
def learner_progress(learner_id: int):
    """A learner's progress criterion by criterion, with evidence (the learner or their staff;
    the learner's own leaves out a check quiz's answers until its due date)."""
    return jsonify(review.progress_json(account(), learner_id))


@bp.post("/answers/<int:answer_id>/override")
@require_user()
@allow(answer_assessor)
@spec.validate(json=s.OverrideIn, resp=Response(HTTP_201=s.OverrideOut, HTTP_404=None),
               tags=["review"])
def override(answer_id: int, json: s.OverrideIn):
    """An assessor re-marks an answer by band or score with a comment (audited; the original
    is kept; the learner sees it)."""
    result = review.override_answer(account(), answer_id, json.score, json.comment,
                                    json.send_to_test_responses, band=json.band)
    return jsonify({"answer_id": answer_id, "score": result.score, "band": result.band,
                    "comment": result.comment}), 201


@bp.get("/cohorts/<int:cohort_id>/progress.csv")
@require_user()
@spec.validate(resp=Response(HTTP_200=None, HTTP_404=None), tags=["review"])
def cohort_progress_csv(cohort_id: int):
    """Every learner's status on every criterion, as CSV."""
    return csv_download(review.cohort_progress_csv(account(), cohort_id),
                        f"cohort-{cohort_id}-progress.csv")


def learner_assessor(learner_id: int, **_: object) -> None:
    """The caller may sign off for this learner (before the body is read)."""
    signoffs.require_signoff_access(account(), learner_id)


@bp.post("/learners/<int:learner_id>/signoffs")
@require_user()
@allow(learner_assessor)
@spec.validate(json=s.SignOffIn, resp=Response(HTTP_201=s.SignOffOut, HTTP_404=None,
                                               HTTP_409=None), tags=["review"])
def create_signoff(learner_id: int, json: s.SignOffIn):
    """An assessor confirms a criterion from professional discussion: the date, a note and
    their typed name as a signature (time-stamped, audited)."""
    row = signoffs.sign_off(account(), learner_id, json.criterion, json.date, json.note,
                            json.signature)
    return jsonify(signoffs.to_dict(row)), 201


@bp.get("/learners/<int:learner_id>/signoffs")
@require_user()
@spec.validate(resp=Response(HTTP_200=s.SignOffList, HTTP_404=None), tags=["review"])
def list_signoffs(learner_id: int):
    """A learner's sign-offs (the learner or their staff)."""
    review.require_learner_access(account(), learner_id)
    return jsonify({"signoffs": [signoffs.to_dict(x) for x in signoffs.for_learner(learner_id)]})


@bp.get("/me/feedback")
@require_user()
@spec.validate(resp=Response(HTTP_200=s.FeedbackOut), tags=["review"])
def my_feedback():
    """The caller's re-marked answers (new band, the assessor's comment, when; ``new`` until
    they open their feedback page or their answers to a criterion; a check quiz's answers only
    after its due date) and their sign-offs."""
    me = account()
    items = [{**r, "at": r["at"].isoformat()} for r in feedback.remarks(me.id)]
    return jsonify({"remarks": items,
                    "signoffs": [signoffs.to_dict(x) for x in signoffs.for_learner(me.id)]})


@bp.post("/me/countersign")
@require_user()
@spec.validate(json=s.CountersignIn, resp=Response(HTTP_200=s.SignOffOut, HTTP_404=None,
                                                   HTTP_409=None), tags=["review"])
def countersign(json: s.CountersignIn):
    """The learner countersigns one of their sign-offs with their typed name."""
    return jsonify(signoffs.to_dict(signoffs.countersign(account(), json.signoff,
                                                         json.signature)))
