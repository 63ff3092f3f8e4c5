"""Recompute and read per-criterion progress. The rule itself is pure: ``progress.status``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, func, select, update

from quizapp.extensions import db, upsert
from quizapp.models import (
    Answer,
    Criterion,
    Override,
    Progress,
    Question,
    ScenarioRecord,
    Unit,
    answer_criteria,
    question_criteria,
)
from quizapp.models._types import utcnow
from quizapp.progress.status import Evidence, Tally, fold, status_of, tally_of
from quizapp.services.prepared import Prepared

MARKED_KINDS = ("answer", "scenario")
progress_table = Progress.__table__


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
    latest = (select(Override.answer_id, func.max(Override.id).label("override_id"))
              .group_by(Override.answer_id).subquery())
    rows = db.session.execute(
        select(answer_criteria.c.criterion_id, Answer.kind, Answer.score, Answer.band,
               Answer.created_at, Override.score, Override.band)
        .join(Answer, Answer.id == answer_criteria.c.answer_id)
        .outerjoin(latest, latest.c.answer_id == Answer.id)
        .outerjoin(Override, Override.id == latest.c.override_id)
        .where(
            Answer.user_id == user_id,
            Answer.kind.in_(MARKED_KINDS),
            answer_criteria.c.criterion_id.in_(criterion_ids),
        )
    ).all()
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for cid, kind, score, band, at, o_score, o_band in rows:
        if o_band is not None:  # an assessor's override replaces the machine mark
            score, band = o_score, o_band
        source = "scenario" if kind == "scenario" else "answer"
        evidence[cid].append(Evidence(score=score, band=band, at=at, source=source))
    stored = statuses(user_id, criterion_ids)
    for cid, kind in kinds.items():
        row = stored.get(cid)
        if row is None:
            row = Progress(user_id=user_id, criterion_id=cid)
            db.session.add(row)
        for key, value in _columns(tally_of(evidence.get(cid, [])), kind).items():
            setattr(row, key, value)
    db.session.flush()


# the stored columns of a tally (``progress.status.Tally``), as read for ``add_evidence``
TALLY_COLUMNS = (progress_table.c.criterion_id, progress_table.c.attempts,
                 progress_table.c.score_sum, progress_table.c.weight_sum,
                 progress_table.c.secure_days, progress_table.c.last_secure_on,
                 progress_table.c.scenario_secure, progress_table.c.last_answer_at)


class StoredTally(NamedTuple):
    """A row of ``TALLY_COLUMNS``: a learner's stored tally on one criterion."""

    criterion_id: str
    attempts: int
    score_sum: float | None
    weight_sum: float | None
    secure_days: int
    last_secure_on: date | None
    scenario_secure: bool
    last_answer_at: datetime | None


# the columns an answer writes (``_columns``), as bind parameters v_<column>
WRITTEN = ("status", "score", "attempts", "last_answer_at", "score_sum", "weight_sum",
           "secure_days", "last_secure_on", "scenario_secure", "updated_at")


def _written() -> dict:
    return {progress_table.c[name]: bindparam("v_" + name, type_=progress_table.c[name].type)
            for name in WRITTEN}


# run on every answer: compiled once, run on the DB-API connection
_TALLIES = (select(*TALLY_COLUMNS)
            .where(progress_table.c.user_id == bindparam("b_user"),
                   progress_table.c.criterion_id.in_(bindparam("b_criteria", expanding=True))))
# compare-and-set: written only if the tally is still the one the new one was folded from
_UPDATE = Prepared(
    update(progress_table)
    .where(progress_table.c.user_id == bindparam("b_user"),
           progress_table.c.criterion_id == bindparam("b_criterion"),
           progress_table.c.attempts == bindparam("b_attempts"),
           progress_table.c.score_sum == bindparam("b_score_sum"),
           progress_table.c.weight_sum == bindparam("b_weight_sum"))
    .values(_written()))
# a learner's first answer on a criterion, unless another request stored one first
_INSERT = Prepared(lambda dialect: (
    upsert(progress_table, dialect)
    .values({progress_table.c.user_id: bindparam("b_user"),
             progress_table.c.criterion_id: bindparam("b_criterion"), **_written()})
    .on_conflict_do_nothing(index_elements=["user_id", "criterion_id"])
    .returning(progress_table.c.criterion_id)))


@dataclass
class EvidencePlan:
    """One new piece of evidence folded into a learner's tallies, not yet written: the
    compare-and-set updates (``_UPDATE`` parameters), the first rows on criteria without one
    (``_INSERT`` parameters), and the criteria to recompute from the answers instead."""

    user_id: int
    kinds: dict[str, str]
    updates: list[dict] = field(default_factory=list)
    inserts: list[dict] = field(default_factory=list)
    recount: dict[str, str] = field(default_factory=dict)


def plan_evidence(user_id: int, criteria: list[Criterion] | dict[str, str], item: Evidence,
                  stored: dict | None = None) -> EvidencePlan:
    """Fold ``item`` (the newest evidence the learner has) into each criterion's stored tally,
    in constant time. ``stored``: the learner's tallies for these criteria (rows of
    ``TALLY_COLUMNS`` by criterion ID; no row, none stored yet) if the caller read them
    already; else they are read here."""
    plan = EvidencePlan(user_id, _kinds(criteria))
    if not plan.kinds:
        return plan
    if stored is None:
        stored = {row.criterion_id: row for row in db.session.execute(
            _TALLIES, {"b_user": user_id, "b_criteria": list(plan.kinds)})}
    now = utcnow()
    for cid, kind in plan.kinds.items():
        row = stored.get(cid)
        if row is not None and (row.weight_sum is None or row.score_sum is None):
            plan.recount[cid] = kind  # stored before tallies were kept
            continue
        tally = Tally() if row is None else Tally(
            attempts=row.attempts, score_sum=row.score_sum, weight_sum=row.weight_sum,
            secure_days=row.secure_days, last_secure_on=row.last_secure_on,
            scenario_secure=row.scenario_secure, last_at=row.last_answer_at)
        values = {"b_user": user_id, "b_criterion": cid, "v_updated_at": now}
        values.update(("v_" + key, value)
                      for key, value in _columns(fold(tally, item), kind).items())
        if row is None:
            plan.inserts.append(values)
        else:
            values.update(b_attempts=row.attempts, b_score_sum=row.score_sum,
                          b_weight_sum=row.weight_sum)
            plan.updates.append(values)
    return plan


def write_evidence(plan: EvidencePlan) -> None:
    """Write a plan's tallies, each only if unchanged since it was read (compare-and-set), so
    two requests for one learner at once (two tabs, an assessor's override) can't lose an
    update: a tally that changed meanwhile, a row another request created first, and a row
    without a tally are recomputed from the answers instead. Does not commit."""
    recount = dict(plan.recount)
    if plan.updates and _UPDATE.run_many(plan.updates) != len(plan.updates):
        recount.update((u["b_criterion"], plan.kinds[u["b_criterion"]]) for u in plan.updates)
    for values in plan.inserts:  # a learner's first answer on a criterion
        if _INSERT.scalar(**values) is None:  # another request was first
            recount[values["b_criterion"]] = plan.kinds[values["b_criterion"]]
    if recount:
        recompute(plan.user_id, recount)


def add_evidence(user_id: int, criteria: list[Criterion] | dict[str, str], item: Evidence,
                 stored: dict | None = None) -> None:
    """Add one new piece of evidence (the newest the learner has) to each criterion's progress,
    in constant time: fold it into the stored tallies and write them back by compare-and-set
    (``plan_evidence``, ``write_evidence``). Does not commit."""
    write_evidence(plan_evidence(user_id, criteria, item, stored))


def statuses(user_id: int, criterion_ids: list[str] | None = None) -> dict[str, Progress]:
    """The learner's stored progress rows, by criterion ID."""
    query = select(Progress).where(Progress.user_id == user_id)
    if criterion_ids is not None:
        query = query.where(Progress.criterion_id.in_(criterion_ids))
    return {p.criterion_id: p for p in db.session.scalars(query)}


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
    """Every practisable criterion with the learner's status (``not_evidenced`` if none yet)."""
    criteria = practisable_criteria(unit_id)
    rows = statuses(user_id, [c.id for c in criteria])
    report = []
    for c in criteria:
        row = rows.get(c.id)
        item = row.to_dict() if row else {
            "id": c.id, "status": "not_evidenced", "score": 0.0, "attempts": 0}
        item.update(text=c.text, number=c.number, unit=c.unit_id, kind=c.kind)
        report.append(item)
    return report
