"""Issue 18's controls in Chromium: the tutor's new join code and "let back in" on a phone, the
quiz form's dates in the browser's time zone, and the Account page (password change, log out
everywhere) on a laptop. Screenshots go to SECURITY_SHOTS when set."""

import os
import re
from datetime import datetime, timezone
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Quiz
from tests.browser.conftest import log_in, submit_login
from tests.conftest import PASSWORD

NEW_PASSWORD = "another-long-passphrase"


def _shot(page, tmp_path, name):
    folder = Path(os.environ.get("SECURITY_SHOTS") or tmp_path)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_tutor_changes_the_code_lets_a_learner_back_and_sets_dates_in_local_time(
        app, live_server, browser, make_user, tmp_path):
    make_user("tutor-z", "tutor")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  timezone_id="America/New_York")
    page = context.new_page()
    submit_login(page, live_server, "tutor-z")
    expect(page.get_by_role("heading", name="My cohorts")).to_be_visible()
    page.fill("#cohort-name", "Night class")
    page.select_option("#cohort-qualification", "TEST-Q")
    page.get_by_role("button", name="Create cohort").click()
    old_code = page.locator("#join-code").inner_text().strip()

    # static/tz.js tells the server the browser's zone; the quiz form's dates are read in it
    assert {c["name"]: c["value"] for c in context.cookies()}.get("tz") == "America/New_York"
    page.fill("#quiz-title", "Evening check")
    page.get_by_label(re.compile("Unit 1 Communicate")).check()
    page.fill("#quiz-due", "2030-01-10T09:00")
    page.get_by_role("button", name="Set quiz").click()
    expect(page.locator(".flash")).to_contain_text("Evening check")
    with app.app_context():
        due = db.session.scalar(select(Quiz.due_at).where(Quiz.title == "Evening check"))
    assert due == datetime(2030, 1, 10, 14, 0, tzinfo=timezone.utc)  # 09:00 in New York

    learner = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    learner.goto(f"{live_server}/register?code={old_code}")
    learner.fill("#username", "ravi")
    learner.fill("#password", PASSWORD)
    learner.get_by_role("button", name="Join").click()
    expect(learner.locator(".flash")).to_contain_text("Night class")

    page.get_by_role("button", name="New join code").click()
    expect(page.locator(".flash")).to_contain_text("the old one no longer works")
    new_code = page.locator("#join-code").inner_text().strip()
    assert new_code != old_code and re.fullmatch(r"[A-Z2-9]{6}", new_code)

    ravi = page.locator("#people li", has_text="ravi")
    ravi.get_by_text("Remove…").click()
    ravi.get_by_role("button", name="Yes, remove ravi").click()
    expect(page.get_by_role("heading", name="Removed (1)")).to_be_visible()
    learner.goto(f"{live_server}/all")
    learner.get_by_text("Join a class with a code").click()
    learner.get_by_label("Join code").fill(new_code)
    learner.get_by_role("button", name="Join", exact=True).click()
    expect(learner.locator(".flash")).to_contain_text("let you back in")

    _shot(page, tmp_path, "tutor-removed-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Let back in").click()
    expect(page.locator(".flash")).to_contain_text("let back into the cohort")
    expect(page.locator("#people li", has_text="ravi").get_by_text("Remove…")).to_be_visible()
    context.close()
    learner.context.close()


def test_account_page_changes_the_password_and_logs_out_everywhere(live_server, browser,
                                                                    make_user, tmp_path):
    make_user("lena")
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    other = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(laptop, live_server, "lena")
    log_in(other, live_server, "lena")
    laptop.get_by_role("link", name="Account").click()
    expect(laptop.get_by_role("heading", name="Change your password")).to_be_visible()
    laptop.get_by_label("Current password").fill(PASSWORD)
    laptop.get_by_label("New password", exact=True).fill("1234567890")
    laptop.get_by_label("New password again").fill("1234567890")
    laptop.get_by_role("button", name="Change password").click()
    expect(laptop.locator(".flash")).to_contain_text("less common password")
    laptop.get_by_label("Current password").fill(PASSWORD)
    laptop.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    laptop.get_by_label("New password again").fill(NEW_PASSWORD)
    laptop.get_by_role("button", name="Change password").click()
    expect(laptop.locator(".flash")).to_contain_text("logged out on your other devices")
    _shot(laptop, tmp_path, "account-laptop")

    other.reload()  # the other browser's login was revoked
    expect(other).to_have_url(re.compile(r"/login"))
    laptop.get_by_role("button", name="Log out everywhere").click()
    expect(laptop.locator(".flash")).to_contain_text("logged out on every device")
    laptop.goto(f"{live_server}/progress")
    expect(laptop).to_have_url(re.compile(r"/login"))
    laptop.context.close()
    other.context.close()
