"""Signed sign-offs (page form as rendered, API, countersignature, pack and CSV), re-marks by
band, the learner's feedback with "new", and the audit log as sentences."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from quizapp.extensions import db
from quizapp.models import AuditEntry, SignOff
from tests.conftest import web_login

CRIT = "TEST-Q.U1.a"


def _signoff_form(page: str, criterion: str) -> str:
    """The rendered sign-off form for one criterion."""
    forms = re.findall(r'<form method="post" action="[^"]*/signoff">.*?</form>', page, re.DOTALL)
    return next(f for f in forms if f'value="{criterion}"' in f)


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.fields.append((attrs["name"], attrs.get("value") or ""))


def _submit(client, form: str, **typed) -> object:
    """Post a rendered form the way a browser does: every named input in order, then typed."""
    action = re.search(r'action="([^"]+)"', form).group(1)
    parser = _Inputs()
    parser.feed(form)
    data = MultiDict([(k, v) for k, v in parser.fields if k not in typed] + list(typed.items()))
    return client.post(action, data=data)


def test_the_rendered_sign_off_form_sends_one_criterion_and_saves(app, client, setup):
    web_login(client, "asha")
    page = client.get(f"/assessor/learners/{setup['lea_id']}").get_data(as_text=True)
    form = _signoff_form(page, CRIT)
    assert form.count('name="criterion"') == 1
    res = _submit(client, form, discussed_on=date.today().isoformat(),
                  note="Told hearing from listening with an example.", signature="Asha Khan")
    assert res.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(SignOff))
        assert (row.criterion_id, row.signature) == (CRIT, "Asha Khan")
        assert row.signed_at is not None and row.note.startswith("Told hearing")
    page = client.get(f"/assessor/learners/{setup['lea_id']}").get_data(as_text=True)
    assert "Signed by Asha Khan (asha)" in page and "Not yet countersigned" in page


def test_sign_off_page_refuses_a_missing_signature(app, client, setup):
    web_login(client, "asha")
    page = client.get(f"/assessor/learners/{setup['lea_id']}").get_data(as_text=True)
    res = _submit(client, _signoff_form(page, CRIT), discussed_on=date.today().isoformat(),
                  note="Typed with care", signature="")
    page = res.get_data(as_text=True)
    assert res.status_code == 400 and "Give Your full name, as your signature." in page
    form = _signoff_form(page, CRIT)
    assert "Typed with care</textarea>" in form  # what was typed is kept
    assert f'id="crit-{CRIT}" open' in page
    with app.app_context():
        assert db.session.scalar(select(SignOff)) is None


def body(**over):
    return {"criterion": CRIT, "date": date.today().isoformat(), "note": "Explained it well.",
            "signature": "Asha Khan", **over}


def test_api_sign_off_countersign_and_lists(app, client, setup, api_token):
    url = f"/api/v1/learners/{setup['lea_id']}/signoffs"
    res = client.post(url, json=body(), headers=setup["assessor"])
    assert res.status_code == 201, res.json
    assert res.json["signature"] == "Asha Khan" and res.json["signed_at"]
    assert res.json["countersignature"] is None
    assert client.post(url, json=body(), headers=setup["assessor"]).status_code == 409
    for who in ("learner", "tutor"):
        assert client.post(url, json=body(criterion="TEST-Q.U1.b"),
                           headers=setup[who]).status_code == 403
    assert client.post(url, json=body(), headers=api_token("a2", "assessor")).status_code == 403
    listed = client.get(url, headers=setup["learner"]).json["signoffs"]
    assert [x["criterion"] for x in listed] == [CRIT]
    other = client.post("/api/v1/me/countersign", json={"signoff": res.json["id"],
                        "signature": "Not Lea"}, headers=api_token("lea2"))
    assert other.status_code == 404
    signed = client.post("/api/v1/me/countersign", json={"signoff": res.json["id"],
                         "signature": "Lea Jones"}, headers=setup["learner"])
    assert signed.status_code == 200 and signed.json["countersignature"] == "Lea Jones"
    assert client.post("/api/v1/me/countersign", json={"signoff": res.json["id"],
                       "signature": "Lea Jones"}, headers=setup["learner"]).status_code == 409


@pytest.mark.parametrize("over, message", [
    ({"date": (date.today() + timedelta(days=2)).isoformat()}, "future"),
    ({"date": "20-11-2026"}, "2026-11-22"),
    ({"signature": "   "}, "full name"),
    ({"note": " "}, "note"),
    ({"criterion": "NOPE"}, "no criterion"),
])
def test_api_sign_off_validation(client, setup, over, message):
    res = client.post(f"/api/v1/learners/{setup['lea_id']}/signoffs", json=body(**over),
                      headers=setup["assessor"])
    assert res.status_code in (400, 404) and message in res.json["error"]["message"]


def test_pack_and_csv_show_the_signed_sign_off(client, setup):
    signoff = client.post(f"/api/v1/learners/{setup['lea_id']}/signoffs", json=body(),
                          headers=setup["assessor"]).json
    client.post("/api/v1/me/countersign", json={"signoff": signoff["id"],
                                                "signature": "Lea Jones"},
                headers=setup["learner"])
    web_login(client, "asha")
    pack = client.get(f"/assessor/learners/{setup['lea_id']}/pack").get_data(as_text=True)
    assert "<dt>Learner</dt><dd>lea</dd>" in pack and "<dt>Assessor</dt><dd>asha</dd>" in pack
    assert "Test qualification" in pack or "TEST" in pack
    assert "Confirmed in professional discussion" in pack and "Asha Khan" in pack
    assert "Lea Jones" in pack and "Signatures" in pack
    rows = client.get(f"/assessor/learners/{setup['lea_id']}/pack.csv").get_data(
        as_text=True).splitlines()
    assert rows[0].endswith("signed_off_on,note,signature,signed_at,countersignature,"
                            "countersigned_at")
    signed = [r for r in rows if r.startswith(f"TEST-Q.U1,{CRIT},")]
    assert signed and "Asha Khan" in signed[0] and "Lea Jones" in signed[0]


def test_remark_by_band_reaches_the_learner_and_reads_as_a_sentence(app, client, setup):
    url = f"/api/v1/answers/{setup['answer_id']}/override"
    res = client.post(url, json={"band": "secure", "comment": "Explained it fully in discussion"},
                      headers=setup["assessor"])
    assert res.status_code == 201 and res.json["band"] == "secure"
    assert res.json["score"] >= 0.75
    mine = client.get("/api/v1/me/feedback", headers=setup["learner"]).json["remarks"]
    assert len(mine) == 1 and mine[0]["new"] is True
    assert mine[0]["band"] == "secure" and mine[0]["was"] == setup["band"]
    assert mine[0]["comment"] == "Explained it fully in discussion"
    web_login(client, "lea")
    page = client.get("/feedback/").get_data(as_text=True)
    assert "New" in page and "Explained it fully in discussion" in page
    assert client.get("/api/v1/me/feedback", headers=setup["learner"]).json["remarks"][0][
        "new"] is False
    with app.app_context():
        from quizapp.services.feedback import describe

        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "override"))
        sentence = describe(entry, lambda d: "3 March 2027")
    assert re.fullmatch(r"asha changed the mark from (Not yet|Partly there) \(\d+%\) to Secure "
                        r"\(\d+%\) on 3 March 2027: \u2018Explained it fully in discussion\u2019",
                        sentence), sentence


@pytest.mark.parametrize("payload, message", [
    ({"band": "secure", "score": 0.2, "comment": "x"}, "not Secure"),
    ({"comment": "x"}, "band"),
    ({"band": "great", "comment": "x"}, "band"),
])
def test_remark_band_validation(client, setup, payload, message):
    res = client.post(f"/api/v1/answers/{setup['answer_id']}/override", json=payload,
                      headers=setup["assessor"])
    assert res.status_code == 400 and message in res.json["error"]["message"], res.json
