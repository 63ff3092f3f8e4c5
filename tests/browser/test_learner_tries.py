"""Journeys on the answer-turn contract (issue 17): text typed after feedback is a try of the
same question, a stale tab gets 409 and keeps its text, the summary counts right and retries
the missed questions, a check quiz shows no mark before its due date, and the desktop layout
keeps each turn in view too."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models import Quiz

from tests.browser.conftest import (
    GOOD,
    cohort_learner,
    current_prompt,
    good_answer,
    log_in,
    open_unit,
    shot,
    skip_one_answer_the_rest,
)
from tests.conftest import login

WEAK = "i would tell them to wait"


def session_id(page) -> str:
    return page.evaluate("() => localStorage.getItem('quizapp.session.unit-TEST-Q.U1')").strip('"')


def test_text_typed_after_feedback_is_a_try_of_the_same_question(live_server, phone, client,
                                                                 make_user):
    page = phone
    open_unit(page, live_server, "trier", make_user)
    first = current_prompt(page)
    box = page.get_by_label("Your answer")
    box.fill(WEAK)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".msg-bot.feedback").last.locator(".band")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.locator(".msg-bot.feedback").last).to_contain_text("Next step:")
    expect(page.locator(".msg-bot.feedback").last).to_contain_text("more tries")
    expect(box).to_be_enabled()
    shot(page, "30-try-again-offered")
    # the learner just types a better answer: it is a try of the same question
    box.fill(good_answer(first))
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".msg-bot.feedback")).to_have_count(2)
    expect(page.locator(".msg-bot.feedback").last.locator(".band")).to_contain_text("Secure")
    expect(page.locator(".msg-bot.question")).to_have_count(1)
    shot(page, "31-second-try-secure")
    state = client.get(f"/api/v1/practice/{session_id(page)}",
                       headers=login(client, "trier")).json
    answered = [h["question_id"] for h in state["history"] if h["kind"] == "answer"]
    assert len(answered) == 2 and answered[0] == answered[1], answered
    # a reload redraws the first question once with its two tries, then the next question
    page.reload()
    expect(page.locator(".msg-me")).to_have_count(2)
    expect(page.locator(".msg-bot.question")).to_have_count(2)
    expect(page.get_by_role("heading", name=re.compile(r"Question 2 of \d"))).to_be_in_viewport()
    expect(page.locator(".msg-bot.question").first).to_contain_text(first)


def test_a_stale_tab_gets_the_current_turn_and_keeps_its_text(live_server, phone, client,
                                                             make_user):
    page = phone
    open_unit(page, live_server, "twotabs", make_user)
    sid = session_id(page)
    headers = login(client, "twotabs")
    turn = client.get(f"/api/v1/practice/{sid}", headers=headers).json["turn"]
    # "another tab" answers this question well, so the session moves on to the next one
    reply = client.post(f"/api/v1/practice/{sid}/answer", headers=headers, json={
        "text": good_answer(turn["prompt"]), "client_id": "tab2-1",
        "question_id": turn["question_id"]}).json
    assert reply["band"] == "secure" and reply["tries_left"] == 0
    before = client.get(f"/api/v1/practice/{sid}", headers=headers).json["history"]

    page.get_by_label("Your answer").fill("my answer from the old tab")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".msg-bot.note").last).to_contain_text("already answered")
    expect(page.get_by_label("Your answer")).to_have_value("my answer from the old tab")
    expect(page.get_by_label("Your answer")).to_be_enabled()
    # the current turn (the next question) is shown, whole, on screen
    current = page.locator(".msg-bot.question").last
    expect(current.locator(".prompt")).to_have_text(reply["next"]["prompt"])
    expect(current).to_be_in_viewport(ratio=1)
    shot(page, "32-stale-tab")
    after = client.get(f"/api/v1/practice/{sid}", headers=headers).json["history"]
    assert len(after) == len(before)  # nothing stored
    assert "my answer from the old tab" not in [h.get("text") for h in after]


def test_summary_counts_and_retries_the_missed_ones(live_server, phone, make_user):
    page = phone
    open_unit(page, live_server, "summariser", make_user)
    total = skip_one_answer_the_rest(page)
    expect(page.get_by_role("heading", name="Session summary")).to_be_in_viewport()
    expect(page.locator("#summary")).to_contain_text(f"{total - 1} of {total} secure")
    page.get_by_role("button", name="Retry the ones I missed").click()
    expect(page.get_by_role("heading", name="Question 1 of 1")).to_be_in_viewport()
    shot(page, "33-retry-missed")


def test_check_quiz_shows_no_mark_before_the_due_date(live_server, phone, client, make_user):
    page = phone
    setup = cohort_learner(client, make_user, "checked")
    tutor, cohort_id = setup["tutor"], setup["cohort"]
    due = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    quiz = client.post(f"/api/v1/cohorts/{cohort_id}/quizzes", headers=tutor, json={
        "title": "Friday check", "units": ["TEST-Q.U1"], "questions": 2, "due": due,
        "feedback": "after_due"}).json
    log_in(page, live_server, "checked")
    page.get_by_role("link", name=re.compile("Friday check")).click()
    expect(page.locator("#quiz-intro")).to_contain_text("marks and feedback appear after the due date")
    shot(page, "35-quiz-intro")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", name=re.compile("Question 1"))).to_be_in_viewport()
    expect(page.get_by_role("button", name="Model answer")).to_be_hidden()
    expect(page.get_by_role("button", name="Hint")).to_be_hidden()
    page.get_by_label("Your answer").fill(GOOD["shouting"])
    page.get_by_role("button", name="Send", exact=True).click()
    feedback = page.locator(".msg-bot.feedback").last
    expect(feedback).to_contain_text("after the due date")
    expect(feedback.locator(".band")).to_have_count(0)
    expect(page.get_by_role("button", name="Show all key points")).to_be_hidden()
    expect(page.get_by_role("button", name="Try again")).to_be_hidden()
    shot(page, "34-check-quiz-saved")
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_label("Your answer").fill(GOOD["hearing"])
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".msg-bot.feedback")).to_have_count(2)
    page.get_by_role("button", name="Next", exact=True).click()
    summary = page.locator("#summary")
    expect(page.get_by_role("heading", name="Session summary")).to_be_in_viewport()
    expect(summary.locator(".quiz-note")).to_contain_text("appear after")
    expect(summary.locator(".review-item")).to_have_count(2)
    expect(summary.locator(".b-secure, .b-partly, .b-not_yet")).to_have_count(0)
    expect(summary).not_to_contain_text("%")
    shot(page, "38-check-quiz-summary")
    assert quiz["id"]


def test_desktop_keeps_each_turn_in_view(live_server, browser, make_user):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        open_unit(page, live_server, "desktop", make_user)
        page.get_by_label("Your answer").fill(good_answer(current_prompt(page)))
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator(".msg-bot.feedback").last.locator(".band")).to_be_in_viewport()
        page.get_by_role("button", name="Show all key points").click()
        shot(page, "40-desktop-feedback")
        page.get_by_role("button", name="Next", exact=True).click()
        expect(page.locator(".msg-bot.question").last).to_be_in_viewport(ratio=1)
        expect(page.get_by_label("Your answer")).to_be_focused()
        assert page.evaluate("document.documentElement.scrollHeight") <= 800
        shot(page, "41-desktop-next")
    finally:
        context.close()


def test_finished_quiz_keeps_its_answers_and_an_overdue_quiz_says_so(app, live_server, phone,
                                                                     client, make_user):
    page = phone
    setup = cohort_learner(client, make_user, "reviewer")
    tutor, cohort_id, headers = setup["tutor"], setup["cohort"], setup["headers"]
    quiz = client.post(f"/api/v1/cohorts/{cohort_id}/quizzes", headers=tutor, json={
        "title": "Done quiz", "units": ["TEST-Q.U1"], "questions": 2}).json
    started = client.post(f"/api/v1/quizzes/{quiz['id']}/start", headers=headers).json
    turn = started["turn"]
    for n in range(2):
        reply = client.post(f"/api/v1/practice/{started['session']}/answer", headers=headers, json={
            "text": good_answer(turn["prompt"]), "client_id": f"q{n}",
            "question_id": turn["question_id"]}).json
        turn = reply["next"]
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    late = client.post(f"/api/v1/cohorts/{cohort_id}/quizzes", headers=tutor, json={
        "title": "Missed quiz", "units": ["TEST-Q.U1"], "questions": 1, "due": soon})
    with app.app_context():  # its due date passes before the learner starts it
        db.session.get(Quiz, late.json["id"]).due_at = datetime.now(UTC) - timedelta(days=1)
        db.session.commit()
    log_in(page, live_server, "reviewer")
    page.get_by_role("link", name=re.compile("Done quiz")).click()
    expect(page.get_by_role("button", name=re.compile("Start"))).to_have_count(0)
    page.get_by_role("button", name="See my answers").click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_in_viewport()
    expect(page.locator("#summary .review-item")).to_have_count(2)
    expect(page.locator("#summary .review-item").first).to_contain_text("Your answer:")
    expect(page.locator("#summary .score")).to_contain_text("mark recorded 100%")
    shot(page, "36-quiz-review")
    page.goto(f"{live_server}/")
    expect(page.get_by_role("link", name=re.compile("Missed quiz"))).to_contain_text("Overdue")
    page.get_by_role("link", name=re.compile("Missed quiz")).click()
    expect(page.locator("#quiz-intro")).to_contain_text("This quiz is overdue")
    expect(page.get_by_role("button", name=re.compile("Start"))).to_have_count(0)
    shot(page, "37-quiz-overdue")
