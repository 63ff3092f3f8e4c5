"""gunicorn.conf.py: the production server's settings, and gunicorn really serving the app."""

import gc
import json
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _settings(monkeypatch, **env) -> dict:
    for key in ("DATABASE_URL", "WEB_CONCURRENCY"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_one_worker_per_core_on_sqlite_more_on_postgresql(monkeypatch):
    cores = os.cpu_count() or 1
    assert _settings(monkeypatch)["workers"] == cores
    assert _settings(monkeypatch, DATABASE_URL="sqlite:///x.sqlite")["workers"] == cores
    assert _settings(monkeypatch, DATABASE_URL="postgresql://u@h/db")["workers"] == 2 * cores + 1
    assert _settings(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_each_worker_freezes_its_start_up_heap(monkeypatch):
    settings = _settings(monkeypatch)
    try:
        gc.unfreeze()
        assert gc.get_freeze_count() == 0
        settings["post_worker_init"](None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=5) as res:
        return res.status, json.loads(res.read())


@pytest.mark.slow  # a real gunicorn with two workers
@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn runs on POSIX only")
def test_gunicorn_serves_the_app_with_these_settings(tmp_path):
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "2", "QUIZAPP_DEMO": "0",
           "SECRET_KEY": "serving-test-" + "k" * 32,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite'}"}
    # /healthz proves the database takes a write, so the schema must be there
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi.py", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz/live")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read().decode()[-2000:]) from None
                time.sleep(0.2)
        assert (status, body) == (200, {"status": "ok"})
        assert _get(f"http://127.0.0.1:{port}/healthz") == (200, {"status": "ok",
                                                                  "database": "ok"})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        server.stderr.close()


class _Log:
    def __init__(self):
        self.lines = []

    def warning(self, message, *args):
        self.lines.append(message % args)


class _Server:
    def __init__(self, workers, address=(("127.0.0.1", 5000),)):
        self.cfg = type("Cfg", (), {"workers": workers, "address": list(address)})()
        self.log = _Log()


def test_gunicorn_warns_when_each_worker_counts_rate_limits_alone(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = _settings(monkeypatch)
    monkeypatch.setitem(settings["when_ready"].__globals__, "_redis_url", lambda: "")
    server = _Server(workers=4)
    settings["when_ready"](server)
    assert "4 times as many attempts" in server.log.lines[0]
    shared = _Server(workers=4)
    monkeypatch.setitem(settings["when_ready"].__globals__, "_redis_url", lambda: "redis://x")
    settings["when_ready"](shared)
    assert shared.log.lines == []



def test_settings_suit_a_buffering_proxy_in_front(monkeypatch):
    settings = _settings(monkeypatch)
    assert settings["bind"].startswith("127.0.0.1:")
    assert settings["timeout"] <= 30 and settings["keepalive"] <= 2
    assert settings["limit_request_fields"] <= 50
    monkeypatch.setitem(settings["when_ready"].__globals__, "_redis_url", lambda: "redis://x")
    public = _Server(workers=1, address=[("0.0.0.0", 8000)])
    settings["when_ready"](public)
    assert "buffering reverse proxy" in public.log.lines[0]
    local = _Server(workers=1)
    settings["when_ready"](local)
    assert local.log.lines == []
