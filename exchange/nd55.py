"""The national database feed (Nghị định 55/2022/NĐ-CP): ``donthu export --profile nd55``.

``run_export`` writes JSON Lines, one record per line, each checked against ``exchange/schema/nd55.schema.json``
(JSON Schema 2020-12) before it is written. The envelope (English keys, ours) carries ``profile`` ("nd55"),
``version`` (1), ``operation`` (the exchange's method: capNhatVuViec, capNhatKQXuLy, capNhatQuyetDinhThuLy,
capNhatKQGiaiQuyet, capNhatThiHanh), ``record_id`` (a UUID v5 of case, operation and event: the same in every
run, so a re-export updates instead of duplicating), ``vu_viec_id`` (the duplicate group's root case),
``case_id``, ``event_id``, ``updated_at`` (UTC), ``flags`` (``identity_withheld``, ``placeholder_codes``) and
``data``: the NĐ 55 information groups with the Vietnamese keys of the known exchange shape (nd55_records.py).

Which cases: verified ones (the data a person has checked), of the viewer's units when a person runs it, whose
case row, handling events or letters changed after ``since`` (UTC; None = all). ``since="last"`` means the
``until`` of the last successful run of the same profile and scope, less ``LAST_OVERLAP`` (a change committed
while that run was reading is not lost; records are idempotent, so sending one twice is harmless). Every
incremental run also sends again the cases the last run could not sync (the "chưa đồng bộ" queue). Every case is all or nothing: a code missing from the mapping table or a record
the schema refuses keeps all of that case's records out, and the case is reported as "chưa đồng bộ" (not
synced) with its problems; the others are written. The run is recorded in ``exchange_runs`` (append-only) and in
the audit log.

Identity: the national database is a destination the law clears for the complainant's name and address (NĐ 55
art. 6), but the one identity policy decides case by case (``privacy.policy.export_destination_sees_identity``):
a protected case whose identity belongs to another unit (``identity_unit``), or one the person running the export
may not see, goes without the complainant's personal data and is flagged ``identity_withheld``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from jsonschema import Draft202012Validator
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, defer

from ..config import Settings
from ..contract import LOCAL_TZ
from ..handling.events import events_for
from ..handling.views import case_clocks_for, home_unit, unit_condition, visible_units
from ..privacy import policy
from ..storage.models import Case, HandlingEvent, Letter, Unit, utcnow
from ..storage.repo import audit
from .nd55_codes import CodeMap, load_codes
from .nd55_models import ExchangeRun
from .nd55_records import PROFILE, CaseSource, RecordBuilder, aware, utc_text

__all__ = ["LAST", "LAST_OVERLAP", "ExportSummary", "NotSynced", "last_run", "last_until", "parse_since"]
__all__ += ["run_export"]
__all__ += ["schema", "summary_lines", "validate_record"]

LAST = "last"
LAST_OVERLAP = dt.timedelta(minutes=5)
DESTINATION = PROFILE  # the identity policy's name for the national database
SCHEMA_PATH = Path(__file__).parent / "schema" / "nd55.schema.json"
CHUNK = 200
KEEP_IN_LOG = 2000  # case ids listed in the run's detail and the audit row (the counts are always complete)
_WHAT = {
    "pattern": "không đúng định dạng",
    "type": "sai kiểu dữ liệu",
    "minLength": "để trống",
    "maxLength": "quá dài",
    "minimum": "nhỏ hơn giá trị cho phép",
    "maximum": "lớn hơn giá trị cho phép",
    "enum": "giá trị không được phép",
    "const": "giá trị không được phép",
    "minItems": "thiếu phần tử",
    "maxItems": "quá nhiều phần tử",
}


class ExportError(ValueError):
    """A request the export cannot run (a bad --since); the message is Vietnamese, for the person."""


@dataclass
class NotSynced:
    case_id: str
    problems: list[str]


@dataclass
class ExportSummary:
    count: int  # records written
    until: dt.datetime  # changes up to here are covered: the next run's "last"
    since: dt.datetime | None = None  # the window's start actually used (None: everything)
    cases: int = 0  # cases written
    not_synced: list[NotSynced] = field(default_factory=list)
    identity_withheld: list[str] = field(default_factory=list)
    placeholder_records: int = 0  # records carrying a TAM- code nobody has confirmed
    codes_source: str = ""
    run_id: int | None = None
    status: str = "ok"  # ok | partial (some cases not synced)


# ---------------------------------------------------------------------------------------------- since
def parse_since(text: str | None) -> dt.datetime | str | None:
    """``--since``: empty → None (everything); ``last``; a date (``2026-03-01``: the start of that day in Việt
    Nam); a date and time (without an offset: Việt Nam time; with ``Z`` or an offset: as given). Returns UTC."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    if value.lower() == LAST:
        return LAST
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return dt.datetime.combine(day, dt.time(), LOCAL_TZ).astimezone(dt.UTC)
        at = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ExportError(
            f"--since “{value}” không hợp lệ: dùng “last”, một ngày YYYY-MM-DD hoặc thời điểm YYYY-MM-DDTHH:MM."
        ) from exc
    if at.tzinfo is None:
        at = at.replace(tzinfo=LOCAL_TZ)
    return at.astimezone(dt.UTC)


def last_run(db: Session, profile: str = PROFILE) -> ExchangeRun | None:
    """The latest successful run (ok or partial) of ``profile``."""
    return db.scalar(
        select(ExchangeRun)
        .where(ExchangeRun.profile == profile, ExchangeRun.status.in_(("ok", "partial")))
        .order_by(ExchangeRun.until.desc(), ExchangeRun.id.desc())
        .limit(1)
    )


def last_until(db: Session, profile: str = PROFILE) -> dt.datetime | None:
    """Where the last successful run of ``profile`` stopped (UTC), None before the first one. Passing
    ``since="last"`` to ``run_export`` is the same window less LAST_OVERLAP."""
    run = last_run(db, profile)
    return aware(run.until) if run is not None else None


def _resolve_since(
    db: Session, profile: str, since: dt.datetime | str | None, overlap: dt.timedelta
) -> tuple[dt.datetime | None, list[str]]:
    """(start of the window, cases to send whatever their changes: those the last run left unsynced). Every
    incremental run retries that queue; a full run (None) takes every case anyway."""
    if isinstance(since, str) and since != LAST:
        since = parse_since(since)
    if since is None:
        return None, []
    run = last_run(db, profile)
    pending = [str(c) for c in (run.detail or {}).get("not_synced") or []] if run is not None else []
    if since == LAST:
        return (aware(run.until) - overlap if run is not None else None), pending
    assert isinstance(since, dt.datetime)
    return aware(since).astimezone(dt.UTC), pending


def _changed_ids(db: Session, since: dt.datetime | None, pending: list[str], scope: Any) -> list[int]:
    stmt = select(Case.id).where(Case.status == "verified", Case.case_id.is_not(None))
    if scope is not None:
        stmt = stmt.where(scope)
    if since is not None:
        changed: Any = or_(
            Case.updated_at > since,
            exists().where(HandlingEvent.case_id == Case.case_id, HandlingEvent.at > since),
            exists().where(Letter.case_id == Case.case_id, Letter.issued_at > since),
        )
        if pending:
            changed = or_(changed, Case.case_id.in_(pending))
        stmt = stmt.where(changed)
    return [int(i) for i in db.scalars(stmt.order_by(Case.id))]


# ---------------------------------------------------------------------------------------------- schema
@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every ``#/$defs/…`` reference replaced by its definition (it has no recursion)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = _inline(defs[str(node["$ref"]).rsplit("/", 1)[-1]], defs)
            return {**target, **{k: _inline(v, defs) for k, v in node.items() if k != "$ref"}}
        return {k: _inline(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


@lru_cache(maxsize=1)
def _validators() -> dict[str, Draft202012Validator]:
    """One validator per operation: the schema file's own rules with its references inlined and its
    ``if operation … then data …`` chosen up front (two to three times faster than the general form, which
    checks a record of an unknown operation)."""
    full = schema()
    Draft202012Validator.check_schema(full)
    defs = full["$defs"]
    envelope = {k: _inline(v, defs) for k, v in full.items() if k not in ("$defs", "allOf")}
    out = {"": Draft202012Validator(full)}
    for rule in full["allOf"]:
        op = rule["if"]["properties"]["operation"]["const"]
        props = {**envelope["properties"], "operation": {"const": op}}
        for key, sub in rule["then"]["properties"].items():
            props[key] = _inline(sub, defs)
        out[op] = Draft202012Validator({**envelope, "properties": props})
    return out


def _validator(record: dict[str, Any]) -> Draft202012Validator:
    validators = _validators()
    return validators.get(str(record.get("operation")), validators[""])


def validate_record(record: dict[str, Any]) -> list[str]:
    """The schema's objections to a record, in Vietnamese; the values themselves are never quoted (they may be
    personal data), only where and what kind of problem."""
    out = []
    for err in sorted(_validator(record).iter_errors(record), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(p) for p in err.absolute_path) or "(gốc)"
        if err.context:  # anyOf (a value or null): what the non-null alternative objected to
            err = next((e for e in err.context if e.validator != "type"), err.context[0])
        if err.validator in ("required", "additionalProperties"):
            what = err.message  # names the keys only
        else:
            what = _WHAT.get(str(err.validator), f"không hợp lệ ({err.validator})")
        out.append(f"{record.get('operation', 'bản ghi')}: {where} {what}")
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------------------------------------- cases
def duplicate_roots(db: Session, cases: list[Case]) -> dict[str, str]:
    """Each case's vụ việc: the root of its ``duplicate_of`` chain (the first đơn of the matter). A link to a case
    that does not exist ends the chain; a loop takes its smallest case id."""
    parent: dict[str, str | None] = {}
    for c in cases:
        if c.case_id:
            parent[c.case_id] = c.duplicate_of
    asked: set[str] = set()
    todo = {p for p in parent.values() if p and p not in parent}
    while todo:
        asked |= todo
        for chunk in _chunks(sorted(todo), 500):
            for cid, dup in db.execute(
                select(Case.case_id, Case.duplicate_of).where(Case.case_id.in_(chunk))
            ).all():
                if cid:
                    parent[cid] = dup
        todo = {p for p in parent.values() if p and p not in parent and p not in asked}
    roots: dict[str, str] = {}
    for start in [str(c.case_id) for c in cases if c.case_id]:
        cid, seen = start, [start]
        while True:
            nxt = parent.get(cid)
            if not nxt or nxt not in parent:
                break
            if nxt in seen:
                cid = min(seen)
                break
            seen.append(nxt)
            cid = nxt
        roots[start] = cid
    return roots


def _release(db: Session, known: set[Any]) -> None:
    """Forget the rows an earlier chunk loaded (a full export of 100,000 cases stays in bounded memory)."""
    busy = db.dirty | db.deleted  # computed once: each is a walk over the whole map
    for key in list(db.identity_map.keys()):
        obj = db.identity_map.get(key)
        if key not in known and obj is not None and obj not in busy:
            db.expunge(obj)


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sources(db: Session, settings: Settings, ids: list[int]) -> list[CaseSource]:
    stmt = select(Case).where(Case.id.in_(ids)).options(defer(Case.text))  # the records never send the text
    cases = list(db.scalars(stmt.order_by(Case.id)))
    case_ids = [str(c.case_id) for c in cases]
    events = events_for(db, case_ids)
    letters: dict[str, list[Letter]] = {cid: [] for cid in case_ids}
    for let in db.scalars(select(Letter).where(Letter.case_id.in_(case_ids)).order_by(Letter.id)):
        letters[let.case_id].append(let)
    roots = duplicate_roots(db, cases)
    out = []
    for case in cases:
        cid = str(case.case_id)
        evs = events.get(cid, [])
        clocks = (
            case_clocks_for(db, case, settings, evs)
            if any(e.kind in ("thu_ly", "result") for e in evs)
            else []
        )
        out.append(CaseSource(case, evs, letters.get(cid, []), roots.get(cid, cid), clocks))
    return out


# ---------------------------------------------------------------------------------------------- the run
def run_export(
    db: Session,
    settings: Settings,
    out: TextIO,
    *,
    since: dt.datetime | str | None,
    actor: str,
    viewer: Any = None,
    output: str | None = None,
    overlap: dt.timedelta = LAST_OVERLAP,
    codes: CodeMap | None = None,
) -> ExportSummary:
    """Write the NĐ 55 records of the verified cases changed after ``since`` (module docstring) to ``out``.

    ``viewer``: the person running it from the web (their units only, identity as they may see it); None = the
    server's command line (every unit). Records the run (``exchange_runs``) and audits it in ``db``; the caller
    commits. Raises CodesFileError (nd55_codes) when the mapping table cannot be read, before writing anything."""
    until = utcnow()
    codes = codes or load_codes(settings)
    scope = None
    profile = PROFILE
    if viewer is not None:
        home = home_unit(db, settings)
        profile = f"{PROFILE}@{getattr(viewer, 'unit_code', None) or home}"
        scope = unit_condition(visible_units(db, viewer, settings), home)
    start, pending = _resolve_since(db, profile, since, overlap)
    ids = _changed_ids(db, start, pending, scope)
    builder = RecordBuilder(settings, codes, db.scalars(select(Unit)))
    summary = ExportSummary(0, until, start, codes_source=codes.source)
    exported: list[str] = []
    known = set(db.identity_map.keys())  # the caller's objects stay; the run's own are let go chunk by chunk
    for chunk in _chunks(ids, CHUNK):
        _release(db, known)
        for src in _sources(db, settings, chunk):
            identity = policy.export_destination_sees_identity(DESTINATION, src.case, viewer)
            built = builder.build(src, identity)
            problems = list(built.problems)
            if not problems:
                for record in built.records:
                    problems += validate_record(record)
            cid = str(src.case.case_id)
            if problems:
                summary.not_synced.append(NotSynced(cid, problems))
                continue
            for record in built.records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            summary.count += len(built.records)
            summary.cases += 1
            summary.placeholder_records += sum("placeholder_codes" in r["flags"] for r in built.records)
            exported.append(cid)
            if not identity:
                summary.identity_withheld.append(cid)
    summary.status = "partial" if summary.not_synced else "ok"
    _record_run(db, summary, profile, actor, output or getattr(out, "name", None) or "-", exported)
    return summary


def _record_run(
    db: Session, summary: ExportSummary, profile: str, actor: str, output: str, exported: list[str]
) -> None:
    unsynced = [n.case_id for n in summary.not_synced]
    run = ExchangeRun(
        profile=profile,
        started_at=summary.until,
        finished_at=utcnow(),
        since=summary.since,
        until=summary.until,
        count=summary.count,
        actor=actor,
        output=str(output)[:1000],
        status=summary.status,
        detail={
            "cases": summary.cases,
            "not_synced": unsynced,  # all of them: the next "last" run tries them again
            "problems": {n.case_id: n.problems[:20] for n in summary.not_synced[:KEEP_IN_LOG]},
            "identity_withheld": summary.identity_withheld[:KEEP_IN_LOG],
            "placeholder_records": summary.placeholder_records,
            "codes": summary.codes_source,
        },
    )
    db.add(run)
    db.flush()
    summary.run_id = run.id
    audit(
        db,
        actor,
        "export_nd55",
        None,
        run=run.id,
        profile=profile,
        since=utc_text(summary.since) if summary.since else None,
        until=utc_text(summary.until),
        records=summary.count,
        cases=summary.cases,
        case_ids=exported[:KEEP_IN_LOG],
        not_synced=unsynced[:KEEP_IN_LOG],
        not_synced_count=len(unsynced),
        identity_withheld=summary.identity_withheld[:KEEP_IN_LOG],
        output=str(output)[:1000],
        codes=summary.codes_source,
    )


def summary_lines(summary: ExportSummary) -> list[str]:
    """What the command line and the web page tell the person, in Vietnamese."""
    start = summary.since.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M") if summary.since else None
    lines = [
        f"Đã xuất {summary.count} bản ghi của {summary.cases} hồ sơ"
        + (f" thay đổi từ {start}" if start else " (toàn bộ)")
        + f"; lần xuất số {summary.run_id}."
    ]
    if summary.not_synced:
        lines.append(f"{len(summary.not_synced)} hồ sơ chưa đồng bộ (sẽ xuất lại ở lần “--since last” sau):")
        for item in summary.not_synced[:50]:
            lines.append(f"- {item.case_id}: " + "; ".join(item.problems[:5]))
        if len(summary.not_synced) > 50:
            lines.append(f"- … và {len(summary.not_synced) - 50} hồ sơ khác")
    if summary.identity_withheld:
        lines.append(
            f"{len(summary.identity_withheld)} hồ sơ được xuất không kèm thông tin người gửi (bảo vệ người tố cáo, "
            "danh tính thuộc đơn vị khác): " + ", ".join(summary.identity_withheld[:20])
        )
    if summary.placeholder_records:
        lines.append(
            f"Cảnh báo: {summary.placeholder_records} bản ghi dùng mã tạm (TAM-…) chưa được xác nhận; hãy dùng bảng "
            f"mã chính thức (DONTHU_ND55_CODES_FILE). Bảng mã đang dùng: {summary.codes_source}"
        )
    return lines
