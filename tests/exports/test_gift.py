"""GIFT export, read back with a reader that follows Moodle's GIFT importer.

References (moodle/moodle): ``question/format/gift/format.php`` (``qformat_gift::repchar()`` and
``writequestion()`` for what is written; ``readquestion()``, ``escapedchar_pre()``/``_post()``,
``extract_idnumber_and_tags_from_comment()`` for what is read) and the fixture
``question/format/gift/tests/fixtures/questions.gift.txt``, copied to ``tests/data/moodle/``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.exports import ExportError, gift
from quizapp.exports._gift import escape_gift
from tests.exports.moodle_reference import GIFT_FIXTURE, as_displayed, html_to_text, parse_gift
from tests.exports.samples import TRICKY_TEXTS, question, second_question


@pytest.fixture(scope="module")
def ours() -> str:
    return gift([question(), second_question()], "ICS-L1 Unit 3")


def test_the_reader_reads_moodles_essay_fixture():
    read = parse_gift(GIFT_FIXTURE.read_text(encoding="utf-8"))
    essay = read[0]
    assert essay["name"] == "Q8" and essay["questiontext"] == "How are you?"
    assert essay["qtype"] == "essay" and essay["questiontextformat"] == "moodle"
    assert essay["generalfeedback"] == ""
    assert all(q["qtype"] == "other" for q in read[1:])  # the other types, not essays
    tf = read[-3]
    assert tf["generalfeedback"] == "This is, of course, a Hitchiker's Guide to the Galaxy " \
        "reference."


@pytest.mark.parametrize("text, escaped", [
    ("plain", "plain"),
    ("a:b", "a\\:b"),
    ("{x}", "\\{x\\}"),
    ("#=~", "\\#\\=\\~"),
    ("back\\slash", "back\\\\slash"),
    ("\\:", "\\\\\\:"),
    ("line\nbreak", "line\\nbreak"),
    ("crlf\r\n", "crlf\\n"),
    ("<p>&amp;</p>", "<p>&amp;</p>"),  # HTML is not GIFT-special
])
def test_escaping_matches_moodles_repchar(text, escaped):
    assert escape_gift(text) == escaped


def test_layout_matches_moodles_export(ours):
    blocks = ours.split("\n\n")
    assert blocks[0] == ("// question: 0  name: Switch category to $course$/ICS-L1 Unit 3\n"
                         "$CATEGORY: $course$/ICS-L1 Unit 3")
    first = blocks[1].split("\n")
    assert first[0] == "// question: 1  name: ICS-L1.U3.q-hearing-listening"
    assert first[1] == "// [id:ICS-L1.U3.q-hearing-listening] [tag:ICS-L1.U3.3a] [tag:ICS-L1.U3]"
    assert first[-1] == (
        "::ICS-L1.U3.q-hearing-listening::[html]<p>What is the difference between hearing and "
        "listening?</p>{####<p>Hearing just happens\\: sound reaches your ears without you "
        "trying. Listening means you choose to pay attention.</p>}")
    assert all(line.startswith("//") for line in first[:-1])
    assert ours.endswith("}\n\n") and len(blocks) == 4 and blocks[3] == ""


def test_comments_carry_criteria_and_marking_points(ours):
    block = ours.split("\n\n")[1]
    for line in [
        "// criteria: ICS-L1.U3.3a (unit ICS-L1.U3)",
        "// marking points (share of the mark):",
        "// - Hearing just happens: sound reaches your ears (22.2%, essential)",
        "// - Ways to show you are listening: any 2 of these (44.4%): Nod; Eye contact; Summarise",
        "// - Deduct: Arguing with the customer: minus 30% of the mark. Arguing makes an upset "
        "customer angrier.",
        "// hint given to learners in quizapp: Think about what your brain does, not just your "
        "ears.",
    ]:
        assert line in block.split("\n")


def test_importer_reads_category_essays_ids_and_tags(ours):
    cat, q1, q2 = parse_gift(ours)
    assert cat == {"qtype": "category", "category": "$course$/ICS-L1 Unit 3"}
    assert q1["qtype"] == q2["qtype"] == "essay"
    assert q1["name"] == q1["idnumber"] == "ICS-L1.U3.q-hearing-listening"
    assert q1["questiontextformat"] == q1["generalfeedbackformat"] == "html"
    assert html_to_text(q1["questiontext"]) == question()["prompt"]
    assert html_to_text(q1["generalfeedback"]) == question()["model_answer"]
    assert q1["tags"] == ["ICS-L1.U3.3a", "ICS-L1.U3"]
    assert q2["tags"] == ["ICS-L1.U3.3b", "ICS-L1.U3.3.1.4", "ICS-L1.U3"]
    assert q2["idnumber"] == "ICS-L1.U3.q-angry"


@pytest.mark.parametrize("name, text", TRICKY_TEXTS, ids=[c[0] for c in TRICKY_TEXTS])
def test_text_round_trips(name, text):
    q = question(prompt=text + " ?", model_answer=text + " !", hint=text,
                 rubric={"concepts": [{"id": "a", "label": text, "phrasings": ["a"]}],
                         "negatives": [{"id": "n", "label": text, "phrasings": ["n"],
                                        "penalty": 0.1, "reason": text}]})
    out = gift([q], "c")
    _, read = parse_gift(out)
    assert html_to_text(read["questiontext"]) == as_displayed(text + " ?")
    assert html_to_text(read["generalfeedback"]) == as_displayed(text + " !")
    assert read["qtype"] == "essay" and read["name"] == q["id"]
    # Free text in comments cannot add tags or change the ID number.
    assert read["idnumber"] == q["id"] and read["tags"] == ["ICS-L1.U3.3a", "ICS-L1.U3"]
    # Each question stays one block: no blank line inside it.
    assert len(out.strip().split("\n\n")) == 2


@pytest.mark.parametrize("category, path", [
    ("Unit 3", "$course$/Unit 3"),
    (["quizapp", "ICS-L1", "Unit 3"], "$course$/quizapp/ICS-L1/Unit 3"),
    (["a/b", "c"], "$course$/a//b/c"),  # a / in a name is doubled, as in Moodle's paths
    ("Ratio 1:2 {x} #3 ~ =", "$course$/Ratio 1:2 {x} #3 ~ ="),  # not unescaped on import
    ("C:\\temp\\ \\: \\\\", "$course$/C:\\temp\\ \\: \\\\"),  # backslashes survive
    ("Two\nlines", "$course$/Two lines"),
])
def test_category_paths(category, path):
    assert parse_gift(gift([], category))[0]["category"] == path


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_text_round_trips(text):
    if not as_displayed(text):
        return
    (_, read) = parse_gift(gift([question(prompt=text, model_answer=text)], "c"))
    assert html_to_text(read["questiontext"]) == as_displayed(text)
    assert html_to_text(read["generalfeedback"]) == as_displayed(text)


def test_malformed_question_is_named():
    with pytest.raises(ExportError, match="question 'ICS-L1.U3.q-hearing-listening': prompt"):
        gift([question(prompt="")], "c")
