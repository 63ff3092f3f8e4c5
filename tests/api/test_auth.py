"""API login, tokens and errors."""

from datetime import datetime, timedelta, timezone

from quizapp.extensions import db
from quizapp.models import ApiToken
from tests.conftest import PASSWORD


def test_login_returns_token_and_user(client, make_user):
    make_user("ann")
    res = client.post("/api/v1/auth/login", json={"username": "ann", "password": PASSWORD})
    assert res.status_code == 200
    assert res.json["user"]["username"] == "ann"
    assert res.json["user"]["role"] == "learner"
    assert len(res.json["token"]) > 30


def test_bad_credentials_get_401_json(client, make_user):
    make_user("ann")
    res = client.post("/api/v1/auth/login", json={"username": "ann", "password": "wrong"})
    assert res.status_code == 401
    assert "don't match" in res.json["error"]["message"]
    res = client.post("/api/v1/auth/login", json={"username": "nobody", "password": "x"})
    assert res.status_code == 401


def test_login_needs_a_json_object(client):
    res = client.post("/api/v1/auth/login", data="nonsense", content_type="text/plain")
    assert res.status_code == 415 and "JSON" in res.json["error"]["message"]
    assert res.json["error"]["message"]


def test_tokens_are_stored_hashed(app, client, make_user):
    make_user("ann")
    token = client.post("/api/v1/auth/login", json={"username": "ann", "password": PASSWORD}).json["token"]
    with app.app_context():
        stored = db.session.scalars(db.select(ApiToken)).all()
        assert len(stored) == 1
        assert stored[0].token_hash != token and len(stored[0].token_hash) == 64


def test_expired_token_is_refused(app, client, api_token):
    headers = api_token("ann")
    assert client.get("/api/v1/catalogue", headers=headers).status_code == 200
    with app.app_context():
        for tok in db.session.scalars(db.select(ApiToken)):
            tok.expires_at = datetime.now(timezone.utc) - timedelta(seconds=1)
        db.session.commit()
    res = client.get("/api/v1/catalogue", headers=headers)
    assert res.status_code == 401
    assert "expired" in res.json["error"]["message"]


def test_calls_without_token_get_401(client):
    res = client.get("/api/v1/catalogue")
    assert res.status_code == 401
    assert res.is_json


def test_unknown_api_route_is_json_404(client, api_token):
    res = client.get("/api/v1/nothing-here", headers=api_token())
    assert res.status_code == 404
    assert res.json["error"]["status"] == 404
