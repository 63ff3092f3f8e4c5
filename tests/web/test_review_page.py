"""The review page (``/review``) and the unfinished review session it continues
(``services.learner_home.unfinished_review``)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from quizapp.extensions import db
from quizapp.models import PracticeSession
from quizapp.models._types import utcnow
from quizapp.services import learner_home
from tests.conftest import PASSWORD, login, web_login


def _learner(client, make_user, name: str) -> dict:
    make_user(f"t-{name}", "tutor")
    tutor = login(client, f"t-{name}")
    cohort = client.post("/api/v1/cohorts", json={"name": "Thu", "qualification": "TEST-Q"},
                         headers=tutor).json
    user = client.post("/api/v1/auth/register", json={
        "username": name, "password": PASSWORD, "join_code": cohort["join_code"]}).json["user"]
    return {"id": user["id"], "headers": login(client, name)}


def _chat_attributes(html: str) -> dict[str, str]:
    section = re.search(r'<section class="chat" id="chat"(.*?)>', html, re.S).group(1)
    found = re.findall(r'(data-[\w-]+)=(?:"([^"]*)"|\'([^\']*)\')', section)
    return {name: double or single for name, double, single in found}


def test_review_page_starts_a_review_then_continues_it(app, client, make_user):
    who = _learner(client, make_user, "reviewpage")
    web_login(client, "reviewpage")
    page = client.get("/review")
    assert page.status_code == 200
    attrs = _chat_attributes(page.get_data(as_text=True))
    assert json.loads(attrs["data-start-body"]) == {"review": True}
    assert attrs["data-session"] == "" and attrs["data-fresh"] == "1"

    started = client.post("/api/v1/practice", json={"review": True}, headers=who["headers"]).json
    attrs = _chat_attributes(client.get("/review").get_data(as_text=True))
    assert attrs["data-session"] == started["session"]  # the unfinished one is continued
    # a unit's session is not a review; an old review starts afresh
    client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=who["headers"])
    with app.app_context():
        assert learner_home.unfinished_review(who["id"]) == started["session"]
        later = utcnow() + timedelta(days=2)
        assert learner_home.unfinished_review(who["id"], now=later) is None
        db.session.get(PracticeSession, started["session"]).position = 99  # all answered
        db.session.commit()
        assert learner_home.unfinished_review(who["id"]) is None


def test_home_today_card_says_nothing_due_for_a_new_learner(client, make_user):
    _learner(client, make_user, "freshstart")
    web_login(client, "freshstart")
    html = client.get("/").get_data(as_text=True)
    assert 'aria-labelledby="today-head"' in html
    assert "Nothing to review today: practise your weakest criteria instead." in html
    assert "0 of 10</strong> questions today" in html
    assert 'aria-label="10 questions a day" aria-pressed="true"' in html
    assert 'href="/review"' not in html
