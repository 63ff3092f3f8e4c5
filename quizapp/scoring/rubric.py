"""Rubrics: validated from the YAML/dict shape in docs/formats.md and compiled once for scoring.

``Rubric.from_dict(data, lexicon)`` checks every field and raises :class:`RubricError` naming the
field path (``concepts[2].phrasings: must be a non-empty list of strings``). The resulting objects
are frozen; their compiled phrasings live in a shared :class:`~.vocabulary.Vocabulary`, so one
rubric can score any number of answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from .match import Phrasing, PhrasingError, compile_phrasing
from .normalise import analyse
from .similarity import ModelAnswer, compile_model
from .slots import SLOT_TYPES, digit_words, valid_value
from .vocabulary import Vocabulary

_ID_RE = re.compile(r"^[A-Za-z0-9._-]+$")
DEFAULT_THRESHOLDS = (0.4, 0.75)


class RubricError(ValueError):
    """A rubric that does not validate; ``path`` is the field path inside the rubric."""

    def __init__(self, path: tuple[Any, ...], message: str) -> None:
        self.path = tuple(path)
        self.message = message
        super().__init__(f"{format_path(self.path)}: {message}" if self.path else message)


def format_path(path: tuple[Any, ...]) -> str:
    """("concepts", 2, "phrasings") -> "concepts[2].phrasings"."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


@dataclass(frozen=True)
class Concept:
    """A point the answer should make (or, in ``Rubric.negatives``, should not make)."""

    id: str
    label: str
    phrasings: tuple[str, ...] = ()
    lexicon: tuple[str, ...] = ()
    weight: float = 1.0
    required: bool = False
    hint: str | None = None
    order: str = "in_order"
    window: int | None = None
    slot: tuple[str, str] | None = None  # (type, value)
    role: tuple[str, ...] = ()  # phrasings of the role its phrasings must be bound to
    penalty: float = 0.0  # negatives only
    reason: str | None = None  # negatives only
    resolved: tuple[str, ...] = field(default=(), repr=False)  # phrasings + lexicon entries

    def to_dict(self, negative: bool = False) -> dict[str, Any]:
        """The concept in the formats.md shape, defaults left out."""
        d: dict[str, Any] = {"id": self.id, "label": self.label}
        if self.slot:
            d["slot"] = {"type": self.slot[0], "value": self.slot[1]}
        if self.role:
            d["role"] = list(self.role)
        if self.phrasings:
            d["phrasings"] = list(self.phrasings)
        if self.lexicon:
            d["lexicon"] = list(self.lexicon)
        if negative:
            d["penalty"] = self.penalty
            if self.reason is not None:
                d["reason"] = self.reason
        else:
            if self.weight != 1:
                d["weight"] = self.weight
            if self.required:
                d["required"] = True
            if self.hint is not None:
                d["hint"] = self.hint
        if self.order != "in_order":
            d["order"] = self.order
        if self.window is not None:
            d["window"] = self.window
        return d


@dataclass(frozen=True)
class Group:
    """"Any N of these": ``min`` hits among ``concepts`` earn the group's full weight."""

    id: str
    label: str
    min: int
    concepts: tuple[Concept, ...]
    weight: float = 1.0
    hint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "label": self.label, "min": self.min}
        if self.weight != 1:
            d["weight"] = self.weight
        if self.hint is not None:
            d["hint"] = self.hint
        d["concepts"] = [c.to_dict() for c in self.concepts]
        return d


@dataclass(frozen=True)
class Similarity:
    """Part of the score from the answer's closeness to the best model answer (see similarity.py).

    ``question``, if given, is the question text: its words count less towards closeness.
    """

    weight: float
    answers: tuple[str, ...]
    question: str | None = None


@dataclass(frozen=True)
class Rubric:
    """A compiled, immutable rubric. Build it with :meth:`from_dict`."""

    concepts: tuple[Concept, ...] = ()
    groups: tuple[Group, ...] = ()
    negatives: tuple[Concept, ...] = ()
    thresholds: tuple[float, float] = DEFAULT_THRESHOLDS
    pass_mark: float | None = None
    similarity: Similarity | None = None
    vocab: Vocabulary = field(default=None, compare=False, repr=False)  # type: ignore[assignment]
    compiled: Mapping[str, tuple[Phrasing, ...]] = field(  # set in __post_init__
        default_factory=dict, compare=False, repr=False)
    models: tuple[ModelAnswer, ...] = field(default=(), compare=False, repr=False)
    # per concept id: its phrasings' words with digits, to name a wrong detail (slots.digit_words)
    # per concept id with a role: its compiled role phrasings (binding.py)
    roles: Mapping[str, tuple[Phrasing, ...]] = field(
        default_factory=dict, compare=False, repr=False)
    details: Mapping[str, frozenset[str]] = field(
        default_factory=dict, compare=False, repr=False)
    # Phrasings that compile but probably do not say what the writer meant, each with its field
    # path: "concepts[0].phrasings[1]: 'welcome|at' mixes stop words ..." (`flask banks check`).
    warnings: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        vocab = Vocabulary()
        compiled: dict[str, tuple[Phrasing, ...]] = {}
        for c in self.all_concepts():
            order = c.order == "any"
            compiled[c.id] = tuple(
                compile_phrasing(p, vocab, ordered=not order, window=c.window)
                for p in (c.resolved or c.phrasings)
            )
        if self.similarity is not None:
            qstems = frozenset(analyse(self.similarity.question or "").stems)
            models = tuple(compile_model(t, vocab, qstems) for t in self.similarity.answers)
            object.__setattr__(self, "models", models)
        roles = {c.id: tuple(compile_phrasing(p, vocab, ordered=c.order != "any")
                             for p in c.role) for c in self.all_concepts() if c.role}
        object.__setattr__(self, "roles", roles)
        details = {c.id: digit_words(c.resolved or c.phrasings) for c in self.all_concepts()}
        object.__setattr__(self, "details", details)
        vocab.freeze()
        object.__setattr__(self, "vocab", vocab)
        object.__setattr__(self, "compiled", compiled)

    @property
    def pass_threshold(self) -> float:
        """Score needed to pass: ``pass`` if given, else the secure threshold."""
        return self.thresholds[1] if self.pass_mark is None else self.pass_mark

    def all_concepts(self) -> Iterator[Concept]:
        """Every concept, group member and negative, in rubric order."""
        yield from self.concepts
        for g in self.groups:
            yield from g.concepts
        yield from self.negatives

    @classmethod
    def from_dict(cls, data: Mapping[str, Any],
                  lexicon: Mapping[str, list[str]] | None = None) -> Rubric:
        """Validate ``data`` (the formats.md ``rubric:`` mapping) and compile it."""
        return _build(data, lexicon)

    def to_dict(self) -> dict[str, Any]:
        """The rubric in the formats.md shape; ``from_dict(r.to_dict(), lexicon) == r``."""
        d: dict[str, Any] = {}
        if self.thresholds != DEFAULT_THRESHOLDS:
            d["thresholds"] = {"partly": self.thresholds[0], "secure": self.thresholds[1]}
        if self.pass_mark is not None:
            d["pass"] = self.pass_mark
        d["concepts"] = [c.to_dict() for c in self.concepts]
        if self.groups:
            d["groups"] = [g.to_dict() for g in self.groups]
        if self.negatives:
            d["negatives"] = [n.to_dict(negative=True) for n in self.negatives]
        if self.similarity is not None:
            d["similarity"] = {"weight": self.similarity.weight,
                               "answers": list(self.similarity.answers)}
            if self.similarity.question is not None:
                d["similarity"]["question"] = self.similarity.question
        return d


# ---------------------------------------------------------------- validation

_CONCEPT_KEYS = {"id", "label", "phrasings", "lexicon", "weight", "required", "hint", "order",
                 "window", "slot", "role"}
_NEGATIVE_KEYS = {"id", "label", "phrasings", "lexicon", "penalty", "reason", "order", "window",
                  "role"}
_GROUP_KEYS = {"id", "label", "min", "weight", "hint", "concepts"}
_TOP_KEYS = {"thresholds", "pass", "concepts", "groups", "negatives", "similarity"}


Path = tuple[Any, ...]  # a field path: ("concepts", 2, "phrasings")


def _mapping(v: Any, path: Path, keys: set[str]) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise RubricError(path, "must be a mapping")
    for k in v:
        if k not in keys:
            raise RubricError(path + (k,),
                              f"unknown field (expected one of {', '.join(sorted(keys))})")
    return v


@overload
def _text(v: Any, path: Path, required: Literal[True] = True) -> str: ...
@overload
def _text(v: Any, path: Path, required: bool) -> str | None: ...
def _text(v: Any, path: Path, required: bool = True) -> str | None:
    if v is None and not required:
        return None
    if not isinstance(v, str) or not v.strip():
        raise RubricError(path, "must be a non-empty string")
    return v


@overload
def _number(v: Any, path: Path, lo: float, hi: float | None, default: float) -> float: ...
@overload
def _number(v: Any, path: Path, lo: float, hi: float | None, default: None) -> float | None: ...
def _number(v: Any, path: Path, lo: float, hi: float | None,
            default: float | None) -> float | None:
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v < lo or (
            hi is not None and v > hi):
        rng = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
        raise RubricError(path, f"must be a number {rng}")
    return float(v)


def _strings(v: Any, path: Path) -> tuple[str, ...]:
    if not isinstance(v, list) or not v or not all(isinstance(s, str) and s.strip() for s in v):
        raise RubricError(path, "must be a non-empty list of strings")
    return tuple(v)


def _concept(d: Any, path: Path, lexicon: Mapping[str, list[str]] | None, seen: set[str],
             warns: list[str], negative: bool = False) -> Concept:
    d = _mapping(d, path, _NEGATIVE_KEYS if negative else _CONCEPT_KEYS)
    cid = _text(d.get("id"), path + ("id",))
    if not _ID_RE.match(cid):
        raise RubricError(path + ("id",), "may only use letters, digits and . - _")
    if cid in seen:
        raise RubricError(path + ("id",), f"duplicate id {cid!r}")
    seen.add(cid)
    label = _text(d.get("label"), path + ("label",))
    phrasings = _strings(d["phrasings"], path + ("phrasings",)) if "phrasings" in d else ()
    keys = _strings(d["lexicon"], path + ("lexicon",)) if "lexicon" in d else ()
    resolved = list(phrasings)
    for j, k in enumerate(keys):
        if lexicon is None or k not in lexicon:
            raise RubricError(path + ("lexicon", j), f"unknown lexicon entry {k!r}")
        resolved += _strings(lexicon[k], ("lexicon", k))
    slot = None
    if d.get("slot") is not None:
        s = _mapping(d["slot"], path + ("slot",), {"type", "value"})
        if s.get("type") not in SLOT_TYPES:
            raise RubricError(path + ("slot", "type"), f"must be one of {', '.join(SLOT_TYPES)}")
        value = s.get("value")
        value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        value = _text(value, path + ("slot", "value"))
        if not valid_value(s["type"], value):
            raise RubricError(path + ("slot", "value"), f"is not a {s['type']} I can read")
        if resolved:
            raise RubricError(path + ("slot",), "a slot concept cannot also have phrasings")
        slot = (s["type"], value)
    elif not resolved:
        raise RubricError(path + ("phrasings",), "must be a non-empty list of strings")
    role = _strings(d["role"], path + ("role",)) if "role" in d else ()
    if role and slot is not None:
        raise RubricError(path + ("role",), "a slot concept cannot also have a role")
    for j, p in enumerate(role):
        try:
            compile_phrasing(p, Vocabulary())
        except PhrasingError as e:
            raise RubricError(path + ("role", j), str(e)) from None
    order = d.get("order", "in_order")
    if order not in ("any", "in_order"):
        raise RubricError(path + ("order",), "must be 'any' or 'in_order'")
    window = d.get("window")
    if window is not None and (isinstance(window, bool) or not isinstance(window, int)
                               or window < 1):
        raise RubricError(path + ("window",), "must be a whole number of words, at least 1")
    required = d.get("required", False)
    if not isinstance(required, bool):
        raise RubricError(path + ("required",), "must be true or false")
    for j, p in enumerate(resolved):
        where = path + ("phrasings", j) if j < len(phrasings) else path + ("lexicon",)
        try:
            ph = compile_phrasing(p, Vocabulary())
        except PhrasingError as e:
            raise RubricError(where, str(e)) from None
        warns += [f"{format_path(where)}: {p!r}: {w}" for w in ph.warnings]
    return Concept(
        id=cid, label=label, phrasings=phrasings, lexicon=keys,
        weight=_number(d.get("weight"), path + ("weight",), 0, None, 1.0) if not negative else 1.0,
        required=required, hint=_text(d.get("hint"), path + ("hint",), required=False),
        order=order, window=window, slot=slot, role=role,
        penalty=_number(d.get("penalty"), path + ("penalty",), 0, 1, 0.25) if negative else 0.0,
        reason=_text(d.get("reason"), path + ("reason",), required=False),
        resolved=tuple(resolved),
    )


def _list(d: Mapping[str, Any], key: str, path: Path) -> list[Any]:
    v = d.get(key, [])
    if v is None:
        return []
    if not isinstance(v, list):
        raise RubricError(path + (key,), "must be a list")
    return v


def _build(data: Any, lexicon: Mapping[str, list[str]] | None) -> Rubric:
    d = _mapping(data, (), _TOP_KEYS)
    partly, secure = DEFAULT_THRESHOLDS
    if d.get("thresholds") is not None:
        t = _mapping(d["thresholds"], ("thresholds",), {"partly", "secure"})
        partly = _number(t.get("partly"), ("thresholds", "partly"), 0, 1, partly)
        secure = _number(t.get("secure"), ("thresholds", "secure"), 0, 1, secure)
        if partly > secure:
            raise RubricError(("thresholds",), "partly must not be above secure")
    pass_mark = _number(d.get("pass"), ("pass",), 0, 1, None)
    seen: set[str] = set()
    warns: list[str] = []
    concepts = tuple(_concept(c, ("concepts", i), lexicon, seen, warns)
                     for i, c in enumerate(_list(d, "concepts", ())))
    groups = []
    for i, g in enumerate(_list(d, "groups", ())):
        path = ("groups", i)
        g = _mapping(g, path, _GROUP_KEYS)
        gid = _text(g.get("id"), path + ("id",))
        if gid in seen or not _ID_RE.match(gid):
            raise RubricError(path + ("id",), "must be a unique id of letters, digits and . - _")
        seen.add(gid)
        members = _list(g, "concepts", path)
        if not members:
            raise RubricError(path + ("concepts",), "must be a non-empty list of concepts")
        cs = tuple(_concept(c, path + ("concepts", j), lexicon, seen, warns)
                   for j, c in enumerate(members))
        n = g.get("min", 1)
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(cs):
            raise RubricError(path + ("min",), f"must be a whole number from 1 to {len(cs)}")
        groups.append(Group(gid, _text(g.get("label"), path + ("label",)), n, cs,
                            _number(g.get("weight"), path + ("weight",), 0, None, 1.0),
                            _text(g.get("hint"), path + ("hint",), required=False)))
    negatives = tuple(_concept(c, ("negatives", i), lexicon, seen, warns, negative=True)
                      for i, c in enumerate(_list(d, "negatives", ())))
    similarity = None
    if d.get("similarity") is not None:
        s = _mapping(d["similarity"], ("similarity",), {"weight", "answers", "question"})
        similarity = Similarity(_number(s.get("weight"), ("similarity", "weight"), 0, None, 1.0),
                                _strings(s.get("answers"), ("similarity", "answers")),
                                _text(s.get("question"), ("similarity", "question"), False))
    if not concepts and not groups and similarity is None:
        raise RubricError(("concepts",), "must be a non-empty list of concepts")
    total = sum(c.weight for c in concepts) + sum(g.weight for g in groups) + (
        similarity.weight if similarity else 0)
    if total <= 0:
        raise RubricError(("concepts",), "weights must not all be zero")
    return Rubric(concepts, tuple(groups), negatives, (partly, secure), pass_mark, similarity,
                  warnings=tuple(dict.fromkeys(warns)))
