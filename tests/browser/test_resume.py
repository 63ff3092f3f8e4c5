"""Continue an unfinished session, at 390x844 and 1280x800: a learner starts a tutor's quiz, a
role-play or a unit's practice, answers one turn, leaves for the home page, comes back by
"Continue" (and by the quiz's, role-play's or unit's own page, also on another phone or
computer), and the chat is where they left it: their reply, its feedback and the next question
or caller line, not the start."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    VIEWPORTS,
    browse_to,
    cohort_learner,
    current_prompt,
    good_answer,
    shot,
    sign_in,
)

SIZES = list(VIEWPORTS)
ROLEPLAY = "Take a message for a colleague"
QUALIFICATION, UNIT = "Test qualification", "Communicate with customers"
HELLO = "Good morning, how can I help?"


def home(page, base, username):
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name=f"Hello, {username}")).to_be_visible()


def conversation(page):
    return page.get_by_role("list", name="Conversation")


def continue_card(page):
    return page.get_by_role("region", name="Continue")


@pytest.mark.parametrize("size", SIZES)
def test_continue_a_set_quiz(live_server, browser, client, make_user, size):
    name = f"quizzer-{size}"
    setup = cohort_learner(client, make_user, name)  # also leaves a unit session half done
    quiz = client.post(f"/api/v1/cohorts/{setup['cohort']}/quizzes", headers=setup["tutor"],
                       json={"title": "Monday quiz", "units": ["TEST-Q.U1"],
                             "questions": 2}).json
    ctx, page = sign_in(browser, live_server, size, name)
    try:
        expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()
        page.get_by_role("link", name=re.compile("Monday quiz")).click()
        page.get_by_role("button", name="Start the quiz").click()
        first, second = _answer_question_one(page)

        # away to the home page: the quiz is what Continue offers, at question 2 of 2
        home(page, live_server, name)
        card = continue_card(page)
        expect(card).to_be_in_viewport()
        expect(card).to_contain_text("Monday quiz: question 2 of 2")
        shot(page, f"resume-quiz-home-{size}")
        card.get_by_role("link", name="Continue").click()
        expect(page).to_have_url(re.compile(rf"/quiz/{quiz['id']}\?session=\w+"))
        _at_question_two(page, first, second)
        shot(page, f"resume-quiz-continued-{size}")

        # the quiz's own page offers to continue the same attempt, not a new one
        home(page, live_server, name)
        page.get_by_role("link", name=re.compile("Monday quiz")).click()
        expect(page.get_by_role("heading", name="About this quiz")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("Start"))).to_have_count(0)
        page.get_by_role("button", name="Continue the quiz").click()
        _at_question_two(page, first, second)
        shot(page, f"resume-quiz-intro-continued-{size}")

        # and the attempt goes on from there to its summary
        _answer_question_two(page, second)
        home(page, live_server, name)
        # the quiz is done: Continue now offers the unit session left half done, not the quiz
        expect(continue_card(page)).not_to_contain_text("Monday quiz")
    finally:
        ctx.close()


@pytest.mark.parametrize("size", SIZES)
def test_continue_a_unit_on_another_device(live_server, browser, make_user, size):
    name = f"practiser-{size}"
    make_user(name)
    ctx, page = sign_in(browser, live_server, size, name)
    try:
        expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()
        browse_to(page, QUALIFICATION, UNIT)
        first, second = _answer_question_one(page)

        # away to the home page: the unit's practice is what Continue offers, at question 2
        home(page, live_server, name)
        card = continue_card(page)
        expect(card).to_be_in_viewport()
        expect(card).to_contain_text(re.compile(rf"{UNIT}: question 2 of 2"))
        shot(page, f"resume-unit-home-{size}")

        # on another phone or computer, which never saw this run, the unit's own page (not
        # Continue) goes back to it: question 1 answered, question 2 waiting
        other, elsewhere = sign_in(browser, live_server, size, name)
        try:
            expect(elsewhere.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()
            browse_to(elsewhere, QUALIFICATION, UNIT)
            expect(elsewhere).to_have_url(re.compile(r"/practice/TEST-Q\.U1$"))
            _at_question_two(elsewhere, first, second)
            shot(elsewhere, f"resume-unit-elsewhere-{size}")
            # and the run goes on there to its summary
            _answer_question_two(elsewhere, second)
            home(elsewhere, live_server, name)
            expect(continue_card(elsewhere)).to_have_count(0)  # nothing left to continue
        finally:
            other.close()
    finally:
        ctx.close()


def _answer_question_one(page) -> tuple[str, str]:
    """Answer question 1 of 2 well and go on to question 2; both questions' words."""
    expect(page.get_by_role("heading", name="Question 1 of 2")).to_be_visible()
    first = current_prompt(page)
    page.get_by_label("Your answer").fill(good_answer(first))
    page.get_by_role("button", name="Send", exact=True).click()
    expect(conversation(page).locator(".feedback .band")).to_contain_text("Secure")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name="Question 2 of 2")).to_be_visible()
    second = current_prompt(page)
    assert second != first
    return first, second


def _answer_question_two(page, second: str) -> None:
    """Answer question 2 of 2 well and go on to the session's summary of both."""
    page.get_by_label("Your answer").fill(good_answer(second))
    page.get_by_role("button", name="Send", exact=True).click()
    expect(conversation(page).locator(".feedback")).to_have_count(2)
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    expect(page.locator("#summary .review-item")).to_have_count(2)


def _at_question_two(page, first: str, second: str) -> None:
    """The chat shows question 1 with the learner's answer and its feedback, then question 2
    waiting for an answer; no intro, no fresh start."""
    chat = conversation(page)
    expect(page.get_by_role("heading", name="Question 2 of 2")).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Question 1 of 2")).to_have_count(1)
    expect(chat.get_by_role("listitem").filter(has_text=first)).to_have_count(1)
    expect(chat.get_by_role("listitem").filter(has_text=good_answer(first))).to_be_visible()
    expect(chat.locator(".feedback .band")).to_have_text(re.compile("Secure"))
    expect(chat.get_by_role("listitem").filter(has_text=second)).to_be_visible()
    expect(chat).not_to_contain_text("Hi! Answer in your own words")
    expect(page.get_by_role("heading", name="About this quiz")).to_be_hidden()
    expect(page.get_by_label("Your answer")).to_be_editable()
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_enabled()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("size", SIZES)
def test_continue_a_roleplay(live_server, browser, make_user, size):
    name = f"caller-{size}"
    make_user(name)
    ctx, page = sign_in(browser, live_server, size, name)
    try:
        expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()
        expect(continue_card(page)).to_have_count(0)
        browse_to(page, "Role-play a customer", ROLEPLAY)
        chat = conversation(page)
        expect(chat.locator(".msg-bot.direction").first).to_contain_text("phone rings")
        expect(page.get_by_role("button", name="Send", exact=True)).to_be_enabled()
        opening = chat.locator(".msg-bot.direction p").first.inner_text()
        page.get_by_label("Your answer").fill(HELLO)
        page.get_by_role("button", name="Send", exact=True).click()
        expect(chat.locator(".feedback .band")).to_contain_text("Secure")
        caller = chat.locator(".msg-bot.customer").last
        expect(caller).to_contain_text("ring me on")
        line = caller.locator("p").inner_text()
        step = chat.get_by_role("heading", name=re.compile("Role-play, step")).last.inner_text()

        # away to the home page: the role-play is what Continue offers
        home(page, live_server, name)
        card = continue_card(page)
        expect(card).to_be_in_viewport()
        # how far: a good greeting leaves the number and the message, three replies in all
        expect(card).to_contain_text(f"{ROLEPLAY}: reply 2 of 3")
        shot(page, f"resume-roleplay-home-{size}")
        card.get_by_role("link", name="Continue").click()
        expect(page).to_have_url(re.compile(r"/scenario/[\w.-]+\?session=\w+"))
        _at_the_callers_next_line(page, opening, line, step)
        shot(page, f"resume-roleplay-continued-{size}")

        # the role-play's own page goes back to the same run, not a fresh call
        home(page, live_server, name)
        browse_to(page, "Role-play a customer", ROLEPLAY)
        _at_the_callers_next_line(page, opening, line, step)

        # so does it on another phone or computer, which never saw this run
        other, elsewhere = sign_in(browser, live_server, size, name)
        try:
            expect(elsewhere.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()
            browse_to(elsewhere, "Role-play a customer", ROLEPLAY)
            _at_the_callers_next_line(elsewhere, opening, line, step)
            shot(elsewhere, f"resume-roleplay-elsewhere-{size}")
        finally:
            other.close()

        # and the run goes on from there: the caller repeats the number they gave
        number = re.search(r"0113 496 0\d{3}", line).group(0)
        callers = chat.locator(".msg-bot.customer")
        said = callers.count()
        page.get_by_label("Your answer").fill("sorry, could you say that again?")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(chat.locator(".msg-me")).to_have_count(2)
        expect(callers).to_have_count(said + 1)  # the caller's new line, not the one before
        expect(callers.last).to_contain_text(number)
        shot(page, f"resume-roleplay-goes-on-{size}")
    finally:
        ctx.close()


def _at_the_callers_next_line(page, opening: str, line: str, step: str) -> None:
    """The chat shows the scene's opening, the learner's reply and its feedback, then the
    caller's next line, with the answer box ready; no fresh start."""
    chat = conversation(page)
    expect(chat.get_by_role("heading", name=step)).to_have_count(1)
    expect(chat.locator(".msg-bot.direction p").first).to_have_text(opening)
    expect(chat.get_by_role("listitem").filter(has_text=HELLO)).to_have_count(1)
    expect(chat.locator(".feedback .band")).to_contain_text("Secure")
    expect(chat.get_by_role("listitem").filter(has_text=line).last).to_be_in_viewport()
    expect(chat.locator(".msg-me")).to_have_count(1)
    expect(page.get_by_label("Your answer")).to_be_editable()
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_enabled()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

