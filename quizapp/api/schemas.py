"""Request and reply models of the JSON API: they validate every input and make the OpenAPI
document (``quizapp.api.spec``). Limits come from the services that enforce them, so a limit
is written once for the API, the forms and the rules."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from quizapp.services import practice, quizzes


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text can't contain NUL (\\u0000) characters")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
# a row's id in a body: the databases' integer range (as ids in URLs)
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]
Id = Annotated[str, Field(min_length=1, max_length=128), AfterValidator(_no_nul)]
ClientId = Annotated[str, Field(min_length=1, max_length=practice.MAX_CLIENT_ID,
                                description="Unique per answer; send the same one on a retry."),
                     AfterValidator(_no_nul)]


class Body(BaseModel):
    """A JSON request body: unknown fields are refused, so a typo is an error, not ignored."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Reply(BaseModel):
    """A JSON reply: the documented fields, and any others the reply carries."""

    model_config = ConfigDict(extra="allow")


# --- auth -----------------------------------------------------------------------------------

class LoginIn(Body):
    username: Text = Field(max_length=200)
    password: Text = Field(max_length=1000)


class UserOut(Reply):
    id: int
    username: str
    role: str


class LoginOut(Reply):
    token: str
    user: UserOut


class PasswordIn(Body):
    current_password: Text = Field(max_length=1000)
    new_password: Text = Field(max_length=1000)


class RegisterIn(Body):
    username: Text = Field(max_length=200)
    password: Text = Field(max_length=1000)
    join_code: Text = Field(max_length=64)


# --- practice -------------------------------------------------------------------------------

class StartPracticeIn(Body):
    unit: Id | None = None
    criteria: list[Id] | None = Field(default=None, max_length=500)
    scenario: Id | None = None
    retry_of: Id | None = Field(default=None, description="A finished session: practise again "
                                                          "the questions not yet secure in it.")
    review: bool = Field(default=False, description="A review session: the questions due for "
                                                    "spaced review, weakest criteria first, then "
                                                    "new questions on criteria not evidenced.")

    @model_validator(mode="after")
    def _one_choice(self) -> StartPracticeIn:
        if not (self.unit or self.criteria or self.scenario or self.retry_of or self.review):
            raise ValueError("choose a unit, some criteria, a scenario, a session to retry "
                             "or a review")
        return self


class Turn(Reply):
    """The turn to answer now: a question (``question_id``) or a role-play turn (``turn_id``)."""

    kind: Literal["question", "scenario"]
    question_id: str | None = None
    turn_id: str | None = None
    hint: str | None = Field(default=None, description="A question's hint for its first try "
                             "(what GET .../hint gives then), when marks are shown now; the "
                             "chat shows it without a request, offline too.")


class SessionOut(Reply):
    session: str
    turn: Turn | None


class AnswerIn(Body):
    text: Text = Field(max_length=practice.MAX_ANSWER + 1000)
    client_id: ClientId
    question_id: Id | None = Field(default=None, description="The question answered, from the "
                                                             "turn object.")
    turn_id: Id | None = Field(default=None, description="The role-play turn answered.")


class SkipIn(Body):
    client_id: ClientId
    question_id: Id | None = None


class HintQuery(BaseModel):
    question_id: Id | None = None


class AnswerOut(Reply):
    answer_id: int
    kind: str
    next: Turn | None = None


class HintOut(Reply):
    question_id: str
    hint: str


class StateOut(Reply):
    session: str
    turn: Turn | None
    history: list[dict[str, Any]]


class SummaryOut(Reply):
    session: str
    total: int
    answered: int
    score: float | None = Field(description="The mean mark that counts (null while a check "
                                            "quiz's marks are hidden)")
    items: list[dict[str, Any]]


class UnitQuery(BaseModel):
    unit: Id | None = None


class ProgressOut(Reply):
    criteria: list[dict[str, Any]]


class CatalogueOut(Reply):
    qualifications: list[dict[str, Any]]


# --- coming back: spaced review, the daily goal and streak, practice time -------------------

class ReviewDueOut(Reply):
    due: int = Field(description="Cards due for review now")
    due_today: int = Field(description="Cards due by the end of the learner's day")
    next_due: str | None = Field(description="When the next card not yet due falls due (ISO "
                                             "8601, UTC)")
    cards: int
    weakest: list[dict[str, Any]] = Field(description="When nothing is due: the weakest "
                                                      "criteria to practise")


class GoalIn(Body):
    daily_goal: Literal[5, 10, 20] = Field(description="Questions a day")
    time_zone: Text | None = Field(default=None, max_length=64,
                                   description="An IANA time zone, such as Europe/London")


class GoalOut(Reply):
    daily_goal: int
    time_zone: str


class StreakOut(Reply):
    today: int = Field(description="Questions answered today (first tries)")
    goal: int
    met: bool
    streak: int = Field(description="Days in a row the goal was met, in the learner's time "
                                    "zone; today counts once met")
    date: str
    time_zone: str


class WeeksQuery(BaseModel):
    weeks: int = Field(default=12, ge=1, le=104)


class PracticeTimeOut(Reply):
    cohort: int
    weeks: int
    learners: list[dict[str, Any]] = Field(
        description="Each learner with weeks of {week (Monday), practice_minutes, "
                    "assessment_minutes}; assessment = check quizzes")


# --- cohorts and quizzes --------------------------------------------------------------------

class CohortIn(Body):
    name: Text = Field(min_length=1, max_length=120)
    qualification: Id
    optional_units: list[Id] = Field(default_factory=list, max_length=200)


class CohortOut(Reply):
    id: int
    join_code: str


class JoinIn(Body):
    code: Text = Field(max_length=64)


class JoinedOut(Reply):
    id: int
    name: str
    qualification: str


class JoinCodeOut(Reply):
    join_code: str


class StaffIn(Body):
    username: Text = Field(max_length=200)


class QuizIn(Body):
    title: Text = Field(min_length=1, max_length=quizzes.MAX_TITLE)
    units: list[Id] | None = None
    criteria: list[Id] | None = None
    scenarios: list[Id] | None = None
    questions: int = Field(default=10, ge=1, le=quizzes.MAX_QUESTIONS)
    selection: Literal["random", "fixed"] = "random"
    opens: Text | None = Field(default=None, max_length=64, description="ISO 8601 date-time")
    due: Text | None = Field(default=None, max_length=64, description="ISO 8601 date-time")
    attempts: int = Field(default=1, ge=1, le=quizzes.MAX_ATTEMPTS)
    feedback: Literal["immediate", "after_due"] = "immediate"


class QuizPatch(Body):
    """Only the settings to change; a changed due date must be in the future."""

    title: Text | None = Field(default=None, min_length=1, max_length=quizzes.MAX_TITLE)
    units: list[Id] | None = None
    criteria: list[Id] | None = None
    scenarios: list[Id] | None = None
    questions: int | None = Field(default=None, ge=1, le=quizzes.MAX_QUESTIONS)
    selection: Literal["random", "fixed"] | None = None
    opens: Text | None = Field(default=None, max_length=64, description="ISO 8601 date-time")
    due: Text | None = Field(default=None, max_length=64, description="ISO 8601 date-time")
    attempts: int | None = Field(default=None, ge=1, le=quizzes.MAX_ATTEMPTS)
    feedback: Literal["immediate", "after_due"] | None = None


class QuizOut(Reply):
    id: int
    title: str


class DeletedOut(Reply):
    id: int
    outcome: Literal["deleted", "archived"]


class CreatedOut(Reply):
    id: int | str


class QuizzesOut(Reply):
    quizzes: list[dict[str, Any]]


class ProposeIn(Body):
    prompt: Text = Field(min_length=1, max_length=1000)
    model_answer: Text = Field(min_length=1, max_length=3000)


class RubricOut(Reply):
    rubric: Any


class RubricTestIn(Body):
    rubric: Text | dict[str, Any] = Field(description="The rubric, as YAML text or an object")
    responses: list[Any] | Text = Field(
        default_factory=list, description="Sample answers: [{text, band}], or lines 'band: text'")
    model_answer: Text | None = Field(default=None, max_length=3000)


class RubricTestOut(Reply):
    results: list[dict[str, Any]]


class QuestionIn(Body):
    prompt: Text = Field(min_length=1, max_length=1000)
    model_answer: Text = Field(min_length=1, max_length=3000)
    criteria: list[Id] = Field(min_length=1, max_length=50)
    rubric: Text | dict[str, Any] | None = None
    responses: list[Any] | Text = Field(default_factory=list)
    hint: Text | None = Field(default=None, max_length=300)


class QuestionsOut(Reply):
    questions: list[dict[str, Any]]


# --- review ---------------------------------------------------------------------------------

class OverrideIn(Body):
    """A re-mark: a band, a score from 0 to 1, or both (they must agree)."""

    band: Literal["not_yet", "partly", "secure"] | None = None
    score: float | None = Field(default=None, ge=0, le=1)
    comment: Text = Field(min_length=1, max_length=2000)
    send_to_test_responses: bool = False

    @model_validator(mode="after")
    def _band_or_score(self):
        if self.band is None and self.score is None:
            raise ValueError("give a band (not_yet, partly, secure) or a score from 0 to 1")
        return self


class OverrideOut(Reply):
    answer_id: int
    score: float
    band: str
    comment: str


class LearnerProgressOut(Reply):
    learner: dict[str, Any]


# --- sign-offs and feedback (staff helper) -------------------------------------------------

class SignOffIn(Body):
    criterion: Text = Field(min_length=1, max_length=64)
    date: Text = Field(min_length=10, max_length=10, description="YYYY-MM-DD, not in the future")
    note: Text = Field(min_length=1, max_length=2000)
    signature: Text = Field(min_length=1, max_length=120, description="the assessor's full name")


class SignOffOut(Reply):
    id: int
    learner: int
    criterion: str
    date: str
    note: str
    signature: str | None
    signed_at: str | None
    countersignature: str | None
    countersigned_at: str | None


class SignOffList(Reply):
    signoffs: list[SignOffOut]


class CountersignIn(Body):
    signoff: RowId
    signature: Text = Field(min_length=1, max_length=120, description="the learner's full name")


class FeedbackItem(Reply):
    id: int
    answer_id: int
    text: str
    prompt: str | None
    criteria: list[str]
    was: str
    band: str
    score: float
    comment: str
    assessor: str | None
    at: str
    new: bool


class FeedbackOut(Reply):
    remarks: list[FeedbackItem]
    signoffs: list[SignOffOut]


class ResetLinkOut(Reply):
    url: str
    expires_at: str
