"""Hypothesis: any JSON, any unicode, answers from 0 to 100,000 characters, wrong types and
missing fields get a 4xx with a clear message or a normal reply, never a 5xx."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
FIELDS = ("text", "client_id", "unit", "criteria", "scenario", "username", "password", "code",
          "join_code", "name", "qualification", "title", "score", "comment", "questions", "due")
BODIES = st.one_of(
    JSON,
    st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6),
)
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def learner(client, make_user):
    make_user("prop-learner")
    token = client.post("/api/v1/auth/login", json={"username": "prop-learner", "password": PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    session = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=headers).json["session"]
    return headers, session


def check_response(res):
    assert res.status_code < 500, res.get_data(as_text=True)[:300]
    if res.status_code >= 400:
        assert res.is_json and res.json["error"]["message"], res.get_data(as_text=True)[:300]


@SLOW
@given(body=BODIES, endpoint=st.sampled_from([
    "/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/practice", "/api/v1/cohorts",
    "/api/v1/cohorts/join", "/api/v1/cohorts/1/quizzes", "/api/v1/answers/1/override",
    "/api/v1/cohorts/1/assessors", "/api/v1/quizzes/1/start"]))
def test_any_json_to_any_endpoint(client, learner, body, endpoint):
    headers, _ = learner
    check_response(client.post(endpoint, data=json.dumps(body), content_type="application/json", headers=headers))


@SLOW
@given(body=BODIES)
def test_any_json_as_an_answer(client, learner, body):
    headers, session = learner
    check_response(client.post(f"/api/v1/practice/{session}/answer", data=json.dumps(body),
                      content_type="application/json", headers=headers))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.one_of(
    st.text(max_size=200),
    st.text(min_size=4000, max_size=6000),
    st.integers(0, 100_000).map(lambda n: "a" * n),
    st.integers(0, 100_000).map(lambda n: ("listen carefully " * (n // 17 + 1))[:n]),
))
def test_answers_of_any_length(client, learner, text):
    headers, session = learner
    res = client.post(f"/api/v1/practice/{session}/answer",
                      json={"text": text, "client_id": f"len-{len(text)}-{hash(text)}"}, headers=headers)
    check_response(res)
    if res.status_code == 200:
        assert 0 < len(text) <= 5000 and 0 <= res.json["score"] <= 1
    elif "\x00" in text:
        assert res.status_code == 400
    elif text.strip() and len(text) <= 5000:
        assert res.status_code == 409  # the session ran out of questions


@pytest.mark.parametrize("raw", [b"", b"{", b"[1,2", b"\xff\xfe", b"null", b'"text"', b"9" * 1000])
def test_broken_bodies(client, learner, raw):
    headers, session = learner
    check_response(client.post(f"/api/v1/practice/{session}/answer", data=raw, content_type="application/json",
                      headers=headers))
    check_response(client.post("/api/v1/auth/login", data=raw, content_type="application/json"))


@pytest.mark.parametrize("raw", [
    b'{"text": NaN, "client_id": "x"}', b'{"text": Infinity, "client_id": "x"}',
    b'{"text": "\\ud800 lone surrogate", "client_id": "x"}',
    b"[" * 2000 + b"]" * 2000])
def test_json_beyond_the_standard_is_refused_clearly(client, learner, raw):
    """What Python's json module would take but RFC 8259 (and orjson) does not: a 400 that says
    what to send, and nothing stored."""
    headers, session = learner
    res = client.post(f"/api/v1/practice/{session}/answer", data=raw,
                      content_type="application/json", headers=headers)
    assert res.status_code == 400 and "JSON object" in res.json["error"]["message"]
    state = client.get(f"/api/v1/practice/{session}", headers=headers).json
    assert state["history"] == []


def test_user_html_is_escaped_on_pages(app, client, make_user):
    """A learner's answer full of markup is shown as text on the assessor's pages."""
    from tests.conftest import login, web_login

    make_user("t-xss", "tutor")
    make_user("a-xss", "assessor")
    tutor = login(client, "t-xss")
    cohort = client.post("/api/v1/cohorts", json={"name": "<b>C</b>", "qualification": "TEST-Q"},
                         headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "a-xss"}, headers=tutor)
    client.post("/api/v1/auth/register", json={"username": "l-xss", "password": PASSWORD,
                                               "join_code": cohort["join_code"]})
    learner = login(client, "l-xss")
    session = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=learner).json["session"]
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    res = client.post(f"/api/v1/practice/{session}/answer", json={"text": evil, "client_id": "xss"},
                      headers=learner)
    assert res.mimetype == "application/json" and res.headers["X-Content-Type-Options"] == "nosniff"
    with app.test_client() as web:
        web_login(web, "a-xss")
        page = web.get(f"/assessor/cohorts/{cohort['id']}").get_data(as_text=True)
        assert "<b>C</b>" not in page and "&lt;b&gt;C&lt;/b&gt;" in page
        link = page.split("/assessor/learners/")[1].split('"')[0].split("#")[0]
        html = web.get(f"/assessor/learners/{link}").get_data(as_text=True)
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_nul_characters_are_refused_clearly(client, learner):
    headers, session = learner
    res = client.post(f"/api/v1/practice/{session}/answer", json={"text": "a\x00b", "client_id": "n"},
                      headers=headers)
    assert res.status_code == 400 and "NUL" in res.json["error"]["message"]
    res = client.post("/login", data={"username": "x\x00", "password": "y"})
    assert res.status_code == 400
