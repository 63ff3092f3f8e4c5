"""Working offline: the service worker at the site root (``/sw.js``, so it can control every
page), with this release's id and the app shell's files written into it.

The release id is ``QUIZAPP_RELEASE`` when set, else a hash of the static files: any change to
the shell gives a new id, so browsers install the new worker and drop the old release's cache.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, url_for

bp = Blueprint("offline", __name__)
mimetypes.add_type("application/manifest+json", ".webmanifest")  # the app's manifest

SHELL_SUFFIXES = (".css", ".js", ".svg", ".png", ".webmanifest")
WORKER = "sw.js"


def _shell_files(static: Path) -> list[Path]:
    """The static files of the app shell (the worker itself is not part of it)."""
    return sorted(p for p in static.rglob("*")
                  if p.is_file() and p.suffix in SHELL_SUFFIXES and p.name != WORKER)


@cache
def _release_of(static: str) -> str:
    digest = hashlib.sha256()
    root = Path(static)
    for path in [*_shell_files(root), root / WORKER]:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def release() -> str:
    """This release's id (see the module docstring)."""
    return (current_app.config.get("QUIZAPP_RELEASE") or os.environ.get("QUIZAPP_RELEASE")
            or _release_of(current_app.static_folder))


@bp.get("/sw.js")
def service_worker():
    """The service worker, for the whole site; browsers check it for a new release on every
    visit (no HTTP caching)."""
    static = Path(current_app.static_folder or "static")
    shell = [url_for("static", filename=p.relative_to(static).as_posix())
             for p in _shell_files(static)]
    source = (static / WORKER).read_text(encoding="utf-8")
    source = source.replace("__RELEASE__", release()).replace("__SHELL__", json.dumps(shell))
    response = Response(source, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response
