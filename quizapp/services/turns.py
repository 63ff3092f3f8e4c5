"""What the chat is told: the turn to answer now, and the reply to an answer (the same for the
first call and any retry). Read-only: ``answer_turn`` stores, this module words it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from quizapp import terms
from quizapp.dates import uk_datetime
from quizapp.extensions import db
from quizapp.models import Answer, PracticeSession, Quiz
from quizapp.services import content, roleplays

PRACTICE_TRIES = 3  # tries at each question in free practice
PRACTICE_PENALTY = 0.1  # taken off the best try's mark for each extra try
NEXT_STEP = {
    terms.Band.SECURE: "Press Next when you're ready.",
    terms.Band.PARTLY: "Add what's missing and try again.",
    terms.Band.NOT_YET: "Have another go: the hint below will help.",
}
OPENING = {
    terms.Band.SECURE: "Secure: you've got it.",
    terms.Band.PARTLY: "Partly there: some good points.",
    terms.Band.NOT_YET: "Not yet: this answer doesn't make the key points.",
}


@dataclass(frozen=True)
class Rules:
    """How many tries each question allows, what each extra try costs, and whether marks are
    shown now (a check quiz shows them after its due date, and allows one try)."""

    max_tries: int
    penalty: float
    feedback_now: bool

    @classmethod
    def of(cls, quiz: Quiz | None) -> Rules:
        if quiz is None:
            return cls(PRACTICE_TRIES, PRACTICE_PENALTY, True)
        if not quiz.feedback_visible():
            return cls(1, 0.0, False)
        return cls(quiz.tries_per_question, quiz.try_penalty, True)

    def credit(self, score: float, number: int, previous: Answer | None) -> float:
        """The mark that counts after try ``number``: the best try less the penalty for the
        tries before it."""
        credit = max(0.0, score - self.penalty * (number - 1))
        return max(credit, previous.counted_score) if previous is not None else credit


def tries_left(answer: Answer, rules: Rules) -> int:
    """Tries left at the answer's question after it (0: the question is done)."""
    if answer.kind != terms.AnswerKind.ANSWER or answer.band == terms.Band.SECURE:
        return 0
    return max(0, rules.max_tries - answer.try_number)


def latest_try(session_id: str, question_id: str) -> Answer | None:
    """The question's latest try in the session, if any."""
    return db.session.scalar(
        select(Answer).where(Answer.session_id == session_id, Answer.question_id == question_id)
        .order_by(Answer.id.desc()).limit(1))


def question_turn(view: content.QuestionView | None, queue: list[str],
                  tries: int, first_hint: bool = False) -> dict[str, Any] | None:
    """The chat's turn for a question (None past the end of the session). With
    ``first_hint`` (marks shown now, no try yet) it carries the question's hint for a first
    try, the one ``practice.hint`` gives then, so the chat can show it offline."""
    if view is None:
        return None
    c = view.content
    return {
        "kind": "question",
        "prompt": c.prompt,
        "question_id": c.id,
        "criteria": view.criterion_ids,
        "unit": c.unit_id,
        "number": queue.index(c.id) + 1 if c.id in queue else None,
        "total": len(queue),
        "has_hint": bool(c.hint),
        "hint": (c.hint or None) if first_hint else None,
        "tries_left": tries,
    }


def current_turn(session: PracticeSession) -> dict[str, Any] | None:
    """The turn to answer now."""
    if session.scenario_id:
        return roleplays.turn_for(session)
    if session.position >= len(session.queue):
        return None
    qid = session.queue[session.position]
    rules = Rules.of(session.quiz)
    latest = latest_try(session.id, qid)
    tries = rules.max_tries if latest is None else tries_left(latest, rules)
    return question_turn(content.questions([qid]).get(qid), session.queue, tries,
                         first_hint=latest is None and rules.feedback_now)


def hints(view: content.QuestionView, concepts: list[dict[str, Any]]) -> list[str]:
    """The hints for a question, general first: its own hint, then the hints of the key points
    the latest try missed, the weightiest (and required) first."""
    found = [view.content.hint] if view.content.hint else []
    missed = sorted((c for c in concepts if not c.get("hit") and not c.get("negative")
                     and c.get("hint")),
                    key=lambda c: (not c.get("required"), -c.get("weight", 1.0)))
    found.extend(c["hint"] for c in missed if c["hint"] not in found)
    return found or ["Think about what the customer needs, step by step."]


def _plain(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch == " ").split())


def short_feedback(band: str, concepts: list[dict[str, Any]], hint: str | None) -> str:
    """The band in plain words, what was right (quoting the learner), one next step."""
    parts = [OPENING.get(terms.Band(band), band)]
    right = next((c for c in concepts if c.get("hit") and not c.get("negative")
                  and c.get("evidence")), None)
    if right is not None:
        said, point = right["evidence"], right["label"]
        if _plain(said) == _plain(point):
            parts.append(f"You said \u201c{said}\u201d: that's a key point.")
        else:
            parts.append(f"You said \u201c{said}\u201d: that covers \u201c{point}\u201d.")
    wrong = next((c for c in concepts if c.get("hit") and c.get("negative")), None)
    if wrong is not None and wrong.get("reason"):
        parts.append(wrong["reason"])
    if band != terms.Band.SECURE and hint:
        parts.append(f"Next step: {hint}")
    else:
        parts.append(NEXT_STEP.get(terms.Band(band), ""))
    return " ".join(p for p in parts if p)


def question_reply(answer: Answer, question: content.QuestionView | None,
                   next_view: content.QuestionView | None, queue: list[str],
                   quiz: Quiz | None) -> dict[str, Any]:
    """The reply to a question's answer or skip (the same for a retry)."""
    rules = Rules.of(quiz)
    left = tries_left(answer, rules)
    concepts = (answer.result or {}).get("concepts", [])
    finished = left == 0
    reply: dict[str, Any] = {
        "answer_id": answer.id,
        "question_id": answer.question_id,
        "kind": answer.kind,
        "try": answer.try_number,
        "tries_left": left,
        "next": question_turn(next_view, queue, rules.max_tries,
                              first_hint=rules.feedback_now),
        "model_answer": question.content.model_answer if question and finished else None,
    }
    if answer.kind == terms.AnswerKind.ANSWER:
        hint = None
        if not finished and question is not None:
            found = hints(question, concepts)
            hint = found[min(answer.try_number - 1, len(found) - 1)]
        counted = terms.counted_band(answer.band, answer.credit, answer.try_number)
        reply.update(
            text=answer.text, score=round(answer.score, 3), band=answer.band,
            band_label=terms.Band(answer.band).label, passed=answer.passed,
            counted={"score": round(answer.counted_score, 3), "band": counted},
            feedback=short_feedback(answer.band, concepts, hint), hint=hint,
            key_points=[{"label": c["label"], "met": bool(c["hit"])}
                        for c in concepts if not c.get("negative")] if finished else None,
            concepts=concepts if finished else None,
        )
    if not rules.feedback_now:
        _hide_marks(reply, quiz)
    return reply


def _hide_marks(reply: dict[str, Any], quiz: Quiz | None) -> None:
    """A check quiz before its due date: saved, no mark, hint, model answer or debrief."""
    for key in ("score", "band", "band_label", "passed", "concepts", "model_answer", "counted",
                "key_points", "hint", "debrief", "missing"):
        reply.pop(key, None)
    due = quiz.due_at if quiz is not None else None
    reply["feedback"] = ("Saved. This quiz is a check: your marks and feedback appear after "
                         f"the due date ({uk_datetime(due)}, UK time)." if due else "Saved.")
    reply["feedback_after"] = due.isoformat() if due else None


def scenario_reply(answer: Answer, quiz: Quiz | None) -> dict[str, Any]:
    """A role-play turn's reply: its mark (unless it was a question to the caller), the
    customer's next lines as the next turn, or the debrief at the end."""
    result = answer.result or {}
    data: dict[str, Any] = {"answer_id": answer.id, "kind": answer.kind, "text": answer.text,
                            "scenario_id": answer.scenario_id, "turn_id": answer.turn_id,
                            "customer": result.get("customer", []),
                            "missing": result.get("missing", []), "tries_left": 0}
    if answer.kind == terms.AnswerKind.SCENARIO:
        data.update(score=round(answer.score, 3), band=answer.band,
                    band_label=terms.Band(answer.band).label, passed=answer.passed,
                    concepts=result.get("concepts", []), feedback=result.get("feedback", ""),
                    criteria=[c.id for c in answer.criteria])
    if "debrief" in result:
        data["debrief"] = result["debrief"]
    data["next"] = result.get("next")  # the turn as it was then, so a retry gets the same reply
    if not Rules.of(quiz).feedback_now:
        _hide_marks(data, quiz)
    return data


def answer_reply(answer: Answer, views: dict[str, content.QuestionView] | None = None
                 ) -> dict[str, Any]:
    """The reply for a stored answer. ``views``: the questions involved, if read already."""
    session = answer.session
    if answer.scenario_id:
        return scenario_reply(answer, session.quiz)
    if views is None:
        views = content.questions([answer.question_id, answer.next_question_id])
    return question_reply(answer, views.get(answer.question_id or ""),
                          views.get(answer.next_question_id or ""), session.queue, session.quiz)
