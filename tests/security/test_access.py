"""Every registered route, for every role and for anonymous access, against an allow-list.

A route nobody listed fails the test, so a new route must say who may use it. "Denied" means
401, 403, 404 (a resource you may not know exists) or a redirect to the login page; anything
else (including a 400 for an empty body) means the caller got past the door. No 5xx, ever.
"""

import itertools
import re

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Cohort, User
from quizapp.services import cohorts
from tests.conftest import PASSWORD

ROLES = ("anon", "owner", "learner2", "tutor", "tutor2", "assessor", "assessor2", "admin")
SIGNED_IN = frozenset(ROLES) - {"anon"}
PUBLIC = frozenset(ROLES)
STAFF_ANY = frozenset({"tutor", "tutor2", "assessor", "assessor2", "admin"})
COHORT_STAFF = frozenset({"tutor", "assessor", "admin"})
COHORT_TUTOR = frozenset({"tutor", "admin"})
COHORT_ASSESSOR = frozenset({"assessor", "admin"})
TUTORS = frozenset({"tutor", "tutor2", "admin"})

ALLOWED = {
    "api.answer": {"owner"},
    "api.skip": {"owner"},
    "api.hint": {"owner"},
    "api.practice_state": {"owner"},
    "api.summary": {"owner"},
    "api.attach_assessor": COHORT_TUTOR,
    "api.catalogue": SIGNED_IN,
    "api.cohort_progress_csv": COHORT_STAFF,
    "api.cohort_results": COHORT_STAFF,
    "api.cohort_results_csv": COHORT_STAFF,
    "api.create_cohort": TUTORS,
    "api.create_quiz": COHORT_TUTOR,
    "api.update_quiz": COHORT_TUTOR,
    "api.delete_quiz": COHORT_TUTOR,
    "api.duplicate_quiz": COHORT_TUTOR,
    "api.export_cohort": COHORT_STAFF,
    "api.export_unit": STAFF_ANY,
    "api.join_cohort": {"owner", "learner2"},
    "api.learner_progress": {"owner", "tutor", "assessor", "admin"},
    "api.login": PUBLIC,
    "api.logout": SIGNED_IN,
    "api.change_password": SIGNED_IN,
    "api.register": PUBLIC,
    "api.openapi": PUBLIC,
    "api.my_progress": SIGNED_IN,
    "api.my_quizzes": SIGNED_IN,
    "api.my_review": SIGNED_IN,
    "api.my_streak": SIGNED_IN,
    "api.set_goal": SIGNED_IN,
    "api.cohort_practice_time": COHORT_STAFF,
    "api.cohort_practice_time_csv": COHORT_STAFF,
    "api.start_practice": SIGNED_IN,
    "api.override": COHORT_ASSESSOR,
    "api.create_signoff": COHORT_ASSESSOR,
    "api.list_signoffs": {"owner", "tutor", "assessor", "admin"},
    "api.my_feedback": SIGNED_IN,
    "api.countersign": SIGNED_IN,
    "record.feedback_page": SIGNED_IN,
    "record.countersign": SIGNED_IN,
    "api.remove_learner": COHORT_TUTOR,
    "api.readmit_learner": COHORT_TUTOR,
    "api.rotate_code": COHORT_TUTOR,
    "api.propose_rubric": COHORT_TUTOR,
    "api.test_rubric": COHORT_TUTOR,
    "api.save_question": COHORT_TUTOR,
    "api.list_questions": COHORT_STAFF,
    "api.start_quiz": {"owner"},
    "assessor.cohort": COHORT_STAFF,
    "assessor.cohort_csv": COHORT_STAFF,
    "assessor.dashboard": STAFF_ANY,
    "assessor.learner": COHORT_STAFF,
    "assessor.pack": COHORT_STAFF,
    "assessor.pack_csv": COHORT_STAFF,
    "assessor.override": COHORT_ASSESSOR,
    "assessor.signoff": COHORT_ASSESSOR,
    "auth.login": PUBLIC,
    "auth.register": PUBLIC,
    "auth.logout": SIGNED_IN,
    "auth.logout_everywhere": SIGNED_IN,
    "auth.password": SIGNED_IN,
    "health.healthz": PUBLIC,
    "health.live": PUBLIC,
    "offline.service_worker": PUBLIC,
    "learner.chat": SIGNED_IN,
    "learner.home": SIGNED_IN,
    "learner.browse": SIGNED_IN,
    "learner.manifest": PUBLIC,
    "learner.favicon": PUBLIC,
    "learner.progress": SIGNED_IN,
    "learner.criterion_answers": SIGNED_IN,
    "learner.review": SIGNED_IN,
    "learner.scenario": SIGNED_IN,
    "learner.quiz": {"owner"},
    "static": PUBLIC,
    "admin.users": {"admin"},
    "admin.reset_link": {"admin"},
    "tutor.attach_assessor": COHORT_TUTOR,
    "tutor.cohort": COHORT_TUTOR,
    "tutor.dashboard": TUTORS,
    "tutor.remove_learner": COHORT_TUTOR,
    "tutor.readmit_learner": COHORT_TUTOR,
    "tutor.rotate_code": COHORT_TUTOR,
    "tutor.results_csv": COHORT_STAFF,
    "tutor.set_quiz": COHORT_TUTOR,
    "tutor.edit_quiz": COHORT_TUTOR,
    "tutor.copy_quiz": COHORT_TUTOR,
    "tutor.delete_quiz": COHORT_TUTOR,
    "tutor.new_question": COHORT_TUTOR,
    "tutor.reset_link": COHORT_TUTOR,
    "api.reset_link": COHORT_TUTOR,
    "reset.choose_password": PUBLIC,
    "tutor.edit_question": COHORT_TUTOR,
    "tutor.retire_question": COHORT_TUTOR,
}


LOGS_OUT = {"auth.logout", "auth.logout_everywhere", "api.logout", "api.change_password",
            "auth.password"}


def _login(client, username):
    """A bearer token for the API and a signed-in browser session for the pages."""
    bearer = client.application.test_client().post(  # no cookies: no CSRF for the API login
        "/api/v1/auth/login", json={"username": username, "password": PASSWORD}).json["token"]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    return {"Authorization": f"Bearer {bearer}"}


@pytest.fixture
def world(app, client, make_user):
    """A tutor's cohort with an assessor, a learner with a session, an answer and a quiz; and
    outsiders of every role."""
    for name, role in (("owner", "learner"), ("learner2", "learner"), ("tutor", "tutor"),
                       ("tutor2", "tutor"), ("assessor", "assessor"), ("assessor2", "assessor"),
                       ("admin", "admin")):
        make_user(name, role)
    tutor = _login(app.test_client(), "tutor")
    cohort = client.post("/api/v1/cohorts", json={"name": "C", "qualification": "TEST-Q"}, headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "assessor"}, headers=tutor)
    quiz = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes",
                       json={"title": "Q", "units": ["TEST-Q.U1"], "questions": 1}, headers=tutor).json
    owner = _login(app.test_client(), "owner")
    client.post("/api/v1/cohorts/join", json={"code": cohort["join_code"]}, headers=owner)
    session = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=owner).json["session"]
    answer = client.post(f"/api/v1/practice/{session}/answer", json={"text": "listen", "client_id": "w1"},
                         headers=owner).json["answer_id"]
    with app.app_context():
        owner_id = db.session.scalar(select(User.id).where(User.username == "owner"))
    return {"cohort": cohort, "quiz_id": quiz["id"], "session_id": session, "answer_id": answer,
            "owner_id": owner_id}


_SACRIFICES = itertools.count(1)


def _fresh_learner(app, client, cohort):
    name = f"sacrifice{next(_SACRIFICES)}"
    with app.app_context():  # the current code: a tutor may have rotated it
        code = db.session.get(Cohort, cohort["id"]).join_code
    res = app.test_client().post("/api/v1/auth/register", json={
        "username": name, "password": PASSWORD, "join_code": code})
    assert res.status_code == 201, res.json
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == name))


def _fresh_quiz(app, cohort):
    client = app.test_client()
    token = client.post("/api/v1/auth/login", json={"username": "tutor", "password": PASSWORD})
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes", json={
        "title": "To delete", "units": ["TEST-Q.U1"], "questions": 1},
        headers={"Authorization": f"Bearer {token.json['token']}"})
    assert res.status_code == 201, res.json
    return res.json["id"]


def _fresh_question(app, cohort):
    client = app.test_client()
    token = client.post("/api/v1/auth/login", json={"username": "tutor", "password": PASSWORD})
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/questions", json={
        "prompt": "What do you do first?", "model_answer": "stay calm",
        "criteria": ["TEST-Q.U1.b"],
        "rubric": {"concepts": [{"id": "calm", "label": "Stay calm", "phrasings": ["stay calm"]}]},
        "responses": [{"text": "stay calm", "band": "secure"}]},
        headers={"Authorization": f"Bearer {token.json['token']}"})
    assert res.status_code == 201, res.json
    return res.json["id"]


def _url(rule, world, app, client):
    values = {}
    for arg in rule.arguments:
        values[arg] = {
            "session_id": world["session_id"], "cohort_id": world["cohort"]["id"],
            "quiz_id": world["quiz_id"], "learner_id": world["owner_id"],
            "answer_id": world["answer_id"], "unit_id": "TEST-Q.U1", "scenario_id": "test-message",
            "criterion_id": "TEST-Q.U1.b",
            "fmt": "xml", "filename": "app.css", "token": "not-a-live-link",
        }.get(arg)
        if arg == "user_id":
            values[arg] = _fresh_learner(app, client, world["cohort"])
            if rule.endpoint.endswith("readmit_learner"):  # one the tutor removed
                with app.app_context():
                    tutor = db.session.scalar(select(User).where(User.username == "tutor"))
                    cohorts.remove_learner(tutor, world["cohort"]["id"], values[arg])
        if arg == "quiz_id" and rule.endpoint.split(".")[-1].startswith("delete"):
            values[arg] = _fresh_quiz(app, world["cohort"])  # each delete has its own quiz
        if arg == "question_id":  # each edit or retirement has its own question
            values[arg] = _fresh_question(app, world["cohort"])
    return rule.build(values)[1]


def _denied(res) -> bool:
    if res.status_code in (401, 403, 404):
        return True
    location = res.headers.get("Location", "")
    return res.status_code in (301, 302, 303) and "/login?next=" in location


def test_every_route_is_on_the_allow_list(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    assert endpoints - set(ALLOWED) == set(), "routes with no access rule"
    assert set(ALLOWED) - endpoints == set(), "rules for routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_access_matches_the_allow_list(app, world, role):
    client = app.test_client()

    def sign_in():
        headers = {} if role == "anon" else _login(client, role)
        page = client.get("/login").get_data(as_text=True)
        return headers, re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    headers, csrf = sign_in()
    problems = []
    # the routes that log the caller out go last, each after a fresh login
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint in LOGS_OUT)
    for rule in rules:
        if rule.endpoint in LOGS_OUT:
            headers, csrf = sign_in()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = _url(rule, world, app, client)
            api = url.startswith("/api/")
            kwargs = {"headers": headers if api else {}}
            if method != "GET":
                kwargs.update({"json": {}} if api else {"data": {"csrf_token": csrf}})
            res = client.open(url, method=method, **kwargs)
            res.close()
            allowed = role in ALLOWED[rule.endpoint]
            if res.status_code >= 500:
                problems.append(f"{method} {url}: {res.status_code}")
            elif allowed and _denied(res):
                problems.append(f"{method} {url}: {role} should get in, got {res.status_code}")
            elif not allowed and not _denied(res):
                problems.append(f"{method} {url}: {role} should be refused, got {res.status_code}")
    assert problems == [], "\n".join(problems)
