"""schemathesis against the OpenAPI document the app generates: generated requests never get a
5xx, and the responses match the documented schemas, as a learner, a tutor (with a cohort) and
an assessor (attached to it). Bounded examples per operation. Then every route in the document
with ids far beyond the databases' integers, and quizzes with dates far out of range: 4xx."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from quizapp import create_app
from quizapp.api.spec import document
from tests.conftest import login

ROLES = ("learner", "tutor", "assessor")
HUGE_IDS = ("2147483648", "9223372036854775808", "99999999999999999999999", "-1")
HUGE_DATES = ("99999-01-01", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00",
              "2026-13-45", "+275760-09-13", "1e308", "9" * 400)


def _document() -> dict:
    """The document as the app generates it (from its routes: no database is opened)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        return document()


schema = schemathesis.openapi.from_dict(_document())
pytestmark = pytest.mark.slow  # 25 generated requests per operation, over HTTP


@pytest.fixture(params=ROLES)
def bearer(request, client, make_user):
    """A caller of each role; the tutor has a cohort, with the assessor attached."""
    role = request.param
    make_user("fuzz-tutor", "tutor")
    make_user("fuzz-assessor", "assessor")
    make_user("fuzz-learner", "learner")
    tutor = login(client, "fuzz-tutor")
    cohort = client.post("/api/v1/cohorts", json={"name": "Fuzz", "qualification": "TEST-Q"},
                         headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "fuzz-assessor"},
                headers=tutor)
    learner = login(client, "fuzz-learner")
    client.post("/api/v1/cohorts/join", json={"code": cohort["join_code"]}, headers=learner)
    return {"learner": learner, "tutor": tutor,
            "assessor": login(client, "fuzz-assessor")}[role]


@schema.parametrize()
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_never_fails_on_generated_input(case, bearer, live_server):
    response = case.call_and_validate(base_url=live_server, headers=bearer,
                                      checks=[not_a_server_error, response_schema_conformance])
    assert response.status_code < 500


def _operations():
    for path, operations in _document()["paths"].items():
        for method, operation in operations.items():
            ints = [p["name"] for p in operation.get("parameters", [])
                    if p.get("in") == "path" and p.get("schema", {}).get("type") == "integer"]
            if ints:
                yield method.upper(), path, ints


def test_ids_beyond_the_databases_integers_are_4xx(client, bearer):
    problems = []
    for method, path, names in _operations():
        for huge in HUGE_IDS:
            url = path
            for name in names:
                url = url.replace(f"{{{name}}}", huge)
            url = re.sub(r"\{fmt\}", "xml", url)
            res = client.open(url, method=method, headers=bearer,
                              json={} if method in ("POST", "DELETE") else None)
            if not 400 <= res.status_code < 500:
                problems.append(f"{method} {url}: {res.status_code}")
    assert problems == []


@pytest.mark.parametrize("field", ["opens", "due"])
def test_quiz_dates_far_out_of_range_are_4xx(client, make_user, field):
    make_user("t-dates", "tutor")
    tutor = login(client, "t-dates")
    cohort = client.post("/api/v1/cohorts", json={"name": "D", "qualification": "TEST-Q"},
                         headers=tutor).json["id"]
    codes = {when: client.post(f"/api/v1/cohorts/{cohort}/quizzes", headers=tutor, json={
        "title": "Q", "units": ["TEST-Q.U1"], "questions": 1, field: when}).status_code
        for when in HUGE_DATES}
    assert all(code == 400 for code in codes.values()), codes
