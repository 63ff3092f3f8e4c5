"""Time spent per learner per week, kept apart as practice time (the learner's own practice,
review and role-play sessions, and quizzes the tutor set with feedback at once: formative
practice) and assessment time (check quizzes, whose marks wait for the due date): providers
must not count tests as off-the-job training. Computed from the sessions'
start and answer times, leaving out breaks and counting overlapping sessions once
(``quizapp.progress.review.practice_time``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
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
BREAK_MINUTES = int(rules.BREAK.total_seconds() // 60)
PAGE_WEEKS = 5  # the tutor's cohort page: this week and the four before it


def _moments(user_ids: list[int], since: datetime,
             until: datetime) -> dict[int, list[rules.Moment]]:
    """Each learner's session starts and answer times from ``since`` to ``until``, with their
    kind: a session of a check quiz is assessment, any other session practice."""
    rows = db.session.execute(
        select(Answer.user_id, Answer.session_id, Answer.created_at,
               PracticeSession.created_at, Quiz.feedback_mode.in_(ASSESSMENT_MODES))
        .join(PracticeSession, PracticeSession.id == Answer.session_id)
        .outerjoin(Quiz, Quiz.id == PracticeSession.quiz_id)
        .where(Answer.user_id.in_(user_ids), Answer.created_at >= since,
               Answer.created_at <= until))
    found: dict[int, dict[tuple, rules.Moment]] = {}
    for user_id, session_id, answered, started, assessment in rows:
        kind = "assessment" if assessment else "practice"
        moments = found.setdefault(user_id, {})
        for at in (started, answered):
            moments.setdefault((session_id, at), rules.Moment(session_id, at, kind))
    return {user_id: list(m.values()) for user_id, m in found.items()}


def learner_weeks(user_ids: list[int], weeks: int = DEFAULT_WEEKS,
                  now: datetime | None = None,
                  every_week: bool = False) -> dict[int, list[dict[str, Any]]]:
    """Per learner, minutes of practice and of assessment in each of the last ``weeks``
    calendar weeks (this week included; weeks start on Monday in the learner's time zone),
    oldest week first: the weeks with time, or with ``every_week`` every week (zeros too)."""
    now = now or utcnow()
    since = now - timedelta(weeks=weeks + 1)  # enough for any zone; cut to weeks below
    zones = {user_id: name for user_id, name in db.session.execute(
        select(LearnerGoal.user_id, LearnerGoal.time_zone).where(
            LearnerGoal.user_id.in_(user_ids)))}
    moments = _moments(user_ids, since, now) if user_ids else {}
    out: dict[int, list[dict[str, Any]]] = {}
    for user_id in user_ids:
        tz = rules.zone(zones.get(user_id))
        this_week = rules.week_of(now, tz)
        mondays = [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
        spent = rules.practice_time(moments.get(user_id, []), tz)
        empty = {"practice": 0.0, "assessment": 0.0}
        out[user_id] = [
            {"week": monday.isoformat(),
             "practice_minutes": round(spent.get(monday, empty)["practice"] / 60, 1),
             "assessment_minutes": round(spent.get(monday, empty)["assessment"] / 60, 1)}
            for monday in mondays if every_week or monday in spent]
    return out


def recent_weeks(learners: list[User], weeks: int = PAGE_WEEKS,
                 now: datetime | None = None) -> list[dict[str, Any]]:
    """The tutor's table: each learner with every one of the last ``weeks`` weeks, newest
    first (``week`` a date), and the totals over them."""
    times = learner_weeks([u.id for u in learners], weeks, now, every_week=True)
    table = []
    for learner in learners:
        rows = [{**row, "week": date.fromisoformat(row["week"])}
                for row in reversed(times[learner.id])]
        table.append({"id": learner.id, "username": learner.username, "weeks": rows,
                      "practice_minutes": round(sum(r["practice_minutes"] for r in rows), 1),
                      "assessment_minutes": round(sum(r["assessment_minutes"] for r in rows),
                                                  1)})
    return table


def cohort_practice_time(staff: User, cohort_id: int, weeks: int = DEFAULT_WEEKS,
                         now: datetime | None = None) -> dict[str, Any]:
    """The cohort's learners with their practice and assessment time per week, for the
    cohort's tutors and assessors (and admins)."""
    cohort = cohort_service.require_member(staff, cohort_id, cohort_service.STAFF_ROLES)
    learners = cohort_service.learners(cohort)
    times = learner_weeks([u.id for u in learners], weeks, now)
    return {"cohort": cohort.id, "weeks": weeks, "break_minutes": BREAK_MINUTES,
            "learners": [{"id": u.id, "username": u.username, "weeks": times.get(u.id, [])}
                         for u in learners]}


CSV_COLUMNS = ("learner", "week_starting", "practice_minutes", "assessment_minutes")


def csv_rows(learners: list[User], weeks: int = DEFAULT_WEEKS,
             now: datetime | None = None) -> list[list[object]]:
    """A row per learner and week (every one of the last ``weeks``, zeros included), for the
    cohort's results CSV: ``CSV_COLUMNS``."""
    times = learner_weeks([u.id for u in learners], weeks, now, every_week=True)
    return [[u.username, row["week"], row["practice_minutes"], row["assessment_minutes"]]
            for u in learners for row in times[u.id]]


def cohort_practice_time_csv(staff: User, cohort_id: int, weeks: int = DEFAULT_WEEKS,
                             now: datetime | None = None) -> str:
    """``cohort_practice_time`` as CSV: a row per learner and week with time spent."""
    data = cohort_practice_time(staff, cohort_id, weeks, now)
    return csv_text(CSV_COLUMNS, ([learner["username"], week["week"], week["practice_minutes"],
                                   week["assessment_minutes"]]
                                  for learner in data["learners"] for week in learner["weeks"]))
