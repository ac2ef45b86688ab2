"""The agency's verified cases as learning material: the OCR text and the verifier's final values.

A case approved in the verification station has the status ``verified`` (``repo.approve_case``), or
``archive_verified`` for a historical case checked there (issue 15: a verified case is a verified case, and the
sampled quality control of archive batches feeds the calibration this way); its columns then hold what the
verifier confirmed or typed, which is the truth here. Which fields a person corrected comes from the append-only
field history (``CaseHistory``: the extractor writes none; a row of a verifiable field whose old and new values
differ is a correction, one with the same value a confirmation: :func:`corrected_fields`). Identity-protected
cases are read like the others but their text and values stay in memory: nothing of them leaves this process but
counts.

The split into the fit share and the held-out share, and the validation slice of the fit share, are decided by a
seeded hash of the case number: the same seed gives the same split, whatever the order of the rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import FIELD_COLUMNS
from ..storage import repo
from ..storage.models import CaseHistory

__all__ = [
    "VERIFIED",
    "VERIFIED_STATUSES",
    "VerifiedCase",
    "corrected_fields",
    "corrections",
    "load_verified",
    "in_share",
    "split",
]

VERIFIED = "verified"  # contract.STATUSES: approved in the verification station
# learning material: live cases approved in the station, and historical ones checked there (archive/qc.py)
VERIFIED_STATUSES: tuple[str, ...] = (VERIFIED, "archive_verified")


@dataclass(frozen=True)
class VerifiedCase:
    case_id: str
    text: str
    truth: dict  # the verifier's final values, shaped like the extractor's fields (complainant grouped)
    protected: bool  # identity-protected: used in memory only
    corrected: frozenset[str]  # fields a person changed (field history)


def corrected_fields(history: Iterable[CaseHistory]) -> frozenset[str]:
    """The verifiable fields a person changed in these history rows (old value ≠ new value); a confirmation (the
    same value kept) is not a correction, nor is a status change or a rescan's re-read."""
    return frozenset(h.field for h in history if h.field in FIELD_COLUMNS and h.old_value != h.new_value)


def corrections(db: Session, case_ids: Sequence[str], chunk: int = 500) -> dict[str, frozenset[str]]:
    """The corrected fields of each of these cases (an empty set for a case nobody corrected)."""
    rows: dict[str, list[CaseHistory]] = {str(c): [] for c in case_ids}
    for start in range(0, len(case_ids), chunk):
        part = [str(c) for c in case_ids[start : start + chunk]]
        for h in db.scalars(select(CaseHistory).where(CaseHistory.case_id.in_(part))):
            rows[h.case_id].append(h)
    return {case_id: corrected_fields(history) for case_id, history in rows.items()}


def load_verified(db: Session) -> list[VerifiedCase]:
    """Every verified case (live or historical) with a text, in case-number order."""
    rows = [
        c
        for status in VERIFIED_STATUSES
        for c in repo.iter_cases(db, status)
        if c.case_id and (c.text or "").strip()
    ]
    corrected = corrections(db, [str(c.case_id) for c in rows])
    out = [
        VerifiedCase(
            str(case.case_id),
            case.text,
            repo.case_fields(case),
            bool(case.identity_protected),
            corrected[str(case.case_id)],
        )
        for case in rows
    ]
    return sorted(out, key=lambda c: c.case_id)


def in_share(case_id: str, seed: int, share: float, salt: str = "heldout") -> bool:
    """Whether a case falls in a share of the given size: a uniform number from SHA-256(seed, salt, case id)."""
    digest = hashlib.sha256(f"{seed}:{salt}:{case_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def split(
    cases: Sequence[VerifiedCase], seed: int, share: float, salt: str = "heldout"
) -> tuple[list[VerifiedCase], list[VerifiedCase]]:
    """(the rest, the share): the held-out share of the cases, or the validation slice of the fit share."""
    rest: list[VerifiedCase] = []
    chosen: list[VerifiedCase] = []
    for case in cases:
        (chosen if in_share(case.case_id, seed, share, salt) else rest).append(case)
    return rest, chosen
