"""What Moodle's importers read, re-expressed in Python for the subset our exports use.

Nothing here is Moodle code: these are small readers written from the behaviour of
moodle/moodle ``question/format/xml/format.php`` (``qformat_xml::readquestions()``,
``import_question()``, ``import_headers()``, ``import_essay()``, ``import_question_tags()``,
``import_category()``) and ``question/format/gift/format.php`` (``qformat_gift::readquestion()``,
``escapedchar_pre()``/``escapedchar_post()``, ``parse_text_with_format()``,
``extract_idnumber_and_tags_from_comment()``), so the tests can check our files against the
structure those importers expect. The fixtures in ``tests/data/moodle/`` are read with the same
readers, which checks the readers themselves against files Moodle wrote.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

MOODLE_DATA = Path(__file__).resolve().parent.parent / "data" / "moodle"
ESSAY_FIXTURE = MOODLE_DATA / "essay_testquestion.moodle.xml"
GIFT_FIXTURE = MOODLE_DATA / "questions.gift.txt"

# qformat_xml::trans_format(): the format names the importer knows (others: "assuming html").
TEXT_FORMATS = {"moodle_auto_format", "html", "plain_text", "wiki_like", "markdown"}
# qtype_essay response formats.
RESPONSE_FORMATS = {"editor", "editorfilepicker", "plain", "monospaced", "noinline"}


class ImportProblem(AssertionError):
    """Something Moodle's importer would reject, misread or silently default."""


# ------------------------------------------------------------------------------ Moodle XML


def _one(q: ET.Element, path: str, required: bool = False) -> ET.Element | None:
    """The element at ``path``. xmlize keeps every occurrence but the importer reads only
    index 0, so a repeated element would be silently half-ignored: reject it."""
    found = q.findall(path)
    if len(found) > 1:
        raise ImportProblem(f"{path}: appears {len(found)} times")
    if required and not found:
        raise ImportProblem(f"{path}: missing")
    return found[0] if found else None


def _getpath(q: ET.Element, path: str, default=None, istext: bool = False,
             required: bool = False):
    """Like qformat_xml::getpath(): the node's text (trimmed when ``istext``) or ``default``."""
    e = _one(q, path, required)
    if e is None:
        return default
    if len(e):
        raise ImportProblem(f"{path}: holds elements where a value is expected")
    value = e.text or ""
    return value.strip() if istext else value


def _text_with_format(q: ET.Element, path: str, default_format: str = "html") -> dict:
    """Like import_text_with_files(): ``<path format="..."><text>...</text></path>``."""
    e = _one(q, path)
    if e is None:
        return {"text": "", "format": default_format}
    fmt = e.get("format", default_format)
    if fmt not in TEXT_FORMATS:
        raise ImportProblem(f"{path}/@format: {fmt!r} is not a format Moodle knows")
    return {"text": _getpath(e, "text", "", istext=True), "format": fmt}


def _number(value, path: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ImportProblem(f"{path}: {value!r} is not a number") from None


def _import_headers(q: ET.Element) -> dict:
    name = _getpath(q, "name/text", istext=True)
    if not name:
        raise ImportProblem("name/text: missing (xmlimportnoname)")
    qt = _text_with_format(q, "questiontext")
    out = {
        "name": name,
        "questiontext": qt["text"], "questiontextformat": qt["format"],
        "idnumber": _getpath(q, "idnumber"),
        "defaultmark": _number(_getpath(q, "defaultgrade", "1"), "defaultgrade"),
        "penalty": _number(_getpath(q, "penalty", "0.3333333"), "penalty"),
        "hidden": _getpath(q, "hidden", "0"),
    }
    gf = _text_with_format(q, "generalfeedback", qt["format"])
    out["generalfeedback"], out["generalfeedbackformat"] = gf["text"], gf["format"]
    tags = _one(q, "tags")
    out["tags"] = [] if tags is None else [
        _getpath(t, "text", "", istext=True) for t in tags.findall("tag")]
    if tags is not None and len(tags.findall("tag")) != len(tags):
        raise ImportProblem("tags: holds something other than <tag>")
    return out


def _import_essay(q: ET.Element) -> dict:
    out = _import_headers(q) | {"qtype": "essay"}
    out["responseformat"] = _getpath(q, "responseformat", "editor")
    if out["responseformat"] not in RESPONSE_FORMATS:
        raise ImportProblem(f"responseformat: {out['responseformat']!r}")
    for key, default in (("responsefieldlines", "15"), ("responserequired", "1"),
                         ("attachments", "0"), ("attachmentsrequired", "0")):
        value = _getpath(q, key, default)
        if not re.fullmatch(r"-?\d+", value or ""):
            raise ImportProblem(f"{key}: {value!r} is not an integer")
        out[key] = int(value)
    for key in ("minwordlimit", "maxwordlimit", "maxbytes", "filetypeslist"):
        out[key] = _getpath(q, key)
    for key in ("minwordlimit", "maxwordlimit"):
        if out[key] and not out[key].isdigit():
            raise ImportProblem(f"{key}: {out[key]!r}")
    out["graderinfo"] = _text_with_format(q, "graderinfo", out["questiontextformat"])
    out["responsetemplate"] = _text_with_format(q, "responsetemplate",
                                                out["questiontextformat"])
    return out


def _import_category(q: ET.Element) -> dict:
    out = {"qtype": "category",
           "category": _getpath(q, "category/text", istext=True, required=True),
           "idnumber": _getpath(q, "idnumber")}
    if _one(q, "info") is not None:
        out["info"] = _text_with_format(q, "info", "moodle_auto_format")
    return out


def import_moodle_xml(text: str) -> list[dict]:
    """Read a Moodle XML file as qformat_xml::readquestions() does, for category and essay."""
    root = ET.fromstring(text.encode("utf-8"))
    if root.tag != "quiz":
        raise ImportProblem(f"root element is <{root.tag}>, not <quiz>")
    if [c for c in root if c.tag != "question"]:
        raise ImportProblem("<quiz> holds something other than <question>")
    out = []
    for q in root.findall("question"):
        qtype = q.get("type")
        if qtype == "category":
            out.append(_import_category(q))
        elif qtype == "essay":
            out.append(_import_essay(q))
        else:
            raise ImportProblem(f"question type {qtype!r} (xmltypeunsupported here)")
    return out


# ------------------------------------------------------------------------------------ GIFT

_PRE = [("\\:", "&&058;"), ("\\#", "&&035;"), ("\\=", "&&061;"), ("\\{", "&&123;"),
        ("\\}", "&&125;"), ("\\~", "&&126;"), ("\\n", "&&010")]
_POST = [(":", "&&058;"), ("#", "&&035;"), ("=", "&&061;"), ("{", "&&123;"), ("}", "&&125;"),
         ("~", "&&126;"), ("\n", "&&010")]
_ID_RE = re.compile(r"\[id:((?:\\]|[^\]\x00-\x1f\x7f])+)]")
_TAG_RE = re.compile(r"\[tag:((?:\\]|[^\]<>`\x00-\x1f\x7f])+)]")


def _escapedchar_pre(s: str) -> str:
    s = s.replace("\\\\", "&&092;")
    for seq, placeholder in _PRE:
        s = s.replace(seq, placeholder)
    return s.replace("&&092;", "\\")


def _escapedchar_post(s: str) -> str:
    for ch, placeholder in _POST:
        s = s.replace(placeholder, ch)
    return s


def _with_format(text: str, default: str = "moodle") -> dict:
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if text[1:end] in {"moodle", "html", "plain", "markdown"}:
            fmt, text = text[1:end], text[end + 1:]
    return {"text": _escapedchar_post(text).strip(), "format": fmt}


def parse_gift(text: str) -> list[dict]:
    """Read a GIFT file as Moodle does (blocks split at blank lines, ``//`` comment lines
    collected), for category switches and essay questions; other types are reported as such."""
    blocks, current = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip() == "":
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    out = []
    for lines in blocks:
        comments = "".join(ln.strip() + "\n" for ln in lines if ln.strip().startswith("//"))
        body = "\n".join(" " if ln.strip().startswith("//") else ln.strip() for ln in lines)
        body = body.strip()
        if not body:
            continue
        body = _escapedchar_pre(body)
        if body.startswith("$CATEGORY:"):
            out.append({"qtype": "category", "category": body[10:].strip()})
            continue
        q: dict = {"name": None}
        if body.startswith("::"):
            rest = body[2:]
            end = rest.find("::")
            if end >= 0:
                q["name"] = _escapedchar_post(rest[:end]).strip()
                body = rest[end + 2:].strip()
        start, finish = body.find("{"), body.find("}")
        if start < 0 or finish < 0:
            raise ImportProblem(f"no answer braces (or braceerror) in {body!r}")
        answer = body[start + 1:finish].strip()
        questiontext = body[:start] + body[finish + 1:] if body.endswith("}") \
            else body[:start] + "_____" + body[finish + 1:]
        gf = ""
        sep = answer.rfind("####")
        if sep >= 0:
            gf, answer = answer[sep + 4:], answer[:sep].strip()
        qt = _with_format(questiontext)
        q["questiontext"], q["questiontextformat"] = qt["text"], qt["format"]
        g = _with_format(gf, qt["format"])
        q["generalfeedback"], q["generalfeedbackformat"] = g["text"], g["format"]
        m = _ID_RE.search(comments)
        q["idnumber"] = m.group(1).strip().replace("\\]", "]") if m else ""
        q["tags"] = [t.strip().replace("\\]", "]") for t in _TAG_RE.findall(comments)]
        q["qtype"] = "essay" if answer == "" else "other"
        out.append(q)
    return out


# ------------------------------------------------------------------------------------ HTML


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.paragraphs = 0

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            if self.paragraphs:
                self.parts.append("\n\n")
            self.paragraphs += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """What a reader sees in an HTML fragment: text, ``<br>`` as a newline, paragraphs apart."""
    p = _TextOf()
    p.feed(fragment)
    p.close()
    return "".join(p.parts)


def as_displayed(text: str) -> str:
    """``text`` as it should read after export: control characters gone, blank lines between
    paragraphs, each line trimmed, runs of spaces as one (as HTML shows them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)  # not XML chars
    paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(
        "\n".join(re.sub(r"[ \t\f\v]+", " ", line.strip()) for line in p.strip().split("\n"))
        for p in paras)
