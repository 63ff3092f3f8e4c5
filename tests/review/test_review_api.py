"""Assessor review through the API and pages: progress access, overrides, audit, sign-off, pack."""

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, AuditEntry, Progress, Question, ResponseProposal
from tests.conftest import csrf_from, web_login


def test_progress_visible_to_learner_tutor_and_assessor_only(client, setup, api_token):
    url = f"/api/v1/learners/{setup['lea_id']}/progress"
    for who in ("learner", "tutor", "assessor"):
        res = client.get(url, headers=setup[who])
        assert res.status_code == 200, who
        crit = {c["id"]: c for c in res.json["criteria"]}
        assert crit["TEST-Q.U1.b"]["attempts"] == 1
        assert crit["TEST-Q.U1.b"]["evidence"][0]["text"] == "i would ask my manager to come"
    assert client.get(url, headers=api_token("other-learner")).status_code == 403
    assert client.get(url, headers=api_token("other-tutor", "tutor")).status_code == 403
    assert client.get(url, headers=api_token("other-assessor", "assessor")).status_code == 403
    assert client.get(url).status_code == 401


def test_override_keeps_original_logs_and_recomputes(app, client, setup):
    assert setup["band"] != "secure"
    res = client.post(f"/api/v1/answers/{setup['answer_id']}/override",
                      json={"score": 0.9, "comment": "Fetching the manager is right here."},
                      headers=setup["assessor"])
    assert res.status_code == 201 and res.json["band"] == "secure"
    with app.app_context():
        answer = db.session.get(Answer, setup["answer_id"])
        assert answer.band == setup["band"]  # the original mark is kept
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "override"))
        assert entry.actor.username == "asha"
        assert entry.before["band"] == setup["band"] and entry.after == {"score": 0.9, "band": "secure"}
        assert entry.reason == "Fetching the manager is right here."
        progress = db.session.get(Progress, (setup["lea_id"], "TEST-Q.U1.b"))
        assert progress.score == pytest.approx(0.9)
    crit = {c["id"]: c for c in client.get(f"/api/v1/learners/{setup['lea_id']}/progress",
                                           headers=setup["learner"]).json["criteria"]}
    assert crit["TEST-Q.U1.b"]["evidence"][0]["overridden"] is True


@pytest.mark.parametrize("who, status", [("tutor", 403), ("learner", 403)])
def test_only_the_cohorts_assessor_overrides(client, setup, who, status):
    res = client.post(f"/api/v1/answers/{setup['answer_id']}/override",
                      json={"score": 1, "comment": "x"}, headers=setup[who])
    assert res.status_code == status


def test_other_assessor_cannot_override(client, setup, api_token):
    res = client.post(f"/api/v1/answers/{setup['answer_id']}/override",
                      json={"score": 1, "comment": "x"}, headers=api_token("ass2", "assessor"))
    assert res.status_code == 403


@pytest.mark.parametrize("body, message", [
    ({"score": 2, "comment": "x"}, "score must be at most 1"),
    ({"score": "high", "comment": "x"}, "score must be a number"),
    ({"score": 0.5, "comment": ""}, "comment"),
    ({"score": 0.5}, "comment"),
])
def test_override_validation(client, setup, body, message):
    res = client.post(f"/api/v1/answers/{setup['answer_id']}/override", json=body,
                      headers=setup["assessor"])
    assert res.status_code == 400 and message in res.json["error"]["message"]


def test_override_can_feed_the_question_test_responses(app, client, setup):
    client.post(f"/api/v1/answers/{setup['answer_id']}/override",
                json={"score": 0.8, "comment": "valid", "send_to_test_responses": True},
                headers=setup["assessor"])
    with app.app_context():
        (proposal,) = db.session.scalars(select(ResponseProposal)).all()
        assert proposal.question_id == "TEST-Q.U1.q-angry"
        assert proposal.text == "i would ask my manager to come" and proposal.band == "secure"
        q = db.session.get(Question, "TEST-Q.U1.q-angry")  # the shared question is untouched
        assert q.flagged is False and q.review_responses == []


def test_audit_log_cannot_be_edited_through_any_route(app, client, setup):
    """No route changes the audit log; new actions append entries and leave old ones alone."""
    editing = [r.rule for r in app.url_map.iter_rules()
               if "audit" in r.rule and r.methods & {"POST", "PUT", "PATCH", "DELETE"}]
    assert editing == []
    url = f"/api/v1/answers/{setup['answer_id']}/override"
    client.post(url, json={"score": 0.9, "comment": "first"}, headers=setup["assessor"])
    with app.app_context():
        first = db.session.scalar(select(AuditEntry))
        snapshot = (first.id, first.before, first.after, first.reason, first.created_at)
    client.post(url, json={"score": 0.2, "comment": "second"}, headers=setup["assessor"])
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert len(entries) == 2
        e = entries[0]
        assert (e.id, e.before, e.after, e.reason, e.created_at) == snapshot
        assert entries[1].before == {"score": 0.9, "band": "secure"}


def test_cohort_progress_csv(client, setup, api_token):
    res = client.get(f"/api/v1/cohorts/{setup['cohort']['id']}/progress.csv", headers=setup["assessor"])
    assert res.status_code == 200
    lines = res.get_data(as_text=True).splitlines()
    assert lines[0].startswith("learner,TEST-Q.U1.1.1")
    assert lines[1].startswith("lea,")
    assert client.get(f"/api/v1/cohorts/{setup['cohort']['id']}/progress.csv",
                      headers=setup["learner"]).status_code == 403


def test_assessor_pages_heatmap_learner_signoff_pack(app, client, setup):
    web_login(client, "asha")
    html = client.get(f"/assessor/cohorts/{setup['cohort']['id']}").get_data(as_text=True)
    assert "s-gap" in html or "s-developing" in html
    assert f"/assessor/learners/{setup['lea_id']}#crit-TEST-Q.U1.b" in html
    page = client.get(f"/assessor/learners/{setup['lea_id']}").get_data(as_text=True)
    assert "i would ask my manager to come" in page
    token = csrf_from(page)
    res = client.post(f"/assessor/learners/{setup['lea_id']}/signoff", data={
        "csrf_token": token, "criterion": "TEST-Q.U1.a", "discussed_on": "2026-11-20",
        "note": "Explained hearing v listening well.", "signature": "Asha Khan"})
    assert res.status_code == 302
    page = client.get(f"/assessor/learners/{setup['lea_id']}").get_data(as_text=True)
    assert "Confirmed in professional discussion on 20 November 2026" in page
    assert "Signed by Asha Khan (asha)" in page
    assert ("asha confirmed TEST-Q.U1.a in the professional discussion held on 20 November 2026, "
            "signed as \u2018Asha Khan\u2019") in page  # the audit log
    pack = client.get(f"/assessor/learners/{setup['lea_id']}/pack").get_data(as_text=True)
    assert "TEST-Q.U1.b" in pack and "A customer is shouting at you" in pack
    assert "i would ask my manager to come" in pack and "Listen for" in pack
    assert "print.css" in pack
    csv = client.get(f"/assessor/learners/{setup['lea_id']}/pack.csv").get_data(as_text=True)
    assert csv.splitlines()[0].startswith("unit,criterion,text,status,probes")


def test_learner_cannot_open_assessor_pages(client, setup):
    web_login(client, "lea")
    assert client.get(f"/assessor/cohorts/{setup['cohort']['id']}").status_code == 403
    assert client.get(f"/assessor/learners/{setup['lea_id']}").status_code == 403


def test_flagged_questions_are_listed_for_their_authors(app, client, setup):
    runner = app.test_cli_runner()
    assert "No flagged questions." in runner.invoke(args=["banks", "flagged"]).output
    client.post(f"/api/v1/answers/{setup['answer_id']}/override",
                json={"score": 0.8, "comment": "valid answer", "send_to_test_responses": True},
                headers=setup["assessor"])
    out = runner.invoke(args=["banks", "flagged"]).output
    assert "TEST/U1.yaml: question TEST-Q.U1.q-angry" in out
    assert '{text: "i would ask my manager to come", band: secure}  # asha: valid answer' in out
