"""Logins are rate-limited per account and per address."""

import json
import os
import statistics
import subprocess
import sys
import time
import uuid

import pytest
import redis

from quizapp.extensions import limiter
from tests.conftest import PASSWORD


LIMITS = ("LOGIN_LIMIT_PER_ADDRESS", "LOGIN_LIMIT_PER_ACCOUNT", "LOGIN_LIMIT_ACCOUNT_CEILING")


@pytest.fixture
def strict(app):
    old = {name: app.config[name] for name in LIMITS}
    app.config.update(dict(zip(LIMITS, ("8 per minute", "3 per minute", "6 per minute"))))
    limiter.reset()
    yield
    app.config.update(old)
    limiter.reset()


def _login_from(client, address, username, password):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address}).status_code


def test_nobody_locks_a_named_account_out_from_elsewhere(client, make_user, strict):
    make_user("target")
    attacker = [_login_from(client, "10.0.0.66", "target", "guess") for _ in range(4)]
    assert attacker == [401, 401, 401, 429]
    assert _login_from(client, "10.0.0.7", "target", PASSWORD) == 200  # the owner gets in


def test_an_account_has_a_ceiling_across_addresses(client, make_user, strict):
    make_user("target")
    codes = [_login_from(client, f"10.0.1.{i}", "target", "guess") for i in range(7)]
    assert codes == [401] * 6 + [429]


def test_unknown_usernames_take_as_long_as_known_ones(app, client, make_user):
    """A password hash is checked for unknown usernames too (a dummy one of the same method):
    without it an unknown name answered in a fraction of the time, listing the accounts."""
    old = app.config["PASSWORD_HASH_METHOD"]
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:300000"  # slow enough to measure
    try:
        make_user("known")

        def median(username: str) -> float:
            times = []
            for _ in range(5):
                start = time.perf_counter()
                client.post("/api/v1/auth/login", json={"username": username, "password": "x"})
                times.append(time.perf_counter() - start)
            return statistics.median(times)

        median("known"), median("nobody-here")  # warm up (and make the dummy hash)
        known, unknown = median("known"), median("nobody-here")
    finally:
        app.config["PASSWORD_HASH_METHOD"] = old
    assert unknown > 0.6 * known, (known, unknown)


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


def test_make_serve_counts_the_limits_in_the_local_redis(tmp_path):
    from tests.security.fake_make import make

    if _redis_url() is None:
        pytest.skip("no Redis at 127.0.0.1:6379")
    served = make(tmp_path, "serve", SECRET_KEY="k" * 32)[-1]
    assert served.startswith("gunicorn") and served.endswith("REDIS_URL=redis://127.0.0.1:6379/0")
    nowhere = make(tmp_path, "serve", SECRET_KEY="k" * 32, LOCAL_REDIS="redis://127.0.0.1:1/0")
    assert nowhere[-1].endswith("REDIS_URL=")  # then gunicorn warns (tests/test_serving.py)
