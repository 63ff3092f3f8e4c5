"""A learner's daily goal (questions a day) and their streak of days met, counted in their own
time zone (rules: ``quizapp.progress.review``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from quizapp import terms
from quizapp.extensions import db
from quizapp.models import Answer, LearnerGoal
from quizapp.models._types import utcnow
from quizapp.progress import review as rules
from quizapp.services import ServiceError
from quizapp.services.users import Learner

STREAK_HORIZON = 400  # days of answers read for a streak: longer streaks show as this many


def goal_of(user_id: int) -> LearnerGoal:
    """The learner's goal row, or the defaults (not stored) if they never chose one."""
    found = db.session.get(LearnerGoal, user_id)
    if found is None:
        found = LearnerGoal(user_id=user_id, daily_goal=rules.DEFAULT_GOAL,
                            time_zone=rules.DEFAULT_ZONE)
    return found


def set_goal(user: Learner, daily_goal: int, time_zone: str | None = None) -> LearnerGoal:
    """Choose a daily goal (one of ``rules.DAILY_GOALS``) and, optionally, the time zone the
    learner's days are counted in (an IANA name such as "Europe/London")."""
    if daily_goal not in rules.DAILY_GOALS:
        raise ServiceError("Choose a daily goal of "
                           + ", ".join(str(g) for g in rules.DAILY_GOALS) + " questions.")
    if time_zone is not None and not rules.is_zone(time_zone):
        raise ServiceError(f"{time_zone!r} is not a time zone: send a name such as "
                           "'Europe/London'.")
    goal = db.session.get(LearnerGoal, user.id)
    if goal is None:
        goal = LearnerGoal(user_id=user.id, time_zone=rules.DEFAULT_ZONE)
        db.session.add(goal)
    goal.daily_goal = daily_goal
    if time_zone is not None:
        goal.time_zone = time_zone
    db.session.commit()
    return goal


def question_times(user_id: int, since: datetime) -> list[datetime]:
    """When the learner answered a question (first tries only: tries at one question count once;
    skips don't count) since ``since``."""
    return list(db.session.scalars(select(Answer.created_at).where(
        Answer.user_id == user_id, Answer.kind == terms.AnswerKind.ANSWER,
        Answer.question_id.is_not(None), Answer.try_number == 1, Answer.created_at >= since)))


def streak(user: Learner, now: datetime | None = None) -> dict[str, Any]:
    """Today's questions, the goal, whether it is met, and the days in a row it was met, in the
    learner's time zone (today is not a missed day until it ends)."""
    now = now or utcnow()
    goal = goal_of(user.id)
    tz = rules.zone(goal.time_zone)
    today = rules.local_day(now, tz)
    since = datetime.combine(today - timedelta(days=STREAK_HORIZON), time(), tz)
    counts = rules.daily_counts(question_times(user.id, since), tz)
    done = counts.get(today, 0)
    return {"today": done, "goal": goal.daily_goal, "met": done >= goal.daily_goal,
            "streak": rules.streak(counts, goal.daily_goal, today), "date": today.isoformat(),
            "time_zone": goal.time_zone, "choices": list(rules.DAILY_GOALS)}
