"""Draft questions for criteria that no question covers yet (``flask banks generate``).

A draft is phrased from the criterion's lead verb, gets rubric concepts seeded from the shared
lexicon and the unit's key words, and is marked ``status: draft`` for a writer to curate. The
generator never touches an existing question, so running it twice changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from quizapp.banks.loader import Catalogue
from quizapp.banks.schema import CriterionSpec, UnitSpec

RECALL_VERBS = {"explain", "describe", "state", "identify", "list", "outline", "give", "define",
                "name", "recognise", "recognize"}
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
STOP = set("""a an the of to in on at for by with and or is are be it its this that their your
you they what which who how why when where can may must should would could do does not""".split())
PLACEHOLDER_ANSWER = "DRAFT: write a model answer that scores secure under the rubric."
MAX_SEEDED = 4


def needs_question(crit: CriterionSpec) -> bool:
    """Knowledge criteria, and performance criteria that can be checked by recall."""
    return crit.kind == "knowledge" or (crit.verb or "").lower() in RECALL_VERBS


def _second_person(text: str) -> str:
    text = re.sub(r"\btheir own\b", "your own", text)
    text = re.sub(r"\bthe learner's\b", "your", text)
    return text


def phrase_prompt(crit: CriterionSpec) -> str:
    """Turn a criterion into a question, led by its verb."""
    text = _second_person(crit.text.strip().rstrip(".:;"))
    first = text.split()[0].lower() if text.split() else ""
    verb = (crit.verb or "").lower()
    if first in RECALL_VERBS or first == verb:
        body = text[0].upper() + text[1:]
    elif text.lower().startswith(("why ", "how ")):
        body = ("Explain " if text.lower().startswith("why ") else "Describe ") + text
    elif text.lower().startswith("what "):
        body = "State " + text
    else:
        lead = verb if verb in RECALL_VERBS else "Describe"
        body = f"{lead.capitalize()} {text}"
    return body + "."


def wanted_count(text: str) -> int | None:
    """"list three ...", "give two examples ..." -> 3, 2."""
    match = re.search(
        r"\b(?:list|give|name|identify|describe|state)\s+(two|three|four|five|[2-5])\b",
        text.lower())
    return NUMBERS[match.group(1)] if match else None


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP and len(w) > 2}


def seed_concepts(crit: CriterionSpec, unit: UnitSpec, lexicon: dict[str, list[str]]) -> list[dict]:
    """Concepts from lexicon entries and unit key words that share words with the criterion."""
    words = _words(crit.text)
    concepts: list[dict] = []
    for key, phrasings in sorted(lexicon.items()):
        if words & (_words(key.replace("-", " ")) | _words(" ".join(phrasings[:3]))):
            concepts.append({"id": f"lex-{key}", "label": key.replace("-", " ").capitalize(),
                             "lexicon": [key], "hint": "DRAFT: write a hint."})
        if len(concepts) >= MAX_SEEDED:
            break
    for keyword in unit.keywords:
        if len(concepts) >= MAX_SEEDED:
            break
        if words & _words(keyword):
            slug = re.sub(r"[^a-z0-9]+", "-", keyword.lower()).strip("-")
            concepts.append({"id": f"kw-{slug}", "label": keyword.capitalize(),
                             "phrasings": [keyword.lower()], "hint": "DRAFT: write a hint."})
    if not concepts:
        content = [w for w in re.findall(r"[A-Za-z']+", crit.text) if w.lower() not in STOP]
        concepts.append({"id": "key-idea", "label": "DRAFT: name the key idea",
                         "phrasings": [" ".join(content[:3]).lower() or crit.text.lower()],
                         "hint": "DRAFT: write a hint."})
    return concepts


def draft_question(crit: CriterionSpec, unit: UnitSpec, lexicon: dict[str, list[str]]) -> dict:
    concepts = seed_concepts(crit, unit, lexicon)
    rubric: dict = {"concepts": concepts}
    count = wanted_count(crit.text)
    if count:
        for i in range(len(concepts) + 1, count + 1):
            concepts.append({"id": f"item-{i}", "label": f"DRAFT: valid point {i}",
                             "phrasings": [f"draft point {i}"], "hint": "DRAFT: write a hint."})
        rubric = {"groups": [{"id": "items", "label": f"{count} valid points", "min": count,
                              "weight": count, "concepts": concepts}]}
    slug = re.sub(r"[^A-Za-z0-9]+", "-", crit.number).strip("-").lower() or "x"
    return {
        "id": f"{unit.id}.q-draft-{slug}",
        "criteria": [crit.id],
        "status": "draft",
        "prompt": phrase_prompt(crit),
        "model_answer": PLACEHOLDER_ANSWER,
        "hint": "DRAFT: write a hint.",
        "rubric": rubric,
        "test_responses": [],
    }


@dataclass
class GenerateReport:
    drafts: int = 0
    files: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        if not self.drafts:
            return "Every criterion that needs a question has one: no drafts written."
        per_file = ", ".join(f"{f} ({n})" for f, n in sorted(self.files.items()))
        return f"{self.drafts} draft question(s) written: {per_file}"


def bank_path(root: Path, unit_id: str) -> Path:
    qual, _, suffix = unit_id.partition(".")
    return root / qual / f"{suffix or unit_id}.yaml"


def _append(path: Path, unit_id: str, drafts: list[dict]) -> None:
    """Add drafts to a bank file without rewriting what is there (comments and all)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"unit": unit_id, "questions": drafts},
                                       sort_keys=False, allow_unicode=True, width=100))
        return
    before = path.read_text(encoding="utf-8")
    existing = yaml.safe_load(before) or {}
    block = yaml.safe_dump(drafts, sort_keys=False, allow_unicode=True, width=100)
    indented = "".join("  " + line if line.strip() else line for line in block.splitlines(True))
    sep = "" if before.endswith("\n") else "\n"
    if not existing.get("questions"):
        body = before.rstrip("\n")
        body = re.sub(r"\n?questions:\s*(\[\])?\s*$", "", body)
        candidate = f"{body}\nquestions:\n{indented}"
    else:
        candidate = before + sep + indented
    parsed = yaml.safe_load(candidate)
    old = existing.get("questions") or []
    if (parsed.get("questions", [])[: len(old)] != old
            or len(parsed["questions"]) != len(old) + len(drafts)):
        raise ValueError(f"{path}: 'questions' must be the file's last key to add drafts to it")
    path.write_text(candidate, encoding="utf-8")


def generate(cat: Catalogue, root: str | Path, qualification: str | None = None) -> GenerateReport:
    """Write a draft for every criterion that needs a question and has none (any status)."""
    root = Path(root)
    covered = {cid for lq in cat.questions for cid in lq.spec.criteria}
    taken = {lq.spec.id for lq in cat.questions}
    report = GenerateReport()
    for qual, _source in cat.qualifications:
        if qualification and qual.id != qualification:
            continue
        for unit in qual.units:
            drafts = []
            for crit in unit.criteria:
                if crit.id in covered or not needs_question(crit):
                    continue
                draft = draft_question(crit, unit, cat.lexicon)
                base, n = draft["id"], 2
                while draft["id"] in taken:
                    draft["id"], n = f"{base}-{n}", n + 1
                taken.add(draft["id"])
                drafts.append(draft)
            if drafts:
                path = bank_path(root, unit.id)
                _append(path, unit.id, drafts)
                report.drafts += len(drafts)
                report.files[str(path.relative_to(root))] = len(drafts)
    return report
