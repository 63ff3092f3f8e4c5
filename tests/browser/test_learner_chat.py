"""The practice chat on a phone (390x844), as a learner sees it: each turn's heading and band
in view, only the current turn's buttons, a disabled box that looks disabled, Next bringing
the whole new question into view, and the end of the session. Screenshots go to
``$SHOTS`` (default /tmp/shots-learner)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import (
    RAMBLE,
    current_prompt,
    good_answer,
    open_unit,
    shot,
    skip_one_answer_the_rest,
)

def test_a_turn_on_a_phone(live_server, phone, make_user):
    page = phone
    open_unit(page, live_server, "turns", make_user)
    box = page.get_by_label("Your answer")
    expect(box).to_be_enabled()
    for name in ("Send", "Skip", "Model answer"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_enabled()
    for name in ("Next", "Try again", "Show all key points"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_hidden()
    # who speaks, for a screen reader
    expect(page.locator(".msg-bot.question").first).to_contain_text("Coach:")
    shot(page, "01-question")

    # a long, weak answer: after Send the band and the first line of feedback are on screen
    box.fill(RAMBLE)
    page.get_by_role("button", name="Send", exact=True).click()
    feedback = page.locator(".msg-bot.feedback").last
    expect(feedback.locator(".band")).to_be_in_viewport()
    expect(feedback.locator(".feedback-text")).to_be_in_viewport()
    expect(page.locator("#announce")).to_have_text(re.compile(r"^(Not yet|Partly there)"))
    announced = page.locator("#announce").inner_text()
    assert len(announced) < 200, announced  # the band and one line, not the whole feedback
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_enabled()
    shot(page, "02-feedback-not-yet")
    # the latest message is not under the dock
    last = page.locator("#messages > li").last.bounding_box()
    dock = page.locator("#dock").bounding_box()
    assert feedback.bounding_box()["y"] < dock["y"] and last["y"] < dock["y"]

    # nothing to try again: only Next, and the box is visibly disabled; else try again
    if page.get_by_role("button", name="Try again", exact=True).is_visible():
        page.get_by_role("button", name="Try again", exact=True).click()
        expect(box).to_be_focused()
        box.fill(good_answer(current_prompt(page)))
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator(".msg-bot.feedback").last.locator(".band")).to_contain_text("Secure")
        expect(page.locator(".msg-bot.feedback").last.locator(".band")).to_be_in_viewport()
        shot(page, "03-try-again-secure")
    expect(box).to_be_disabled()
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_focused()
    assert page.evaluate("getComputedStyle(document.getElementById('answer')).borderStyle") == "dashed"
    for name in ("Hint", "Skip", "Model answer"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_hidden()

    # all key points on request, said in words
    page.get_by_role("button", name="Show all key points").click()
    points = page.locator(".keypoints").last
    expect(points).to_be_in_viewport()
    expect(points.locator(".kp").first).to_contain_text(re.compile("Got it:|Missing:"))
    shot(page, "04-key-points")

    # Next: the whole new question is on screen, headed, and the box takes an answer
    page.get_by_role("button", name="Next", exact=True).click()
    heading = page.get_by_role("heading", name=re.compile(r"Question 2 of \d"))
    expect(heading).to_be_in_viewport()
    expect(page.locator(".msg-bot.question").last).to_be_in_viewport(ratio=1)
    expect(box).to_be_enabled()
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # only the conversation scrolls: the page itself stays put, top bar and box on screen
    assert page.evaluate("document.documentElement.scrollHeight") <= 844
    expect(page.get_by_role("link", name="My progress")).to_be_in_viewport()
    shot(page, "05-next-question")


def test_model_answer_asks_first_and_counts_as_a_skip(live_server, phone, make_user):
    page = phone
    open_unit(page, live_server, "peeker", make_user)
    page.get_by_role("button", name="Model answer").click()
    dialog = page.get_by_role("dialog", name="See the model answer?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("counts as skipping")
    shot(page, "06-model-answer-asks")
    dialog.get_by_role("button", name="Keep trying").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".msg-bot.model")).to_have_count(0)
    page.get_by_role("button", name="Model answer").click()
    page.get_by_role("dialog").get_by_role("button", name="Show model answer").click()
    model = page.locator(".msg-bot.model").last
    expect(model).to_contain_text("Model answer: ")
    expect(model).not_to_contain_text("undefined")
    expect(page.locator(".msg-bot.note").last).to_contain_text("Skipped")
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_in_viewport()
    shot(page, "07-model-answer-shown")


def test_session_ends_with_a_summary(live_server, phone, make_user):
    page = phone
    open_unit(page, live_server, "finisher", make_user)
    total = skip_one_answer_the_rest(page)
    heading = page.get_by_role("heading", name="Session summary")
    expect(heading).to_be_in_viewport()
    summary = page.locator("#summary")
    expect(summary).to_contain_text(f"{total - 1} of {total} secure")
    expect(summary.locator(".review-item")).to_have_count(total)
    expect(summary.locator(".review-item").first).to_contain_text("Skipped")
    expect(summary.locator(".review-item").nth(1)).to_contain_text("Your answer:")
    expect(page.get_by_role("link", name="Back to home")).to_be_visible()
    expect(page.get_by_role("button", name="Retry the ones I missed")).to_be_visible()
    shot(page, "08-summary")
    # the summary stays after a reload
    page.reload()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
