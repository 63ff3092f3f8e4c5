"""Recompute and read per-criterion progress. The rule itself is pure: ``progress.status``."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from quizapp import terms
from quizapp.extensions import db
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
        )
    ).all()
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for cid, kind, score, credit, number, band, at, o_score, o_band in rows:
        if o_band is not None:  # an assessor's override replaces the machine mark
            score, band = o_score, o_band
        else:  # the mark that counts: after several tries, the best less its penalty
            score = score if credit is None else credit
            band = terms.counted_band(band, credit, number)
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
