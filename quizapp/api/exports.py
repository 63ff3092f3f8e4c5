"""Question exports for colleges that use Moodle: Moodle XML and GIFT."""

from __future__ import annotations

from flask import Response as FlaskResponse

from quizapp.api import bp
from quizapp.api.auth import account, require_user
from quizapp.api.spec import Response, spec
from quizapp.exports import gift, moodle_xml
from quizapp.services import NotFound
from quizapp.services import catalogue as catalogue_service
from quizapp.services import cohorts as cohort_service
from quizapp.services import practice

STAFF = ("tutor", "assessor", "admin")


def _export(questions, category: list[str], fmt: str, filename: str) -> FlaskResponse:
    items = [{"id": q.id, "prompt": q.prompt, "model_answer": q.model_answer, "hint": q.hint,
              "criteria": q.criterion_ids, "unit": q.unit_id, "rubric": q.rubric}
             for q in questions]
    if fmt == "xml":
        return FlaskResponse(moodle_xml(items, category), mimetype="application/xml", headers={
            "Content-Disposition": f"attachment; filename={filename}.xml"})
    return FlaskResponse(gift(items, category), mimetype="text/plain", headers={
        "Content-Disposition": f"attachment; filename={filename}.gift.txt"})


@bp.get("/units/<unit_id>/export.<any(xml, gift):fmt>")
@require_user(*STAFF)
@spec.validate(resp=Response(HTTP_200=None, HTTP_404=None), tags=["exports"])
def export_unit(unit_id: str, fmt: str):
    """The unit's shared bank questions as Moodle XML or GIFT."""
    unit = catalogue_service.get_unit(unit_id)
    if unit is None:
        raise NotFound(f"There is no unit {unit_id!r}.")
    questions = [q for q in practice.question_pool(unit.id, None) if q.cohort_id is None]
    return _export(questions, ["quizapp", unit.qualification_id, f"{unit.code} {unit.title}"],
                   fmt, unit.id)


@bp.get("/cohorts/<int:cohort_id>/export.<any(xml, gift):fmt>")
@require_user(*STAFF)
@spec.validate(resp=Response(HTTP_200=None, HTTP_404=None), tags=["exports"])
def export_cohort(cohort_id: int, fmt: str):
    """The cohort's questions (shared and its own) as Moodle XML or GIFT."""
    cohort = cohort_service.require_member(account(), cohort_id, cohort_service.STAFF_ROLES)
    units = [u.id for u in cohort.qualification.units]
    questions = practice.question_pool(units, None, [cohort.id])
    return _export(questions, ["quizapp", cohort.name], fmt, f"cohort-{cohort.id}")
