"""A tutor and their cohort on the test qualification."""

import pytest


@pytest.fixture
def tutor(api_token):
    return api_token("tutor1", "tutor")


@pytest.fixture
def cohort(client, tutor):
    res = client.post("/api/v1/cohorts", json={"name": "Tuesday group", "qualification": "TEST-Q"},
                      headers=tutor)
    assert res.status_code == 201, res.json
    return res.json
