"""Coming back to practice, on a phone (390x844): the home page says how many questions are
ready to review, with the daily goal, today's progress and the streak; "Review" starts a review
session whose first question is in view; an answer typed in the chat while offline shows as
waiting and is stored exactly once when the connection returns, even after the page was closed
and opened again (checked through the API)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from quizapp.models._types import utcnow
from tests.browser.conftest import class_learner, controlled, log_in, move_cards, save_shot

ANSWER = "I would stay calm, listen to them and say sorry for the trouble"


def _answers(client, headers, session: str, text: str) -> list[dict]:
    """The stored answers of ``session`` with ``text``, through the API."""
    history = client.get(f"/api/v1/practice/{session}", headers=headers).json["history"]
    return [h for h in history if h.get("kind") == "answer" and h.get("text") == text]


def test_home_shows_reviews_due_goal_and_streak(app, live_server, phone, client, make_user):
    setup = class_learner(client, make_user, "reviewer")
    move_cards(app, "reviewer", utcnow() - timedelta(minutes=5))
    log_in(phone, live_server, "reviewer")
    today = phone.get_by_role("region", name="Today")
    expect(today).to_be_in_viewport()
    expect(today).to_contain_text("1 question ready to review")
    review = today.get_by_role("link", name="Review")
    expect(review).to_be_visible()
    expect(review).to_be_enabled()
    expect(review).to_be_in_viewport()
    expect(today).to_contain_text("1 of 10 questions today")  # the first answer counts
    expect(today).to_contain_text("Meet your daily goal to start a streak.")
    ten = today.get_by_role("button", name="10 questions a day")
    expect(ten).to_have_attribute("aria-pressed", "true")
    # the learner's own qualification is still on the first screen
    expect(phone.get_by_role("heading", name="Test qualification")).to_be_in_viewport()
    save_shot(phone, "01-home-review-due")

    five = today.get_by_role("button", name="5 questions a day")
    expect(five).to_be_enabled()
    five.click()
    expect(today.get_by_role("status")).to_have_text("Daily goal: 5 questions.")
    expect(five).to_have_attribute("aria-pressed", "true")
    expect(ten).to_have_attribute("aria-pressed", "false")
    expect(today).to_contain_text("1 of 5 questions today")
    zone = phone.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    streak = client.get("/api/v1/me/streak", headers=setup["headers"]).json
    assert (streak["goal"], streak["time_zone"], streak["today"]) == (5, zone, 1)
    phone.reload()  # kept: the page says the goal chosen
    expect(phone.get_by_role("button", name="5 questions a day")).to_have_attribute(
        "aria-pressed", "true")
    save_shot(phone, "02-home-goal-5")


def test_nothing_due_offers_the_weakest_criteria(app, live_server, phone, client, make_user):
    class_learner(client, make_user, "restful")
    move_cards(app, "restful", utcnow() + timedelta(days=3))
    log_in(phone, live_server, "restful")
    today = phone.get_by_role("region", name="Today")
    expect(today).to_have_text(re.compile(
        "Nothing to review today: practise your weakest criteria instead."))
    expect(today.get_by_role("link", name="Review")).to_have_count(0)
    practise = phone.get_by_role("region", name="Practise next")
    expect(practise.locator(".weakest li").first).to_contain_text("Needs work")
    expect(practise.get_by_role("link", name="Practise these")).to_be_visible()
    # offered before the qualification's units, not below them
    box = practise.bounding_box()
    units = phone.get_by_role("heading", name="Test qualification").bounding_box()
    assert box["y"] < units["y"]
    phone.evaluate("window.scrollTo(0, document.getElementById('today-head').offsetTop - 10)")
    save_shot(phone, "03-home-nothing-due")


def test_review_from_home_and_an_answer_sent_offline(app, live_server, phone, client,
                                                    make_user):
    setup = class_learner(client, make_user, "bus-rider")
    move_cards(app, "bus-rider", utcnow() - timedelta(minutes=5))
    log_in(phone, live_server, "bus-rider")
    phone.get_by_role("region", name="Today").get_by_role("link", name="Review").click()
    expect(phone).to_have_url(f"{live_server}/review")
    expect(phone.get_by_role("heading", name="Review", exact=True)).to_be_visible()
    question = phone.locator(".msg-bot.question").last
    expect(question).to_contain_text(setup["question"]["prompt"])  # the card due comes first
    expect(question).to_be_in_viewport()
    box = phone.get_by_role("textbox", name="Your answer")
    send = phone.get_by_role("button", name="Send")
    expect(box).to_be_enabled()
    expect(send).to_be_enabled()
    save_shot(phone, "04-review-first-question")
    session = phone.evaluate("JSON.parse(localStorage.getItem('quizapp.session.review'))")
    assert re.fullmatch(r"[0-9a-f]{32}", session)

    controlled(phone)  # the worker keeps the review page and the session's state
    context = phone.context
    context.set_offline(True)
    box.fill(ANSWER)
    send.click()
    mine = phone.locator(".msg-me").last
    expect(mine).to_contain_text(ANSWER)
    expect(mine).to_contain_text("Waiting to send: you're offline")
    expect(mine).to_be_in_viewport()
    expect(phone.locator("#offline-status")).to_have_text(re.compile("1 answer waiting"))
    expect(phone.locator("#status")).to_contain_text("Not sent yet")
    expect(box).to_be_disabled()
    expect(send).to_be_disabled()
    save_shot(phone, "05-offline-waiting")
    assert _answers(client, setup["headers"], session, ANSWER) == []

    phone.close()  # closed with the answer waiting; opened again, still offline
    page = context.new_page()
    page.goto(f"{live_server}/review")
    expect(page.get_by_role("heading", name="Review", exact=True)).to_be_visible()
    expect(page.locator(".msg-bot.question").last).to_contain_text(setup["question"]["prompt"])
    waiting = page.locator(".msg-me.waiting")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("Waiting to send")
    expect(page.get_by_role("status").filter(has_text="You're offline")).to_be_visible()
    save_shot(page, "06-reopened-offline")

    context.set_offline(False)
    feedback = page.locator(".msg-bot.feedback")
    expect(feedback).to_have_count(1, timeout=15_000)
    expect(feedback).to_be_visible()
    expect(page.locator(".msg-me.waiting")).to_have_count(0)
    expect(page.locator("#offline-status")).to_be_hidden()
    # marked as if it had been sent at once: the band in view, Next to go on
    expect(feedback.locator(".band")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Next")).to_be_enabled()
    save_shot(page, "07-back-online-marked")
    assert len(_answers(client, setup["headers"], session, ANSWER)) == 1

    page.reload()  # opening again sends nothing more
    expect(page.locator(".msg-bot.feedback")).to_have_count(1)
    page.evaluate("quizOffline.flush()")
    assert page.evaluate("quizOffline.pending()") == []
    assert len(_answers(client, setup["headers"], session, ANSWER)) == 1


def test_today_card_on_a_desktop(app, browser, live_server, client, make_user):
    class_learner(client, make_user, "deskreviewer")
    move_cards(app, "deskreviewer", utcnow() - timedelta(minutes=5))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, live_server, "deskreviewer")
        today = page.get_by_role("region", name="Today")
        expect(today.get_by_role("link", name="Review")).to_be_in_viewport()
        expect(today.get_by_role("button", name="20 questions a day")).to_be_in_viewport()
        save_shot(page, "08-home-desktop")
        today.get_by_role("link", name="Review").click()
        expect(page.locator(".msg-bot.question").last).to_be_in_viewport()
        expect(page.get_by_role("textbox", name="Your answer")).to_be_enabled()
        save_shot(page, "09-review-desktop")
    finally:
        context.close()
