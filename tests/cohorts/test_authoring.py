"""A tutor writes a question: the rubric is proposed from the model answer, edited, tested
against sample responses, saved to the cohort bank, practised by the cohort, exported."""

from datetime import datetime, timedelta, timezone

import yaml


def test_tutor_question_flow(client, api_token):
    tutor = api_token("author", "tutor")
    cohort = client.post("/api/v1/cohorts", json={"name": "Own Qs", "qualification": "TEST-Q"},
                         headers=tutor).json
    base = f"/api/v1/cohorts/{cohort['id']}/questions"
    prompt = "Why should you repeat a phone number back to the caller?"
    model = "To check you wrote it down correctly, so the callback reaches the right person."
    proposed = client.post(f"{base}/propose", json={"prompt": prompt, "model_answer": model},
                           headers=tutor).json["rubric"]
    labels = {c["label"] for c in proposed["concepts"]}
    assert {"check", "correctly"} & {label.lower() for label in labels}
    rubric = {"concepts": [
        {"id": "check", "label": "To check it is right", "phrasings": ["check", "make sure", "correct", "right"]},
        {"id": "mistake", "label": "Avoid a wrong number", "phrasings": ["wrong number", "mistake", "error"]},
        {"id": "callback", "label": "So they can be called back", "phrasings": ["call back", "ring back", "callback"]}],
        "thresholds": {"partly": 0.3, "secure": 0.6}}
    samples = "secure: to make sure its right so they can ring back with no mistake\nnot_yet: because its polite"
    results = client.post(f"{base}/test", json={"rubric": yaml.safe_dump(rubric), "responses": samples,
                                                "model_answer": model}, headers=tutor).json["results"]
    assert [r["ok"] for r in results] == [True, True, True]
    bad = client.post(base, json={"prompt": prompt, "model_answer": model, "criteria": ["TEST-Q.U1.1.2"],
                                  "rubric": rubric, "responses": [{"text": "because its polite", "band": "secure"}]},
                      headers=tutor)
    assert bad.status_code == 400 and "gives not_yet" in bad.json["error"]["message"]
    wrong_qual = client.post(base, json={"prompt": prompt, "model_answer": model, "criteria": ["ICS-L1.U3.3a"],
                                         "rubric": rubric}, headers=tutor)
    assert wrong_qual.status_code == 400
    saved = client.post(base, json={"prompt": prompt, "model_answer": model, "criteria": ["TEST-Q.U1.1.2"],
                                    "rubric": rubric, "responses": samples}, headers=tutor)
    assert saved.status_code == 201, saved.json
    qid = saved.json["id"]
    listed = client.get(base, headers=tutor).json["questions"]
    assert [q["id"] for q in listed] == [qid] and listed[0]["criteria"] == ["TEST-Q.U1.1.2"]
    gift = client.get(f"/api/v1/cohorts/{cohort['id']}/export.gift", headers=tutor).get_data(as_text=True)
    assert f"::{qid}::" in gift

    # the cohort's learners can practise it; others never see it
    client.post("/api/v1/auth/register", json={"username": "in-cohort", "password": "correct-horse",
                                               "join_code": cohort["join_code"]})
    token = client.post("/api/v1/auth/login", json={"username": "in-cohort", "password": "correct-horse"}).json["token"]
    member = {"Authorization": f"Bearer {token}"}
    turn = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.1.2"]}, headers=member).json["turn"]
    assert turn["question_id"] == qid
    # while a check quiz is open, free practice keeps the cohort's own questions unseen
    due = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes", headers=tutor, json={
        "title": "Check", "criteria": ["TEST-Q.U1.1.2"], "feedback": "after_due", "due": due})
    assert res.status_code == 201, res.json
    res = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.1.2"]}, headers=member)
    if res.status_code == 201:
        served = client.get(f"/api/v1/practice/{res.json['session']}/summary", headers=member).json
        assert qid not in [item["question_id"] for item in served["items"]]
    else:
        assert res.status_code == 404
    outsider = api_token("outsider")
    res = client.post("/api/v1/practice", json={"criteria": ["TEST-Q.U1.1.2"]}, headers=outsider)
    assert res.status_code == 404
    other_tutor = api_token("other-author", "tutor")
    assert client.get(base, headers=other_tutor).status_code == 403
    assert client.post(f"{base}/propose", json={"prompt": prompt, "model_answer": model},
                       headers=other_tutor).status_code == 403


def test_bad_rubric_text_is_a_clear_error(client, api_token):
    tutor = api_token("author2", "tutor")
    cohort = client.post("/api/v1/cohorts", json={"name": "X", "qualification": "TEST-Q"}, headers=tutor).json
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/questions/test",
                      json={"rubric": "concepts: [", "responses": []}, headers=tutor)
    assert res.status_code == 400 and "YAML" in res.json["error"]["message"]
    res = client.post(f"/api/v1/cohorts/{cohort['id']}/questions/test",
                      json={"rubric": {"concepts": [{"id": "a"}]}, "responses": []}, headers=tutor)
    assert res.status_code == 400 and "Rubric: concepts[0]" in res.json["error"]["message"]


def test_tutor_writes_a_question_on_the_page(app, client, make_user):
    from tests.conftest import login, web_login
    from tests.conftest import csrf_from

    make_user("page-author", "tutor")
    cohort = client.post("/api/v1/cohorts", json={"name": "P", "qualification": "TEST-Q"},
                         headers=login(client, "page-author")).json
    with app.test_client() as web:
        web_login(web, "page-author")
        url = f"/tutor/cohorts/{cohort['id']}/questions/new"
        token = csrf_from(web.get(url).get_data(as_text=True))
        form = {"csrf_token": token, "prompt": "Why smile at a customer?",
                "model_answer": "It makes them feel welcome and shows you are friendly.",
                "criteria": ["TEST-Q.U1.1.1"], "action": "propose"}
        page = web.post(url, data=form).get_data(as_text=True)
        assert "Key points proposed" in page and 'name="point-0-label"' in page
        assert "welcome" in page and "concepts:" not in page  # rows, not YAML
        form.update({
            "point-0-label": "Feel welcome", "point-0-phrasings": "welcome",
            "point-0-weight": "1",
            "point-1-label": "Friendly", "point-1-phrasings": "friendly", "point-1-weight": "1",
            "point-2-label": "Put them at ease", "point-2-phrasings": "at ease\nrelaxed\ncomfortable",
            "point-2-weight": "1",
            "neg-0-label": "Rude", "neg-0-phrasings": "ignore them", "neg-0-penalty": "0.5",
            "rubric-extra": '{"thresholds": {"partly": 0.3, "secure": 0.6}}',
            "sample-0-text": "makes them feel welcome and friendly", "sample-0-band": "secure",
            "sample-1-text": "dunno", "sample-1-band": "not_yet", "action": "test"})
        page = web.post(url, data=form).get_data(as_text=True)
        assert page.count("✓") == 3
        assert "Feel welcome; Friendly" in page  # the key points each sample matched
        form["action"] = "save"
        res = web.post(url, data=form)
        assert res.status_code == 302
        assert "Why smile at a customer?" in web.get(f"/tutor/cohorts/{cohort['id']}").get_data(as_text=True)
    with app.app_context():
        from quizapp.extensions import db
        from quizapp.models import Question

        saved = db.session.scalar(db.select(Question).where(Question.cohort_id == cohort["id"]))
        assert [c["label"] for c in saved.rubric["concepts"]] == [
            "Feel welcome", "Friendly", "Put them at ease"]
        assert saved.rubric["negatives"][0]["penalty"] == 0.5
        assert saved.rubric["thresholds"] == {"partly": 0.3, "secure": 0.6}
        assert [r["band"] for r in saved.test_responses] == ["secure", "not_yet"]
