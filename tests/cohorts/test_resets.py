"""One-time password-reset links: who may issue one, and a link that works once."""

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User
from tests.cohorts.conftest import register
from tests.conftest import PASSWORD, csrf_from, web_login


def _lea_id(app):
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == "lea"))


def test_tutor_issues_a_link_the_learner_uses_once(app, client, cohort, tutor, api_token):
    register(client, cohort, "lea")
    lea = _lea_id(app)
    assert client.post(f"/api/v1/users/{lea}/reset-link",
                       headers=api_token("tutor2", "tutor")).status_code == 403
    assert client.post(f"/api/v1/users/{lea}/reset-link",
                       headers=api_token("lea2")).status_code == 403
    res = client.post(f"/api/v1/users/{lea}/reset-link", headers=tutor)
    assert res.status_code == 201 and "/reset/" in res.json["url"]
    path = "/reset/" + res.json["url"].rsplit("/reset/", 1)[1]
    page = client.get(path).get_data(as_text=True)
    assert "For the account <b>lea</b>" in page
    bad = client.post(path, data={"csrf_token": csrf_from(page), "password": "new-horse-1",
                                  "confirm": "different"})
    assert bad.status_code == 400 and "not the same" in bad.get_data(as_text=True)
    ok = client.post(path, data={"csrf_token": csrf_from(page), "password": "new-horse-1",
                                 "confirm": "new-horse-1"})
    assert ok.status_code == 302 and ok.headers["Location"].endswith("/login")
    assert client.get(path).status_code == 410  # once only
    login = client.post("/api/v1/auth/login", json={"username": "lea", "password": "new-horse-1"})
    assert login.status_code == 200


def test_a_new_link_replaces_the_old_and_admins_reset_anyone(app, client, cohort, tutor,
                                                             api_token):
    register(client, cohort, "lea")
    lea = _lea_id(app)
    first = client.post(f"/api/v1/users/{lea}/reset-link", headers=tutor).json["url"]
    second = client.post(f"/api/v1/users/{lea}/reset-link",
                         headers=api_token("root", "admin")).json["url"]
    assert client.get("/reset/" + first.rsplit("/reset/", 1)[1]).status_code == 410
    assert client.get("/reset/" + second.rsplit("/reset/", 1)[1]).status_code == 200


def test_the_tutor_page_shows_the_link_once(app, client, cohort):
    register(client, cohort, "lea")
    web_login(client, "tutor1")
    page = client.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    res = client.post(f"/tutor/cohorts/{cohort['id']}/learners/{_lea_id(app)}/reset-link",
                      data={"csrf_token": csrf_from(page)})
    html = res.get_data(as_text=True)
    assert res.status_code == 200 and "Password reset link for lea" in html
    assert re.search(r'<code id="reset-link">http://[^<]+/reset/[\w-]+</code>', html)


def test_a_reset_password_follows_the_rules_and_logs_out_everywhere(app, client, cohort, tutor):
    """Issue 18's password rules hold for a reset link too, and using it revokes the account's
    other logins: its browser sessions and API tokens."""
    register(client, cohort, "lea")
    learner_web = app.test_client()
    web_login(learner_web, "lea")
    assert learner_web.get("/progress").status_code == 200
    bearer = {"Authorization": "Bearer " + client.post(
        "/api/v1/auth/login", json={"username": "lea", "password": PASSWORD}).json["token"]}
    url = client.post(f"/api/v1/users/{_lea_id(app)}/reset-link", headers=tutor).json["url"]
    path = "/reset/" + url.rsplit("/reset/", 1)[1]
    assert client.get("/api/v1/me/progress", headers=bearer).status_code == 200
    browser = app.test_client()
    page = browser.get(path).get_data(as_text=True)
    weak = browser.post(path, data={"csrf_token": csrf_from(page), "password": "password123",
                                    "confirm": "password123"})
    assert "less common password" in weak.get_data(as_text=True)
    assert browser.get(path).status_code == 200  # the link still works
    ok = browser.post(path, data={"csrf_token": csrf_from(page), "password": "new-horse-1",
                                  "confirm": "new-horse-1"})
    assert ok.status_code == 302
    assert learner_web.get("/progress").status_code == 302  # back to the login page
    assert client.get("/api/v1/me/progress", headers=bearer).status_code == 401


def test_the_admin_page_makes_a_link_for_anyone_once(app, client, cohort, make_user):
    """An admin's accounts page: a confirmed "Make a reset link" per account (a learner in no
    cohort of theirs, or a tutor), shown once, through the same service; the link works."""
    register(client, cohort, "lea")
    make_user("root", "admin")
    web_login(client, "root")
    page = client.get("/admin/users").get_data(as_text=True)
    lea = _lea_id(app)
    assert f'action="/admin/users/{lea}/reset-link"' in page
    assert "Yes, make a reset link for lea" in page and "It works once, for 24 hours" in page
    res = client.post(f"/admin/users/{lea}/reset-link", data={"csrf_token": csrf_from(page)})
    html = res.get_data(as_text=True)
    assert res.status_code == 200 and "Password reset link for lea" in html
    assert 'href="/admin/users#accounts">Back to accounts' in html
    link = re.search(r'<code id="reset-link">http://[^<]+(/reset/[\w-]+)</code>', html).group(1)
    other = app.test_client()
    form = other.get(link).get_data(as_text=True)
    done = other.post(link, data={"csrf_token": csrf_from(form), "password": "new-horse-1",
                                  "confirm": "new-horse-1"})
    assert done.status_code == 302
    assert app.test_client().post("/api/v1/auth/login", json={  # no cookie: no CSRF
        "username": "lea", "password": "new-horse-1"}).status_code == 200
    with app.app_context():
        tutor_id = db.session.scalar(select(User.id).where(User.username == "tutor1"))
    again = client.post(f"/admin/users/{tutor_id}/reset-link", data={"csrf_token": csrf_from(page)})
    assert again.status_code == 200 and "Password reset link for tutor1" in again.get_data(
        as_text=True)
    assert client.post("/admin/users/999999/reset-link",
                       data={"csrf_token": csrf_from(page)}).status_code == 404


def test_only_admins_use_the_admin_reset_page(app, client, cohort):
    register(client, cohort, "lea")
    web_login(client, "tutor1")
    page = client.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    res = client.post(f"/admin/users/{_lea_id(app)}/reset-link", data={"csrf_token": csrf_from(page)})
    assert res.status_code == 403
