"""Quizzes a tutor sets for a cohort; learners take them in the chat; tutors see results."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Answer, CohortMember, PracticeSession, Question, Quiz, User
from quizapp.services import Conflict, Forbidden, NotFound, ServiceError, practice, roleplays
from quizapp.services import cohorts as cohort_service

FEEDBACK_MODES = ("immediate", "after_due")
MAX_QUESTIONS = 100
MAX_TITLE = 200
MAX_ATTEMPTS = 20


EARLIEST_YEAR, LATEST_YEAR = 2000, 2100  # quiz dates outside these are mistakes


def time_zone(name: str | None) -> tzinfo:
    """The zone a date-time without an offset is in: the one named (the tutor's browser's), or
    UTC."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ServiceError(f"{name!r} is not a time zone like Europe/London.") from exc


def _parse_time(value, field: str, zone: tzinfo = UTC) -> datetime | None:
    """A quiz date as UTC: from its offset, or in ``zone`` when it has none; years from 2000
    to 2100 only."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise ServiceError(
                f"{field} must be a date or date-time like 2026-12-01T17:00.") from exc
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ServiceError(f"{field} must be a date from {EARLIEST_YEAR} to {LATEST_YEAR}.")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


FIELDS = ("title", "units", "criteria", "scenarios", "question_count", "selection",
          "fixed_questions", "opens_at", "due_at", "attempts_allowed", "feedback_mode")


def _check(cohort, title, units, criteria, scenarios, questions, selection, fixed_questions,
           opens_at, due_at, attempts, feedback_mode, *, now: datetime | None = None) -> dict:
    """Validate a quiz's settings for ``cohort``; the columns to store. A due date must be in
    the future when it is set or changed (``now`` given)."""
    title = (title or "").strip()
    if not title or len(title) > MAX_TITLE:
        raise ServiceError(f"Give the quiz a title of 1 to {MAX_TITLE} characters.")
    units, criteria, scenarios = list(units or []), list(criteria or []), list(scenarios or [])
    for name, value in (("units", units), ("criteria", criteria), ("scenarios", scenarios)):
        if not all(isinstance(v, str) for v in value):
            raise ServiceError(f"{name} must be a list of IDs.")
    if not (units or criteria or scenarios or fixed_questions):
        raise ServiceError("Choose units, criteria or scenarios for the quiz.")
    if isinstance(questions, bool) or not isinstance(questions, int) \
            or not 1 <= questions <= MAX_QUESTIONS:
        raise ServiceError(f"questions must be a whole number from 1 to {MAX_QUESTIONS}.")
    if isinstance(attempts, bool) or not isinstance(attempts, int) \
            or not 1 <= attempts <= MAX_ATTEMPTS:
        raise ServiceError(f"attempts must be a whole number from 1 to {MAX_ATTEMPTS}.")
    if feedback_mode not in FEEDBACK_MODES:
        raise ServiceError("feedback must be 'immediate' (practice) or 'after_due' (a check).")
    if selection not in ("random", "fixed"):
        raise ServiceError("selection must be 'random' or 'fixed'.")
    if feedback_mode == "after_due" and due_at is None:
        raise ServiceError("A quiz with feedback after the due date needs a due date.")
    if opens_at and due_at and due_at <= opens_at:
        raise ServiceError("The due date must be after the opening date.")
    if now is not None and due_at is not None and due_at <= now:
        raise ServiceError("The due date has passed: choose a date and time in the future.")
    for sid in scenarios:
        roleplays.get_record(sid)  # 404 for an unknown scenario
    qual_units = {u.id for u in cohort.qualification.units}
    for uid in units:
        if uid not in qual_units:
            raise ServiceError(f"{uid!r} is not a unit of the cohort's qualification.")
    qual_criteria = {c.id for u in cohort.qualification.units for c in u.criteria}
    for cid in criteria:
        if cid not in qual_criteria:
            raise ServiceError(f"{cid!r} is not a criterion of the cohort's qualification.")
    fixed = list(fixed_questions or [])
    if units or criteria:
        pool = practice.question_pool(units, criteria, [cohort.id])
        if not pool:
            raise ServiceError("There are no questions for that choice yet.")
        if selection == "fixed" and not fixed:
            fixed = [q.id for q in pool[:questions]]
    return {"title": title, "units": units, "criteria": criteria, "scenarios": scenarios,
            "question_count": questions, "selection": selection, "fixed_questions": fixed,
            "opens_at": opens_at, "due_at": due_at, "attempts_allowed": attempts,
            "feedback_mode": feedback_mode}


def create_quiz(tutor: User, cohort_id: int, title: str, *, units=None, criteria=None,
                scenarios=None, questions: int = 10, selection: str = "random",
                fixed_questions=None, opens=None, due=None, attempts: int = 1,
                feedback_mode: str = "immediate", zone: str | None = None) -> Quiz:
    """Set a quiz for a cohort, drawn from units or criteria (or scenarios). ``opens`` and
    ``due`` without an offset are in the time zone ``zone`` (UTC if none)."""
    cohort = cohort_service.require_member(tutor, cohort_id, ("tutor",))
    local = time_zone(zone)
    values = _check(cohort, title, units, criteria, scenarios, questions, selection,
                    fixed_questions, _parse_time(opens, "opens", local),
                    _parse_time(due, "due", local), attempts, feedback_mode, now=_now())
    quiz = Quiz(cohort_id=cohort.id, created_by=tutor.id, **values)
    db.session.add(quiz)
    db.session.commit()
    return quiz


def tutor_quiz(tutor: User, cohort_id: int, quiz_id: int) -> Quiz:
    """A live quiz of a cohort the caller tutors (404 for another cohort's or archived)."""
    cohort_service.require_member(tutor, cohort_id, ("tutor",))
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.cohort_id != cohort_id or quiz.archived_at is not None:
        raise NotFound("That quiz was not found.")
    return quiz


API_NAMES = {"questions": "question_count", "attempts": "attempts_allowed",
             "feedback": "feedback_mode", "opens": "opens_at", "due": "due_at"}


def update_quiz(tutor: User, cohort_id: int, quiz_id: int, changes: dict,
                zone: str | None = None) -> Quiz:
    """Change some of a quiz's settings (API names: title, units, criteria, scenarios,
    questions, selection, opens, due, attempts, feedback). A changed due date must be ahead;
    dates without an offset are in the time zone ``zone`` (UTC if none)."""
    quiz = tutor_quiz(tutor, cohort_id, quiz_id)
    local = time_zone(zone)
    current = {name: getattr(quiz, name) for name in FIELDS}
    changed = {API_NAMES.get(k, k): v for k, v in changes.items()}
    unknown = set(changed) - set(FIELDS)
    if unknown:
        raise ServiceError(f"Unknown quiz settings: {', '.join(sorted(unknown))}.")
    for key in ("opens_at", "due_at"):
        if key in changed:
            changed[key] = _parse_time(changed[key], key[:-3], local)
    if "selection" in changed or "units" in changed or "criteria" in changed:
        changed.setdefault("fixed_questions", [])
    merged = {**current, **changed}
    due_moved = "due_at" in changed and changed["due_at"] != current["due_at"]
    values = _check(quiz.cohort, merged["title"], merged["units"], merged["criteria"],
                    merged["scenarios"], merged["question_count"], merged["selection"],
                    merged["fixed_questions"], merged["opens_at"], merged["due_at"],
                    merged["attempts_allowed"], merged["feedback_mode"],
                    now=_now() if due_moved else None)
    for name, value in values.items():
        setattr(quiz, name, value)
    db.session.commit()
    return quiz


def duplicate_quiz(tutor: User, cohort_id: int, quiz_id: int) -> Quiz:
    """A copy of the quiz called "Copy of ...", with no dates (set them on the copy)."""
    quiz = tutor_quiz(tutor, cohort_id, quiz_id)
    values = {name: getattr(quiz, name) for name in FIELDS}
    values.update(title=f"Copy of {quiz.title}"[:MAX_TITLE], opens_at=None, due_at=None)
    if values["feedback_mode"] == "after_due":
        values["feedback_mode"] = "immediate"
    copy = Quiz(cohort_id=quiz.cohort_id, created_by=tutor.id, **values)
    db.session.add(copy)
    db.session.commit()
    return copy


def delete_quiz(tutor: User, cohort_id: int, quiz_id: int) -> str:
    """Delete a quiz nobody has started; archive one with attempts (their answers stay).
    Returns "deleted" or "archived"."""
    quiz = tutor_quiz(tutor, cohort_id, quiz_id)
    started = db.session.scalar(select(func.count()).select_from(PracticeSession).where(
        PracticeSession.quiz_id == quiz.id)) or 0
    if started:
        quiz.archived_at = _now()
        outcome = "archived"
    else:
        db.session.delete(quiz)
        outcome = "deleted"
    db.session.commit()
    return outcome


def get_quiz(quiz_id: int) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.archived_at is not None:
        raise NotFound("That quiz was not found.")
    return quiz


def _attempts(user: User, quiz: Quiz) -> list[PracticeSession]:
    return list(db.session.scalars(select(PracticeSession).where(
        PracticeSession.user_id == user.id, PracticeSession.quiz_id == quiz.id
    ).order_by(PracticeSession.created_at)))


def quiz_summary(quiz: Quiz, user: User | None = None) -> dict:
    data = {
        "id": quiz.id, "title": quiz.title, "cohort": quiz.cohort_id,
        "units": quiz.units, "criteria": quiz.criteria, "scenarios": quiz.scenarios,
        "questions": quiz.question_count, "selection": quiz.selection,
        "opens": quiz.opens_at.isoformat() if quiz.opens_at else None,
        "due": quiz.due_at.isoformat() if quiz.due_at else None,
        "attempts_allowed": quiz.attempts_allowed, "feedback": quiz.feedback_mode,
        "tries_per_question": quiz.tries_per_question, "try_penalty": quiz.try_penalty,
    }
    if user is not None:
        attempts = _attempts(user, quiz)
        latest = attempts[-1] if attempts else None
        status = "not_started"
        if quiz.scenarios and not (quiz.units or quiz.criteria):
            done = {s.scenario_id for s in attempts if _scenario_done(s)}
            if attempts:
                status = "finished" if done >= set(quiz.scenarios) else "in_progress"
            latest = next((s for s in attempts if not _scenario_done(s)), None)
            data.update(attempts_used=len(done), status=status,
                        session=latest.id if latest else None)
            return data
        if latest is not None:
            status = "finished" if latest.current_question_id is None else "in_progress"
        if status != "finished" and quiz.due_at is not None and _now() > quiz.due_at:
            status = "overdue" if status == "not_started" else "closed"
        data.update(attempts_used=len(attempts), status=status,
                    attempts_left=max(0, quiz.attempts_allowed - len(attempts)),
                    session=latest.id if latest and status == "in_progress" else None,
                    last_session=latest.id if latest else None)
    return data


def learner_quizzes(user: User) -> list[dict]:
    """The quizzes set for the learner's cohorts, soonest due first."""
    cohort_ids = select(CohortMember.cohort_id).where(
        CohortMember.user_id == user.id, CohortMember.role == "learner")
    quizzes = db.session.scalars(select(Quiz).where(Quiz.cohort_id.in_(cohort_ids),
                                                    Quiz.archived_at.is_(None)))
    far = datetime.max.replace(tzinfo=UTC)
    return [quiz_summary(q, user) for q in sorted(quizzes, key=lambda q: (q.due_at or far, q.id))]


def start_quiz(user: User, quiz_id: int, rng: random.Random | None = None) -> PracticeSession:
    """Start (or resume) an attempt: questions drawn at random per learner, or fixed."""
    quiz = get_quiz(quiz_id)
    if cohort_service.member_role(user, quiz.cohort) != "learner":
        raise Forbidden("That quiz is not set for your cohort.")
    now = _now()
    attempts = _attempts(user, quiz)
    if attempts and attempts[-1].current_question_id is not None:
        return attempts[-1]  # resume the open attempt
    if quiz.opens_at and now < quiz.opens_at:
        raise Conflict("This quiz is not open yet.")
    if quiz.due_at and now > quiz.due_at:
        raise Conflict("This quiz is closed: the due date has passed.")
    if quiz.scenarios and not (quiz.units or quiz.criteria):
        return _next_scenario(user, quiz, attempts)
    if len(attempts) >= quiz.attempts_allowed:
        raise Conflict("You have used all your attempts at this quiz.")
    if quiz.selection == "fixed":
        queue = [qid for qid in quiz.fixed_questions if db.session.get(Question, qid)]
    else:
        pool = [q.id for q in practice.question_pool(quiz.units, quiz.criteria, [quiz.cohort_id])]
        queue = (rng or random.Random()).sample(pool, min(quiz.question_count, len(pool)))
    if not queue:
        raise Conflict("This quiz has no questions yet: tell your tutor.")
    session = PracticeSession(id=uuid.uuid4().hex, user_id=user.id, quiz_id=quiz.id,
                              criteria=list(quiz.criteria), queue=queue, position=0)
    db.session.add(session)
    db.session.commit()
    return session


def _scenario_done(session: PracticeSession) -> bool:
    return bool((session.state or {}).get("done"))


def _next_scenario(user: User, quiz: Quiz, sessions: list[PracticeSession]) -> PracticeSession:
    """Scenario quizzes: resume the open run, else start the first scenario not yet played."""
    for session in sessions:
        if not _scenario_done(session):
            return session
    played = {s.scenario_id for s in sessions}
    for sid in quiz.scenarios:
        if sid not in played:
            session = roleplays.start_scenario(user, sid)
            session.quiz_id = quiz.id
            db.session.commit()
            return session
    raise Conflict("You have played every scenario in this quiz.")


def answers_count(quiz: Quiz) -> int:
    return db.session.scalar(select(func.count()).select_from(Answer).join(PracticeSession).where(
        PracticeSession.quiz_id == quiz.id)) or 0
