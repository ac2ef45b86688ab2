"""How things are shown: the templates and their filters, and the JSON of cases, pages, upload jobs and
documents as a given user may see them.

Every view of a case goes through the one identity policy (privacy/policy.py, via ``permissions``): a role not
cleared for a protected case's complainant gets the redacted copy (identity hidden, pages masked, original
file names replaced by neutral ones), never the original.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from ..contract import (
    CATEGORY_LABELS,
    DATE_SOURCE_LABELS,
    DOMAIN_LABELS,
    EVENT_LABELS,
    IDENTITY_FIELDS,
    LOCAL_TZ,
    ROLES,
    STATUS_LABELS,
)
from ..privacy import policy
from ..storage import repo
from ..storage.db import as_utc
from ..storage.models import AuditLog, Case, Document, Page, UploadJob
from . import deadlines
from .auth import CurrentUser
from .permissions import (
    ARCHIVE_READERS,
    EDITORS,
    RECEIPT_PRINTERS,
    UPLOADERS,
    is_admin,
    is_cleared,
    may_see_identity,
)

HIDDEN = policy.HIDDEN
LOW_CONFIDENCE = 0.8  # fields below this are highlighted, and the queue's "low confidence" filter uses it
# fields hidden from a role not cleared for a protected case's complainant
HIDDEN_FIELDS = set(IDENTITY_FIELDS) | {"signatory_count", "anonymous"}
STAGES = {
    "queued": "Chờ xử lý",
    "processing": "Đang xử lý",
    "done": "Đã tạo hồ sơ",
    "already": "Tệp này đã được tiếp nhận trước đây",
    "failed": "Không tiếp nhận được",
}
ACTION_LABELS = {
    "login": "Đăng nhập",
    "logout": "Đăng xuất",
    "login_failed": "Đăng nhập sai",
    "login_blocked": "Chặn đăng nhập (địa chỉ)",
    "account_locked": "Khóa tài khoản (đăng nhập sai)",
    "user_create": "Tạo tài khoản",
    "user_disable": "Vô hiệu hóa tài khoản",
    "user_enable": "Mở lại tài khoản",
    "user_role": "Đổi vai trò",
    "user_unit": "Đổi đơn vị",
    "user_name": "Đổi họ tên",
    "user_reset": "Đặt lại mật khẩu",
    "user_unlock": "Mở khóa tài khoản",
    "user_sessions_revoke": "Kết thúc phiên đăng nhập",
    "password_change": "Tự đổi mật khẩu",
    "totp_enable": "Bật xác thực hai lớp",
    "totp_disable": "Tắt xác thực hai lớp",
    "audit_export": "Xuất nhật ký",
    "view": "Xem hồ sơ",
    "view_image": "Xem ảnh trang",
    "download_pdf": "Tải PDF",
    "edit": "Sửa trường",
    "approve": "Duyệt",
    "return": "Trả lại",
    "confirm_field": "Xác nhận trường",
    "reopen": "Mở lại hồ sơ đã duyệt",
    "rescan": "Gắn trang quét lại",
    "view_handling": "Xem xử lý đơn",
    "units_load": "Nạp danh mục đơn vị",
    "download_letter": "Tải văn bản",
    **{f"handling_{k}": f"Xử lý đơn: {v}" for k, v in EVENT_LABELS.items()},
    "search": "Tra cứu",
    "search_save": "Lưu tìm kiếm",
    "search_delete": "Xóa tìm kiếm đã lưu",
    "view_same_person": "Xem đơn cùng người gửi",
    "dashboard_view": "Xem thống kê",
    "report_view": "Xem báo cáo",
    "report_detail": "Xem chi tiết số liệu",
    "report_download": "Tải báo cáo",
    "report_export": "Xuất báo cáo (dòng lệnh)",
    "export": "Xuất dữ liệu",
    "export_nd55": "Xuất dữ liệu CSDL quốc gia (NĐ 55)",
    "reception_visit_create": "Ghi sổ tiếp công dân",
    "reception_visit_update": "Sửa lượt tiếp công dân",
    "reception_visit_view": "Xem lượt tiếp công dân",
    "reception_visit_cancel": "Hủy lượt tiếp công dân",
    "reception_book_view": "Xem sổ tiếp công dân",
    "reception_book_export": "Tải sổ tiếp công dân",
    "reception_day_create": "Thêm ngày tiếp của lãnh đạo",
    "reception_day_conclusion": "Ghi kết luận ngày tiếp",
    "reception_days_view": "Xem lịch tiếp của lãnh đạo",
    "citizen_lookup": "Công dân tra cứu hồ sơ",
    "citizen_lookup_blocked": "Chặn tra cứu (thử sai nhiều lần)",
    "archive_upload": "Nhập lô tài liệu lưu trữ",
    "archive_view": "Xem lô lưu trữ",
    "archive_sample": "Rút mẫu kiểm tra lô lưu trữ",
    "archive_route": "Chuyển hồ sơ lưu trữ sang kiểm tra toàn bộ",
    "archive_qc_decision": "Kết luận kiểm tra chất lượng lô lưu trữ",
    "archive_export": "Xuất hộp tài liệu lưu trữ",
}
DOCUMENT_STATUS = {"failed": "Lỗi, chưa tạo được hồ sơ", "processing": "Đang xử lý", "done": "Đã tạo hồ sơ"}


# ---------------------------------------------------------------------------------------------- templates
def local_time(value: dt.datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(LOCAL_TZ).strftime(fmt)


def utc_iso(value: dt.datetime | None) -> str | None:
    """A stored time as ISO 8601 in UTC (``...Z``), as the JSON API gives times."""
    value = as_utc(value)
    return None if value is None else value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def vn_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def make_templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
    t.env.filters["local"] = local_time
    t.env.filters["vndate"] = vn_date
    t.env.globals.update(
        CATEGORY_LABELS=CATEGORY_LABELS,
        DOMAIN_LABELS=DOMAIN_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        ROLES=ROLES,
        EDITORS=EDITORS,
        UPLOADERS=UPLOADERS,
        RECEIPT_PRINTERS=RECEIPT_PRINTERS,
        ARCHIVE_READERS=ARCHIVE_READERS,
        DATE_SOURCE_LABELS=DATE_SOURCE_LABELS,
    )
    return t


TEMPLATES = make_templates()


# ---------------------------------------------------------------------------------------------- cases
def source_name(user: CurrentUser, doc: Document | None) -> str:
    """A document's file name as ``user`` may see it (original for cleared roles, else neutral)."""
    if doc is None:
        return ""
    return policy.file_name_for(user, doc.id, doc.original_name)


def visible_duplicate(db: Session, user: CurrentUser, case: Case) -> str | None:
    """``duplicate_of`` only when the user may see the identity of both cases (the link says "same person")."""
    if not case.duplicate_of:
        return None
    if is_cleared(user):
        return case.duplicate_of
    if not may_see_identity(user, case):  # decided without a query
        return None
    return case.duplicate_of if may_see_identity(user, repo.get_case(db, case.duplicate_of)) else None


def redacted_case_text(case: Case) -> str | None:
    """The redacted copy of a case's text (pages' redacted text joined), or None when there is none yet."""
    pages = [
        p for p in (case.document.pages if case.document else []) if p.page_no in (case.source_pages or [])
    ]
    if not pages or any(p.redacted_text is None for p in pages):
        return None
    return "\n\n".join(p.redacted_text or "" for p in sorted(pages, key=lambda p: p.page_no))


def case_json(
    case: Case, user: CurrentUser, db: Session | None = None, with_text: bool = True
) -> dict[str, Any]:
    """A case in the export contract, as ``user`` may see it; without ``text`` for listings (a protected case's
    redacted text would otherwise load every page of every listed case)."""
    data = repo.case_to_export(case)
    if not with_text:
        data.pop("text", None)
    data["source_file"] = source_name(user, case.document)
    data["pages"] = [
        {"page_no": n, "image": f"/api/cases/{case.case_id}/pages/{n}/image"} for n in data["source_pages"]
    ]
    if db is not None:
        data["duplicate_of"] = visible_duplicate(db, user, case)
    elif not is_cleared(user):
        data["duplicate_of"] = None
    if not is_cleared(user):
        data.pop("source_sha256", None)
    if not may_see_identity(user, case):
        data = policy.hide_identity(data, redacted_text=redacted_case_text(case) if with_text else None)
    elif is_cleared(user):
        data["identity_protected"] = bool(case.identity_protected)
        data["identity_reasons"] = policy.describe(case.identity_reasons)
    return data


def lock_info(case: Case) -> dict[str, Any] | None:
    """Who holds the case's lock, and until when (local time), or None."""
    holder = repo.lock_holder(case)
    if holder is None:
        return None
    return {"by": holder, "until": local_time(case.locked_until, "%H:%M")}


# ---------------------------------------------------------------------------------------------- pages
def page_json(case: Case, p: Page, redacted: bool) -> dict[str, Any]:
    """A page over the JSON API: the redacted text only (no words, boxes or corrections) when ``redacted``."""
    out: dict[str, Any] = {
        "page_no": p.page_no,
        "source": p.source,
        "rotation": p.rotation,
        "width": p.width,
        "height": p.height,
        "image": f"/api/cases/{case.case_id}/pages/{p.page_no}/image",
        "redacted": redacted,
    }
    if redacted:  # the redacted text only: no words, boxes or corrections (they carry the masked words)
        out["text"] = p.redacted_text if p.redacted_text is not None else policy.HIDDEN
        out["id_card"] = bool(p.id_card)
    else:
        out.update(
            {
                "confidence": p.confidence,
                "needs_manual": p.needs_manual,
                "text": p.text,
                "words": p.words,
                "corrections": p.corrections,
                "id_card": bool(p.id_card),
            }
        )
    return out


def _corrections(p: Page) -> dict[int, dict[str, Any]]:
    corr = {}
    for c in p.corrections or []:
        try:
            corr[int(c["index"])] = {"old": c.get("old"), "new": c.get("new"), "kind": c.get("kind")}
        except (KeyError, TypeError, ValueError):
            continue
    return corr


def station_pages(case: Case, pages: list, redacted: bool = False) -> list[dict[str, Any]]:
    """The pages for the station's viewer; the masked image only (no words, no corrections) when redacted."""
    out = []
    for p in pages:
        item = {
            "no": p.page_no,
            "w": p.width,
            "h": p.height,
            "rotation": p.rotation,
            "conf": 0 if redacted else round(p.confidence or 0.0),
            "manual": False if redacted else bool(p.needs_manual),
            "blank": bool(p.blank),
        }
        if redacted:  # the masked image only: no words, no corrections (they carry the masked text)
            item["redacted"] = True
        item["img"] = f"/api/cases/{case.case_id}/pages/{p.page_no}/image"
        item["words"] = (
            [] if redacted else [[w[0], w[1], w[2], w[3], w[4], round(float(w[5]))] for w in (p.words or [])]
        )
        item["corr"] = {} if redacted else _corrections(p)
        out.append(item)
    return out


def redaction_summary(pages: list) -> dict[str, Any]:
    """For a cleared verifier: whether the redacted copy exists and who reviewed it."""
    made = [p for p in pages if p.redacted_image_key]
    reviewed = [p for p in made if (p.redaction or {}).get("reviewed_by")]
    who = sorted({str(by) for p in reviewed if (by := (p.redaction or {}).get("reviewed_by"))})
    return {
        "pages": len(pages),
        "made": len(made),
        "reviewed": len(reviewed) == len(pages) and bool(pages),
        "reviewed_by": ", ".join(who),
    }


# ---------------------------------------------------------------------------------------------- uploads
def _stage(job: UploadJob) -> str:
    if job.status != "processing":
        return STAGES.get(job.status, job.status)
    if not job.pages_total:
        return "Đang kiểm tra tệp"
    if job.pages_done < job.pages_total:
        return f"Đang đọc trang {job.pages_done + 1}/{job.pages_total}"
    return "Đang tách đơn và tạo hồ sơ"


def job_json(
    job: UploadJob, cases: dict[str, Case] | None = None, extra: frozenset[dt.date] = deadlines.NO_DAYS_OFF
) -> dict[str, Any]:
    """An upload job for the desk: its stage, progress and the cases made (with their deadlines)."""
    items = []
    for cid in job.case_ids or []:
        c = (cases or {}).get(cid)
        due = deadlines.processing_deadline(c.received_at, extra=extra) if c else None
        items.append(
            {
                "case_id": cid,
                "url": f"/cases/{cid}",
                "receipt": f"/cases/{cid}/receipt",
                "deadline": due.strftime("%d/%m/%Y") if due else None,
            }
        )
    return {
        "id": job.id,
        "filename": job.filename,
        "size": job.size,
        "status": job.status,
        "stage": _stage(job),
        "pages_total": job.pages_total,
        "pages_done": job.pages_done,
        "cases": items,
        "error": job.error,
        "warning": job.warning,
        "finished": job.status in ("done", "already", "failed"),
        "created_at": local_time(job.created_at, "%H:%M:%S %d/%m/%Y"),
    }


def jobs_json(db: Session, jobs: list[UploadJob], extra: frozenset[dt.date]) -> list[dict[str, Any]]:
    ids = [c for j in jobs for c in (j.case_ids or [])]
    cases = {c.case_id: c for c in repo.cases_by_ids(db, ids) if c.case_id}
    return [job_json(j, cases, extra) for j in jobs]


def document_json(d: Document, pages_read: int, user: CurrentUser) -> dict[str, Any]:
    """A document as ``user`` may see it: original file names (which often carry a person's name) only for
    roles cleared for a denouncer's identity (privacy/policy.py), a neutral name for the others."""
    out = {
        "id": d.id,
        "original_name": policy.file_name_for(user, d.id, d.original_name),
        "sha256": d.sha256,
        "status": d.status,
        "status_label": DOCUMENT_STATUS.get(d.status, d.status),
        "error": d.error,
        "pages": d.page_count,
        "pages_read": pages_read,
        "media_type": d.media_type,
        "received_at": local_time(d.created_at),
        "updated_at": local_time(d.updated_at),
    }
    if is_admin(user):
        out["error_detail"] = d.error_detail
    return out


def audit_row(a: AuditLog) -> dict[str, Any]:
    return {
        "id": a.id,
        "at": local_time(a.at, "%d/%m/%Y %H:%M:%S"),
        "actor": a.actor,
        "action": a.action,
        "action_label": ACTION_LABELS.get(a.action, a.action),
        "case_id": a.case_id or "",
        "detail": json.dumps(a.detail or {}, ensure_ascii=False, default=str),
    }
