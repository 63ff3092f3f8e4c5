"""Learner progress for staff, assessor overrides, and the cohort progress CSV."""

from __future__ import annotations

from flask import g, jsonify

from quizapp.api import bp
from quizapp.api.auth import require_user
from quizapp.api.views import json_body
from quizapp.services import review
from quizapp.downloads import csv_download


@bp.get("/learners/<int:learner_id>/progress")
@require_user()
def learner_progress(learner_id: int):
    return jsonify(review.progress_json(g.api_user, learner_id))


@bp.post("/answers/<int:answer_id>/override")
@require_user()
def override(answer_id: int):
    data = json_body()
    result = review.override_answer(g.api_user, answer_id, data.get("score"), data.get("comment"),
                                    bool(data.get("send_to_test_responses", False)))
    return jsonify({"answer_id": answer_id, "score": result.score, "band": result.band,
                    "comment": result.comment}), 201


@bp.get("/cohorts/<int:cohort_id>/progress.csv")
@require_user()
def cohort_progress_csv(cohort_id: int):
    return csv_download(review.cohort_progress_csv(g.api_user, cohort_id),
                        f"cohort-{cohort_id}-progress.csv")
