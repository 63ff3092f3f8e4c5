"""The learner's screens in their interactive states, at 390x844: axe-core finds no serious or
critical problem, every control is at least 24x24 px, and a weak role-play's debrief says what
to work on in words."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import AXE
from tests.browser.conftest import browse_to, log_in
from tests.browser.conftest import RAMBLE, shot
from tests.browser.conftest import cohort_learner


def problems(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    assert AXE.exists(), f"{AXE} is missing: `make test` installs axe-core"
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
          .map(v => v.id + ' at ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3)); }""")
    return [f"{page.url}: {f}" for f in found]


def small_targets(page) -> list[str]:
    """Visible links and buttons smaller than 24x24 px (links inside a sentence are exempt)."""
    return page.evaluate("""() => [...document.querySelectorAll('a, button, summary')]
        .filter(e => e.offsetParent !== null && !e.closest('p:not(.way-back):not(.more)'))
        .map(e => [e.textContent.trim(), e.getBoundingClientRect()])
        .filter(([t, r]) => r.width < 24 || r.height < 24)
        .map(([t, r]) => t + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))""")


def test_learner_states_pass_axe_and_have_big_targets(live_server, browser, client, make_user):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    found, small = [], []
    try:
        cohort_learner(client, make_user, "axed")
        log_in(page, live_server, "axed")
        found += problems(page)
        small += small_targets(page)
        page.get_by_role("link", name="Progress", exact=True).click()
        page.get_by_text("What this unit asks").click()
        found += problems(page)
        small += small_targets(page)
        page.goto(f"{live_server}/practice/TEST-Q.U1")
        expect(page.get_by_role("heading", name=re.compile("Question"))).not_to_have_count(0)
        page.get_by_label("Your answer").fill(RAMBLE)
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator(".msg-bot.feedback")).not_to_have_count(0)
        found += problems(page)
        small += small_targets(page)
        # the model-answer question, then the summary
        page.get_by_role("button", name="Next", exact=True).click()
        page.get_by_role("button", name="Model answer").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        found += problems(page)
        page.get_by_role("button", name="Show model answer").click()
        page.get_by_role("button", name="Next", exact=True).click()
        expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
        found += problems(page)
        small += small_targets(page)
    finally:
        context.close()
    assert found == [], "\n".join(found)
    assert small == [], small


def test_weak_roleplay_debrief_says_what_to_work_on(live_server, phone, make_user):
    page = phone
    make_user("weakcaller")
    log_in(page, live_server, "weakcaller")
    browse_to(page, "Role-play a customer", "Take a message for a colleague")
    expect(page.locator(".msg-bot").first).to_be_visible()  # the caller has spoken
    for text in ("yes", "ok", "someone rang"):
        count = page.locator(".msg-me").count()
        expect(page.get_by_label("Your answer")).to_be_enabled()
        page.get_by_label("Your answer").fill(text)
        send = page.get_by_role("button", name="Send", exact=True)
        expect(send).to_be_enabled()
        send.click()
        expect(page.locator(".msg-me")).to_have_count(count + 1)
    debrief = page.locator(".msg-bot.debrief")
    expect(debrief.get_by_role("heading", name="Debrief")).to_be_in_viewport()
    work = debrief.locator(".work-on")
    expect(work).to_contain_text("Listen actively")
    expect(work).to_contain_text("You said “")
    expect(debrief.get_by_role("heading", name="What went well")).to_have_count(0)
    expect(debrief.locator(".steps")).to_contain_text("To work on:")
    expect(debrief).not_to_contain_text("TEST-Q.")  # criteria by their words, not codes
    shot(page, "22-debrief-weak")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
