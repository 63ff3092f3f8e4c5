"""Logins are rate-limited per account and per address."""

import pytest

from quizapp.extensions import limiter
from tests.conftest import PASSWORD


@pytest.fixture
def strict(app):
    old = app.config["LOGIN_LIMIT_PER_ADDRESS"], app.config["LOGIN_LIMIT_PER_ACCOUNT"]
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "8 per minute"
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per minute"
    limiter.reset()
    yield
    app.config["LOGIN_LIMIT_PER_ADDRESS"], app.config["LOGIN_LIMIT_PER_ACCOUNT"] = old
    limiter.reset()


def test_per_account_limit(client, make_user, strict):
    make_user("target")
    codes = [client.post("/api/v1/auth/login", json={"username": "target", "password": "bad"}).status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    blocked = client.post("/api/v1/auth/login", json={"username": "target", "password": PASSWORD})
    assert blocked.status_code == 429  # even the right password waits
    assert "account" in blocked.json["error"]["message"]
    assert "Retry-After" in blocked.headers
    # another account from the same address is still fine
    make_user("other")
    assert client.post("/api/v1/auth/login", json={"username": "other", "password": PASSWORD}).status_code == 200


def test_per_address_limit(client, strict):
    codes = [client.post("/api/v1/auth/login", json={"username": f"u{i}", "password": "x"}).status_code
             for i in range(9)]
    assert codes[:8] == [401] * 8 and codes[8] == 429


def test_web_login_is_limited_too(client, make_user, strict):
    from tests.web.test_pages import csrf_from

    make_user("webuser")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    codes = [client.post("/login", data={"username": "webuser", "password": "bad",
                                         "csrf_token": token}).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
