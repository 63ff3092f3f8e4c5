"""What the answer turn needs of a question (prompt, model answer, hint, compiled rubric), read
once per content version and kept in a per-process cache keyed by the question's content hash.

The cache holds no state of its own: a changed question has a new hash, so every app server
reads the new version on its next turn, and the criteria a question evidences (with their kinds)
are read fresh from the database on every call, in the same query that reads the hashes (with,
for the answer turn, the learner's progress tallies on those criteria).
"""

from __future__ import annotations

from dataclasses import dataclass
from sqlalchemy import and_, bindparam, select

from quizapp.extensions import db
from quizapp.models import Criterion, Progress, Question, question_criteria
from quizapp.scoring import Rubric
from quizapp.services.prepared import Prepared
from quizapp.services.learner_progress import TALLY_COLUMNS, StoredTally

CACHE_SIZE = 2000

questions_table = Question.__table__
criteria_table = Criterion.__table__
progress_table = Progress.__table__


@dataclass(frozen=True)
class Content:
    """A question's content at one version; ``rubric`` is compiled."""

    id: str
    unit_id: str
    prompt: str
    model_answer: str
    hint: str | None
    rubric: Rubric


@dataclass(frozen=True)
class QuestionView:
    """A question as the answer turn sees it: its content and its criteria now."""

    content: Content
    criteria: dict[str, str]  # criterion id -> kind (knowledge | performance)
    tallies: dict[str, StoredTally]  # the learner's stored tallies on them, if any

    @property
    def id(self) -> str:
        return self.content.id

    @property
    def criterion_ids(self) -> list[str]:
        return sorted(self.criteria)


_cache: dict[tuple[str, str], Content] = {}

# built once (building a statement costs more than running it); IN lists expand per call
_HASHES_OF = (
    select(questions_table.c.id, questions_table.c.content_hash, criteria_table.c.id,
           criteria_table.c.kind, *TALLY_COLUMNS)
    .select_from(questions_table)
    .outerjoin(question_criteria, question_criteria.c.question_id == questions_table.c.id)
    .outerjoin(criteria_table, criteria_table.c.id == question_criteria.c.criterion_id)
    .outerjoin(progress_table, and_(progress_table.c.criterion_id == criteria_table.c.id,
                                    progress_table.c.user_id == bindparam("learner")))
)
_HASHES = _HASHES_OF.where(questions_table.c.id.in_(bindparam("ids", expanding=True)))
# the same for the answer turn's two questions (this one and the next; q2 = q1 at the end)
_TURN_HASHES = Prepared(_HASHES_OF.where(
    questions_table.c.id.in_([bindparam("q1"), bindparam("q2")])))
_CONTENT = (select(questions_table.c.id, questions_table.c.unit_id, questions_table.c.prompt,
                   questions_table.c.model_answer, questions_table.c.hint,
                   questions_table.c.rubric, questions_table.c.content_hash)
            .where(questions_table.c.id.in_(bindparam("ids", expanding=True))))


def questions(ids: list[str | None], learner: int | None = None) -> dict[str, QuestionView]:
    """The questions with these IDs (``None`` and unknown IDs are left out), with ``learner``'s
    progress tallies on their criteria, in two small queries at most: the hashes, criteria and
    tallies, then the content of any version not cached."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = [tuple(row) for row in db.session.execute(
        _HASHES, {"ids": wanted, "learner": learner})]
    return _views(rows)


def turn_questions(qid: str, next_id: str | None, learner: int) -> dict[str, QuestionView]:
    """``questions([qid, next_id], learner)`` for the answer turn: the same, through a
    prepared statement."""
    return _views(_TURN_HASHES.all(q1=qid, q2=next_id or qid, learner=learner))


def _views(rows: list[tuple]) -> dict[str, QuestionView]:
    """QuestionViews from rows of ``_HASHES``, reading the content of versions not cached."""
    hashes: dict[str, str] = {}
    criteria: dict[str, dict[str, str]] = {}
    tallies: dict[str, dict[str, StoredTally]] = {}
    for row in rows:
        qid = row[0]
        hashes[qid] = row[1]
        found = criteria.setdefault(qid, {})
        stored = tallies.setdefault(qid, {})
        if row[2] is not None:
            found[row[2]] = row[3]
            if row[4] is not None:  # the learner has a progress row on it
                stored[row[4]] = StoredTally(*row[4:])
    loaded: dict[str, Content] = {}
    missing = [qid for qid, digest in hashes.items() if (qid, digest) not in _cache]
    if missing:
        if len(_cache) + len(missing) > CACHE_SIZE:
            _cache.clear()
        for row in db.session.execute(_CONTENT, {"ids": missing}):
            loaded[row.id] = _cache[(row.id, row.content_hash)] = Content(
                id=row.id, unit_id=row.unit_id, prompt=row.prompt,
                model_answer=row.model_answer, hint=row.hint,
                rubric=Rubric.from_dict(row.rubric))
    # (a question changed between the two reads is used as it is now)
    return {qid: QuestionView(loaded.get(qid) or _cache[(qid, digest)], criteria[qid],
                              tallies[qid])
            for qid, digest in hashes.items()}
