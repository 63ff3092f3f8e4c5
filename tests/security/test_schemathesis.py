"""schemathesis against the OpenAPI document the app generates: generated requests never get a
5xx, and the responses match the documented schemas. Bounded examples per operation."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from quizapp import create_app
from quizapp.api.spec import document
from tests.conftest import PASSWORD


def _document() -> dict:
    """The document as the app generates it (from its routes: no database is opened)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        return document()


schema = schemathesis.openapi.from_dict(_document())
pytestmark = pytest.mark.slow  # 25 generated requests per operation, over HTTP


@pytest.fixture
def bearer(client, make_user):
    make_user("fuzzer")
    token = client.post("/api/v1/auth/login",
                        json={"username": "fuzzer", "password": PASSWORD}).json["token"]
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_never_fails_on_generated_input(case, bearer, live_server):
    response = case.call_and_validate(base_url=live_server, headers=bearer,
                                      checks=[not_a_server_error, response_schema_conformance])
    assert response.status_code < 500
