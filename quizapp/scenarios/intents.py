"""Matching a learner's question to the caller ("could you spell that?") by intent, with rapidfuzz.

Pure: no I/O. A turn's ``asks`` each list a few example questions (``intent``). The learner's
text is split into clauses; a clause counts as a question when it ends with "?" or opens with a
question or request word ("could", "what", "sorry", "spell", ...). Its content words (stop words
dropped) are compared with each example's content words: every content word of the example must
be present, allowing spelling slips (``fuzz.ratio``). The longest matching example wins (it is the
most specific), then the closest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from .model import Ask

THRESHOLD = 82.0

_STOP = frozenset("""a an the of to in on at for by with and or but is are was were be been it its
this that these those as from so can could would will shall may might must do does did you your
yours u ur i me my mine we us our please pls just once more one thing sorry pardon ok okay
right thanks thank cheers yes yeah yep no um er erm hmm well then there here what whats how who
whos when where which why have has had get got let lets go am im mind if
hello hi also and actually quickly""".split())

_QUESTION_OPENERS = frozenset("""could can would will what whats how who whos when where which why
is are do does did sorry pardon please spell repeat say tell may might shall just""".split())
_FILLERS = frozenset("ok okay right thanks thank you cheers yes yeah yep great lovely sure fine "
                     "and so um er erm alright perfect brilliant".split())

_CONTRACTIONS = [(r"\bwhat'?s\b", "what is"), (r"\bwho'?s\b", "who is"), (r"\bcan'?t\b", "can not"),
                 (r"\bit'?s\b", "it is"), (r"\bthat'?s\b", "that is"), (r"\bi'?m\b", "i am"),
                 (r"\bu\b", "you"), (r"\bur\b", "your"), (r"\bno\.", "number"),
                 (r"\bnum\b", "number"), (r"\bnmbr\b", "number"), (r"\bfone\b", "phone")]


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    for rx, rep in _CONTRACTIONS:
        text = re.sub(rx, rep, text)
    return text


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text)


def _content(words: Sequence[str]) -> list[str]:
    return [w for w in words if w not in _STOP and len(w) > 1]


def clauses(text: str) -> list[tuple[list[str], bool]]:
    """(words, looks like a question) for each clause of ``text``."""
    text = _normalise(text)
    out = []
    for m in re.finditer(r"[^.?!;\n]+([.?!;\n]|$)", text):
        words = _words(m.group())
        if not words:
            continue
        end = m.group(1)
        # "ok thanks, and could you ..." -> skip fillers at the start
        k = 0
        while k < len(words) - 1 and words[k] in _FILLERS:
            k += 1
        question = end == "?" or words[k] in _QUESTION_OPENERS or (
            "," in m.group()
            and any(w in _QUESTION_OPENERS for w in _words(m.group().split(",")[-1])[:1]))
        out.append((words, question))
    return out


def _example_score(example: list[str], words: list[str]) -> float:
    if not example:
        return 0.0
    total = 0.0
    for e in example:
        best = max((fuzz.ratio(e, w) for w in words), default=0.0)
        if e.isdigit() or len(e) <= 3:  # short words: exact, or with a plural s
            best = 100.0 if any(w in (e, e + "s") or e == w + "s" for w in words) else 0.0
        total += best
    return total / len(example)


def match_ask(text: str, asks: Sequence[Ask]) -> Ask | None:
    """The ask the learner's text puts to the caller, or None if it is not such a question."""
    if not asks or not isinstance(text, str) or not text.strip():
        return None
    best: tuple[int, float, Ask] | None = None
    for words, question in clauses(text):
        if not question:
            continue
        content = _content(words)
        if not content:
            continue
        for ask in asks:
            for ex in ask.intent:
                example = _content(_words(_normalise(ex)))
                s = _example_score(example, content)
                # a longer example that matches is more specific ("your son's name" beats "name")
                if s >= THRESHOLD and (best is None or (len(example), s) > best[:2]):
                    best = (len(example), s, ask)
    return best[2] if best else None
