"""Database models, one module per aggregate."""

from quizapp.models.catalogue import Criterion, Qualification, Unit
from quizapp.models.cohorts import Cohort, CohortMember, CohortRemoval, Quiz
from quizapp.models.practice import Answer, PracticeSession, answer_criteria
from quizapp.models.progress import Progress
from quizapp.models.proposals import ResponseProposal
from quizapp.models.questions import Question, question_criteria
from quizapp.models.resets import PasswordReset
from quizapp.models.review import AuditEntry, Override, SignOff
from quizapp.models.scenarios import ScenarioRecord
from quizapp.models.spaced import LearnerGoal, ReviewCard
from quizapp.models.users import ApiToken, User

__all__ = [
    "AuditEntry",
    "Cohort",
    "CohortMember",
    "LearnerGoal",
    "ReviewCard",
    "CohortRemoval",
    "Override",
    "PasswordReset",
    "Quiz",
    "ScenarioRecord",
    "SignOff",
    "Answer",
    "ApiToken",
    "Criterion",
    "PracticeSession",
    "Progress",
    "Qualification",
    "Question",
    "ResponseProposal",
    "Unit",
    "User",
    "answer_criteria",
    "question_criteria",
]
