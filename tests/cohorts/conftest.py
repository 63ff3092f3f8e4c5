"""A tutor and their cohort on the test qualification; learners who join it; quizzes set."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def tutor(api_token):
    return api_token("tutor1", "tutor")


@pytest.fixture
def cohort(client, tutor):
    res = client.post("/api/v1/cohorts", json={"name": "Tuesday group", "qualification": "TEST-Q"},
                      headers=tutor)
    assert res.status_code == 201, res.json
    return res.json


def register(client, cohort, username="lea"):
    res = client.post("/api/v1/auth/register", json={
        "username": username, "password": PASSWORD, "join_code": cohort["join_code"]})
    assert res.status_code == 201, res.json
    token = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD}).json["token"]
    return {"Authorization": f"Bearer {token}"}


def set_quiz(client, tutor, cohort, **extra):
    body = {"title": "Week 1 check", "units": ["TEST-Q.U1"], "questions": 2,
            "due": (datetime.now(UTC) + timedelta(days=7)).isoformat()} | extra
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes", json=body, headers=tutor)
    assert res.status_code == 201, res.json
    return res.json["id"]
