"""Sessions that can be revoked (finding 2 of issue 18): logging out, logging out everywhere,
an API logout and a password change each stop the credentials they should; the remember-me
cookie is random per login and stored hashed; the CSRF token changes at login."""

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ApiToken
from tests.conftest import PASSWORD
from tests.web.test_pages import csrf_from

NEW_PASSWORD = "a-new-long-passphrase"


def _web_login(client, username="ann", password=PASSWORD):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    res = client.post("/login", data={"username": username, "password": password,
                                      "csrf_token": token})
    assert res.status_code == 302, res.status_code
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")}


def _browser(app, cookies: dict):
    """Another browser holding copies of the cookies."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def _signed_in(client) -> bool:
    return client.get("/progress").status_code == 200


def _csrf(client) -> str:
    return csrf_from(client.get("/account/password").get_data(as_text=True))


def _bearer(client, username="ann", password=PASSWORD):
    res = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    return {"Authorization": f"Bearer {res.json['token']}"}


def test_logout_revokes_the_session_and_remember_me_cookies(app, client, make_user):
    make_user("ann")
    cookies = _web_login(client)
    assert _signed_in(_browser(app, cookies))
    assert _signed_in(_browser(app, {"remember_token": cookies["remember_token"]}))
    client.post("/logout", data={"csrf_token": _csrf(client)})
    assert not _signed_in(_browser(app, cookies))
    assert not _signed_in(_browser(app, {"remember_token": cookies["remember_token"]}))


def test_remember_me_is_random_per_login_and_stored_hashed(app, make_user):
    make_user("ann")
    first = _web_login(app.test_client())["remember_token"]
    second = _web_login(app.test_client())["remember_token"]
    assert first != second
    with app.app_context():
        stored = db.session.scalars(select(ApiToken.token_hash).where(ApiToken.kind == "login"))
        stored = list(stored)
    assert len(stored) == 2
    assert not any(h in first or h in second for h in stored)


def test_logging_out_one_browser_leaves_the_others(app, make_user):
    make_user("ann")
    phone, laptop = app.test_client(), app.test_client()
    _web_login(phone), _web_login(laptop)
    phone.post("/logout", data={"csrf_token": _csrf(phone)})
    assert not _signed_in(phone) and _signed_in(laptop)


def test_logout_everywhere_stops_every_browser_and_api_token(app, client, make_user):
    make_user("ann")
    laptop = app.test_client()
    _web_login(laptop)
    bearer = _bearer(client)
    cookies = _web_login(client)
    res = client.post("/logout/everywhere", data={"csrf_token": _csrf(client)})
    assert res.status_code == 302
    assert not _signed_in(laptop) and not _signed_in(_browser(app, cookies))
    assert client.get("/api/v1/catalogue", headers=bearer).status_code == 401


def test_api_logout_revokes_the_callers_token(client, make_user):
    make_user("ann")
    bearer, other = _bearer(client), _bearer(client)
    assert client.post("/api/v1/auth/logout", headers=bearer).status_code == 204
    assert client.get("/api/v1/catalogue", headers=bearer).status_code == 401
    assert client.get("/api/v1/catalogue", headers=other).status_code == 200


def test_password_change_page_revokes_everything_else(app, client, make_user):
    make_user("ann")
    laptop, bearer = app.test_client(), _bearer(client)
    _web_login(laptop)
    _web_login(client)
    res = client.post("/account/password", data={
        "current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "csrf_token": _csrf(client)})
    assert res.status_code == 302
    assert _signed_in(client)  # this browser carries on
    assert not _signed_in(laptop)
    assert client.get("/api/v1/catalogue", headers=bearer).status_code == 401
    api = app.test_client()
    assert api.post("/api/v1/auth/login", json={
        "username": "ann", "password": PASSWORD}).status_code == 401
    assert api.post("/api/v1/auth/login", json={
        "username": "ann", "password": NEW_PASSWORD}).status_code == 200


def test_password_change_page_needs_the_current_password(client, make_user):
    make_user("ann")
    _web_login(client)
    res = client.post("/account/password", data={
        "current": "not-it-at-all", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "csrf_token": _csrf(client)})
    assert res.status_code == 400
    assert "current password is not right" in res.get_data(as_text=True)


def test_api_password_change_keeps_only_the_callers_token(app, client, make_user):
    make_user("ann")
    mine, other = _bearer(client), _bearer(client)
    browser = app.test_client()
    _web_login(browser)
    wrong = client.post("/api/v1/me/password", headers=mine, json={
        "current_password": "nope-nope-nope", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 400
    res = client.post("/api/v1/me/password", headers=mine, json={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert res.status_code == 204
    assert client.get("/api/v1/catalogue", headers=mine).status_code == 200
    assert client.get("/api/v1/catalogue", headers=other).status_code == 401
    assert not _signed_in(browser)


def test_login_tokens_are_no_api_tokens(app, client, make_user):
    make_user("ann")
    raw = _web_login(client)["remember_token"].split("|")[0].split(":")[-1]
    res = client.get("/api/v1/catalogue", headers={"Authorization": f"Bearer {raw}"})
    assert res.status_code == 401


def test_the_csrf_token_changes_at_login(client, make_user):
    make_user("ann")
    before = csrf_from(client.get("/login").get_data(as_text=True))
    _web_login(client)
    after = _csrf(client)
    assert before != after
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert _signed_in(client)


@pytest.mark.parametrize("old_style", ["1", "1:0", "x:y:z", "99999999999:0:t"])
def test_old_or_forged_ids_sign_nobody_in(app, make_user, old_style):
    from quizapp.services import users

    make_user("ann")
    with app.app_context():
        assert users.user_for_login(old_style) is None
