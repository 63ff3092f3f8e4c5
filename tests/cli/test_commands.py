"""The flask CLI: banks check/test/load, users create, demo."""

import shutil

import pytest
import yaml
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Question, User
from tests.conftest import TEST_BANKS


def test_banks_check_ok(runner):
    res = runner.invoke(args=["banks", "check"])
    assert res.exit_code == 0, res.output
    assert "OK: 1 qualifications, 4 criteria, 2 questions, 1 scenarios." in res.output


def test_banks_check_lists_rubric_warnings(runner, tmp_path):
    root = tmp_path / "b"
    shutil.copytree(TEST_BANKS, root)
    path = root / "TEST" / "U1.yaml"
    data = yaml.safe_load(path.read_text())
    data["questions"][0]["rubric"]["concepts"][0]["phrasings"].append("look at them")
    path.write_text(yaml.safe_dump(data))
    res = runner.invoke(args=["banks", "check", "--root", str(root)])
    assert res.exit_code == 0 and "1 rubric warning(s)" in res.output
    res = runner.invoke(args=["banks", "check", "--root", str(root), "--warnings"])
    assert "warning: TEST/U1.yaml: question TEST-Q.U1.q-listening: rubric:" in res.output


def test_banks_check_lists_problems_and_fails(runner, tmp_path):
    root = tmp_path / "b"
    shutil.copytree(TEST_BANKS, root)
    path = root / "TEST" / "U1.yaml"
    data = yaml.safe_load(path.read_text())
    data["questions"][0]["criteria"] = ["NOPE.1"]
    path.write_text(yaml.safe_dump(data))
    res = runner.invoke(args=["banks", "check", "--root", str(root)])
    assert res.exit_code == 1
    assert "TEST/U1.yaml: question TEST-Q.U1.q-listening: criteria[0]: unknown criterion 'NOPE.1'" in res.output


def test_banks_test_reports_misses(runner, tmp_path):
    res = runner.invoke(args=["banks", "test"])
    assert res.exit_code == 0, res.output
    assert "0 wrong" in res.output
    root = tmp_path / "b"
    shutil.copytree(TEST_BANKS, root)
    path = root / "TEST" / "U1.yaml"
    data = yaml.safe_load(path.read_text())
    data["questions"][0]["test_responses"].append({"text": "no idea", "band": "secure"})
    path.write_text(yaml.safe_dump(data))
    res = runner.invoke(args=["banks", "test", "--root", str(root)])
    assert res.exit_code == 1
    assert "MISS TEST/U1.yaml: question TEST-Q.U1.q-listening [curated]: expected secure, got not_yet" in res.output


def test_banks_load_is_idempotent(app, runner):
    first = runner.invoke(args=["banks", "load"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["banks", "load"])
    assert "0 added, 0 updated, 2 unchanged, 0 retired" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) == 2


def test_banks_load_updates_and_retires(app, runner, tmp_path):
    root = tmp_path / "b"
    shutil.copytree(TEST_BANKS, root)
    path = root / "TEST" / "U1.yaml"
    data = yaml.safe_load(path.read_text())
    data["questions"][0]["prompt"] = "Hearing or listening: what's the difference?"
    del data["questions"][1]
    path.write_text(yaml.safe_dump(data))
    try:
        res = runner.invoke(args=["banks", "load", "--root", str(root)])
        assert "0 added, 1 updated, 0 unchanged, 1 retired" in res.output, res.output
        with app.app_context():
            q = db.session.get(Question, "TEST-Q.U1.q-listening")
            assert q.prompt.startswith("Hearing or listening")
            assert db.session.get(Question, "TEST-Q.U1.q-angry").active is False
    finally:
        runner.invoke(args=["banks", "load"])  # put the fixture banks back
    with app.app_context():
        assert db.session.get(Question, "TEST-Q.U1.q-angry").active is True


def test_users_create(app, runner):
    res = runner.invoke(args=["users", "create", "tina", "--role", "tutor", "--password", "long-enough"])
    assert res.exit_code == 0, res.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "tina"))
        assert user.role == "tutor" and user.check_password("long-enough")
        assert user.password_hash != "long-enough"
    again = runner.invoke(args=["users", "create", "tina", "--password", "long-enough"])
    assert again.exit_code == 1 and "taken" in again.output
    short = runner.invoke(args=["users", "create", "tom", "--password", "short"])
    assert short.exit_code == 1 and "at least 10" in short.output


@pytest.mark.parametrize("demo, expected", [(True, 3), (False, 0)])
def test_demo_creates_accounts_unless_turned_off(app, runner, demo, expected):
    app.config["QUIZAPP_DEMO"] = demo
    try:
        res = runner.invoke(args=["demo"])
        assert res.exit_code == 0, res.output
    finally:
        app.config["QUIZAPP_DEMO"] = True
    with app.app_context():
        names = set(db.session.scalars(select(User.username)))
        assert len(names & {"demo-learner", "demo-tutor", "demo-assessor"}) == expected
        if expected:
            learner = db.session.scalar(select(User).where(User.username == "demo-learner"))
            assert learner.check_password("demo-pass") and learner.role == "learner"
