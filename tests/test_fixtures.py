"""The suite's own isolation: the ``db`` fixture's commits never reach the database, and tests
marked ``truncate`` leave it as seeded."""

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db as extension_db
from quizapp.models import Question, User
from quizapp.services import users as user_service
from tests.conftest import PASSWORD


def _committed_users(db) -> int:
    """Users as another connection sees them: only what was really committed."""
    with db.engine.connect() as other:
        return other.scalar(select(func.count()).select_from(User))


def test_a_commit_in_the_db_fixture_is_a_savepoint_only(app, db):
    assert db is extension_db
    with app.app_context():
        user_service.create_user("saved", PASSWORD, "learner")  # commits
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert _committed_users(db) == 0


def test_a_rollback_goes_back_to_the_last_commit_only(app, db):
    with app.app_context():
        user_service.create_user("kept", PASSWORD, "learner")
        db.session.add(User(username="dropped", password_hash="x", role="learner"))
        db.session.flush()
        db.session.rollback()
        names = set(db.session.scalars(select(User.username)))
    assert names == {"kept"}


def test_another_app_context_sees_the_tests_writes(app, make_user):
    make_user("elsewhere")
    with app.app_context():
        assert extension_db.session.scalar(select(User.username)) == "elsewhere"


@pytest.mark.truncate
def test_truncate_tests_commit_for_real(app):
    with app.app_context():
        user_service.create_user("real", PASSWORD, "learner")
        extension_db.session.commit()
        assert _committed_users(extension_db) == 1


def test_after_a_truncate_test_the_database_is_as_seeded(app, db):
    """Runs after the test above (file order): its user is gone, the catalogue is there."""
    with app.app_context():
        assert _committed_users(db) == 0
        assert db.session.scalar(select(func.count()).select_from(Question)) > 0
