"""The tutor sees each learner's practice time and assessment time, kept apart, with the
cohort's results, on a phone and a desktop, and downloads them in the results CSV."""

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, PracticeSession, User
from quizapp.models._types import utcnow
from tests.browser.conftest import VIEWPORTS, cohort_learner, sign_in

SHOTS = Path("/tmp/shots-time21")
LONDON = ZoneInfo("Europe/London")


def _session_at(app, username, moments, quiz_id=None):
    """A session started at the first moment with a first-try answer at each of the others."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
        session = PracticeSession(id=f"t{moments[0].timestamp():.0f}{quiz_id or ''}",
                                  user_id=user_id, queue=["TEST-Q.U1.q-angry"],
                                  created_at=moments[0], quiz_id=quiz_id)
        db.session.add(session)
        for n, at in enumerate(moments[1:]):
            db.session.add(Answer(session_id=session.id, user_id=user_id,
                                  question_id="TEST-Q.U1.q-angry", client_id=f"{session.id}-{n}",
                                  created_at=at, score=1.0, band="secure"))
        db.session.commit()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_tutor_sees_practice_and_assessment_time(app, client, live_server, browser,
                                                     make_user, size):
    name = f"learner-{size}"
    seeded = cohort_learner(client, make_user, name)
    quiz = client.post(f"/api/v1/cohorts/{seeded['cohort']}/quizzes", headers=seeded["tutor"],
                       json={"title": "Week check", "units": ["TEST-Q.U1"], "questions": 1,
                             "feedback": "after_due",
                             "due": (utcnow() + timedelta(days=3)).isoformat()})
    assert quiz.status_code == 201, quiz.json
    # last week, Monday 09:00 in London: 12 minutes' practice (a 40-minute break left out)
    # and, on Tuesday, 6 minutes in the tutor's check quiz
    today = utcnow().astimezone(LONDON).date()
    monday = today - timedelta(days=today.weekday() + 7)
    nine = datetime(monday.year, monday.month, monday.day, 9, tzinfo=LONDON)
    _session_at(app, name, [nine + timedelta(minutes=m) for m in (0, 4, 9, 49, 52)])
    _session_at(app, name, [nine + timedelta(days=1, minutes=m) for m in (0, 2, 6)],
                quiz_id=quiz.json["id"])

    ctx, page = sign_in(browser, live_server, size, f"tutor-{name}")
    try:
        page.goto(f"{live_server}/tutor/cohorts/{seeded['cohort']}")
        table = page.get_by_role("table", name=re.compile("Time per learner"))
        table.scroll_into_view_if_needed()
        expect(table).to_be_visible()
        expect(page.get_by_text(re.compile("tests don't count as off-the-job training"))
               ).to_be_visible()
        expect(table.get_by_role("columnheader", name="Practice")).to_be_visible()
        expect(table.get_by_role("columnheader", name="Assessment")).to_be_visible()
        expect(table.get_by_role("rowheader", name=re.compile(
            f"^{re.escape(name)} · practice 12 min, assessment 6 min in 5 weeks"))).to_be_visible()
        week = f"{monday.day} {monday:%B %Y}"
        row = table.get_by_role("row", name=re.compile(f"^{week}"))
        expect(row).to_have_count(1)  # one learner in the cohort
        expect(row.get_by_role("cell")).to_have_text(["12 min", "6 min"])
        this_week = table.get_by_role("row", name=re.compile(r"\(this week\)"))
        expect(this_week.get_by_role("cell")).to_have_text(["0 min", "0 min"])
        width = VIEWPORTS[size]["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"tutor-time-{size}.png"))

        with page.expect_download() as download:
            page.get_by_role("link", name="Download results (CSV)").click()
        lines = Path(download.value.path()).read_text().splitlines()
        header = lines.index("learner,week_starting,practice_minutes,assessment_minutes")
        assert f"{name},{monday.isoformat()},12.0,6.0" in lines[header + 1:]
    finally:
        ctx.close()
