"""The search index (issue 14): one row per case in ``search_docs``, Vietnamese-folded, kept current by itself.

Text is folded in Python for both backends (:func:`fold`: lower case, no diacritics, ``đ`` -> ``d``, one output
character per input character) and reduced to words of ``a-z0-9`` separated by single spaces, so SQLite's FTS5
(``unicode61``), PostgreSQL's ``to_tsvector('simple', …)`` and the query parser (search/query.py) cut exactly
the same words and both backends give the same hits. Columns:

- ``public_text``: what anyone who may see the case may match: case number, subject, recipient, respondent,
  title, and the case's text: the full text of an unprotected case, the redacted copy of the pages of a
  protected one (nothing while that copy is incomplete, as the screens show ``HIDDEN``);
- ``identity_text``: what only those the identity policy lets see the complainant may match: name, address, ID
  number, phone, other signers, and the full text of a protected case (an unprotected case's full text is
  already in ``public_text``, which a person cleared for the identity matches too);
- ``public_head`` / ``identity_head``: the short fields that rank (case number, subject, respondent, title;
  name, ID, phone);
- ``digits``: the ID and phone numbers as digit strings (partial number search, ≥ 3 digits);
- ``person_key``, ``id_key``: folded name | address and the ID digits, for the "same person" view;
- the case's filter columns (status, unit, category, domain, received_at, handling stage, identity flags) and
  ``due_on`` / ``closed``, the nearest open legal deadline that handling writes (:func:`set_due`).

SQLite: FTS5 external-content tables ``search_fts`` (public_text, identity_text) and ``search_digits``
(``trigram`` over digits), kept in sync by triggers on ``search_docs``, and a covering index of the small
columns (migration 0008). PostgreSQL: generated ``tsvector`` columns (``public_tsv``, ``full_tsv`` with GIN
indexes; ``rank_tsv``, the heads weighted A and B), ``gin_trgm_ops`` indexes on digits and person_key, a
partial index of the protected rows, and a narrow heap (texts and matching vectors in TOAST).

An ``after_flush`` listener on every Session re-indexes each case written (new, or an indexed column changed)
and the cases of every page whose redacted text changed, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import JSON as SA_JSON
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    event,
    false,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from ..lang.normalize import fold_chars
from ..privacy.policy import IdentityRule
from .models import Base, Case, Page, utcnow

FINAL_STAGES = ("ket_thuc",)  # a case in these stages has no open deadline (never "overdue")

search_docs = Table(  # the small columns first: SQLite reads a row's columns up to the one it needs
    "search_docs",
    Base.metadata,
    Column(
        "case_pk", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    ),
    Column("case_id", String(40), index=True),
    Column("status", String(30)),
    Column("unit_code", String(40)),
    Column("category", String(20)),
    Column("domain", String(20)),
    Column("received_at", DateTime(timezone=True)),
    Column("handling_stage", String(20)),
    Column("identity_protected", Boolean, nullable=False, default=True),
    Column("identity_unit", String(40)),
    Column("due_on", Date),
    Column("closed", Boolean, nullable=False, default=False, server_default=false()),
    Column("id_key", String(40), index=True),
    Column("person_key", String(800)),
    Column("digits", Text, nullable=False, default=""),
    # what ranks (PostgreSQL's rank_tsv): case number, subject, respondent, title; name, ID and phone
    Column("public_head", Text, nullable=False, default=""),
    Column("identity_head", Text, nullable=False, default=""),
    Column("public_text", Text, nullable=False, default=""),
    Column("identity_text", Text, nullable=False, default=""),
)

saved_searches = Table(
    "saved_searches",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(80), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("params", SA_JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    UniqueConstraint("username", "name", name="uq_saved_searches_username_name"),
)
Index("ix_search_docs_received", search_docs.c.received_at, search_docs.c.case_pk)

_WORD_RE = re.compile(r"[a-z0-9]+")
_CASE_NO_RE = re.compile(r"(?<![a-z0-9])([a-z]{1,5})-(\d{4})-(\d{1,10})(?![0-9])")
_DIGIT_RE = re.compile(r"\d+")


class _FoldTable(dict[int, str]):
    """``str.translate`` table of lang.normalize.fold_chars, filled one character at a time as they are met."""

    def __missing__(self, code: int) -> str:
        value = self[code] = fold_chars(chr(code))
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case, diacritics removed, ``đ`` -> ``d``: exactly one output character per input character, so a
    position in the folded text is the same position in the (NFC) original (snippets highlight the original).
    The same result as ``lang.normalize.fold_chars``, through a translation table."""
    return (text or "").translate(_FOLD)


def words(text: str | None) -> list[str]:
    """The index's words of ``text``: NFC, folded, then every run of ``a-z0-9`` (what FTS5 and tsvector cut;
    tone placement does not matter once the tones are gone), plus each case number written in it as one word
    (``DT-2026-000123`` -> ``dt2026000123``: a case number typed in full is one rare word, not three common)."""
    folded = fold(unicodedata.normalize("NFC", text or ""))
    return _WORD_RE.findall(folded) + ["".join(m.groups()) for m in _CASE_NO_RE.finditer(folded)]


def case_number_word(case_no: str) -> str:
    """The index word of a case number (see :func:`words`)."""
    return "".join(_WORD_RE.findall(fold(case_no)))


def index_text(*parts: str | None) -> str:
    return " ".join(w for part in parts for w in words(part))


def digit_string(value: Any) -> str:
    return "".join(_DIGIT_RE.findall(str(value or "")))


def person_key(name: str | None, address: str | None) -> str | None:
    """Folded name | folded address (both needed): the "same person" key when there is no ID number."""
    n, a = " ".join(words(name)), " ".join(words(address))
    return f"{n}|{a}" if n and a else None


def id_key(id_number: str | None, id_digits: Any = None) -> str | None:
    digits = digit_string(id_digits) or digit_string(id_number)
    return digits if len(digits) >= 9 else None


# ------------------------------------------------------------------------------------------------- building rows
_CASE_COLS = (
    "id",
    "case_id",
    "document_id",
    "source_pages",
    "status",
    "category",
    "domain",
    "complainant_name",
    "complainant_address",
    "complainant_id_number",
    "complainant_phone",
    "recipient",
    "respondent",
    "subject",
    "text",
    "extra",
    "received_at",
    "unit_code",
    "handling_stage",
    "identity_protected",
    "identity_unit",
)
_INDEXED_ATTRS = tuple(c for c in _CASE_COLS if c not in ("id", "document_id"))


def _signer_names(extra: dict[str, Any]) -> list[str]:
    out = []
    for s in extra.get("signers") or []:
        if isinstance(s, dict):
            out += [str(s.get(k) or "") for k in ("name", "address", "id_number")]
        elif isinstance(s, str):
            out.append(s)
    return out


def build_doc(row: Any, redacted: str | None) -> dict[str, Any]:
    """The ``search_docs`` row of one case (``row``: the case's columns ``_CASE_COLS``; ``redacted``: its
    pages' redacted text, None when incomplete)."""
    extra = row.extra if isinstance(row.extra, dict) else {}
    protected = row.identity_protected is not False
    title = str(extra.get("title") or "")
    head = index_text(row.case_id, row.subject, row.respondent, title)  # ranks (rank_tsv on PostgreSQL)
    body = (redacted or "") if protected else (row.text or "")
    ident_head = index_text(row.complainant_name, row.complainant_id_number, row.complainant_phone)
    ident_more = [row.complainant_address, *(str(extra.get(k) or "") for k in ("address_current", "place"))]
    ident = f"{ident_head} {index_text(*ident_more, *_signer_names(extra))}".strip()
    numbers = [
        digit_string(v)
        for v in (
            row.complainant_id_number,
            row.complainant_phone,
            extra.get("id_digits"),
            extra.get("phone_digits"),
        )
    ]
    return {
        "case_pk": row.id,
        "case_id": row.case_id,
        "public_text": f"{head} {index_text(row.recipient, body)}".strip(),
        "identity_text": f"{ident} {index_text(row.text)}".strip() if protected else ident,
        "public_head": head,
        "identity_head": ident_head,
        "digits": " ".join(dict.fromkeys(d for d in numbers if len(d) >= 3)),
        "person_key": person_key(row.complainant_name, row.complainant_address),
        "id_key": id_key(row.complainant_id_number, extra.get("id_digits")),
        "status": row.status,
        "unit_code": row.unit_code,
        "category": row.category,
        "domain": row.domain,
        "received_at": row.received_at,
        "handling_stage": row.handling_stage,
        "identity_protected": protected,
        "identity_unit": row.identity_unit,
        "closed": row.handling_stage in FINAL_STAGES,
    }


def redacted_texts(conn: Connection, rows: list[Any]) -> dict[int, str | None]:
    """The redacted copy of each protected case's text (its pages' redacted text joined in page order), None
    when a page has none yet (api/present.redacted_case_text)."""
    wanted = [r for r in rows if r.identity_protected is not False]
    if not wanted:
        return {}
    pages = Page.__table__
    found: dict[tuple[int, int], str | None] = {}
    doc_ids = sorted({r.document_id for r in wanted})
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        for doc_id, page_no, red in conn.execute(
            select(pages.c.document_id, pages.c.page_no, pages.c.redacted_text).where(
                pages.c.document_id.in_(chunk)
            )
        ):
            found[(doc_id, page_no)] = red
    out: dict[int, str | None] = {}
    for r in wanted:
        nos = sorted(int(n) for n in (r.source_pages or []))
        texts = [found.get((r.document_id, n)) for n in nos]
        out[r.id] = (
            None if not texts or any(t is None for t in texts) else "\n\n".join(t or "" for t in texts)
        )
    return out


def _upsert(conn: Connection, docs: list[dict[str, Any]]) -> None:
    """Insert or replace the rows (``due_on`` is handling's: kept)."""
    if not docs:
        return
    name = conn.dialect.name
    if name in ("sqlite", "postgresql"):
        if name == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
        stmt = insert(search_docs)
        keep = {"case_pk", "due_on"}
        stmt = stmt.on_conflict_do_update(
            index_elements=[search_docs.c.case_pk],
            set_={c.name: stmt.excluded[c.name] for c in search_docs.c if c.name not in keep},
        )
        conn.execute(stmt, docs)
        return
    due = dict(
        conn.execute(
            select(search_docs.c.case_pk, search_docs.c.due_on).where(
                search_docs.c.case_pk.in_([d["case_pk"] for d in docs])
            )
        ).all()
    )
    conn.execute(search_docs.delete().where(search_docs.c.case_pk.in_([d["case_pk"] for d in docs])))
    conn.execute(search_docs.insert(), [{**d, "due_on": due.get(d["case_pk"])} for d in docs])


def reindex_cases(conn: Connection, case_pks: Iterable[int]) -> int:
    """(Re)build the index rows of these cases (by ``cases.id``); returns how many were written."""
    ids = sorted({int(i) for i in case_pks if i is not None})
    cases = Case.__table__
    written = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = list(conn.execute(select(*(cases.c[c] for c in _CASE_COLS)).where(cases.c.id.in_(chunk))))
        red = redacted_texts(conn, rows)
        docs = [build_doc(r, red.get(r.id)) for r in rows]
        _upsert(conn, docs)
        written += len(docs)
    return written


def _all_ids(conn: Connection, batch: int = 2000) -> Iterator[list[int]]:
    cases = Case.__table__
    last = 0
    while True:
        ids = list(
            conn.execute(
                select(cases.c.id).where(cases.c.id > last).order_by(cases.c.id).limit(batch)
            ).scalars()
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def reindex_connection(conn: Connection) -> int:
    """Every case's row rebuilt (the migration's backfill and ``donthu search reindex``); rows of cases that
    no longer exist removed; on SQLite the FTS tables rebuilt from their content and optimized."""
    total = sum(reindex_cases(conn, ids) for ids in _all_ids(conn))
    cases = Case.__table__
    conn.execute(search_docs.delete().where(~search_docs.c.case_pk.in_(select(cases.c.id))))
    if conn.dialect.name == "sqlite":
        for fts in ("search_fts", "search_digits"):
            conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"))
            conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('optimize')"))
    return total


def reindex_all(db: Session) -> int:
    """``donthu search reindex``: every case's index row rebuilt in the session's transaction."""
    db.flush()
    return reindex_connection(db.connection())


def set_due(db: Session, case_id: str | None, due_on: dt.date | None, closed: bool) -> None:
    """Handling's nearest open deadline of a case (``due_on``) and whether its handling is over (``closed``):
    what the ``overdue`` filter reads."""
    if not case_id:
        return
    db.execute(
        update(search_docs).where(search_docs.c.case_id == case_id).values(due_on=due_on, closed=bool(closed))
    )


# ------------------------------------------------------------------------------------------------- who may match
def identity_condition(rule: IdentityRule) -> Any:
    """SQL over ``search_docs``: the rows whose identity a user with ``rule`` may see. The same decision as
    ``IdentityRule.allows`` (privacy/policy.py), which ``may_see_identity`` uses: unprotected rows for
    everyone; for cleared roles also protected rows not held back for another unit (``identity_unit``)."""
    open_: Any = search_docs.c.identity_protected.is_(False)
    if not rule.cleared:
        return open_
    held_here: list[Any] = [search_docs.c.identity_unit.is_(None), search_docs.c.identity_unit == ""]
    if rule.unit_code is not None:
        held_here.append(search_docs.c.identity_unit == rule.unit_code)
    return or_(open_, *held_here)


def hidden_condition(rule: IdentityRule) -> Any:
    """The complement of :func:`identity_condition` (``identity_protected`` is never NULL), written so that
    an index finds the few rows it holds: protected, and for cleared roles held back for another unit."""
    hidden: Any = search_docs.c.identity_protected.is_(True)
    if not rule.cleared:
        return hidden
    unit = search_docs.c.identity_unit
    other = [unit.is_not(None), unit != ""] + ([unit != rule.unit_code] if rule.unit_code is not None else [])
    return and_(hidden, *other)


# ------------------------------------------------------------------------------------------------- keeping it current
def _indexed_change(case: Case) -> bool:
    state = inspect(case)
    return any(state.attrs[name].history.has_changes() for name in _INDEXED_ATTRS)


def _pages_changed(session: Session) -> list[tuple[int, int]]:
    out = []
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Page):
            hist = inspect(obj).attrs["redacted_text"].history
            if hist.has_changes() or (obj in session.new and obj.redacted_text is not None):
                out.append((obj.document_id, obj.page_no))
    return out


def _cases_of_pages(conn: Connection, pages: list[tuple[int, int]]) -> set[int]:
    cases = Case.__table__
    wanted: dict[int, set[int]] = {}
    for doc_id, page_no in pages:
        wanted.setdefault(doc_id, set()).add(page_no)
    out = set()
    for cid, doc_id, nos in conn.execute(
        select(cases.c.id, cases.c.document_id, cases.c.source_pages).where(cases.c.document_id.in_(wanted))
    ):
        if wanted[doc_id] & {int(n) for n in nos or []}:
            out.add(cid)
    return out


@event.listens_for(Session, "after_flush")
def _reindex_after_flush(session: Session, _context: Any) -> None:
    """Every case written in this flush (new, or an indexed column changed) and the cases of every page whose
    redacted text changed get their index row rebuilt, in the same transaction."""
    pks = {
        obj.id
        for obj in session.new
        if isinstance(obj, Case) and obj not in session.deleted and obj.id is not None
    }
    pks |= {
        obj.id
        for obj in session.dirty
        if isinstance(obj, Case)
        and obj.id is not None
        and obj not in session.deleted
        and _indexed_change(obj)
    }
    pages = _pages_changed(session)
    if not pks and not pages:
        return
    conn = session.connection()
    if pages:
        pks |= _cases_of_pages(conn, pages)
    reindex_cases(conn, pks)
