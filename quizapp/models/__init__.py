"""Database models, one module per aggregate."""

from quizapp.models.catalogue import Criterion, Qualification, Unit
from quizapp.models.practice import Answer, PracticeSession
from quizapp.models.progress import Progress
from quizapp.models.questions import Question, question_criteria
from quizapp.models.users import ApiToken, User

__all__ = [
    "Answer",
    "ApiToken",
    "Criterion",
    "PracticeSession",
    "Progress",
    "Qualification",
    "Question",
    "Unit",
    "User",
    "question_criteria",
]
