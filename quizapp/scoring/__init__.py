"""Free-text answer scoring: rubrics of concepts matched robustly against learners' answers.

Pure: no web framework, database or I/O here (``__main__`` only reads stdin, writes stdout).

    rubric = Rubric.from_dict(data, lexicon)      # validate and compile once
    result = score(answer, rubric)                # ScoreResult: score, band, passed, concepts,
                                                  # feedback
    proposal = derive_rubric(question, [model_answer])
"""

from .derive import derive_rubric
from .feedback import build_feedback
from .result import BANDS, ConceptResult, ScoreResult
from .rubric import Concept, Group, Rubric, RubricError, Similarity
from .score import score

__all__ = [
    "BANDS",
    "Concept",
    "ConceptResult",
    "Group",
    "Rubric",
    "RubricError",
    "ScoreResult",
    "Similarity",
    "build_feedback",
    "derive_rubric",
    "score",
]
