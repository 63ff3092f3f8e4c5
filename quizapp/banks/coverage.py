"""How well the banks cover each qualification (``flask banks coverage``)."""

from __future__ import annotations

from typing import Any

from quizapp.banks.loader import Catalogue
from quizapp.banks.testing import run_test_responses


def coverage(cat: Catalogue) -> dict:
    """Per qualification and unit: criteria, knowledge criteria, and how many are covered by
    curated questions; with the qualification's questions and their test-response accuracy."""
    curated = [lq for lq in cat.questions if lq.spec.status == "curated"]
    covered = {cid for lq in curated for cid in lq.spec.criteria}
    report = run_test_responses(cat.questions)
    misses_by_question: dict[str, int] = {}
    for miss in report.misses:
        misses_by_question[miss.question] = misses_by_question.get(miss.question, 0) + 1

    out = []
    for qual, source in cat.qualifications:
        qual_criteria = {c.id for u in qual.units for c in u.criteria}
        questions = [lq for lq in cat.questions if qual_criteria & set(lq.spec.criteria)]
        responses = sum(len(lq.spec.test_responses) + 1 for lq in questions)  # + model answer
        wrong = sum(misses_by_question.get(lq.spec.id, 0) for lq in questions)
        units: list[dict[str, Any]] = []
        for unit in qual.units:
            knowledge = [c for c in unit.criteria if c.kind == "knowledge"]
            units.append({
                "id": unit.id,
                "title": unit.title,
                "criteria": len(unit.criteria),
                "knowledge_criteria": len(knowledge),
                "knowledge_covered": sum(c.id in covered for c in knowledge),
            })
        out.append({
            "id": qual.id,
            "title": qual.title,
            "source": source,
            "criteria": sum(u["criteria"] for u in units),
            "knowledge_criteria": sum(u["knowledge_criteria"] for u in units),
            "knowledge_covered": sum(u["knowledge_covered"] for u in units),
            "questions": len(questions),
            "curated_questions": sum(lq.spec.status == "curated" for lq in questions),
            "test_responses": responses,
            "test_accuracy": round((responses - wrong) / responses, 4) if responses else None,
            "units": units,
        })
    return {"qualifications": out}


def table(data: dict) -> str:
    """A plain-text table: one line per qualification, then its units."""
    lines = [f"{'qualification / unit':<34} {'criteria':>8} {'knowl.':>6} {'covered':>7} "
             f"{'questions':>9} {'responses':>9} {'accuracy':>8}"]
    for q in data["qualifications"]:
        acc = f"{q['test_accuracy']:.1%}" if q["test_accuracy"] is not None else "-"
        lines.append(f"{q['id']:<34} {q['criteria']:>8} {q['knowledge_criteria']:>6} "
                     f"{q['knowledge_covered']:>7} {q['questions']:>9} {q['test_responses']:>9} "
                     f"{acc:>8}   ({q['source']})")
        for u in q["units"]:
            lines.append(f"  {u['id']:<32} {u['criteria']:>8} {u['knowledge_criteria']:>6} "
                         f"{u['knowledge_covered']:>7}")
    return "\n".join(lines)
