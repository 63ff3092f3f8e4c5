"""The professional-discussion pack: the criteria to probe (gap or developing) with open
questions, the learner's strongest and latest answers and what to listen for; the criteria
already signed off; as a page and as CSV."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from quizapp.exports.spreadsheet import csv_text
from quizapp.extensions import db
from quizapp.models import Criterion, Question, User, question_criteria
from quizapp.services.review import learner_view


def probes(criterion: Criterion, limit: int = 3) -> list[str]:
    """Open questions for the professional discussion: the bank's prompts for the criterion,
    then one drawn from the criterion's own words."""
    prompts = list(db.session.scalars(
        select(Question.prompt)
        .join(question_criteria, question_criteria.c.question_id == Question.id)
        .where(question_criteria.c.criterion_id == criterion.id, Question.active.is_(True))
        .order_by(Question.id).limit(limit - 1)))
    text = criterion.text.strip().rstrip(".")
    lead = text[0].lower() + text[1:]
    if criterion.kind == "performance":
        prompts.append(f"Tell me about a time at work when you had to {lead}. "
                       "What did you do, and why?")
    else:
        prompts.append(f"In your own words, talk me through {lead}. "
                       "Can you give an example from your work?")
    return prompts[:limit]


def best_answer(evidence: list[dict]) -> dict | None:
    """The strongest answer (highest mark that counts, then most key points made, then the
    latest); None when no answer made any point or earned any mark."""
    scored = [e for e in evidence if e["score"] > 0 or e["hit"]]
    if not scored:
        return None
    return max(scored, key=lambda e: (e["score"], len(e["hit"]), e["at"]))


def discussion_pack(viewer: User, learner_id: int) -> dict:
    """Gap and developing criteria grouped by unit, with probes, the learner's best and latest
    answers, and the rubric concepts they missed (what to listen for); the criteria already
    signed off; a header (learner, qualifications, assessor, date)."""
    view = learner_view(viewer, learner_id)
    units, signed = [], []
    for block in view["units"]:
        items = []
        for item in block["criteria"]:
            if item["signoff"]:
                signed.append(item)
            if item["status"] not in ("gap", "developing") or item["signoff"]:
                continue
            ev = item["evidence"]
            missed = []
            for e in ev:
                for c in e["missed"]:
                    if c["label"] not in missed:
                        missed.append(c["label"])
            items.append({**item, "probes": probes(item["criterion"]), "best": best_answer(ev),
                          "latest": ev[-1] if ev else None, "listen_for": missed[:6]})
        if items:
            units.append({"unit": block["unit"], "criteria": items})
    quals = []
    for cohort in view["cohorts"]:
        if cohort.qualification not in quals:
            quals.append(cohort.qualification)
    return {"learner": view["learner"], "units": units, "signed": signed,
            "qualifications": quals, "assessor": viewer, "prepared_on": datetime.now(UTC)}


def pack_csv(viewer: User, learner_id: int) -> str:
    """The pack as CSV: one row per criterion to probe, then one per signed-off criterion."""
    pack = discussion_pack(viewer, learner_id)
    probes = ([block["unit"].id, item["criterion"].id, item["criterion"].text, item["status"],
               " | ".join(item["probes"]), item["best"]["text"] if item["best"] else "",
               item["latest"]["text"] if item["latest"] else "", " | ".join(item["listen_for"]),
               "", "", "", "", "", ""]
              for block in pack["units"] for item in block["criteria"])
    signed = ([item["criterion"].unit_id, item["criterion"].id, item["criterion"].text,
               "confirmed", "", "", "", "", so.discussed_on.date().isoformat(), so.note,
               so.signature or "", so.signed_at.isoformat() if so.signed_at else "",
               so.countersignature or "",
               so.countersigned_at.isoformat() if so.countersigned_at else ""]
              for item in pack["signed"] for so in [item["signoff"]])
    return csv_text(["unit", "criterion", "text", "status", "probes", "best_answer",
                     "latest_answer", "listen_for", "signed_off_on", "note", "signature",
                     "signed_at", "countersignature", "countersigned_at"],
                    [*probes, *signed])
