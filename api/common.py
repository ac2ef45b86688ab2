"""What the app's route modules share: templates, labels, time display, dependencies, the role sets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from ..privacy import policy
from ..privacy.policy import CLEARED_ROLES as CLEARED_FOR_DENOUNCER
from ..privacy.policy import HIDDEN  # noqa: F401  (re-exported)
from ..storage import repo
from ..storage.models import ROLES, Case, Document
from .auth import CurrentUser, check_csrf

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CATEGORY_LABELS = {
    "khieu_nai": "Khiếu nại",
    "to_cao": "Tố cáo",
    "kien_nghi": "Kiến nghị",
    "phan_anh": "Phản ánh",
}
DOMAIN_LABELS = {
    "dat_dai": "Đất đai",
    "nha_tai_san": "Nhà ở, tài sản, xây dựng",
    "chinh_sach": "Chính sách, chế độ",
    "tu_phap": "Tư pháp",
    "tham_nhung": "Tham nhũng, tiêu cực",
    "moi_truong": "Môi trường",
    "dang_doan_the": "Đảng, đoàn thể",
    "khac": "Khác",
}
STATUS_LABELS = {"pending_verification": "Chờ xác minh", "verified": "Đã xác minh", "returned": "Trả lại"}
FIELD_LABELS = [
    ("category", "Loại đơn"),
    ("domain", "Lĩnh vực"),
    ("name", "Người gửi đơn"),
    ("address", "Địa chỉ"),
    ("id_number", "Số CCCD/CMND"),
    ("phone", "Số điện thoại"),
    ("recipient", "Kính gửi"),
    ("respondent", "Người/cơ quan bị khiếu nại, tố cáo"),
    ("subject", "Về việc"),
    ("petition_date", "Ngày viết đơn"),
    ("signatory_count", "Số người ký"),
    ("anonymous", "Nặc danh"),
    ("duplicate_of", "Trùng với hồ sơ"),
]
IDENTITY_FIELDS = policy.IDENTITY_FIELDS
LOW_CONFIDENCE = 0.8  # fields below this are highlighted, and the queue's "low confidence" filter uses it

# ---------------------------------------------------------------------------------------------- permissions
# verifiers, supervisors and admins check, edit, approve and return cases (and only they are cleared to see
# a denouncer's identity: privacy.policy.CLEARED_ROLES)
EDITORS = ("verifier", "supervisor", "admin")
# reception uploads scans and follows them through the pipeline
UPLOADERS = ("reception", "admin")
# receipts (phiếu tiếp nhận) are printed at the desk, and re-printed by whoever handles the case
RECEIPT_PRINTERS = ("reception", "verifier", "supervisor", "admin")
assert set(EDITORS) <= CLEARED_FOR_DENOUNCER


def local_time(value: dt.datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(LOCAL_TZ).strftime(fmt)


def vn_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def make_templates():  # noqa: ANN201
    from fastapi.templating import Jinja2Templates

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
    )
    return t


TEMPLATES = make_templates()


def may_see_identity(user: CurrentUser, case: Case | None) -> bool:
    """The one identity policy (privacy/policy.py): fails closed."""
    return policy.may_see_identity(user, case)


def source_name(user: CurrentUser, doc: Document | None) -> str:
    """A document's file name as ``user`` may see it (original for cleared roles, else neutral)."""
    if doc is None:
        return ""
    return policy.file_name_for(user, doc.id, doc.original_name)


def visible_duplicate(db: Session, user: CurrentUser, case: Case) -> str | None:
    """``duplicate_of`` only when the user may see the identity of both cases (the link says "same person")."""
    if not case.duplicate_of:
        return None
    if policy.is_cleared(user):
        return case.duplicate_of
    other = repo.get_case(db, case.duplicate_of)
    if not may_see_identity(user, case) or not may_see_identity(user, other):
        return None
    return case.duplicate_of


def redacted_case_text(case: Case) -> str | None:
    """The redacted copy of a case's text (pages' redacted text joined), or None when there is none yet."""
    pages = [
        p for p in (case.document.pages if case.document else []) if p.page_no in (case.source_pages or [])
    ]
    if not pages or any(p.redacted_text is None for p in pages):
        return None
    return "\n\n".join(p.redacted_text or "" for p in sorted(pages, key=lambda p: p.page_no))


def case_json(case: Case, user: CurrentUser, db: Session | None = None) -> dict[str, Any]:
    data = repo.case_to_export(case)
    data["source_file"] = source_name(user, case.document)
    data["pages"] = [
        {"page_no": n, "image": f"/api/cases/{case.case_id}/pages/{n}/image"} for n in data["source_pages"]
    ]
    if db is not None:
        data["duplicate_of"] = visible_duplicate(db, user, case)
    elif not policy.is_cleared(user):
        data["duplicate_of"] = None
    if not policy.is_cleared(user):
        data.pop("source_sha256", None)
    if not may_see_identity(user, case):
        data = policy.hide_identity(data, redacted_text=redacted_case_text(case))
    elif policy.is_cleared(user):
        data["identity_protected"] = bool(case.identity_protected)
        data["identity_reasons"] = policy.describe(case.identity_reasons)
    return data


# ---------------------------------------------------------------------------------------------- dependencies
def get_db(request: Request) -> Iterator[Session]:
    """A transaction per request: committed when the route returns, rolled back on any error."""
    db = request.app.state.sessions()
    try:
        yield db
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()


async def csrf_protect(request: Request) -> None:
    """CSRF check for POSTs: the ``X-CSRF-Token`` header (fetch) or the ``csrf`` form field (plain forms)."""
    token = request.headers.get("x-csrf-token")
    if token is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf")
        token = value if isinstance(value, str) else None
    check_csrf(request, token)


def client_ip(request: Request) -> str:
    """The client's address: X-Forwarded-For only from DONTHU_TRUSTED_PROXIES (api/proxies.py)."""
    from .proxies import client_address

    return client_address(request.scope, request.app.state.settings.trusted_proxies)


def not_found(what: str = "Không có hồ sơ này") -> HTTPException:
    return HTTPException(404, what)
