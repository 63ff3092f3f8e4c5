"""Coming back to practice: the learner's spaced review, daily goal and streak; the cohort's
practice time for its staff."""

from __future__ import annotations

from flask import g, jsonify

from quizapp.api import bp
from quizapp.api import schemas as s
from quizapp.api.auth import account, require_user
from quizapp.api.spec import Response, spec
from quizapp.downloads import csv_download
from quizapp.services import goals, practice_time, reviews


@bp.get("/me/review")
@require_user()
@spec.validate(resp=Response(HTTP_200=s.ReviewDueOut), tags=["progress"])
def my_review():
    """The caller's review cards due now and today, and when the next falls due; with nothing
    due, the weakest criteria to practise."""
    return jsonify(reviews.due_summary(g.caller))


@bp.put("/me/goal")
@require_user()
@spec.validate(json=s.GoalIn, resp=Response(HTTP_200=s.GoalOut), tags=["progress"])
def set_goal(json: s.GoalIn):
    """Choose a daily goal (5, 10 or 20 questions) and the time zone days are counted in."""
    goal = goals.set_goal(g.caller, json.daily_goal, json.time_zone)
    return jsonify({"daily_goal": goal.daily_goal, "time_zone": goal.time_zone})


@bp.get("/me/streak")
@require_user()
@spec.validate(resp=Response(HTTP_200=s.StreakOut), tags=["progress"])
def my_streak():
    """Today's questions against the daily goal, and the streak of days it was met."""
    return jsonify(goals.streak(g.caller))


@bp.get("/cohorts/<int:cohort_id>/practice-time")
@require_user()
@spec.validate(query=s.WeeksQuery, resp=Response(HTTP_200=s.PracticeTimeOut, HTTP_404=None),
               tags=["cohorts"])
def cohort_practice_time(cohort_id: int, query: s.WeeksQuery):
    """Minutes of practice and of assessment (check quizzes) per learner per week, for the
    cohort's staff: breaks over 10 minutes between answers are not counted."""
    return jsonify(practice_time.cohort_practice_time(account(), cohort_id, query.weeks))


@bp.get("/cohorts/<int:cohort_id>/practice-time.csv")
@require_user()
@spec.validate(query=s.WeeksQuery, resp=Response(HTTP_200=None, HTTP_404=None),
               tags=["cohorts"])
def cohort_practice_time_csv(cohort_id: int, query: s.WeeksQuery):
    """The practice and assessment time as CSV: a row per learner and week."""
    return csv_download(practice_time.cohort_practice_time_csv(account(), cohort_id, query.weeks),
                        f"cohort-{cohort_id}-practice-time.csv")
