"""Cache-Control (finding 6 of issue 18): pages, API replies and CSV files with personal data
are never stored by a browser or proxy; static files may be."""

from tests.conftest import PASSWORD, web_login


def test_personal_pages_and_files_are_not_stored(app, client, make_user):
    make_user("tutor1", "tutor")
    bearer = client.post("/api/v1/auth/login",
                         json={"username": "tutor1", "password": PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {bearer}"}
    cohort = client.post("/api/v1/cohorts", json={"name": "C", "qualification": "TEST-Q"},
                         headers=headers).json["id"]
    web = app.test_client()
    web_login(web, "tutor1")
    responses = {
        "progress page": web.get("/progress"),
        "cohort page": web.get(f"/tutor/cohorts/{cohort}"),
        "results CSV": web.get(f"/tutor/cohorts/{cohort}/results.csv"),
        "API results": client.get(f"/api/v1/cohorts/{cohort}/results", headers=headers),
        "API CSV": client.get(f"/api/v1/cohorts/{cohort}/results.csv", headers=headers),
        "my progress": client.get("/api/v1/me/progress", headers=headers),
    }
    for name, res in responses.items():
        assert res.status_code == 200, name
        assert res.headers.get("Cache-Control") == "no-store", name


def test_static_files_can_be_cached(client):
    res = client.get("/static/app.css")
    res.close()
    assert res.status_code == 200
    assert "no-store" not in res.headers.get("Cache-Control", "")
