"""A live server on loopback and a phone-sized headless Chromium (Debian's, never a download)."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, login

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    return (os.environ.get("CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.geteuid() == 0 or os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make test` installs Debian's chromium as root")
        pytest.skip("chromium is not installed and we are not root to install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def submit_login(page, base, username):
    """Fill in and send the login page as an existing user with the test password."""
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def log_in(page, base, username):
    """Log in through the login page in the browser, as an existing user with the test password."""
    from playwright.sync_api import expect

    submit_login(page, base, username)
    expect(page.get_by_role("heading", name=f"Hello, {username}")).to_be_visible()


# axe-core, installed by `make browser` from the npm registry
AXE = Path(__file__).resolve().parents[2] / ".cache/npm/node_modules/axe-core/axe.min.js"


# --- shared by the learner journeys -------------------------------------------------------

SHOTS = Path(os.environ.get("SHOTS", "/tmp/shots-learner"))
GOOD = {"shouting": "I would stay calm, listen to them and say sorry for the problem",
        "hearing": "hearing is just noise, listening is when you pay attention to understand"}
# a long answer, so the conversation is taller than the screen
RAMBLE = ("well it depends on the day and on the customer and on what they want from me, "
          "sometimes they are nice and sometimes they are not, i would think about it ") * 3


def browse_to(page, qualification: str, link: str) -> None:
    """From home, through "All qualifications and role-plays", to a unit's or role-play's link."""
    page.get_by_role("link", name="All qualifications and role-plays").click()
    page.locator("summary", has_text=qualification).click()
    page.get_by_role("link", name=re.compile(link)).click()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def good_answer(prompt: str) -> str:
    return GOOD["shouting"] if "shouting" in prompt else GOOD["hearing"]


def open_unit(page, base: str, username: str, make_user) -> None:
    make_user(username)
    log_in(page, base, username)
    page.goto(f"{base}/practice/TEST-Q.U1")
    expect(page.get_by_role("heading", name=re.compile(r"Question 1 of \d"))).to_be_in_viewport()


def current_prompt(page) -> str:
    return page.locator(".msg-bot.question .prompt").last.inner_text()


def skip_one_answer_the_rest(page) -> int:
    """Play the open unit session to its end: Skip the first question, answer every other one
    well, Next after each; returns how many questions the session had."""
    total = int(re.search(r"of (\d+)", page.locator(".turn-head").last.inner_text()).group(1))
    for n in range(total):
        if n == 0:
            page.get_by_role("button", name="Skip", exact=True).click()
        else:
            page.get_by_label("Your answer").fill(good_answer(current_prompt(page)))
            page.get_by_role("button", name="Send", exact=True).click()
            expect(page.locator(".msg-bot.feedback")).to_have_count(n)
        page.get_by_role("button", name="Next", exact=True).click()
    return total


def cohort_learner(client, make_user, name: str) -> dict:
    """A learner in a tutor's cohort on TEST-Q who answered one question badly and left the
    session half done; returns the learner's API headers and the session id."""
    make_user(f"tutor-{name}", "tutor")
    tutor = login(client, f"tutor-{name}")
    cohort = client.post("/api/v1/cohorts", json={"name": "Tuesday", "qualification": "TEST-Q"},
                         headers=tutor).json
    client.post("/api/v1/auth/register", json={"username": name, "password": PASSWORD,
                                               "join_code": cohort["join_code"]})
    headers = login(client, name)
    started = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=headers).json
    turn = started["turn"]
    client.post(f"/api/v1/practice/{started['session']}/answer", headers=headers,
                json={"text": "i would shout back at them", "client_id": "home-1",
                      "question_id": turn["question_id"]})
    return {"headers": headers, "session": started["session"], "first": turn,
            "cohort": cohort["id"], "tutor": tutor}


# --- shared by the staff journeys ---------------------------------------------------------

STAFF_SHOTS = Path("/tmp/shots-staff")
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def sign_in(browser, live_server, size, username):
    ctx = browser.new_context(viewport=VIEWPORTS[size], is_mobile=size == "phone",
                              has_touch=size == "phone", device_scale_factor=1)
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    submit_login(page, live_server, username)
    return ctx, page


# --- shared by the review and offline journeys ------------------------------------------

def eventually(page, script, timeout=10.0):
    """Evaluate ``script`` (it may return a promise) until it gives true, or fail."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"never true: {script}"
        page.wait_for_timeout(100)


def controlled(page):
    """Wait until the service worker controls the page and has kept it in its cache."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    eventually(page, """async () => {
        const names = await caches.keys();
        for (const name of names) {
            if (name.startsWith('quizapp-pages-')
                && await (await caches.open(name)).match(location.href)) return true;
        }
        return false;
    }""")


LEARNER2_SHOTS = os.environ.get("SHOTS_LEARNER2", "/tmp/shots-learner2")


def save_shot(page, name: str) -> str:
    """A screenshot of the viewport into $SHOTS_LEARNER2 (/tmp/shots-learner2), to look at."""
    os.makedirs(LEARNER2_SHOTS, exist_ok=True)
    path = os.path.join(LEARNER2_SHOTS, f"{name}.png")
    page.screenshot(path=path)
    return path


def class_learner(client, make_user, name: str) -> dict:
    """``cohort_learner``, with the question answered (a review card on it) as ``question``."""
    data = cohort_learner(client, make_user, name)
    return {**data, "question": data["first"]}


def move_cards(app, username: str, due) -> None:
    """Set when the user's review cards fall due (the clock moved on: a test's time travel)."""
    from sqlalchemy import select, update

    from quizapp.extensions import db
    from quizapp.models import ReviewCard, User

    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
        db.session.execute(update(ReviewCard).where(ReviewCard.user_id == user_id)
                           .values(due=due))
        db.session.commit()
