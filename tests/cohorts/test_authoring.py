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
    labels = [g["label"] for g in proposed["groups"]]  # key points as phrases
    assert labels == ["To check you wrote it down correctly",
                      "The callback reaches the right person"]
    assert round(sum(g["weight"] for g in proposed["groups"]), 6) == 3
    assert proposed["similarity"]["weight"] == 17
    rubric = {"concepts": [
        {"id": "check", "label": "To check it is right", "phrasings": ["check", "make sure", "correct", "right"]},
        {"id": "mistake", "label": "Avoid a wrong number", "phrasings": ["wrong number", "mistake", "error"]},
        {"id": "callback", "label": "So they can be called back", "phrasings": ["call back", "ring back", "callback"]}],
        "thresholds": {"partly": 0.3, "secure": 0.6}}
    samples = "secure: to make sure its right so they can ring back with no mistake\nnot_yet: because its polite"
    results = client.post(f"{base}/test", json={"rubric": yaml.safe_dump(rubric), "responses": samples,
                                                "model_answer": model}, headers=tutor).json["results"]
    assert [r["ok"] for r in results] == [True, True, True]
    assert [r["short"] for r in results] == [False, False, False]  # 13 words is not short
    bad = client.post(base, json={"prompt": prompt, "model_answer": model, "criteria": ["TEST-Q.U1.1.2"],
                                  "rubric": rubric, "responses": [{"text": "because its polite", "band": "secure"}]},
                      headers=tutor)
    assert bad.status_code == 400 and "mark “because its polite” Not yet, not Secure" in \
        bad.json["error"]["message"]
    # samples that pass, but none a short plain answer: the long one has 13 words (limit 7)
    long_only = "secure: to make sure its right so they can ring back with no mistake"
    bad = client.post(base, json={"prompt": prompt, "model_answer": model,
                                  "criteria": ["TEST-Q.U1.1.2"], "rubric": rubric,
                                  "responses": long_only}, headers=tutor)
    assert bad.status_code == 400 and "Add a short plain answer" in bad.json["error"]["message"]
    assert "at most 7 words" in bad.json["error"]["message"]
    samples += "\nsecure: right number, no mistake, ring back"
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
        assert ">It makes them feel welcome</textarea>" in page  # a phrase, not a word
        assert ">Shows you are friendly</textarea>" in page
        assert "concepts:" not in page  # rows, not YAML
        assert 'name="similarity-weight" value="17"' in page
        assert "closeness is 85% of the mark" in page and "most <b>5 words</b>" in page
        form.update({
            "point-0-label": "Feel welcome", "point-0-phrasings": "welcome",
            "point-0-weight": "1",
            "point-1-label": "Friendly", "point-1-phrasings": "friendly", "point-1-weight": "1",
            "point-2-label": "Put them at ease", "point-2-phrasings": "at ease\nrelaxed\ncomfortable",
            "point-2-weight": "1",
            "neg-0-label": "Rude", "neg-0-phrasings": "ignore them", "neg-0-penalty": "0.5",
            "rubric-extra": '{"thresholds": {"partly": 0.3, "secure": 0.6}}',
            "similarity-weight": "",
            "sample-0-text": "it makes them feel welcome and friendly", "sample-0-band": "secure",
            "sample-1-text": "dunno", "sample-1-band": "not_yet", "action": "save"})
        # no short plain answer yet (7 words; at most 5 for this model answer): not saved,
        # and what was typed is still there
        res = web.post(url, data=form)
        page = res.get_data(as_text=True)
        assert res.status_code == 200 and "Add a short plain answer before you save" in page
        assert "at most 5 words long" in page
        assert ">Put them at ease</textarea>" in page and "it makes them feel welcome and friendly" in page
        assert 'value="Why smile at a customer?"' in page or "Why smile at a customer?" in page
        form.update({"sample-2-text": "feel welcome and friendly", "sample-2-band": "secure",
                     "action": "test"})
        page = web.post(url, data=form).get_data(as_text=True)
        assert page.count("✓") == 4
        assert "Short plain answer: feel welcome and friendly" in page
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
        assert [r["band"] for r in saved.test_responses] == ["secure", "not_yet", "secure"]
        assert "similarity" not in saved.rubric  # left blank: key points alone


def test_proposed_key_points_round_trip_through_the_editor_rows():
    """A proposal's key points (groups of parts) show as rows and read back the same."""
    from werkzeug.datastructures import MultiDict

    from quizapp.tutor import rubric_form

    proposed = {"thresholds": {"partly": 0.45, "secure": 0.64}, "groups": [
        {"id": "say-sorry", "label": "Say sorry for the delay", "min": 2, "weight": 1.8,
         "concepts": [{"id": "say-sorry-sorry", "label": "sorry",
                       "phrasings": ["sorry", "apologise", "say sorry"]},
                      {"id": "say-sorry-delay", "label": "delay", "phrasings": ["delay"]}]},
        {"id": "any-two", "label": "Any two of these", "min": 1, "weight": 1.2,
         "concepts": [{"id": "a", "label": "a", "phrasings": ["listen"]},
                      {"id": "b", "label": "b", "phrasings": ["nod"]}]}],
        "similarity": {"weight": 17, "answers": ["old model answer"]}}
    rows = rubric_form.rows(proposed)
    (row,) = [p for p in rows["points"] if p["label"]]  # "any one of" stays as it is
    assert row == {"label": "Say sorry for the delay", "credit": "parts", "required": False,
                   "phrasings": ["sorry / apologise / say sorry", "delay"], "weight": "1.8"}
    assert "closeness is 90% of the mark" in rows["summary"]  # 17 of 18.8
    form = MultiDict({"point-0-label": row["label"], "point-0-phrasings": "\n".join(row["phrasings"]),
                      "point-0-credit": "parts", "point-0-weight": "1.8",
                      "point-1-label": "Offer a refund", "point-1-phrasings": "refund / money back",
                      "point-1-credit": "any", "point-1-weight": "1",
                      "rubric-extra": rows["extra"], "similarity-weight": "17",
                      "model_answer": "Say sorry for the delay and offer a refund.",
                      "prompt": "The order is late. What do you do?"})
    back = rubric_form.rubric(form)
    assert back["concepts"] == [{"id": "offer-a-refund", "label": "Offer a refund",
                                 "phrasings": ["refund", "money back"], "required": False,
                                 "weight": 1.0}]
    assert [g["id"] for g in back["groups"]] == ["any-two", "say-sorry-for-the-delay"]
    assert back["groups"][1]["min"] == 2 and [c["phrasings"] for c in back["groups"][1]["concepts"]] \
        == [["sorry", "apologise", "say sorry"], ["delay"]]
    assert back["similarity"] == {"weight": 17.0,
                                  "answers": ["Say sorry for the delay and offer a refund."],
                                  "question": "The order is late. What do you do?"}


def test_issue_19s_sample_marks_secure_with_the_proposed_rubric_and_saves(client, api_token):
    """The proposal carries the shared lexicon's alternatives written in, and the model answer
    and the short plain answer "say sorry and offer a refund" both mark Secure, so it saves."""
    tutor = api_token("refund-author", "tutor")
    cohort = client.post("/api/v1/cohorts", json={"name": "R", "qualification": "TEST-Q"},
                         headers=tutor).json
    base = f"/api/v1/cohorts/{cohort['id']}/questions"
    prompt = "A customer rings to complain that their order is late. What should you do?"
    model = "Say sorry to the customer for the delay and offer them a refund."
    rubric = client.post(f"{base}/propose", json={"prompt": prompt, "model_answer": model},
                         headers=tutor).json["rubric"]
    parts = {c["label"]: c["phrasings"] for g in rubric["groups"] for c in g["concepts"]}
    # the test banks' lexicon (tests/data/banks) has an "apologise" entry and no "refund"
    assert parts == {"sorry": ["sorry", "apologise", "say sorry", "apology"],
                     "delay": ["delay"], "offer": ["offer"], "refund": ["refund"]}
    assert not any("lexicon" in c for g in rubric["groups"] for c in g["concepts"])
    results = client.post(f"{base}/test", headers=tutor, json={
        "rubric": rubric, "model_answer": model,
        "responses": [{"text": "say sorry and offer a refund", "band": "secure"},
                      {"text": "tell them to wait", "band": "not_yet"}]}).json["results"]
    assert [(r["got"], r["short"]) for r in results] == [
        ("secure", False), ("secure", True), ("not_yet", False)]
    assert results[1]["hit"] == ["Say sorry to the customer for the delay (sorry: 1 of 2)",
                                 "Offer them a refund (offer, refund: 2 of 2)"]
    saved = client.post(base, headers=tutor, json={
        "prompt": prompt, "model_answer": model, "criteria": ["TEST-Q.U1.1.2"],
        "rubric": rubric, "responses": "secure: say sorry and offer a refund"})
    assert saved.status_code == 201, saved.json


def test_a_short_plain_answer_is_at_most_half_the_model_answer():
    from quizapp.services.authoring import is_short_plain, short_answer_limit

    model = "Say sorry to the customer for the delay and offer them a refund."  # 13 words
    assert short_answer_limit(model) == 6
    assert short_answer_limit("stay calm") == 3  # 3 words are always allowed
    assert short_answer_limit(" ".join(["word"] * 100)) == 15  # never more than 15
    short = {"text": "say sorry and offer a refund", "band": "secure"}
    assert is_short_plain(short, model)
    assert not is_short_plain({**short, "band": "partly"}, model)  # expected Secure
    assert not is_short_plain({"text": "say sorry for the delay and offer a refund",
                               "band": "secure"}, model)  # 9 words
    assert not is_short_plain({"text": model, "band": "secure", "model_answer": True}, model)
