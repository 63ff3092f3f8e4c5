"""Logins are rate-limited per account and per address."""

import json
import os
import subprocess
import sys
import uuid

import pytest
import redis

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
    from tests.conftest import csrf_from

    make_user("webuser")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    codes = [client.post("/login", data={"username": "webuser", "password": "bad",
                                         "csrf_token": token}).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


# Two app servers (two processes) counting login attempts in one Redis: what REDIS_URL is for.
SERVER = """
import json, sys
from flask_migrate import upgrade
from quizapp import create_app
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": sys.argv[1],
                  "RATELIMIT_KEY_PREFIX": sys.argv[2], "LOGIN_LIMIT_PER_ADDRESS": "5 per minute",
                  "LOGIN_LIMIT_PER_ACCOUNT": "100 per minute"})
with app.app_context():
    upgrade()
client = app.test_client()
print(json.dumps([client.post("/api/v1/auth/login", json={"username": f"nobody{i}",
                                                          "password": "x"}).status_code
                  for i in range(int(sys.argv[3]))]))
"""


def _redis_url() -> str | None:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError:
        return None
    return url


@pytest.mark.slow  # two app processes
def test_app_servers_share_the_login_limits_through_redis(tmp_path):
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis at TEST_REDIS_URL (redis://127.0.0.1:6379/15): .ci/run starts one")
    env = {**os.environ, "REDIS_URL": url, "QUIZAPP_DEMO": "0"}
    prefix = f"quizapp-test-{uuid.uuid4().hex}"

    def server(name: str, attempts: int) -> list[int]:
        done = subprocess.run(
            [sys.executable, "-c", SERVER, f"sqlite:///{tmp_path / name}.sqlite", prefix,
             str(attempts)], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    # 5 attempts a minute from one address, wherever they land
    assert server("a", 3) == [401, 401, 401]
    assert server("b", 3) == [401, 401, 429]

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"*{prefix}*"))
    assert keys, "the counts live in Redis"
    client.delete(*keys)
