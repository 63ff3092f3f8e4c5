"""The tutor at 1280x800 and on a phone: lands on My cohorts, sets a quiz (a past due date is
refused and what was typed is kept), edits it, copies it and deletes it."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_SHOTS, VIEWPORTS, sign_in


def _local(days):
    return (datetime.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_tutor_sets_edits_copies_and_deletes_a_quiz(live_server, browser, make_user, size):
    STAFF_SHOTS.mkdir(exist_ok=True)
    make_user("tutor-q", "tutor")
    ctx, page = sign_in(browser, live_server, size, "tutor-q")
    expect(page.get_by_role("heading", name="My cohorts")).to_be_visible()
    page.get_by_label("Cohort name").fill("Wednesday")
    page.get_by_label("Qualification").select_option("TEST-Q")
    # only the chosen qualification's optional units are offered; the test one has none
    expect(page.get_by_text("This qualification has no optional units to choose.")).to_be_visible()
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_role("heading", name="Wednesday")).to_be_visible()

    form = page.locator("#quiz-form")
    form.get_by_label("Title").fill("Week 2 check")
    form.get_by_label(re.compile("Unit 1 Communicate")).check()
    form.get_by_label("Number of questions").fill("2")
    form.get_by_label("Due").fill(_local(-1))
    form.get_by_role("button", name="Set quiz").click()
    expect(page.get_by_role("alert")).to_contain_text("The due date has passed")
    form = page.locator("#quiz-form")
    expect(form.get_by_label("Title")).to_have_value("Week 2 check")  # kept
    expect(form.get_by_label(re.compile("Unit 1 Communicate"))).to_be_checked()
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-quiz-error-{size}.png"), full_page=False)
    form.get_by_label("Due").fill(_local(7))
    form.get_by_role("button", name="Set quiz").click()
    expect(page.get_by_role("alert")).to_contain_text("Week 2 check")
    quiz = page.locator("article.quiz-result", has_text="Week 2 check")
    expect(quiz).to_contain_text("2 questions")
    expect(quiz).to_contain_text(re.compile(r"due \d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d\d[ap]m"))

    quiz.get_by_role("link", name="Edit Week 2 check").click()
    expect(page.get_by_role("heading", name="Edit quiz: Week 2 check")).to_be_visible()
    page.get_by_label("Title").fill("Week 2 recap")
    page.get_by_label("Attempts allowed").fill("2")
    page.get_by_role("button", name="Save quiz").click()
    expect(page.get_by_role("alert")).to_contain_text("Week 2 recap")
    quiz = page.locator("article.quiz-result", has_text="Week 2 recap")
    expect(quiz).to_be_visible()

    quiz.get_by_role("button", name="Copy Week 2 recap").click()
    expect(page.get_by_role("heading", name="Edit quiz: Copy of Week 2 recap")).to_be_visible()
    page.get_by_role("link", name="Back to Wednesday").click()
    expect(page.locator("article.quiz-result")).to_have_count(2)

    quiz = page.locator("article.quiz-result", has_text="Week 2 recap").first
    quiz.locator("summary", has_text="Delete").click()
    confirm = quiz.get_by_role("button", name="Yes, delete “Week 2 recap”")
    expect(confirm).to_be_visible()
    expect(quiz).to_contain_text("Nobody has started it: it will be deleted.")
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-quiz-delete-{size}.png"), full_page=False)
    confirm.click()
    expect(page.get_by_role("alert")).to_contain_text("Quiz “Week 2 recap” deleted.")
    expect(page.locator("article.quiz-result")).to_have_count(1)
    expect(page.locator("article.quiz-result")).to_contain_text("Copy of Week 2 recap")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-cohort-{size}.png"), full_page=True)
    ctx.close()
