"""The practice flow over the API: start, answer, retry, skip, hint, progress."""

import re

import pytest

from quizapp.extensions import db
from quizapp.models import Answer


@pytest.fixture
def learner(api_token):
    return api_token("learner1")


def start(client, headers, **body):
    res = client.post("/api/v1/practice", json=body or {"unit": "TEST-Q.U1"}, headers=headers)
    assert res.status_code == 201, res.json
    return res.json


def test_catalogue_counts_questions(client, learner):
    cat = client.get("/api/v1/catalogue", headers=learner).json
    (qual,) = [q for q in cat["qualifications"] if q["id"] == "TEST-Q"]
    units = {u["id"]: u for u in qual["units"]}
    assert units["TEST-Q.U1"]["question_count"] == 2
    assert units["TEST-Q.U2"]["question_count"] == 0
    assert units["TEST-Q.U1"]["title"] == "Communicate with customers"


def test_start_gives_first_turn(client, learner):
    data = start(client, learner)
    turn = data["turn"]
    assert turn["kind"] == "question"
    assert turn["question_id"].startswith("TEST-Q.U1.q-")
    assert turn["criteria"] and turn["prompt"]


@pytest.mark.parametrize("secure, first", [
    ("TEST-Q.U1.a", "TEST-Q.U1.q-angry"),
    (["TEST-Q.U1.b", "TEST-Q.U1.1.1"], "TEST-Q.U1.q-listening"),
])
def test_start_puts_the_weakest_criteria_first(app, client, learner, secure, first):
    """A question whose criteria the learner has secured goes after one they have not; the
    statuses are the learner's own (another learner's do not count)."""
    from quizapp.models import Progress, User

    secure = [secure] if isinstance(secure, str) else secure
    other = {"TEST-Q.U1.a", "TEST-Q.U1.b", "TEST-Q.U1.1.1"} - set(secure)
    with app.app_context():
        me = db.session.query(User).filter_by(username="learner1").one()
        someone = User(username="someone-else", password_hash="x", role="learner")
        db.session.add(someone)
        db.session.flush()
        db.session.add_all([Progress(user_id=me.id, criterion_id=c, status="secure") for c in secure]
                           + [Progress(user_id=someone.id, criterion_id=c, status="secure")
                              for c in other])
        db.session.commit()
    for _ in range(5):  # ties are broken at random: the order must hold every time
        assert start(client, learner)["turn"]["question_id"] == first


def test_start_by_criteria(client, learner):
    data = start(client, learner, criteria=["TEST-Q.U1.b"])
    assert data["turn"]["question_id"] == "TEST-Q.U1.q-angry"


@pytest.mark.parametrize("body, status", [
    ({}, 400),
    ({"unit": "NOPE"}, 404),
    ({"unit": "TEST-Q.U2"}, 404),
    ({"unit": 5}, 400),
    ({"criteria": "TEST-Q.U1.a"}, 400),
])
def test_start_errors_are_clear(client, learner, body, status):
    res = client.post("/api/v1/practice", json=body, headers=learner)
    assert res.status_code == status
    assert res.json["error"]["message"]


def answer(client, headers, session, text, client_id):
    return client.post(f"/api/v1/practice/{session}/answer",
                       json={"text": text, "client_id": client_id}, headers=headers)


def test_answer_is_marked_with_evidence_and_next_turn(client, learner):
    data = start(client, learner, criteria=["TEST-Q.U1.b"])
    res = answer(client, learner, data["session"], "I would keep calm, lisen to them and apologize", "c1")
    assert res.status_code == 200
    body = res.json
    assert body["band"] == "secure" and body["passed"] is True
    assert 0.0 <= body["score"] <= 1.0
    hits = {c["label"]: c for c in body["concepts"] if c["hit"]}
    assert "Stay calm" in hits and "keep calm" in hits["Stay calm"]["evidence"].lower()
    assert body["feedback"]
    assert body["model_answer"].startswith("Stay calm")
    assert body["next"] is None  # only one question for that criterion


def test_harmful_answer_is_not_secure_and_says_why(client, learner):
    data = start(client, learner, criteria=["TEST-Q.U1.b"])
    body = answer(client, learner, data["session"], "i would shout back at them", "c1").json
    assert body["band"] == "not_yet"
    assert "angrier" in body["feedback"]  # the short feedback says why


def test_retry_with_same_client_id_stores_once(app, client, learner):
    data = start(client, learner)
    first = answer(client, learner, data["session"], "hearing is sound, listening is paying attention", "same-id")
    again = answer(client, learner, data["session"], "hearing is sound, listening is paying attention", "same-id")
    assert first.status_code == again.status_code == 200
    assert first.json == again.json
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Answer)) == 1
    # one try taken, not two: the same question while tries are left, else the next
    state = client.get(f"/api/v1/practice/{data['session']}", headers=learner).json
    assert len(state["history"]) == 1
    expected = first.json["question_id"] if first.json["tries_left"] else first.json["next"]["question_id"]
    assert state["turn"]["question_id"] == expected
    assert state["turn"]["tries_left"] == first.json["tries_left"] or not first.json["tries_left"]


def test_client_id_cannot_be_reused_in_another_session(client, learner):
    a = start(client, learner)
    b = start(client, learner)
    assert answer(client, learner, a["session"], "listening", "x1").status_code == 200
    res = answer(client, learner, b["session"], "listening", "x1")
    assert res.status_code == 409


@pytest.mark.parametrize("payload, status", [
    ({"text": "", "client_id": "a"}, 400),
    ({"text": "   ", "client_id": "a"}, 400),
    ({"text": "x" * 5001, "client_id": "a"}, 413),
    ({"text": "fine", "client_id": ""}, 400),
    ({"text": "fine"}, 400),
    ({"text": 42, "client_id": "a"}, 400),
    ({"text": "fine", "client_id": "y" * 65}, 400),
])
def test_bad_answers_get_4xx_and_store_nothing(app, client, learner, payload, status):
    data = start(client, learner)
    res = client.post(f"/api/v1/practice/{data['session']}/answer", json=payload, headers=learner)
    assert res.status_code == status
    assert res.json["error"]["message"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Answer)) == 0


def test_answer_of_exactly_5000_characters_is_accepted(client, learner):
    data = start(client, learner)
    res = answer(client, learner, data["session"], ("listen carefully " * 400)[:5000], "long")
    assert res.status_code == 200


def test_other_learners_session_is_404(client, learner, api_token):
    data = start(client, learner)
    other = api_token("learner2")
    assert answer(client, other, data["session"], "hello", "z").status_code == 404
    assert client.get(f"/api/v1/practice/{data['session']}", headers=other).status_code == 404


def test_finished_session_says_so(client, learner):
    data = start(client, learner, criteria=["TEST-Q.U1.b"])
    client.post(f"/api/v1/practice/{data['session']}/skip", json={"client_id": "one"},
                headers=learner)
    res = answer(client, learner, data["session"], "stay calm", "two")
    assert res.status_code == 409
    assert "finished" in res.json["error"]["message"]


def test_skip_and_hint(client, learner):
    data = start(client, learner)
    sid = data["session"]
    first = data["turn"]["question_id"]
    hint = client.get(f"/api/v1/practice/{sid}/hint", headers=learner).json
    assert hint["question_id"] == first and hint["hint"]
    skipped = client.post(f"/api/v1/practice/{sid}/skip", json={"client_id": "s1"}, headers=learner).json
    assert skipped["kind"] == "skip" and skipped["model_answer"]
    assert skipped["next"]["question_id"] != first


def test_progress_reflects_answers(client, learner):
    before = client.get("/api/v1/me/progress", headers=learner).json["criteria"]
    assert {c["id"]: c["status"] for c in before}["TEST-Q.U1.b"] == "not_evidenced"
    data = start(client, learner, criteria=["TEST-Q.U1.b"])
    answer(client, learner, data["session"], "i would just shout back", "p1")
    after = {c["id"]: c for c in client.get("/api/v1/me/progress", headers=learner).json["criteria"]}
    assert after["TEST-Q.U1.b"]["status"] == "gap"
    assert after["TEST-Q.U1.b"]["attempts"] == 1
    assert after["TEST-Q.U1.1.1"]["attempts"] == 1  # the question evidences both criteria
    only_unit = client.get("/api/v1/me/progress?unit=TEST-Q.U1", headers=learner).json["criteria"]
    # every criterion a question or scenario can evidence
    assert {c["id"] for c in only_unit} == {"TEST-Q.U1.a", "TEST-Q.U1.b", "TEST-Q.U1.1.1", "TEST-Q.U1.1.2"}


def test_cookie_session_calls_need_csrf(client, make_user):
    make_user("webby")
    page = client.get("/login")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    res = client.post("/login", data={"username": "webby", "password": "correct-horse", "csrf_token": token})
    assert res.status_code == 302
    no_csrf = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"})
    assert no_csrf.status_code == 400
    assert "Security check" in no_csrf.json["error"]["message"]
    stale = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"},
                        headers={"X-CSRFToken": token})
    assert stale.status_code == 400  # the token changes at login
    page = client.get("/practice/TEST-Q.U1").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    ok = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers={"X-CSRFToken": token})
    assert ok.status_code == 201
