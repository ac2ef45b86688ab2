"""Duplicate petitions: the same paper received again (a rescan) or the same complainant on the same matter.

Candidates come from two places:

* **content**: the MinHash signature of every case (``extra["minhash"]``, 3-word shingles of the folded text,
  computed at extraction time; see :mod:`.minhash`) goes into a MinHash LSH index (datasketch,
  :class:`SignatureIndex`), built once per process and database from the stored signatures and extended with the
  cases added since (ingest/duplicates.py keeps it in step with the database); a new case queries it and gets
  the earlier cases whose estimated Jaccard similarity is high, without reading their texts;
* **identity**: earlier cases of the same complainant (the same ID number, or the same name).

A candidate is confirmed with rapidfuzz on the folded texts together with the complainant's identity, so a rescan
with different OCR noise still links, while petitions written from a common template by different people, or the
same person's different matter, do not: a rescan shares nearly all shingles (names, numbers and dates included),
has (nearly) the same text and no conflicting name or ID number; a repeated petition comes from the same person
about the same subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from rapidfuzz import fuzz

from ..lang.lexicon import ADDRESS_LEVEL_WORDS as _ADMIN_WORDS
from ..lang.normalize import fold_words as fold
from .minhash import jaccard, lean, signature


class CaseLike(Protocol):
    """What the duplicate rules read of a case (the ORM ``Case`` has all of it)."""

    id: Any
    document_id: Any
    case_id: Any
    duplicate_of: Any
    text: Any
    subject: Any
    extra: Any
    complainant_name: Any
    complainant_address: Any
    complainant_id_number: Any


TEXT_SIMILAR = 85.0  # token-sort ratio of the folded texts for a rescan of the same paper
SUBJECT_SIMILAR = 85.0  # same complainant, same matter
LSH_THRESHOLD = 0.5  # estimated Jaccard similarity of 3-word shingles for a content candidate
CANDIDATE_JACCARD = 0.45
RESCAN_JACCARD = 0.7  # estimated Jaccard similarity for the same paper read twice
MAX_IDENTITY_CANDIDATES = 500


def _digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def _body(text: str) -> str:
    # the reception stamp and the header differ between two receptions of the same paper: compare the body
    return fold(text)[:6000]


def similarity(a: CaseLike, b: CaseLike) -> float:
    return fuzz.token_sort_ratio(_body(a.text), _body(b.text))


def _identity_conflict(a: CaseLike, b: CaseLike) -> bool:
    """Both cases identify a complainant and the identities clearly differ, beyond OCR misreadings: names, ID
    numbers of the same kind, or addresses."""
    da, db_ = _digits(a.complainant_id_number), _digits(b.complainant_id_number)
    if len(da) in (9, 12) and len(db_) == len(da) and sum(x != y for x, y in zip(da, db_, strict=True)) > 1:
        return True
    na, nb = fold(a.complainant_name), fold(b.complainant_name)
    if na and nb and fuzz.ratio(na, nb) < 80:
        return True
    aa, ab = _place_words(a.complainant_address), _place_words(b.complainant_address)
    return bool(aa and ab) and fuzz.token_set_ratio(aa, ab) < 50


def _place_words(address: str | None) -> str:
    """The names in an address, without the words for administrative levels and numbers."""
    return " ".join(w for w in fold(address).split() if w not in _ADMIN_WORDS and not w.isdigit())


_NUMBER_RE = re.compile(r"\d[\d./-]*\d")


def _same_details(a: str, b: str) -> bool:
    """The numbers of two texts (dates, decision numbers, amounts, areas) mostly agree: two petitions written
    from one template differ in them, two readings of one paper do not (OCR garbles a few)."""
    na, nb = set(_NUMBER_RE.findall(a or "")), set(_NUMBER_RE.findall(b or ""))
    if len(na) < 3 or len(nb) < 3:
        return True
    return len(na & nb) / min(len(na), len(nb)) >= 0.5


def case_signature(case: CaseLike) -> list[int]:
    """The stored MinHash signature of a case, or one computed from its text (cases stored before signatures)."""
    sig = (case.extra or {}).get("minhash") if isinstance(case.extra, dict) else None
    if isinstance(sig, list) and sig:
        return [int(x) for x in sig]
    return signature(case.text or "")


class SignatureIndex:
    """MinHash LSH over case signatures (by case id). Pure: the caller adds and removes the cases it reads."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=64)
        self.sigs: dict[int, list[int]] = {}
        self.empty: set[int] = set()  # cases without words (no signature)

    def known(self) -> set[int]:
        """Every case id added, with or without a signature."""
        return set(self.sigs) | self.empty

    def add(self, cid: int, sig: Sequence[int]) -> None:
        if not sig:
            self.empty.add(cid)
            return
        if cid in self.sigs:
            return
        self.sigs[cid] = [int(x) for x in sig]
        self.lsh.insert(cid, lean(self.sigs[cid]))

    def keep_only(self, ids: set[int]) -> None:
        """Forget the cases not in ``ids`` (deleted since they were added)."""
        for cid in [c for c in self.sigs if c not in ids]:
            self.lsh.remove(cid)
            del self.sigs[cid]
        self.empty &= ids

    def query(self, sig: list[int]) -> list[tuple[float, int]]:
        """(estimated Jaccard similarity, case id) of the cases that resemble ``sig``, most similar first."""
        if not sig:
            return []
        out = []
        for cid in self.lsh.query(lean(sig)):
            j = jaccard(sig, self.sigs.get(cid, []))
            if j >= CANDIDATE_JACCARD:
                out.append((j, cid))
        return sorted(out, reverse=True)


def stored_signature(extra: Any) -> list[int] | None:
    """The signature kept in a case's ``extra`` (None for cases stored before signatures)."""
    sig = extra.get("minhash") if isinstance(extra, dict) else None
    return [int(x) for x in sig] if isinstance(sig, list) and sig else None


def best_match(case: CaseLike, candidates: Iterable[CaseLike], jaccards: dict[int, float]) -> str | None:
    """case_id of the earliest earlier case ``case`` repeats among ``candidates``, or None.

    ``jaccards``: the estimated similarity of the content candidates (case id -> Jaccard), from the index."""
    digits = _digits(case.complainant_id_number)
    name = fold(case.complainant_name)
    sig = case_signature(case)
    best: tuple[float, int, str] | None = None
    for other in sorted(candidates, key=lambda o: o.id):
        # the same person: the same ID number, or the same name without conflicting ID numbers
        same_person = (len(digits) in (9, 12) and _digits(other.complainant_id_number) == digits) or (
            bool(name) and fold(other.complainant_name) == name and not _identity_conflict(case, other)
        )
        text_sim = similarity(case, other)
        subj_sim = fuzz.token_sort_ratio(fold(case.subject), fold(other.subject)) if case.subject else 0.0
        jac = jaccards.get(other.id)
        if jac is None:
            jac = jaccard(sig, case_signature(other))
        # the same paper again: nearly all shingles shared (petitions written from a common template share the
        # wording but not the names, numbers and dates) and no conflicting identity
        rescan = (
            jac >= RESCAN_JACCARD
            and text_sim >= TEXT_SIMILAR
            and not _identity_conflict(case, other)
            and _same_details(case.text, other.text)
        )
        if rescan or (same_person and subj_sim >= SUBJECT_SIMILAR and text_sim >= 60):
            root = other.duplicate_of or other.case_id or ""
            score = text_sim + (20 if same_person else 0)
            if best is None or score > best[0]:
                best = (score, other.id, root)
    return best[2] if best else None
