"""The shape of spec and bank files (see docs/formats.md), validated with pydantic.

The models here only describe the YAML; cross-file checks (dangling criterion IDs, duplicate
IDs) live in ``loader.py``, and rubric validation is the scorer's own (``Rubric.from_dict``).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(f"{value!r} is not a valid ID (letters, digits, '.', '-', '_')")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Group(Strict):
    name: str
    units: list[str]
    min: int | None = None
    max: int | None = None
    min_credits: float | None = None
    max_credits: float | None = None
    note: str | None = None


class Rules(Strict):
    text: str = ""
    groups: list[Group] = Field(default_factory=list)
    min_credits: float | None = None
    min_credits_at_level: dict[str, Any] | float | None = None
    tqt: float | None = None
    glh: float | None = None
    barred: list[list[str]] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Outcome(Strict):
    id: str
    title: str

    _id = field_validator("id")(_check_id)


class CriterionSpec(Strict):
    id: str
    number: str
    text: str = Field(min_length=1)
    kind: Literal["knowledge", "performance"]
    verb: str | None = None
    outcome: str | None = None
    range: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    _id = field_validator("id")(_check_id)

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value


class UnitSpec(Strict):
    id: str
    code: str
    title: str
    level: int | str | None = None
    credit: float | None = None
    glh: float | None = None
    references: dict[str, Any] = Field(default_factory=dict)
    keywords: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    criteria: list[CriterionSpec] = Field(default_factory=list)

    _id = field_validator("id")(_check_id)


class QualificationSpec(Strict):
    id: str
    title: str
    level: int | str | None = None
    body: str | None = None
    references: dict[str, Any] = Field(default_factory=dict)
    rules: Rules = Field(default_factory=Rules)
    notes: list[str] = Field(default_factory=list)
    units: list[UnitSpec] = Field(default_factory=list)

    _id = field_validator("id")(_check_id)


class Mapping(Strict):
    from_: str = Field(alias="from")
    to: list[str] = Field(default_factory=list)
    note: str | None = None


class SpecFile(Strict):
    source: str
    qualification: QualificationSpec | None = None
    units: list[UnitSpec] = Field(default_factory=list)
    qualifications: list[QualificationSpec] = Field(default_factory=list)
    mappings: list[Mapping] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def all_qualifications(self) -> list[QualificationSpec]:
        """Both forms, one qualification with top-level units or a list, as one list."""
        quals = list(self.qualifications)
        if self.qualification is not None:
            quals.insert(0, self.qualification.model_copy(
                update={"units": self.qualification.units + self.units}
            ))
        return quals


class TestResponse(Strict):
    text: str
    band: Literal["not_yet", "partly", "secure"]
    note: str | None = None


class QuestionSpec(Strict):
    id: str
    criteria: list[str] = Field(min_length=1)
    status: Literal["draft", "curated"] = "draft"
    prompt: str = Field(min_length=1)
    model_answer: str = Field(min_length=1)
    hint: str | None = None
    rubric: dict[str, Any]
    test_responses: list[TestResponse] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    _id = field_validator("id")(_check_id)


class BankFile(Strict):
    """A bank file's outer shape; each question is validated on its own (``QuestionSpec``)."""

    unit: str
    questions: list[dict[str, Any]] = Field(default_factory=list)
