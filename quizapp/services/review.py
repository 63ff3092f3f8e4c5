"""Assessor review: per-criterion progress, evidence, overrides, sign-offs and the
professional-discussion pack. Every change is written to the audit log."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select

from quizapp import terms
from quizapp.exports.spreadsheet import csv_text
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    AuditEntry,
    Cohort,
    CohortMember,
    Criterion,
    Override,
    Progress,
    ResponseProposal,
    SignOff,
    Unit,
    User,
    answer_criteria,
)
from quizapp.services import Forbidden, NotFound, ServiceError, learner_progress
from quizapp.services import cohorts as cohort_service

STAFF = cohort_service.STAFF_ROLES


def audit(actor: User, action: str, entity: str, entity_id, before=None, after=None,
          reason: str | None = None) -> AuditEntry:
    entry = AuditEntry(actor_id=actor.id, action=action, entity=entity, entity_id=str(entity_id),
                       before=before, after=after, reason=reason)
    db.session.add(entry)
    return entry


def cohort_units(cohort: Cohort) -> list[Unit]:
    """The units a cohort studies: mandatory ones plus its chosen optional units (all units
    when the qualification states no groups), leaving out units with no criteria."""
    qual = cohort.qualification
    groups = ((qual.details or {}).get("rules") or {}).get("groups") or []
    chosen = set(cohort.optional_units or [])
    mandatory: set[str] = set()
    for group in groups:
        units = group.get("units") or []
        if group.get("min") is not None and group.get("min") == len(units):
            mandatory.update(units)
    wanted = mandatory | chosen
    units = [u for u in qual.units if u.criteria]
    if wanted:
        narrowed = [u for u in units if u.id in wanted]
        units = narrowed or units
    return units


def _learner_cohorts(learner_id: int) -> list[Cohort]:
    return list(db.session.scalars(select(Cohort).join(CohortMember).where(
        CohortMember.user_id == learner_id, CohortMember.role == "learner")))


def require_learner_access(viewer: User, learner_id: int) -> User:
    """The learner themself, or a tutor/assessor of one of their cohorts (or an admin)."""
    learner = db.session.get(User, learner_id)
    if learner is None:
        raise NotFound("That learner was not found.")
    if viewer.id == learner.id or cohort_service.staff_can_see_learner(viewer, learner_id):
        return learner
    raise Forbidden("You can only see learners in your own cohorts.")


def _signoffs(user_ids: list[int]) -> dict[tuple[int, str], SignOff]:
    rows = db.session.scalars(select(SignOff).where(SignOff.user_id.in_(user_ids))
                              .order_by(SignOff.id))
    return {(s.user_id, s.criterion_id): s for s in rows}


def heatmap(staff: User, cohort_id: int, unit_id: str | None = None) -> dict:
    """Learners x criteria, grouped by unit (or one unit), coloured by status."""
    cohort = cohort_service.require_member(staff, cohort_id, STAFF)
    learners = cohort_service.learners(cohort)
    all_units = cohort_units(cohort)
    units = [u for u in all_units if u.id == unit_id] or all_units
    ids = [c.id for u in units for c in u.criteria]
    rows = db.session.scalars(select(Progress).where(
        Progress.user_id.in_([u.id for u in learners]), Progress.criterion_id.in_(ids)))
    status = {(p.user_id, p.criterion_id): p.status for p in rows}
    signed = _signoffs([u.id for u in learners])
    grid = []
    for learner in learners:
        cells = {}
        for cid in ids:
            cells[cid] = {"status": status.get((learner.id, cid), "not_evidenced"),
                          "confirmed": (learner.id, cid) in signed}
        grid.append({"learner": learner, "cells": cells})
    gaps = Counter(cid for (uid, cid), st in status.items() if st == "gap")
    return {"cohort": cohort, "units": units, "all_units": all_units,
            "unit_id": unit_id if len(units) == 1 and unit_id else None, "rows": grid,
            "gaps": [(db.session.get(Criterion, cid), n) for cid, n in gaps.most_common(10)]}


def _answer_evidence(answer: Answer, override: Override | None) -> dict:
    concepts = answer.result.get("concepts", []) if answer.result else []
    return {
        "answer_id": answer.id,
        "at": answer.created_at,
        "kind": answer.kind,
        "prompt": answer.question.prompt if answer.question else answer.turn_id,
        "source": answer.question_id or answer.scenario_id,
        "text": answer.text,
        "machine_score": round(answer.score, 3),
        "machine_band": answer.band,
        "score": round(override.score if override else answer.score, 3),
        "band": override.band if override else answer.band,
        "override": override,
        "hit": [c for c in concepts if c.get("hit") and not c.get("negative")],
        "missed": [c for c in concepts if not c.get("hit") and not c.get("negative")],
        "negatives": [c for c in concepts if c.get("hit") and c.get("negative")],
    }


def learner_evidence(learner_id: int, criterion_ids: list[str],
                     own: bool = False) -> dict[str, list[dict]]:
    """criterion id -> the learner's marked answers for it, oldest first, with overrides
    (``own``: as the learner may see them, without a check quiz's answers before its due
    date)."""
    query = (
        select(answer_criteria.c.criterion_id, Answer)
        .join(Answer, Answer.id == answer_criteria.c.answer_id)
        .where(Answer.user_id == learner_id, Answer.kind.in_(learner_progress.MARKED_KINDS),
               answer_criteria.c.criterion_id.in_(criterion_ids))
        .order_by(Answer.created_at, Answer.id))
    if own:
        query = query.where(Answer.id.not_in(learner_progress.marks_waiting(learner_id)))
    rows = db.session.execute(query).all()
    overrides: dict[int, Override] = {}
    answer_ids = [a.id for _, a in rows]
    if answer_ids:
        for o in db.session.scalars(select(Override).where(Override.answer_id.in_(answer_ids))
                                    .order_by(Override.id)):
            overrides[o.answer_id] = o
    out: dict[str, list[dict]] = defaultdict(list)
    for cid, answer in rows:
        out[cid].append(_answer_evidence(answer, overrides.get(answer.id)))
    return out


def learner_view(viewer: User, learner_id: int) -> dict:
    """Every criterion of the learner's qualification(s), with status, evidence and trend:
    all of it for their staff, at once; for the learner themself, as they may see it (a check
    quiz's answers count from its due date: ``learner_progress.shown_statuses``)."""
    learner = require_learner_access(viewer, learner_id)
    own = viewer.id == learner.id
    cohorts = _learner_cohorts(learner.id)
    units: list[Unit] = []
    for cohort in cohorts:
        for unit in cohort_units(cohort):
            if unit not in units:
                units.append(unit)
    if not units:  # practising without a cohort: the units they have answered in
        answered = learner_progress.statuses(learner.id)
        unit_ids = {db.session.get(Criterion, cid).unit_id for cid in answered}
        units = [db.session.get(Unit, uid) for uid in sorted(unit_ids)]
    ids = [c.id for u in units for c in u.criteria]
    rows: dict[str, learner_progress.Shown] = (
        learner_progress.shown_statuses(learner.id, ids) if own else
        {cid: learner_progress.Shown.of(row)
         for cid, row in learner_progress.statuses(learner.id, ids).items()})
    evidence = learner_evidence(learner.id, ids, own=own)
    signed = _signoffs([learner.id])
    out_units = []
    for unit in units:
        items = []
        for c in unit.criteria:
            row = rows.get(c.id)
            ev = evidence.get(c.id, [])
            items.append({
                "criterion": c,
                "status": row.status if row else "not_evidenced",
                "score": round(row.score, 3) if row else 0.0,
                "attempts": row.attempts if row else 0,
                "reason": _reason(row.status if row else "not_evidenced", ev, c.kind),
                "evidence": ev,
                "trend": [e["score"] for e in ev],
                "signoff": signed.get((learner.id, c.id)),
            })
        out_units.append({"unit": unit, "criteria": items})
    return {"learner": learner, "cohorts": cohorts, "units": out_units}


def _reason(status: str, evidence: list[dict], kind: str) -> str:
    from quizapp.progress.status import Evidence, compute

    if not evidence:
        return "No answers yet."
    items = [Evidence(e["score"], e["band"], e["at"], "scenario" if e["kind"] == "scenario"
                      else "answer") for e in evidence]
    return compute(items, kind).reason


def band_for(score: float) -> str:
    return str(terms.band_for_score(score))


def band_ranges() -> list[dict]:
    """Each band with the scores it covers, strongest first (shown beside the re-mark)."""
    out, ceiling = [], 100
    for floor, band in terms.BAND_FLOORS:
        out.append({"band": str(band), "label": band.label, "from": round(floor * 100),
                    "to": ceiling})
        ceiling = round(floor * 100) - 1
    return out


def score_in_band(band: str, current: float) -> float:
    """The score nearest ``current`` that lies in ``band`` (a re-mark given as a band only)."""
    floors = {str(b): f for f, b in terms.BAND_FLOORS}
    ceilings = {str(b): top - 0.01 for (top, _), (_, b) in
                zip(terms.BAND_FLOORS, terms.BAND_FLOORS[1:])}
    return round(min(max(current, floors[band]), ceilings.get(band, 1.0)), 2)


def _remark(answer: Answer, previous: Override | None, score, band) -> tuple[float, str]:
    """The (score, band) of a re-mark given as a score, a band, or both (they must agree)."""
    if band is not None and band not in {str(b) for b in terms.Band}:
        raise ServiceError("band must be one of not_yet, partly, secure.")
    if score is None:
        if band is None:
            raise ServiceError("Choose a band (or give a score from 0 to 1).")
        current = previous.score if previous else answer.score
        return score_in_band(band, current), band
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
        raise ServiceError("score must be a number from 0 to 1.")
    if band is not None and band_for(float(score)) != band:
        raise ServiceError(f"A score of {score:.0%} is {terms.label(band_for(float(score)))}, "
                           f"not {terms.label(band)}: change one of them.")
    return float(score), band_for(float(score))


def _answer_for_assessor(assessor: User, answer_id: int) -> Answer:
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        raise NotFound("That answer was not found.")
    if assessor.role not in ("assessor", "admin") or not cohort_service.staff_can_see_learner(
            assessor, answer.user_id) or assessor.id == answer.user_id:
        raise Forbidden("Only an assessor of the learner's cohort can re-mark their answers.")
    return answer


def answer_owner(assessor: User, answer_id: int) -> int:
    """The learner whose answer this is, if ``assessor`` may re-mark it."""
    return _answer_for_assessor(assessor, answer_id).user_id


def override_answer(assessor: User, answer_id: int, score, comment: str,
                    send_to_tests: bool = False, band: str | None = None) -> Override:
    """Re-mark an answer by band or score: the original is kept, the audit log records it,
    progress follows, and the learner sees it (unseen until they open their feedback)."""
    answer = _answer_for_assessor(assessor, answer_id)
    comment = (comment or "").strip()
    if not comment:
        raise ServiceError("Say why you are changing the mark: a comment is required.")
    if len(comment) > 2000:
        raise ServiceError("Keep the comment under 2,000 characters.")
    if answer.kind not in learner_progress.MARKED_KINDS:
        raise ServiceError("Only marked answers can be re-marked.")
    previous = db.session.scalar(select(Override).where(Override.answer_id == answer.id)
                                 .order_by(Override.id.desc()).limit(1))
    score, band = _remark(answer, previous, score, band)
    before = ({"score": previous.score, "band": previous.band} if previous
              else {"score": answer.score, "band": answer.band})
    override = Override(answer_id=answer.id, assessor_id=assessor.id, score=score, band=band,
                        comment=comment)
    db.session.add(override)
    audit(assessor, "override", "answer", answer.id, before,
          {"score": override.score, "band": override.band}, comment)
    if send_to_tests and answer.question is not None:
        # into the bank owner's review queue: the shared question itself is not touched
        question = answer.question
        db.session.add(ResponseProposal(
            question_id=question.id, cohort_id=question.cohort_id, answer_id=answer.id,
            assessor_id=assessor.id, assessor_name=assessor.username, text=answer.text,
            band=override.band, comment=comment))
        audit(assessor, "send_to_test_responses", "question", question.id, None,
              {"text": answer.text, "band": override.band}, comment)
    db.session.flush()
    learner_progress.recompute(answer.user_id, list(answer.criteria))
    db.session.commit()
    return override


def progress_json(viewer: User, learner_id: int) -> dict:
    view = learner_view(viewer, learner_id)
    return {"learner": view["learner"].to_dict(), "criteria": [
        {"id": i["criterion"].id, "unit": b["unit"].id, "status": i["status"], "score": i["score"],
         "attempts": i["attempts"], "confirmed": bool(i["signoff"]),
         "evidence": [{"answer_id": e["answer_id"], "at": e["at"].isoformat(), "band": e["band"],
                       "score": e["score"], "text": e["text"],
                       "hit": [c["label"] for c in e["hit"]],
                       "missed": [c["label"] for c in e["missed"]],
                       "overridden": e["override"] is not None} for e in i["evidence"]]}
        for b in view["units"] for i in b["criteria"]]}


def cohort_progress_csv(staff: User, cohort_id: int) -> str:
    data = heatmap(staff, cohort_id)
    ids = [c.id for u in data["units"] for c in u.criteria]
    return csv_text(["learner", *ids], (
        [row["learner"].username] + [
            row["cells"][cid]["status"] + (" (confirmed)" if row["cells"][cid]["confirmed"] else "")
            for cid in ids]
        for row in data["rows"]))


def audit_log(staff: User, learner_id: int) -> list[AuditEntry]:
    """Audit entries about one learner's answers and criteria (read-only)."""
    require_learner_access(staff, learner_id)
    answer_ids = [str(i) for i in db.session.scalars(
        select(Answer.id).where(Answer.user_id == learner_id))]
    return list(db.session.scalars(select(AuditEntry).where(
        ((AuditEntry.entity == "answer") & AuditEntry.entity_id.in_(answer_ids))
        | ((AuditEntry.entity == "criterion") & AuditEntry.entity_id.like(f"{learner_id}:%"))
    ).order_by(AuditEntry.id.desc())))
