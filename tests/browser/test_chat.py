"""A learner on a phone logs in, answers a question and sees specific feedback."""


from playwright.sync_api import expect

from tests.browser.conftest import browse_to, log_in


def test_learner_answers_and_gets_feedback(live_server, phone, make_user, tmp_path):
    make_user("phoneuser")
    log_in(phone, live_server, "phoneuser")
    browse_to(phone, "Test qualification", "Communicate with customers")
    question = phone.locator(".msg-bot.question").last
    expect(question).to_contain_text("?")
    prompt = question.inner_text()
    if "shouting" in prompt:
        answer = "I would stay calm, lisen to them and say sorry"
    else:
        answer = "hearing is just noise, listening is when you pay atention to understand"
    phone.fill("#answer", answer)
    phone.click("#send")
    feedback = phone.locator(".msg-bot.feedback").last
    expect(feedback).to_be_visible()
    expect(feedback.locator(".band")).to_contain_text("Secure")
    expect(feedback.locator(".feedback-text")).to_contain_text("“")
    # the page fits a phone: no sideways scrolling
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(tmp_path / "chat.png"), full_page=True)

    # the key points and model answer on request, then the next question
    phone.get_by_role("button", name="Show all key points").click()
    expect(phone.locator(".keypoints .model-answer").last).to_contain_text("Model answer")
    phone.get_by_role("button", name="Next").click()
    expect(phone.locator(".msg-bot.question")).to_have_count(2)

    # reloading loses nothing: the exchange is redrawn from the server
    phone.reload()
    expect(phone.locator(".msg-me p").first).to_have_text(answer)
    expect(phone.locator(".msg-bot.feedback")).to_have_count(1)


def test_unsent_answer_survives_a_dropped_connection(live_server, phone, make_user):
    make_user("offline")
    log_in(phone, live_server, "offline")
    browse_to(phone, "Test qualification", "Communicate with customers")
    expect(phone.locator(".msg-bot.question")).to_have_count(1)
    phone.context.set_offline(True)
    phone.fill("#answer", "stay calm and listen")
    phone.click("#send")
    expect(phone.locator("#status")).to_contain_text("Not sent yet")
    phone.context.set_offline(False)
    # the saved answer is sent again (same client_id) and marked once
    expect(phone.locator(".msg-bot.feedback")).to_have_count(1, timeout=15_000)
    phone.reload()
    expect(phone.locator(".msg-bot.feedback")).to_have_count(1)
