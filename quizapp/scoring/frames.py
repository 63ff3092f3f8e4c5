"""Frames that turn a good phrase bad: "it's rude to butt in", "unprofessional behaviour is
swearing, gossiping and being on your phone".

A frame works like a negation whose cue is still a word of its own: the words it governs flip
polarity (a plain "swearing" inside "examples of unprofessional behaviour: swearing" reads like
"don't swear", and a negated one reads as plain), while the frame word itself ("rude",
"unprofessional") can still hit a concept. Two frames, both needing an explicit link so that a
bare adjective ("rude customers", "bad reviews") frames nothing:

- a judgement of an action: "it's | that is | it would be (very) rude | wrong | unprofessional |
  unacceptable | inappropriate | disrespectful | impolite | unfair | unkind to <verb> ..." (to
  the end of the clause);
- a heading for bad examples: "unprofessional | unacceptable | inappropriate | poor | bad |
  rude (behaviour | practice | examples | habits | things | service ...) is | are | includes |
  would be | like | such as | : | - <list> ..." (to the end of the sentence or a new clause:
  but, because, so ...), unless the answer also heads a list of good examples ("good: smile.
  bad: frown"): then the question asked for both, and the bad list is an answer.

Pure and table-driven; ``frame_spans`` returns word-index ranges for :func:`normalise.analyse`.
"""

from __future__ import annotations

# Adjectives that judge an action as bad ("it's rude to ...").
JUDGEMENTS = frozenset("rude wrong unprofessional unacceptable inappropriate disrespectful "
                       "impolite unfair unkind".split())
# Adjectives that head a list of bad examples ("poor service is ...").
HEADINGS = frozenset("unprofessional unacceptable inappropriate poor bad rude".split())
FRAME_WORDS = JUDGEMENTS | HEADINGS
# Nouns that may sit between a heading adjective and its link ("bad customer service is").
_HEAD_NOUNS = frozenset("behaviour behaviours behavior behaviors practice practices example "
                        "examples habit habits thing things service conduct way ways manners "
                        "attitude attitudes language".split())
_LINKS = frozenset("is are include includes including would be like such as".split())
_LINK_MARKS = frozenset(":-\u2013\u2014")
_INTENSIFIERS = frozenset("very really so quite too extremely".split())
# After "to", these start a noun phrase ("rude to customers"), not an action.
_NOT_ACTIONS = frozenset("the a an my your their his her our its this that them him me us you "
                         "customers customer people staff colleagues others everyone anyone "
                         "someone somebody".split())
# A heading of good examples beside the bad ones ("good: smile. bad: frown") means the question
# asks for both: the bad list is then an answer, not a frame.
_GOOD_HEADINGS = frozenset("good professional positive polite acceptable appropriate "
                           "great excellent".split())
_NEW_CLAUSE = frozenset("but because so although instead whereas while".split())
_CLAUSE_END = frozenset(".;!?,") | _NEW_CLAUSE
_SENTENCE_END = frozenset(".;!?") | _NEW_CLAUSE


def _judgement_start(toks: list[str], k: int) -> int | None:
    """Token index where a "it's rude to <verb>" frame's scope starts, for the adjective at k."""
    j = k - 1
    while j >= 0 and toks[j] in _INTENSIFIERS:
        j -= 1
    if j < 0:
        return None
    linked = toks[j] in ("its", "thats") or (
        toks[j] in ("is", "be") and j > 0 and toks[j - 1] in ("it", "that", "this", "would"))
    if not linked:
        return None
    if k + 2 < len(toks) and toks[k + 1] == "to" and toks[k + 2] not in _NOT_ACTIONS \
            and toks[k + 2].isalpha():
        return k + 2
    return None


def _heading_start(toks: list[str], k: int) -> int | None:
    """Token index where a "poor service is <list>" frame's scope starts, for the adjective
    at k."""
    j = k + 1
    while j < len(toks) and j <= k + 3 and (toks[j] in _HEAD_NOUNS or toks[j] == "customer"
                                            and toks[j + 1: j + 2] == ["service"]):
        j += 1
    if j >= len(toks):
        return None
    if toks[j] in _LINK_MARKS:
        return j + 1
    if toks[j] in _LINKS:
        while j < len(toks) and toks[j] in _LINKS:
            j += 1
        return j
    return None


def frame_spans(toks: list[str]) -> list[tuple[int, int, int]]:
    """(frame word, first, end) token indexes: tokens first .. end-1 are in the frame's scope.

    ``toks`` are the answer's lower-case words with its clause punctuation between them.
    """
    out = []
    contrast = any(w in _GOOD_HEADINGS and _heading_start(toks, k) is not None
                   for k, w in enumerate(toks))
    for k, w in enumerate(toks):
        if w not in FRAME_WORDS:
            continue
        start = _judgement_start(toks, k) if w in JUDGEMENTS else None
        ends = _CLAUSE_END
        if start is None and w in HEADINGS and not contrast:
            start, ends = _heading_start(toks, k), _SENTENCE_END
        if start is None:
            continue
        end = start
        while end < len(toks) and toks[end] not in ends:
            end += 1
        if end > start:
            out.append((k, start, end))
    return out
