"""Time spent per learner per week, kept apart as practice and assessment time (check quizzes,
whose marks wait for the due date): providers must not count tests as off-the-job training.
Computed from the sessions' start and answer times, leaving out breaks
(``quizapp.progress.review.practice_time``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from quizapp.exports.spreadsheet import csv_text
from quizapp.extensions import db
from quizapp.models import Answer, LearnerGoal, PracticeSession, Quiz, User
from quizapp.models._types import utcnow
from quizapp.progress import review as rules
from quizapp.services import cohorts as cohort_service
from quizapp.services.reviews import CHECK_MODES

ASSESSMENT_MODES = CHECK_MODES  # check quizzes: feedback only after the due date
DEFAULT_WEEKS = 12


def _moments(user_ids: list[int], since: datetime) -> dict[int, list[rules.Moment]]:
    """Each learner's session starts and answer times since ``since``, with their kind."""
    kind_of = Quiz.feedback_mode.in_(ASSESSMENT_MODES)
    rows = db.session.execute(
        select(Answer.user_id, Answer.session_id, Answer.created_at,
               PracticeSession.created_at, kind_of)
        .join(PracticeSession, PracticeSession.id == Answer.session_id)
        .outerjoin(Quiz, Quiz.id == PracticeSession.quiz_id)
        .where(Answer.user_id.in_(user_ids), Answer.created_at >= since))
    found: dict[int, dict[tuple, rules.Moment]] = {}
    for user_id, session_id, answered, started, assessment in rows:
        kind = "assessment" if assessment else "practice"
        moments = found.setdefault(user_id, {})
        for at in (started, answered):
            moments.setdefault((session_id, at), rules.Moment(session_id, at, kind))
    return {user_id: list(m.values()) for user_id, m in found.items()}


def learner_weeks(user_ids: list[int], weeks: int = DEFAULT_WEEKS,
                  now: datetime | None = None) -> dict[int, list[dict[str, Any]]]:
    """Per learner, the weeks (Monday, in the learner's time zone) with practice or assessment
    time in the last ``weeks`` weeks: minutes of each, oldest week first."""
    since = (now or utcnow()) - timedelta(weeks=weeks)
    zones = {user_id: name for user_id, name in db.session.execute(
        select(LearnerGoal.user_id, LearnerGoal.time_zone).where(
            LearnerGoal.user_id.in_(user_ids)))}
    out: dict[int, list[dict[str, Any]]] = {}
    for user_id, moments in _moments(user_ids, since).items():
        tz = rules.zone(zones.get(user_id))
        out[user_id] = [
            {"week": monday.isoformat(),
             "practice_minutes": round(spent["practice"] / 60, 1),
             "assessment_minutes": round(spent["assessment"] / 60, 1)}
            for monday, spent in rules.practice_time(moments, tz).items()]
    return out


def cohort_practice_time(staff: User, cohort_id: int, weeks: int = DEFAULT_WEEKS,
                         now: datetime | None = None) -> dict[str, Any]:
    """The cohort's learners with their practice and assessment time per week, for the
    cohort's tutors and assessors (and admins)."""
    cohort = cohort_service.require_member(staff, cohort_id, cohort_service.STAFF_ROLES)
    learners = cohort_service.learners(cohort)
    times = learner_weeks([u.id for u in learners], weeks, now)
    return {"cohort": cohort.id, "weeks": weeks, "break_minutes": rules.BREAK.seconds // 60,
            "learners": [{"id": u.id, "username": u.username, "weeks": times.get(u.id, [])}
                         for u in learners]}


CSV_COLUMNS = ("learner", "week_starting", "practice_minutes", "assessment_minutes")


def cohort_practice_time_csv(staff: User, cohort_id: int, weeks: int = DEFAULT_WEEKS,
                             now: datetime | None = None) -> str:
    """``cohort_practice_time`` as CSV: a row per learner and week with time spent."""
    data = cohort_practice_time(staff, cohort_id, weeks, now)
    return csv_text(CSV_COLUMNS, ([learner["username"], week["week"], week["practice_minutes"],
                                   week["assessment_minutes"]]
                                  for learner in data["learners"] for week in learner["weeks"]))
