"""A learner answers a tutor's check quiz (marks after the due date) at 390x844 and 1280x800:
My progress shows no change on the check's criterion before the due date, and the answer
counts there once the due date has passed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import GOOD, STAFF_SHOTS, cohort_learner, sign_in

WORDS = {"TEST-Q.U1.a": "The difference between hearing and listening",
         "TEST-Q.U1.b": "How to deal with an angry customer"}
ANSWERS = {"TEST-Q.U1.a": GOOD["hearing"], "TEST-Q.U1.b": GOOD["shouting"]}


def _progress(page, criterion: str):
    """My progress, through the top link: the unit's region and the criterion's row in it."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress",
                                                            exact=True).click()
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    unit = page.get_by_role("region", name=re.compile("Unit 1: Communicate with customers"))
    details = unit.locator("details")
    if details.get_attribute("open") is None:
        unit.get_by_text("What this unit asks").click()
    row = unit.get_by_role("listitem").filter(has_text=WORDS[criterion])
    expect(row).to_be_visible()
    return unit, row


def _answers_link(unit, criterion: str):
    return unit.get_by_role("link", name=f"Your answers — {WORDS[criterion][0].lower()}"
                                         f"{WORDS[criterion][1:]}")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_my_progress_keeps_a_check_answer_until_the_due_date(app, live_server, browser, client,
                                                             make_user, size):
    name = f"checker-{size}"
    setup = cohort_learner(client, make_user, name)  # answered one question badly
    # the check is on a criterion the learner has no answer to yet
    criterion = next(c for c in WORDS if c not in setup["first"]["criteria"])
    due = datetime.now(UTC) + timedelta(days=2)
    quiz = client.post(f"/api/v1/cohorts/{setup['cohort']}/quizzes", headers=setup["tutor"],
                       json={"title": "Friday check", "criteria": [criterion], "questions": 1,
                             "due": due.isoformat(), "feedback": "after_due"})
    assert quiz.status_code == 201, quiz.json
    ctx, page = sign_in(browser, live_server, size, name)
    try:
        expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()
        unit, row = _progress(page, criterion)
        share_before = unit.locator(".share-text").inner_text()
        expect(row).to_contain_text("Not started")
        expect(_answers_link(unit, criterion)).to_have_count(0)

        page.get_by_role("link", name="Practise", exact=True).click()
        page.get_by_role("link", name=re.compile("Friday check")).click()
        page.get_by_role("button", name="Start the quiz").click()
        expect(page.get_by_role("heading", name=re.compile("Question 1 of 1"))).to_be_visible()
        page.get_by_label("Your answer").fill(ANSWERS[criterion])
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator(".msg-bot.feedback").last).to_contain_text("after the due date")
        STAFF_SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(STAFF_SHOTS / f"check-progress-saved-{size}.png"))

        unit, row = _progress(page, criterion)  # before the due date: no change
        expect(row).to_contain_text("Not started")
        expect(row).not_to_contain_text("Getting there")
        expect(_answers_link(unit, criterion)).to_have_count(0)
        expect(unit.locator(".share-text")).to_have_text(share_before)
        row.scroll_into_view_if_needed()
        page.screenshot(path=str(STAFF_SHOTS / f"check-progress-before-{size}.png"))

        with app.app_context():  # the due date passes
            from quizapp.extensions import db
            from quizapp.models import Quiz

            found = db.session.scalar(select(Quiz).where(Quiz.id == quiz.json["id"]))
            found.due_at = datetime.now(UTC) - timedelta(minutes=1)
            db.session.commit()
        unit, row = _progress(page, criterion)
        expect(row).to_contain_text("Getting there")
        expect(_answers_link(unit, criterion)).to_be_visible()
        expect(unit.locator(".share-text")).not_to_have_text(share_before)
        row.scroll_into_view_if_needed()
        page.screenshot(path=str(STAFF_SHOTS / f"check-progress-after-{size}.png"))
    finally:
        ctx.close()
