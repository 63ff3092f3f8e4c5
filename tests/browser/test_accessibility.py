"""axe-core (from the npm registry, installed by `make test`) finds no serious or critical
violations on the main pages at 390x844."""


import pytest

from tests.browser.conftest import AXE, PHONE, submit_login
from tests.conftest import PASSWORD
from tests.conftest import login



@pytest.fixture
def audit(browser):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from the npm registry")
    context = browser.new_context(viewport=PHONE, is_mobile=True, bypass_csp=True)
    page = context.new_page()

    def run(url: str) -> list[str]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
        }""")
        return [f"{url}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}" for v in result
                if v["impact"] in ("serious", "critical")]

    yield page, run
    context.close()


def sign_in(page, base, username):
    submit_login(page, base, username)
    page.wait_for_url(lambda url: "/login" not in url)  # each role lands on its own home


def test_pages_have_no_serious_violations(live_server, audit, client, make_user):
    page, run = audit
    problems = run(f"{live_server}/login") + run(f"{live_server}/register")
    make_user("a11y-tutor", "tutor")
    make_user("a11y-assessor", "assessor")
    tutor = login(client, "a11y-tutor")
    cohort = client.post("/api/v1/cohorts", json={"name": "A11y", "qualification": "TEST-Q"}, headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "a11y-assessor"}, headers=tutor)
    client.post("/api/v1/auth/register", json={"username": "a11y-learner", "password": PASSWORD,
                                               "join_code": cohort["join_code"]})
    learner = login(client, "a11y-learner")
    sid = client.post("/api/v1/practice", json={"unit": "TEST-Q.U1"}, headers=learner).json["session"]
    client.post(f"/api/v1/practice/{sid}/answer", json={"text": "listen", "client_id": "a"}, headers=learner)

    sign_in(page, live_server, "a11y-learner")
    problems += run(f"{live_server}/") + run(f"{live_server}/practice/TEST-Q.U1")
    problems += run(f"{live_server}/progress") + run(f"{live_server}/scenario/test-message")
    problems += run(f"{live_server}/feedback/")
    problems += run(f"{live_server}/account/password")
    page.context.clear_cookies()
    sign_in(page, live_server, "a11y-tutor")
    problems += run(f"{live_server}/tutor/") + run(f"{live_server}/tutor/cohorts/{cohort['id']}")
    quiz = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes",
                       json={"title": "Q", "units": ["TEST-Q.U1"], "questions": 1},
                       headers=tutor).json
    problems += run(f"{live_server}/tutor/cohorts/{cohort['id']}/quizzes/{quiz['id']}/edit")
    problems += run(f"{live_server}/tutor/cohorts/{cohort['id']}/questions/new")
    page.context.clear_cookies()
    sign_in(page, live_server, "a11y-assessor")
    problems += run(f"{live_server}/assessor/") + run(f"{live_server}/assessor/cohorts/{cohort['id']}")
    link = page.locator("table.heatmap th a").first.get_attribute("href")
    problems += run(f"{live_server}{link}") + run(f"{live_server}{link}/pack")
    assert problems == [], "\n".join(problems)
