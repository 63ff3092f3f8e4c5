"""Text normalisation for matching: tokens, contractions, spelling and stems (negation scope is
in negation.py).

Everything here is pure and cached per word. The entry point is :func:`analyse`, which turns a
learner's answer (or a phrasing) into an :class:`Analysis`: parallel tuples of normalised words,
their stems, whether each sits inside a negation's scope, and the character span each came from in
the original text (so evidence can be quoted exactly as the learner typed it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, chain, compress
from operator import itemgetter
from typing import Any

import snowballstemmer

from .frames import FRAME_WORDS, frame_spans
from .negation import _CUE_WORDS, negation_scope
from .times import MINUTES, clock_word, fold_times
from .words import STOP_WORDS as STOP_WORDS  # re-exported: match, derive and similarity use it

_STEMMER = snowballstemmer.stemmer("english")

# Words (letters/digits, with inner apostrophes), decimal/clock numbers, or clause punctuation.
_TOKEN_RE = re.compile(
    r"\d+(?:[.:,]\d+)+"  # 1.5, 14:00, 1,000
    r"|[^\W_]+(?:['\u2019\u2018`][^\W_]+)*"  # words, with contractions
    r"|[.,;:!?()\[\]{}\"\u201c\u201d\u2013\u2014]|--|\s-\s"  # clause punctuation
)


# Stop words a phrasing may leave out or put in ("listen to the customer" == "listen customer").
OPTIONAL_WORDS = STOP_WORDS

# Stop words that, typed in capitals, are words of their own ("IT", "US", "AM").
CASED_WORDS = STOP_WORDS - frozenset("not no nor i a".split())



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
    # text-speak and everyday spellings, read as the words they stand for (raw, so negation
    # scope and frames see them too: "coz" ends a clause like "because")
    "coz": ["because"], "cos": ["because"], "cuz": ["because"], "bcos": ["because"],
    "becoz": ["because"], "becos": ["because"], "u": ["you"], "ur": ["your"], "r": ["are"],
    "ppl": ["people"], "b4": ["before"], "2moro": ["tomorrow"], "2morrow": ["tomorrow"],
    "tmrw": ["tomorrow"], "tmr": ["tomorrow"], "tomoz": ["tomorrow"], "2day": ["today"],
    "asap": ["as", "soon", "as", "possible"], "pls": ["please"], "plz": ["please"],
    "thx": ["thanks"], "thanx": ["thanks"], "soz": ["sorry"], "sry": ["sorry"],
    "msg": ["message"], "msgs": ["messages"], "info": ["information"], "n": ["and"],
    "wiv": ["with"], "dunno": ["do", "not", "know"], "gonna": ["going", "to"],
    "wanna": ["want", "to"], "gotta": ["got", "to"], "aint": ["is", "not"],
    "shud": ["should"], "wud": ["would"], "cud": ["could"], "wen": ["when"], "wot": ["what"],
    "hav": ["have"], "ov": ["of"], "gr8": ["great"], "l8": ["late"], "l8r": ["later"],
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
_ORDINAL_ENDINGS = frozenset(["st", "nd", "rd", "th"])
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
    if w[:1].isdigit() and w[-2:] in _ORDINAL_ENDINGS and w[:-2].isdigit():
        return w[:-2]  # "12th" is day 12, "3rd" is 3
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


_SYNONYMS: dict[str, str] = {_STEMMER.stemWord(w): _STEMMER.stemWord(g.split()[0])
             for g in _SYNONYM_GROUPS for w in g.split()[1:]}
# A synonym applies to the word's inflections only: "response(s)" is "answer", but
# "responsibility" (same Snowball stem) is not.
_SYNONYM_ENDINGS = frozenset(
    "s es e ed d ing er ers ly ies ied y ize izes ized izing".split()) | {""}
_SYNONYM_WORDS = frozenset(canonical(w) for g in _SYNONYM_GROUPS for w in g.split())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of the canonical form (listening, listened -> listen); synonyms share one."""
    c = canonical(word)
    if not c.isalpha():  # numbers, codes ("ref12", "14:00") have no inflections
        return c
    # per call: stemmers are not thread-safe
    s: str = snowballstemmer.stemmer("english").stemWord(c)
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
                 cue: tuple[bool, ...], scope: tuple[int, ...], forms: list[Any],
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
    if token[0].isdigit():
        c = clock_word(token)  # "16:30", "4.30", "4pm": one time word, "4:30"
        if c is not None:
            return ((token.lower(), c, c),)
    return tuple((w, canonical(w), stem(w)) for w in _expand(token))


# Words that may spell a time around an hour ("half four", "4 o'clock", "quarter past 5").
_TIME_CUES = frozenset(["past", "half", "quarter", "clock", "pm", "am", "a.m", "p.m", *MINUTES])
_SPECIAL = _TIME_CUES | FRAME_WORDS | _CUE_WORDS


def _with_times(forms: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``forms`` with each hour of a time in words ("half four") read as ``h:mm``."""
    raw = [f[0] for f in forms]
    out = forms
    for i, c, _, _ in fold_times(raw):
        if c is not None:
            out = list(out) if out is forms else out
            out[i] = (forms[i][0], c, c)
    return out


_RAW, _CANON, _STEM = itemgetter(0), itemgetter(1), itemgetter(2)
_CHUNK_RE = re.compile(r"\S+")  # the same runs as str.split(): both use str.isspace()


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
    if _SPECIAL.isdisjoint(map(_RAW, forms)):  # the usual case: one pass decides
        words = tuple(map(_CANON, forms))
        nothing = (False,) * len(words)
        return Analysis(text, words, nothing, nothing, (-1,) * len(words), forms, chunks)
    raw = frozenset(map(_RAW, forms))
    if not _TIME_CUES.isdisjoint(raw):
        forms = _with_times(forms)
    words = tuple(map(_CANON, forms))
    n = len(words)
    framed = not FRAME_WORDS.isdisjoint(raw)
    if _CUE_WORDS.isdisjoint(raw) and not framed:
        nothing = (False,) * n
        return Analysis(text, words, nothing, nothing, (-1,) * n, forms, chunks)
    toks = list(map(_RAW, every))
    negated, cue, scope = negation_scope(toks, list(map(_RAW, forms)))
    if framed:
        negated, scope = _apply_frames(toks, every, negated, scope)
    return Analysis(text, words, negated, cue, scope, forms, chunks)


def _apply_frames(toks: list[str], every: list[Any], negated: tuple[bool, ...],
                  scope: tuple[Any, ...]) -> tuple[Any, ...]:
    """Flip the polarity of the words a frame governs ("it's rude to butt in": "butt in" reads
    as negated); each such word's scope opener becomes the frame word, for quoting."""
    spans = frame_spans(toks)
    if not spans:
        return negated, scope
    word_at = list(accumulate(1 if f[2] else 0 for f in every))  # word index + 1 per token
    neg, sco = list(negated), list(scope)
    for k, first, end in spans:
        opener = word_at[k] - 1
        for t in range(first, end):
            if every[t][2]:
                i = word_at[t] - 1
                neg[i] = not neg[i]
                sco[i] = opener if neg[i] else -1
    return tuple(neg), tuple(sco)
