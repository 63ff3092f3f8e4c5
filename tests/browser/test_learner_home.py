"""The learner's home page and "My progress" on a phone: Continue first, the learner's own
qualification with each unit's share secure, Practise next, and everything else behind one
link; My progress unit by unit in plain words."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import cohort_learner, log_in
from tests.browser.conftest import shot


WORDS = {"TEST-Q.U1.a": "The difference between hearing and listening",
         "TEST-Q.U1.b": "How to deal with an angry customer", "TEST-Q.U1.1.1": "Listen actively"}


def test_home_opens_on_continue_and_own_qualification(live_server, phone, client, make_user):
    page = phone
    setup = cohort_learner(client, make_user, "homer")
    log_in(page, live_server, "homer")
    shot(page, "10-home")
    continue_link = page.get_by_role("link", name="Continue")
    expect(continue_link).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Test qualification")).to_be_in_viewport()
    unit = page.get_by_role("link", name=re.compile("Communicate with customers"))
    expect(unit).to_be_in_viewport()
    expect(unit).to_contain_text(re.compile(r"\d+ of 4 secure"))
    expect(page.get_by_role("heading", name="Practise next")).to_be_visible()
    expect(page.locator(".weakest li").first).to_contain_text("Needs work")
    expect(page.get_by_role("link", name="All qualifications and role-plays")).to_be_visible()
    # role-plays on the learner's own qualification are on the home page too
    expect(page.get_by_role("link", name=re.compile("Take a message for a colleague"))).to_be_visible()
    # the home page is short: a couple of screens at most
    assert page.evaluate("document.documentElement.scrollHeight") < 844 * 2.5

    # Continue resumes that very session, even in a browser that never saw it
    continue_link.click()
    expect(page).to_have_url(re.compile(r"/practice/TEST-Q.U1\?session=" + setup["session"]))
    expect(page.locator(".msg-me p").first).to_have_text("i would shout back at them")
    expect(page.get_by_role("heading", name=re.compile("Question"))).not_to_have_count(0)
    shot(page, "11-continue")


def test_practise_next_starts_the_weakest_criteria(live_server, phone, client, make_user):
    page = phone
    cohort_learner(client, make_user, "weakling")
    log_in(page, live_server, "weakling")
    page.get_by_role("link", name="Practise these").click()
    expect(page).to_have_url(re.compile(r"/practice/TEST-Q.U1\?criteria="))
    expect(page.get_by_role("heading", name=re.compile(r"Question 1 of \d"))).to_be_in_viewport()


def test_my_progress_shows_own_units_in_plain_words(live_server, phone, client, make_user):
    page = phone
    setup = cohort_learner(client, make_user, "progressor")
    log_in(page, live_server, "progressor")
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    unit = page.get_by_role("region", name=re.compile("Unit 1: Communicate with customers"))
    expect(unit).to_be_in_viewport()
    expect(unit).to_contain_text(re.compile(r"0 of 4 secure, \d started"))
    unit.get_by_text("What this unit asks").click()
    for criterion in setup["first"]["criteria"]:  # the criteria of the question answered
        expect(unit.locator(".criterion", has_text=WORDS[criterion])).to_contain_text("Needs work")
    expect(unit.locator(".criterion", has_text="Pass messages to colleagues")
           ).to_contain_text("Not started")
    expect(page.get_by_text("Gap", exact=True)).to_have_count(0)
    shot(page, "12-progress")


def test_installable_with_icons(live_server, phone, make_user):
    page = phone
    make_user("installer")
    log_in(page, live_server, "installer")
    manifest = page.locator('link[rel="manifest"]').get_attribute("href")
    reply = page.request.get(f"{live_server}{manifest}")
    assert reply.ok and reply.headers["content-type"].startswith("application/manifest+json")
    data = reply.json()
    assert data["display"] == "standalone" and data["start_url"] == "/"
    sizes = {i["sizes"] for i in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        got = page.request.get(f"{live_server}{icon['src']}")
        assert got.ok and got.headers["content-type"].startswith(icon["type"]), icon
    assert page.request.get(f"{live_server}/favicon.ico").ok
    # the skip link is the first thing a keyboard reaches, and it jumps to the content
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    # top links are at least 24 px each way
    for link in page.locator(".topbar a, .topbar button").all():
        box = link.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, (link.inner_text(), box)
