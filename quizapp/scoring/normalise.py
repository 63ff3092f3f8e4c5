"""Text normalisation for matching: tokens, contractions, spelling, stems and negation scope.

Everything here is pure and cached per word. The entry point is :func:`analyse`, which turns a
learner's answer (or a phrasing) into an :class:`Analysis`: parallel tuples of normalised words,
their stems, whether each sits inside a negation's scope, and the character span each came from in
the original text (so evidence can be quoted exactly as the learner typed it).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, chain, compress, count
from operator import itemgetter

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

# Words (letters/digits, with inner apostrophes), decimal/clock numbers, or clause punctuation.
_TOKEN_RE = re.compile(
    r"\d+(?:[.:,]\d+)+"  # 1.5, 14:00, 1,000
    r"|[^\W_]+(?:['\u2019\u2018`][^\W_]+)*"  # words, with contractions
    r"|[.,;:!?()\[\]{}\"\u201c\u201d\u2013\u2014]|--|\s-\s"  # clause punctuation
)

STOP_WORDS = frozenset(
    """a an the of to in on at for by with and or but is are was were be been being it its this that
    these those as from into than then there their they them he she his her we our you your i me my
    do does did so such can will would should could may might must have has had what which who whom
    when where why how all any each some more most also just only very about over under if because
    while between through am us him itself themselves yourself myself ourselves shall let etc
    up out off too here s t""".split()
)

# Stop words a phrasing may leave out or put in ("listen to the customer" == "listen customer").
OPTIONAL_WORDS = STOP_WORDS

# Stop words that, typed in capitals, are words of their own ("IT", "US", "AM").
CASED_WORDS = STOP_WORDS - frozenset("not no nor i a".split())

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


_CONTRACTIONS = {
    "can't": ["can", "not"], "cannot": ["can", "not"], "won't": ["will", "not"],
    "shan't": ["shall", "not"], "ain't": ["is", "not"], "let's": ["let", "us"],
    "dont": ["do", "not"], "didnt": ["did", "not"], "doesnt": ["does", "not"],
    "isnt": ["is", "not"], "wasnt": ["was", "not"], "arent": ["are", "not"],
    "werent": ["were", "not"], "shouldnt": ["should", "not"], "wouldnt": ["would", "not"],
    "couldnt": ["could", "not"], "havent": ["have", "not"], "hasnt": ["has", "not"],
    "hadnt": ["had", "not"], "mustnt": ["must", "not"], "wont": ["will", "not"],
    "cant": ["can", "not"], "im": ["i", "am"], "ive": ["i", "have"], "youre": ["you", "are"],
    "theyre": ["they", "are"], "itll": ["it", "will"],
}
_SUFFIXES = {"'re": "are", "'ve": "have", "'ll": "will", "'d": "would", "'m": "am"}
_S_IS = frozenset("it he she that there what who here where how this".split())

# Spelling variants the rules below do not cover; mapped to one canonical form.
_SPELLING = {
    "grey": "gray", "programme": "program", "programmes": "programs", "cheque": "check",
    "cheques": "checks", "tyre": "tire", "tyres": "tires", "aluminium": "aluminum",
    "catalogue": "catalog", "dialogue": "dialog", "analogue": "analog", "enquiry": "inquiry",
    "enquiries": "inquiries", "enquire": "inquire", "enquired": "inquired", "defence": "defense",
    "licence": "license", "offence": "offense", "practise": "practice", "practised": "practiced",
    "practising": "practicing", "judgement": "judgment", "ageing": "aging", "whilst": "while",
    "amongst": "among", "learnt": "learned", "spelt": "spelled", "focussed": "focused",
    "focussing": "focusing", "towards": "toward", "afterwards": "afterward", "mum": "mom",
    "manoeuvre": "maneuver", "plough": "plow", "sceptical": "skeptical", "cosy": "cozy",
    "draught": "draft", "jewellery": "jewelry", "pyjamas": "pajamas", "storey": "story",
    "centred": "centered", "fulfil": "fulfill", "enrol": "enroll", "skilful": "skillful",
    "wilful": "willful", "instil": "instill", "kerb": "curb", "oestrogen": "estrogen",
    "foetus": "fetus", "anaemia": "anemia", "orientated": "oriented", "colour": "color",
    "ok": "okay", "okey": "okay", "u": "you", "ur": "your", "pls": "please", "thx": "thanks",
}
# Small numbers as words match digits ("terminal one" == "terminal 1").
_NUMBERS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
# A small, general synonym table of true equivalents: each word (and its inflections: replies,
# replied) maps to its group's first word. Words with a second everyday sense are left out
# (right, close, way, hard, drop, get, pick, join, link, thought), and so are near-synonyms that
# a rubric may need to tell apart (manager/supervisor/boss, check/confirm, explain/clarify).
_SYNONYM_GROUPS = [
    "big large huge", "small little tiny", "fast quick rapid speedy", "quickly rapidly",
    "start begin commence", "end finish", "increase rise", "decrease reduce lessen",
    "same identical", "different distinct", "help assist", "buy purchase",
    "answer reply respond response", "angry furious", "annoyed irritated", "mistake error",
    "fix repair", "wrong incorrect", "unlimited infinite unbounded limitless", "connect attach",
    "choose select", "use utilize utilise", "need require", "enough sufficient", "whole entire",
    "often frequently", "maybe perhaps possibly", "rude impolite", "polite courteous",
    "check verify", "give provide", "keep retain", "stop halt", "easy simple",
    "happy pleased glad", "sad unhappy", "customer client", "colleague coworker",
    "phone telephone", "goal aim objective",
]
# -our -> -or (colour, behaviour, odour), not in words where "our" is no British ending.
_OUR_RE = re.compile(r"^([a-z]{2,}?)our(s|ed|ing|ful|fully|ite|ites|able|ably|er|ers|less|hood|"
                     r"hoods|ly|ist|ists|al|ally|ism)?$")
_OUR_KEEP = frozenset("fl sc det cont dev vel am param troubad sav".split())  # flour, detour...
# -ise -> -ize only in the -ise/-ize verb families (organise, apologise, realise): words whose
# -ise is no such suffix keep it (raise, promise, advise, exercise, otherwise, noise, ...).
_ISE_RE = re.compile(r"^([a-z]{2,})is(e|es|ed|ing|ation|ations|er|ers|able)$")
_ISE_KEEP = frozenset(
    """ra pra appra bra prom no po turquo prem dem surm comprom adv dev rev superv telev improv
    exerc surpr compr enterpr desp disgu gu cru bru expert franch merchand conc prec exc inc
    circumc chast advert ar r sunr upr w otherw likew clockw parad treat mort val an porpo torto
    repr appr cer mala chem""".split())
_YSE_RE = re.compile(r"(?<=[a-z])ys(?=(?:e|es|ed|ing|er|ers)$)")
_TRE_RE = re.compile(r"(?<=[a-z]{2})([tb])re(s?)$")
_LL_RE = re.compile(r"^(\w*[aeiouy]\w*[^aeiouy\W])([ea])ll(ed|ing|er|ers|or|ors)$")


def _ise(w: str) -> str:
    m = _ISE_RE.match(w)
    if m is None or m.group(1) in _ISE_KEEP or m.group(1).endswith("w"):
        return w
    return f"{m.group(1)}iz{m.group(2)}"


def _our(w: str) -> str:
    m = _OUR_RE.match(w)
    if m is None or m.group(1) in _OUR_KEEP:
        return w
    return f"{m.group(1)}or{m.group(2) or ''}"


@lru_cache(maxsize=200_000)
def canonical(word: str) -> str:
    """Lower-cased word with British/American spelling folded to one form (colour -> color)."""
    w = word.lower()
    if w in _SPELLING:
        w = _SPELLING[w]
    if w in _NUMBERS:
        return _NUMBERS[w]
    if len(w) < 5 or not w.isalpha():
        return w
    if "our" in w:
        w = _our(w)
    if "is" in w:
        w = _ise(w)
    w = _YSE_RE.sub("yz", w)
    w = _TRE_RE.sub(r"\1er\2", w)
    w = _LL_RE.sub(r"\1\2l\3", w)
    return w


def canonical_prefix(prefix: str) -> str:
    """Fold the spelling of a ``word*`` prefix so that it matches what it would match written
    out: ``organis*`` -> ``organiz``, ``behaviour*`` -> ``behavior``, ``promis*`` stays."""
    p = prefix.lower()
    if p in _SPELLING:
        return _SPELLING[p]
    if len(p) < 4 or not p.isalpha():
        return p
    c = canonical(p)
    if c != p:
        return c
    for end in ("e", "ing", "ion"):  # complete the word, fold it, cut the ending off again
        c = canonical(p + end)
        if c != p + end and c.endswith(end):
            return c[: -len(end)]
    return p


_SYNONYMS = {_STEMMER.stemWord(w): _STEMMER.stemWord(g.split()[0])
             for g in _SYNONYM_GROUPS for w in g.split()[1:]}
# A synonym applies to the word's inflections only: "response(s)" is "answer", but
# "responsibility" (same Snowball stem) is not.
_SYNONYM_ENDINGS = frozenset("s es e ed d ing er ers ly ies ied y ize izes ized izing".split()) | {""}
_SYNONYM_WORDS = frozenset(canonical(w) for g in _SYNONYM_GROUPS for w in g.split())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of the canonical form (listening, listened -> listen); synonyms share one."""
    c = canonical(word)
    if not c.isalpha():  # numbers, codes ("ref12", "14:00") have no inflections
        return c
    s = snowballstemmer.stemmer("english").stemWord(c)  # per call: stemmers are not thread-safe
    if s in _SYNONYMS and (c in _SYNONYM_WORDS or _ending(c, s) in _SYNONYM_ENDINGS):
        return _SYNONYMS[s]
    return s


def _ending(word: str, stem_: str) -> str | None:
    """What ``word`` adds to its stem (rising/rise -> "ing", replied/repli -> "ed"), or None."""
    if word.startswith(stem_):
        return word[len(stem_):]
    if stem_[-1:] in ("i", "e") and word.startswith(stem_[:-1]):  # reply/repli, rising/rise
        rest = word[len(stem_) - 1:]
        return rest[1:] if rest[:1] == "y" else rest
    return None


def _expand(token: str) -> list[str]:
    """Expand contractions and drop possessive 's; returns lower-case words."""
    t = token.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    if t in _CONTRACTIONS:
        return _CONTRACTIONS[t]
    if "'" not in t:
        return [t]
    if t.endswith("n't"):
        return [w for w in (t[:-3].strip("'"), "not") if w]
    for suf, full in _SUFFIXES.items():
        if t.endswith(suf) and len(t) > len(suf):
            return [t[: -len(suf)].strip("'"), full]
    if t.endswith("'s") and len(t) > 2:
        base = t[:-2].strip("'")
        return [base, "is"] if base in _S_IS else [base]
    return [p for p in t.split("'") if p]


class Analysis:
    """A text split into normalised words, with negation scope and source spans.

    ``words[i]`` is the canonical lower-case word, ``stems[i]`` its stem, ``negated[i]`` whether it
    sits in a negation's scope, ``cue[i]`` whether it is itself a negation word, ``scope[i]`` the
    index of the negation word whose scope word ``i`` is in (or -1), and ``spans[i]`` the
    (start, end) characters of the original token it came from. Stems and spans are computed
    only when asked for.
    """

    __slots__ = ("text", "words", "negated", "cue", "scope", "_forms", "_chunks", "_cum",
                 "any_negated")

    def __init__(self, text: str, words: tuple[str, ...], negated: tuple[bool, ...],
                 cue: tuple[bool, ...], scope: tuple[int, ...], forms: list,
                 chunks: list[str]) -> None:
        self.text = text
        self.words = words
        self.negated = negated
        self.any_negated = cue is not negated and True in negated  # (no cue: nothing negated)
        self.cue = cue
        self.scope = scope
        self._forms = forms
        self._chunks = chunks
        self._cum: list[tuple[int, int]] | None = None  # each word's span, once asked for

    @property
    def stems(self) -> tuple[str, ...]:
        """Stem of each word (synonyms share one)."""
        return tuple(f[2] for f in self._forms)

    def span(self, i: int) -> tuple[int, int]:
        """(start, end) in ``text`` of the token word ``i`` came from."""
        if self._cum is None:
            if " ".join(self._chunks) == self.text:  # single spaces: starts from lengths
                ends = list(accumulate(map(len, self._chunks)))
                starts = [0] + [e + k + 1 for k, e in enumerate(ends[:-1])]
            else:
                starts = [m.start() for m in _CHUNK_RE.finditer(self.text)]
            self._cum = [(s + a, s + b) for s, chunk in zip(starts, self._chunks)
                         for a, b in _chunk_spans(chunk)]
        return self._cum[i]

    @property
    def spans(self) -> list[tuple[int, int]]:
        """(start, end) in ``text`` of the token each word came from."""
        return [self.span(i) for i in range(len(self.words))]

    def quote(self, i: int, j: int) -> str:
        """The learner's own text from word ``i`` to word ``j`` (inclusive)."""
        return self.text[self.span(i)[0]: self.span(j)[1]]


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


def is_cased(word: str) -> bool:
    """Whether ``word`` is a stop word written in capitals (IT, US): a word of its own then."""
    return len(word) >= 2 and word.isupper() and word.isalpha() and word.lower() in CASED_WORDS


@lru_cache(maxsize=200_000)
def _forms(token: str) -> tuple[tuple[str, str, str], ...]:
    """(lower-case word, canonical word, stem) for each word a raw token expands to.

    A punctuation token gives one ``(mark, mark, "")`` entry (no stem), a clause boundary. A stop
    word typed in capitals ("IT", "US") keeps its capitals as its canonical word and stem, so a
    phrasing that says "IT" can tell it from "it"; it still counts as the stop word for negation.
    """
    if not token[0].isalnum():
        return ((token, token, ""),)
    if is_cased(token):
        return ((token.lower(), token, token),)
    return tuple((w, canonical(w), stem(w)) for w in _expand(token))


_RAW, _CANON, _STEM = itemgetter(0), itemgetter(1), itemgetter(2)
_CHUNK_RE = re.compile(r"\S+")  # the same runs as str.split(): both use str.isspace()
_CUE_WORDS = NEGATION_CUES | {"instead"}


@lru_cache(maxsize=200_000)
def _chunk_forms(chunk: str) -> tuple[tuple[str, str, str], ...]:
    """Word forms of one whitespace-free chunk ("customer's," -> customer, boundary)."""
    if chunk == "-":
        return (("-", "-", ""),)
    return tuple(f for tok in _TOKEN_RE.findall(chunk) for f in _forms(tok))


@lru_cache(maxsize=200_000)
def _chunk_spans(chunk: str) -> tuple[tuple[int, int], ...]:
    """(start, end) within ``chunk`` of each word (not boundary) that _chunk_forms gives."""
    return tuple(m.span() for m in _TOKEN_RE.finditer(chunk)
                 for f in _forms(m.group()) if f[2])


def analyse(text: str) -> Analysis:
    """Tokenise ``text`` and mark negation scope (a cue negates the rest of its clause)."""
    chunks = text.split()
    every = list(chain.from_iterable(map(_chunk_forms, chunks)))
    forms = list(compress(every, map(_STEM, every)))  # words only: punctuation has no stem
    words = tuple(map(_CANON, forms))
    n = len(words)
    if _CUE_WORDS.isdisjoint(map(_RAW, forms)):
        nothing = (False,) * n
        return Analysis(text, words, nothing, nothing, (-1,) * n, forms, chunks)
    negated, cue, scope = negation_scope(list(map(_RAW, every)), list(map(_RAW, forms)))
    return Analysis(text, words, negated, cue, scope, forms, chunks)


# Punctuation tokens (the tokeniser's clause punctuation), and words at which a scope may open
# or end (the rest only extend an open one).
_PUNCT = frozenset(".,;:!?()[]{}\"\u201c\u201d\u2013\u2014") | {"--", "-"}
_SENTENCE_END = frozenset(".!?;")
_SCOPE_WORDS = (_SCOPE_END | _SUBJECTS | _MAYBE_SUBJECTS | _VERBS | _CUE_WORDS | _CONDITIONAL
                | _PUNCT | {"and", "or", "nor"})


_SCOPE_WORDS_NO_VERBS = _SCOPE_WORDS - (_VERBS - _SCOPE_END - _SUBJECTS - _MAYBE_SUBJECTS
                                       - _CUE_WORDS - _CONDITIONAL - {"and", "or", "nor"})


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


def negation_scope(toks: list[str], words: list[str]) -> tuple[tuple[bool, ...], ...]:
    """(negated, cue, scope) per word of ``words``; ``toks`` is the same words with the clause
    punctuation between them. A cue negates what follows until its clause ends:

    - at punctuation, except a comma inside a negated list ("never argue, shout or swear") and
      a colon after "avoid the following" or the like (its list is negated too);
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
