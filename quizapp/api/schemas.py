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

    @model_validator(mode="after")
    def _one_choice(self) -> StartPracticeIn:
        if not (self.unit or self.criteria or self.scenario or self.retry_of):
            raise ValueError("choose a unit, some criteria, a scenario or a session to retry")
        return self


class Turn(Reply):
    """The turn to answer now: a question (``question_id``) or a role-play turn (``turn_id``)."""

    kind: Literal["question", "scenario"]
    question_id: str | None = None
    turn_id: str | None = None


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
    score: float
    items: list[dict[str, Any]]


class UnitQuery(BaseModel):
    unit: Id | None = None


class ProgressOut(Reply):
    criteria: list[dict[str, Any]]


class CatalogueOut(Reply):
    qualifications: list[dict[str, Any]]


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
    score: float = Field(ge=0, le=1)
    comment: Text = Field(min_length=1, max_length=2000)
    send_to_test_responses: bool = False


class OverrideOut(Reply):
    answer_id: int
    score: float
    band: str
    comment: str


class LearnerProgressOut(Reply):
    learner: dict[str, Any]
