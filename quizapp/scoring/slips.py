"""Word families and spelling slips: when two spellings count as the same word.

A slip is a small edit (weighted OSA distance, a swap of two letters costing one) within a budget
that grows with word length; negative prefixes and other word endings are never slips.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA


def slip_budget(word: str) -> int:
    """Spelling slips allowed for a word of this length: none up to 4 letters (not/note)."""
    n = len(word)
    if n <= 4 or not word.isalpha():
        return 0
    if n <= 7:
        return 1
    if n <= 11:
        return 2
    return 3


# Endings that keep a word in the same family once the stems agree (listen/listening, but not
# polite/politics, whose stems also agree).
_FAMILY_ENDINGS = frozenset(
    "s es e ed d ing er ers est ly y ies ied ful fully ment ments ness ation ations ion ions ive "
    "al ally ity ence ance ent ant able ably ible ize izes ized izing ization izations ate ates "
    "ated ating".split()) | {""}
_INFLECTIONS = frozenset(["", "s", "es", "ed", "d", "ing", "er", "ers", "ly"])
# Everyday nouns in -ing, which are not the verb's -s form (a booking is not books, a meeting is
# not meets); other -ing forms match it (happening/happens, listening/listens).
ING_NOUNS = frozenset(
    "booking meeting building training reading setting painting opening feeling clothing evening "
    "morning wedding bedding filling ending heading listing saving warning offering finding "
    "recording boarding parking marketing banking shopping housing timing spelling seating "
    "marking drawing writing crossing landing lighting packaging wording posting sitting "
    "greeting briefing rating ranking screening staffing catering cleaning washing".split())
_ING = frozenset(["ing", "ings"])
_S = frozenset(["s", "es"])


def _endings_agree(a: str, b: str, ra: str, rb: str, endings: frozenset[str]) -> bool:
    if ra not in endings or rb not in endings:
        return False
    if (ra in _ING and rb in _S) or (rb in _ING and ra in _S):
        ing = a if ra in _ING else b
        return ing.removesuffix("s") not in ING_NOUNS
    return True


def same_word_family(a: str, b: str, stem_: str) -> bool:
    """Whether words ``a`` and ``b`` (same stem ``stem_``) differ only by family endings."""
    ra = a[len(stem_):] if a.startswith(stem_) else ""
    rb = b[len(stem_):] if b.startswith(stem_) else ""
    if stem_:  # nod/nodding, stop/stopped
        ra = ra[1:] if ra[:1] == stem_[-1] else ra
        rb = rb[1:] if rb[:1] == stem_[-1] else rb
    if _endings_agree(a, b, ra, rb, _FAMILY_ENDINGS):
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return _endings_agree(a, b, a[n:], b[n:], _INFLECTIONS)


# ---------------------------------------------------------------- spelling slips

_VOWELS = frozenset("aeiouy")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {ch: (r, c + (0, 0.25, 0.75)[r])
           for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}
# Substitutions a slip plausibly makes: vowel for vowel, a neighbouring key, or a sound-alike.
_NEAR = frozenset(
    {(a, b) for a in _KEY_AT for b in _KEY_AT if a != b and abs(_KEY_AT[a][0] - _KEY_AT[b][0]) <= 1
     and abs(_KEY_AT[a][1] - _KEY_AT[b][1]) <= 1.0}
    | {(a, b) for a in _VOWELS for b in _VOWELS if a != b}
    | {(a, b) for x, y in ("ck", "cs", "sz", "gj") for a, b in ((x, y), (y, x))})
# Endings that make a different word, not a slip: caller/called, safety/safely, moody/mood.
_OTHER_WORD_ENDINGS = frozenset(
    "s es e ed d er ers ing ings y ly ty ity ies ied est ful less ness ment ments ion ions ive "
    "al ic ics ous ist ism i".split()) | {""}
# Negative prefixes: unhelpful is not a slip for helpful, nor impatient for patient.
_NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")


def slip_cost(a: str, b: str) -> int:
    """Weighted edit distance: 1 per missing, extra or plausibly swapped letter (vowels,
    neighbouring keys, c/k/s, s/z, g/j) and per transposition in words of 7+ letters
    ("reciept"); 2 for any other substitution (shout/short, fined/fired) or transposition."""
    n, m = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        ai = a[i - 1]
        for j in range(1, m + 1):
            bj = b[j - 1]
            sub = 0 if ai == bj else 1 if (ai, bj) in _NEAR else 2
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == bj and ai != bj:
                v = min(v, prev2[j - 2] + (1 if max(n, m) >= 7 else 2))
            cur[j] = v
        prev2, prev = prev, cur
    return prev[m]


def is_slip(a: str, b: str, budget: int) -> bool:
    """Whether answer word ``a`` is a spelling slip for ``b`` within ``budget`` (weighted).

    Never a slip: a different first letter, a different ending on the same beginning
    (caller/called, safety/safely, moody/mood), or a negative prefix (unhelpful/helpful).
    """
    if not a or not b or a[0] != b[0] or a == b:
        return a == b and bool(a)
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    for k in range(max(1, n - 3), n + 1):  # the same beginning with other endings
        ea, eb = a[k:], b[k:]
        if ea in _OTHER_WORD_ENDINGS and eb in _OTHER_WORD_ENDINGS and (
                not ea or not eb or not (ea.endswith(eb) or eb.endswith(ea))):
            return False  # (but carefuly/carefully is a dropped letter)
    for p in _NEGATIVE_PREFIXES:
        if a.startswith(p) != b.startswith(p):
            longer, shorter = (a, b) if a.startswith(p) else (b, a)
            if abs(len(longer) - len(p) - len(shorter)) <= 1 and \
                    slip_cost(longer[len(p):], shorter) <= 1:
                return False
    return slip_cost(a, b) <= budget


# Endings that make whole words of a short prefix, to judge a slip against: queue* -> queues.
_WHOLE_ENDINGS = ("", "s", "es", "d", "ed", "ing")
# Endings that drop a prefix's final e: stare* -> staring, argue* -> arguing, create* -> creation.
_E_DROP = ("ing", "ion", "ation", "able", "ible")


def prefix_hit(word: str, p: str) -> bool:
    """Whether answer ``word`` matches the ``p*`` prefix, allowing a slip in longer prefixes."""
    if word.startswith(p):
        return True
    if p.endswith("e") and len(p) >= 3 and word.startswith(p[:-1]):
        rest = word[len(p) - 1:]
        if rest.startswith("ing") or (len(p) >= 5 and rest.startswith(_E_DROP)):
            return True
    if word[:1] != p[:1] or not word.isalpha():
        return False
    if len(p) < 6:  # short prefix: a slip in one of its whole words ("queus" for "queue*")
        return len(p) == 5 and any(
            abs(len(word) - len(p + end)) <= 1 and is_slip(word, p + end, slip_budget(p + end))
            for end in _WHOLE_ENDINGS)
    budget = slip_budget(p)
    return any(OSA.distance(word[:k], p, score_cutoff=budget) <= budget
               and is_slip(word[:k], p, budget)
               for k in (len(p) - 1, len(p), len(p) + 1) if k <= len(word))
