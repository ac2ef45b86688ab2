"""The agency's verified cases as learning material: the OCR text and the verifier's final values.

A case approved in the verification station has the status ``verified`` (``repo.approve_case``); its columns
then hold what the verifier confirmed or typed, which is the truth here. Which fields a person corrected comes
from the append-only field history (``CaseHistory``: the extractor writes none, every row of a verifiable field is
a correction). Identity-protected cases are read like the others but their text and values stay in memory:
nothing of them leaves this process but counts.

The split into the fit share and the held-out share, and the validation slice of the fit share, are decided by a
seeded hash of the case number: the same seed gives the same split, whatever the order of the rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..contract import FIELD_COLUMNS
from ..storage import repo

__all__ = ["VERIFIED", "VerifiedCase", "load_verified", "in_share", "split"]

VERIFIED = "verified"  # contract.STATUSES: approved in the verification station


@dataclass(frozen=True)
class VerifiedCase:
    case_id: str
    text: str
    truth: dict  # the verifier's final values, shaped like the extractor's fields (complainant grouped)
    protected: bool  # identity-protected: used in memory only
    corrected: frozenset[str]  # fields a person changed (field history)


def load_verified(db: Session) -> list[VerifiedCase]:
    """Every verified case with a text, in case-number order."""
    rows = [c for c in repo.iter_cases(db, VERIFIED) if c.case_id and (c.text or "").strip()]
    out = []
    for case in rows:
        history = repo.case_history(db, str(case.case_id))
        corrected = frozenset(
            h.field for h in history if h.field in FIELD_COLUMNS and h.old_value != h.new_value
        )
        out.append(
            VerifiedCase(
                str(case.case_id), case.text, repo.case_fields(case), bool(case.identity_protected), corrected
            )
        )
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
