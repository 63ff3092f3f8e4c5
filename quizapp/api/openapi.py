"""The OpenAPI 3.1 document served at /api/v1/openapi.json."""

_error = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    return {str(c): {"description": "Error", **_json(_error)} for c in codes}


TURN = {
    "type": "object",
    "properties": {
        "kind": {"type": "string", "enum": ["question"]},
        "prompt": {"type": "string"},
        "question_id": {"type": "string"},
        "criteria": {"type": "array", "items": {"type": "string"}},
        "unit": {"type": "string"},
        "number": {"type": ["integer", "null"]},
        "total": {"type": "integer"},
        "has_hint": {"type": "boolean"},
    },
    "required": ["kind", "prompt", "question_id", "criteria"],
}

ANSWER_REPLY = {
    "type": "object",
    "properties": {
        "answer_id": {"type": "integer"},
        "question_id": {"type": "string"},
        "kind": {"type": "string", "enum": ["answer", "skip"]},
        "text": {"type": "string"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "band": {"type": "string", "enum": ["not_yet", "partly", "secure"]},
        "passed": {"type": "boolean"},
        "concepts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "label": {"type": "string"},
                    "hit": {"type": "boolean"},
                    "evidence": {"type": ["string", "null"]},
                    "negative": {"type": "boolean"},
                    "hint": {"type": ["string", "null"]},
                    "reason": {"type": ["string", "null"]},
                },
                "required": ["label", "hit", "evidence"],
            },
        },
        "feedback": {"type": "string"},
        "model_answer": {"type": "string"},
        "next": {"oneOf": [TURN, {"type": "null"}]},
    },
    "required": ["answer_id", "next"],
}

SECURITY = [{"bearer": []}]

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "quizapp API",
        "version": "1",
        "description": "Practice quizzes for UK customer-service qualifications. Log in for a "
        "bearer token, then send 'Authorization: Bearer <token>'. Errors are "
        '{"error": {"status", "message"}}.',
    },
    "servers": [{"url": "/api/v1"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "properties": {
                    "error": {
                        "type": "object",
                        "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
                    }
                },
            },
            "Turn": TURN,
            "AnswerReply": ANSWER_REPLY,
        },
    },
    "paths": {
        "/auth/login": {
            "post": {
                "summary": "Log in and get an expiring bearer token",
                "requestBody": _json({
                    "type": "object",
                    "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                    "required": ["username", "password"],
                }),
                "responses": {
                    "200": {"description": "Token and user", **_json({
                        "type": "object",
                        "properties": {
                            "token": {"type": "string"},
                            "user": {"type": "object", "properties": {
                                "id": {"type": "integer"}, "username": {"type": "string"},
                                "role": {"type": "string"}}},
                        },
                    })},
                    **_errors(400, 401),
                },
            }
        },
        "/catalogue": {
            "get": {
                "summary": "Qualifications and units with their question counts",
                "security": SECURITY,
                "responses": {"200": {"description": "The catalogue"}, **_errors(401)},
            }
        },
        "/practice": {
            "post": {
                "summary": "Start practising a unit or a set of criteria",
                "security": SECURITY,
                "requestBody": _json({
                    "type": "object",
                    "properties": {
                        "unit": {"type": "string"},
                        "criteria": {"type": "array", "items": {"type": "string"}},
                    },
                }),
                "responses": {
                    "201": {"description": "The session and its first turn", **_json({
                        "type": "object",
                        "properties": {"session": {"type": "string"}, "turn": TURN},
                    })},
                    **_errors(400, 401, 404),
                },
            }
        },
        "/practice/{session}": {
            "get": {
                "summary": "The session's current turn and history (to redraw after a reload)",
                "security": SECURITY,
                "parameters": [{"name": "session", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "State"}, **_errors(401, 404)},
            }
        },
        "/practice/{session}/answer": {
            "post": {
                "summary": "Answer the current question. Idempotent by client_id: a retry "
                "returns the same result and stores nothing twice.",
                "security": SECURITY,
                "parameters": [{"name": "session", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "requestBody": _json({
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "minLength": 1, "maxLength": 5000},
                        "client_id": {"type": "string", "maxLength": 64},
                    },
                    "required": ["text", "client_id"],
                }),
                "responses": {
                    "200": {"description": "The mark, feedback and next turn",
                            **_json({"$ref": "#/components/schemas/AnswerReply"})},
                    **_errors(400, 401, 404, 409, 413, 422),
                },
            }
        },
        "/practice/{session}/skip": {
            "post": {
                "summary": "Skip the current question (idempotent by client_id)",
                "security": SECURITY,
                "parameters": [{"name": "session", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "requestBody": _json({"type": "object",
                                      "properties": {"client_id": {"type": "string"}},
                                      "required": ["client_id"]}),
                "responses": {"200": {"description": "Model answer and next turn"},
                              **_errors(400, 401, 404, 409)},
            }
        },
        "/practice/{session}/hint": {
            "get": {
                "summary": "A hint for the current question",
                "security": SECURITY,
                "parameters": [{"name": "session", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The hint"}, **_errors(401, 404, 409)},
            }
        },
        "/me/progress": {
            "get": {
                "summary": "The learner's status per criterion",
                "security": SECURITY,
                "parameters": [{"name": "unit", "in": "query", "required": False,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "Progress", **_json({
                    "type": "object",
                    "properties": {"criteria": {"type": "array", "items": {
                        "type": "object",
                        "properties": {"id": {"type": "string"}, "status": {"type": "string"},
                                       "score": {"type": "number"}, "attempts": {"type": "integer"}},
                    }}},
                })}, **_errors(401)},
            }
        },
    },
}


def _op(summary: str, body: dict | None = None, ok: str = "200", params=(), errors=(400, 401, 403, 404),
        response: dict | None = None) -> dict:
    op = {"summary": summary, "security": SECURITY, "responses": {
        ok: {"description": "OK", **(_json(response) if response else {})}, **_errors(*errors)}}
    if body is not None:
        op["requestBody"] = _json(body)
    if params:
        op["parameters"] = [{"name": p, "in": "path", "required": True,
                             "schema": {"type": "integer" if p.endswith("_id") else "string"}}
                            for p in params]
    return op


_ID = {"type": "object", "properties": {"id": {"type": "integer"}}}

OPENAPI["paths"].update({
    "/auth/register": {"post": {
        **_op("A learner signs up with a cohort's join code", {
            "type": "object", "required": ["username", "password", "join_code"],
            "properties": {"username": {"type": "string"}, "password": {"type": "string"},
                           "join_code": {"type": "string"}}}, ok="201", errors=(400, 404, 409)),
        "security": []}},
    "/cohorts": {"post": _op("A tutor creates a cohort", {
        "type": "object", "required": ["name", "qualification"],
        "properties": {"name": {"type": "string"}, "qualification": {"type": "string"},
                       "optional_units": {"type": "array", "items": {"type": "string"}}}},
        ok="201", response={"type": "object", "properties": {
            "id": {"type": "integer"}, "join_code": {"type": "string"}}})},
    "/cohorts/join": {"post": _op("A signed-in learner joins a cohort by code", {
        "type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}})},
    "/cohorts/{cohort_id}/assessors": {"post": _op(
        "The cohort's tutor attaches an assessor",
        {"type": "object", "required": ["username"], "properties": {"username": {"type": "string"}}},
        ok="201", params=("cohort_id",))},
    "/cohorts/{cohort_id}/learners/{user_id}": {"delete": _op(
        "The cohort's tutor removes a learner (their answers are kept)", ok="204",
        params=("cohort_id", "user_id"))},
    "/cohorts/{cohort_id}/quizzes": {"post": _op("The cohort's tutor sets a quiz", {
        "type": "object", "required": ["title"],
        "properties": {"title": {"type": "string"},
                       "units": {"type": "array", "items": {"type": "string"}},
                       "criteria": {"type": "array", "items": {"type": "string"}},
                       "scenarios": {"type": "array", "items": {"type": "string"}},
                       "questions": {"type": "integer", "minimum": 1, "maximum": 100},
                       "selection": {"type": "string", "enum": ["random", "fixed"]},
                       "opens": {"type": "string", "format": "date-time"},
                       "due": {"type": "string", "format": "date-time"},
                       "attempts": {"type": "integer", "minimum": 1, "maximum": 20},
                       "feedback": {"type": "string", "enum": ["immediate", "after_due"]}}},
        ok="201", params=("cohort_id",), response=_ID)},
    "/cohorts/{cohort_id}/results": {"get": _op(
        "Results: per learner, per question (facility, discrimination), per criterion",
        params=("cohort_id",))},
    "/cohorts/{cohort_id}/results.csv": {"get": _op("Results as CSV", params=("cohort_id",))},
    "/cohorts/{cohort_id}/progress.csv": {"get": _op(
        "Learners x criteria status as CSV", params=("cohort_id",))},
    "/cohorts/{cohort_id}/export.xml": {"get": _op(
        "The cohort's questions as Moodle XML", params=("cohort_id",))},
    "/cohorts/{cohort_id}/export.gift": {"get": _op(
        "The cohort's questions as GIFT", params=("cohort_id",))},
    "/units/{unit_id}/export.xml": {"get": _op(
        "A unit's questions as Moodle XML (staff)", params=("unit_id",))},
    "/units/{unit_id}/export.gift": {"get": _op(
        "A unit's questions as GIFT (staff)", params=("unit_id",))},
    "/me/quizzes": {"get": _op("The quizzes set for the learner's cohorts", errors=(401,))},
    "/quizzes/{quiz_id}/start": {"post": _op(
        "Start (or resume) an attempt at a quiz", ok="201", params=("quiz_id",),
        errors=(400, 401, 403, 404, 409))},
    "/learners/{learner_id}/progress": {"get": _op(
        "A learner's progress with evidence: the learner, or their cohort's tutors and assessors",
        params=("learner_id",))},
    "/answers/{answer_id}/override": {"post": _op(
        "An assessor re-marks an answer (the original is kept; audited)", {
            "type": "object", "required": ["score", "comment"],
            "properties": {"score": {"type": "number", "minimum": 0, "maximum": 1},
                           "comment": {"type": "string"},
                           "send_to_test_responses": {"type": "boolean"}}},
        ok="201", params=("answer_id",))},
})
OPENAPI["paths"]["/practice"]["post"]["requestBody"]["content"]["application/json"]["schema"][
    "properties"]["scenario"] = {"type": "string"}
for _path in OPENAPI["paths"].values():  # every operation may be rate limited or too large
    for _op_def in _path.values():
        _op_def["responses"].setdefault("413", {"description": "Too large", **_json(_error)})
        _op_def["responses"].setdefault("429", {"description": "Too many requests", **_json(_error)})
