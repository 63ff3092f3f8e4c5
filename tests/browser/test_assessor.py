"""The assessor on a phone: heat map, a learner's evidence, a re-mark, and the pack."""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.conftest import login


def test_assessor_reviews_and_prints_the_pack(live_server, browser, client, make_user, tmp_path):
    make_user("tutor-a", "tutor")
    make_user("assessor-a", "assessor")
    tutor = login(client, "tutor-a")
    cohort = client.post("/api/v1/cohorts", json={"name": "Thursday", "qualification": "TEST-Q"},
                         headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "assessor-a"}, headers=tutor)
    for name, text in (("ali", "i would shout back at them"), ("bea", "keep calm, listen and say sorry")):
        client.post("/api/v1/auth/register", json={"username": name, "password": PASSWORD,
                                                   "join_code": cohort["join_code"]})
        headers = login(client, name)
        sid = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.b"]}, headers=headers).json["session"]
        client.post(f"/api/v1/practice/{sid}/answer", json={"text": text, "client_id": "x"}, headers=headers)

    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = ctx.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#username", "assessor-a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.get_by_role("link", name="Review").click()
    page.get_by_role("link", name=re.compile("Thursday")).click()
    expect(page.locator("table.heatmap")).to_be_visible()
    # ali's answer evidences two criteria, both now gaps; bea's are developing
    expect(page.locator("a.cell.s-gap")).to_have_count(2)
    expect(page.locator("a.cell.s-developing")).to_have_count(2)
    page.screenshot(path=str(tmp_path / "heatmap.png"), full_page=True)

    page.locator('a.cell.s-gap[href$="#crit-TEST-Q.U1.b"]').click()
    expect(page.get_by_role("heading", name="ali")).to_be_visible()
    detail = page.locator("#crit-TEST-Q\\.U1\\.b")
    expect(detail).to_contain_text("i would shout back at them")
    detail.get_by_text("Re-mark").click()
    detail.locator("input[name=score]").fill("0.3")
    detail.locator("textarea[name=comment]").fill("Shouting back is wrong, but they stayed to help.")
    detail.get_by_role("button", name="Save mark").click()
    expect(page.locator(".flash")).to_contain_text("Mark changed")
    expect(page.locator(".audit")).to_contain_text("Shouting back is wrong")

    page.get_by_role("link", name="Professional discussion pack").click()
    expect(page.locator(".pack")).to_contain_text("Listen for")
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    page.screenshot(path=str(tmp_path / "pack.png"), full_page=True)
    ctx.close()
