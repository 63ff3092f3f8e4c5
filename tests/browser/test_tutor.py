"""The tutor's main flow on a phone: create a cohort, set a quiz, a learner joins and takes it,
the tutor sees the result."""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_tutor_sets_a_quiz_and_sees_results(live_server, browser, make_user, tmp_path):
    make_user("tutor-t", "tutor")
    tutor_ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tutor = tutor_ctx.new_page()
    tutor.goto(f"{live_server}/login")
    tutor.fill("#username", "tutor-t")
    tutor.fill("#password", PASSWORD)
    tutor.click("button[type=submit]")
    tutor.get_by_role("link", name="Cohorts").click()
    tutor.fill("#cohort-name", "Monday evening")
    tutor.select_option("#cohort-qualification", "TEST-Q")
    tutor.get_by_role("button", name="Create cohort").click()
    expect(tutor.get_by_role("heading", name="Monday evening")).to_be_visible()
    code = tutor.locator("#join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    expect(tutor.locator("img.qr")).to_be_visible()

    tutor.fill("#quiz-title", "Listening check")
    tutor.get_by_label(re.compile("Unit 1 Communicate")).check()
    tutor.fill("#quiz-questions", "2")
    assert tutor.evaluate("document.documentElement.scrollWidth") <= 390
    tutor.get_by_role("button", name="Set quiz").click()
    expect(tutor.locator(".flash")).to_contain_text("Listening check")
    tutor.screenshot(path=str(tmp_path / "tutor.png"), full_page=True)

    learner_ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    learner = learner_ctx.new_page()
    learner.goto(f"{live_server}/register?code={code}")
    learner.fill("#username", "kai")
    learner.fill("#password", PASSWORD)
    learner.get_by_role("button", name="Join").click()
    expect(learner.locator(".flash")).to_contain_text("Monday evening")
    learner.get_by_role("link", name=re.compile("Listening check")).click()
    # before starting: what the quiz is and the tries left
    expect(learner.locator("#quiz-intro")).to_contain_text("You can take it once")
    learner.get_by_role("button", name="Start the quiz").click()
    for _ in range(2):
        prompt = learner.locator(".msg-bot.question").last.inner_text()
        text = ("stay calm, listen and say sorry" if "shouting" in prompt
                else "hearing is just sound, listening means paying attention")
        learner.fill("#answer", text)
        learner.click("#send")
        expect(learner.locator(".msg-bot.feedback").last).to_be_visible()
        learner.get_by_role("button", name="Next").click()
    expect(learner.get_by_role("heading", name="Session summary")).to_be_visible()

    tutor.reload()
    row = tutor.locator("#quizzes tbody tr", has_text="kai")
    expect(row).to_contain_text("finished")
    expect(row).to_contain_text("%")
    tutor_ctx.close()
    learner_ctx.close()
