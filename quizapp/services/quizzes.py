"""Quizzes a tutor sets for a cohort; learners take them in the chat; tutors see results."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from quizapp.exports.spreadsheet import csv_text
from quizapp.extensions import db
from quizapp.models import Answer, CohortMember, PracticeSession, Question, Quiz, User
from quizapp.progress import stats
from quizapp.services import Conflict, Forbidden, NotFound, ServiceError
from quizapp.services import cohorts as cohort_service
from quizapp.services import practice
from quizapp.services import roleplays

FEEDBACK_MODES = ("immediate", "after_due")
MAX_QUESTIONS = 100
MAX_TITLE = 200
MAX_ATTEMPTS = 20


EARLIEST_YEAR, LATEST_YEAR = 2000, 2100  # quiz dates outside these are mistakes


def time_zone(name: str | None) -> tzinfo:
    """The zone a date-time without an offset is in: the one named (the tutor's browser's), or
    UTC."""
    if not name:
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ServiceError(f"{name!r} is not a time zone like Europe/London.") from exc


def _parse_time(value, field: str, zone: tzinfo = timezone.utc) -> datetime | None:
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
            raise ServiceError(f"{field} must be a date or date-time like 2026-12-01T17:00.") from exc
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ServiceError(f"{field} must be a date from {EARLIEST_YEAR} to {LATEST_YEAR}.")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(timezone.utc)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def create_quiz(tutor: User, cohort_id: int, title: str, *, units=None, criteria=None,
                scenarios=None, questions: int = 10, selection: str = "random",
                fixed_questions=None, opens=None, due=None, attempts: int = 1,
                feedback_mode: str = "immediate", zone: str | None = None) -> Quiz:
    """Set a quiz for a cohort, drawn from units or criteria (or scenarios). ``opens`` and
    ``due`` without an offset are in the time zone ``zone`` (UTC if none)."""
    cohort = cohort_service.require_member(tutor, cohort_id, ("tutor",))
    title = (title or "").strip()
    if not title or len(title) > MAX_TITLE:
        raise ServiceError(f"Give the quiz a title of 1 to {MAX_TITLE} characters.")
    units, criteria, scenarios = list(units or []), list(criteria or []), list(scenarios or [])
    for name, value in (("units", units), ("criteria", criteria), ("scenarios", scenarios)):
        if not all(isinstance(v, str) for v in value):
            raise ServiceError(f"{name} must be a list of IDs.")
    if not (units or criteria or scenarios or fixed_questions):
        raise ServiceError("Choose units, criteria or scenarios for the quiz.")
    if not isinstance(questions, int) or not 1 <= questions <= MAX_QUESTIONS:
        raise ServiceError(f"questions must be a whole number from 1 to {MAX_QUESTIONS}.")
    if not isinstance(attempts, int) or not 1 <= attempts <= MAX_ATTEMPTS:
        raise ServiceError(f"attempts must be a whole number from 1 to {MAX_ATTEMPTS}.")
    if feedback_mode not in FEEDBACK_MODES:
        raise ServiceError("feedback must be 'immediate' (practice) or 'after_due' (a check).")
    if selection not in ("random", "fixed"):
        raise ServiceError("selection must be 'random' or 'fixed'.")
    local = time_zone(zone)
    opens_at, due_at = _parse_time(opens, "opens", local), _parse_time(due, "due", local)
    if feedback_mode == "after_due" and due_at is None:
        raise ServiceError("A quiz with feedback after the due date needs a due date.")
    if opens_at and due_at and due_at <= opens_at:
        raise ServiceError("The due date must be after the opening date.")
    for sid in scenarios:
        roleplays.get_record(sid)  # 404 for an unknown scenario
    qual_units = {u.id for u in cohort.qualification.units}
    for uid in units:
        if uid not in qual_units:
            raise ServiceError(f"{uid!r} is not a unit of the cohort's qualification.")
    if units or criteria:
        pool = practice.question_pool(units, criteria, [cohort.id])
        if not pool:
            raise ServiceError("There are no questions for that choice yet.")
    fixed = list(fixed_questions or [])
    if selection == "fixed" and not fixed:
        pool = practice.question_pool(units, criteria, [cohort.id])
        fixed = [q.id for q in pool[:questions]]
    quiz = Quiz(cohort_id=cohort.id, title=title, units=units, criteria=criteria,
                scenarios=scenarios, question_count=questions, selection=selection,
                fixed_questions=fixed, opens_at=opens_at, due_at=due_at,
                attempts_allowed=attempts, feedback_mode=feedback_mode, created_by=tutor.id)
    db.session.add(quiz)
    db.session.commit()
    return quiz


def get_quiz(quiz_id: int) -> Quiz:
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
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
        data.update(attempts_used=len(attempts), status=status,
                    session=latest.id if latest and status == "in_progress" else None)
    return data


def learner_quizzes(user: User) -> list[dict]:
    """The quizzes set for the learner's cohorts, soonest due first."""
    cohort_ids = select(CohortMember.cohort_id).where(
        CohortMember.user_id == user.id, CohortMember.role == "learner")
    quizzes = db.session.scalars(select(Quiz).where(Quiz.cohort_id.in_(cohort_ids)))
    far = datetime.max.replace(tzinfo=timezone.utc)
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


def results(staff: User, cohort_id: int) -> dict:
    """Per learner per quiz: status, mark and time taken; per question: facility and
    discrimination; per criterion: the cohort's average band."""
    cohort = cohort_service.require_member(staff, cohort_id, cohort_service.STAFF_ROLES)
    learners = cohort_service.learners(cohort)
    learner_ids = [u.id for u in learners]
    out_quizzes = []
    criterion_bands: dict[str, list[str]] = defaultdict(list)
    for quiz in cohort.quizzes:
        sessions = list(db.session.scalars(select(PracticeSession).where(
            PracticeSession.quiz_id == quiz.id, PracticeSession.user_id.in_(learner_ids))))
        answers = list(db.session.scalars(select(Answer).where(
            Answer.session_id.in_([s.id for s in sessions])).order_by(Answer.id))) if sessions else []
        by_session: dict[str, list[Answer]] = defaultdict(list)
        for a in answers:
            by_session[a.session_id].append(a)
        rows = []
        per_attempt: list[dict[str, float]] = []
        per_question: dict[str, list[float]] = defaultdict(list)
        for learner in learners:
            mine = [s for s in sessions if s.user_id == learner.id]
            best = None
            for s in mine:
                marks = {a.question_id or f"{a.scenario_id}:{a.turn_id}":
                         (a.score if a.kind in ("answer", "scenario") else 0.0)
                         for a in by_session[s.id] if a.kind != "ask"}
                per_attempt.append(marks)
                for qid, score in marks.items():
                    per_question[qid].append(score)
                finished = _scenario_done(s) if s.scenario_id else s.current_question_id is None
                size = len(s.queue) or len(marks)
                mark = round(100 * sum(marks.values()) / size, 1) if size else None
                last = by_session[s.id][-1].created_at if by_session[s.id] else None
                seconds = int((last - s.created_at).total_seconds()) if last else None
                row = {"status": "finished" if finished else "in_progress", "mark": mark,
                       "seconds": seconds, "attempts": len(mine)}
                if best is None or (mark or 0) >= (best["mark"] or 0):
                    best = row
            rows.append({"learner": learner.username, "learner_id": learner.id,
                         **(best or {"status": "not_started", "mark": None, "seconds": None,
                                     "attempts": 0})})
        for a in answers:
            if a.kind in ("answer", "scenario"):
                for c in a.criteria:
                    criterion_bands[c.id].append(a.band)
        questions = []
        for qid, scores in sorted(per_question.items()):
            q = db.session.get(Question, qid)
            questions.append({"id": qid, "prompt": q.prompt if q else f"Scenario turn {qid}", "answers": len(scores),
                              "facility": stats.facility(scores),
                              "discrimination": stats.discrimination(per_attempt, qid)})
        out_quizzes.append({**quiz_summary(quiz), "learners": rows, "question_stats": questions})
    return {
        "cohort": {"id": cohort.id, "name": cohort.name, "qualification": cohort.qualification_id},
        "quizzes": out_quizzes,
        "criteria": [{"id": cid, "average_band": stats.average_band(b), "answers": len(b)}
                     for cid, b in sorted(criterion_bands.items())],
    }


def results_csv(staff: User, cohort_id: int) -> str:
    data = results(staff, cohort_id)
    return csv_text(
        ["quiz", "learner", "status", "mark_percent", "seconds", "attempts"],
        ([quiz["title"], row["learner"], row["status"], row["mark"], row["seconds"],
          row["attempts"]] for quiz in data["quizzes"] for row in quiz["learners"]))


def answers_count(quiz: Quiz) -> int:
    return db.session.scalar(select(func.count()).select_from(Answer).join(PracticeSession).where(
        PracticeSession.quiz_id == quiz.id)) or 0
