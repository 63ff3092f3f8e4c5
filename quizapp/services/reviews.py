"""Spaced review: every marked answer to a question is a review of the learner's FSRS card on
it (``record``, called by the answer turn in its transaction); a review session serves the
cards that are due, weakest criteria first, then new questions on criteria not yet evidenced,
within the learner's own qualifications (``start_review``); ``due_summary`` says how many are
due. The rules themselves are pure: ``quizapp.progress.review``."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from quizapp import terms
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    CohortMember,
    Criterion,
    PracticeSession,
    Question,
    ReviewCard,
    question_criteria,
)
from quizapp.models._types import utcnow
from quizapp.progress import review as rules
from quizapp.services import NotFound, goals, learner_progress
from quizapp.services import review as assessor_review
from quizapp.services.users import Learner

WEAKEST_SHOWN = 3  # criteria offered when nothing is due
CHECK_MODES = ("after_due",)  # quizzes whose answers are assessment, not review


def record(user_id: int, session: PracticeSession, answer: Answer) -> None:
    """Review the learner's card on the answer's question with the mark that counts (the
    caller commits). A quick secure first try is Easy: quick from the moment the question was
    put (the session's start or its previous answer). Check quizzes' answers are left out."""
    if answer.question_id is None or answer.kind != terms.AnswerKind.ANSWER:
        return
    if session.quiz is not None and session.quiz.feedback_mode in CHECK_MODES:
        return  # a check quiz's marks wait for its due date: a schedule would give them away
    band = terms.counted_band(answer.band, answer.credit, answer.try_number)
    seconds = None
    if band == terms.Band.SECURE and answer.try_number == 1:
        seconds = (answer.created_at - _put_at(session, answer)).total_seconds()
    rating = rules.rating_for(band, answer.try_number, seconds)
    card = db.session.get(ReviewCard, (user_id, answer.question_id))
    if card is None:
        card = ReviewCard(user_id=user_id, question_id=answer.question_id, reviews=0)
        db.session.add(card)
    card.card, card.due = rules.review(card.card, rating, answer.created_at)
    card.reviews = (card.reviews or 0) + 1


def _put_at(session: PracticeSession, answer: Answer) -> datetime:
    """When the question answered was put: the session's previous answer, or its start."""
    before = db.session.scalar(select(func.max(Answer.created_at)).where(
        Answer.session_id == session.id, Answer.id != answer.id))
    return before or session.created_at


def _qualification_criteria(user_id: int) -> list[str]:
    """The criteria of the units the learner's cohorts study, in catalogue order."""
    cohorts = [m.cohort for m in db.session.scalars(select(CohortMember).where(
        CohortMember.user_id == user_id, CohortMember.role == "learner"))]
    found: dict[str, None] = {}
    for cohort in cohorts:
        for unit in assessor_review.cohort_units(cohort):
            found.update((c.id, None) for c in unit.criteria)
    return list(found)


def _card_criteria(user_id: int) -> list[str]:
    """The criteria of the questions the learner has cards on (due cards are served whatever
    unit they are in)."""
    links = question_criteria
    return list(db.session.scalars(select(links.c.criterion_id).distinct().where(
        links.c.question_id.in_(select(ReviewCard.question_id).where(
            ReviewCard.user_id == user_id)))))


def _cards(user_id: int) -> dict[str, datetime]:
    """The learner's cards on active questions: question ID -> when due."""
    rows = db.session.execute(
        select(ReviewCard.question_id, ReviewCard.due)
        .join(Question, Question.id == ReviewCard.question_id)
        .where(ReviewCard.user_id == user_id, Question.active.is_(True)))
    return {question_id: due for question_id, due in rows}


def review_queue(user: Learner, size: int, now: datetime | None = None,
                 rng: random.Random | None = None) -> tuple[list[str], dict[str, str]]:
    """The questions of a review session: the cards due (weakest criteria first), then one
    new question for each criterion not yet evidenced; and the learner's statuses."""
    # imported here: practice imports the answer turn, which imports this module (``record``)
    from quizapp.services import practice

    now = now or utcnow()
    rng = rng or random.Random()
    criteria = _qualification_criteria(user.id)
    wanted = list(dict.fromkeys(criteria + _card_criteria(user.id)))
    # the learner's pool (practice's rules: active questions, the shared banks and their own
    # cohorts' questions unless a check quiz is open) with their statuses, in one query
    pool, statuses = practice._pool_with_status(None, wanted, user.id) if wanted else ({}, {})
    cards = _cards(user.id)
    due = rules.due_order((rules.DueCard(qid, at, tuple(pool[qid]))
                           for qid, at in cards.items() if qid in pool), statuses, now)
    fresh: list[str] = []
    for criterion in criteria:
        if statuses.get(criterion, terms.Status.NOT_EVIDENCED) != terms.Status.NOT_EVIDENCED:
            continue
        options = [q for q in pool if criterion in pool[q] and q not in cards and q not in fresh]
        if options and not any(criterion in pool[q] for q in fresh):
            fresh.append(rng.choice(options))
    return (due + fresh)[:size], statuses


def start_review(user: Learner, now: datetime | None = None,
                 rng: random.Random | None = None) -> PracticeSession:
    """A review session as long as the learner's daily goal; when nothing is due and every
    criterion has evidence, NotFound with the weakest criteria to practise instead."""
    goal = goals.goal_of(user.id)
    queue, _ = review_queue(user, goal.daily_goal, now, rng)
    if not queue:
        raise NotFound("Nothing is due for review now: practise your weakest criteria instead.",
                       details={"weakest": weakest(user.id)})
    session = PracticeSession(id=uuid.uuid4().hex, user_id=user.id, unit_id=None, criteria=[],
                              queue=queue, position=0)
    db.session.add(session)
    db.session.commit()
    return session


def weakest(user_id: int, count: int = WEAKEST_SHOWN) -> list[dict[str, Any]]:
    """The learner's weakest criteria with evidence (not yet secure), weakest first, as they
    may see their progress (a check quiz's answers count from its due date)."""
    rows = learner_progress.shown_statuses(user_id)
    order = sorted((p for p in rows.values() if p.status != terms.Status.SECURE),
                   key=lambda p: (terms.STATUS_ORDER[terms.Status(p.status)], p.score,
                                  p.criterion_id))[:count]
    found = {c.id: c for c in db.session.scalars(select(Criterion).where(
        Criterion.id.in_([p.criterion_id for p in order])))} if order else {}
    return [{"id": p.criterion_id, "status": p.status,
             "status_label": terms.Status(p.status).label,
             "unit": found[p.criterion_id].unit_id if p.criterion_id in found else None,
             "text": found[p.criterion_id].text if p.criterion_id in found else ""}
            for p in order]


def due_summary(user: Learner, now: datetime | None = None) -> dict[str, Any]:
    """How many cards are due now and by the end of the learner's day, when the next one falls
    due, and (when nothing is due) the weakest criteria to practise."""
    now = now or utcnow()
    goal = goals.goal_of(user.id)
    tz = rules.zone(goal.time_zone)
    local = now.astimezone(tz)
    end_of_day = (local.replace(hour=0, minute=0, second=0, microsecond=0)
                  + timedelta(days=1)).astimezone(now.tzinfo)
    cards = _cards(user.id)
    due_now = sum(1 for at in cards.values() if at <= now)
    later = [at for at in cards.values() if at > now]
    return {"due": due_now, "due_today": sum(1 for at in cards.values() if at < end_of_day),
            "next_due": min(later).isoformat() if later else None, "cards": len(cards),
            "weakest": [] if due_now else weakest(user.id)}
