"""Who did what: concepts that bind a role to its description ("internal" with "colleagues",
"happy" with "smiling"), so that a swapped pairing is a swap and not two hits.

A concept with ``role`` phrasings hits only when one of its own phrasings (the description) is
bound to a mention of its own role. Each description found in the answer is bound to one role
mention of the rubric's role concepts:

1. a role mention in the same clause: the first one before the description (the clause's
   subject: "a benefit is what the feature does for you"), else the first after it (clauses
   end at punctuation other than ":" and "-", which pair a role with its description, and at
   and / or / but / whereas / while);
2. else, in a list that goes on from an earlier clause (after a comma, "and" or "or", not after
   but / whereas / while), the last role mention of the list so far: "positive: smiling,
   nodding and good eye contact", "open questions like what it was and when it was due, then
   closed questions like ...";
3. else the nearest role mention in the same sentence (on a tie, the one before: "happy:
   smiling, nodding");
4. else none: with two or more role concepts the description says nothing about who, and does
   not hit; with one, the question names the role, and it hits.

A description bound to another concept's role is a swap: the concept misses, with the note
``swapped:<the other concept's label>`` for the feedback.
"""

from __future__ import annotations

from .match import AnswerIndex, Phrasing, find

# Words that end a clause (besides punctuation): "happy ones smile and unhappy ones frown".
_CLAUSE_WORDS = frozenset("and or but whereas while whilst".split())
_CONTRAST_WORDS = frozenset("but whereas while whilst".split())  # no list goes on past these
_SENTENCE_MARKS = frozenset(".;!?")
_PAIR_MARKS = frozenset(":-\u2013\u2014")


def clause_ids(idx: AnswerIndex) -> tuple[list[int], list[int], set[int]]:
    """(sentence id, clause id) of each word of the indexed answer, and the ids of the clauses
    that start a sentence or follow a contrast word (a list does not go on into them)."""
    from .normalise import _chunk_forms  # the same tokens the analysis was built from

    sent, clause = [], []
    fresh = {0}
    s = c = 0
    for chunk in idx.analysis.text.split():
        for raw, _, st in _chunk_forms(chunk):
            if not st:  # punctuation
                if raw in _SENTENCE_MARKS:
                    s += 1
                    c += 1
                    fresh.add(c)
                elif raw not in _PAIR_MARKS:
                    c += 1
                continue
            if raw in _CLAUSE_WORDS:
                c += 1
                if raw in _CONTRAST_WORDS:
                    fresh.add(c)
            sent.append(s)
            clause.append(c)
    return sent, clause, fresh


def mentions(phrasings: tuple[Phrasing, ...], idx: AnswerIndex) -> list[tuple[int, int]]:
    """(first, last) word of every match of ``phrasings`` (every position for one-word
    phrasings, the first match for longer ones), sorted."""
    out: set[tuple[int, int]] = set()
    for ph in phrasings:
        if len(ph.required) == 1:
            out.update((p, p) for p in idx.candidates(ph.required[0]))
        else:
            span = find(ph, idx)
            if span is not None:
                out.add(span)
    return sorted(out)


def bind(roles: dict[str, list[tuple[int, int]]], descriptions: dict[str, list[tuple[int, int]]],
         idx: AnswerIndex) -> dict[str, tuple[tuple[int, int] | None, str | None]]:
    """Per role concept: (the words from its role to a description bound to it, or None; the
    id of another concept whose role took one of its descriptions, or None). Concepts that
    share a role ("data protection" for a point and for a negative) share its mentions; words
    inside a role mention ("safety" in "health and safety") are no description."""
    order = {cid: k for k, cid in enumerate(roles)}  # rubric order: positives first
    at: dict[int, list[str]] = {}
    inside: set[int] = set()
    for cid, spans in roles.items():
        for first, last in spans:
            at.setdefault(first, []).append(cid)
            inside.update(range(first, last + 1))
    owner = sorted(at)
    out: dict[str, tuple[tuple[int, int] | None, str | None]] = {
        cid: (None, None) for cid in descriptions}
    if not owner and len(roles) > 1:
        return out
    sent, clause, fresh = clause_ids(idx) if owner else ([], [], set())
    starts = {cid: {first for first, _ in spans} for cid, spans in descriptions.items()}
    for cid, spans in descriptions.items():
        good, swapped = None, None
        for first, last in spans:
            if first in inside:
                continue
            q = _owner(first, owner, sent, clause, fresh) if owner else None
            whose = at[q] if q is not None else [cid] if len(roles) == 1 else []
            if q is None:
                q = first
            if cid in whose and good is None:
                good = (min(q, first), max(q, last))
            elif whose and cid not in whose and swapped is None and not any(
                    first in starts[w] for w in whose):  # (a sign both accept is no swap)
                swapped = min(whose, key=order.__getitem__)
        out[cid] = (good, swapped)
    return out


def _owner(p: int, owner: list[int], sent: list[int], clause: list[int],
           fresh: set[int]) -> int | None:
    """The role mention a description at ``p`` binds to (see the module doc), or None."""
    same = [q for q in owner if clause[q] == clause[p] and q != p]
    if same:
        before = [q for q in same if q < p]
        # the clause's subject governs it: "a benefit is what the feature does for you"
        return min(before) if before else min(same)
    # a list going on from earlier clauses: the last role mention before, back to where the
    # list starts (a sentence start or a contrast word)
    start = clause[p]
    while start not in fresh and start - 1 >= 0:
        start -= 1
    before = [q for q in owner if q < p and sent[q] == sent[p] and start <= clause[q] < clause[p]]
    if before:
        return max(before)
    near = [(abs(q - p), q > p, q) for q in owner if sent[q] == sent[p] and q != p]
    return min(near)[2] if near else None
