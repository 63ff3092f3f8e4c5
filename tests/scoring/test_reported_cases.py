"""Table-driven cases from the content writers' matching reports (each failing example is a case).

Every row is (phrasing(s), answer, expected hit); the comment above a table names the report.
"""

from __future__ import annotations

import pytest

from quizapp.scoring import Rubric
from quizapp.scoring.slips import slip_cost
from quizapp.scoring.normalise import analyse, canonical, stem

from .helpers import hits

# Report 4: "id" is not "I'd"; only "i'd" with an apostrophe expands. A phrasing word in capitals
# that is a stop word ("IT", "US") is that word as typed, case-sensitive and required.
CONTRACTIONS_AND_CAPITALS = [
    ("ID", "show me your ID", True),
    ("ID", "show me your id", True),
    ("check id", "I would check their id", True),
    ("ID", "I'd show it to them", False),
    ("I would ask", "I'd ask", True),
    ("IT team", "call the IT team", True),
    ("IT team", "it is a team effort", False),
    ("IT", "it is fine", False),
    ("IT|computer department|team", "ring the IT department", True),
    ("it team", "call the IT team", True),  # lower-case "it" stays an optional stop word
    ("do it", "DO IT NOW", True),  # capitals typed by the learner still read as "it"
]

# Report 5: the synonym table keeps only true equivalents.
SYNONYMS = [
    ("responsibility", "a quick response", False),
    ("responsibility", "take responsibility", True),
    ("answer", "a quick response", True),
    ("answer", "they replied", True),
    ("manager", "ask my supervisor", False),
    ("supervisor", "ask my manager", False),
    ("manager|supervisor|boss", "ask my boss", True),
    ("check right", "check it", False),
    ("confirm", "I would check", False),
    ("check", "I would confirm it", False),
    ("check", "I would verify it", True),
    ("shout", "stand too close", False),
    ("correct", "turn right", False),
    ("mistake", "an error", True),
    ("customer", "the client", True),
]


@pytest.mark.parametrize("phrasing, answer, expected", CONTRACTIONS_AND_CAPITALS)
def test_contractions_and_capitals(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


def test_id_is_not_a_contraction():
    assert analyse("my id").words == ("my", "id")
    assert analyse("I'd go").words == ("i", "would", "go")


@pytest.mark.parametrize("phrasing, answer, expected", SYNONYMS)
def test_synonyms_are_true_equivalents(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


@pytest.mark.parametrize("a, b", [("responsibility", "response"), ("manager", "boss"),
                                  ("supervisor", "manager"), ("confirm", "check"),
                                  ("close", "shut"), ("right", "correct"), ("way", "method")])
def test_words_that_are_not_synonyms_keep_their_own_stems(a, b):
    assert stem(a) != stem(b)


# Report 13: particles of phrasal verbs (up, out, off, in, on, over, through, ...) and only, more,
# just, what are required when they follow a verb in the phrasing; `+word` requires any stop word.
PARTICLES = [
    ("follow up", "I would follow the rules", False),
    ("follow up", "I would follow it up tomorrow", True),
    ("follow up", "follow up with a call", True),
    ("log off", "log the call", False),
    ("log off", "log off the computer", True),
    ("sort it out", "sort the post", False),
    ("sort it out", "I'd sort it all out", True),
    ("turn up", "turn the music down", False),
    ("turn up", "if they don't turn up", False),
    ("expect more", "they expect a refund", False),
    ("expect more", "customers expect more now", True),
    ("let them down", "let them know", False),
    ("let down", "calm down", False),  # "let" is a stop word, but needed before a particle
    ("let down", "they would feel let down", True),
    ("let them down", "never let the team down", False),  # negated answer, plain phrasing
    ("don't let them down", "I won't let them down", True),
    ("follow* through|up", "follow the dress code", False),
    ("follow* through|up", "follow it through", True),
    ("let them down", "I won't let them down", False),  # negated: the phrasing is not
    ("ask what they want", "ask them what they want", True),
    ("ask what they want", "ask if they want a bag", False),
    # not after a verb (or after an a|b list, where the particle ends a split phrase): optional
    ("listen to the customer", "listen customer", True),
    ("in the queue", "queue", True),
    ("stand*|calm up", "calm and confident", True),
    # +word makes any stop word required
    ("+my name", "your name", False),
    ("+my name", "my name is Sam", True),
]

# Reports 6-8: stop words are optional, an a|b slot is optional only if all its alternatives are
# stop words, and phrasings that probably do not say what was meant compile with a warning.
ALTERNATIVES = [
    ("look* at me|you|staff", "I look around", False),
    ("look* at me|you|staff", "look at the staff", True),
    ("what they want|would like", "they would like it", True),  # "would" is an alternative
    ("look at them", "look at the menu", True),  # stop words optional: "look" alone
]


@pytest.mark.parametrize("phrasing, answer, expected", PARTICLES)
def test_particles_after_a_verb_are_required(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


@pytest.mark.parametrize("phrasing, answer, expected", ALTERNATIVES)
def test_alternatives_and_optional_slots(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


@pytest.mark.parametrize("phrasing, warning", [
    ("feel welcome|at ease", "'welcome|at' mixes stop words (at)"),
    ("lose customers|the customer", "'customers|the' mixes stop words (the)"),
    ("solve the right|their problem", "'right|their' mixes stop words (their)"),
    ("look at them", "only 'look' is required"),
    ("my name", "only 'name' is required"),
])
def test_rubric_warns_about_phrasings_that_probably_misfire(phrasing, warning):
    r = Rubric.from_dict({"concepts": [{"id": "c", "label": "C", "phrasings": ["say sorry",
                                                                               phrasing]}]})
    assert len(r.warnings) == 1
    assert r.warnings[0].startswith(f"concepts[0].phrasings[1]: {phrasing!r}: ")
    assert warning in r.warnings[0]


@pytest.mark.parametrize("phrasing", ["feel welcome", "look at them carefully", "don't look",
                                      "+my name", "IT team", "log in|on", "stay|keep|be calm",
                                      "ask customer|them", "come round|over|out",
                                      "sort it|problems out"])
def test_rubric_without_warnings(phrasing):
    assert Rubric.from_dict({"concepts": [{"id": "c", "label": "C",
                                           "phrasings": [phrasing]}]}).warnings == ()


# Reports 2, 10, 12: a spelling slip must not flip the meaning. Negative prefixes are not slips;
# nor are other endings on the same beginning (caller/called), nor unlikely letter swaps
# (shout/short: u and r are neither vowels nor neighbouring keys). A transposition is one slip
# (OSA distance) and a misspelt word still matches a prefix.
NOT_SLIPS = [
    ("helpful", "unhelpful"), ("unhelpful", "helpful"), ("comfortable", "uncomfortable"),
    ("uncomfortable", "comfortable"), ("patient", "impatient"), ("impatient", "patient"),
    ("satisfied", "dissatisfied"), ("dissatisfied", "satisfied"), ("responsible", "irresponsible"),
    ("legal", "illegal"), ("internal", "external"), ("external", "internal"), ("fined", "fired"),
    ("fired", "fined"), ("shout", "short"), ("short", "shout"), ("swear", "wear"),
    ("wear", "swear"), ("fight", "right"), ("right", "fight"), ("local", "loyal"),
    ("loyal", "local"), ("clean", "clear"), ("clear", "clean"), ("safety", "safely"),
    ("safely", "safety"), ("booking", "books"), ("books", "booking"), ("meeting", "meets"),
    ("moody", "mood"), ("mood", "moody"), ("make", "marketing"), ("marketing", "make"),
    ("marketing", "making"), ("expect", "expensive"), ("expensive", "expect"),
    ("expert*", "expect"), ("caller", "called"), ("called", "caller"), ("quiet", "quite"),
]
SLIPS = [
    ("receipt", "reciept"), ("believe", "beleive"), ("understand", "undrestand"),
    ("interrupt*", "interupting"), ("interrupt*", "interupted"), ("stare*", "staring"),
    ("argue*", "arguing"), ("create*", "creation"), ("carefully", "carefuly"),
    ("broken", "broke"), ("separate", "seperate"), ("definitely", "definately"),
    ("happening", "happens"), ("listening", "listened"), ("booking", "booked"),
]


@pytest.mark.parametrize("phrasing, answer", NOT_SLIPS)
def test_slips_do_not_flip_meaning(phrasing, answer):
    assert not hits(phrasing, f"they {answer} now")


@pytest.mark.parametrize("phrasing, answer", SLIPS)
def test_slips_that_still_match(phrasing, answer):
    assert hits(phrasing, f"they {answer} now")


@pytest.mark.parametrize("a, b, cost", [("reciept", "receipt", 1), ("shout", "short", 2),
                                        ("patiant", "patient", 1), ("lisen", "listen", 1),
                                        ("smiel", "smile", 2), ("interupt", "interrupt", 1)])
def test_slip_cost(a, b, cost):
    assert slip_cost(a, b) == cost


# Report 3: British/American -ise/-ize only in real verb families; a prefix phrasing matches
# the same words it would match written out.
NOT_ISE_VERBS = (
    "raise raised raising promise promised promising noise premise premises advise advised "
    "adviser advice exercise exercising compromise surprise surprised otherwise expertise "
    "franchise merchandise enterprise praise praised wise concise precise chase cause because "
    "house use rise rising arise close lose choose these those whose please increase purchase "
    "release response sense devise revise supervise supervisor televise improvise despise "
    "disguise advertise comprise flour detour contour devour").split()


@pytest.mark.parametrize("word", NOT_ISE_VERBS)
def test_words_that_are_not_ise_verbs_keep_their_spelling(word):
    assert canonical(word) == word


@pytest.mark.parametrize("british, american", [
    ("organise", "organize"), ("organisation", "organization"), ("recognised", "recognized"),
    ("prioritising", "prioritizing"), ("behaviour", "behavior"), ("behavioural", "behavioral"),
    ("odour", "odor"), ("honourable", "honorable")])
def test_ise_and_our_families_fold(british, american):
    assert canonical(british) == canonical(american) == american


@pytest.mark.parametrize("phrasing, answer", [
    ("raise*", "raise"), ("raise*", "raised"), ("promise*", "promised"), ("promis*", "promising"),
    ("noise*", "noise"), ("noise*", "noises"), ("behaviour*", "behaviour"),
    ("behaviour*", "behavioral"), ("organis*", "organized"), ("organisat*", "organization"),
    ("apologis*", "apologising"), ("advis*", "advise"), ("exercis*", "exercises")])
def test_prefixes_match_what_they_would_match_written_out(phrasing, answer):
    assert hits(phrasing, f"they {answer} it")


# Reports 1, 9, 11: a negation's scope ends where a new clause starts, and a list after a
# negation stays negated. (answer, words that must be negated, words that must not be)
SCOPE = [
    ("so it doesnt get forgotten and the customer gets sorted", "get forgotten", "customer sorted"),
    ("if i cant sort it or they want to complain", "sort", "want complain"),
    ("not swearing, gossiping or using my phone", "swearing gossiping using phone", ""),
    ("never argue, shout or swear", "argue shout swear", ""),
    ("without interrupting, arguing or making excuses", "interrupting arguing making excuses",
     ""),
    ("without interrupting, arguing and making excuses", "interrupting arguing making", ""),
    ("if not they'll frown", "", "frown"),
    ("if you dont they will complain", "", "complain"),
    ("dont get angry and keep ringing up", "get angry", "keep ringing"),
    ("it doesnt matter they can ask the customer again", "matter", "ask customer"),
    ("if i cant sort it pass it to my manager", "sort", "pass manager"),
    ("if i can't sort it, pass it to my manager", "sort", "pass manager"),
    ("if you dont ring back they will feel let down and wont trust you", "ring trust",
     "feel let down"),
    ("dont judge people and do the training", "judge people", "training"),
    ("parcels dont get stolen and offer a redelivery", "get stolen", "offer redelivery"),
    ("don't argue or make excuses", "argue make excuses", ""),
    ("so they dont have to keep asking and it looks professional", "keep asking",
     "looks professional"),
    ("things to avoid: shouting, swearing", "shouting swearing", ""),
    ("never: argue, shout or swear", "argue shout swear", ""),
    ("don't panic: listen to them", "panic", "listen"),
    ("I would not interrupt, listen and nod", "interrupt", "listen nod"),
    ("don't interrupt, otherwise they get annoyed", "interrupt", "annoyed"),
    ("without a receipt, give discounts or refunds", "receipt", "give discounts refunds"),
    ("I wouldn't interrupt them I would listen", "interrupt", "listen"),
    # a clause inside the negated one stays negated
    ("I don't think they should shout", "think shout", ""),
    ("they don't get what they expected", "get expected", ""),
    ("I would not tell them they are wrong", "tell wrong", ""),
    ("there is nothing i can do", "do", ""),
    # a clause word right after the cue is what is negated
    ("not when it is busy", "busy", ""),
    ("it is not so bad", "bad", ""),
]


@pytest.mark.parametrize("answer, negated, positive", SCOPE)
def test_negation_scope_ends_at_a_new_clause(answer, negated, positive):
    a = analyse(answer)
    polarity = dict(zip(a.words, a.negated))
    for w in negated.split():
        assert polarity[w], f"{w!r} should be negated"
    for w in positive.split():
        assert not polarity[w], f"{w!r} should not be negated"


NEGATION_HITS = [
    # (phrasing, answer, hit): negatives (penalties) must not fire on a negated list
    ("gossip*", "not swearing, gossiping or using my phone", False),
    ("don't gossip", "not swearing, gossiping or using my phone", True),
    ("make excuses", "I would not argue or make excuses", False),
    ("frown", "if not they'll frown", True),
    ("sorted", "so it doesnt get forgotten and the customer gets sorted", True),
    ("pass manager", "if i cant sort it pass it to my manager", True),
    ("do training", "dont judge people and do the training", True),
    ("offer redelivery", "parcels dont get stolen and offer a redelivery", True),
    ("complain", "if you dont they will complain", True),
    ("don't tell them they are wrong", "I would not tell them they are wrong", True),
    ("nothing i can do", "there is nothing i can do", True),
]


@pytest.mark.parametrize("phrasing, answer, expected", NEGATION_HITS)
def test_negation_scope_in_matching(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


@pytest.mark.parametrize("phrasing", [
    "never argue, shout or swear", "without interrupting, arguing or making excuses",
    "don't make promises i can't keep", "don't sell them something they don't need",
    "don't tell them they are wrong", "if i can't sort it pass it to my manager",
    "dont judge people and do the training", "not when busy", "instead of shouting",
    "no matter what", "if not, ring the helpdesk", "things to avoid: shouting, swearing"])
def test_a_phrasing_reads_its_negations_like_an_answer(phrasing):
    assert hits(phrasing, phrasing)


@pytest.mark.parametrize("phrasing, answer, expected", [
    ("never argue, shout or swear", "I would never argue, shout or swear", True),
    ("never argue, shout or swear", "I would argue, shout or swear", False),
    ("if i can't sort it pass it to my manager", "if I can't sort it, pass it to my manager",
     True),
])
def test_negated_lists_in_phrasings(phrasing, answer, expected):
    assert hits(phrasing, answer) is expected


def test_fast_concept_results_equal_the_dataclass():
    from dataclasses import FrozenInstanceError

    from quizapp.scoring.result import ConceptResult, concept_result
    fast = concept_result("a", "A", True, "x", False, "h", None, 2.0, "g", 1.0, True, None)
    slow = ConceptResult(id="a", label="A", hit=True, evidence="x", negative=False, hint="h",
                         reason=None, weight=2.0, group="g", credit=1.0, required=True)
    assert fast == slow and hash(fast) == hash(slow) and fast.to_dict() == slow.to_dict()
    with pytest.raises(FrozenInstanceError):
        fast.hit = False  # type: ignore[misc]
