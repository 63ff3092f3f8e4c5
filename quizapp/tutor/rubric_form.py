"""The rubric editor's rows: a rubric (as the scorer reads it) to and from form fields.

Key points are ``point-N-label``, ``point-N-phrasings``, ``point-N-credit``,
``point-N-required`` and ``point-N-weight``. A key point's credit is either ``any`` (a concept:
each line is one way of saying the whole point, and any one earns it) or ``parts`` (a group
with a minimum of all its members: each line is one part of the point, other ways of saying
that part after " / ", and the point earns its weight in proportion to the parts said; this
is how proposed key points are written). "Marks it down if they say" points are
``neg-N-label``, ``neg-N-phrasings`` and ``neg-N-penalty``; the weight of the closeness to the
model answer is ``similarity-weight``; sample responses are ``sample-N-text`` and
``sample-N-band``. Anything else in the rubric (thresholds, groups the rows cannot show) rides
along in the hidden ``rubric-extra`` JSON field; the similarity part always compares with the
model answer and question on the form."""

from __future__ import annotations

import json
import re

from quizapp.services import authoring

BLANK_ROWS = 2
EDITED_KEYS = ("concepts", "negatives", "groups")
PART_SEPARATOR = " / "
_SEPARATOR = re.compile(r"\s+/\s+")
_PLAIN_MEMBER_KEYS = {"id", "label", "phrasings", "required"}


def _point(form, prefix: str, seen: set) -> dict | None:
    """A key point's (or negative's) row: its id, label and phrasings; None for an empty row.
    A row with phrasings but no label is labelled by its first phrasing."""
    label = (form.get(f"{prefix}-label") or "").strip()
    phrasings = _lines(form.get(f"{prefix}-phrasings"))
    if not label and not phrasings:
        return None
    label = label or phrasings[0]
    return {"id": _slug(label, seen), "label": label, "phrasings": phrasings or [label]}


def _slug(text: str, seen: set) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "point"
    slug, n = base, 2
    while slug in seen:
        slug, n = f"{base}-{n}", n + 1
    seen.add(slug)
    return slug


def _as_row(group) -> dict | None:
    """A group as a key point of parts, or None if the rows cannot show it (a minimum below
    all its members, members with a slot, role, lexicon key or hint, mixed required)."""
    if not isinstance(group, dict):
        return None
    members = group.get("concepts")
    if not isinstance(members, list) or not members or group.get("min") != len(members) \
            or set(group) - {"id", "label", "min", "weight", "concepts"}:
        return None
    if not all(isinstance(m, dict) and set(m) <= _PLAIN_MEMBER_KEYS
               and isinstance(m.get("phrasings"), list) and m["phrasings"]
               and all(isinstance(p, str) and not _SEPARATOR.search(p) for p in m["phrasings"])
               for m in members):
        return None
    required = {bool(m.get("required")) for m in members}
    if len(required) > 1:
        return None
    return {"label": group.get("label", ""), "credit": "parts", "required": required.pop(),
            "phrasings": [PART_SEPARATOR.join(m["phrasings"]) for m in members],
            "weight": group.get("weight", 1.0)}


def _plain(value):
    """A number as a tutor writes it (17.0 -> 17, 1.8300 -> 1.83); anything else as it is."""
    if isinstance(value, float) and not isinstance(value, bool):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return value


def rows(rubric: dict | None) -> dict:
    """The editor's rows for a rubric, with blank rows to add more."""
    rubric = rubric or {}
    points = [{"label": c.get("label", ""), "phrasings": list(c.get("phrasings") or []),
               "credit": "any", "required": bool(c.get("required")),
               "weight": c.get("weight", 1.0)}
              for c in rubric.get("concepts") or []]
    kept_groups = []
    for g in rubric.get("groups") or []:
        row = _as_row(g)
        if row is None:
            kept_groups.append(g)
        else:
            points.append(row)
    negatives = [{"label": c.get("label", ""), "phrasings": list(c.get("phrasings") or []),
                  "penalty": c.get("penalty", 0.25)} for c in rubric.get("negatives") or []]
    blank_point = {"label": "", "phrasings": [], "credit": "any", "required": False,
                   "weight": 1}
    blank_negative = {"label": "", "phrasings": [], "penalty": 0.25}
    extra = {k: v for k, v in rubric.items() if k not in EDITED_KEYS}
    if kept_groups:
        extra["groups"] = kept_groups
    similarity = rubric.get("similarity")
    weight = similarity.get("weight", 1.0) if isinstance(similarity, dict) else None
    summary = _summary(points, weight, rubric.get("thresholds"))
    for row in points:
        row["weight"] = _plain(row["weight"])
    for row in negatives:
        row["penalty"] = _plain(row["penalty"])
    return {"points": points + [dict(blank_point) for _ in range(BLANK_ROWS)],
            "negatives": negatives + [dict(blank_negative) for _ in range(BLANK_ROWS)],
            "similarity": _plain(weight), "summary": summary, "extra": json.dumps(extra)}


def _summary(points: list[dict], similarity, thresholds) -> str:
    """How the mark is made up, in words: "key points 3, closeness 17: closeness is 85% of the
    mark. Secure from 64%, Partly there from 45%." (empty when the numbers do not read)."""
    def num(v):
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None

    weights = [num(p["weight"]) for p in points]
    out = []
    sim = num(similarity)
    if sim and None not in weights and sum(weights) + sim > 0:
        total = sum(weights)
        out.append(f"Key points {total:g}, closeness {sim:g}: closeness is "
                   f"{100 * sim / (total + sim):.0f}% of the mark.")
    if isinstance(thresholds, dict):
        secure, partly = num(thresholds.get("secure")), num(thresholds.get("partly"))
        if secure is not None and partly is not None:
            out.append(f"Secure from {100 * secure:.0f}%, Partly there from {100 * partly:.0f}%.")
    return " ".join(out)


def _indexes(form, prefix: str) -> list[int]:
    found = {int(m.group(1)) for key in form
             if (m := re.fullmatch(rf"{prefix}-(\d+)-label", key))}
    return sorted(n for n in found if n < 200)


def _number(text, default: float) -> float | str:
    try:
        return float(text)
    except (TypeError, ValueError):
        return text if text not in (None, "") else default  # the scorer names the bad value


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").replace(";", "\n").splitlines()
            if line.strip()]


def rubric(form) -> dict | None:
    """The rubric the rows describe (None when the form has no rows at all); a
    ``ServiceError`` when the hidden extras nest too deep."""
    point_rows, negative_rows = _indexes(form, "point"), _indexes(form, "neg")
    if not point_rows and not negative_rows:
        return None
    extra = form.get("rubric-extra") or "{}"
    authoring.check_text_depth(extra)  # json.loads would recurse: a ServiceError first
    try:
        out = json.loads(extra)
    except ValueError:
        out = {}
    out = out if isinstance(out, dict) else {}
    seen: set = set()
    for g in out.get("groups") or []:
        if isinstance(g, dict) and isinstance(g.get("id"), str):
            seen.add(g["id"])
    concepts, groups = [], [g for g in out.get("groups") or []]
    for n in point_rows:
        row = _point(form, f"point-{n}", seen)
        if row is None:
            continue
        required = form.get(f"point-{n}-required") == "y"
        weight = _number(form.get(f"point-{n}-weight"), 1.0)
        if form.get(f"point-{n}-credit") == "parts":
            parts = [_alternatives(line) for line in row["phrasings"]]
            parts = [p for p in parts if p]
            members = [{"id": _slug(f"{row['id']}-{p[0]}", seen), "label": p[0],
                        "phrasings": p, **({"required": True} if required else {})}
                       for p in parts]
            groups.append({"id": row["id"], "label": row["label"], "min": len(members),
                           "weight": weight, "concepts": members})
        else:
            phrasings = [p for line in row["phrasings"] for p in _alternatives(line)]
            concepts.append({**row, "phrasings": phrasings or row["phrasings"],
                             "required": required, "weight": weight})
    negatives = []
    for n in negative_rows:
        row = _point(form, f"neg-{n}", seen)
        if row is not None:
            negatives.append({**row,
                              "penalty": _number(form.get(f"neg-{n}-penalty"), 0.25)})
    out["concepts"] = concepts
    if groups:
        out["groups"] = groups
    else:
        out.pop("groups", None)
    if negatives:
        out["negatives"] = negatives
    _similarity(form, out)
    return out


def _alternatives(line: str) -> list[str]:
    """One part's ways of saying it: "sorry / apologise" -> ["sorry", "apologise"]."""
    return [p.strip() for p in _SEPARATOR.split(line) if p.strip()]


def _similarity(form, out: dict) -> None:
    """The closeness part: its weight from the form, compared with the model answer and the
    question as they are on the form (a blank weight leaves it out)."""
    if "similarity-weight" not in form:
        return
    text = (form.get("similarity-weight") or "").strip()
    if not text:
        out.pop("similarity", None)
        return
    model = (form.get("model_answer") or "").strip()
    found = out.get("similarity")
    current: dict = found if isinstance(found, dict) else {}
    answers = [model] if model else current.get("answers")
    if not answers:
        return
    similarity = {"weight": _number(text, 1.0), "answers": answers}
    question = (form.get("prompt") or "").strip() or current.get("question")
    if question:
        similarity["question"] = question
    out["similarity"] = similarity


def samples(form) -> list[dict]:
    """The sample responses typed in the table (blank rows left out)."""
    out = []
    for n in sorted({int(m.group(1)) for key in form
                     if (m := re.fullmatch(r"sample-(\d+)-text", key))}):
        text = (form.get(f"sample-{n}-text") or "").strip()
        if text:
            out.append({"text": text, "band": form.get(f"sample-{n}-band") or "secure"})
    return out


def sample_rows(items: list[dict]) -> list[dict]:
    """The samples table's rows, with blank rows to add more."""
    return [*items, *({"text": "", "band": "secure"} for _ in range(BLANK_ROWS + 1))]
