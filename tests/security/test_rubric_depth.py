"""A tutor's rubric test (finding 6 of issue 18): input nested thousands deep is a clear 400,
not a RecursionError and a 500."""

import pytest

from tests.conftest import login, web_login
from tests.web.test_pages import csrf_from


@pytest.fixture
def tutor(client, make_user):
    make_user("t1", "tutor")
    headers = login(client, "t1")
    cohort = client.post("/api/v1/cohorts", json={"name": "C", "qualification": "TEST-Q"},
                         headers=headers).json["id"]
    return headers, cohort


def _nested(levels: int) -> dict:
    top = current = {}
    for _ in range(levels):
        current["a"] = {}
        current = current["a"]
    return top


@pytest.mark.parametrize("rubric", [
    "[" * 5000 + "]" * 5000, "{a: " * 3000 + "1" + "}" * 3000, "- " * 3000 + "x",
    _nested(200),
])
def test_deeply_nested_rubrics_are_a_clear_400(client, tutor, rubric):
    headers, cohort = tutor
    for route in ("questions/test", "questions"):
        body = {"rubric": rubric}
        if route == "questions":
            body.update(prompt="P?", model_answer="M.", criteria=["TEST-Q.U1.a"])
        res = client.post(f"/api/v1/cohorts/{cohort}/{route}", json=body, headers=headers)
        assert res.status_code == 400, route
        assert "levels deep" in res.json["error"]["message"]


def test_the_question_page_says_so_too(app, tutor):
    _, cohort = tutor
    web = app.test_client()
    web_login(web, "t1")
    url = f"/tutor/cohorts/{cohort}/questions/new"
    page = web.get(url).get_data(as_text=True)
    # the editor sends key points as rows, and the rest of the rubric as JSON in rubric-extra
    res = web.post(url, data={"csrf_token": csrf_from(page), "prompt": "P?", "model_answer": "M.",
                              "criteria": "TEST-Q.U1.a", "point-0-label": "Listen",
                              "point-0-phrasings": "listen", "action": "test",
                              "rubric-extra": '{"groups": ' + "[" * 5000 + "]" * 5000 + "}"})
    assert res.status_code == 200 and "levels deep" in res.get_data(as_text=True)


def test_an_ordinary_rubric_still_tests(client, tutor):
    headers, cohort = tutor
    rubric = {"concepts": [{"id": "listen", "label": "Listen", "weight": 1,
                            "phrasings": ["listen", "pay attention"]}]}
    res = client.post(f"/api/v1/cohorts/{cohort}/questions/test", headers=headers, json={
        "rubric": rubric, "responses": [{"text": "I listen", "band": "secure"}]})
    assert res.status_code == 200, res.json
