"""Make the screenshots in docs/ from a real run: a demo cohort on ICS-L1 whose learners answer
with the banks' own labelled test responses over several days; then the chat, the heat map and
the discussion pack, photographed in Debian's Chromium at 390x844.

    .venv/bin/python scripts/screenshots.py        # writes docs/*.png
"""

from __future__ import annotations

import random
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from quizapp import create_app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LEARNERS = ["amira", "ben", "chloe", "dev", "ella", "femi"]
SKILL = {"amira": 0.9, "ben": 0.7, "chloe": 0.5, "dev": 0.35, "ella": 0.8, "femi": 0.2}


def seed(app) -> tuple[int, int]:
    from flask_migrate import upgrade

    from quizapp.banks import load_all
    from quizapp.extensions import db
    from quizapp.models import Answer, Question
    from quizapp.services import bank_store, cohorts, practice, users
    from quizapp.services import learner_progress

    with app.app_context():
        upgrade()
        bank_store.load_catalogue(load_all(ROOT / "question_banks"))
        users.ensure_demo_accounts()
        code = users.ensure_demo_cohort()
        rng = random.Random(4)
        tests = {q.id: q.test_responses for q in db.session.scalars(select(Question))}
        for name in LEARNERS:
            user, cohort = cohorts.register(name, "demo-pass-1", code)
            for unit in ("ICS-L1.U3", "ICS-L1.U6"):
                session = practice.start_practice(user, unit_id=unit, rng=rng)
                for n, qid in enumerate(session.queue[:9]):
                    samples = tests.get(qid) or []
                    want = ("secure" if rng.random() < SKILL[name]
                            else rng.choice(["partly", "not_yet"]))
                    pick = [s for s in samples if s["band"] == want] or samples
                    text = rng.choice(pick)["text"] if pick else "not sure"
                    reply = practice.submit_answer(user, session.id, text, f"{name}-{unit}-{n}")
                    answer = db.session.get(Answer, reply["answer_id"])
                    answer.created_at = answer.created_at - timedelta(days=rng.randint(0, 6),
                                                                      hours=rng.randint(0, 8))
                db.session.commit()
            ids = [c.id for c in db.session.scalars(
                select(Answer).where(Answer.user_id == user.id))]
            crit = {c for a in db.session.scalars(select(Answer).where(Answer.id.in_(ids)))
                    for c in a.criteria}
            learner_progress.recompute(user.id, sorted(crit, key=lambda c: c.id))
            db.session.commit()
        return cohort.id, db.session.scalar(
            select(users.User.id).where(users.User.username == "dev"))


def main() -> None:
    tmp = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/shots.sqlite",
                      "SECRET_KEY": "screenshots-only-" + "k" * 32, "QUIZAPP_DEMO": True})
    cohort_id, learner_id = seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)

        def login(username: str) -> None:
            page.context.clear_cookies()
            page.goto(f"{base}/login")
            page.fill("#username", username)
            page.fill("#password", "demo-pass")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")

        login("demo-assessor")
        page.goto(f"{base}/assessor/cohorts/{cohort_id}?unit=ICS-L1.U3")
        page.screenshot(path=str(DOCS / "heatmap.png"), full_page=True)
        page.goto(f"{base}/assessor/learners/{learner_id}/pack")
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        page.screenshot(path=str(DOCS / "discussion-pack.png"), full_page=True,
                        clip={"x": 0, "y": 0, "width": 794, "height": 1123})
        page.set_viewport_size({"width": 390, "height": 844})
        page.emulate_media(media="screen")
        login("demo-learner")
        page.goto(f"{base}/")
        # a session on "hearing and listening" (3a), picked up by the chat page as its own
        session = page.evaluate("""async () => {
            const csrf = document.querySelector('meta[name="csrf-token"]').content;
            const r = await fetch('/api/v1/practice', {method: 'POST', credentials: 'same-origin',
                headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf},
                body: JSON.stringify({criteria: ['ICS-L1.U3.3a']})});
            return (await r.json()).session; }""")
        page.evaluate(
            "s => localStorage.setItem('quizapp.session.unit-ICS-L1.U3', JSON.stringify(s))",
            session)
        page.set_viewport_size({"width": 390, "height": 1300})
        page.goto(f"{base}/practice/ICS-L1.U3")
        page.wait_for_selector(".msg-bot.question")
        page.fill("#answer", "hearing is just noise going in your ears but listening is when you "
                             "pay atention and try to understand what they mean")
        page.click("#send")
        page.wait_for_selector(".msg-bot.feedback")
        page.screenshot(path=str(DOCS / "chat.png"))
        browser.close()
    server.shutdown()
    print("wrote", ", ".join(str(p.relative_to(ROOT)) for p in sorted(DOCS.glob("*.png"))))


if __name__ == "__main__":
    main()
