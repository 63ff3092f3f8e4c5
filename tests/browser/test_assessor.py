"""The assessor's journeys at 1280x800 and on a phone: the heat map, a re-mark by band that
reaches the learner, a signed sign-off that the learner countersigns and the pack shows."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_SHOTS, VIEWPORTS, sign_in
from tests.conftest import PASSWORD
from tests.conftest import login



def _cohort_with_answers(client):
    tutor = login(client, "tutor-a")
    cohort = client.post("/api/v1/cohorts", json={"name": "Thursday", "qualification": "TEST-Q"},
                         headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "assessor-a"},
                headers=tutor)
    for name, text in (("ali", "i would shout back at them"),
                       ("bea", "keep calm, listen and say sorry")):
        client.post("/api/v1/auth/register", json={"username": name, "password": PASSWORD,
                                                   "join_code": cohort["join_code"]})
        headers = login(client, name)
        sid = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.b"]},
                          headers=headers).json["session"]
        client.post(f"/api/v1/practice/{sid}/answer", json={"text": text, "client_id": "x"},
                    headers=headers)
    return cohort


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_assessor_remarks_signs_off_and_the_learner_sees_it(live_server, browser, client,
                                                            make_user, size):
    STAFF_SHOTS.mkdir(exist_ok=True)
    make_user("tutor-a", "tutor")
    make_user("assessor-a", "assessor")
    _cohort_with_answers(client)
    ctx, page = sign_in(browser, live_server, size, "assessor-a")
    page.get_by_role("link", name="Review").click()
    page.get_by_role("link", name=re.compile("Thursday")).click()
    table = page.get_by_role("table", name="Learners by criteria")
    expect(table).to_be_visible()
    # status in words for screen readers and a letter on screen, not colour alone
    expect(page.get_by_role("link", name="ali, TEST-Q.U1.b: Needs work")).to_be_visible()
    expect(page.locator("a.cell.s-gap .mark").first).to_have_text("N")
    width = page.evaluate("document.querySelector('.heatmap-wrap').getBoundingClientRect().width")
    if size == "desktop":
        assert width > 1100  # the page's width, not a 690 px column
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
    cell = page.locator("a.cell").first.bounding_box()
    assert cell["height"] >= 30 and cell["width"] >= 30
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(STAFF_SHOTS / f"assessor-heatmap-{size}.png"), full_page=True)

    page.get_by_role("link", name="ali, TEST-Q.U1.b: Needs work").click()
    expect(page.get_by_role("heading", name="ali")).to_be_visible()
    detail = page.locator("#crit-TEST-Q\\.U1\\.b")
    expect(detail).to_have_attribute("open", "")
    answer = detail.locator("article.evidence", has_text="i would shout back at them")
    expect(answer.locator(".badge")).to_have_text(re.compile(r"Not yet \(\d+%\)"))
    answer.get_by_text("Re-mark this answer").click()
    expect(answer.get_by_text("(75–100%)")).to_be_visible()
    answer.get_by_role("radio", name=re.compile("Partly there")).check()
    answer.get_by_label(re.compile("Why")).fill("Shouting back is wrong, but they stayed to help.")
    save = answer.get_by_role("button", name="Save mark")
    expect(save).to_be_enabled()
    answer.scroll_into_view_if_needed()
    page.screenshot(path=str(STAFF_SHOTS / f"assessor-remark-form-{size}.png"))
    save.click()
    expect(page.get_by_role("alert")).to_contain_text("Mark changed")
    expect(page.locator(".audit")).to_contain_text(re.compile(
        r"assessor-a changed the mark from Not yet \(\d+%\) to Partly there \(\d+%\) on "
        r"\d{1,2} [A-Z][a-z]+ \d{4}: ‘Shouting back is wrong"))
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "duplicate element ids"

    detail = page.locator("#crit-TEST-Q\\.U1\\.a")
    detail.locator("summary").first.click()
    detail.get_by_text("Confirm in professional discussion").click()
    detail.get_by_label("What the learner showed").fill("Told hearing from listening, with a call.")
    detail.get_by_label("Your full name, as your signature").fill("Asha Khan")
    detail.get_by_role("button", name="Confirm and sign").click()
    expect(page.get_by_role("alert")).to_contain_text("confirmed in professional discussion")
    detail = page.locator("#crit-TEST-Q\\.U1\\.a")
    expect(detail).to_have_attribute("open", "")  # back at the criterion, opened
    expect(detail.get_by_text("Signed by Asha Khan (assessor-a)")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(STAFF_SHOTS / f"assessor-learner-{size}.png"), full_page=True)

    page.get_by_role("link", name="Professional discussion pack").click()
    header = page.locator(".pack-header")
    expect(header).to_contain_text(re.compile(r"Learner:?\s*ali"))
    expect(header).to_contain_text(re.compile(r"Assessor:?\s*assessor-a"))
    expect(page.get_by_role("heading", name="Confirmed in professional discussion")).to_be_visible()
    expect(page.locator("#signed-off")).to_contain_text("Asha Khan")
    expect(page.get_by_role("heading", name="Signatures")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(STAFF_SHOTS / f"assessor-pack-{size}.png"), full_page=True)
    ctx.close()

    ctx, page = sign_in(browser, live_server, size, "ali")
    page.get_by_role("link", name="Feedback", exact=True).click()  # home also says "See your feedback"
    remark = page.locator("article.remark", has_text="i would shout back at them")
    expect(remark.get_by_text("New", exact=True)).to_be_visible()
    expect(remark).to_contain_text("Partly there")
    expect(remark).to_contain_text("Shouting back is wrong, but they stayed to help.")
    page.get_by_label("Your full name, to agree this record").fill("Ali Shah")
    page.get_by_role("button", name="Countersign").click()
    expect(page.get_by_role("alert")).to_contain_text("Countersigned")
    expect(page.get_by_text("You countersigned as Ali Shah")).to_be_visible()
    expect(remark.get_by_text("New", exact=True)).to_have_count(0)  # seen now
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(STAFF_SHOTS / f"learner-feedback-{size}.png"), full_page=True)
    ctx.close()
