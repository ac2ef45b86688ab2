"""Duplicate petitions: the same paper received again (a rescan) or the same complainant on the same matter.

Candidates come from two places:

* **content**: the MinHash signature of every case (``extra["minhash"]``, 3-word shingles of the folded text,
  computed at extraction time; see :mod:`.minhash`) goes into a MinHash LSH index (datasketch), built once per
  process and database from the stored signatures and extended with the cases added since; a new case queries it
  and gets the earlier cases whose estimated Jaccard similarity is high, without reading their texts;
* **identity**: earlier cases of the same complainant (the same ID number, or the same name).

A candidate is confirmed with rapidfuzz on the folded texts together with the complainant's identity, so a rescan
with different OCR noise still links, while petitions written from a common template by different people, or the
same person's different matter, do not: a rescan shares nearly all shingles (names, numbers and dates included),
has (nearly) the same text and no conflicting name or ID number; a repeated petition comes from the same person
about the same subject.
"""

from __future__ import annotations

import re
import threading
import weakref

from rapidfuzz import fuzz
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..storage.models import Case
from .minhash import jaccard, lean, signature
from .normalize import fold as _fold_chars

TEXT_SIMILAR = 85.0  # token-sort ratio of the folded texts for a rescan of the same paper
SUBJECT_SIMILAR = 85.0  # same complainant, same matter
LSH_THRESHOLD = 0.5  # estimated Jaccard similarity of 3-word shingles for a content candidate
CANDIDATE_JACCARD = 0.45
RESCAN_JACCARD = 0.7  # estimated Jaccard similarity for the same paper read twice
MAX_IDENTITY_CANDIDATES = 500


def fold(text: str | None) -> str:
    """Diacritic-free lower-case words only: the form two readings of the same paper are compared in."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", _fold_chars(text or "")).split())


def _digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def _body(text: str) -> str:
    # the reception stamp and the header differ between two receptions of the same paper: compare the body
    return fold(text)[:6000]


def similarity(a: Case, b: Case) -> float:
    return fuzz.token_sort_ratio(_body(a.text), _body(b.text))


def _identity_conflict(a: Case, b: Case) -> bool:
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


_ADMIN_WORDS = set(
    "so nha duong pho ngo ngach hem kiet to dan khu thon xom ap ban buon lang phuong xa thi tran quan huyen "
    "thanh tinh tp tx tt p q h".split()
)


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


def case_signature(case: Case) -> list[int]:
    """The stored MinHash signature of a case, or one computed from its text (cases stored before signatures)."""
    sig = (case.extra or {}).get("minhash") if isinstance(case.extra, dict) else None
    if isinstance(sig, list) and sig:
        return [int(x) for x in sig]
    return signature(case.text or "")


class _Index:
    """MinHash LSH over the signatures of a database's cases, extended incrementally (by case id)."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=64)
        self.sigs: dict[int, list[int]] = {}
        self.last_id = 0
        self.n_seen = 0  # cases read with id <= last_id
        self.empty: set[int] = set()  # cases without words (no signature)
        self.lock = threading.Lock()

    def refresh(self, db: Session, below: int) -> None:
        """Add the cases with last_id < id < below (the case being checked is added by a later call, once it is
        certainly stored). When the count of cases below last_id changed (deleted, or committed late by another
        worker), the difference is resynchronised."""
        if self.last_id:
            n = db.scalar(select(func.count(Case.id)).where(Case.id <= self.last_id))
            if n != self.n_seen:
                self._resync(db)
        if below - 1 <= self.last_id:
            return
        rows = db.execute(
            select(Case.id, Case.extra).where(Case.id > self.last_id, Case.id < below).order_by(Case.id)
        ).all()
        self.n_seen += len(rows)
        self._load(db, rows)
        self.last_id = max(self.last_id, below - 1)

    def _resync(self, db: Session) -> None:
        """Cases deleted, or committed late by another worker, below last_id: drop and add the difference."""
        ids = set(db.scalars(select(Case.id).where(Case.id <= self.last_id)))
        for cid in [c for c in self.sigs if c not in ids]:
            self.lsh.remove(cid)
            del self.sigs[cid]
        new = sorted(ids - set(self.sigs) - self.empty)
        for k in range(0, len(new), 500):
            self._load(db, db.execute(select(Case.id, Case.extra).where(Case.id.in_(new[k : k + 500]))).all())
        self.empty &= ids
        self.n_seen = len(ids)

    def _load(self, db: Session, rows) -> None:
        missing: list[int] = []
        for cid, extra in rows:
            sig = extra.get("minhash") if isinstance(extra, dict) else None
            if isinstance(sig, list) and sig:
                self._add(cid, [int(x) for x in sig])
            else:
                missing.append(cid)
        for k in range(0, len(missing), 500):  # older cases without a stored signature: from their text
            chunk = missing[k : k + 500]
            for cid, text in db.execute(select(Case.id, Case.text).where(Case.id.in_(chunk))).all():
                self._add(cid, signature(text or ""))

    def _add(self, cid: int, sig: list[int]) -> None:
        if not sig:
            self.empty.add(cid)
            return
        if cid in self.sigs:
            return
        self.sigs[cid] = sig
        self.lsh.insert(cid, lean(sig))

    def query(self, sig: list[int]) -> list[tuple[float, int]]:
        if not sig:
            return []
        out = []
        for cid in self.lsh.query(lean(sig)):
            j = jaccard(sig, self.sigs.get(cid, []))
            if j >= CANDIDATE_JACCARD:
                out.append((j, cid))
        return sorted(out, reverse=True)


_indexes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


def _index_for(db: Session) -> _Index:
    """One index per database engine (per process)."""
    bind = db.get_bind()
    bind = getattr(bind, "engine", bind)  # a Session bound to a Connection: its Engine
    with _indexes_lock:
        idx = _indexes.get(bind)
        if idx is None:
            idx = _indexes[bind] = _Index()
        return idx


def content_candidates(db: Session, case: Case) -> list[tuple[float, int]]:
    """(estimated Jaccard similarity, case id) of earlier cases whose content resembles this case's."""
    idx = _index_for(db)
    with idx.lock:
        idx.refresh(db, case.id if case.id is not None else 2**62)
        return [(j, cid) for j, cid in idx.query(case_signature(case)) if cid != case.id]


def find_duplicate(db: Session, case: Case) -> str | None:
    """case_id of the earliest earlier case this one repeats, or None."""
    cand_ids: dict[int, float] = {cid: j for j, cid in content_candidates(db, case)[:50]}
    conds = []
    digits = _digits(case.complainant_id_number)
    if case.complainant_id_number:
        conds.append(Case.complainant_id_number == case.complainant_id_number)
    if case.complainant_name:
        conds.append(Case.complainant_name == case.complainant_name)
    others: list[Case] = []
    if cand_ids:
        others += db.scalars(
            select(Case).where(
                Case.id.in_(list(cand_ids)), Case.id != case.id, Case.document_id != case.document_id
            )
        ).all()
    if conds:
        seen = {o.id for o in others}
        others += [
            o
            for o in db.scalars(
                select(Case)
                .where(Case.id != case.id, Case.document_id != case.document_id, or_(*conds))
                .order_by(Case.id)
                .limit(MAX_IDENTITY_CANDIDATES)
            )
            if o.id not in seen
        ]
    name = fold(case.complainant_name)
    sig = case_signature(case)
    best: tuple[float, int, str] | None = None
    for other in sorted(others, key=lambda o: o.id):
        # the same person: the same ID number, or the same name without conflicting ID numbers
        same_person = (len(digits) in (9, 12) and _digits(other.complainant_id_number) == digits) or (
            bool(name) and fold(other.complainant_name) == name and not _identity_conflict(case, other)
        )
        text_sim = similarity(case, other)
        subj_sim = fuzz.token_sort_ratio(fold(case.subject), fold(other.subject)) if case.subject else 0.0
        jac = cand_ids.get(other.id)
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
