"""Quiz dates (finding 6 of issue 18): a sane range (2000 to 2100), stored in UTC from their
offset, and the tutor's forms read in the browser's time zone (the ``tz`` cookie)."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Quiz
from tests.conftest import login, web_login
from tests.web.test_pages import csrf_from


@pytest.fixture
def tutor(client, make_user):
    make_user("tutor1", "tutor")
    headers = login(client, "tutor1")
    cohort = client.post("/api/v1/cohorts", json={"name": "C", "qualification": "TEST-Q"},
                         headers=headers).json
    return {"headers": headers, "cohort": cohort["id"]}


def _quiz(client, tutor, **dates):
    return client.post(f"/api/v1/cohorts/{tutor['cohort']}/quizzes", headers=tutor["headers"],
                       json={"title": "Q", "units": ["TEST-Q.U1"], "questions": 1, **dates})


def _stored_due(app) -> datetime:
    with app.app_context():
        return db.session.scalar(select(Quiz.due_at).order_by(Quiz.id.desc()))


@pytest.mark.parametrize("due", ["0001-01-01T00:00:00", "9999-12-31T23:59:00",
                                 "1999-12-31T23:59:00+00:00", "2101-01-01"])
def test_quiz_dates_out_of_range_are_refused(client, tutor, due):
    res = _quiz(client, tutor, due=due)
    assert res.status_code == 400
    assert "from 2000 to 2100" in res.json["error"]["message"]


def test_quiz_dates_at_the_edges_are_kept(client, tutor):
    res = _quiz(client, tutor, opens="2000-01-01T00:00:00+00:00", due="2100-12-31")
    assert res.status_code == 201


def test_a_date_with_an_offset_is_stored_in_utc(app, client, tutor):
    assert _quiz(client, tutor, due="2030-06-01T10:00:00+02:00").status_code == 201
    assert _stored_due(app) == datetime(2030, 6, 1, 8, 0, tzinfo=timezone.utc)
    listed = client.get(f"/api/v1/cohorts/{tutor['cohort']}/results",
                        headers=tutor["headers"]).json["quizzes"][0]
    assert listed["due"].startswith("2030-06-01T08:00:00")


@pytest.mark.parametrize("zone, expected_hour", [("America/New_York", 14), ("Europe/London", 9),
                                                 (None, 9), ("Mars/Olympus", 9)])
def test_the_form_reads_dates_in_the_browsers_time_zone(app, client, tutor, zone, expected_hour):
    """The browser's zone comes in the ``tz`` cookie (static/tz.js); none or an unknown one is
    UK time."""
    web = app.test_client()
    if zone is not None:
        web.set_cookie("tz", zone)
    web_login(web, "tutor1")
    page = web.get(f"/tutor/cohorts/{tutor['cohort']}").get_data(as_text=True)
    assert "tz.js" in page
    res = web.post(f"/tutor/cohorts/{tutor['cohort']}/quizzes", data={
        "csrf_token": csrf_from(page), "title": "Winter check", "units": "TEST-Q.U1",
        "questions": "1", "selection": "random", "due": "2030-01-10T09:00", "attempts": "1",
        "feedback": "immediate"})
    assert res.status_code == 302
    assert _stored_due(app) == datetime(2030, 1, 10, expected_hour, 0, tzinfo=timezone.utc)


def test_the_edit_form_reads_dates_in_the_browsers_time_zone(app, client, tutor):
    """Editing a quiz shows its due date in the tutor's zone and saves it back unchanged."""
    assert _quiz(client, tutor, due="2030-01-10T14:00:00+00:00").status_code == 201
    web = app.test_client()
    web.set_cookie("tz", "America/New_York")
    web_login(web, "tutor1")
    with app.app_context():
        quiz_id = db.session.scalar(select(Quiz.id).order_by(Quiz.id.desc()))
    url = f"/tutor/cohorts/{tutor['cohort']}/quizzes/{quiz_id}/edit"
    page = web.get(url).get_data(as_text=True)
    assert 'value="2030-01-10T09:00"' in page
    res = web.post(url, data={
        "csrf_token": csrf_from(page), "title": "Moved", "units": "TEST-Q.U1", "questions": "1",
        "selection": "random", "due": "2030-01-10T10:00", "attempts": "1",
        "feedback": "immediate"})
    assert res.status_code == 302
    assert _stored_due(app) == datetime(2030, 1, 10, 15, 0, tzinfo=timezone.utc)


def test_an_unknown_time_zone_is_a_clear_error(app, client, tutor):
    from quizapp.services import ServiceError, quizzes

    with app.app_context(), pytest.raises(ServiceError, match="not a time zone"):
        quizzes.time_zone("Mars/Olympus")
