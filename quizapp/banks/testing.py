"""Run each question's labelled test responses through its rubric, like pmatch's test responses."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.banks.loader import LoadedQuestion
from quizapp.scoring import score


@dataclass
class Miss:
    question: str
    file: str
    status: str
    text: str
    expected: str
    got: str
    score: float


@dataclass
class TestReport:
    questions: int = 0
    responses: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def curated_misses(self) -> list[Miss]:
        return [m for m in self.misses if m.status == "curated"]

    def lines(self) -> list[str]:
        return [
            f"MISS {m.file}: question {m.question} [{m.status}]: expected {m.expected}, "
            f"got {m.got} ({m.score:.2f}): {m.text!r}"
            for m in self.misses
        ]

    def summary(self) -> str:
        right = self.responses - len(self.misses)
        return (
            f"{self.questions} questions, {self.responses} responses (model answers included): "
            f"{right} right, {len(self.misses)} wrong ({len(self.curated_misses)} in curated "
            f"questions)."
        )


def run_test_responses(questions: list[LoadedQuestion]) -> TestReport:
    """Score every test response and each model answer (which must be secure)."""
    report = TestReport()
    for lq in questions:
        q = lq.spec
        report.questions += 1
        cases = [(q.model_answer, "secure")] + [(t.text, t.band) for t in q.test_responses]
        for text, expected in cases:
            report.responses += 1
            result = score(text, lq.rubric)
            if result.band != expected:
                report.misses.append(
                    Miss(q.id, lq.file, q.status, text, expected, result.band, result.score)
                )
    return report
