"""Negation scope: which words a "not", "never" or "without" reaches, clause by clause.

Pure and table-driven. ``negation_scope`` marks, for an answer's tokens, the words each cue
negates: to the end of its clause (a new subject, "and"/"or" + a new verb phrase, a conditional's
main clause, "but"...), keeping a short list after the cue negated ("never argue, shout or swear").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import compress, count

from .words import STOP_WORDS

# Words that open a negation's scope (contractions are expanded to "not" first).
NEGATION_CUES = frozenset(
    "not no never without nobody nothing none neither nor nowhere noone cannot avoid avoids "
    "avoiding avoided refrain refrains refraining".split()
)
# After "and", these start a new positive clause ("never interrupt and always listen"); after
# "or", only the adverbs and modals do ("don't argue or make excuses" stays negated).
_AND_RESTART = frozenset("then also instead try just always make be might may could would will "
                         "should can must please".split())
_OR_RESTART = frozenset("then also instead always might may could would will should can must "
                        "please".split())
# Words that close a negation's scope (besides punctuation): a new clause starts.
_SCOPE_END = frozenset(
    "but however although though whereas yet instead because so unless except rather then "
    "otherwise whilst while if when whenever until till".split())
_CONDITIONAL = frozenset("if when whenever unless".split())
# A new subject starts a new clause: "if you don't they will complain".
_SUBJECTS = frozenset("i we they he she".split())
_MAYBE_SUBJECTS = frozenset("you it there this that".split())  # subjects before an auxiliary
_AUX = frozenset("will would can could should might may must shall is are was were am do does did "
                 "have has had wo ca".split())
_DETERMINERS = frozenset("the a an my your their his her our its this these those some every each "
                         "another".split())
_OBJECT_PRONOUNS = frozenset("it them him her me us you".split())
# "I don't think they should shout": these verbs pass the negation on to the clause they take.
_RAISING = frozenset("think believe expect suppose reckon imagine want feel".split())
# A subject after these opens a clause inside the negated one: "don't get what they expect",
# "don't tell them they are wrong".
_CLAUSE_OPENERS = frozenset("what that which who whom whose where how why whether tell tells "
                            "told say says said show remind warn assure promise know".split())
# Before a colon, a scope of only these words introduces a negated list ("avoid the following:").
_LIST_INTRO = frozenset("following things thing ever list".split())
# Common verbs, to tell "and" + a new instruction ("don't argue and stay calm") from "and" + more
# of the same object ("names and addresses"). A word that is also a common noun (call, offer,
# check) counts as a verb only before a determiner or an object pronoun ("and call your manager").
_VERBS = frozenset(
    """apologise apologize explain listen stay keep be get go make take give tell ask say let try
    find stop remain speak talk nod thank reassure smile greet welcome wait leave come bring send
    pass refer escalate inform update follow arrange sort fix deal handle contact show put hand
    walk move think see look hear use do remember treat agree acknowledge calm suggest recommend
    ensure make allow accept explain repeat summarise summarize write read learn provide keep
    gets goes makes takes gives tells asks says lets tries finds stops remains speaks talks
    stays keeps waits leaves comes brings sends passes refers informs follows sorts fixes deals
    shows puts uses does treats agrees provides ensures allows accepts repeats writes reads
    getting going making taking giving telling asking saying letting trying finding stopping
    staying keeping waiting leaving coming bringing sending passing referring informing following
    sorting fixing dealing showing putting using doing treating agreeing providing ensuring
    apologising apologizing explaining listening speaking talking thanking reassuring smiling
    offer call ring phone email check help record report note log book return replace refund
    transfer direct open close press turn switch sign text offers calls rings checks helps
    records reports notes logs books returns replaces refunds offering calling ringing checking
    helping recording reporting noting logging booking returning replacing refunding""".split())
_NOUNISH_VERBS = frozenset(
    """offer call ring phone email check help record report note log book return replace refund
    transfer direct open close press turn switch sign text offers calls rings checks helps
    records reports notes logs books returns replaces refunds""".split())


def _is_cue(words: list[str], i: int) -> bool:
    w = words[i]
    if w == "instead":
        return i + 1 < len(words) and words[i + 1] == "of"
    if w not in NEGATION_CUES:
        return False
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w == "not" and nxt in ("only", "just"):  # "not only ... but also"
        return False
    if w == "no" and nxt in ("matter", "doubt"):  # "no matter what", "no doubt"
        return False
    if w in ("not", "no") and i > 0 and words[i - 1] in ("if", "or", "whether"):  # "if not, ..."
        return False
    return True


_CUE_WORDS = NEGATION_CUES | {"instead"}


# Punctuation tokens (the tokeniser's clause punctuation), and words at which a scope may open
# or end (the rest only extend an open one).
_PUNCT = frozenset(".,;:!?()[]{}\"\u201c\u201d\u2013\u2014") | {"--", "-"}
_SENTENCE_END = frozenset(".!?;")
_SCOPE_WORDS = (_SCOPE_END | _SUBJECTS | _MAYBE_SUBJECTS | _VERBS | _CUE_WORDS | _CONDITIONAL
                | _PUNCT | {"and", "or", "nor", "which"})


_SCOPE_WORDS_NO_VERBS = _SCOPE_WORDS - (_VERBS - _SCOPE_END - _SUBJECTS - _MAYBE_SUBJECTS
                                       - _CUE_WORDS - _CONDITIONAL - {"and", "or", "nor"})
# "which" and one of these after a negated clause says something new about all of it: "I'm not
# handling their card details, which is safer", "they don't wait which means they stay calm".
_WHICH_VERBS = _AUX | frozenset("means meant makes made shows gives helps keeps stops saves "
                                "leads".split())


def _is_verb(w: str, nxt: str) -> bool:
    if w not in _VERBS:
        return False
    return w not in _NOUNISH_VERBS or nxt in _DETERMINERS or nxt in _OBJECT_PRONOUNS


def _list_follows(toks: list[str], k: int, words: list[str], opener: int, end: int) -> bool:
    """Whether the comma at ``k`` continues a negated list: "never argue, shout or swear",
    "without interrupting, arguing or making excuses" (an "or" within a few words, through
    short items; "and" only between -ing forms). The first item (opener+1 .. end-1) must be
    short; after a negated noun phrase ("without a receipt"), an item that starts with a verb
    is not part of its list."""
    content = [x for x in words[opener + 1: end] if x not in STOP_WORDS]
    if len(content) > 2:
        return False
    head_ing = bool(content) and content[0].endswith("ing")
    head_np = opener + 1 < len(words) and words[opener + 1] in _DETERMINERS
    j = k + 1
    while True:
        seg: list[str] = []
        while j < len(toks) and toks[j] not in _PUNCT:
            seg.append(toks[j])
            j += 1
        if not seg or seg[0] in _SUBJECTS or seg[0] in _SCOPE_END or seg[0] in _AND_RESTART \
                or seg[0] in _CUE_WORDS or (head_np and seg[0] in _VERBS):
            return False
        for x, w in enumerate(seg[:4]):
            if w in ("or", "nor"):
                return x > 0
            if w == "and" and x > 0 and head_ing and seg[x - 1].endswith("ing") \
                    and x + 1 < len(seg) and seg[x + 1].endswith("ing"):
                return True
        if len(seg) > 3 or j >= len(toks) or toks[j] != ",":
            return False
        j += 1


def negation_scope(toks: list[str], words: list[str]
                   ) -> tuple[tuple[bool, ...], tuple[bool, ...], tuple[int, ...]]:
    """(negated, cue, scope) per word of ``words``; ``toks`` is the same words with the clause
    punctuation between them. A cue negates what follows until its clause ends:

    - at punctuation, except a comma inside a negated list ("never argue, shout or swear") and
      a colon after "avoid the following" or the like (its list is negated too);
    - at "which" before a verb ("not handling card details, which is safer");
    - at a word that starts a new clause (but, because, so, then, otherwise, if, when, ...), at a
      new subject (I, we, they, he, she; you, it or there before an auxiliary: "if you don't
      they will complain"), unless the negated verb passes the negation on ("I don't think they
      should shout");
    - at "and"/"or" before a new subject, a determiner ("and the customer gets sorted") or
      then/also/always/a modal, and at "and" before a verb ("don't judge people and do the
      training"); "or" before a verb continues the negated list ("don't shout or swear");
    - after a conditional ("if I can't sort it, pass it on"; "if I can't sort it pass it on"):
      at the comma, or at the next verb of the main clause.
    """
    n = len(words)
    negated = [False] * n
    cue = [False] * n
    scope = [-1] * n
    last = len(toks) - 1
    conds: list[int] = []
    ends: list[int] = []
    if _CONDITIONAL.isdisjoint(words):
        # (verbs end a scope only in a conditional: without one, the walk need not stop at them)
        inter = list(compress(count(), map(_SCOPE_WORDS_NO_VERBS.__contains__, toks)))
    else:
        conds = list(compress(count(), map(_CONDITIONAL.__contains__, toks)))
        ends = list(compress(count(), map(_SENTENCE_END.__contains__, toks)))
        inter = list(compress(count(), map(_SCOPE_WORDS.__contains__, toks)))
    done = -1  # tokens up to here are decided
    # each cue as a token position and as a word position (the same cues in the same order)
    for c, i in zip([k for k in inter if toks[k] in _CUE_WORDS],
                    compress(count(), map(_CUE_WORDS.__contains__, words))):
        if c <= done:
            continue
        if not _is_cue(words, i):
            continue
        # a conditional opened this sentence before the cue
        cond = bool(conds) and _last_before(conds, c) > _last_before(ends, c)
        cue[i] = True
        opener = i  # the open scope covers words opener+1 .. i-1
        in_list = False
        k = c
        p = bisect_right(inter, c)
        while opener >= 0:
            if p == len(inter):
                _mark(negated, scope, opener, n)
                k = last
                break
            i += inter[p] - k  # the words in between decide nothing
            k = inter[p]
            p += 1
            w = toks[k]
            if w in _PUNCT:  # not a word: i is the index of the word after it
                i -= 1
                if w == ",":
                    if not cond and (in_list or _list_follows(toks, k, words, opener, i + 1)):
                        in_list = True
                        continue
                elif w == ":" and all(x in STOP_WORDS or x in _LIST_INTRO
                                      for x in words[opener + 1: i + 1]):
                    in_list = True
                    continue
                _mark(negated, scope, opener, i + 1)
                break
            nxt = toks[k + 1] if k < last else ""
            close = False
            if w in _SCOPE_END:  # (not right after the cue: "not when busy", "not so bad")
                close = i > opener + 1 and not (w == "instead" and _is_cue(words, i))
            elif w in _SUBJECTS or (w in _MAYBE_SUBJECTS and nxt in _AUX):
                content = [x for x in words[opener + 1: i] if x not in STOP_WORDS]
                close = (bool(content) and not all(x in _RAISING for x in content)
                         or words[opener] == "not" and i == opener + 1) and not (
                    words[i - 1] in _CLAUSE_OPENERS or (words[i - 1] in _OBJECT_PRONOUNS
                                                        and words[i - 2] in _CLAUSE_OPENERS))
            elif w == "which":
                close = nxt in _WHICH_VERBS and _head(words, opener, i) != ""
            elif w in ("and", "or", "nor"):
                nxt2 = toks[k + 2] if k + 2 <= last else ""
                restart = _AND_RESTART if w == "and" else _OR_RESTART
                if nxt in _SUBJECTS or nxt in ("you", "it") or nxt in restart or (
                        nxt in _MAYBE_SUBJECTS and nxt2 in _AUX) or nxt in _DETERMINERS:
                    close = not (in_list and nxt not in _SUBJECTS and nxt not in restart)
                elif w == "and" and not in_list and _is_verb(nxt, nxt2) and not (
                        nxt.endswith("ing") and _head(words, opener, i).endswith("ing")):
                    close = True
            elif cond and w in _VERBS and words[i - 1] != "to" \
                    and words[i - 1] not in _DETERMINERS and words[i - 1] not in _AUX \
                    and _is_verb(w, nxt) and _head(words, opener, i):
                close = True  # "if I can't sort it pass it to my manager"
            if close:
                _mark(negated, scope, opener, i)
                break
            if w in _CUE_WORDS and _is_cue(words, i):  # a new negation takes over
                _mark(negated, scope, opener, i)
                cue[i] = True
                opener = i
                in_list = False
        done = k
    return tuple(negated), tuple(cue), tuple(scope)


def _last_before(positions: list[int], k: int) -> int:
    """The last of the sorted ``positions`` before ``k``, or -1."""
    j = bisect_left(positions, k)
    return positions[j - 1] if j else -1


def _mark(negated: list[bool], scope: list[int], opener: int, end: int) -> None:
    """Words opener+1 .. end-1 are in the scope of the cue at ``opener``."""
    negated[opener + 1: end] = [True] * (end - opener - 1)
    scope[opener + 1: end] = [opener] * (end - opener - 1)


def _head(words: list[str], opener: int, end: int) -> str:
    """The first content word of a scope ("" if none yet)."""
    for x in words[opener + 1: end]:
        if x not in STOP_WORDS:
            return x
    return ""
