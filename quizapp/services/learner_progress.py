"""Recompute and read per-criterion progress. The rule itself is pure: ``progress.status``.

Two readers, one source of truth. The stored ``Progress`` rows hold every marked answer the
moment it is stored, a check quiz's too: staff (the heat map, a learner's evidence, the
discussion pack, the CSV) see it at once. The learner sees their progress through
``shown_statuses``: a check quiz's answers (``feedback_mode`` "after_due") count there only
once their marks are shown, at the quiz's due date, like the chat, the answers page and the
re-marks (``services.feedback``). That is decided when read, from the quiz as it is then (no
"visible from" date is stored and nothing is written on read: no scheduler, no second tally
to keep in step, nothing to race): on a criterion with such a waiting answer the learner's
status is worked out from their other answers; on every other criterion it is the stored row.
So the answer counts exactly once, at the due date, whoever reads first; a due date moved
later hides it again until the new date; an archived quiz's answers wait for its date too;
a quiz whose cohort is deleted leaves free practice answers, shown (as in the chat).
Recording a check's answers lazily at the due date instead would give staff a second tally to
read (they see the answer at once) and a write on a learner's read to race with answer turns.
The cost: a learner's read runs one query more (three more on criteria where an answer waits).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select

from quizapp import terms
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Criterion,
    Override,
    PracticeSession,
    Progress,
    Question,
    Quiz,
    ScenarioRecord,
    Unit,
    answer_criteria,
    question_criteria,
)
from quizapp.models._types import utcnow
from quizapp.progress.status import Evidence, Tally, fold, status_of, tally_of

MARKED_KINDS = terms.MARKED_KINDS


def _kinds(criteria) -> dict[str, str]:
    """``{criterion id: kind}`` from Criterion objects or such a dict already."""
    if isinstance(criteria, dict):
        return criteria
    return {c.id: c.kind for c in criteria}


def _columns(tally: Tally, kind: str) -> dict:
    """A progress row's stored columns for ``tally`` (its status by the pure rule)."""
    status = status_of(tally, kind)
    return {"status": status.status, "score": status.score, "attempts": status.attempts,
            "last_answer_at": tally.last_at, "score_sum": tally.score_sum,
            "weight_sum": tally.weight_sum, "secure_days": tally.secure_days,
            "last_secure_on": tally.last_secure_on, "scenario_secure": tally.scenario_secure}


def _evidence(user_id: int, criterion_ids: list[str],
              leave_out: Select | None = None) -> dict[str, list[Evidence]]:
    """``{criterion id: the learner's evidence}`` from their marked answers (an assessor's
    override replaces the machine mark), without the answers ``leave_out`` selects."""
    latest = (select(Override.answer_id, func.max(Override.id).label("override_id"))
              .group_by(Override.answer_id).subquery())
    query = (
        select(answer_criteria.c.criterion_id, Answer.kind, Answer.score, Answer.credit,
               Answer.try_number, Answer.band, Answer.created_at, Override.score, Override.band)
        .join(Answer, Answer.id == answer_criteria.c.answer_id)
        .outerjoin(latest, latest.c.answer_id == Answer.id)
        .outerjoin(Override, Override.id == latest.c.override_id)
        .where(
            Answer.user_id == user_id,
            Answer.kind.in_(MARKED_KINDS),
            Answer.superseded.is_(False),  # a question's later try carries the mark that counts
            answer_criteria.c.criterion_id.in_(criterion_ids),
        ))
    if leave_out is not None:
        query = query.where(Answer.id.not_in(leave_out))
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for cid, kind, score, credit, number, band, at, o_score, o_band in db.session.execute(query):
        if o_band is not None:  # an assessor's override replaces the machine mark
            score, band = o_score, o_band
        else:  # the mark that counts: after several tries, the best less its penalty
            score = score if credit is None else credit
            band = terms.counted_band(band, credit, number)
        source = "scenario" if kind == "scenario" else "answer"
        evidence[cid].append(Evidence(score=score, band=band, at=at, source=source))
    return evidence


def recompute(user_id: int, criteria: list[Criterion] | dict[str, str]) -> None:
    """Recompute progress rows for ``criteria`` (Criterion objects, or ``{id: kind}``) from all
    of the learner's marked answers (an assessor's override replaces the machine mark). Does not
    commit: the caller commits the change and the progress together.

    An answer turn uses ``add_evidence`` instead, which doesn't re-read the answers; this is for
    overrides, which change old evidence, and for rows without a tally.
    """
    kinds = _kinds(criteria)
    if not kinds:
        return
    criterion_ids = list(kinds)
    evidence = _evidence(user_id, criterion_ids)
    stored = statuses(user_id, criterion_ids)
    for cid, kind in kinds.items():
        row = stored.get(cid)
        if row is None:
            row = Progress(user_id=user_id, criterion_id=cid)
            db.session.add(row)
        for key, value in _columns(tally_of(evidence.get(cid, [])), kind).items():
            setattr(row, key, value)
    db.session.flush()


def _tally(row: Progress) -> Tally:
    return Tally(attempts=row.attempts, score_sum=row.score_sum or 0.0,
                 weight_sum=row.weight_sum or 0.0, secure_days=row.secure_days,
                 last_secure_on=row.last_secure_on, scenario_secure=row.scenario_secure,
                 last_at=row.last_answer_at)


def add_evidence(user_id: int, criteria: list[Criterion] | dict[str, str], item: Evidence,
                 rows: dict[str, Progress] | None = None) -> None:
    """Add one new piece of evidence (the newest the learner has) to each criterion's progress,
    in constant time: fold it into the stored tally (``rows``: the learner's progress rows on
    these criteria, if the caller read them already). Rows stored before tallies were kept are
    recomputed from the answers. Does not commit.

    Two requests for one learner at once can't lose an update: each row has a version counter,
    so the second flush fails (``StaleDataError``, or ``IntegrityError`` for two first rows)
    and the caller reads again (``services.answer_turn``)."""
    kinds = _kinds(criteria)
    if rows is None:
        rows = statuses(user_id, list(kinds))
    recount: dict[str, str] = {}
    for cid, kind in kinds.items():
        row = rows.get(cid)
        if row is None:
            row = Progress(user_id=user_id, criterion_id=cid)
            db.session.add(row)
            tally = Tally()
        elif row.score_sum is None or row.weight_sum is None:
            recount[cid] = kind  # stored before tallies were kept
            continue
        else:
            tally = _tally(row)
        for key, value in _columns(fold(tally, item), kind).items():
            setattr(row, key, value)
    if recount:
        recompute(user_id, recount)


def statuses(user_id: int, criterion_ids: list[str] | None = None) -> dict[str, Progress]:
    """The learner's stored progress rows, by criterion ID."""
    query = select(Progress).where(Progress.user_id == user_id)
    if criterion_ids is not None:
        query = query.where(Progress.criterion_id.in_(criterion_ids))
    return {p.criterion_id: p for p in db.session.scalars(query)}


@dataclass(frozen=True)
class Shown:
    """A criterion's progress as the learner is shown it (read-only: never stored)."""

    criterion_id: str
    status: str
    score: float
    attempts: int

    @classmethod
    def of(cls, row: Progress) -> Shown:
        return cls(row.criterion_id, row.status, row.score, row.attempts)

    def to_dict(self) -> dict:
        return {"id": self.criterion_id, "status": self.status, "score": round(self.score, 3),
                "attempts": self.attempts}


def marks_waiting(user_id: int, now: datetime | None = None) -> Select:
    """The ids of the learner's answers whose marks they may not see yet: those in a check
    quiz before its due date (``Quiz.feedback_visible``, as the quiz is now)."""
    now = now or utcnow()
    return (select(Answer.id)
            .join(PracticeSession, PracticeSession.id == Answer.session_id)
            .join(Quiz, Quiz.id == PracticeSession.quiz_id)
            .where(Answer.user_id == user_id, Quiz.feedback_mode != "immediate",
                   or_(Quiz.due_at.is_(None), Quiz.due_at > now)))


def waiting_criteria(user_id: int, criterion_ids: list[str],
                     now: datetime | None = None) -> set[str]:
    """Those of ``criterion_ids`` that an answer of the learner's evidences whose marks wait
    for a check quiz's due date (``marks_waiting``). One query (none for no criteria)."""
    if not criterion_ids:
        return set()
    links = answer_criteria
    return set(db.session.scalars(
        select(links.c.criterion_id).distinct()
        .where(links.c.answer_id.in_(marks_waiting(user_id, now)),
               links.c.criterion_id.in_(criterion_ids))))


def shown_statuses(user_id: int, criterion_ids: list[str] | None = None,
                   now: datetime | None = None) -> dict[str, Shown]:
    """The learner's progress by criterion ID as they may see it now (``now``: for tests):
    the stored rows, except on criteria with a check quiz's answer whose marks wait for the
    due date, which are worked out from the learner's other answers (left out when there are
    none: not evidenced yet). Two queries, and one more when some answer waits."""
    stored = statuses(user_id, criterion_ids)
    waiting = waiting_criteria(user_id, list(stored), now)
    shown = {cid: Shown.of(row) for cid, row in stored.items() if cid not in waiting}
    if waiting:
        kinds: dict[str, str] = {cid: kind for cid, kind in db.session.execute(
            select(Criterion.id, Criterion.kind).where(Criterion.id.in_(waiting)))}
        evidence = _evidence(user_id, sorted(waiting), leave_out=marks_waiting(user_id, now))
        for cid in waiting:
            status = status_of(tally_of(evidence.get(cid, [])), kinds.get(cid, "knowledge"))
            if status.attempts:
                shown[cid] = Shown(cid, status.status, status.score, status.attempts)
    return shown


def practisable_criteria(unit_id: str | None = None) -> list[Criterion]:
    """Criteria that an active question or scenario evidences (optionally in one unit)."""
    from_questions = (
        select(question_criteria.c.criterion_id)
        .join(Question, Question.id == question_criteria.c.question_id)
        .where(Question.active.is_(True))
    )
    ids = set(db.session.scalars(from_questions))
    for criteria in db.session.scalars(
            select(ScenarioRecord.criteria).where(ScenarioRecord.active.is_(True))):
        ids.update(criteria)
    query = (
        select(Criterion)
        .join(Unit, Unit.id == Criterion.unit_id)
        .where(Criterion.id.in_(ids))
        .order_by(Unit.qualification_id, Unit.position, Criterion.position)
    )
    if unit_id:
        query = query.where(Criterion.unit_id == unit_id)
    return list(db.session.scalars(query))


def progress_report(user_id: int, unit_id: str | None = None) -> list[dict]:
    """Every practisable criterion with the learner's status as they may see it
    (``shown_statuses``; ``not_evidenced`` if none yet)."""
    criteria = practisable_criteria(unit_id)
    rows = shown_statuses(user_id, [c.id for c in criteria])
    report = []
    for c in criteria:
        row = rows.get(c.id)
        item = row.to_dict() if row else {
            "id": c.id, "status": "not_evidenced", "score": 0.0, "attempts": 0}
        item.update(text=c.text, number=c.number, unit=c.unit_id, kind=c.kind)
        report.append(item)
    return report
