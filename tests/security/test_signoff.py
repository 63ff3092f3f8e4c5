"""Sign-off (finding 6 of issue 18): only a criterion of the learner's qualification, a
discussion date from 2000 and not in the future, and once per learner and criterion (the rules
of services/signoffs.py)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select

from quizapp.extensions import db
from quizapp.models import CohortMember, Criterion, Qualification, SignOff, Unit, User
from quizapp.services import ServiceError, signoffs
from quizapp.services import cohorts as cohort_service


@pytest.fixture
def people(app, make_user):
    """A tutor's TEST-Q cohort with an assessor and a learner; and a criterion of another
    qualification."""
    ids = {name: make_user(name, role) for name, role in
           (("tutor1", "tutor"), ("asha", "assessor"), ("lea", "learner"))}
    with app.app_context():
        tutor, lea = (db.session.get(User, ids[n]) for n in ("tutor1", "lea"))
        cohort = cohort_service.create_cohort(tutor, "C", "TEST-Q")
        cohort_service.attach_staff(tutor, cohort.id, "asha")
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=lea.id, role="learner"))
        db.session.add(Qualification(id="OTHER-Q", title="Other"))
        db.session.add(Unit(id="OTHER-Q.U1", qualification_id="OTHER-Q", code="1", title="U"))
        db.session.add(Criterion(id="OTHER-Q.U1.a", unit_id="OTHER-Q.U1", number="a",
                                 text="Elsewhere", kind="knowledge"))
        db.session.commit()
    yield ids
    with app.app_context():
        db.session.execute(delete(SignOff))
        for model, key in ((Criterion, "OTHER-Q.U1.a"), (Unit, "OTHER-Q.U1"),
                           (Qualification, "OTHER-Q")):
            db.session.execute(delete(model).where(model.id == key))
        db.session.commit()


def _sign(app, people, criterion="TEST-Q.U1.a", on=None):
    with app.app_context():
        assessor = db.session.get(User, people["asha"])
        return signoffs.sign_off(assessor, people["lea"], criterion,
                                 on or date.today() - timedelta(days=1), "Explained it well.",
                                 "Asha Assessor")


def test_a_criterion_outside_the_learners_qualification_is_refused(app, people):
    with pytest.raises(ServiceError, match="not part of the learner's qualification"):
        _sign(app, people, criterion="OTHER-Q.U1.a")


@pytest.mark.parametrize("when", [date.today() + timedelta(days=2), "2999-01-01", "1066-10-14"])
def test_a_discussion_date_in_the_future_or_long_past_is_refused(app, people, when):
    with pytest.raises(ServiceError, match="future|from 2000"):
        _sign(app, people, on=when)


def test_a_criterion_is_signed_off_once(app, people):
    _sign(app, people)
    with pytest.raises(ServiceError, match="already signed off") as caught:
        _sign(app, people)
    assert caught.value.kind == "conflict"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SignOff)) == 1
