"""The product's vocabulary, once: marking bands, criterion statuses and kinds of answer, each
with the words people see. Pure (no Flask, no database): every layer imports it. The members
are strings (``StrEnum``), so stored values and JSON stay plain text."""

from __future__ import annotations

from enum import StrEnum


class Band(StrEnum):
    """How well one answer met its rubric."""

    NOT_YET = "not_yet"
    PARTLY = "partly"
    SECURE = "secure"

    @property
    def label(self) -> str:
        return BAND_LABELS[self]


BAND_LABELS = {Band.NOT_YET: "Not yet", Band.PARTLY: "Partly there", Band.SECURE: "Secure"}
# the lowest score of each band, strongest first (for marks given as a score, such as an
# assessor's re-mark or the best try less its penalty)
BAND_FLOORS = ((0.75, Band.SECURE), (0.4, Band.PARTLY), (0.0, Band.NOT_YET))


def band_for_score(score: float) -> Band:
    """The band a score from 0 to 1 falls in."""
    return next(band for floor, band in BAND_FLOORS if score >= floor)


def counted_band(band: str, credit: float | None, try_number: int) -> Band:
    """The band of the mark that counts for progress: a first try's own band; after more tries,
    the band of the best try less its penalty (``credit``)."""
    if credit is None or try_number <= 1:
        return Band(band)
    return band_for_score(credit)


class Status(StrEnum):
    """A learner's standing on one criterion (``quizapp.progress.status`` decides it)."""

    NOT_EVIDENCED = "not_evidenced"
    GAP = "gap"
    DEVELOPING = "developing"
    SECURE = "secure"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {Status.NOT_EVIDENCED: "Not started", Status.GAP: "Needs work",
                 Status.DEVELOPING: "Getting there", Status.SECURE: "Secure"}
# weakest first: the order practice serves criteria in
STATUS_ORDER: dict[str, int] = {Status.NOT_EVIDENCED: 0, Status.GAP: 1, Status.DEVELOPING: 2,
                               Status.SECURE: 3}


class AnswerKind(StrEnum):
    """What a stored answer row is."""

    ANSWER = "answer"  # a marked answer to a question
    SKIP = "skip"  # a question skipped (not evidence)
    SCENARIO = "scenario"  # a marked reply in a role-play
    ASK = "ask"  # a question put to the customer in a role-play (not marked)


MARKED_KINDS = (AnswerKind.ANSWER, AnswerKind.SCENARIO)


class QuizStatus(StrEnum):
    """Where a learner is with a quiz set for them."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    OVERDUE = "overdue"  # never started, and the due date has passed
    CLOSED = "closed"  # started, not finished, and the due date has passed


QUIZ_STATUS_LABELS = {QuizStatus.NOT_STARTED: "Not started", QuizStatus.IN_PROGRESS: "In progress",
                      QuizStatus.FINISHED: "Finished", QuizStatus.OVERDUE: "Overdue",
                      QuizStatus.CLOSED: "Closed"}


_LABELS: dict[str, str] = {**{k.value: v for k, v in BAND_LABELS.items()},
                           **{k.value: v for k, v in STATUS_LABELS.items()},
                           **{k.value: v for k, v in QUIZ_STATUS_LABELS.items()}}


def label(value: str) -> str:
    """The words for a band or status value as stored (the value itself if unknown)."""
    return _LABELS.get(value, value)
