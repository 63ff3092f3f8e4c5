"""The role-play page (``/scenario/<id>``) carries on the learner's unfinished run of it
(``services.learner_home.unfinished_scenario``), so another phone or computer goes back to where
the learner was; ``?session=`` names one; a run at its debrief is not carried on."""

from __future__ import annotations

import re

from tests.conftest import login, web_login
from tests.web.conftest import chat_session, say

PAGE = "/scenario/test-message"


def test_the_page_carries_on_the_unfinished_run(client, make_user):
    make_user("roleplayer")
    make_user("someone-else")
    headers = login(client, "roleplayer")
    other = login(client, "someone-else")
    web_login(client, "roleplayer")
    assert chat_session(client, PAGE) == ""  # never played: a fresh run
    run = client.post("/api/v1/practice", json={"scenario": "test-message"},
                      headers=headers).json["session"]
    assert chat_session(client, PAGE) == ""  # opened, no reply yet: nothing to go back to
    first = say(client, headers, run, "Good morning, how can I help?", "r1")
    assert chat_session(client, PAGE) == run
    assert chat_session(client, f"{PAGE}?session=abc123") == "abc123"  # a named run wins
    # someone else's run is theirs alone
    theirs = client.post("/api/v1/practice", json={"scenario": "test-message"},
                         headers=other).json["session"]
    say(client, other, theirs, "Good morning, how can I help?", "o1")
    assert chat_session(client, PAGE) == run

    # played to the debrief: the page no longer carries it on
    line = first["next"]["lines"][0]
    phone = re.search(r"on (0113 496 0\d{3})", line).group(1)
    caller = re.search(r"It's (.+?) here", line).group(1)
    colleague = re.search(r"ask (\w+) to ring", line).group(1)
    say(client, headers, run, f"so that's {phone}, is that right?", "r2")
    last = say(client, headers, run, f"For {colleague}: {caller} rang, ring back on {phone}", "r3")
    assert last["debrief"]
    assert chat_session(client, PAGE) == ""
