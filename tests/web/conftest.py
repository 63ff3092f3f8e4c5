"""Helpers shared by the page tests: the chat page's session and a reply through the API."""

from __future__ import annotations

import re


def chat_session(client, url: str) -> str:
    """The session the chat page at ``url`` carries on (its ``data-session``; "" for none)."""
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return re.search(r'<section class="chat" id="chat".*?data-session="([^"]*)"', html,
                     re.S).group(1)


def say(client, headers, session: str, text: str, cid: str) -> dict:
    """Reply in a role-play (or answer the question waiting) through the API; its reply."""
    res = client.post(f"/api/v1/practice/{session}/answer", headers=headers,
                      json={"text": text, "client_id": cid})
    assert res.status_code == 200, res.json
    return res.json
