"""A cohort's quiz results for its staff: per learner per quiz the status, mark (an assessor's
re-mark replaces the machine mark) and time; per question facility and discrimination, named
in words (a role-play step by its scenario and the customer's words); per criterion the average
band, named by its text; and a CSV with the summary and every answer."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from quizapp import terms
from quizapp.exports.spreadsheet import csv_tables
from quizapp.extensions import db
from quizapp.models import Answer, Criterion, Override, PracticeSession, Question, User
from quizapp.progress import stats
from quizapp.services import cohorts as cohort_service
from quizapp.services import practice_time, roleplays
from quizapp.services.quizzes import _scenario_done, quiz_summary

MARKED = ("answer", "scenario")


def _overrides(answer_ids: list[int]) -> dict[int, Override]:
    """The newest re-mark of each answer."""
    if not answer_ids:
        return {}
    newest = (select(func.max(Override.id)).where(Override.answer_id.in_(answer_ids))
              .group_by(Override.answer_id))
    return {o.answer_id: o for o in db.session.scalars(select(Override)
                                                       .where(Override.id.in_(newest)))}


def counted(answer: Answer, override: Override | None) -> tuple[float, str]:
    """The (score, band) that counts: a re-mark, else the best try less its penalty."""
    if override is not None:
        return override.score, override.band
    if answer.kind not in MARKED:
        return 0.0, str(terms.Band.NOT_YET)
    score = answer.score if answer.credit is None else answer.credit
    return score, str(terms.counted_band(answer.band, answer.credit, answer.try_number))


def step_name(answer_key: str, cache: dict) -> str:
    """A question's prompt, or a role-play step as 'Title, step N: "the customer's words"'."""
    if answer_key in cache:
        return cache[answer_key]
    name = answer_key
    if ":" in answer_key:
        scenario_id, turn_id = answer_key.split(":", 1)
        try:
            scenario = roleplays.compiled(roleplays.get_record(scenario_id))
            turn = scenario.turns_by_id[turn_id]
            words = (turn.lines[0] if turn.lines else "").strip()
            words = words if len(words) <= 90 else words[:87].rstrip() + "…"
            name = f"{scenario.title}, step {turn.index + 1}" + (f": “{words}”" if words else "")
        except Exception:  # noqa: BLE001 (a retired scenario still gets a name)
            name = f"Role-play {scenario_id}, step {turn_id}"
    else:
        question = db.session.get(Question, answer_key)
        name = question.prompt if question else answer_key
    cache[answer_key] = name
    return name


def _key(answer: Answer) -> str:
    return answer.question_id or f"{answer.scenario_id}:{answer.turn_id}"


def _quiz_results(quiz, learners: list[User], names: dict, bands: dict) -> dict:
    ids = [u.id for u in learners]
    sessions = list(db.session.scalars(select(PracticeSession).where(
        PracticeSession.quiz_id == quiz.id, PracticeSession.user_id.in_(ids))))
    answers = list(db.session.scalars(select(Answer).where(
        Answer.session_id.in_([s.id for s in sessions])).order_by(Answer.id))) if sessions else []
    overrides = _overrides([a.id for a in answers])
    by_session: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        if a.kind != "ask" and not a.superseded:
            by_session[a.session_id].append(a)
    rows, per_attempt, per_question = [], [], defaultdict(list)
    for learner in learners:
        mine = [s for s in sessions if s.user_id == learner.id]
        best = None
        for s in mine:
            marks = {_key(a): counted(a, overrides.get(a.id))[0] for a in by_session[s.id]}
            per_attempt.append(marks)
            for key, score in marks.items():
                per_question[key].append(score)
            finished = _scenario_done(s) if s.scenario_id else s.current_question_id is None
            size = len(s.queue) or len(marks)
            mark = round(100 * sum(marks.values()) / size, 1) if size else None
            last = by_session[s.id][-1].created_at if by_session[s.id] else None
            row: dict[str, Any] = {"status": "finished" if finished else "in_progress",
                                   "mark": mark,
                   "seconds": int((last - s.created_at).total_seconds()) if last else None,
                   "attempts": len(mine),
                   "remarked": sum(1 for a in by_session[s.id] if a.id in overrides)}
            if best is None or (mark or 0) >= (best["mark"] or 0):
                best = row
        rows.append({"learner": learner.username, "learner_id": learner.id,
                     **(best or {"status": "not_started", "mark": None, "seconds": None,
                                 "attempts": 0, "remarked": 0})})
    detail, usernames = [], {u.id: u.username for u in learners}
    for a in answers:
        if a.kind not in MARKED or a.superseded:
            continue
        score, band = counted(a, overrides.get(a.id))
        for c in a.criteria:
            bands[c.id].append(band)
        detail.append({"learner": usernames.get(a.user_id, str(a.user_id)),
                       "learner_id": a.user_id, "question": step_name(_key(a), names),
                       "answer": a.text, "band": band, "score": round(score, 3),
                       "machine_band": a.band, "remarked": a.id in overrides,
                       "criteria": [c.id for c in a.criteria], "at": a.created_at.isoformat()})
    questions = [{"id": key, "prompt": step_name(key, names), "answers": len(scores),
                  "facility": stats.facility(scores),
                  "discrimination": stats.discrimination(per_attempt, key)}
                 for key, scores in sorted(per_question.items())]
    return {**quiz_summary(quiz), "learners": rows, "question_stats": questions,
            "answers": detail}


def results(staff: User, cohort_id: int) -> dict:
    """Every live quiz of the cohort with its learners' results (archived quizzes left out)."""
    cohort = cohort_service.require_member(staff, cohort_id, cohort_service.STAFF_ROLES)
    learners = cohort_service.learners(cohort)
    names: dict[str, str] = {}
    bands: dict[str, list[str]] = defaultdict(list)
    out = [_quiz_results(q, learners, names, bands) for q in cohort.quizzes
           if q.archived_at is None]
    criteria = []
    own_units = {u.id for u in cohort.qualification.units}
    for cid, values in sorted(bands.items()):
        crit = db.session.get(Criterion, cid)
        if crit is None or crit.unit_id not in own_units:
            continue  # a shared question's criteria from other qualifications
        criteria.append({"id": cid, "text": crit.text, "number": crit.number,
                         "average_band": stats.average_band(values), "answers": len(values)})
    return {"cohort": {"id": cohort.id, "name": cohort.name,
                       "qualification": cohort.qualification_id},
            "quizzes": out, "criteria": criteria}


def results_csv(staff: User, cohort_id: int, now: datetime | None = None) -> str:
    """The summary (one row per learner per quiz), then every answer that counts, then each
    learner's practice and assessment minutes in each of the last 12 weeks."""
    data = results(staff, cohort_id)
    cohort = cohort_service.require_member(staff, cohort_id, cohort_service.STAFF_ROLES)
    time_rows = practice_time.csv_rows(cohort_service.learners(cohort), now=now)
    summary = ([quiz["title"], row["learner"], row["status"], row["mark"], row["seconds"],
                row["attempts"]] for quiz in data["quizzes"] for row in quiz["learners"])
    answers = ([quiz["title"], a["learner"], a["question"], a["answer"], a["band"],
                round(a["score"] * 100), a["machine_band"], "yes" if a["remarked"] else "no",
                " ".join(a["criteria"]), a["at"]]
               for quiz in data["quizzes"] for a in quiz["answers"])
    return csv_tables(
        (["quiz", "learner", "status", "mark_percent", "seconds", "attempts"], summary),
        (["quiz", "learner", "question", "answer", "band", "score_percent", "machine_band",
          "remarked", "criteria", "answered_at"], answers),
        (practice_time.CSV_COLUMNS, time_rows))
