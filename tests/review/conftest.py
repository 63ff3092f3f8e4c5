"""The review tests' world: a tutor's cohort with an assessor and a learner who answered."""

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import PASSWORD, login


@pytest.fixture
def setup(app, client, make_user):
    """A tutor's cohort with an attached assessor and one learner who answered once."""
    make_user("tutor1", "tutor")
    make_user("asha", "assessor")
    tutor = login(client, "tutor1")
    cohort = client.post("/api/v1/cohorts", json={"name": "C1", "qualification": "TEST-Q"},
                         headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "asha"}, headers=tutor)
    client.post("/api/v1/auth/register", json={"username": "lea", "password": PASSWORD,
                                               "join_code": cohort["join_code"]})
    learner = login(client, "lea")
    session = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.b"]}, headers=learner).json
    reply = client.post(f"/api/v1/practice/{session['session']}/answer",
                        json={"text": "i would ask my manager to come", "client_id": "a1"},
                        headers=learner).json
    with app.app_context():
        lea_id = db.session.scalar(select(User.id).where(User.username == "lea"))
    return {"cohort": cohort, "tutor": tutor, "assessor": login(client, "asha"), "learner": learner,
            "lea_id": lea_id, "answer_id": reply["answer_id"], "band": reply["band"]}

