"""Join codes and registration (finding 4 of issue 18): wrong codes and new accounts are
rate-limited (per address, and wrong codes per account too), tutors can change a cohort's code,
and a removed learner can't rejoin by code until a tutor lets them back."""

import pytest
from sqlalchemy import select

from quizapp import config
from quizapp.extensions import db, limiter
from quizapp.models import CohortMember, User
from tests.conftest import PASSWORD, login, web_login
from tests.web.test_pages import csrf_from


@pytest.fixture
def limits(app):
    """Set some limits for one test; the counts start from nothing."""
    names = ("JOIN_LIMIT_PER_ADDRESS", "JOIN_LIMIT_PER_ACCOUNT", "REGISTER_LIMIT_PER_ADDRESS")
    old = {name: app.config[name] for name in names}

    def set_limits(**values):
        app.config.update(values)
        limiter.reset()

    yield set_limits
    app.config.update(old)
    limiter.reset()


@pytest.fixture
def cohort(client, make_user):
    make_user("tutor1", "tutor")
    tutor = login(client, "tutor1")
    made = client.post("/api/v1/cohorts", json={"name": "C", "qualification": "TEST-Q"},
                       headers=tutor).json
    return {**made, "tutor": tutor}


def _join(client, headers, code):
    return client.post("/api/v1/cohorts/join", json={"code": code}, headers=headers).status_code


def test_wrong_join_codes_are_limited_per_account(client, make_user, cohort, limits):
    limits(JOIN_LIMIT_PER_ACCOUNT="3 per 10 minutes")
    make_user("ann"), make_user("bob")
    ann, bob = login(client, "ann"), login(client, "bob")
    assert [_join(client, ann, f"WRONG{i}") for i in range(4)] == [404, 404, 404, 429]
    assert _join(client, bob, "WRONG9") == 404  # another account is not held up


def test_wrong_join_codes_are_limited_per_address(client, make_user, cohort, limits):
    limits(JOIN_LIMIT_PER_ADDRESS="3 per 10 minutes")
    for name in ("ann", "bob"):
        make_user(name)
    ann, bob = login(client, "ann"), login(client, "bob")
    codes = [_join(client, ann, "WRONG1"), _join(client, bob, "WRONG2"),
             _join(client, ann, "WRONG3"), _join(client, bob, "WRONG4")]
    assert codes == [404, 404, 404, 429]
    # registering with a guessed code counts against the same address
    res = client.post("/api/v1/auth/register", json={
        "username": "carl", "password": PASSWORD, "join_code": "WRONG5"})
    assert res.status_code == 429


def test_right_join_codes_do_not_count(client, make_user, cohort, limits):
    limits(JOIN_LIMIT_PER_ADDRESS="2 per 10 minutes", JOIN_LIMIT_PER_ACCOUNT="2 per 10 minutes")
    make_user("ann")
    ann = login(client, "ann")
    assert [_join(client, ann, cohort["join_code"]) for _ in range(5)] == [200] * 5


def test_the_join_form_is_limited_too(client, make_user, cohort, limits):
    limits(JOIN_LIMIT_PER_ACCOUNT="2 per 10 minutes")
    make_user("ann")
    web_login(client, "ann")
    token = csrf_from(client.get("/").get_data(as_text=True))
    codes = [client.post("/", data={"code": f"WRONG{i}", "csrf_token": token}).status_code
             for i in range(3)]
    assert codes == [404, 404, 429]


def test_registration_is_limited_per_address(client, cohort, limits):
    limits(REGISTER_LIMIT_PER_ADDRESS="3 per hour")
    codes = [client.post("/api/v1/auth/register", json={
        "username": f"new{i}", "password": PASSWORD, "join_code": cohort["join_code"]}).status_code
        for i in range(4)]
    assert codes == [201, 201, 201, 429]
    token = csrf_from(client.get("/register").get_data(as_text=True))
    page = client.post("/register", data={"username": "new9", "password": PASSWORD,
                                          "join_code": cohort["join_code"], "csrf_token": token})
    assert page.status_code == 429


def test_the_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("JOIN_LIMIT_PER_ADDRESS", "500 per minute")
    monkeypatch.setenv("REGISTER_LIMIT_PER_ADDRESS", "1000 per hour")
    settings = config.from_environment("/tmp")
    assert settings["JOIN_LIMIT_PER_ADDRESS"] == "500 per minute"
    assert settings["REGISTER_LIMIT_PER_ADDRESS"] == "1000 per hour"
    monkeypatch.delenv("JOIN_LIMIT_PER_ADDRESS")
    monkeypatch.delenv("REGISTER_LIMIT_PER_ADDRESS")
    settings = config.from_environment("/tmp")
    assert settings["JOIN_LIMIT_PER_ADDRESS"] == "20 per 10 minutes"
    assert settings["REGISTER_LIMIT_PER_ADDRESS"] == "60 per hour"


def test_a_tutor_can_change_the_code(client, make_user, cohort):
    make_user("ann")
    ann = login(client, "ann")
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/code", headers=cohort["tutor"])
    assert res.status_code == 200
    new = res.json["join_code"]
    assert new != cohort["join_code"]
    assert _join(client, ann, cohort["join_code"]) == 404
    assert _join(client, ann, new) == 200
    # another learner can't change it
    assert client.post(f"/api/v1/cohorts/{cohort['id']}/code", headers=ann).status_code == 403


def test_the_tutor_page_has_a_new_code_button(app, client, cohort):
    web = app.test_client()
    web_login(web, "tutor1")
    page = web.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    assert "New join code" in page and cohort["join_code"] in page
    res = web.post(f"/tutor/cohorts/{cohort['id']}/code", data={"csrf_token": csrf_from(page)})
    assert res.status_code == 302
    page = web.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    assert cohort["join_code"] not in page and "the old one no longer works" in page


def test_a_removed_learner_cannot_rejoin_until_let_back(app, client, make_user, cohort):
    ann_id = make_user("ann")
    ann = login(client, "ann")
    assert _join(client, ann, cohort["join_code"]) == 200
    url = f"/api/v1/cohorts/{cohort['id']}/learners/{ann_id}"
    assert client.delete(url, headers=cohort["tutor"]).status_code == 204
    res = client.post("/api/v1/cohorts/join", json={"code": cohort["join_code"]}, headers=ann)
    assert res.status_code == 403 and "let you back" in res.json["error"]["message"]

    web = app.test_client()
    web_login(web, "tutor1")
    page = web.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    assert "Removed (1)" in page and "Let back in" in page
    res = web.post(f"/tutor/cohorts/{cohort['id']}/learners/{ann_id}/readmit",
                   data={"csrf_token": csrf_from(page)})
    assert res.status_code == 302
    with app.app_context():
        member = db.session.scalar(select(CohortMember).where(
            CohortMember.cohort_id == cohort["id"], CohortMember.user_id == ann_id))
        assert member is not None and member.role == "learner"
    # removed again, and let back through the API this time
    assert client.delete(url, headers=cohort["tutor"]).status_code == 204
    assert _join(client, ann, cohort["join_code"]) == 403
    assert client.post(url + "/readmit", headers=cohort["tutor"]).status_code == 204
    assert _join(client, ann, cohort["join_code"]) == 200


def test_only_removed_learners_can_be_let_back(client, make_user, cohort):
    other = make_user("stranger")
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/learners/{other}/readmit",
                      headers=cohort["tutor"])
    assert res.status_code == 404  # a tutor can't pull any learner into their cohort
    with client.application.app_context():
        assert db.session.scalar(select(CohortMember).where(
            CohortMember.user_id == other)) is None
        assert db.session.get(User, other) is not None
