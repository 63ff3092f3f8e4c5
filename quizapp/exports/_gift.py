"""GIFT export: each question as a GIFT essay question (``{}``), in the shape Moodle writes.

Follows ``qformat_gift::writequestion()`` in Moodle's ``question/format/gift/format.php``:

    // question: 1  name: ICS-L1.U3.q-hearing-listening
    // [id:ICS-L1.U3.q-hearing-listening] [tag:ICS-L1.U3.3a] [tag:ICS-L1.U3]
    ::ICS-L1.U3.q-hearing-listening::[html]<p>What is ...?</p>{####<p>Hearing ...</p>}

Text is escaped as Moodle's ``repchar()`` does: ``\\`` is doubled, ``~ = # { } :`` get a
backslash, a newline becomes ``\\n``. The ``// [id:...] [tag:...]`` comment is read back by
Moodle's importer (3.6+) as the question's ID number and tags; the other comments (criteria,
marking points) are for people reading the file. GIFT has no field for an essay's information for
graders, so the marking points travel only as comments (the Moodle XML export carries them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._common import ExportQuestion, bands_sentence, category_path, marking_points, one_line, \
    prepare, text_to_html

_RESERVED = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}",
             ":": "\\:", "\n": "\\n", "\r": ""}


def escape_gift(text: str) -> str:
    """``text`` with GIFT's special characters escaped (Moodle's ``qformat_gift::repchar``)."""
    return "".join(_RESERVED.get(ch, ch) for ch in text)


def gift(questions: Sequence[Mapping[str, Any]], category: str | Sequence[str]) -> str:
    """A GIFT file: a ``$CATEGORY:`` switch, then each question as an essay question.

    ``questions`` are question dicts (see :mod:`quizapp.exports`); ``category`` is the Moodle
    question category: a name, or a list of names from parent to child. Raises
    :class:`~quizapp.exports.ExportError` for a malformed question.
    """
    prepared = prepare(questions)
    # The importer unescapes "\\" before it reads a $CATEGORY line (escapedchar_pre), and
    # nothing else there, so only backslashes need doubling.
    path = category_path(category).replace("\\", "\\\\")
    blocks = [[f"// question: 0  name: Switch category to {path}", f"$CATEGORY: {path}"]]
    blocks += [_question(n, q) for n, q in enumerate(prepared, start=1)]
    return "\n\n".join("\n".join(b) for b in blocks) + "\n\n"


def _comment(text: str) -> str:
    """A ``//`` comment line whose text cannot be read back as an ``[id:]`` or ``[tag:]``."""
    return "// " + one_line(text).replace("[", "(").replace("]", ")")


def _tag_token(kind: str, value: str) -> str:
    return f"[{kind}:" + value.replace("]", "\\]") + "]"


def _question(n: int, q: ExportQuestion) -> list[str]:
    lines = [f"// question: {n}  name: " + q.id.replace("[", "(").replace("]", ")"),
             "// " + " ".join([_tag_token("id", q.id)] + [_tag_token("tag", t) for t in q.tags]),
             _comment(f"criteria: {', '.join(q.criteria) or 'none'} (unit {q.unit})")]
    points = marking_points(q.rubric)
    if points:
        lines.append(_comment("marking points (share of the mark):"))
        lines += [_comment(f"- {p}") for p in points]
        lines.append(_comment(bands_sentence(q.rubric)))
    if q.hint:
        lines.append(_comment(f"hint given to learners in quizapp: {q.hint}"))
    # Question text and general feedback are HTML ([html]); the feedback has the same format as
    # the question text, so like Moodle we do not repeat the [html] marker after ####.
    lines.append(f"::{escape_gift(q.id)}::[html]{escape_gift(text_to_html(q.prompt))}"
                 f"{{####{escape_gift(text_to_html(q.model_answer))}}}")
    return lines
