"""Store the validated banks in the database: upsert by stable ID, idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from quizapp.banks import Catalogue
from quizapp.extensions import db
from quizapp.models import Criterion, Qualification, Question, ResponseProposal, Unit
from quizapp.services import roleplays


@dataclass
class LoadReport:
    qualifications: int = 0
    units: int = 0
    criteria: int = 0
    questions_added: int = 0
    questions_updated: int = 0
    questions_unchanged: int = 0
    questions_retired: int = 0
    scenarios: int = 0
    scenarios_changed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.qualifications} qualifications, {self.units} units, {self.criteria} criteria; "
            f"questions: {self.questions_added} added, {self.questions_updated} updated, "
            f"{self.questions_unchanged} unchanged, {self.questions_retired} retired; "
            f"scenarios: {self.scenarios} ({self.scenarios_changed} changed)"
        )


def _upsert(model, ident, **values):
    obj = db.session.get(model, ident)
    if obj is None:
        obj = model(id=ident, **values)
        db.session.add(obj)
    else:
        for key, value in values.items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)
    return obj


def load_catalogue(cat: Catalogue) -> LoadReport:
    """Upsert qualifications, units, criteria and questions from ``cat``; retire removed questions.

    Running it twice with the same files changes nothing.
    """
    report = LoadReport()
    for qual, source in cat.qualifications:
        _upsert(
            Qualification, qual.id, title=qual.title,
            level=int(qual.level) if str(qual.level or "").isdigit() else None,
            body=qual.body, source=source,
            details={"references": qual.references, "rules": qual.rules.model_dump(),
                     "notes": qual.notes},
        )
        report.qualifications += 1
        for u_pos, unit in enumerate(qual.units):
            outcomes = {o.id: o.title for o in unit.outcomes}
            _upsert(
                Unit, unit.id, qualification_id=qual.id, code=unit.code, title=unit.title,
                position=u_pos,
                details={"level": unit.level, "credit": unit.credit, "glh": unit.glh,
                         "references": unit.references, "keywords": unit.keywords,
                         "notes": unit.notes,
                         "outcomes": [o.model_dump() for o in unit.outcomes]},
            )
            report.units += 1
            for c_pos, crit in enumerate(unit.criteria):
                _upsert(
                    Criterion, crit.id, unit_id=unit.id, number=crit.number, text=crit.text,
                    kind=crit.kind, verb=crit.verb,
                    outcome=outcomes.get(crit.outcome) if crit.outcome else None,
                    position=c_pos,
                )
                report.criteria += 1
    db.session.flush()

    loaded_ids = set()
    for lq in cat.questions:
        spec = lq.spec
        loaded_ids.add(spec.id)
        question = db.session.get(Question, spec.id)
        digest = lq.content_hash
        if question is not None and question.content_hash == digest and question.active:
            report.questions_unchanged += 1
            continue
        values = dict(
            unit_id=lq.unit_id, status=spec.status, prompt=spec.prompt,
            model_answer=spec.model_answer, hint=spec.hint, rubric=lq.stored_rubric,
            source=lq.file, content_hash=digest, active=True,
            test_responses=[t.model_dump(exclude_none=True) for t in spec.test_responses],
        )
        if question is None:
            question = Question(id=spec.id, **values)
            db.session.add(question)
            report.questions_added += 1
        else:
            for key, value in values.items():
                setattr(question, key, value)
            report.questions_updated += 1
        question.criteria = [db.session.get(Criterion, cid) for cid in spec.criteria]

    for question in db.session.scalars(select(Question).where(Question.active.is_(True))):
        if question.id not in loaded_ids and question.source is not None:
            question.active = False
            report.questions_retired += 1
    report.scenarios, report.scenarios_changed = roleplays.store(cat.scenarios, cat.lexicon)
    db.session.commit()
    return report


def flagged_questions() -> list[tuple[Question, list[ResponseProposal]]]:
    """The review queue: questions with answers assessors re-marked and proposed as test
    responses, each with its proposals, oldest first."""
    queue: dict[str, tuple[Question, list[ResponseProposal]]] = {}
    for proposal in db.session.scalars(select(ResponseProposal).order_by(
            ResponseProposal.question_id, ResponseProposal.id)):
        queue.setdefault(proposal.question_id, (proposal.question, []))[1].append(proposal)
    return list(queue.values())


def proposals_for(questions: list[Question]) -> dict[str, list[ResponseProposal]]:
    """The queued proposals of these questions (a cohort's own, for its tutors)."""
    found: dict[str, list[ResponseProposal]] = {q.id: [] for q in questions}
    for proposal in db.session.scalars(select(ResponseProposal).where(
            ResponseProposal.question_id.in_(list(found))).order_by(ResponseProposal.id)):
        found[proposal.question_id].append(proposal)
    return found
