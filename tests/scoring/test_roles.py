"""Who did what (issue 20): a concept binds a role to its description within a clause, and a
swapped pairing is marked as a swap (no credit, named in the feedback)."""

from __future__ import annotations

import pytest

from quizapp.scoring import Rubric, RubricError, score

CUSTOMERS = Rubric.from_dict({"concepts": [
    {"id": "internal", "label": "Internal customers are colleagues", "role": ["internal"],
     "phrasings": ["colleague*", "staff", "work with", "other department*"]},
    {"id": "external", "label": "External customers are the public", "role": ["external"],
     "phrasings": ["public", "buy*", "shopper*", "pay*"]},
]})
BODY = Rubric.from_dict({"concepts": [
    {"id": "happy", "label": "A happy customer smiles", "role": ["happy", "pleased"],
     "phrasings": ["smil*", "nod*", "relaxed"]},
    {"id": "unhappy", "label": "An unhappy customer folds their arms",
     "role": ["unhappy", "angry"], "phrasings": ["arms folded", "fold* arms", "frown*"]},
]})

# (rubric, answer, hits as {concept: hit}, swapped)
CASES = [
    (CUSTOMERS, "internal customers are colleagues; external customers buy from us",
     {"internal": True, "external": True}, False),
    (CUSTOMERS, "internal customers buy from us; external customers are colleagues",
     {"internal": False, "external": False}, True),
    (CUSTOMERS, "internal customers are the public and external customers are staff",
     {"internal": False, "external": False}, True),
    (CUSTOMERS, "external = the public who pay, internal = staff in other departments",
     {"internal": True, "external": True}, False),
    (CUSTOMERS, "Internal customers are people I work with. External ones buy from us.",
     {"internal": True, "external": True}, False),
    (CUSTOMERS, "internal customers are colleagues", {"internal": True, "external": False}, False),
    # with two roles in play, a description that names no role says nothing about who
    (CUSTOMERS, "colleagues and the public", {"internal": False, "external": False}, False),
    (BODY, "happy: smiling, nodding. unhappy: arms folded", {"happy": True, "unhappy": True},
     False),
    (BODY, "happy: arms folded; unhappy: smiling", {"happy": False, "unhappy": False}, True),
    (BODY, "smiling means happy, arms folded means unhappy", {"happy": True, "unhappy": True},
     False),
    (BODY, "happy customers smile and unhappy ones fold their arms",
     {"happy": True, "unhappy": True}, False),
    (BODY, "happy customers fold their arms and unhappy ones smile",
     {"happy": False, "unhappy": False}, True),
]


@pytest.mark.parametrize("rubric, answer, expected, swapped", CASES)
def test_roles_bind_to_their_descriptions(rubric, answer, expected, swapped):
    r = score(answer, rubric)
    assert {c.id: c.hit for c in r.concepts} == expected
    notes = [c.note for c in r.concepts if c.note]
    assert bool(notes) is swapped
    assert ("swapped these round" in r.feedback) is swapped
    if swapped:
        assert r.band == "not_yet"
        assert all(n.startswith("swapped:") for n in notes)


def test_evidence_quotes_the_role_and_its_description():
    r = score("internal customers are colleagues; external customers buy from us", CUSTOMERS)
    assert [c.evidence for c in r.concepts] == ["internal customers are colleagues",
                                                "external customers buy"]


def test_one_role_in_the_rubric_binds_descriptions_that_name_none():
    rubric = Rubric.from_dict({"concepts": [
        {"id": "internal", "label": "Internal customers", "role": ["internal"],
         "phrasings": ["colleague*"]}]})
    assert score("they are my colleagues", rubric).concepts[0].hit
    assert score("colleagues are internal customers", rubric).concepts[0].hit


def test_role_is_validated_and_round_trips():
    with pytest.raises(RubricError, match=r"concepts\[0\]\.role"):
        Rubric.from_dict({"concepts": [{"id": "a", "label": "A", "role": [],
                                        "phrasings": ["x"]}]})
    assert Rubric.from_dict(CUSTOMERS.to_dict()).to_dict() == CUSTOMERS.to_dict()


# A law named correctly with another law's content: roles on points and on a negative that
# names the contradicting fact.
LAWS = Rubric.from_dict({
    "concepts": [
        {"id": "hsw", "label": "Health and safety law keeps people safe",
         "role": ["health and safety"], "phrasings": ["safe*", "fire exit*", "wet floor*"]},
        {"id": "dpa", "label": "Data protection law keeps personal details private",
         "role": ["data protection", "gdpr"],
         "phrasings": ["personal details|data|information", "private", "password*"]}],
    "negatives": [
        {"id": "dpa-safety", "label": "Data protection named for safety",
         "role": ["data protection", "gdpr"], "phrasings": ["fire exit*", "wet floor*"],
         "penalty": 0.5, "reason": "Keeping people safe is health and safety law."}],
})


@pytest.mark.parametrize("answer, hits_, band", [
    ("Health and safety law means keeping fire exits clear. Data protection means keeping "
     "personal details private.", {"hsw", "dpa"}, "secure"),
    ("Data protection law means keeping fire exits clear.", {"dpa-safety"}, "not_yet"),
    ("GDPR: mop up wet floors; health and safety: keep passwords private", {"dpa-safety"},
     "not_yet"),
    # a word inside the role itself ("safety") is no description of it
    ("health and safety law", set(), "not_yet"),
])
def test_a_law_named_with_another_laws_content(answer, hits_, band):
    r = score(answer, LAWS)
    assert {c.id for c in r.concepts if c.hit} == hits_
    assert r.band == band
    if "dpa-safety" in hits_:
        assert "Keeping people safe is health and safety law." in r.feedback


def test_a_sign_two_roles_accept_is_no_swap():
    rubric = Rubric.from_dict({"concepts": [
        {"id": "annoyed", "label": "Frowning = annoyed", "role": ["annoyed"],
         "phrasings": ["frown*"]},
        {"id": "confused", "label": "Frowning = confused", "role": ["confused"],
         "phrasings": ["frown*", "scratch*"]}]})
    r = score("frowning means they are confused", rubric)
    assert {c.id: (c.hit, c.note) for c in r.concepts} == {
        "annoyed": (False, None), "confused": (True, None)}


QUESTIONS = Rubric.from_dict({"concepts": [
    {"id": "open", "label": "Open questions get details", "role": ["open"],
     "phrasings": ["what", "when", "where", "how"]},
    {"id": "closed", "label": "Closed questions get yes or no", "role": ["closed"],
     "phrasings": ["yes or no", "confirm*"]},
]})


@pytest.mark.parametrize("answer, expected, swapped", [
    # a list goes on from its role past commas and "and": "when ..." is still an open question,
    # though "closed" comes nearer after it
    ("open questions like what was it and when was it due, closed ones to confirm the address",
     {"open": True, "closed": True}, False),
    ("closed questions like what was it and when was it due, open ones to confirm the address",
     {"open": False, "closed": False}, True),
    # but not past a contrast word: the nearest role then
    ("open questions ask what it was, but to confirm, use closed ones",
     {"open": True, "closed": True}, False),
])
def test_a_list_goes_on_with_its_role(answer, expected, swapped):
    r = score(answer, QUESTIONS)
    assert {c.id: c.hit for c in r.concepts} == expected
    assert any(c.note for c in r.concepts) is swapped


def test_the_clauses_subject_takes_its_description():
    rubric = Rubric.from_dict({"concepts": [
        {"id": "feature", "label": "A feature is a fact", "role": ["feature"],
         "phrasings": ["fact*", "has"]},
        {"id": "benefit", "label": "A benefit helps the customer", "role": ["benefit"],
         "phrasings": ["customer*", "help*"]}]})
    r = score("A feature is a fact about it. A benefit is what that feature does for the "
              "customer.", rubric)
    assert {c.id: (c.hit, c.note) for c in r.concepts} == {
        "feature": (True, None), "benefit": (True, None)}
    r = score("A benefit is a fact about it. A feature is what it does for the customer.", rubric)
    assert {c.id: c.hit for c in r.concepts} == {"feature": False, "benefit": False}
    assert all((c.note or "").startswith("swapped:") for c in r.concepts)
