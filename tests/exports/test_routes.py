"""Export routes: a unit's or a cohort's questions as Moodle XML and GIFT, for staff only."""

import xml.etree.ElementTree as ET


def test_unit_export_xml_and_gift(client, api_token):
    tutor = api_token("t-exp", "tutor")
    res = client.get("/api/v1/units/TEST-Q.U1/export.xml", headers=tutor)
    assert res.status_code == 200 and res.mimetype == "application/xml"
    root = ET.fromstring(res.data)
    questions = [q for q in root.findall("question") if q.get("type") == "essay"]
    assert {q.findtext("idnumber") for q in questions} == {"TEST-Q.U1.q-listening", "TEST-Q.U1.q-angry"}
    res = client.get("/api/v1/units/TEST-Q.U1/export.gift", headers=tutor)
    assert res.status_code == 200
    assert "::TEST-Q.U1.q-angry::" in res.get_data(as_text=True)


def test_export_is_for_staff(client, api_token):
    assert client.get("/api/v1/units/TEST-Q.U1/export.xml").status_code == 401
    assert client.get("/api/v1/units/TEST-Q.U1/export.xml", headers=api_token("l-exp")).status_code == 403
    assert client.get("/api/v1/units/NOPE/export.xml",
                      headers=api_token("t2-exp", "tutor")).status_code == 404


def test_cohort_export(client, api_token):
    tutor = api_token("t-coh", "tutor")
    cohort = client.post("/api/v1/cohorts", json={"name": "X", "qualification": "TEST-Q"}, headers=tutor).json
    res = client.get(f"/api/v1/cohorts/{cohort['id']}/export.gift", headers=tutor)
    assert res.status_code == 200 and "$CATEGORY:" in res.get_data(as_text=True)
    other = api_token("t-other", "tutor")
    assert client.get(f"/api/v1/cohorts/{cohort['id']}/export.xml", headers=other).status_code == 403
