"""Role checks on every route: a table of the expected status for each route and each role (and anonymous).

The table must name every route of the app: a new route without a row fails this test until its permissions
are decided here. Permission matrix (✓ allowed, ✗ 403; anonymous: 401 on /api/*, a redirect to /login elsewhere):

| route group                                   | reception | verifier | archivist | supervisor | admin |
|-----------------------------------------------|-----------|----------|-----------|------------|-------|
| queue, case screen, case/page/PDF JSON, me    | ✓         | ✓        | ✓         | ✓          | ✓     |
| claim, release, edit, approve, return, history| ✗         | ✓        | ✗         | ✓          | ✓     |
| reception desk, uploads                       | ✓         | ✗        | ✗         | ✗          | ✓     |
| receipts (phiếu tiếp nhận)                    | ✓         | ✓        | ✗         | ✓          | ✓     |
| a denouncer's pages, page images, PDF (tố cáo)| redacted  | ✓        | redacted  | ✓          | ✓     |
| redacted copy: review, add boxes              | ✗         | ✓        | ✗         | ✓          | ✓     |
| failed files: list                            | ✓         | ✓        | ✓         | ✓          | ✓     |
| failed files: retry                           | ✓         | ✗        | ✗         | ✓          | ✓     |
| own password, own TOTP (/account/*)           | ✓         | ✓        | ✓         | ✓          | ✓     |
| accounts screen (/admin/users, /api/admin/*)  | ✗         | ✗        | ✗         | ✗          | ✓     |
| audit viewer and export (/admin/audit*)       | ✗         | ✗        | ✗         | ✓          | ✓     |
| units list, a case's handling (JSON)          | ✓         | ✓        | ✓         | ✓          | ✓     |
| handling screens, checklist, decisions, letters| ✗         | ✓        | ✗         | ✓          | ✓     |
| handling: the head's decision on destroying   | ✗         | ✗        | ✗         | ✓          | ✓     |
| units tree and its upload (/admin/units)      | ✗         | ✗        | ✗         | ✗          | ✓     |
| tra cứu, saved searches, same person          | ✓         | ✓        | ✓         | ✓          | ✓     |
| sổ tiếp công dân: book, XLSX, days (read)     | ✓         | ✓        | ✗         | ✓          | ✓     |
| sổ tiếp công dân: log, correct, cancel, days  | ✓         | ✗        | ✗         | ✓          | ✓     |
| exports from the web (/xuat-du-lieu*)         | ✗         | ✗        | ✗         | ✓          | ✓     |
| dashboard, report forms (/thong-ke, /bao-cao*)| ✗         | ✗        | ✗         | ✓          | ✓     |
| archive batches: list, batch page, progress JSON| ✗        | ✗        | ✓         | ✓          | ✓     |
| archive: upload a box, draw a sample, route    | ✗         | ✗        | ✓         | ✗          | ✓     |
| citizen look-up (/tra-cuu-ho-so): public, anonymous too; the POST needs the form's CSRF token          |

An archivist acts in the station only on historical cases (archive_review): 403 on every live case above
(tests/api/test_archive_web.py covers the archive side).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from stationkit import PASSWORD, ROLES, login, seed_case, token, users

from donthu.api.app import create_app
from donthu.config import get_settings
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import Document
from donthu.storage.objects import make_store
from donthu.storage.users import create_user

ANON = "anonymous"
WHO = (ANON, *ROLES)
EDIT = {"verifier", "supervisor", "admin"}
UPLOAD = {"reception", "admin"}
RECEIPT = {"reception", "verifier", "supervisor", "admin"}
RETRY = {"reception", "supervisor", "admin"}
ALL = set(ROLES)
ADMIN = {"admin"}
AUDIT = {"admin", "supervisor"}
LEADERS = {"supervisor", "admin"}  # dashboard and report forms
ARCHIVISTS = {"archivist", "admin"}  # archive import and quality control (api/routes/archive.py)
ARCHIVE_READ = {"archivist", "supervisor", "admin"}
_TODAY = dt.date.today()
PERIOD = (
    f"from={_TODAY - dt.timedelta(days=60)}&to={_TODAY + dt.timedelta(days=1)}"  # the seeded cases' period
)


def expect(allowed: set[str], ok: int = 200, anon: int = 303, denied: int = 403) -> dict[str, int]:
    out = {ANON: anon}
    for role in ROLES:
        out[role] = ok if role in allowed else denied
    return out


def everyone(code: int) -> dict[str, int]:
    return {w: code for w in WHO}


# (method, route path) -> (expected status per role, request builder)
# a builder gets (role, seeded ids) and returns (url, keyword arguments for the request)
Builder = Callable[[str, SimpleNamespace], tuple[str, dict[str, Any]]]


def url(template: str, **kw: Any) -> Builder:
    def build(role: str, ids: SimpleNamespace) -> tuple[str, dict[str, Any]]:
        values = {k: (v(role, ids) if callable(v) else v) for k, v in kw.items()}
        return template.format(**values), {}

    return build


def with_body(template: str, body: Callable[[str, SimpleNamespace], dict[str, Any]], **kw: Any) -> Builder:
    base = url(template, **kw)

    def build(role: str, ids: SimpleNamespace) -> tuple[str, dict[str, Any]]:
        u, _ = base(role, ids)
        return u, body(role, ids)

    return build


def read_case(_role: str, ids: SimpleNamespace) -> str:
    return ids.read


def own(route: str) -> Callable[[str, SimpleNamespace], str]:
    """A case of its own for each (route, role): the mutating routes never step on each other."""
    return lambda role, ids: ids.own[(route, role)]


# the sổ tiếp công dân (api/routes/reception_log.py): the desk, supervisors and admins write; verifiers read
TCD_READ = {"reception", "verifier", "supervisor", "admin"}
TCD_WRITE = {"reception", "supervisor", "admin"}


def reception_rows(_role: str, ids: SimpleNamespace) -> SimpleNamespace:
    """Made on first use, in the home unit (the accounts have no unit): a visit to read and correct, one to
    cancel for each role, a leaders' reception day."""
    if not hasattr(ids, "reception"):
        from donthu.handling import views
        from donthu.reception.models import ReceptionDay, ReceptionVisit

        with session_scope() as db:
            unit = views.home_unit(db, get_settings())
            at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
            visits = [
                ReceptionVisit(
                    unit_code=unit,
                    visited_at=at,
                    kind="thuong_xuyen",
                    host="reception",
                    actor="reception",
                    citizen_name="Phan Thị Mai",
                    content="Khiếu nại quyết định thu hồi đất",
                    content_class="khieu_nai",
                    outcome="huong_dan",
                )
                for _ in range(len(WHO) + 1)
            ]
            day = ReceptionDay(
                unit_code=unit, day=at.date(), kind="dinh_ky", leader_name="Trần An", actor="x"
            )
            db.add_all([*visits, day])
            db.flush()
            ids.reception = SimpleNamespace(
                visit=visits[0].id, cancel={w: v.id for w, v in zip(WHO, visits[1:], strict=True)}, day=day.id
            )
    return ids.reception


def archive_batch(_role: str, ids: SimpleNamespace) -> int:
    """Made on first use: a finished archive batch with two historical cases (the sample draw of the first
    allowed role succeeds, the next one's is refused with a message: both answer the batch page, 303)."""
    if not hasattr(ids, "archive_batch"):
        from donthu.storage.models import ArchiveBatch

        store = make_store(get_settings())
        with session_scope() as db:
            batch = ArchiveBatch(name="Hộp 1", created_by="archivist", status="done")
            db.add(batch)
            db.flush()
            for n in (9001, 9002):
                case = seed_case(
                    db, store, n, status="archived", received_at=dt.datetime(2022, 3, 1, tzinfo=dt.UTC)
                )
                case.archive_batch_id, case.archive_box = batch.id, "1"
            ids.archive_batch = batch.id
    return int(ids.archive_batch)


def visit_body(role: str, ids: SimpleNamespace) -> dict[str, Any]:
    from donthu.contract import LOCAL_TZ

    at = dt.datetime.now(LOCAL_TZ) - dt.timedelta(minutes=10)
    return {
        "data": {
            "csrf": ids.csrf[role],
            "visited_at": at.strftime("%Y-%m-%dT%H:%M"),
            "kind": "thuong_xuyen",
            "citizen_name": f"Công dân {role}",
            "people_count": "1",
            "content": "Hỏi thủ tục cấp giấy chứng nhận",
            "content_class": "kien_nghi_phan_anh",
            "outcome": "huong_dan",
        }
    }


TABLE: dict[tuple[str, str], tuple[dict[str, int], Builder]] = {
    ("GET", "/static"): (everyone(200), url("/static/station.css")),
    ("GET", "/healthz"): (everyone(200), url("/healthz")),
    # loopback or DONTHU_METRICS_TOKEN only; a login gives no access (tests/system/test_metrics.py)
    ("GET", "/metrics"): (everyone(403), url("/metrics")),
    ("GET", "/login"): (everyone(200), url("/login")),
    # public; wrong credentials for a per-role user name, so the rate limit is not reached
    ("POST", "/login"): (
        everyone(401),
        with_body(
            "/login",
            lambda role, ids: {
                "data": {"username": f"khong-co-{role}", "password": "sai-mat-khau-1", "csrf": ids.csrf[role]}
            },
        ),
    ),
    ("POST", "/logout"): (
        everyone(303),
        with_body("/logout", lambda role, ids: {"data": {"csrf": ids.csrf[role]}}),
    ),
    ("GET", "/openapi.json"): (expect(ALL), url("/openapi.json")),
    ("GET", "/docs"): (expect(ALL), url("/docs")),
    ("GET", "/redoc"): (expect(ALL), url("/redoc")),
    # Swagger UI's and ReDoc's own files (public, like /static): no CDN
    ("GET", "/static/docs"): (everyone(200), url("/static/docs/swagger-ui-bundle.js")),
    ("GET", "/"): (expect(ALL), url("/")),
    ("POST", "/queue/next"): (
        expect(EDIT, ok=303),
        with_body(
            "/queue/next", lambda role, ids: {"data": {"csrf": ids.csrf[role], "category": "phan_anh"}}
        ),
    ),
    ("GET", "/cases/{case_id}"): (expect(ALL), url("/cases/{c}", c=read_case)),
    ("POST", "/api/cases/{case_id}/claim"): (
        expect(EDIT, anon=401),
        url("/api/cases/{c}/claim", c=own("claim")),
    ),
    ("POST", "/api/cases/{case_id}/release"): (
        expect(EDIT, anon=401),
        url("/api/cases/{c}/release", c=own("release")),
    ),
    ("POST", "/api/cases/{case_id}/fields"): (
        expect(EDIT, anon=401),
        with_body(
            "/api/cases/{c}/fields",
            lambda role, ids: {"json": {"field": "subject", "value": f"sửa bởi {role}"}},
            c=own("fields"),
        ),
    ),
    ("POST", "/api/cases/{case_id}/approve"): (
        expect(EDIT, anon=401),
        with_body("/api/cases/{c}/approve", lambda role, ids: {"json": {}}, c=own("approve")),
    ),
    ("POST", "/api/cases/{case_id}/confirm"): (
        expect(EDIT, anon=401),
        with_body(
            "/api/cases/{c}/confirm", lambda role, ids: {"json": {"field": "subject"}}, c=own("confirm")
        ),
    ),
    ("POST", "/api/cases/{case_id}/reopen"): (
        expect({"supervisor", "admin"}, anon=401),
        with_body(
            "/api/cases/{c}/reopen", lambda role, ids: {"json": {"reason": "sai tên"}}, c=own("reopen")
        ),
    ),
    ("POST", "/api/cases/{case_id}/rescan"): (  # the verified case is not returned: refused before reading
        expect(UPLOAD, ok=409, anon=401),
        with_body(
            "/api/cases/{c}/rescan",
            lambda role, ids: {"files": {"file": ("quet-lai.jpg", b"\xff\xd8", "image/jpeg")}},
            c=read_case,
        ),
    ),
    ("POST", "/api/cases/{case_id}/return"): (
        expect(EDIT, anon=401),
        with_body("/api/cases/{c}/return", lambda role, ids: {"json": {"reason": "ảnh mờ"}}, c=own("return")),
    ),
    ("GET", "/api/cases/{case_id}/history"): (
        expect(EDIT, anon=401),
        url("/api/cases/{c}/history", c=read_case),
    ),
    ("GET", "/reception"): (expect(UPLOAD), url("/reception")),
    ("POST", "/api/uploads"): (
        expect(UPLOAD, anon=401),
        with_body(
            "/api/uploads",
            lambda role, ids: {"files": {"file": (f"{role}.txt", b"khong phai ban quet", "text/plain")}},
        ),
    ),
    ("GET", "/api/uploads"): (expect(UPLOAD, anon=401), url("/api/uploads")),
    ("GET", "/api/uploads/{job_id}"): (
        expect(UPLOAD, anon=401),
        url("/api/uploads/{j}", j=lambda r, ids: ids.job),
    ),
    ("GET", "/cases/{case_id}/receipt"): (expect(RECEIPT), url("/cases/{c}/receipt", c=read_case)),
    ("GET", "/receipts"): (expect(RECEIPT), url("/receipts?ids={c}", c=read_case)),
    ("GET", "/api/cases"): (expect(ALL, anon=401), url("/api/cases")),
    ("GET", "/api/cases/{case_id}"): (expect(ALL, anon=401), url("/api/cases/{c}", c=read_case)),
    ("GET", "/api/cases/{case_id}/pages"): (expect(ALL, anon=401), url("/api/cases/{c}/pages", c=read_case)),
    ("GET", "/api/cases/{case_id}/pages/{page_no}/image"): (
        expect(ALL, anon=401),
        url("/api/cases/{c}/pages/1/image", c=read_case),
    ),
    ("GET", "/api/cases/{case_id}/pdf"): (expect(ALL, anon=401), url("/api/cases/{c}/pdf", c=read_case)),
    ("GET", "/api/documents"): (expect(ALL, anon=401), url("/api/documents")),
    ("GET", "/documents"): (expect(ALL), url("/documents")),
    ("POST", "/documents/{doc_id}/retry"): (
        expect(RETRY, ok=303),
        with_body(
            "/documents/{d}/retry",
            lambda role, ids: {"data": {"csrf": ids.csrf[role]}},
            d=lambda role, ids: ids.failed[("retry", role)],
        ),
    ),
    ("POST", "/api/documents/{doc_id}/retry"): (
        expect(RETRY, ok=202, anon=401),
        url("/api/documents/{d}/retry", d=lambda role, ids: ids.failed[("api-retry", role)]),
    ),
    ("GET", "/api/me"): (expect(ALL, anon=401), url("/api/me")),
    # the redacted copy of a protected case: reviewed (and extended) by the cleared roles only
    ("GET", "/cases/{case_id}/redacted"): (expect(EDIT), url("/cases/{c}/redacted", c=read_case)),
    ("GET", "/api/cases/{case_id}/pages/{page_no}/redacted"): (
        expect(EDIT, anon=401),
        url("/api/cases/{c}/pages/1/redacted", c=read_case),
    ),
    ("POST", "/api/cases/{case_id}/redaction"): (
        expect(EDIT, anon=401),
        with_body(
            "/api/cases/{c}/redaction",
            lambda role, ids: {"json": {"boxes": {"1": [[0, 0, 10, 10]]}}},
            c=read_case,
        ),
    ),
    # the second login step answers only a half-open (password checked, TOTP pending) session
    ("GET", "/login/totp"): (everyone(303), url("/login/totp")),
    ("POST", "/login/totp"): (
        everyone(403),
        with_body("/login/totp", lambda role, ids: {"data": {"csrf": ids.csrf[role], "code": "123456"}}),
    ),
    ("GET", "/account/password"): (expect(ALL), url("/account/password")),
    # the wrong current password: 400 (the form again), not a change
    ("POST", "/account/password"): (
        expect(ALL, ok=400),
        with_body(
            "/account/password",
            lambda role, ids: {
                "data": {
                    "csrf": ids.csrf[role],
                    "old": "khong-phai-mat-khau",
                    "new": "mây trắng bay 7 ngả",
                    "again": "mây trắng bay 7 ngả",
                }
            },
        ),
    ),
    ("GET", "/account/totp"): (expect(ALL), url("/account/totp")),
    ("POST", "/account/totp"): (
        expect(ALL, ok=400),
        with_body("/account/totp", lambda role, ids: {"data": {"csrf": ids.csrf[role], "code": "abc"}}),
    ),
    ("GET", "/admin/users"): (expect(ADMIN), url("/admin/users")),
    ("POST", "/admin/users"): (
        expect(ADMIN),
        with_body(
            "/admin/users",
            lambda role, ids: {
                "data": {
                    "csrf": ids.csrf[role],
                    "username": f"moi-{role}",
                    "role": "archivist",
                    "full_name": "Cán bộ mới",
                    "unit": "Ban tiếp công dân",
                    "password": "",
                }
            },
        ),
    ),
    ("GET", "/api/admin/users"): (expect(ADMIN, anon=401), url("/api/admin/users")),
    ("GET", "/admin/users/{user_id}"): (expect(ADMIN), url("/admin/users/{u}", u=lambda r, ids: ids.target)),
    ("POST", "/admin/users/{user_id}/active"): (
        expect(ADMIN, ok=303),
        with_body(
            "/admin/users/{u}/active",
            lambda role, ids: {"data": {"csrf": ids.csrf[role], "active": "1"}},
            u=lambda r, ids: ids.target,
        ),
    ),
    ("POST", "/admin/users/{user_id}/role"): (
        expect(ADMIN, ok=303),
        with_body(
            "/admin/users/{u}/role",
            lambda role, ids: {"data": {"csrf": ids.csrf[role], "role": "archivist"}},
            u=lambda r, ids: ids.target,
        ),
    ),
    ("POST", "/admin/users/{user_id}/unit"): (
        expect(ADMIN, ok=303),
        with_body(
            "/admin/users/{u}/unit",
            lambda role, ids: {"data": {"csrf": ids.csrf[role], "unit": "Phòng 2"}},
            u=lambda r, ids: ids.target,
        ),
    ),
    ("POST", "/admin/users/{user_id}/reset"): (
        expect(ADMIN),
        with_body(
            "/admin/users/{u}/reset",
            lambda role, ids: {"data": {"csrf": ids.csrf[role], "password": ""}},
            u=lambda r, ids: ids.target,
        ),
    ),
    ("POST", "/admin/users/{user_id}/unlock"): (
        expect(ADMIN, ok=303),
        with_body(
            "/admin/users/{u}/unlock",
            lambda role, ids: {"data": {"csrf": ids.csrf[role]}},
            u=lambda r, ids: ids.target,
        ),
    ),
    ("POST", "/admin/users/{user_id}/sessions"): (
        expect(ADMIN, ok=303),
        with_body(
            "/admin/users/{u}/sessions",
            lambda role, ids: {"data": {"csrf": ids.csrf[role]}},
            u=lambda r, ids: ids.target,
        ),
    ),
    ("POST", "/admin/users/{user_id}/totp"): (
        expect(ADMIN, ok=303),
        with_body(
            "/admin/users/{u}/totp",
            lambda role, ids: {"data": {"csrf": ids.csrf[role]}},
            u=lambda r, ids: ids.target,
        ),
    ),
    ("GET", "/admin/audit"): (expect(AUDIT), url("/admin/audit")),
    ("GET", "/admin/audit.csv"): (expect(AUDIT), url("/admin/audit.csv")),
    # handling after verification (api/routes/handling.py, handling_pages.py). The read case is verified but has
    # not entered handling (no stage): an allowed role passes the checks and the decision is refused (409)
    ("GET", "/api/units"): (expect(ALL, anon=401), url("/api/units")),
    ("GET", "/api/cases/{case_id}/handling"): (
        expect(ALL, anon=401),
        url("/api/cases/{c}/handling", c=read_case),
    ),
    ("GET", "/api/cases/{case_id}/checklist"): (
        expect(EDIT, anon=401),
        url("/api/cases/{c}/checklist", c=read_case),
    ),
    **{
        ("POST", f"/api/cases/{{case_id}}/{action}"): (
            expect(EDIT, ok=409, anon=401),
            with_body(f"/api/cases/{{c}}/{action}", lambda role, ids, b=body: {"json": b}, c=read_case),
        )
        for action, body in (
            ("classify", {"content_class": "khieu_nai", "eligible": True, "competent": True}),
            ("handling", {"direction": "luu_don", "note": "lưu"}),
            ("assign", {"officer": "verifier"}),
            ("steps", {"step": "làm việc với người khiếu nại"}),
            ("extend", {"clock": "kn_giai_quyet_1", "days": 5, "reason": "vụ việc phức tạp"}),
            ("result", {"result": "kn_dung"}),
            ("notice", {}),
            ("close", {}),
            ("don-doc", {}),
            ("reply", {"note": "văn bản phúc đáp"}),
            ("destroy/propose", {}),
        )
    },
    ("POST", "/api/cases/{case_id}/destroy/decide"): (
        expect({"supervisor", "admin"}, ok=409, anon=401),
        with_body(
            "/api/cases/{c}/destroy/decide", lambda role, ids: {"json": {"destroy": False}}, c=read_case
        ),
    ),
    # no letter issued for the read case: 404 once the role may ask
    ("GET", "/api/cases/{case_id}/letters/{kind}"): (
        expect(EDIT, ok=404, anon=401),
        url("/api/cases/{c}/letters/de_xuat_thu_ly?format=docx", c=read_case),
    ),
    ("GET", "/xu-ly"): (expect(EDIT), url("/xu-ly")),
    ("GET", "/cases/{case_id}/xu-ly"): (expect(EDIT), url("/cases/{c}/xu-ly", c=read_case)),
    ("GET", "/admin/units"): (expect(ADMIN), url("/admin/units")),
    # a units file with errors: 400 with the problems listed, the tree unchanged
    ("POST", "/admin/units"): (
        expect(ADMIN, ok=400),
        with_body(
            "/admin/units",
            lambda role, ids: {
                "data": {"csrf": ids.csrf[role]},
                "files": {"file": ("don-vi.csv", b"code,name\nX,\n", "text/csv")},
            },
        ),
    ),
    # tra cứu (api/routes/search.py, tests/api/test_search_web.py): every role, each finds its units' cases as the
    # identity policy allows; a saved search is kept (303); deleting one that is not the caller's is a 404
    ("GET", "/api/search"): (expect(ALL, anon=401), url("/api/search?q=phan+thi+mai&domain=dat_dai")),
    ("GET", "/tra-cuu"): (expect(ALL), url("/tra-cuu?q=phan+thi+mai&domain=dat_dai")),
    ("POST", "/tra-cuu/da-luu"): (
        expect(ALL, ok=303),
        with_body(
            "/tra-cuu/da-luu",
            lambda role, ids: {
                "data": {"csrf": ids.csrf[role], "name": f"Tìm của {role}", "q": "phan thi mai"}
            },
        ),
    ),
    ("POST", "/tra-cuu/da-luu/{saved_id}/xoa"): (
        expect(ALL, ok=404),
        with_body(
            "/tra-cuu/da-luu/{s}/xoa", lambda role, ids: {"data": {"csrf": ids.csrf[role]}}, s=2**31 - 1
        ),
    ),
    ("GET", "/cases/{case_id}/cung-nguoi"): (expect(ALL), url("/cases/{c}/cung-nguoi", c=read_case)),
    # exports from the web (api/routes/exports.py): supervisors and admins (tests/api/test_exports_web.py)
    ("GET", "/xuat-du-lieu"): (expect(AUDIT), url("/xuat-du-lieu")),
    ("GET", "/xuat-du-lieu/tai-ve"): (expect(AUDIT), url("/xuat-du-lieu/tai-ve?format=csv")),
    # the dashboard and the TT 02/2021 report forms (api/routes/reports.py, tests/api/test_dashboard.py,
    # test_reports_web.py): supervisors and admins, for their own unit's subtree
    ("GET", "/thong-ke"): (expect(LEADERS), url("/thong-ke")),
    ("GET", "/api/dashboard"): (expect(LEADERS, anon=401), url("/api/dashboard?period=quy")),
    ("GET", "/bao-cao"): (expect(LEADERS), url("/bao-cao?form=01%2FXLD")),
    ("GET", "/bao-cao/chi-tiet"): (
        expect(LEADERS),
        url(f"/bao-cao/chi-tiet?form=01%2FXLD&key=tong:c1&{PERIOD}"),
    ),
    ("GET", "/bao-cao/tai-ve"): (expect(LEADERS), url(f"/bao-cao/tai-ve?form=01%2FXLD&format=xlsx&{PERIOD}")),
    # the citizen's look-up (api/routes/lookup.py): public; the right digits (the read case's ID number), so the
    # failed-try limit is not reached (tests/api/test_citizen_lookup.py)
    ("GET", "/tra-cuu-ho-so"): (everyone(200), url("/tra-cuu-ho-so?ma={c}", c=read_case)),
    ("POST", "/tra-cuu-ho-so"): (
        everyone(200),
        with_body(
            "/tra-cuu-ho-so",
            lambda role, ids: {"data": {"ma": ids.read, "so": "2345", "csrf": ids.csrf[role]}},
        ),
    ),
    # the sổ tiếp công dân (tests/api/test_reception_log.py): valid forms, so an allowed role is redirected (303)
    ("GET", "/tiep-cong-dan"): (expect(TCD_READ), url("/tiep-cong-dan")),
    ("POST", "/tiep-cong-dan"): (expect(TCD_WRITE, ok=303), with_body("/tiep-cong-dan", visit_body)),
    ("GET", "/tiep-cong-dan/so.xlsx"): (expect(TCD_READ), url("/tiep-cong-dan/so.xlsx")),
    ("GET", "/tiep-cong-dan/lich"): (expect(TCD_READ), url("/tiep-cong-dan/lich")),
    ("POST", "/tiep-cong-dan/lich"): (
        expect(TCD_WRITE, ok=303),
        with_body(
            "/tiep-cong-dan/lich",
            lambda role, ids: {
                "data": {
                    "csrf": ids.csrf[role],
                    "day": "2026-03-02",
                    "kind": "dot_xuat",
                    "leader_name": "Trần An",
                }
            },
        ),
    ),
    ("POST", "/tiep-cong-dan/lich/{day_id}/ket-luan"): (
        expect(TCD_WRITE, ok=303),
        with_body(
            "/tiep-cong-dan/lich/{d}/ket-luan",
            lambda role, ids: {"data": {"csrf": ids.csrf[role], "conclusion": f"Kết luận ({role})"}},
            d=lambda role, ids: reception_rows(role, ids).day,
        ),
    ),
    ("GET", "/tiep-cong-dan/{visit_id}"): (
        expect(TCD_READ),
        url("/tiep-cong-dan/{v}", v=lambda role, ids: reception_rows(role, ids).visit),
    ),
    ("POST", "/tiep-cong-dan/{visit_id}"): (
        expect(TCD_WRITE, ok=303),
        with_body("/tiep-cong-dan/{v}", visit_body, v=lambda role, ids: reception_rows(role, ids).visit),
    ),
    ("POST", "/tiep-cong-dan/{visit_id}/huy"): (
        expect(TCD_WRITE, ok=303),
        with_body(
            "/tiep-cong-dan/{v}/huy",
            lambda role, ids: {"data": {"csrf": ids.csrf[role], "cancel_reason": "ghi nhầm"}},
            v=lambda role, ids: reception_rows(role, ids).cancel[role],
        ),
    ),
    # the archivist's pages (api/routes/archive.py, tests/api/test_archive_web.py); the upload's manifest has no
    # file column: refused (422) once the role may upload, before anything is imported; anonymous uploads are
    # refused by the request guard before the body is read (401)
    ("GET", "/luu-tru"): (expect(ARCHIVE_READ), url("/luu-tru")),
    ("POST", "/luu-tru/nhap"): (
        expect(ARCHIVISTS, ok=422, anon=401),
        with_body(
            "/luu-tru/nhap",
            lambda role, ids: {
                "files": [
                    ("files", (f"{role}.jpg", b"\xff\xd8", "image/jpeg")),
                    ("manifest", ("danh-muc.csv", b"ngay,hop\n01/02/2022,1\n", "text/csv")),
                ]
            },
        ),
    ),
    ("GET", "/luu-tru/{batch_id}"): (expect(ARCHIVE_READ), url("/luu-tru/{b}", b=archive_batch)),
    ("GET", "/api/archive/batches/{batch_id}"): (
        expect(ARCHIVE_READ, anon=401),
        url("/api/archive/batches/{b}", b=archive_batch),
    ),
    ("POST", "/luu-tru/{batch_id}/mau"): (
        expect(ARCHIVISTS, ok=303),
        with_body(
            "/luu-tru/{b}/mau",
            lambda role, ids: {"data": {"csrf": ids.csrf[role], "aql": "1.0", "level": "II"}},
            b=archive_batch,
        ),
    ),
    ("POST", "/luu-tru/{batch_id}/do-tin-cay-thap"): (
        expect(ARCHIVISTS, ok=303),
        with_body(
            "/luu-tru/{b}/do-tin-cay-thap",
            lambda role, ids: {"data": {"csrf": ids.csrf[role], "threshold": "0.6"}},
            b=archive_batch,
        ),
    ),
    ("GET", "/luu-tru/hop/{box}.zip"): (
        expect(ARCHIVISTS),
        url("/luu-tru/hop/1.zip?batch={b}", b=archive_batch),
    ),
    ("POST", "/luu-tru/{batch_id}/kiem-tra-toan-bo"): (
        expect(ARCHIVISTS, ok=303),
        with_body(
            "/luu-tru/{b}/kiem-tra-toan-bo",
            lambda role, ids: {"data": {"csrf": ids.csrf[role]}},
            b=archive_batch,
        ),
    ),
}

# a denunciation (tố cáo): identity, page images and the scan only for the cleared roles (Luật Tố cáo art. 8);
# the others get the redacted copy (tests/api/test_identity_policy.py checks what it shows)
CLEARED = {"verifier", "supervisor", "admin"}
PRIVATE = {
    "/api/cases/{c}/pages": expect(ALL, anon=401),
    "/api/cases/{c}/pages/1/image": expect(ALL, anon=401),
    "/api/cases/{c}/pdf": expect(ALL, anon=401),
    "/api/cases/{c}/pages/1/redacted": expect(CLEARED, anon=401),
    "/cases/{c}/redacted": expect(CLEARED),
    "/cases/{c}/cung-nguoi": expect(ALL),
    "/api/search?q=le+van+hung": expect(ALL, anon=401),
}


def app_routes(routes: list, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(method, path) of every route, through included routers (FastAPI keeps them nested)."""
    for r in routes:
        if hasattr(r, "original_router"):
            yield from app_routes(r.original_router.routes, prefix + getattr(r.include_context, "prefix", ""))
        elif hasattr(r, "methods") and r.methods:
            for m in sorted(r.methods - {"HEAD", "OPTIONS"}):
                yield m, prefix + r.path
        elif hasattr(r, "path"):  # a mount (static files)
            yield "GET", prefix + r.path


@pytest.fixture()
def seeded(db_url: str) -> SimpleNamespace:
    store = make_store(get_settings())
    store.put("searchable/read.pdf", b"%PDF-1.4 searchable", "application/pdf")
    store.put("searchable/tc.pdf", b"%PDF-1.4 searchable", "application/pdf")
    now = dt.datetime.now(dt.UTC)
    n = 0
    own: dict[tuple[str, str], str] = {}
    with session_scope() as db:
        users(db, extra=())
        target = create_user(db, "muc-tieu", PASSWORD, "verifier").id  # the accounts screen's subject
        n += 1
        read = seed_case(db, store, n, status="verified")
        read.extra = {**read.extra, "searchable_pdf": "searchable/read.pdf"}
        n += 1
        tc = seed_case(db, store, n, category="to_cao", name="Lê Văn Hùng")
        tc.extra = {**tc.extra, "searchable_pdf": "searchable/tc.pdf"}
        for route in ("claim", "release", "fields", "approve", "return", "confirm", "reopen"):
            status = "verified" if route == "reopen" else "pending_verification"
            for role in WHO:
                n += 1
                own[(route, role)] = seed_case(
                    db, store, n, received_at=now - dt.timedelta(days=1), status=status
                ).case_id
        for _ in range(3):  # one for each editor's "next case" (the only phan_anh cases)
            n += 1
            seed_case(db, store, n, category="phan_anh", received_at=now - dt.timedelta(days=5))
        job = repo.create_upload_job(db, "reception", "cu.pdf", "/nonexistent/cu.pdf", 10)
        job.status = "failed"
        failed: dict[tuple[str, str], int] = {}  # a failed document of its own for each retry route and role
        for route in ("retry", "api-retry"):
            for role in WHO:
                data = f"hong {route} {role}".encode()
                sha = hashlib.sha256(data).hexdigest()
                store.put(f"originals/{sha}", data)
                doc = Document(
                    sha256=sha,
                    original_name=f"{route}-{role}.pdf",
                    size=len(data),
                    object_key=f"originals/{sha}",
                    status="failed",
                    error="Tệp PDF bị hỏng",
                )
                db.add(doc)
                db.flush()
                failed[(route, role)] = doc.id
        ids = SimpleNamespace(
            read=read.case_id, tc=tc.case_id, own=own, job=job.id, failed=failed, csrf={}, target=target
        )
    return ids


def test_every_route_is_in_the_table() -> None:
    app = create_app()
    routes = set(app_routes(app.routes))
    assert routes == set(TABLE), (
        f"routes without a row: {sorted(routes - set(TABLE))}; "
        f"rows without a route: {sorted(set(TABLE) - routes)}"
    )


def test_every_route_for_every_role(seeded: SimpleNamespace) -> None:
    app = create_app()
    clients: dict[str, TestClient] = {}
    for who in WHO:
        c = TestClient(app)
        if who != ANON:
            assert login(c, who) == 303
            seeded.csrf[who] = token(c)
        else:
            import re

            seeded.csrf[who] = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
        c.headers["X-CSRF-Token"] = seeded.csrf[who]
        clients[who] = c
    failures = []
    order = sorted(TABLE, key=lambda k: k == ("POST", "/logout"))  # log out last
    for method, path in order:
        codes, build = TABLE[(method, path)]
        for who in WHO:
            target, kwargs = build(who, seeded)
            res = clients[who].request(method, target, follow_redirects=False, **kwargs)
            if res.status_code != codes[who]:
                failures.append(
                    f"{method} {target} as {who}: {res.status_code}, expected {codes[who]}"
                    f" ({res.text[:120]!r})"
                )
            elif res.status_code == 303 and who == ANON and path not in ("/logout",):
                assert res.headers["location"].startswith("/login"), (method, target)
    assert app.state.uploads.wait(timeout=60)
    assert not failures, "\n".join(failures)
    # the denunciation's identity-bearing routes
    for who in ROLES:  # logged out above: log in again
        assert login(clients[who], who) == 303
    for template, codes in PRIVATE.items():
        target = template.format(c=seeded.tc)
        for who in WHO:
            res = clients[who].get(target, follow_redirects=False)
            assert res.status_code == codes[who], (target, who, res.status_code)
            if who in ALL - CLEARED and res.status_code == 200:
                assert (
                    "Lê Văn Hùng" not in res.text and b"searchable" not in res.content
                )  # never the original
