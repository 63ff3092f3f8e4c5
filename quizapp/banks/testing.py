"""Run each question's labelled test responses through its rubric, like pmatch's test responses."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.banks.loader import LoadedQuestion, LoadedScenario
from quizapp.scenarios import run_transcript
from quizapp.scoring import score

TRANSCRIPT_SEEDS = (1, 2, 3)  # each transcript is played with several draws of the variables


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
    transcripts: int = 0
    transcript_misses: list[str] = field(default_factory=list)

    @property
    def curated_misses(self) -> list[Miss]:
        return [m for m in self.misses if m.status == "curated"]

    @property
    def failed(self) -> bool:
        return bool(self.curated_misses or self.transcript_misses)

    def lines(self) -> list[str]:
        return self.transcript_misses + [
            f"MISS {m.file}: question {m.question} [{m.status}]: expected {m.expected}, "
            f"got {m.got} ({m.score:.2f}): {m.text!r}"
            for m in self.misses
        ]

    def summary(self) -> str:
        right = self.responses - len(self.misses)
        return (
            f"{self.questions} questions, {self.responses} responses (model answers included): "
            f"{right} right, {len(self.misses)} wrong ({len(self.curated_misses)} in curated "
            f"questions); {self.transcripts} scenario transcript runs, "
            f"{len(self.transcript_misses)} wrong."
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


def run_transcripts(scenarios: list[LoadedScenario],
                    report: TestReport | None = None) -> TestReport:
    """Play every scenario's labelled test transcripts (strong, weak, branch) with several seeds."""
    report = report or TestReport()
    for ls in scenarios:
        for transcript in ls.scenario.test_transcripts:
            seeds = [transcript["seed"]] if transcript.get("seed") is not None else TRANSCRIPT_SEEDS
            for seed in seeds:
                report.transcripts += 1
                for problem in run_transcript(ls.scenario, transcript, seed):
                    report.transcript_misses.append(
                        f"MISS {ls.file}: scenario {ls.scenario.id} transcript "
                        f"{transcript.get('label')!r} (seed {seed}): {problem}")
    return report
