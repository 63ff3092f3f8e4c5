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
