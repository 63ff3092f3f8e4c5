"""Cohorts: create, join by code, attach assessors, remove learners; who may see what."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import Cohort, CohortMember, CohortRemoval, Qualification, User
from quizapp.services import ErrorKind, Forbidden, NotFound, ServiceError
from quizapp.services import users as user_service

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read out in class
CODE_LENGTH = 6
STAFF_ROLES = ("tutor", "assessor")


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def check_optional_units(qual: Qualification, chosen: list[str]) -> list[str]:
    """Validate a choice of optional units against the qualification's rules."""
    rules = (qual.details or {}).get("rules") or {}
    unit_ids = {u.id for u in qual.units}
    chosen = list(dict.fromkeys(chosen))
    for uid in chosen:
        if uid not in unit_ids:
            raise ServiceError(f"{uid!r} is not a unit of {qual.id}.")
    for pair in rules.get("barred") or []:
        if len(set(pair) & set(chosen)) >= 2:
            raise ServiceError(f"Units {' and '.join(pair)} are barred: choose only one of them.")
    for group in rules.get("groups") or []:
        most = group.get("max")
        picked = [u for u in chosen if u in group.get("units", [])]
        if (most is not None and len(picked) > most
                and group.get("min") != len(group.get("units", []))):
            raise ServiceError(
                f"Choose at most {most} unit(s) from the {group.get('name')} group.")
    return chosen


def optional_units(qual: Qualification) -> list:
    """The units a cohort may choose: those in the rules' groups that are not wholly
    mandatory (a group whose minimum is all of its units)."""
    rules = (qual.details or {}).get("rules") or {}
    ids: list[str] = []
    for group in rules.get("groups") or []:
        units = group.get("units") or []
        if group.get("min") is None or group.get("min") != len(units):
            ids.extend(u for u in units if u not in ids)
    return [u for u in qual.units if u.id in ids]


def optional_unit_choices() -> list[tuple[Qualification, list]]:
    """Every qualification with the optional units a cohort on it may choose."""
    quals = db.session.scalars(select(Qualification).order_by(Qualification.id))
    return [(q, optional_units(q)) for q in quals]


def create_cohort(tutor: User, name: str, qualification_id: str,
                  optional_units: list[str] | None = None) -> Cohort:
    """A tutor creates a cohort on a qualification and gets a short join code."""
    if tutor.role not in ("tutor", "admin"):
        raise Forbidden("Only tutors can create cohorts.")
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ServiceError("Give the cohort a name of 1 to 120 characters.")
    qual = db.session.get(Qualification, qualification_id or "")
    if qual is None:
        raise NotFound(f"There is no qualification {qualification_id!r}.")
    units = check_optional_units(qual, optional_units or [])
    for _ in range(10):
        cohort = Cohort(name=name, qualification_id=qual.id, optional_units=units,
                        join_code=_new_code(), created_by=tutor.id)
        cohort.members.append(CohortMember(user_id=tutor.id, role="tutor"))
        db.session.add(cohort)
        try:
            db.session.commit()
            return cohort
        except IntegrityError:  # the rare clash of join codes: draw again
            db.session.rollback()
    raise ServiceError("Could not make a unique join code: try again.", kind=ErrorKind.UNAVAILABLE)


def get_cohort(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("That cohort was not found.")
    return cohort


def member_role(user: User, cohort: Cohort) -> str | None:
    return db.session.scalar(select(CohortMember.role).where(
        CohortMember.cohort_id == cohort.id, CohortMember.user_id == user.id))


def require_member(user: User, cohort_id: int, roles: tuple[str, ...]) -> Cohort:
    """The cohort, if ``user`` is attached to it in one of ``roles`` (admins always are)."""
    cohort = get_cohort(cohort_id)
    if user.role == "admin" or member_role(user, cohort) in roles:
        return cohort
    raise Forbidden("You are not attached to that cohort.")


def join(user: User, code: str) -> Cohort:
    """A learner joins a cohort by its code (joining twice changes nothing)."""
    if user.role != "learner":
        raise Forbidden("Only learners join cohorts by code; tutors attach staff.")
    if not isinstance(code, str) or not code.strip():
        raise ServiceError("Send the join code as 'code'.")
    cohort = db.session.scalar(select(Cohort).where(Cohort.join_code == normalise_code(code)))
    if cohort is None:
        raise NotFound("That join code was not found: check it with your tutor.")
    if removed(cohort.id, user.id):
        raise Forbidden("Your tutor removed you from this cohort: ask them to let you back in.")
    if member_role(user, cohort) is None:
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role="learner"))
        db.session.commit()
    return cohort


def register(username: str, password: str, code: str) -> tuple[User, Cohort]:
    """Self-registration: a new learner account, straight into the cohort of the join code."""
    cohort = db.session.scalar(select(Cohort).where(Cohort.join_code == normalise_code(code)))
    if cohort is None:
        raise NotFound("That join code was not found: check it with your tutor.")
    user = user_service.create_user(username, password, "learner")
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role="learner"))
    db.session.commit()
    return user, cohort


def attach_staff(tutor: User, cohort_id: int, username: str,
                 role: str = "assessor") -> CohortMember:
    """The cohort's tutor attaches an assessor (or another tutor)."""
    cohort = require_member(tutor, cohort_id, ("tutor",))
    if role not in STAFF_ROLES:
        raise ServiceError("Attach a tutor or an assessor.")
    if not isinstance(username, str) or not username.strip():
        raise ServiceError("Send the username of the account to attach.")
    staff = user_service.get_by_username(username)
    if staff is None:
        raise NotFound(f"There is no user {username!r}.")
    if staff.role != role:
        raise ServiceError(f"{username!r} is not an {role} account.")
    member = db.session.scalar(select(CohortMember).where(
        CohortMember.cohort_id == cohort.id, CohortMember.user_id == staff.id))
    if member is None:
        member = CohortMember(cohort_id=cohort.id, user_id=staff.id, role=role)
        db.session.add(member)
        db.session.commit()
    return member


def remove_learner(tutor: User, cohort_id: int, user_id: int) -> None:
    """The tutor removes a learner from the cohort; their answers are kept."""
    cohort = require_member(tutor, cohort_id, ("tutor",))
    member = db.session.scalar(select(CohortMember).where(
        CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id,
        CohortMember.role == "learner"))
    if member is None:
        raise NotFound("That learner is not in the cohort.")
    db.session.delete(member)
    if not removed(cohort.id, user_id):
        db.session.add(CohortRemoval(cohort_id=cohort.id, user_id=user_id, removed_by=tutor.id))
    db.session.commit()


def removed(cohort_id: int, user_id: int) -> bool:
    """Whether a tutor removed this learner from the cohort (and has not let them back)."""
    return db.session.scalar(select(CohortRemoval.id).where(
        CohortRemoval.cohort_id == cohort_id, CohortRemoval.user_id == user_id)) is not None


def removed_learners(cohort: Cohort) -> list[User]:
    """The learners removed from the cohort, who can't rejoin by code."""
    return list(db.session.scalars(
        select(User).join(CohortRemoval, CohortRemoval.user_id == User.id)
        .where(CohortRemoval.cohort_id == cohort.id).order_by(User.username)))


def readmit_learner(tutor: User, cohort_id: int, user_id: int) -> None:
    """The tutor lets a removed learner back: they are in the cohort again at once."""
    cohort = require_member(tutor, cohort_id, ("tutor",))
    removal = db.session.scalar(select(CohortRemoval).where(
        CohortRemoval.cohort_id == cohort.id, CohortRemoval.user_id == user_id))
    if removal is None:
        raise NotFound("That learner was not removed from the cohort.")
    db.session.delete(removal)
    if db.session.get(User, user_id) is not None and member_role(removal.user, cohort) is None:
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=user_id, role="learner"))
    db.session.commit()


def rotate_code(tutor: User, cohort_id: int) -> Cohort:
    """A new join code for the cohort (the old one stops working); members stay."""
    cohort = require_member(tutor, cohort_id, ("tutor",))
    for _ in range(10):
        cohort.join_code = _new_code()
        try:
            db.session.commit()
            return cohort
        except IntegrityError:  # the rare clash of join codes: draw again
            db.session.rollback()
            cohort = get_cohort(cohort_id)
    raise ServiceError("Could not make a unique join code: try again.", kind=ErrorKind.UNAVAILABLE)


def cohorts_for(user: User, roles: tuple[str, ...] | None = None) -> list[Cohort]:
    query = select(Cohort).join(CohortMember).where(CohortMember.user_id == user.id)
    if roles:
        query = query.where(CohortMember.role.in_(roles))
    return list(db.session.scalars(query.order_by(Cohort.id)))


def learners(cohort: Cohort) -> list[User]:
    return sorted((m.user for m in cohort.members if m.role == "learner"), key=lambda u: u.username)


def staff_can_see_learner(staff: User, learner_id: int) -> bool:
    """A tutor or assessor sees a learner only through a cohort they share."""
    if staff.role == "admin" or staff.id == learner_id:
        return True
    mine = select(CohortMember.cohort_id).where(
        CohortMember.user_id == staff.id, CohortMember.role.in_(STAFF_ROLES))
    return db.session.scalar(select(CohortMember.id).where(
        CohortMember.user_id == learner_id, CohortMember.role == "learner",
        CohortMember.cohort_id.in_(mine)).limit(1)) is not None


def join_qr_svg(cohort: Cohort, join_url: str) -> str:
    """The join link as an SVG QR code (rendered by segno) for showing in class."""
    import segno

    return segno.make(join_url, error="m").svg_data_uri(scale=6, border=2)
