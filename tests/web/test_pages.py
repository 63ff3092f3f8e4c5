"""Server-rendered pages: login (CSRF), home, chat shell, progress, headers."""

import re

import pytest

from tests.conftest import PASSWORD, csrf_from, web_login


@pytest.fixture
def logged_in(client, make_user):
    make_user("web")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    res = client.post("/login", data={"username": "web", "password": PASSWORD, "csrf_token": token})
    assert res.status_code == 302
    return client


def test_pages_need_login(client):
    res = client.get("/")
    assert res.status_code == 302 and "/login" in res.headers["Location"]


def test_login_without_csrf_is_refused(client, make_user):
    make_user("web")
    res = client.post("/login", data={"username": "web", "password": PASSWORD})
    assert res.status_code == 400
    cookie = client.get_cookie("session")
    assert "_user_id" not in (cookie.value if cookie else "")


def test_wrong_password_shows_a_clear_message(client, make_user):
    make_user("web")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    res = client.post("/login", data={"username": "web", "password": "nope", "csrf_token": token})
    assert res.status_code == 401
    assert "don&#39;t match" in res.get_data(as_text=True)


def test_login_does_not_redirect_off_site(client, make_user):
    make_user("web")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    res = client.post("/login?next=https://evil.example/", data={
        "username": "web", "password": PASSWORD, "csrf_token": token})
    assert res.headers["Location"] == "/"


def test_all_qualifications_page_lists_units_with_questions(logged_in):
    assert 'href="/all"' in logged_in.get("/").get_data(as_text=True)
    html = logged_in.get("/all").get_data(as_text=True)
    assert "Communicate with customers" in html
    assert "/practice/TEST-Q.U1" in html
    assert "Empty unit" not in html  # no questions yet


def test_chat_page_has_no_external_assets(logged_in):
    res = logged_in.get("/practice/TEST-Q.U1")
    html = res.get_data(as_text=True)
    assert res.status_code == 200
    assert 'name="viewport"' in html and "chat.js" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert logged_in.get("/practice/NOPE").status_code == 404


def test_progress_page_lists_criteria(logged_in):
    html = logged_in.get("/progress/TEST-Q.U1").get_data(as_text=True)
    assert "the difference between hearing and listening" in html.lower()
    assert "Not started" in html


def test_security_headers(client):
    res = client.get("/login")
    csp = res.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    cookie = res.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_are_secure_over_https_only(app, client, make_user):
    plain = app.test_client().get("/login").headers.get("Set-Cookie", "")
    assert "session=" in plain and "Secure" not in plain
    https = "https://localhost"
    page = client.get("/login", base_url=https)
    assert "Secure" in page.headers["Set-Cookie"]
    make_user("tls")
    res = client.post("/login", base_url=https, headers={"Referer": f"{https}/login"}, data={
        "username": "tls", "password": PASSWORD,
        "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert res.status_code == 302
    cookies = res.headers.getlist("Set-Cookie")
    assert {c.split("=")[0] for c in cookies} >= {"session", "remember_token"}
    assert all("Secure" in c and "HttpOnly" in c and "SameSite=Lax" in c for c in cookies)


def test_logout(logged_in):
    token = csrf_from(logged_in.get("/").get_data(as_text=True))
    assert logged_in.post("/logout", data={"csrf_token": token}).status_code == 302
    assert logged_in.get("/").status_code == 302


def test_healthz_checks_the_database(client):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}
    assert client.get("/healthz/live").json == {"status": "ok"}


def test_admin_creates_a_tutor_account(app, client, make_user):
    from sqlalchemy import select

    from quizapp.extensions import db
    from quizapp.models import User

    make_user("boss", "admin")
    web_login(client, "boss")
    page = client.get("/admin/users").get_data(as_text=True)
    res = client.post("/admin/users", data={"csrf_token": csrf_from(page), "username": "newtutor",
                                            "role": "tutor", "password": "a-good-password"})
    assert res.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "newtutor"))
        assert user.role == "tutor" and user.check_password("a-good-password")
    again = client.post("/admin/users", data={"csrf_token": csrf_from(page), "username": "newtutor",
                                              "role": "tutor", "password": "a-good-password"})
    assert "taken" in again.get_data(as_text=True)
