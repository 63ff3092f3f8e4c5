"""What the answer turn needs of a question (prompt, model answer, hint, compiled rubric), read
once per content version and kept in a per-process LRU cache keyed by the question's content
hash (``cachetools``).

The cache holds no state of its own: a changed question has a new hash, so every app server
reads the new version on its next turn, and the criteria a question evidences (with their kinds)
are read fresh from the database on every call, in the same query that reads the hashes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from threading import Lock

from cachetools import LRUCache
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Criterion, Question, question_criteria
from quizapp.scoring import Rubric

CACHE_SIZE = 2000


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

    @property
    def id(self) -> str:
        return self.content.id

    @property
    def criterion_ids(self) -> list[str]:
        return sorted(self.criteria)


# (question id, content hash) -> Content; the least recently used version goes first
_cache: LRUCache[tuple[str, str], Content] = LRUCache(maxsize=CACHE_SIZE)
_lock = Lock()  # gthread workers: cachetools caches are not thread-safe on their own


def questions(ids: Iterable[str | None]) -> dict[str, QuestionView]:
    """The questions with these IDs (``None`` and unknown IDs are left out), in two small
    queries at most: the hashes and criteria, then the content of any version not cached."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = db.session.execute(
        select(Question.id, Question.content_hash, Criterion.id, Criterion.kind)
        .outerjoin(question_criteria, question_criteria.c.question_id == Question.id)
        .outerjoin(Criterion, Criterion.id == question_criteria.c.criterion_id)
        .where(Question.id.in_(wanted)))
    hashes: dict[str, str] = {}
    criteria: dict[str, dict[str, str]] = {}
    for qid, digest, cid, kind in rows:
        hashes[qid] = digest
        found = criteria.setdefault(qid, {})
        if cid is not None:
            found[cid] = kind
    contents = _contents(hashes)
    return {qid: QuestionView(contents[qid], criteria[qid]) for qid in hashes}


def _contents(hashes: dict[str, str]) -> dict[str, Content]:
    """The content of each question at its hash: from the cache, or read (and cached)."""
    found: dict[str, Content] = {}
    with _lock:
        for qid, digest in hashes.items():
            cached = _cache.get((qid, digest))
            if cached is not None:
                found[qid] = cached
    missing = [qid for qid in hashes if qid not in found]
    if missing:
        for row in db.session.execute(
                select(Question.id, Question.unit_id, Question.prompt, Question.model_answer,
                       Question.hint, Question.rubric, Question.content_hash)
                .where(Question.id.in_(missing))):
            content = Content(id=row.id, unit_id=row.unit_id, prompt=row.prompt,
                              model_answer=row.model_answer, hint=row.hint,
                              rubric=Rubric.from_dict(row.rubric))
            found[row.id] = content  # as it is now, even if it changed between the two reads
            with _lock:
                _cache[(row.id, row.content_hash)] = content
    return found
