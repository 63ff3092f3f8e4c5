"""Table-driven cases for phrasing matching: every feature of the Rubrics section of formats.md."""

from __future__ import annotations

import pytest

from .helpers import evidence, hits

# (phrasing(s), concept options, answer, expected hit)
SYNTAX = [
    # a|b alternatives for one word position
    ("listen carefully|closely", {}, "I would listen closely", True),
    ("listen carefully|closely", {}, "I would listen carefully", True),
    ("listen carefully|closely", {}, "I would listen loudly", False),
    ("hearing|hear happen* automatic*", {}, "hearing happens automatically", True),
    # word* prefix wildcards
    ("argu*", {}, "I was arguing with him", True),
    ("argu*", {}, "an argument started", True),
    ("argu*", {}, "I agree with him", False),
    ("apologi*", {}, "I would apologize", True),
    ("apologis*", {}, "I would apologize", True),
    ("colour*", {}, "bright colors", True),
    # stop words in a phrasing are optional (and may be added)
    ("listen to the customer", {}, "listen customer", True),
    ("listen customer", {}, "listen to what the customer says", True),
    ("say sorry", {}, "I would say I am sorry", True),
    # proximity window (default 2 x words + 2) and explicit windows
    ("listen carefully", {}, "listen to them very very carefully", True),
    ("listen carefully", {"window": 3}, "listen to them very very carefully", False),
    ("listen carefully", {"window": 3}, "listen really carefully", True),
    ("listen carefully", {}, "listen to the radio, later on in the day drive home carefully", False),
    # word order: in order by default, or any order
    ("customer listen", {}, "listen to the customer", False),
    ("customer listen", {"order": "any"}, "listen to the customer", True),
    ("customer listen", {"order": "any", "window": 2}, "listen to the customer", False),
    ("nod smile", {"order": "any"}, "smile and nod", True),
    # every word must be there
    ("listen carefully", {}, "listen", False),
    # several phrasings: any one hits
    (["say sorry", "apologise"], {}, "I apologised", True),
    (["say sorry", "apologise"], {}, "I thanked them", False),
]

SPELLING_SLIPS = [
    # (phrasing, answer, hit): tolerance grows with word length, none for short words
    ("interrupt", "interupt", True),
    ("apologise", "appologise", True),
    ("understand", "undrestand", True),
    ("listen", "lisen", True),
    ("customer", "custmer", True),
    ("patient", "patiant", True),
    ("note", "not", False),
    ("calm", "clam", False),
    ("shout", "shot", True),
    ("polite", "politics", False),
    ("careful", "careless", False),
    ("confirm", "conform", True),
    ("reassure", "measure", False),
]

INFLECTIONS = [
    ("listen", "listening", True), ("listen", "listened", True), ("listen", "listens", True),
    ("apologise", "apologising", True), ("apologise", "apologised", True),
    ("complaint", "complaints", True), ("help", "helped", True), ("help", "helpful", True),
    ("smile", "smiling", True), ("nod", "nodding", True), ("argue", "argued", True),
]

BRITISH_AMERICAN = [
    ("apologise", "apologize"), ("apologize", "apologise"), ("colour", "color"),
    ("behaviour", "behavior"), ("organise", "organize"), ("organisation", "organization"),
    ("analyse", "analyze"), ("centre", "center"), ("metre", "meter"), ("travelled", "traveled"),
    ("cancelled", "canceled"), ("practise", "practice"), ("catalogue", "catalog"),
    ("favourite", "favorite"), ("recognised", "recognized"), ("neighbour", "neighbor"),
    ("honour", "honor"), ("programme", "program"), ("licence", "license"), ("grey", "gray"),
    ("enquiry", "inquiry"), ("labelled", "labeled"), ("fibre", "fiber"),
]

CONTRACTIONS = [
    ("do not interrupt", "don't interrupt", True),
    ("do not interrupt", "don\u2019t interrupt", True),
    ("do not interrupt", "dont interrupt", True),
    ("can not help", "I can't help", True),
    ("cannot help", "I can not help", True),
    ("will not help", "they won't help", True),
    ("I would ask", "I'd ask", True),
    ("it is too late", "it's too late", True),
    ("they are upset", "they're upset", True),
    ("we have finished", "we've finished", True),
    ("I will call", "I'll call", True),
    ("I am sorry", "I'm sorry", True),
    ("customer account", "the customer's account", True),
]

NEGATION = [
    # a negated phrasing only hits negated text, and a plain one only text that is not negated
    ("don't interrupt", "I would not interrupt", True),
    ("don't interrupt", "I wouldn't interrupt them", True),
    ("don't interrupt", "never interrupt", True),
    ("don't interrupt", "I would interrupt", False),
    ("interrupt", "I would not interrupt", False),
    ("interrupt", "I would interrupt", True),
    ("never argue", "I wouldn't argue with them", True),
    ("never argue", "you should argue with them", False),
    ("argue", "you should argue with them", True),
    ("argue", "I would never argue with a customer", False),
    ("argue", "I would never get into an argument", False),
    ("argue", "without arguing", False),
    ("listen without interrupting", "I listen without interrupting", True),
    ("listen without interrupting", "I listen and interrupt", False),
    ("don't shout", "I would neither shout nor swear", True),
    ("don't swear", "I would neither shout nor swear", True),
    ("don't swear", "I won't shout or swear", True),
    ("blame", "nobody is to blame", False),
    ("avoid jargon", "don't use jargon", True),
    ("avoid jargon", "use jargon", False),
    # the scope ends at the end of the clause
    ("listen", "I would not interrupt, I would listen", True),
    ("listen", "I would not interrupt but listen", True),
    ("listen", "don't interrupt and then listen", True),
    ("listen", "never interrupt and always listen", True),
    ("listen", "I wouldn't interrupt; I'd listen", True),
    ("feel stupid", "they won't understand and might feel stupid", True),
    ("listen", "don't interrupt or listen", False),
    # not negations
    ("listen", "not only listen but also nod", True),
    ("ring the helpdesk", "try again, if not ring the helpdesk", True),
    ("help", "no matter what, help them", True),
]

EXTRAS = [
    # small numbers as words match digits, and a small general synonym table
    ("terminal 1", "terminal one", True),
    ("large", "a big box", True),
    ("mistake", "an error", True),
    ("unlimited", "infinite", True),
    ("start", "begin", True),
    # punctuation and case do not matter
    ("listen carefully", "LISTEN, CAREFULLY!", True),
]


@pytest.mark.parametrize("phrasing, opts, answer, expected", SYNTAX)
def test_syntax(phrasing, opts, answer, expected):
    assert hits(phrasing, answer, **opts) is expected


@pytest.mark.parametrize("phrasing, answer, expected", SPELLING_SLIPS)
def test_spelling_slips_scale_with_word_length(phrasing, answer, expected):
    assert hits(phrasing, f"I would {answer} them", ) is expected


@pytest.mark.parametrize("phrasing, answer, expected", INFLECTIONS)
def test_inflections(phrasing, answer, expected):
    assert hits(phrasing, f"they {answer} a lot") is expected


@pytest.mark.parametrize("phrasing, answer", BRITISH_AMERICAN)
def test_british_and_american_spelling(phrasing, answer):
    assert hits(phrasing, f"the {answer} was fine")
    assert hits(answer, f"the {phrasing} was fine")


@pytest.mark.parametrize("phrasing, answer, expected", CONTRACTIONS)
def test_contractions(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


@pytest.mark.parametrize("phrasing, answer, expected", NEGATION)
def test_negation_scope(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


@pytest.mark.parametrize("phrasing, answer, expected", EXTRAS)
def test_numbers_synonyms_and_punctuation(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


@pytest.mark.parametrize("phrasing, answer, quoted", [
    ("apologise", "First I'd APOLOGISE straight away", "APOLOGISE"),
    ("listen carefully", "I'd listen   really carefully.", "listen   really carefully"),
    ("don't interrupt", "I wouldn't interupt them", "wouldn't interupt"),
    ("customer account", "check the customer's account", "customer's account"),
])
def test_evidence_is_the_learners_own_words(phrasing, answer, quoted):
    assert evidence(phrasing, answer) == quoted


@pytest.mark.parametrize("phrasing, answer, expected", [
    # "which" + a verb after a negated clause says something new about all of it
    ("safer", "im not handling their bank card details which is safer", True),
    ("not safer", "im not handling their bank card details which is safer", False),
    ("stay calm", "they don't wait which means they stay calm", True),
    ("ask", "do not ask which one they want", False),  # "which one": the scope goes on
])
def test_which_and_a_verb_ends_a_negation(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected
