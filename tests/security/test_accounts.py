"""Names and passwords (finding 6 of issue 18): NIST 800-63B passwords wherever a person sets
one, usernames normalised and unique whatever their case, with no control, direction or
invisible characters; a registration race is a 409, and no password hash reaches a log."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.services import users
from tests.conftest import PASSWORD
from tests.web.test_pages import csrf_from


@pytest.fixture
def join_code(client, make_user):
    make_user("tutor1", "tutor")
    token = client.post("/api/v1/auth/login",
                        json={"username": "tutor1", "password": PASSWORD}).json
    return client.post("/api/v1/cohorts", json={"name": "C", "qualification": "TEST-Q"},
                       headers={"Authorization": f"Bearer {token['token']}"}).json["join_code"]


def _register(client, code, username, password=PASSWORD):
    return client.post("/api/v1/auth/register", json={
        "username": username, "password": password, "join_code": code})


@pytest.mark.parametrize("password, message", [
    ("12345678", "at least 10"), ("        ", "at least 10"), ("1234567890", "less common"),
    ("password123", "less common"), ("          ", "less common"), ("qwertyuiop", "less common"),
    ("learner-one", "can't be your username"), ("LEARNER-ONE", "can't be your username"),
])
def test_weak_passwords_are_refused_at_registration(client, join_code, password, message):
    res = _register(client, join_code, "learner-one", password)
    assert res.status_code == 400
    assert message in res.json["error"]["message"]


def test_every_way_of_setting_a_password_checks_it(app, client, runner, join_code, make_user):
    web = app.test_client()
    token = csrf_from(web.get("/register").get_data(as_text=True))
    page = web.post("/register", data={"username": "webby", "password": "1234567890",
                                       "join_code": join_code, "csrf_token": token})
    assert page.status_code == 400 and "less common" in page.get_data(as_text=True)
    cli = runner.invoke(args=["users", "create", "tom", "--password", "password123"])
    assert cli.exit_code == 1 and "less common" in cli.output
    make_user("ann")
    bearer = client.post("/api/v1/auth/login", json={"username": "ann", "password": PASSWORD}).json
    res = client.post("/api/v1/me/password", json={"current_password": PASSWORD,
                                                   "new_password": "iloveyou12"},
                      headers={"Authorization": f"Bearer {bearer['token']}"})
    assert res.status_code == 400 and "less common" in res.json["error"]["message"]


def test_only_the_demo_command_keeps_the_short_demo_password(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert users.authenticate("demo-learner", "demo-pass") is not None
        with pytest.raises(Exception, match="at least 10"):
            users.create_user("someone", "demo-pass")


def test_usernames_differing_only_by_case_or_width_are_one(app, client, join_code):
    assert _register(client, join_code, "Ann").status_code == 201
    for same in ("ann", "ANN", "\uff21nn"):  # fullwidth A: NFKC makes it plain A
        res = _register(client, join_code, same)
        assert res.status_code == 409, same
    # and logging in takes any case
    assert client.post("/api/v1/auth/login", json={"username": "aNN", "password": PASSWORD}
                       ).json["user"]["username"] == "Ann"


@pytest.mark.parametrize("name", ["ann\u202egpj.exe", "a\u200bnn", "tab\there", "zero\ufeffwidth",
                                  "line\u2028break", "nul\x01"])
def test_usernames_with_hidden_characters_are_refused(client, join_code, name):
    res = _register(client, join_code, name)
    assert res.status_code == 400
    assert "invisible" in res.json["error"]["message"]


def test_a_registration_race_is_a_409(app, client, join_code, monkeypatch):
    assert _register(client, join_code, "racer").status_code == 201
    # the other request checked before this one committed: only the unique index sees it
    monkeypatch.setattr(users, "get_by_username", lambda name: None)
    res = _register(client, join_code, "Racer")
    assert res.status_code == 409 and "taken" in res.json["error"]["message"]


def test_database_errors_never_carry_the_values(app):
    with app.app_context():
        db.session.execute(text("INSERT INTO users (username, password_hash, role, created_at) "
                                "VALUES ('dup', 'x', 'learner', '2026-01-01')"))
        with pytest.raises(IntegrityError) as caught:
            db.session.execute(text(
                "INSERT INTO users (username, password_hash, role, created_at) "
                "VALUES (:name, :hash, 'learner', '2026-01-01')"),
                {"name": "DUP", "hash": "scrypt:secret-hash-value"})
        db.session.rollback()
    assert "secret-hash-value" not in str(caught.value)
