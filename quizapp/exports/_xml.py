"""Moodle XML export: each question as Moodle's essay type, in the shape Moodle's exporter writes.

The element names and their order follow ``qformat_xml::writequestion()`` in Moodle's
``question/format/xml/format.php`` (Moodle 4.x/5.x): for every question ``name``,
``questiontext``, ``generalfeedback``, ``defaultgrade``, ``penalty``, ``hidden``, ``idnumber``;
then for an essay ``responseformat`` .. ``responsetemplate``; then ``tags``. Text goes in
``<text>``, wrapped in CDATA exactly when Moodle's ``xml_escape()`` would (the text contains
``&``, ``<``, ``>`` or ``"``), with ``]]>`` split across two sections as Moodle does.

The document is built with ``xml.dom.minidom`` (the standard library's DOM, which, unlike
ElementTree, can write CDATA sections), never by joining strings of markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from xml.dom import minidom

from ._common import ExportQuestion, category_path, clean_text, grader_info_html, prepare, \
    text_to_html

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
_NEEDS_CDATA = set('&<>"')  # what PHP's htmlspecialchars(ENT_COMPAT) changes


def moodle_xml(questions: Sequence[Mapping[str, Any]], category: str | Sequence[str], *,
               default_grade: float = 1.0, category_info: str = "") -> str:
    """A Moodle XML question file: a category switch, then each question as an essay question.

    ``questions`` are question dicts (see :mod:`quizapp.exports`); ``category`` is the Moodle
    question category to import into: a name, or a list of names from parent to child.
    ``default_grade`` is each question's default mark in Moodle. Raises
    :class:`~quizapp.exports.ExportError` for a malformed question.
    """
    prepared = prepare(questions)
    doc = minidom.getDOMImplementation().createDocument(None, "quiz", None)
    try:
        quiz = doc.documentElement
        assert quiz is not None  # createDocument made it
        w = _Writer(doc)
        quiz.appendChild(doc.createComment(" question: 0  "))
        quiz.appendChild(w.category(category_path(category), clean_text(category_info).strip()))
        for n, q in enumerate(prepared, start=1):
            quiz.appendChild(doc.createComment(f" question: {n}  "))
            quiz.appendChild(w.essay(q, default_grade))
        _indent(quiz)
        return f"{XML_DECLARATION}\n{quiz.toxml()}\n"
    finally:
        doc.unlink()


class _Writer:
    def __init__(self, doc: minidom.Document) -> None:
        self.doc = doc

    def el(self, tag: str, value: str | None = None, **attrs: str) -> minidom.Element:
        """``<tag attrs>value</tag>``; an empty value is written ``<tag></tag>`` as Moodle does."""
        e = self.doc.createElement(tag)
        for k, v in attrs.items():
            e.setAttribute(k, v)
        if value is not None:
            e.appendChild(self.doc.createTextNode(value))
        return e

    def text(self, value: str) -> minidom.Element:
        """``<text>`` holding ``value``, as Moodle's ``writetext()``/``xml_escape()``."""
        e = self.doc.createElement("text")
        if value and _NEEDS_CDATA & set(value):
            pieces = value.split("]]>")
            for i, piece in enumerate(pieces):
                data = (">" if i else "") + piece + ("]]" if i < len(pieces) - 1 else "")
                e.appendChild(self.doc.createCDATASection(data))
        else:
            e.appendChild(self.doc.createTextNode(value))
        return e

    def with_text(self, tag: str, value: str, fmt: str | None = None) -> minidom.Element:
        e = self.el(tag, format=fmt) if fmt else self.el(tag)
        e.appendChild(self.text(value))
        return e

    def category(self, path: str, info: str) -> minidom.Element:
        q = self.el("question", type="category")
        q.appendChild(self.with_text("category", path))
        q.appendChild(self.with_text("info", text_to_html(info), "html"))
        q.appendChild(self.el("idnumber", ""))
        return q

    def essay(self, q: ExportQuestion, default_grade: float) -> minidom.Element:
        e = self.el("question", type="essay")
        model = text_to_html(q.model_answer)
        for child in (
            self.with_text("name", q.id),
            self.with_text("questiontext", text_to_html(q.prompt), "html"),
            self.with_text("generalfeedback", model, "html"),
            self.el("defaultgrade", f"{float(default_grade):.7f}"),
            self.el("penalty", f"{0:.7f}"),
            self.el("hidden", "0"),
            self.el("idnumber", q.id),
            # Essay options, as qtype_essay's defaults for a typed answer with no files.
            self.el("responseformat", "editor"),
            self.el("responserequired", "1"),
            self.el("responsefieldlines", "10"),
            self.el("minwordlimit", ""),
            self.el("maxwordlimit", ""),
            self.el("attachments", "0"),
            self.el("attachmentsrequired", "0"),
            self.el("maxbytes", "0"),
            self.el("filetypeslist", ""),
            self.with_text("graderinfo", grader_info_html(q), "html"),
            self.with_text("responsetemplate", "", "html"),
        ):
            e.appendChild(child)
        tags = self.el("tags")
        for t in q.tags:
            tag = self.el("tag")
            tag.appendChild(self.text(t))
            tags.appendChild(tag)
        e.appendChild(tags)
        return e


def _indent(node: minidom.Element, level: int = 0) -> None:
    """Indent by two spaces per level, as Moodle's files are, adding whitespace only between
    elements: an element holding text or CDATA is left exactly as it is."""
    kids = [k for k in node.childNodes if k.nodeType in (k.ELEMENT_NODE, k.COMMENT_NODE)]
    if not kids or len(kids) != len(node.childNodes):
        return
    doc = node.ownerDocument
    assert doc is not None  # an element of a document
    inner = "\n" + "  " * (level + 1)
    for k in kids:
        node.insertBefore(doc.createTextNode(inner), k)
        if k.nodeType == k.ELEMENT_NODE:
            _indent(k, level + 1)
    node.appendChild(doc.createTextNode("\n" + "  " * level))
