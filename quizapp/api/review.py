"""Learner progress for staff, assessor overrides, and the cohort progress CSV."""

from __future__ import annotations

from flask import jsonify

from quizapp.api import bp
from quizapp.api import schemas as s
from quizapp.api.auth import account, allow, answer_assessor, require_user
from quizapp.api.spec import Response, spec
from quizapp.downloads import csv_download
from quizapp.services import review


@bp.get("/learners/<int:learner_id>/progress")
@require_user()
@spec.validate(resp=Response(HTTP_200=None, HTTP_404=None), tags=["review"])
def learner_progress(learner_id: int):
    """A learner's progress criterion by criterion, with evidence (the learner or their staff)."""
    return jsonify(review.progress_json(account(), learner_id))


@bp.post("/answers/<int:answer_id>/override")
@require_user()
@allow(answer_assessor)
@spec.validate(json=s.OverrideIn, resp=Response(HTTP_201=s.OverrideOut, HTTP_404=None),
               tags=["review"])
def override(answer_id: int, json: s.OverrideIn):
    """An assessor re-marks an answer with a comment (audited; the original is kept)."""
    result = review.override_answer(account(), answer_id, json.score, json.comment,
                                    json.send_to_test_responses)
    return jsonify({"answer_id": answer_id, "score": result.score, "band": result.band,
                    "comment": result.comment}), 201


@bp.get("/cohorts/<int:cohort_id>/progress.csv")
@require_user()
@spec.validate(resp=Response(HTTP_200=None, HTTP_404=None), tags=["review"])
def cohort_progress_csv(cohort_id: int):
    """Every learner's status on every criterion, as CSV."""
    return csv_download(review.cohort_progress_csv(account(), cohort_id),
                        f"cohort-{cohort_id}-progress.csv")
