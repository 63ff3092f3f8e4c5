"""Read-only views for the learner's home page and "My progress": the qualifications of the
learner's cohorts, the share of criteria secure per unit, the weakest criteria, and the
unfinished session to continue. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from quizapp import terms
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Cohort,
    CohortMember,
    Criterion,
    PracticeSession,
    Qualification,
    Unit,
)
from quizapp.models._types import utcnow
from quizapp.services import learner_progress, roleplays

# the order "Practise next" picks from: gaps first, then half-learnt, then not started
WEAKNESS = {"gap": 0, "developing": 1, "not_evidenced": 2}
# the words the learner reads for a criterion's status (the product's one vocabulary)
REVIEW_KEPT = timedelta(days=1)  # an unfinished review session older than this starts afresh
STATUS_WORDS = {status.value: status.label for status in terms.Status}


@dataclass
class UnitShare:
    """One unit of a qualification with the learner's criteria by status."""

    id: str
    code: str
    title: str
    criteria: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def secure(self) -> int:
        return sum(1 for c in self.criteria if c["status"] == "secure")

    @property
    def started(self) -> int:
        return sum(1 for c in self.criteria if c["status"] != "not_evidenced")

    @property
    def percent(self) -> int:
        return round(100 * self.secure / self.total) if self.total else 0


@dataclass
class QualificationShare:
    id: str
    title: str
    level: int | None
    units: list[UnitShare]

    @property
    def total(self) -> int:
        return sum(u.total for u in self.units)

    @property
    def secure(self) -> int:
        return sum(u.secure for u in self.units)


def learner_qualification_ids(user_id: int) -> list[str]:
    """The qualifications of the cohorts the user is a learner in, in a stable order."""
    rows = db.session.scalars(
        select(Cohort.qualification_id).join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user_id, CohortMember.role == "learner")
        .distinct().order_by(Cohort.qualification_id))
    return list(rows)


def practised_qualification_ids(user_id: int) -> list[str]:
    """The qualifications the user has any progress in (for a learner in no cohort)."""
    report = learner_progress.statuses(user_id)
    if not report:
        return []
    rows = db.session.scalars(
        select(Unit.qualification_id).join(Criterion, Criterion.unit_id == Unit.id)
        .where(Criterion.id.in_(list(report))).distinct().order_by(Unit.qualification_id))
    return list(rows)


def qualification_shares(user_id: int, qualification_ids: list[str]) -> list[QualificationShare]:
    """Each qualification with its practisable units and the learner's status per criterion, as
    they may see it (``learner_progress.shown_statuses``: a check quiz's answers count from its
    due date)."""
    if not qualification_ids:
        return []
    criteria = [c for c in learner_progress.practisable_criteria()
                if c.unit.qualification_id in qualification_ids]
    stored = learner_progress.shown_statuses(user_id, [c.id for c in criteria])
    by_unit: dict[str, UnitShare] = {}
    for c in criteria:
        unit = by_unit.setdefault(c.unit_id, UnitShare(c.unit.id, c.unit.code, c.unit.title))
        row = stored.get(c.id)
        status = row.status if row else "not_evidenced"
        unit.criteria.append({"id": c.id, "number": c.number, "text": c.text, "status": status,
                              "label": STATUS_WORDS.get(status, status),
                              "attempts": row.attempts if row else 0,
                              "score": row.score if row else 0.0})
    quals = db.session.scalars(select(Qualification).where(
        Qualification.id.in_(qualification_ids)).order_by(Qualification.id))
    result = []
    for q in quals:
        units = [by_unit[u.id] for u in q.units if u.id in by_unit]
        result.append(QualificationShare(q.id, q.title, q.level, units))
    return result


def weakest_criteria(shares: list[QualificationShare], limit: int = 3) -> tuple[UnitShare | None,
                                                                              list[dict]]:
    """"Practise next": the unit holding the weakest criterion not yet secure, and up to
    ``limit`` of its weakest criteria (gaps, then getting there, then not started)."""
    candidates = [(WEAKNESS[c["status"]], c["score"], i, unit, c)
                  for q in shares for i, unit in enumerate(q.units) for c in unit.criteria
                  if c["status"] in WEAKNESS]
    if not candidates:
        return None, []
    candidates.sort(key=lambda t: (t[0], t[1], t[2]))
    unit = candidates[0][3]
    picked = [c for _, _, _, u, c in candidates if u is unit][:limit]
    return unit, picked


def _begun_unfinished(user_id: int, *where: Any) -> list[PracticeSession]:
    """The learner's latest five sessions with an answer and no finish, newest first (one
    opened but never answered has nothing to go back to), narrowed by ``where``."""
    answered = select(Answer.session_id).where(Answer.user_id == user_id)
    return list(db.session.scalars(
        select(PracticeSession).where(PracticeSession.user_id == user_id,
                                      PracticeSession.finished_at.is_(None),
                                      PracticeSession.id.in_(answered), *where)
        .order_by(PracticeSession.created_at.desc()).limit(5)))


def unfinished_session(user_id: int) -> dict[str, Any] | None:
    """The learner's latest session with questions still to answer (or a role-play not yet
    at its debrief): what it is and how far it got, for "Continue"."""
    for s in _begun_unfinished(user_id):
        if s.scenario_id:
            if (s.state or {}).get("done"):
                continue
            return {"id": s.id, "kind": "scenario", "scenario_id": s.scenario_id,
                    "quiz_id": s.quiz_id, **roleplays.replies_so_far(s)}
        if s.position >= len(s.queue or []):
            continue
        return {"id": s.id, "kind": "quiz" if s.quiz_id else "unit", "quiz_id": s.quiz_id,
                "unit_id": s.unit_id, "criteria": list(s.criteria or []),
                "answered": s.position, "total": len(s.queue)}
    return None


def unfinished_scenario(user_id: int, scenario_id: str) -> str | None:
    """The id of the learner's latest run of this role-play that has a reply and is not yet at
    its debrief, so the role-play's page goes back to it on any phone or computer (the browser's
    own memory of the run is only on the one it was played on)."""
    for run in _begun_unfinished(user_id, PracticeSession.scenario_id == scenario_id)[:1]:
        if not (run.state or {}).get("done"):
            return run.id
    return None


def unfinished_practice(user_id: int, unit_id: str,
                        criteria: list[str] | None = None) -> str | None:
    """The id of the learner's latest practice run of this unit with an answer and questions
    still to answer (with ``criteria``: a "Practise next" run of just those criteria), so the
    unit's practice page goes back to it on any phone or computer, as Continue does."""
    practice = (PracticeSession.quiz_id.is_(None), PracticeSession.scenario_id.is_(None),
                PracticeSession.unit_id.is_(None) if criteria
                else PracticeSession.unit_id == unit_id)
    for s in _begun_unfinished(user_id, *practice):
        if sorted(s.criteria or []) == sorted(criteria or []) and s.position < len(s.queue or []):
            return s.id
    return None


def unfinished_review(user_id: int, now: datetime | None = None) -> str | None:
    """The id of the learner's review session of the last day with questions still to answer
    (one not tied to a unit, quiz or role-play), for the review page to continue."""
    since = (now or utcnow()) - REVIEW_KEPT
    sessions = db.session.scalars(
        select(PracticeSession).where(PracticeSession.user_id == user_id,
                                      PracticeSession.unit_id.is_(None),
                                      PracticeSession.quiz_id.is_(None),
                                      PracticeSession.scenario_id.is_(None),
                                      PracticeSession.finished_at.is_(None),
                                      PracticeSession.created_at >= since)
        .order_by(PracticeSession.created_at.desc()).limit(5))
    for s in sessions:
        if not s.criteria and s.position < len(s.queue or []):
            return s.id
    return None


def criterion_texts(ids: list[str]) -> dict[str, str]:
    """``{criterion id: its words}`` for the given criteria (unknown IDs left out)."""
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Criterion.id, Criterion.text).where(Criterion.id.in_(ids))).all())


def criteria_named(ids: list[str]) -> dict[str, dict[str, str]]:
    """``{criterion id: {"number", "text", "unit_id"}}`` for the given criteria, in one query
    (to name them in words and link to the learner's answers to each)."""
    if not ids:
        return {}
    rows = db.session.execute(select(Criterion.id, Criterion.number, Criterion.text,
                                     Criterion.unit_id).where(Criterion.id.in_(set(ids))))
    return {cid: {"number": number, "text": text, "unit_id": unit_id}
            for cid, number, text, unit_id in rows}


def unit_of_criteria(ids: list[str]) -> str | None:
    """The unit of the first of ``ids`` that exists (a criteria session's unit page)."""
    if not ids:
        return None
    return db.session.scalar(select(Criterion.unit_id).where(Criterion.id.in_(ids)).limit(1))


def criterion_units(ids: list[str]) -> dict[str, str]:
    """``{criterion id: its unit id}`` for the given criteria."""
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Criterion.id, Criterion.unit_id).where(Criterion.id.in_(set(ids)))).all())


def last_finished_attempt(user_id: int, quiz_id: int) -> str | None:
    """The id of the learner's latest finished attempt at a quiz (all questions answered), for
    the review of their answers."""
    attempts = db.session.scalars(
        select(PracticeSession).where(PracticeSession.user_id == user_id,
                                      PracticeSession.quiz_id == quiz_id)
        .order_by(PracticeSession.created_at.desc()))
    for s in attempts:
        if s.scenario_id is None and s.position >= len(s.queue or []):
            return s.id
    return None
