"""Sign-offs: an assessor confirms a criterion from professional discussion with the date, a
note and their typed name as a signature (time-stamped); the learner countersigns. Audited."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Cohort, CohortMember, Criterion, SignOff, User
from quizapp.models._types import utcnow
from quizapp.services import Conflict, Forbidden, NotFound, ServiceError, review

MAX_SIGNATURE = 120
EARLIEST_YEAR = 2000  # a discussion date before this is a mistake


def require_signoff_access(assessor: User, learner_id: int) -> None:
    """Only an assessor (or admin) of the learner's cohort, never the learner themself."""
    review.require_learner_access(assessor, learner_id)
    if assessor.role not in ("assessor", "admin") or assessor.id == learner_id:
        raise Forbidden("Only the learner's assessor can sign off a criterion.")


def _signature(text: str | None, who: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ServiceError(f"Type your full name to sign, as {who}.")
    if len(text) > MAX_SIGNATURE:
        raise ServiceError(f"Keep the signature under {MAX_SIGNATURE} characters.")
    return text


def _discussion_date(discussed_on) -> date:
    if isinstance(discussed_on, str):
        try:
            discussed_on = date.fromisoformat(discussed_on)
        except ValueError as exc:
            raise ServiceError("The date must look like 2026-11-22.") from exc
    if isinstance(discussed_on, datetime):
        discussed_on = discussed_on.date()
    if not isinstance(discussed_on, date):
        raise ServiceError("Give the date of the professional discussion.")
    if discussed_on > utcnow().date():
        raise ServiceError("The discussion date cannot be in the future.")
    if discussed_on.year < EARLIEST_YEAR:
        raise ServiceError(f"The discussion date must be from {EARLIEST_YEAR} on.")
    return discussed_on


def _learner_qualifications(learner_id: int) -> set[str]:
    """The qualifications of the cohorts the learner is in."""
    return set(db.session.scalars(
        select(Cohort.qualification_id).join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == learner_id, CohortMember.role == "learner")))


def sign_off(assessor: User, learner_id: int, criterion_id: str, discussed_on, note: str,
             signature: str) -> SignOff:
    """Confirm ``criterion_id`` for the learner: date, note and signature are all required."""
    require_signoff_access(assessor, learner_id)
    criterion = db.session.get(Criterion, criterion_id or "")
    if criterion is None:
        raise NotFound(f"There is no criterion {criterion_id!r}.")
    if criterion.unit.qualification_id not in _learner_qualifications(learner_id):
        raise ServiceError(f"{criterion_id} is not part of the learner's qualification.")
    discussed_on = _discussion_date(discussed_on)
    note = (note or "").strip()
    if not note:
        raise ServiceError("Add a note on what the learner showed in the discussion.")
    if len(note) > 2000:
        raise ServiceError("Keep the note under 2,000 characters.")
    signature = _signature(signature, "the assessor")
    if db.session.scalar(select(SignOff.id).where(SignOff.user_id == learner_id,
                                                  SignOff.criterion_id == criterion_id)):
        raise Conflict("That criterion is already signed off for this learner.")
    when = datetime(discussed_on.year, discussed_on.month, discussed_on.day, tzinfo=UTC)
    signoff = SignOff(user_id=learner_id, criterion_id=criterion_id, assessor_id=assessor.id,
                      discussed_on=when, note=note, signature=signature, signed_at=utcnow())
    db.session.add(signoff)
    review.audit(assessor, "sign_off", "criterion", f"{learner_id}:{criterion_id}", None,
                 {"discussed_on": discussed_on.isoformat(), "signature": signature}, note)
    db.session.commit()
    return signoff


def countersign(learner: User, signoff_id: int, signature: str) -> SignOff:
    """The learner agrees the sign-off with their typed name (once)."""
    signoff = db.session.get(SignOff, signoff_id)
    if signoff is None or signoff.user_id != learner.id:
        raise NotFound("That sign-off was not found.")
    if signoff.countersigned_at is not None:
        raise Conflict("You have already countersigned this.")
    signoff.countersignature = _signature(signature, "the learner")
    signoff.countersigned_at = utcnow()
    review.audit(learner, "countersign", "criterion", f"{learner.id}:{signoff.criterion_id}",
                 None, {"signature": signoff.countersignature}, None)
    db.session.commit()
    return signoff


def for_learner(learner_id: int) -> list[SignOff]:
    """The learner's sign-offs, newest first."""
    return list(db.session.scalars(select(SignOff).where(SignOff.user_id == learner_id)
                                   .order_by(SignOff.id.desc())))


def to_dict(signoff: SignOff) -> dict:
    """A sign-off as JSON."""
    def iso(value):
        return value.isoformat() if value else None

    return {"id": signoff.id, "learner": signoff.user_id, "criterion": signoff.criterion_id,
            "date": signoff.discussed_on.date().isoformat(), "note": signoff.note,
            "signature": signoff.signature, "signed_at": iso(signoff.signed_at),
            "assessor": signoff.assessor.username if signoff.assessor else None,
            "countersignature": signoff.countersignature,
            "countersigned_at": iso(signoff.countersigned_at)}
