"""The service worker script: served at the site root for the whole site, with this release's
id and the app shell's files; a changed shell file is a new release."""

import json
import re
import shutil
from pathlib import Path

from quizapp import offline


def _worker(client):
    res = client.get("/sw.js")
    assert res.status_code == 200
    return res, res.get_data(as_text=True)


def test_the_worker_is_served_for_the_whole_site(client):
    res, source = _worker(client)
    assert res.mimetype == "text/javascript"
    assert res.headers["Service-Worker-Allowed"] == "/"
    assert res.headers["Cache-Control"] == "no-cache"
    assert "__RELEASE__" not in source and "__SHELL__" not in source
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", source).group(1))
    assert {"/static/app.css", "/static/chat.js", "/static/offline.js"} <= set(shell)
    assert "/static/sw.js" not in shell


def test_the_release_id_names_the_caches(app, client):
    _, source = _worker(client)
    release = re.search(r'var RELEASE = "([^"]+)";', source).group(1)
    with app.app_context():
        assert release == offline.release()
    app.config["QUIZAPP_RELEASE"] = "2026-12-07.1"
    try:
        assert 'var RELEASE = "2026-12-07.1";' in _worker(client)[1]
    finally:
        app.config.pop("QUIZAPP_RELEASE")


def test_a_changed_shell_file_is_a_new_release(app, tmp_path):
    static = tmp_path / "static"
    shutil.copytree(Path(app.static_folder), static)
    before = offline._release_of(str(static))
    (static / "app.css").write_text((static / "app.css").read_text() + "\n/* changed */\n")
    offline._release_of.cache_clear()
    assert offline._release_of(str(static)) != before


def test_every_page_loads_the_offline_module(client, make_user):
    page = client.get("/login").get_data(as_text=True)
    assert '<script src="/static/offline.js" defer></script>' in page
    assert 'id="offline-status"' in page


def test_the_app_has_a_manifest_with_an_icon(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    with client.get("/manifest.webmanifest") as res:
        assert res.mimetype == "application/manifest+json"
        manifest = json.loads(res.get_data(as_text=True))
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as res:
            assert res.status_code == 200
