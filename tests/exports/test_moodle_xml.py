"""Moodle XML export, checked against what Moodle's importer reads and what its exporter writes.

References (moodle/moodle): ``question/format/xml/format.php`` (``qformat_xml::writequestion()``
for the elements and their order; ``readquestions()``, ``import_headers()``, ``import_essay()``,
``import_question_tags()``, ``import_category()`` for what is read back) and the real essay
export ``question/type/essay/tests/fixtures/testquestion.moodle.xml``, copied to
``tests/data/moodle/``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.banks import load_all
from quizapp.exports import ExportError, moodle_xml
from tests.exports.moodle_reference import (
    ESSAY_FIXTURE,
    ImportProblem,
    as_displayed,
    html_to_text,
    import_moodle_xml,
)
from tests.exports.samples import TRICKY_TEXTS, question, second_question

# Where our output may differ from the fixture's element list, and why. The fixture is an
# export from an older Moodle: the current writequestion() also writes
#   - <idnumber> after <hidden> in every question (Moodle 3.6+), and <info> and <idnumber> in a
#     category switch (3.6+; the fixture's category has <category> only);
#   - <tags>, only when the question has tags (the fixture's has none), after everything else.
# Nothing else may be added or missing, and the order must be the same.
VERSION_EXTRAS = {"essay": {"idnumber", "tags"}, "category": {"info", "idnumber"}}


def _questions(xml: str) -> list[ET.Element]:
    return ET.fromstring(xml.encode()).findall("question")


def _by_type(xml: str, qtype: str) -> list[ET.Element]:
    return [q for q in _questions(xml) if q.get("type") == qtype]


@pytest.fixture(scope="module")
def fixture_xml() -> str:
    return ESSAY_FIXTURE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ours() -> str:
    return moodle_xml([question(), second_question()], "ICS-L1 Unit 3")


# ------------------------------------------------------------- against the real Moodle export


def test_the_reference_reader_accepts_moodles_own_export(fixture_xml):
    cat, essay = import_moodle_xml(fixture_xml)
    assert cat == {"qtype": "category", "category": "$course$/Default for C1", "idnumber": None}
    assert essay["name"] == "essay-001" and essay["qtype"] == "essay"
    assert essay["questiontext"] == "Write an essay with 500 words."
    assert essay["responseformat"] == "editor" and essay["graderinfo"]["format"] == "html"


@pytest.mark.parametrize("qtype", ["category", "essay"])
def test_same_elements_in_the_same_order_as_moodles_export(fixture_xml, ours, qtype):
    (ref,) = _by_type(fixture_xml, qtype)
    for q in _by_type(ours, qtype):
        names = [c.tag for c in q]
        assert [n for n in names if n not in VERSION_EXTRAS[qtype]] == [c.tag for c in ref]
        # The extras sit where the current exporter writes them.
        if qtype == "essay":
            assert names[names.index("hidden") + 1] == "idnumber"
            assert names[-1] == "tags"
        else:
            assert names == ["category", "info", "idnumber"]


@pytest.mark.parametrize("qtype", ["category", "essay"])
def test_each_element_has_the_fixtures_shape(fixture_xml, ours, qtype):
    """Same attributes and same child elements (e.g. <questiontext format><text>) per element."""
    (ref,) = _by_type(fixture_xml, qtype)
    shape = {c.tag: (sorted(c.attrib), [g.tag for g in c]) for c in ref}
    for q in _by_type(ours, qtype):
        assert q.attrib == ref.attrib
        for c in q:
            if c.tag in shape:
                assert (sorted(c.attrib), [g.tag for g in c]) == shape[c.tag], c.tag


def test_essay_settings_match_moodles_typed_answer_defaults(fixture_xml, ours):
    (ref,) = _by_type(fixture_xml, "essay")
    for q in _by_type(ours, "essay"):
        for tag in ("responseformat", "responserequired", "attachments", "attachmentsrequired",
                    "maxbytes", "filetypeslist", "minwordlimit", "penalty", "hidden",
                    "defaultgrade"):
            assert (q.findtext(tag) or "") == (ref.findtext(tag) or ""), tag
        assert q.findtext("responsefieldlines") == "10"
        assert q.findtext("maxwordlimit") == ""  # no limit (the fixture sets 20)
        for tag in ("questiontext", "generalfeedback", "graderinfo", "responsetemplate"):
            assert q.find(tag).get("format") == "html"


def test_file_starts_like_moodles(ours, fixture_xml):
    assert ours.splitlines()[:2] == fixture_xml.splitlines()[:2]  # declaration, <quiz>
    assert ours.endswith("</quiz>\n")
    assert re.search(r"<!-- question: 1  -->\s*<question type=\"essay\">", ours)


# ------------------------------------------------------------------- what the importer reads


def test_importer_reads_every_field(ours):
    cat, q1, q2 = import_moodle_xml(ours)
    assert cat["qtype"] == "category" and cat["category"] == "$course$/ICS-L1 Unit 3"
    assert q1["qtype"] == "essay"
    assert q1["name"] == q1["idnumber"] == "ICS-L1.U3.q-hearing-listening"
    assert q2["idnumber"] == "ICS-L1.U3.q-angry"
    assert html_to_text(q1["questiontext"]) == question()["prompt"]
    assert q1["questiontextformat"] == q1["generalfeedbackformat"] == "html"
    assert html_to_text(q1["generalfeedback"]) == question()["model_answer"]
    assert (q1["defaultmark"], q1["penalty"], q1["hidden"]) == (1.0, 0.0, "0")
    assert (q1["responseformat"], q1["responserequired"], q1["responsefieldlines"]) == \
        ("editor", 1, 10)
    assert (q1["attachments"], q1["attachmentsrequired"]) == (0, 0)
    assert q1["minwordlimit"] == q1["maxwordlimit"] == ""  # word limits off
    assert q1["responsetemplate"] == {"text": "", "format": "html"}
    assert q1["tags"] == ["ICS-L1.U3.3a", "ICS-L1.U3"]
    assert q2["tags"] == ["ICS-L1.U3.3b", "ICS-L1.U3.3.1.4", "ICS-L1.U3"]


def test_grader_information_has_model_answer_and_rubric(ours):
    _, q1, q2 = import_moodle_xml(ours)
    info = html_to_text(q1["graderinfo"]["text"])
    assert q1["graderinfo"]["format"] == "html"
    assert question()["model_answer"] in info
    for line in [
        "- Hearing just happens: sound reaches your ears (22.2%, essential)",
        "- Listening means paying attention (22.2%)",
        "- Or you miss what they want (11.1%)",
        "- Ways to show you are listening: any 2 of these (44.4%)",
        "- Nod", "- Eye contact", "- Summarise",
        "- Arguing with the customer: minus 30% of the mark. "
        "Arguing makes an upset customer angrier.",
        "Criteria: ICS-L1.U3.3a (unit ICS-L1.U3)",
        "Hint given to learners in quizapp: Think about what your brain does",
        "secure from 75% of the mark, partly from 40%; pass from 75%",
        "Missing an essential point caps the band at partly.",
    ]:
        assert line in info
    info2 = html_to_text(q2["graderinfo"]["text"])
    assert "- Stay calm (100%)" in info2 and "Hint given" not in info2
    assert "Deduct" not in info2 and "essential" not in info2


def test_rubric_thresholds_and_pass_mark_are_reported():
    q = question(rubric={"thresholds": {"partly": 0.5, "secure": 0.8}, "pass": 0.6,
                         "concepts": [{"id": "a", "label": "A", "phrasings": ["a"]}]})
    (_, q1) = import_moodle_xml(moodle_xml([q], "c"))
    assert "secure from 80% of the mark, partly from 50%; pass from 60%." in \
        html_to_text(q1["graderinfo"]["text"])


def test_a_question_without_rubric_or_criteria_still_exports():
    q = question(rubric=None, criteria=[], hint="")
    (_, q1) = import_moodle_xml(moodle_xml([q], "c"))
    info = html_to_text(q1["graderinfo"]["text"])
    assert "Marking points" not in info and "Criteria: none (unit ICS-L1.U3)" in info
    assert q1["tags"] == ["ICS-L1.U3"]


def test_unit_export_from_the_bank_loader():
    """The dicts a unit export will build from loaded banks (lexicon inlined) export whole."""
    cat = load_all("tests/data/banks")
    qs = [lq.spec.model_dump(mode="json") | {"unit": lq.unit_id, "rubric": lq.stored_rubric}
          for lq in cat.questions]
    read = import_moodle_xml(moodle_xml(qs, ["quizapp", "TEST-Q.U1"]))
    assert read[0]["category"] == "$course$/quizapp/TEST-Q.U1"
    assert [q["idnumber"] for q in read[1:]] == [lq.spec.id for lq in cat.questions]
    for q, lq in zip(read[1:], cat.questions):
        assert q["tags"] == [*lq.spec.criteria, lq.unit_id]
        for c in lq.stored_rubric["concepts"]:
            assert c["label"] in html_to_text(q["graderinfo"]["text"])


def test_empty_list_gives_just_the_category():
    read = import_moodle_xml(moodle_xml([], "Empty"))
    assert read == [{"qtype": "category", "category": "$course$/Empty", "idnumber": "",
                     "info": {"text": "", "format": "html"}}]


# ------------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("name, text", TRICKY_TEXTS, ids=[c[0] for c in TRICKY_TEXTS])
def test_text_round_trips(name, text):
    q = question(prompt=text + " ?", model_answer=text + " !", hint=text,
                 rubric={"concepts": [{"id": "a", "label": text + " .", "phrasings": ["a"]}]})
    xml = moodle_xml([q], "c")
    (_, read) = import_moodle_xml(xml)
    assert html_to_text(read["questiontext"]) == as_displayed(text + " ?")
    assert html_to_text(read["generalfeedback"]) == as_displayed(text + " !")
    info = html_to_text(read["graderinfo"]["text"])
    assert " ".join(as_displayed(text + " .").split()) + " (100%)" in info


@pytest.mark.parametrize("value, cdata", [
    ("plain words", False),
    ("it's", False),  # ENT_COMPAT: single quotes are not escaped, so no CDATA
    ('say "hi"', True), ("a & b", True), ("a < b", True), ("a > b", True),
])
def test_cdata_exactly_where_moodle_uses_it(value, cdata):
    xml = moodle_xml([question()], value)
    raw = re.search(r"<category>\s*<text>(.*?)</text>", xml, re.S).group(1)
    assert raw.startswith("<![CDATA[") == cdata
    assert import_moodle_xml(xml)[0]["category"] == f"$course$/{value}"
    # Question text is HTML (it has <p>), so it is always in CDATA, as in Moodle's exports.
    assert re.search(r"<questiontext format=\"html\">\s*<text><!\[CDATA\[<p>", xml)


def test_cdata_end_in_text_is_split_across_sections():
    xml = moodle_xml([question()], "odd ]]> name & more")
    assert "<![CDATA[$course$/odd ]]]]><![CDATA[> name & more]]>" in xml
    assert import_moodle_xml(xml)[0]["category"] == "$course$/odd ]]> name & more"


@pytest.mark.parametrize("category, path", [
    ("Unit 3", "$course$/Unit 3"),
    (["quizapp", "ICS-L1", "Unit 3"], "$course$/quizapp/ICS-L1/Unit 3"),
    ("Customer / service", "$course$/Customer // service"),  # a / in a name is doubled
    ("/lead", "$course$/ //lead"),
    ("Two\nlines", "$course$/Two lines"),
])
def test_category_paths(category, path):
    assert import_moodle_xml(moodle_xml([], category))[0]["category"] == path


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_text_round_trips(text):
    if not as_displayed(text):
        return
    (_, read) = import_moodle_xml(moodle_xml([question(prompt=text)], "c"))
    assert html_to_text(read["questiontext"]) == as_displayed(text)


# ------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("change, message", [
    ({"id": ""}, "questions[0]: id: must be non-empty text"),
    ({"prompt": "  "}, "question 'ICS-L1.U3.q-hearing-listening': prompt: must be non-empty"),
    ({"model_answer": None}, "model_answer: must be non-empty text"),
    ({"unit": 3}, "unit: must be non-empty text"),
    ({"criteria": "ICS-L1.U3.3a"}, "criteria: must be a list of criterion IDs"),
    ({"rubric": ["x"]}, "rubric: must be a dict"),
    ({"hint": 5}, "hint: must be text or None"),
    ({"id": "U.q-" + "x" * 97}, "id: longer than the 100 characters Moodle allows"),
])
def test_malformed_questions_are_named(change, message):
    with pytest.raises(ExportError, match=re.escape(message)):
        moodle_xml([question(**change)], "c")


def test_duplicate_ids_are_refused():
    with pytest.raises(ExportError, match="duplicate"):
        moodle_xml([question(), question()], "c")


@pytest.mark.parametrize("category", ["", [], ["ok", " "], None])
def test_category_is_required(category):
    with pytest.raises(ExportError, match="category"):
        moodle_xml([question()], category)


def test_reference_reader_rejects_what_moodle_would_not_read():
    """The checker itself: it catches a missing name and a repeated element."""
    bad = '<quiz><question type="essay"><questiontext format="html"><text>x</text>' \
          '</questiontext></question></quiz>'
    with pytest.raises(ImportProblem, match="name/text"):
        import_moodle_xml(bad)
    twice = '<quiz><question type="essay"><name><text>a</text></name>' \
            '<name><text>b</text></name></question></quiz>'
    with pytest.raises(ImportProblem, match="appears 2 times"):
        import_moodle_xml(twice)
