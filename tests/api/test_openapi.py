"""The OpenAPI document is generated from the routes and their models: every API route is in
it, with its path parameters named and typed as the route has them."""

import re

from quizapp.api import bp


def _api_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(bp.name + ".") and rule.endpoint != "api.openapi":
            yield rule


def _doc_path(rule) -> str:
    """A Flask rule as OpenAPI writes it: /cohorts/<int:cohort_id> -> /cohorts/{cohort_id}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


def test_every_api_route_is_in_the_document(app, client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    missing = []
    for rule in _api_rules(app):
        path = _doc_path(rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if method.lower() not in doc["paths"].get(path, {}):
                missing.append(f"{method} {path}")
    assert missing == []


def test_path_parameters_are_typed_as_the_routes_take_them(client):
    doc = client.get("/api/v1/openapi.json").json
    params = {p["name"]: p["schema"].get("type") for path in doc["paths"].values()
              for op in path.values() for p in op.get("parameters", []) if p["in"] == "path"}
    assert params["cohort_id"] == "integer"
    assert params["session_id"] == "string"
    assert params["unit_id"] == "string"


def test_request_bodies_come_from_the_models(client):
    doc = client.get("/api/v1/openapi.json").json
    answer = doc["paths"]["/api/v1/practice/{session_id}/answer"]["post"]
    ref = answer["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert {"text", "client_id", "question_id", "turn_id"} <= set(body["properties"])
    assert set(body["required"]) == {"text", "client_id"}
