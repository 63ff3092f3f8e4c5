"""The tutor writes a question with the rubric editor (key points as rows, not YAML): Propose
gives key points as phrases of the model answer, a short plain answer marked Not yet blocks
Save with a clear message (keeping what was typed), one that marks Secure lets it save; at
1280x800 and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_SHOTS, sign_in
from tests.conftest import login

PROMPT = "A customer rings to complain that their order is late. What should you do?"
MODEL = "Say sorry to the customer for the delay and offer them a refund."


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_tutor_authors_a_question_with_the_editor(live_server, browser, client, make_user, size):
    STAFF_SHOTS.mkdir(exist_ok=True)
    make_user("tutor-w", "tutor")
    client.post("/api/v1/cohorts", json={"name": "Friday", "qualification": "TEST-Q"},
                headers=login(client, "tutor-w"))
    ctx, page = sign_in(browser, live_server, size, "tutor-w")
    page.get_by_role("link", name=re.compile("Friday")).click()
    page.get_by_role("link", name="Write a question").click()
    expect(page.get_by_role("heading", name="Before you can save")).to_be_visible()
    page.get_by_label("Question").fill(PROMPT)
    page.get_by_label("Model answer", exact=True).fill(MODEL)
    page.get_by_label(re.compile("deal with an angry customer")).check()
    page.get_by_role("button", name="Propose key points").click()
    expect(page.get_by_role("alert")).to_contain_text("Key points proposed")

    # key points are the model answer's ideas, as phrases, credited for each part said
    expect(page.get_by_role("table", name="Key points")).to_be_visible()
    expect(page.get_by_label("Key point 1", exact=True)).to_have_value(
        "Say sorry to the customer for the delay")
    expect(page.get_by_label("Key point 2", exact=True)).to_have_value("Offer them a refund")
    expect(page.get_by_label("Ways to say key point 1")).to_have_value(
        re.compile(r"^sorry / apologise.*\ndelay$"))
    expect(page.get_by_label("Credit for key point 1")).to_have_value("parts")
    expect(page.get_by_label("Weight of key point 1")).to_have_value("1.83")
    expect(page.get_by_label("Weight of key point 2")).to_have_value("1.17")
    expect(page.get_by_label("Weight of closeness to the model answer")).to_have_value("17")
    expect(page.get_by_text("closeness is 85% of the mark")).to_be_visible()
    expect(page.locator("#save-rule")).to_contain_text("at most 6 words")
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-authoring-proposed-{size}.png"),
                    full_page=True)
    page.get_by_label("Key point 1", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-authoring-points-{size}.png"))

    # a short plain answer the key points mark Not yet: Save is refused, nothing is lost
    page.get_by_label("Sample response 1", exact=True).fill("give them their money back")
    page.get_by_label("Expected band for sample 1").select_option("secure")
    page.get_by_label("Sample response 2", exact=True).fill("tell them to wait")
    page.get_by_label("Expected band for sample 2").select_option("not_yet")
    page.get_by_role("button", name="Save").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The key points mark “give them their money back” Not yet, "
                                  "not Secure")
    expect(page.get_by_label("Sample response 1", exact=True)).to_have_value(
        "give them their money back")
    expect(page.get_by_label("Key point 2", exact=True)).to_have_value("Offer them a refund")
    expect(page.get_by_label("Model answer", exact=True)).to_have_value(MODEL)
    expect(page.get_by_label(re.compile("deal with an angry customer"))).to_be_checked()
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-authoring-refused-{size}.png"))

    # the short plain answer marks Secure, as does the model answer
    page.get_by_label("Sample response 1", exact=True).fill("say sorry and offer a refund")
    page.get_by_role("button", name="Test").click()
    results = page.get_by_role("table", name="Test results")
    expect(results).to_be_visible()
    model_row = results.get_by_role("row", name=re.compile("Model answer"))
    expect(model_row).to_contain_text("Secure")
    short = results.get_by_role("row", name=re.compile("Short plain answer"))
    expect(short).to_contain_text("say sorry and offer a refund")
    expect(short.get_by_role("cell").nth(2)).to_have_text(re.compile(r"^Secure \(\d+%\) ✓$"))
    expect(short).to_contain_text("Offer them a refund (offer, refund: 2 of 2)")
    expect(results.get_by_role("row", name=re.compile("tell them to wait"))).to_contain_text(
        "Not yet")
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-authoring-tested-{size}.png"),
                    full_page=True)
    short.scroll_into_view_if_needed()
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-authoring-results-{size}.png"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Question saved")
    expect(page.get_by_text(PROMPT)).to_be_visible()
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-authoring-{size}.png"), full_page=True)
    ctx.close()
