"""The tutor writes a question with the rubric editor (key points as rows, not YAML), tests it
on sample responses and saves it, at 1280x800 and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_SHOTS, sign_in
from tests.conftest import login


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_tutor_authors_a_question_with_the_editor(live_server, browser, client, make_user, size):
    STAFF_SHOTS.mkdir(exist_ok=True)
    make_user("tutor-w", "tutor")
    client.post("/api/v1/cohorts", json={"name": "Friday", "qualification": "TEST-Q"},
                headers=login(client, "tutor-w"))
    ctx, page = sign_in(browser, live_server, size, "tutor-w")
    page.get_by_role("link", name=re.compile("Friday")).click()
    page.get_by_role("link", name="Write a question").click()
    page.get_by_label("Question").fill("Why smile at a customer?")
    page.get_by_label("Model answer").fill("It makes them feel welcome and shows you are friendly.")
    page.get_by_label(re.compile("listen actively")).check()
    page.get_by_role("button", name="Propose key points").click()
    expect(page.get_by_role("alert")).to_contain_text("Key points proposed")
    points = page.get_by_role("table", name="Key points")
    expect(points).to_be_visible()
    expect(page.get_by_label("Key point 1", exact=True)).not_to_have_value("")
    page.get_by_label("Sample response 1", exact=True).fill("so they feel welcome")
    page.get_by_label("Expected band for sample 1").select_option("partly")
    page.get_by_role("button", name="Test").click()
    results = page.get_by_role("table", name="Test results")
    expect(results).to_be_visible()
    expect(results.get_by_role("row", name=re.compile("Model answer"))).to_contain_text("Secure")
    expect(results).to_contain_text("so they feel welcome")
    page.screenshot(path=str(STAFF_SHOTS / f"tutor-authoring-{size}.png"), full_page=True)
    ctx.close()
