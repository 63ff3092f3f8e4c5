"""No known secret key and no demo accounts outside local runs (finding 1 of issue 18)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import create_app
from quizapp.config import MissingSecretKey
from tests.security.fake_make import make

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production_env(monkeypatch):
    """An environment as `make serve` sees it: no debug, no key."""
    for name in ("SECRET_KEY", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("key", [None, "", "change-me", "dev-only-not-secret", "short"])
def test_the_app_refuses_to_start_without_a_secret_key_of_its_own(production_env, key):
    if key is not None:
        production_env.setenv("SECRET_KEY", key)
    with pytest.raises(MissingSecretKey, match="SECRET_KEY is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_a_long_random_key_or_debug_starts(production_env):
    production_env.setenv("SECRET_KEY", "f" * 64)
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).secret_key == "f" * 64
    production_env.delenv("SECRET_KEY")
    production_env.setenv("FLASK_DEBUG", "1")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).secret_key


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_makes_a_random_key_once_and_reuses_it(tmp_path):
    key_file = tmp_path / "instance" / "secret_key"

    def make() -> str:
        subprocess.run(["make", "-s", "-C", str(ROOT), "secret-key", f"KEY_FILE={key_file}",
                        f"PYTHON={sys.executable}"], check=True, capture_output=True)
        return key_file.read_text().strip()

    first = make()
    assert len(first) == 64 and int(first, 16)
    assert key_file.stat().st_mode & 0o077 == 0  # only the owner reads it
    assert make() == first
    key_file.unlink()
    assert make() != first


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_only_make_run_creates_demo_accounts_and_it_uses_the_local_key(tmp_path):
    run = make(tmp_path, "run")
    key = (tmp_path / "secret_key").read_text().strip()
    assert any("wsgi.py demo " in call for call in run)
    assert all(f"SECRET_KEY={key}" in call for call in run)  # migrations, demo and the server
    serve = make(tmp_path, "serve")
    assert not any("wsgi.py demo " in call for call in serve)
    assert any("wsgi.py banks load " in call for call in serve)
    assert serve[-1].startswith("gunicorn") and "SECRET_KEY= " in serve[-1]  # no key made up
