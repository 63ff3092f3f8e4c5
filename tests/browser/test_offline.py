"""Offline on a phone: the app is installable and its service worker installs; with the
connection gone the chat page still opens and shows the current question; an answer sent
offline through ``quizOffline`` waits in IndexedDB, survives closing the page, and is stored
exactly once when the connection returns; logging out forgets the cached pages."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Answer, User
from tests.browser.conftest import browse_to, controlled, eventually, log_in, sign_in

UNIT_LINK = re.compile("Communicate with customers")
SHOTS = Path("/tmp/shots-time21")


def test_the_chat_opens_offline_with_the_current_question(live_server, phone, make_user,
                                                         tmp_path):
    make_user("commuter")
    log_in(phone, live_server, "commuter")  # in no class yet: through "All qualifications"
    browse_to(phone, "Test qualification", "Communicate with customers")
    question = phone.locator(".msg-bot.question").last
    expect(question).to_contain_text("?")
    prompt = question.locator("p").last.inner_text()
    controlled(phone)
    scope = phone.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{live_server}/"
    shell = phone.evaluate("""async () => {
        const name = (await caches.keys()).find(n => n.startsWith('quizapp-shell-'));
        return (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname);
    }""")
    assert {"/static/app.css", "/static/chat.js", "/static/offline.js"} <= set(shell)
    # installable: Chromium finds no fault in the manifest, icon and worker (a test browser's
    # context is incognito-like, which alone keeps it from installing)
    cdp = phone.context.new_cdp_session(phone)
    assert cdp.send("Page.getAppManifest")["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    cdp.detach()
    phone.reload()  # online, under the worker: the session's state is kept too
    expect(phone.locator(".msg-bot.question").last).to_contain_text(prompt)

    phone.context.set_offline(True)
    phone.reload()
    expect(phone.get_by_role("heading", name=UNIT_LINK)).to_be_visible()
    expect(phone.locator(".msg-bot.question").last).to_contain_text(prompt)
    expect(phone.get_by_role("status").filter(has_text="You're offline")).to_be_visible()
    phone.screenshot(path=str(tmp_path / "offline-chat.png"), full_page=True)
    cached_api = phone.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const r of await cache.keys()) urls.push(new URL(r.url).pathname);
        }
        return urls.filter(u => u.startsWith('/api/'));
    }""")
    assert len(cached_api) == 1 and re.fullmatch(r"/api/v1/practice/[0-9a-f]{32}", cached_api[0])
    phone.context.set_offline(False)
    # logging out forgets the pages and the session's state (a shared phone); the shell stays
    phone.reload()
    phone.get_by_role("button", name="Log out").click()
    expect(phone.get_by_role("button", name=re.compile("Log in"))).to_be_visible()
    eventually(phone, """async () => {
        const names = await caches.keys();
        return !names.some(n => n.startsWith('quizapp-pages-'))
            && names.some(n => n.startsWith('quizapp-shell-'));
    }""")


def test_an_answer_sent_offline_is_stored_once_after_reopening(app, live_server, phone,
                                                               make_user, tmp_path):
    make_user("stockroom")
    log_in(phone, live_server, "stockroom")
    session = phone.evaluate("""() => fetch('/api/v1/practice', {method: 'POST',
        headers: {'Content-Type': 'application/json',
                  'X-CSRFToken': document.querySelector('meta[name=csrf-token]').content},
        body: JSON.stringify({unit: 'TEST-Q.U1'})}).then(r => r.json())""")
    url = f"/api/v1/practice/{session['session']}/answer"
    body = {"text": "stay calm, listen and say sorry", "client_id": "offline-1",
            "question_id": session["turn"]["question_id"]}
    phone.context.set_offline(True)
    result = phone.evaluate("([url, body]) => quizOffline.send(url, body)", [url, body])
    assert result == {"queued": True}
    phone.evaluate("([url, body]) => quizOffline.send(url, body)", [url, body])  # twice: once
    assert len(phone.evaluate("quizOffline.pending()")) == 1
    expect(phone.get_by_role("status")).to_have_text(re.compile("1 answer waiting"))
    phone.screenshot(path=str(tmp_path / "offline-waiting.png"), full_page=True)

    context = phone.context
    phone.close()  # the page is closed with the answer still waiting
    context.set_offline(False)
    page = context.new_page()
    page.goto(f"{live_server}/")
    eventually(page, "() => quizOffline.pending().then(items => items.length === 0)")
    page.reload()  # opening again sends nothing more
    page.evaluate("quizOffline.flush()")
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Answer).where(
            Answer.client_id == "offline-1"))
    assert stored == 1


def test_the_offline_banner_on_a_desktop(browser, live_server, make_user, tmp_path):
    make_user("deskuser")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, live_server, "deskuser")
        banner = page.get_by_role("status").filter(has_text="offline")
        expect(banner).to_be_hidden()
        context.set_offline(True)
        expect(banner).to_have_text("You're offline. Answers you send will wait here.")
        page.screenshot(path=str(tmp_path / "offline-desktop.png"))
        context.set_offline(False)
        expect(banner).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_hint_and_skip_offline(app, live_server, browser, make_user, size):
    """Offline, the Hint the turn carries still shows; the model answer says it needs a
    connection (enabled again online); a Skip waits in the queue and is stored once."""
    name = f"bus-{size}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    make_user(name)
    ctx, page = sign_in(browser, live_server, size, name)
    try:
        expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()
        page.goto(f"{live_server}/practice/TEST-Q.U1?criteria=TEST-Q.U1.a")  # one question
        expect(page.get_by_role("heading", name="Question 1 of 1")).to_be_visible()
        controlled(page)
        page.reload()  # under the worker: the session's state (the turn) is kept
        expect(page.get_by_role("heading", name="Question 1 of 1")).to_be_visible()
        hint = page.get_by_role("button", name="Hint")
        model = page.get_by_role("button", name="Model answer")
        skip = page.get_by_role("button", name="Skip")
        note = page.get_by_text(re.compile("needs a connection"))
        expect(model).to_be_enabled()
        expect(note).to_be_hidden()

        ctx.set_offline(True)
        page.reload()  # opened offline: the turn comes from the worker's cache
        expect(page.get_by_role("heading", name="Question 1 of 1")).to_be_visible()
        expect(hint).to_be_enabled()
        expect(skip).to_be_enabled()
        expect(model).to_be_disabled()
        expect(note).to_have_text("Offline: Model answer needs a connection. Skip is sent "
                                  "when you're back online.")
        hint.click()
        expect(page.get_by_text("Hint: One happens without trying. The other takes effort.")
               ).to_be_visible()
        ctx.set_offline(False)  # back online: the model answer works again
        expect(model).to_be_enabled()
        expect(note).to_be_hidden()
        ctx.set_offline(True)
        expect(model).to_be_disabled()
        expect(hint).to_be_hidden()  # used once for this question: it stays used
        page.screenshot(path=str(SHOTS / f"offline-hint-{size}.png"))

        skip.click()
        waiting = page.locator(".msg-me.waiting")
        expect(waiting).to_contain_text("I'll skip this one.")
        expect(waiting).to_contain_text("Waiting to send")
        expect(page.locator("#status")).to_contain_text("Your skip is saved on this phone")
        expect(page.get_by_role("status").filter(has_text="1 skip waiting")).to_be_visible()
        expect(page.get_by_role("textbox", name="Your answer")).to_be_disabled()
        page.screenshot(path=str(SHOTS / f"offline-skip-{size}.png"))

        ctx.set_offline(False)
        expect(page.get_by_text("Skipped: this doesn't count against you.")).to_be_visible()
        expect(page.locator(".msg-me.waiting")).to_have_count(0)
        eventually(page, "() => quizOffline.pending().then(items => items.length === 0)")
        page.evaluate("quizOffline.flush()")
        with app.app_context():
            kinds = db.session.scalars(select(Answer.kind).join(User, User.id == Answer.user_id)
                                       .where(User.username == name)).all()
        assert kinds == ["skip"]
    finally:
        ctx.close()
