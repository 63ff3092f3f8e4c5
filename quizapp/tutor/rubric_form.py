"""The rubric editor's rows: a rubric (as the scorer reads it) to and from form fields.

Key points are ``point-N-label``, ``point-N-phrasings`` (one way of saying it per line),
``point-N-required`` and ``point-N-weight``; "marks it down if they say" points are
``neg-N-label``, ``neg-N-phrasings`` and ``neg-N-penalty``; sample responses are
``sample-N-text`` and ``sample-N-band``. Anything else in the rubric (thresholds, groups,
similarity to the model answer) rides along in the hidden ``rubric-extra`` JSON field."""

from __future__ import annotations

import json
import re

from quizapp.services import authoring

BLANK_ROWS = 2
EDITED_KEYS = ("concepts", "negatives")


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


def rows(rubric: dict | None) -> dict:
    """The editor's rows for a rubric, with blank rows to add more."""
    rubric = rubric or {}
    points = [{"label": c.get("label", ""), "phrasings": list(c.get("phrasings") or []),
               "required": bool(c.get("required")), "weight": c.get("weight", 1.0)}
              for c in rubric.get("concepts") or []]
    negatives = [{"label": c.get("label", ""), "phrasings": list(c.get("phrasings") or []),
                  "penalty": c.get("penalty", 0.25)} for c in rubric.get("negatives") or []]
    blank_point = {"label": "", "phrasings": [], "required": False, "weight": 1.0}
    blank_negative = {"label": "", "phrasings": [], "penalty": 0.25}
    extra = {k: v for k, v in rubric.items() if k not in EDITED_KEYS}
    return {"points": points + [dict(blank_point) for _ in range(BLANK_ROWS)],
            "negatives": negatives + [dict(blank_negative) for _ in range(BLANK_ROWS)],
            "extra": json.dumps(extra)}


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
    concepts = []
    for n in point_rows:
        row = _point(form, f"point-{n}", seen)
        if row is not None:
            concepts.append({**row, "required": form.get(f"point-{n}-required") == "y",
                             "weight": _number(form.get(f"point-{n}-weight"), 1.0)})
    negatives = []
    for n in negative_rows:
        row = _point(form, f"neg-{n}", seen)
        if row is not None:
            negatives.append({**row,
                              "penalty": _number(form.get(f"neg-{n}-penalty"), 0.25)})
    out["concepts"] = concepts
    if negatives:
        out["negatives"] = negatives
    return out


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
