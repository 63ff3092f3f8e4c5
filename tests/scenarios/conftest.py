"""The scenario engine is pure: these tests need no app or database.

``_clean`` overrides the suite-wide autouse fixture of the same name (tests/conftest.py), which
would otherwise build the Flask app and migrate a database for every run of this folder.
"""

import pytest


@pytest.fixture(autouse=True)
def _clean():
    yield
