"""Tra cứu: ranked, Vietnamese-aware search over the cases a user may see (issue 14).

``search(db, user, settings, q, filters)``: every word of ``q`` must match (the last one as a prefix), with or
without diacritics, in any case; a number of ≥ 3 digits also matches inside the ID and phone numbers, and a case
number typed in full is one word. A word matches the case's public text (case number, subject, recipient,
respondent, title, the text the user may read) and, only where the identity policy lets the user see the
complainant (``policy.identity_visibility``, turned into SQL by ``storage.search_index.identity_condition`` and
its complement ``hidden_condition``), the identity text and the digits. Cases are those of the user's unit
subtree or forwarded by it (``handling.views.unit_condition``, over the index's copies of its columns). Ranking:
a case number typed in full first, then bm25 (SQLite FTS5) or ts_rank_cd (PostgreSQL), then the newest; more
than ``RANK_LIMIT`` matches are listed newest first. Every search is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import (
    case,
    column,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors

from ..config import Settings
from ..contract import CATEGORY_LABELS, DOMAIN_LABELS, LOCAL_TZ, STAGE_LABELS, STATUS_LABELS
from ..handling import units as unit_tree
from ..handling.views import home_unit, today_local, unit_condition, visible_units
from ..privacy.policy import IdentityRule, identity_visibility
from ..storage import repo
from ..storage.models import Case, Unit
from ..storage.search_index import hidden_condition, identity_condition, redacted_texts, search_docs
from .text import Query, clean, parse, snippet

D = search_docs.c
_FTS = table("search_fts", column("rowid"))
_DIGITS = table("search_digits", column("rowid"))
MAX_LIMIT = 200
# more matches than this are listed newest first: bm25 over most of the archive says little and costs most
RANK_LIMIT = 10_000


class SearchError(ValueError):
    """A filter value the search does not know; ``message`` is shown as is (Vietnamese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SearchFilters:
    status: str | None = None
    unit: str | None = None
    category: str | None = None
    domain: str | None = None
    date_from: dt.date | None = None  # received, local dates, inclusive
    date_to: dt.date | None = None
    overdue: bool = False
    stage: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if v not in (None, False, "")}
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in out.items()}


@dataclass
class Hit:
    case_id: str
    snippet: str  # HTML-escaped, matched words in <mark>…</mark>, only what the user may see
    score: float
    status: str
    category: str | None
    domain: str | None
    received_at: dt.datetime | None
    subject: str | None
    name: str | None  # None when the identity is hidden from the user
    unit_code: str | None
    overdue: bool


@dataclass
class SearchResult:
    items: list[Hit] = field(default_factory=list)
    total: int = 0


# ------------------------------------------------------------------------------------------------- conditions
def _check(filters: SearchFilters) -> None:
    for value, known, label in (
        (filters.status, STATUS_LABELS, "Trạng thái"),
        (filters.category, CATEGORY_LABELS, "Loại đơn"),
        (filters.domain, DOMAIN_LABELS, "Lĩnh vực"),
        (filters.stage, STAGE_LABELS, "Giai đoạn xử lý"),
    ):
        if value and value not in known:
            raise SearchError(f"{label} “{value}” không hợp lệ; chọn một trong: {', '.join(known)}.")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise SearchError("“Từ ngày” phải trước hoặc bằng “đến ngày”.")
    for day in (filters.date_from, filters.date_to):
        if day and not 1900 <= day.year <= 2200:
            raise SearchError("Ngày phải trong khoảng từ năm 1900 đến năm 2200.")


def _local_midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), LOCAL_TZ).astimezone(dt.UTC)


def _filter_conditions(db: Session, settings: Settings, filters: SearchFilters) -> list[Any]:
    _check(filters)
    conds: list[Any] = []
    for col, value in (
        (D.status, filters.status),
        (D.category, filters.category),
        (D.domain, filters.domain),
        (D.handling_stage, filters.stage),
    ):
        if value:
            conds.append(col == value)
    if filters.unit:
        if db.scalar(select(Unit.id).where(Unit.code == filters.unit)) is None:
            raise SearchError(f"Không có đơn vị mã “{filters.unit}”.")
        codes = unit_tree.subtree_codes(db, filters.unit)
        held: Any = D.unit_code.in_(sorted(codes))
        if home_unit(db, settings) in codes:
            held = or_(held, D.unit_code.is_(None))
        conds.append(held)
    if filters.date_from:
        conds.append(D.received_at >= _local_midnight_utc(filters.date_from))
    if filters.date_to:
        conds.append(D.received_at < _local_midnight_utc(filters.date_to + dt.timedelta(days=1)))
    if filters.overdue:
        conds += [D.due_on < today_local(), D.closed.is_(False)]
    return conds


def on_index(condition: Any) -> Any:
    """``condition``, written over ``cases`` (handling.views.unit_condition), over the index's copies of the same
    columns (``search_docs.unit_code``, ``case_id``): the very same rule, without joining ``cases``."""
    cases_table = Case.__table__

    def swap(element: Any, **_kw: Any) -> Any:
        if getattr(element, "table", None) is cases_table and element.name in ("unit_code", "case_id"):
            return D[element.name]
        return None

    return visitors.replacement_traverse(condition, {}, swap)


def _matches(table_: Any, expr: str) -> Any:
    return literal_column(table_.name).op("MATCH")(literal(expr))


def _fts_ids(expr: str) -> Any:
    return select(_FTS.c.rowid).where(_matches(_FTS, expr))


def _term(token: str, query: Query, columns: str = "") -> str:
    term = f'"{token}"' + ("*" if token == query.last else "")
    return f"{{{columns}}} : {term}" if columns else term


@dataclass
class Branch:
    """One of the two disjoint parts of a search: the rows whose complainant the user may see (matched on
    public and identity text, and on the ID/phone digits) and the others (public text only). Each is a plain
    index lookup: no row's text or vector is read to decide which words it may match on."""

    from_: Any
    conds: list[Any]
    score: Any


def _sqlite_branches(query: Query, vis: Any, hidden: Any) -> list[Branch]:
    """FTS5 drives each branch that has words (bm25 is only available in the query that MATCHes)."""
    out = []
    for seen in (True, False):
        cols = "" if seen else "public_text"
        conds: list[Any] = [vis if seen else hidden]
        for n in query.numbers:
            in_text: Any = D.case_pk.in_(_fts_ids(_term(n, query, cols)))
            if seen:
                digits = select(_DIGITS.c.rowid).where(_matches(_DIGITS, f'"{n}"'))
                in_text = or_(in_text, D.case_pk.in_(digits))
            conds.append(in_text)
        if not query.words:
            out.append(Branch(search_docs, conds, literal(0.0)))
            continue
        terms = " AND ".join(_term(w, query) for w in query.words)
        conds.append(_matches(_FTS, f"{{public_text}} : ({terms})" if cols else terms))
        weights = (1.0, 1.0) if seen else (1.0, 0.0)
        score = -func.bm25(literal_column("search_fts"), *weights)
        out.append(Branch(_FTS.join(search_docs, _FTS.c.rowid == D.case_pk), conds, score))
    return out


def _tsquery(tokens: list[str] | tuple[str, ...], query: Query, op: str = " & ") -> Any:
    expr = op.join(t + (":*" if t == query.last else "") for t in tokens)
    return func.to_tsquery(literal_column("'simple'"), literal(expr))


def _pg_branches(query: Query, vis: Any, hidden: Any) -> list[Branch]:
    """GIN over the tsvectors (``full_tsv``: public and identity words; ``public_tsv``), LIKE over the digits
    (trigram index); ranked by ts_rank_cd over the short fields kept in the row (``rank_tsv``: case number,
    subject, respondent, title weighted A; the complainant's name, ID and phone weighted B, 0 where the
    complainant is not seen)."""
    out = []
    ranked = _tsquery(query.tokens(), query, " | ") if not query.empty else None
    for seen in (True, False):
        tsv: Any = literal_column("search_docs.full_tsv" if seen else "search_docs.public_tsv")
        conds: list[Any] = [vis if seen else hidden]
        for n in query.numbers:
            in_text: Any = tsv.op("@@")(_tsquery([n], query))
            conds.append(or_(in_text, D.digits.like(f"%{n}%")) if seen else in_text)
        if query.words:
            conds.append(tsv.op("@@")(_tsquery(query.words, query)))
        score: Any = literal(0.0)
        if ranked is not None:  # weights {D, C, B, A}: B, the complainant's words, count only where seen
            weights: Any = literal_column(
                "'{0.1, 0.2, 1.0, 1.0}'::float4[]" if seen else "'{0, 0, 0, 1.0}'::float4[]"
            )
            score = func.ts_rank_cd(weights, literal_column("search_docs.rank_tsv"), ranked)
        out.append(Branch(search_docs, conds, score))
    return out


_PLANNER = {
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    "jit": "off",
    "max_parallel_workers_per_gather": "0",
}


@contextmanager
def _planner(db: Session, text_search: bool) -> Iterator[None]:
    """PostgreSQL, for a text search: bitmap scans of the GIN indexes, always. The planner prices a plan that
    tests ``tsvector @@ tsquery`` row by row (a sequential scan, or an index scan on another column) by its
    pages, and misses that every row's vector must then be read back from TOAST: 0.2-0.5 s at 100,000 cases
    against tens of ms through the GIN bitmaps. No JIT either (tens of ms to compile queries that run in tens
    of ms). Set for this transaction only, and put back."""
    if not text_search:
        yield
        return
    names = list(_PLANNER)
    before = db.execute(text("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))).one()
    db.execute(text("SELECT " + ", ".join(f"set_config('{n}', '{v}', true)" for n, v in _PLANNER.items())))
    try:
        yield
    finally:
        put_back = ", ".join(f"set_config('{n}', :v{i}, true)" for i, n in enumerate(names))
        db.execute(text("SELECT " + put_back), {f"v{i}": v for i, v in enumerate(before)})


# ------------------------------------------------------------------------------------------------- search
def search(
    db: Session,
    user: Any,
    settings: Settings,
    q: str | None,
    filters: SearchFilters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """The cases ``user`` may see that match ``q`` and ``filters``, best first (module docstring). More than
    ``RANK_LIMIT`` matches (a word nearly every petition has) are listed newest first, with score 0."""
    filters = filters or SearchFilters()
    query = parse(q)
    rule = identity_visibility(user)
    limit, offset = max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset))
    common = _filter_conditions(db, settings, filters)
    common.append(on_index(unit_condition(visible_units(db, user, settings), home_unit(db, settings))))
    postgres = db.get_bind().dialect.name == "postgresql"
    branches = (_pg_branches if postgres else _sqlite_branches)(
        query, identity_condition(rule), hidden_condition(rule)
    )
    fts = not postgres and bool(query.words)

    def hits(scored: bool) -> Any:
        parts = [
            select(D.case_pk, D.case_id, D.due_on, D.closed, D.received_at, b.score.label("score"))
            .select_from(b.from_)
            .where(*common, *b.conds)
            for b in branches
        ]
        if not scored:
            parts = [p.with_only_columns(*p.selected_columns[:5], literal(0.0).label("score")) for p in parts]
        union = union_all(*parts)
        # SQLite: the FTS5 rows with their bm25 first (outside its MATCHing query bm25 has no context)
        return union.cte("hits").prefix_with("MATERIALIZED") if fts and scored else union.subquery("hits")

    def page(h: Any, *order: Any) -> list[Any]:
        stmt = select(h.case_pk, h.due_on, h.closed, h.score, func.count().over().label("total"))
        return list(db.execute(stmt.order_by(*order).limit(limit).offset(offset)).all())

    with _planner(db, postgres and not query.empty):
        newest = hits(scored=False).c
        rows = page(newest, newest.received_at.desc(), newest.case_pk.desc())
        total = int(rows[0].total) if rows else 0
        if not rows and offset:
            total = int(db.scalar(select(func.count()).select_from(hits(scored=False))) or 0)
        if rows and not query.empty and total <= RANK_LIMIT:
            h = hits(scored=True).c
            exact = h.case_id == query.case_no if query.case_no else false()
            rows = page(h, case((exact, 0), else_=1), h.score.desc(), h.received_at.desc(), h.case_pk.desc())
    items = _hits(db, rule, query, rows)
    actor = getattr(user, "username", None) or str(user)
    repo.audit(db, actor, "search", q=clean(q), filters=filters.as_dict(), total=total)
    return SearchResult(items, total)


def _hits(db: Session, rule: IdentityRule, query: Query, rows: Sequence[Any]) -> list[Hit]:
    """The page of hits: each case's snippet from what the user may see (the redacted copy when the identity
    is hidden), its name only when it may be seen."""
    if not rows:
        return []
    cases = {c.id: c for c in db.scalars(select(Case).where(Case.id.in_([r.case_pk for r in rows])))}
    hidden = [c for c in cases.values() if not rule.allows(c.identity_protected, c.identity_unit)]
    redacted = redacted_texts(db.connection(), hidden) if hidden else {}
    today = today_local()
    out = []
    for r in rows:
        c = cases.get(r.case_pk)
        if c is None or not c.case_id:
            continue
        seen = rule.allows(c.identity_protected, c.identity_unit)
        parts = [c.subject, c.recipient, c.respondent]
        if seen:
            ident = [c.complainant_name, c.complainant_id_number, c.complainant_phone, c.complainant_address]
            parts = ident + parts + [c.text]
        else:
            parts.append(redacted.get(c.id))
        out.append(
            Hit(
                case_id=c.case_id,
                snippet=snippet(parts, query, numbers_inside=seen),
                score=float(r.score or 0.0),
                status=c.status,
                category=c.category,
                domain=c.domain,
                received_at=c.received_at,
                subject=c.subject,
                name=c.complainant_name if seen else None,
                unit_code=c.unit_code,
                overdue=bool(r.due_on is not None and r.due_on < today and not r.closed),
            )
        )
    return out
