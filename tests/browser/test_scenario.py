"""A learner on a phone plays the telephone-message scenario to its debrief."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.conftest import browse_to
from tests.browser.conftest import shot


def test_play_telephone_message_scenario(live_server, phone, make_user):
    make_user("caller-taker")
    log_in(phone, live_server, "caller-taker")
    browse_to(phone, "Role-play a customer", "Take a message for a colleague")
    expect(phone.locator(".msg-bot.direction").first).to_contain_text("phone rings")

    def reply(text):
        count = phone.locator(".msg-me").count()
        phone.fill("#answer", text)
        phone.click("#send")
        expect(phone.locator(".msg-me")).to_have_count(count + 1)

    reply("Good morning, how can I help?")
    expect(phone.locator(".msg-bot.feedback").last.locator(".band")).to_contain_text("Secure")
    expect(phone.locator(".msg-bot.feedback").last.locator(".band")).to_be_in_viewport()
    shot(phone, "19-roleplay-turn")
    line = phone.locator(".msg-bot.customer").last
    expect(line).to_contain_text("ring me on")
    text = line.inner_text()
    number = re.search(r"0113 496 0\d{3}", text).group(0)
    caller = re.search(r"It's (.+?) here", text).group(1)
    colleague = re.search(r"ask (\w+) to ring", text).group(1)

    reply("sorry, could you say that again?")
    expect(phone.locator(".msg-bot.customer").last).to_contain_text(number)
    reply(f"So that's {number}, is that right?")
    expect(phone.locator(".msg-bot.direction").last).to_contain_text("write the message")
    reply(f"For {colleague}: {caller} rang. Please ring back on {number}.")
    debrief = phone.locator(".msg-bot.debrief")
    expect(debrief).to_be_visible()
    # criteria by their words, what went well and what to work on, step by step
    expect(debrief).to_contain_text("Pass messages to colleagues")
    expect(debrief.get_by_role("heading", name="Step by step")).to_be_visible()
    expect(debrief.locator(".steps > li")).to_have_count(3)
    expect(debrief.get_by_role("heading", name="Debrief")).to_be_in_viewport()
    shot(phone, "20-debrief")
    phone.get_by_role("button", name="Play again").scroll_into_view_if_needed()
    shot(phone, "21-debrief-end")
    expect(debrief).to_contain_text(number)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.reload()
    expect(phone.locator(".msg-bot.debrief")).to_be_visible()
    expect(phone.locator(".msg-me")).to_have_count(4)
