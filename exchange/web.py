"""What the web's export page and the citizen's look-up page do, without HTTP (api/routes/exports.py, lookup.py).

Export (/xuat-du-lieu): the cases the user's units may view (``handling.views.unit_condition``), narrowed by
status, unit of the user's subtree, the dates received (local) and the time changed; each row as the user may see
it (``privacy.policy.may_see_identity``: else the hand-off form). CSV and JSON Lines are produced row by row while
the download streams; XLSX is written to a temporary file first (openpyxl's write-only mode keeps no rows in
memory).

Look-up (/tra-cuu-ho-so): the case number and the last 4 digits of the phone or ID number show the stage and the
current deadline, nothing else. Failed tries are limited per client (its address only as a salted hash) and per
case; every checked try is stored in ``lookup_attempts`` and audited with actor ``public``; the digits typed are
never stored or logged. A case whose complainant's identity is protected (a denunciation, Luật Tố cáo art. 8) is
never matched on identity digits for the public: it answers as a mismatch, which tells nothing.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, DateTime, Index, Integer, Select, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, selectinload

from ..config import Settings
from ..contract import LOCAL_TZ, STAGE_LABELS
from ..handling import units as unit_tree
from ..handling import views
from ..privacy import policy
from ..storage import repo
from ..storage.models import Base, Case, Unit, utcnow
from .rows import ExportError, check_format, check_status, events_by_case, export_row, in_batches, make_writer

WEB_FORMATS = ("csv", "xlsx", "jsonl", "nd55")
FORMAT_LABELS = {"csv": "CSV (Excel)", "xlsx": "XLSX (Excel)", "jsonl": "JSON Lines", "nd55": "NĐ 55/2022"}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "nd55": "application/x-ndjson; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "nd55": "jsonl", "xlsx": "xlsx"}
FLUSH_ROWS = 200  # rows per chunk of a streamed download
CHUNK = 64 * 1024


# ---------------------------------------------------------------------------------------------- export
@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    status: str | None = None
    unit: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    since: dt.datetime | None = None

    def filters(self) -> dict[str, str]:
        """The filters as the audit records them."""
        values = {
            "status": self.status,
            "unit": self.unit,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "since": self.since.isoformat() if self.since else None,
        }
        return {k: v for k, v in values.items() if v}


def _day(value: str | None, label: str) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ExportError(f"{label} “{text[:20]}” không phải ngày (YYYY-MM-DD).") from None
    if not 1900 <= day.year <= 2200:
        raise ExportError(f"{label} “{text[:20]}” phải trong khoảng từ năm 1900 đến năm 2200.")
    return day


def _local_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def unit_options(db: Session, user: Any, settings: Settings) -> list[tuple[str, str]]:
    """(code, name) of the units in ``user``'s subtree, tree order, for the form."""
    codes = views.visible_units(db, user, settings)
    units = list(db.scalars(select(Unit).where(Unit.code.in_(codes))))
    return [(u.code, ("  " * depth) + u.name) for u, depth in unit_tree.tree_order(units)]


def parse_request(
    db: Session,
    user: Any,
    settings: Settings,
    *,
    fmt: str,
    status: str | None = None,
    unit: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    since: str | None = None,
) -> ExportRequest:
    """The form's values checked; a mistyped status, an unknown format, a unit outside the user's subtree or a
    bad date raise ``ExportError`` (never an empty file)."""
    fmt = check_format(fmt, WEB_FORMATS)
    code = (unit or "").strip() or None
    if code is not None and code not in views.visible_units(db, user, settings):
        raise ExportError(f"Đơn vị “{code[:40]}” không thuộc phạm vi đơn vị của bạn.")
    start, end = _day(date_from, "Ngày tiếp nhận từ"), _day(date_to, "Ngày tiếp nhận đến")
    if start and end and start > end:
        raise ExportError("Khoảng ngày tiếp nhận không hợp lệ: ngày bắt đầu sau ngày kết thúc.")
    changed = _day(since, "Thay đổi từ ngày")
    req = ExportRequest(
        fmt=fmt,
        status=check_status(status),
        unit=code,
        date_from=start,
        date_to=end,
        since=_local_start(changed) if changed else None,
    )
    if fmt == "nd55" and (req.status or req.unit or req.date_from or req.date_to):
        raise ExportError(
            "Tệp NĐ 55/2022 gồm mọi hồ sơ trong phạm vi đơn vị của bạn: bỏ chọn trạng thái, đơn vị và "
            "ngày tiếp nhận (chỉ dùng được “thay đổi từ ngày”)."
        )
    return req


def export_query(db: Session, user: Any, settings: Settings, req: ExportRequest) -> Select:
    """The cases of the export: those the user's units may view, narrowed by the request's filters."""
    home = views.home_unit(db, settings)
    codes = views.visible_units(db, user, settings)
    if req.unit:
        codes = codes & unit_tree.subtree_codes(db, req.unit)
    q = select(Case).where(views.unit_condition(codes, home))
    if req.status:
        q = q.where(Case.status == req.status)
    if req.date_from:
        q = q.where(Case.received_at >= _local_start(req.date_from))
    if req.date_to:
        q = q.where(Case.received_at < _local_start(req.date_to + dt.timedelta(days=1)))
    if req.since:
        q = q.where(Case.updated_at >= req.since)
    return q


def count_cases(db: Session, query: Select) -> int:
    return int(db.scalar(select(func.count()).select_from(query.subquery())) or 0)


def file_name(fmt: str) -> str:
    stamp = dt.datetime.now(LOCAL_TZ).strftime("%Y%m%d-%H%M")
    return f"ho-so-{'nd55-' if fmt == 'nd55' else ''}{stamp}.{EXTENSIONS[fmt]}"


def _rows(db: Session, user: Any, settings: Settings, store: Any, req: ExportRequest) -> Iterator[dict]:
    query = (
        export_query(db, user, settings, req)
        .options(selectinload(Case.document))  # the file name: one query per batch, not one per case
        .order_by(Case.id)
        .execution_options(yield_per=FLUSH_ROWS)
    )
    for batch in in_batches(db.scalars(query), FLUSH_ROWS):
        events = events_by_case(db, [c.case_id for c in batch if c.case_id])
        for case in batch:
            hide = not policy.may_see_identity(user, case)
            yield export_row(
                db, case, settings, hide=hide, store=store, events=events.get(case.case_id or "")
            )


def stream_export(
    sessions: Callable[[], Session], user: Any, settings: Settings, store: Any, req: ExportRequest
) -> Iterator[bytes]:
    """The file's bytes, in chunks, from a session of its own (the request's has ended when the body streams).
    CSV starts with a byte-order mark (Excel then reads UTF-8)."""
    with sessions() as db:
        if req.fmt == "xlsx":
            with tempfile.TemporaryFile() as tmp:
                writer = make_writer("xlsx", tmp)
                for row in _rows(db, user, settings, store, req):
                    writer.write(row)
                writer.close()
                db.commit()  # redacted copies made on the way are kept
                tmp.seek(0)
                while chunk := tmp.read(CHUNK):
                    yield chunk
            return
        buf = io.StringIO()
        if req.fmt == "csv":
            buf.write("\ufeff")
        text_writer = make_writer(req.fmt, buf)
        for row in _rows(db, user, settings, store, req):
            text_writer.write(row)
            if text_writer.count % FLUSH_ROWS == 0:
                yield buf.getvalue().encode("utf-8")
                buf.seek(0)
                buf.truncate()
        text_writer.close()
        db.commit()
        yield buf.getvalue().encode("utf-8")


def nd55_file(db: Session, user: Any, settings: Settings, req: ExportRequest) -> tuple[Any, dict[str, Any]]:
    """The national database records for ``user`` (exchange/nd55.py: their units, identity as they may see it)
    in a temporary file, rewound, and what the audit records of the run. The caller streams and closes the file.
    Raises ``ExportError`` when the code mapping table cannot be read."""
    from . import nd55
    from .nd55_codes import CodesFileError

    tmp = tempfile.TemporaryFile(mode="w+b")
    text = io.TextIOWrapper(tmp, encoding="utf-8", newline="")
    try:
        summary = nd55.run_export(
            db, settings, text, since=req.since, actor=user.username, viewer=user, output="web"
        )
        text.flush()
    except CodesFileError as exc:
        tmp.close()
        raise ExportError(str(exc)) from None
    text.detach()
    tmp.seek(0)
    detail = {"count": summary.cases, "records": summary.count, "not_synced": len(summary.not_synced)}
    return tmp, detail


def file_chunks(fh: Any) -> Iterator[bytes]:
    try:
        while chunk := fh.read(CHUNK):
            yield chunk
    finally:
        fh.close()


# ---------------------------------------------------------------------------------------------- look-up
class LookupAttempt(Base):
    """One checked try of the public look-up (migration 0011): the client's address only as a salted hash."""

    __tablename__ = "lookup_attempts"
    __table_args__ = (
        Index("ix_lookup_attempts_ip_at", "ip_hash", "at"),
        Index("ix_lookup_attempts_case_at", "case_id", "at"),
        Index("ix_lookup_attempts_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ip_hash: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[str] = mapped_column(String(40))  # the case number as typed (cleaned)
    ok: Mapped[bool] = mapped_column(Boolean)


IP_WINDOW = dt.timedelta(minutes=15)
IP_MAX_FAILURES = 5  # failed tries from one client within IP_WINDOW, then 429
CASE_WINDOW = dt.timedelta(hours=1)
CASE_MAX_FAILURES = 10  # failed tries on one case number (from anywhere) within CASE_WINDOW, then 429
ATTEMPTS_KEPT = dt.timedelta(days=7)
DIGITS = 4
PENDING_LABEL = "Đã tiếp nhận, đang kiểm tra và phân loại đơn"
NO_MATCH = (
    "Không tìm thấy hồ sơ khớp với số hồ sơ và các chữ số đã nhập. Hãy kiểm tra lại số hồ sơ trên phiếu tiếp "
    "nhận và 4 chữ số cuối của số điện thoại hoặc số CCCD/CMND ghi trong đơn. Nếu đơn không ghi số điện thoại, "
    "số CCCD/CMND, hoặc vẫn không tra cứu được, xin liên hệ trực tiếp bộ phận tiếp nhận đơn."
)
BAD_INPUT = (
    "Hãy nhập số hồ sơ (ví dụ DT-2026-000123) và đúng 4 chữ số cuối của số điện thoại hoặc số CCCD/CMND."
)


@dataclass(frozen=True)
class LookupResult:
    outcome: str  # "found" | "no_match" | "invalid" | "blocked"
    message: str = ""
    stage: str | None = None
    deadline: dt.date | None = None
    retry_after: int = 0  # seconds (blocked)


def ip_hash(secret: str, ip: str) -> str:
    """The client's address as a salted hash (never stored in clear)."""
    return hmac.new(secret.encode(), f"tra-cuu:{ip}".encode(), "sha256").hexdigest()


def clean_case_number(raw: str | None) -> str:
    text = unicodedata.normalize("NFC", raw or "").strip().upper()
    return re.sub(r"\s+", "", text)[:40]


def clean_digits(raw: str | None) -> str | None:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", raw or ""))
    return digits if len(digits) == DIGITS else None


def _tail(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    return digits[-DIGITS:] if len(digits) >= DIGITS else None


def digits_match(case: Case, digits: str) -> bool:
    """The last digits of the phone or of the ID number, when the identity policy lets the public match them
    (a protected complainant's never: the answer would tell who wrote a denunciation)."""
    if not policy.may_see_identity(None, case):
        return False
    found = False
    for tail in (_tail(case.complainant_phone), _tail(case.complainant_id_number)):
        if tail is not None and hmac.compare_digest(tail, digits):
            found = True
    return found


def _failures(db: Session, since: dt.datetime, *, ip: str | None = None, case_id: str | None = None) -> int:
    q = select(func.count(LookupAttempt.id)).where(LookupAttempt.at >= since, LookupAttempt.ok.is_(False))
    if ip is not None:
        q = q.where(LookupAttempt.ip_hash == ip)
    if case_id is not None:
        q = q.where(LookupAttempt.case_id == case_id)
    return int(db.scalar(q) or 0)


def blocked(db: Session, ip: str, case_id: str, now: dt.datetime) -> LookupResult | None:
    if _failures(db, now - IP_WINDOW, ip=ip) >= IP_MAX_FAILURES:
        minutes = int(IP_WINDOW.total_seconds() // 60)
        return LookupResult(
            "blocked",
            f"Bạn đã tra cứu sai quá {IP_MAX_FAILURES} lần. Xin thử lại sau {minutes} phút.",
            retry_after=int(IP_WINDOW.total_seconds()),
        )
    if case_id and _failures(db, now - CASE_WINDOW, case_id=case_id) >= CASE_MAX_FAILURES:
        return LookupResult(
            "blocked",
            "Hồ sơ này đã bị tra cứu sai quá nhiều lần. Xin thử lại sau 1 giờ hoặc liên hệ bộ phận tiếp nhận đơn.",
            retry_after=int(CASE_WINDOW.total_seconds()),
        )
    return None


def current_deadline(db: Session, case: Case, settings: Settings) -> dt.date | None:
    """The nearest due date of the clocks still running (handling/clocks.py); before verification the
    10-working-day processing deadline from receipt; None once handling has ended."""
    from ..handling.calendar import add_working_days, days_off
    from ..handling.events import local_date

    if case.handling_stage in ("ket_thuc", "luu_don"):
        return None
    running = [
        c for c in views.case_clocks_for(db, case, settings) if c.done_on is None and c.key != "luu_don"
    ]
    if running:
        return min(c.due for c in running)
    if case.handling_stage is None and case.received_at is not None:
        return add_working_days(local_date(case.received_at), 10, days_off(settings))
    return None


def stage_label(case: Case) -> str:
    if case.handling_stage:
        return STAGE_LABELS.get(case.handling_stage, PENDING_LABEL)
    return STAGE_LABELS["cho_xu_ly"] if case.status == "verified" else PENDING_LABEL


def lookup(
    db: Session,
    settings: Settings,
    case_number: str | None,
    digits: str | None,
    client: str,
    now: dt.datetime | None = None,
) -> LookupResult:
    """One try of the public look-up by the client whose hashed address is ``client``."""
    now = now or dt.datetime.now(dt.UTC)
    number, tail = clean_case_number(case_number), clean_digits(digits)
    if not number or tail is None:
        return LookupResult("invalid", BAD_INPUT)
    refusal = blocked(db, client, number, now)
    if refusal is not None:
        return refusal
    case = repo.get_case(db, number)
    ok = case is not None and digits_match(case, tail)
    # the rate limit needs the last hour; the audit log keeps the record
    db.execute(delete(LookupAttempt).where(LookupAttempt.at < now - ATTEMPTS_KEPT))
    db.add(LookupAttempt(at=now, ip_hash=client, case_id=number, ok=ok))
    db.flush()
    detail: dict[str, Any] = {"ok": ok, "client": client[:16]}
    if case is None:
        detail["number"] = number
    repo.audit(db, "public", "citizen_lookup", case.case_id if case is not None else None, **detail)
    if not ok:
        if _failures(db, now - IP_WINDOW, ip=client) == IP_MAX_FAILURES:
            repo.audit(db, "public", "citizen_lookup_blocked", None, client=client[:16], per="ip")
        if _failures(db, now - CASE_WINDOW, case_id=number) == CASE_MAX_FAILURES:
            repo.audit(db, "public", "citizen_lookup_blocked", None, number=number, per="case")
        return LookupResult("no_match", NO_MATCH)
    assert case is not None
    return LookupResult("found", stage=stage_label(case), deadline=current_deadline(db, case, settings))
