"""Issue 19's journeys where one person's work reaches another, at 1280x800 and 390x844:

- an assessor re-marks an answer with a comment in the browser; the learner sees it from home,
  opens My progress, the criterion, and the answer with the new band, the comment and "New";
  after a reload it is no longer new;
- an admin makes a one-time reset link for a learner on the accounts page; the learner opens it
  in a browser of their own, chooses a new password and logs in with it.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE, VIEWPORTS, shot, sign_in
from tests.conftest import PASSWORD, login

COMMENT = "Shouting back is wrong, but you stayed to help."


def _axe(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    assert AXE.exists(), f"{AXE} is missing: `make test` installs axe-core"
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
          .map(v => v.id + ' at ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3)); }""")


def _learner(browser, base: str, size: str, username: str):
    """A browser of the learner's own at ``size``, logged in (axe-core may be added to it)."""
    ctx = browser.new_context(viewport=VIEWPORTS[size], is_mobile=size == "phone",
                              has_touch=size == "phone", bypass_csp=True)
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=f"Hello, {username}")).to_be_visible()
    return ctx, page


def _fits(page, size: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]


def _cohort_with_an_answer(client, make_user) -> None:
    make_user("tutor-r", "tutor")
    make_user("assessor-r", "assessor")
    tutor = login(client, "tutor-r")
    cohort = client.post("/api/v1/cohorts", json={"name": "Friday", "qualification": "TEST-Q"},
                         headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "assessor-r"},
                headers=tutor)
    client.post("/api/v1/auth/register", json={"username": "ali", "password": PASSWORD,
                                               "join_code": cohort["join_code"]})
    headers = login(client, "ali")
    sid = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.b"]},
                      headers=headers).json["session"]
    res = client.post(f"/api/v1/practice/{sid}/answer",
                      json={"text": "i would shout back at them", "client_id": "r1"},
                      headers=headers)
    assert res.status_code == 200 and res.json["band"] == "not_yet", res.json


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_remark_reaches_the_learner_beside_their_progress(live_server, browser, client,
                                                            make_user, size):
    _cohort_with_an_answer(client, make_user)
    ctx, page = sign_in(browser, live_server, size, "assessor-r")
    page.get_by_role("link", name="Review").click()
    page.get_by_role("link", name=re.compile("Friday")).click()
    page.get_by_role("link", name="ali, TEST-Q.U1.b: Needs work").click()
    expect(page.get_by_role("heading", name="ali")).to_be_visible()
    answer = page.locator("#crit-TEST-Q\\.U1\\.b article.evidence",
                          has_text="i would shout back at them")
    answer.get_by_text("Re-mark this answer").click()
    answer.get_by_role("radio", name=re.compile("Partly there")).check()
    answer.get_by_label(re.compile("Why")).fill(COMMENT)
    answer.get_by_role("button", name="Save mark").click()
    expect(page.get_by_role("alert")).to_contain_text("Mark changed")
    ctx.close()

    ctx, page = _learner(browser, live_server, size, "ali")
    note = page.get_by_role("region", name=re.compile("Feedback from your assessor"))
    expect(note).to_contain_text("1 new re-mark of your answers")
    expect(note.get_by_role("link", name="See your feedback")).to_be_visible()
    shot(page, f"remarks-home-{size}")
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_role("heading", name="My progress", level=1)).to_be_visible()
    named = re.compile("^Your answers — how to deal with an angry customer")  # not "to b"
    link = page.get_by_role("link", name=named)
    expect(link).to_be_visible()  # the unit's criteria open by themselves when a re-mark is new
    expect(link).to_contain_text("New re-mark")
    box = link.bounding_box()
    assert box["height"] >= 44  # a tap target on a phone
    _fits(page, size)
    link.scroll_into_view_if_needed()
    shot(page, f"remarks-progress-{size}")
    link.click()

    expect(page.get_by_role("heading", name="Your answers: How to deal with an angry customer",
                                     level=1)).to_be_visible()
    item = page.get_by_role("article", name="A customer is shouting at you. What should you do?")
    expect(item.get_by_text("i would shout back at them")).to_be_visible()
    remark = item.get_by_role("group", name="Re-marked by your assessor")
    expect(remark.get_by_text("New", exact=True)).to_be_visible()
    expect(remark).to_contain_text("Re-marked: Partly there")
    expect(remark.get_by_text(f"“{COMMENT}”")).to_be_visible()
    expect(remark).to_contain_text(re.compile(r"assessor-r, \d{1,2} [A-Z][a-z]+ \d{4}, "
                                              r"\d{1,2}:\d\d[ap]m"))
    expect(item).to_contain_text("First marked Not yet")
    expect(page.get_by_role("link", name="Practise this")).to_be_visible()
    _fits(page, size)
    assert _axe(page) == []
    shot(page, f"remarks-criterion-{size}")

    page.reload()
    remark = page.get_by_role("group", name="Re-marked by your assessor")
    expect(remark.get_by_text(f"“{COMMENT}”")).to_be_visible()
    expect(remark.get_by_text("New", exact=True)).to_have_count(0)  # seen now
    page.get_by_role("link", name=re.compile("^Back to ")).click()
    expect(page.get_by_role("link", name=named)).not_to_contain_text("New")
    page.get_by_role("link", name="Practise", exact=True).click()
    expect(page.get_by_role("heading", name="Hello, ali")).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("Feedback from your assessor"))
           ).to_have_count(0)
    ctx.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_an_admin_makes_a_reset_link_the_learner_uses(live_server, browser, make_user, size):
    make_user("root", "admin")
    make_user("lea")
    ctx, page = sign_in(browser, live_server, size, "root")
    page.get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("heading", name="Accounts", level=1)).to_be_visible()
    row = page.get_by_role("listitem").filter(has_text=re.compile(r"^\s*lea\b"))
    row.get_by_text("Make a reset link for lea…").click()
    expect(row).to_contain_text("It works once, for 24 hours")
    yes = row.get_by_role("button", name="Yes, make a reset link for lea")
    expect(yes).to_be_enabled()
    _fits(page, size)
    row.scroll_into_view_if_needed()
    shot(page, f"admin-reset-confirm-{size}")
    yes.click()
    expect(page.get_by_role("heading", name="Password reset link for lea")).to_be_visible()
    link = page.locator("#reset-link").inner_text()
    assert re.fullmatch(rf"{re.escape(live_server)}/reset/[\w-]+", link), link
    _fits(page, size)
    shot(page, f"admin-reset-link-{size}")
    expect(page.get_by_role("link", name="Back to accounts")).to_be_visible()
    ctx.close()

    ctx = browser.new_context(viewport=VIEWPORTS[size], is_mobile=size == "phone",
                              has_touch=size == "phone")
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill("a-new-horse-battery")
    page.get_by_label("The same password again").fill("a-new-horse-battery")
    page.get_by_role("button", name="Save new password").click()
    page.fill("#username", "lea")
    page.fill("#password", "a-new-horse-battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Hello, lea")).to_be_visible()
    ctx.close()
