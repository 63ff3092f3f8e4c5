"""Shared parts of the exporters: input checks, plain text to HTML, the marking guide, categories.

Everything here is pure: inputs are plain dicts and strings, outputs are strings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Characters XML 1.0 does not allow at all (not even escaped): C0 controls other than tab, LF and
# CR, lone surrogates, U+FFFE and U+FFFF. They are dropped from every text we export.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PARAGRAPHS = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[ \t\f\v]+")
MAX_IDNUMBER = 100  # Moodle: question_bank_entries.idnumber, char(100), unique per category


class ExportError(ValueError):
    """A question that cannot be exported; the message names the question and the field."""


@dataclass(frozen=True)
class ExportQuestion:
    """One question, checked and cleaned, ready for any exporter."""

    id: str
    prompt: str
    model_answer: str
    hint: str | None
    criteria: tuple[str, ...]
    unit: str
    rubric: Mapping[str, Any]

    @property
    def tags(self) -> tuple[str, ...]:
        """One tag per criterion ID, then the unit ID (each once, in that order)."""
        return tuple(dict.fromkeys((*self.criteria, self.unit)))


def clean_text(text: str) -> str:
    """``text`` with newlines normalised to ``\\n`` and characters XML cannot carry removed."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """``text`` on one line (for comments and category names)."""
    return " ".join(clean_text(text).split())


def prepare(questions: Sequence[Mapping[str, Any]]) -> list[ExportQuestion]:
    """Check and clean the question dicts; raise :class:`ExportError` on the first problem."""
    if isinstance(questions, (str, bytes, Mapping)) or not isinstance(questions, Sequence):
        raise ExportError("questions: must be a list of question dicts")
    out: list[ExportQuestion] = []
    seen: set[str] = set()
    for i, q in enumerate(questions):
        if not isinstance(q, Mapping):
            raise ExportError(f"questions[{i}]: must be a dict")
        qid = q.get("id")
        where = f"question {qid!r}" if isinstance(qid, str) and qid else f"questions[{i}]"
        qid = _text(q, "id", where, multiline=False)
        if len(qid) > MAX_IDNUMBER:
            raise ExportError(f"{where}: id: longer than the {MAX_IDNUMBER} characters Moodle "
                              "allows for an ID number")
        if qid in seen:
            raise ExportError(f"{where}: id: duplicate in this export")
        seen.add(qid)
        criteria = q.get("criteria") or []
        if isinstance(criteria, str) or not isinstance(criteria, Sequence) or not all(
                isinstance(c, str) and c.strip() for c in criteria):
            raise ExportError(f"{where}: criteria: must be a list of criterion IDs")
        rubric = q.get("rubric") or {}
        if not isinstance(rubric, Mapping):
            raise ExportError(f"{where}: rubric: must be a dict")
        hint = q.get("hint")
        if hint is not None and not isinstance(hint, str):
            raise ExportError(f"{where}: hint: must be text or None")
        out.append(ExportQuestion(
            id=qid,
            prompt=_text(q, "prompt", where),
            model_answer=_text(q, "model_answer", where),
            hint=(clean_text(hint).strip() or None) if hint is not None else None,
            criteria=tuple(one_line(c) for c in criteria),
            unit=_text(q, "unit", where, multiline=False),
            rubric=rubric,
        ))
    return out


def _text(q: Mapping[str, Any], key: str, where: str, multiline: bool = True) -> str:
    v = q.get(key)
    if not isinstance(v, str) or not v.strip():
        raise ExportError(f"{where}: {key}: must be non-empty text")
    return clean_text(v).strip() if multiline else one_line(v)


# ------------------------------------------------------------------------------------ HTML


def text_to_html(text: str) -> str:
    """Plain text as an HTML fragment: a ``<p>`` per paragraph, ``<br>`` for a single newline.

    ``<``, ``>`` and ``&`` are escaped, so the HTML shows the text exactly as written. The
    fragment has no newlines, so GIFT can keep each question on one line.
    """
    paras = [p.strip() for p in _PARAGRAPHS.split(clean_text(text)) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(_SPACES.sub(" ", html.escape(line.strip(), quote=False))
                            for line in p.split("\n")) + "</p>"
        for p in paras
    )


def _esc(text: str) -> str:
    return html.escape(one_line(text), quote=False)


def _pct(x: float) -> str:
    """0.3 -> "30%", 1/3 -> "33%", 0.125 -> "12.5%"."""
    v = round(x * 100, 1)
    return f"{v:g}%"


def _weight(d: Mapping[str, Any], key: str = "weight", default: float = 1.0) -> float:
    v = d.get(key, default)
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else default


def marking_points(rubric: Mapping[str, Any]) -> list[str]:
    """The rubric as plain-text lines for a human marker (used in GIFT comments).

    Each line is one point with its share of the mark; groups list their members; negatives say
    what they cost. The lexicon and phrasings are matching detail, not shown.
    """
    return [_plain(item) for item in _rubric_items(rubric)]


def _rubric_items(rubric: Mapping[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(kind, text, member labels) per rubric item; kind is point, group, similarity or minus."""
    concepts = [c for c in rubric.get("concepts") or [] if isinstance(c, Mapping)]
    groups = [g for g in rubric.get("groups") or [] if isinstance(g, Mapping)]
    negatives = [n for n in rubric.get("negatives") or [] if isinstance(n, Mapping)]
    similarity = rubric.get("similarity")
    if not isinstance(similarity, Mapping):
        similarity = None
    total = sum(_weight(c) for c in concepts) + sum(_weight(g) for g in groups)
    if similarity:
        total += _weight(similarity, default=0.0)
    def share(w: float) -> str:
        return _pct(w / total) if total > 0 else "0%"

    items: list[tuple[str, str, list[str]]] = []
    for c in concepts:
        text = f"{one_line(str(c.get('label', c.get('id', ''))))} ({share(_weight(c))}"
        text += ", essential)" if c.get("required") else ")"
        items.append(("point", text, []))
    for g in groups:
        members = [one_line(str(m.get("label", m.get("id", ""))))
                   for m in g.get("concepts") or [] if isinstance(m, Mapping)]
        n = g.get("min", 1)
        label = one_line(str(g.get("label", g.get("id", ""))))
        items.append(("group", f"{label}: any {n} of these ({share(_weight(g))})", members))
    if similarity and _weight(similarity, default=0.0) > 0:
        items.append(("similarity", "Closeness to the model answer "
                      f"({share(_weight(similarity, default=0.0))})", []))
    for n in negatives:
        text = f"{one_line(str(n.get('label', n.get('id', ''))))}: minus " \
               f"{_pct(_weight(n, 'penalty', 0.0))} of the mark"
        if n.get("reason"):
            text += f". {one_line(str(n['reason']))}"
        items.append(("minus", text, []))
    return items


def _plain(item: tuple[str, str, list[str]]) -> str:
    kind, text, members = item
    prefix = "Deduct: " if kind == "minus" else ""
    return prefix + text + (": " + "; ".join(members) if members else "")


def bands_sentence(rubric: Mapping[str, Any]) -> str:
    """How quizapp turns the points into a band, in one sentence of plain text."""
    t = rubric.get("thresholds")
    if not isinstance(t, Mapping):
        t = {}
    partly = _weight(t, "partly", 0.4)
    secure = _weight(t, "secure", 0.75)
    passed = _weight(rubric, "pass", secure)
    s = (f"quizapp bands: secure from {_pct(secure)} of the mark, partly from {_pct(partly)}; "
         f"pass from {_pct(passed)}.")
    if any(isinstance(c, Mapping) and c.get("required") for c in _all_concepts(rubric)):
        s += " Missing an essential point caps the band at partly."
    return s


def _all_concepts(rubric: Mapping[str, Any]) -> Iterator[Any]:
    yield from rubric.get("concepts") or []
    for g in rubric.get("groups") or []:
        if isinstance(g, Mapping):
            yield from g.get("concepts") or []


def grader_info_html(q: ExportQuestion) -> str:
    """The marker's notes for Moodle's essay ``graderinfo``: model answer, marking points,
    deductions, bands, criteria and the learners' hint, as an HTML fragment."""
    parts = ["<p><strong>Model answer</strong></p>", text_to_html(q.model_answer)]
    items = _rubric_items(q.rubric)
    points = [i for i in items if i[0] != "minus"]
    minus = [i for i in items if i[0] == "minus"]
    if points:
        parts.append("<p><strong>Marking points</strong> (share of the mark)</p><ul>")
        for _kind, text, members in points:
            sub = "".join(f"<li>{html.escape(m, quote=False)}</li>" for m in members)
            parts.append(f"<li>{html.escape(text, quote=False)}"
                         + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
        parts.append("</ul>")
    if minus:
        parts.append("<p><strong>Deduct</strong></p><ul>")
        parts += [f"<li>{html.escape(text, quote=False)}</li>" for _k, text, _m in minus]
        parts.append("</ul>")
    if items:
        parts.append(f"<p>{_esc(bands_sentence(q.rubric))}</p>")
    parts.append(f"<p><strong>Criteria</strong>: {_esc(', '.join(q.criteria) or 'none')} "
                 f"(unit {_esc(q.unit)})</p>")
    if q.hint:
        parts.append(f"<p><strong>Hint given to learners in quizapp</strong>: {_esc(q.hint)}</p>")
    return "".join(parts)


# ------------------------------------------------------------------------------ categories


def category_path(category: str | Sequence[str]) -> str:
    """The Moodle category path for ``category``: one name, or a list of names (parent first).

    Names are joined with ``/`` under ``$course$`` (the course's question bank, as in Moodle's
    own exports); a ``/`` inside a name is doubled, as in Moodle's
    ``qformat_default::assemble_category_path()``.
    """
    if isinstance(category, str):
        names = [category]
    elif isinstance(category, Sequence):
        names = list(category)
    else:
        names = []
    if not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise ExportError("category: must be a non-empty name or list of names")
    out = []
    for name in names:
        n = one_line(name).replace("/", "//")
        if n.startswith("/"):
            n = " " + n
        if n.endswith("/"):
            n += " "
        out.append(n)
    return "$course$/" + "/".join(out)
