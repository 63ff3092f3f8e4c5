"""Run the Makefile's targets against a stand-in virtualenv: ``flask`` and ``gunicorn`` only
record their arguments and environment, so nothing is installed, served or changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORD = ('#!/bin/sh\n'
          'echo "$(basename "$0") $* SECRET_KEY=$SECRET_KEY REDIS_URL=$REDIS_URL" >> "{log}"\n')


def fake_venv(tmp: Path) -> Path:
    venv = tmp / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    (venv / "bin" / "activate").write_text("")
    for tool in ("flask", "gunicorn"):
        script = venv / "bin" / tool
        script.write_text(RECORD.format(log=tmp / "calls.log"))
        script.chmod(0o755)
    (venv / ".installed").touch()  # newer than pyproject.toml: no install
    return venv


def make(tmp: Path, target: str, **variables: str) -> list[str]:
    """Run ``make target`` with the stand-in venv; the tools' recorded calls, one a line."""
    venv = tmp / "venv" if (tmp / "venv").exists() else fake_venv(tmp)
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "REDIS_URL")}
    args = [f"VENV={venv}", f"KEY_FILE={tmp / 'secret_key'}", f"PYTHON={sys.executable}"]
    args += [f"{k}={v}" for k, v in variables.items()]
    log = tmp / "calls.log"
    log.unlink(missing_ok=True)
    subprocess.run(["make", "-s", "-C", str(ROOT), target, *args], env=env, check=True,
                   capture_output=True, timeout=60)
    return log.read_text().splitlines()
