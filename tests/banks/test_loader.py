"""Bank loading and validation: every error names the file, the item and the field."""

import shutil
from pathlib import Path

import pytest
import yaml

from quizapp.banks import BankError, load_all
from tests.conftest import TEST_BANKS


@pytest.fixture
def banks(tmp_path):
    root = tmp_path / "banks"
    shutil.copytree(TEST_BANKS, root)
    return root


def edit(path: Path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def problems(root) -> list[str]:
    with pytest.raises(BankError) as info:
        load_all(root)
    return [str(p) for p in info.value.problems]


def test_fixture_banks_load(banks):
    cat = load_all(banks)
    assert {q.spec.id for q in cat.questions} == {"TEST-Q.U1.q-listening", "TEST-Q.U1.q-angry"}
    assert "TEST-Q.U1.a" in cat.criteria_ids()


def test_lexicon_references_are_inlined_for_storage(banks):
    cat = load_all(banks)
    angry = next(q for q in cat.questions if q.spec.id == "TEST-Q.U1.q-angry")
    calm = angry.stored_rubric["concepts"][0]
    assert "lexicon" not in calm
    assert "keep my cool" in calm["phrasings"] and "remain calm" in calm["phrasings"]


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["questions"][0].pop("prompt"),
     "TEST/U1.yaml: question TEST-Q.U1.q-listening: prompt: Field required"),
    (lambda d: d["questions"][1].update(criteria=["TEST-Q.U1.zz"]),
     "TEST/U1.yaml: question TEST-Q.U1.q-angry: criteria[0]: unknown criterion 'TEST-Q.U1.zz'"),
    (lambda d: d["questions"][1].update(id="TEST-Q.U1.q-listening"),
     "TEST/U1.yaml: question TEST-Q.U1.q-listening: id: duplicate ID"),
    (lambda d: d["questions"][0].update(status="finished"),
     "TEST/U1.yaml: question TEST-Q.U1.q-listening: status:"),
    (lambda d: d["questions"][0]["test_responses"][0].update(band="great"),
     "TEST/U1.yaml: question TEST-Q.U1.q-listening: test_responses[0].band:"),
    (lambda d: d["questions"][0]["rubric"]["concepts"][0].update(phrasings="one string"),
     "TEST/U1.yaml: question TEST-Q.U1.q-listening: rubric: concepts[0].phrasings"),
    (lambda d: d["questions"][1]["rubric"]["concepts"][0].update(lexicon=["no-such-entry"]),
     "TEST/U1.yaml: question TEST-Q.U1.q-angry: rubric: concepts[0].lexicon[0]"),
    (lambda d: d.update(unit="TEST-Q.U9"), "TEST/U1.yaml: unit: unknown unit 'TEST-Q.U9'"),
    (lambda d: d["questions"][0].update(colour="blue"),
     "TEST/U1.yaml: question TEST-Q.U1.q-listening: colour: Extra inputs are not permitted"),
])
def test_bank_errors_name_file_question_and_field(banks, change, expected):
    edit(banks / "TEST" / "U1.yaml", change)
    found = problems(banks)
    assert any(p.startswith(expected) for p in found), found


def test_spec_errors(banks):
    def change(d):
        d["units"][0]["criteria"].append(dict(d["units"][0]["criteria"][0]))  # duplicate ID
        d["units"][0]["criteria"][1]["outcome"] = "TEST-Q.U1.9"
        d["units"][0]["criteria"][2]["kind"] = "skill"
        d["qualification"]["rules"]["groups"][0]["units"].append("TEST-Q.U7")

    edit(banks / "specs" / "test.yaml", change)
    found = problems(banks)
    assert any("specs/test.yaml: unit TEST-Q.U1: criteria[2].kind" in p for p in found), found
    assert not any("unknown criterion" in p for p in found), found
    # fix the kind to see the cross-checks
    edit(banks / "specs" / "test.yaml", lambda d: d["units"][0]["criteria"][2].update(kind="knowledge"))
    found = problems(banks)
    assert any("criterion TEST-Q.U1.1.1: id: duplicate ID 'TEST-Q.U1.1.1'" in p for p in found), found
    assert any("criterion TEST-Q.U1.a: outcome: unknown outcome 'TEST-Q.U1.9'" in p for p in found)
    assert any("rules.groups[Mandatory]: unknown unit 'TEST-Q.U7'" in p for p in found)


def test_broken_yaml_names_the_line(banks):
    (banks / "TEST" / "U1.yaml").write_text("unit: TEST-Q.U1\nquestions:\n  - id: [unclosed\n")
    found = problems(banks)
    assert any(p.startswith("TEST/U1.yaml: line") and "not valid YAML" in p for p in found), found


def test_all_problems_are_reported_at_once(banks):
    def change(d):
        d["questions"][0].pop("model_answer")
        d["questions"][1]["criteria"] = ["nope"]

    edit(banks / "TEST" / "U1.yaml", change)
    assert len(problems(banks)) >= 2


def test_only_limits_the_bank_files(banks):
    (banks / "TEST" / "broken.yaml").write_text("unit: TEST-Q.U1\nquestions: nope\n")
    with pytest.raises(BankError):
        load_all(banks)
    cat = load_all(banks, only=[banks / "TEST" / "U1.yaml"])
    assert len(cat.questions) == 2


def test_missing_folder(tmp_path):
    with pytest.raises(BankError, match="not found"):
        load_all(tmp_path / "nowhere")
