"""Duplicate links at case creation: where the duplicate rules (nlp/duplicates.py, pure) meet the database.

The MinHash index of every case's signature is built once per process and database engine, then kept in step
with the cases table: cases added since (by id) are added, and when the count of cases below the last id read
changed (deleted, or committed late by another worker), the difference is resynchronised.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from ..nlp.duplicates import (
    MAX_IDENTITY_CANDIDATES,
    SignatureIndex,
    best_match,
    case_signature,
    stored_signature,
)
from ..nlp.minhash import signature
from ..storage import repo
from ..storage.models import Case

CONTENT_CANDIDATES = 50  # the most similar earlier cases by content that are compared in full
CHUNK = 500


class _SyncedIndex:
    """A :class:`SignatureIndex` and how far it has read the cases table."""

    def __init__(self) -> None:
        self.index = SignatureIndex()
        self.last_id = 0
        self.n_seen = 0  # cases read with id <= last_id
        self.lock = threading.Lock()

    def refresh(self, db: Session, below: int) -> None:
        """Add the cases with last_id < id < below (the case being checked is added by a later call, once it is
        certainly stored)."""
        if self.last_id and repo.count_cases_upto(db, self.last_id) != self.n_seen:
            self._resync(db)
        if below - 1 <= self.last_id:
            return
        rows = repo.signatures_since(db, self.last_id, below)
        self.n_seen += len(rows)
        self._load(db, rows)
        self.last_id = max(self.last_id, below - 1)

    def _resync(self, db: Session) -> None:
        """Cases deleted, or committed late by another worker, below last_id: drop and add the difference."""
        ids = repo.case_ids_upto(db, self.last_id)
        self.index.keep_only(ids)
        new = sorted(ids - self.index.known())
        for k in range(0, len(new), CHUNK):
            self._load(db, repo.signatures_of(db, new[k : k + CHUNK]))
        self.n_seen = len(ids)

    def _load(self, db: Session, rows: Iterable[tuple[int, Any]]) -> None:
        missing: list[int] = []
        for cid, extra in rows:
            sig = stored_signature(extra)
            if sig is not None:
                self.index.add(cid, sig)
            else:
                missing.append(cid)
        for k in range(0, len(missing), CHUNK):  # older cases without a stored signature: from their text
            for cid, text in repo.case_texts(db, missing[k : k + CHUNK]):
                self.index.add(cid, signature(text or ""))


_indexes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


def _index_for(db: Session) -> _SyncedIndex:
    """One index per database engine (per process)."""
    bind = db.get_bind()
    bind = getattr(bind, "engine", bind)  # a Session bound to a Connection: its Engine
    with _indexes_lock:
        idx = _indexes.get(bind)
        if idx is None:
            idx = _indexes[bind] = _SyncedIndex()
        return idx


def content_candidates(db: Session, case: Case) -> list[tuple[float, int]]:
    """(estimated Jaccard similarity, case id) of earlier cases whose content resembles this case's."""
    idx = _index_for(db)
    with idx.lock:
        idx.refresh(db, case.id if case.id is not None else 2**62)
        return [(j, cid) for j, cid in idx.index.query(case_signature(case)) if cid != case.id]


def find_duplicate(db: Session, case: Case) -> str | None:
    """case_id of the earliest earlier case this one repeats, or None."""
    jaccards = {cid: j for j, cid in content_candidates(db, case)[:CONTENT_CANDIDATES]}
    others = repo.duplicate_candidates(db, case, list(jaccards), MAX_IDENTITY_CANDIDATES)
    return best_match(case, others, jaccards)


def link_duplicate(db: Session, case: Case) -> None:
    """Mark a new (stored, numbered) case as a duplicate of the earlier case it repeats, if any."""
    dup = find_duplicate(db, case)
    if dup is not None:
        case.duplicate_of = dup
