"""Duplicate petitions: the same paper received again (a rescan) or the same complainant on the same matter.

Candidates come from the database by complainant identity (ID digits, or name), or, for petitions without an
identity (anonymous), by date and category; a candidate is confirmed by text similarity (rapidfuzz), so a
rescan with different OCR noise still links, while the same person's different matter does not.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..storage.models import Case

TEXT_SIMILAR = 85.0  # token-sort ratio of the folded texts for a rescan of the same paper
SUBJECT_SIMILAR = 85.0  # same complainant, same matter


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFD", (text or "").casefold()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def _body(text: str) -> str:
    # the reception stamp and the header differ between two receptions of the same paper: compare the body
    return fold(text)[:6000]


def similarity(a: Case, b: Case) -> float:
    return fuzz.token_sort_ratio(_body(a.text), _body(b.text))


def find_duplicate(db: Session, case: Case) -> str | None:
    """case_id of the earliest earlier case this one repeats, or None."""
    conds = []
    digits = _digits(case.complainant_id_number)
    if case.complainant_id_number:
        conds.append(Case.complainant_id_number == case.complainant_id_number)
    if case.complainant_name:
        conds.append(Case.complainant_name == case.complainant_name)
    if case.petition_date is not None:
        conds.append(Case.petition_date == case.petition_date)
    if case.respondent:
        conds.append(Case.respondent == case.respondent)
    if not conds:
        conds.append(Case.category == case.category)
    stmt = select(Case).where(Case.id != case.id, Case.document_id != case.document_id, or_(*conds))
    name = fold(case.complainant_name)
    best: tuple[float, int, str] | None = None
    for other in db.scalars(stmt.order_by(Case.id).limit(5000)):
        same_person = (len(digits) in (9, 12) and _digits(other.complainant_id_number) == digits) or (
            bool(name) and fold(other.complainant_name) == name
        )
        text_sim = similarity(case, other)
        subj_sim = fuzz.token_sort_ratio(fold(case.subject), fold(other.subject)) if case.subject else 0.0
        if text_sim >= TEXT_SIMILAR or (same_person and subj_sim >= SUBJECT_SIMILAR and text_sim >= 60):
            root = other.duplicate_of or other.case_id or ""
            score = text_sim + (20 if same_person else 0)
            if best is None or score > best[0]:
                best = (score, other.id, root)
    return best[2] if best else None
