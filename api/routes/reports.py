"""The leaders' figures: the dashboard (/thong-ke, its JSON /api/dashboard) and the report forms of Thông tư
02/2021/TT-TTCP (/bao-cao: preview like the paper form, each figure a link to the cases behind it
/bao-cao/chi-tiet, downloads /bao-cao/tai-ve as XLSX or PDF).

Supervisors and admins only (``permissions.LEADERS``). A unit is chosen among the user's own subtree
(``handling.views.visible_units``); another unit is refused (403). Every view, drill-down and download is in the
audit log. The drill-down lists names only as the identity policy allows (``permissions.may_see_identity``).
Counting is in reports/ (dashboard.py; build.py, output.py); nothing is computed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...config import Settings
from ...contract import CATEGORY_LABELS, CONTENT_CLASS_LABELS, LOCAL_TZ, STAGE_LABELS, STATUS_LABELS
from ...handling import units as unit_tree
from ...handling import views
from ...reports import dashboard as dash
from ...reports.build import FORM_CODES, FORMS, Report, ReportError, build_report
from ...reports.output import OutputError, pdf_bytes, xlsx_bytes
from ...reports.periods import PERIOD_KINDS, PeriodError, parse_date, period_dates, period_label
from ...storage import repo
from ..auth import CurrentUser, csrf_token
from ..deps import Leader, SessionDep, SettingsDep
from ..permissions import may_see_identity
from ..present import HIDDEN, TEMPLATES, local_time

router = APIRouter()
Text = Annotated[str, Query(max_length=40)]
DASH_PERIODS = {"thang": "Tháng này", "quy": "Quý này", "nam": "Năm nay", "ngay": "Khoảng ngày"}
REPORT_PERIODS = {**PERIOD_KINDS, "ngay": "Khoảng ngày"}
DETAIL_PAGE = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BadRequest(HTTPException):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(status, message)


# ---------------------------------------------------------------------------------------------- unit, period
@dataclass(frozen=True)
class Choice:
    """What a page was asked for: the unit (and its subtree) and the period."""

    unit: str
    codes: frozenset[str]
    start: dt.date
    end: dt.date
    kind: str
    label: str

    def query(self, **more: str) -> str:
        base = {"unit": self.unit, "from": self.start.isoformat(), "to": self.end.isoformat()}
        return urlencode({**base, **more})


def today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def unit_scope(db: Session, user: CurrentUser, settings: Settings, unit: str) -> tuple[str, frozenset[str]]:
    """The unit asked for (the user's own by default) and its subtree; 403 outside the user's subtree."""
    visible = views.visible_units(db, user, settings)
    code = unit.strip() or user.unit_code or views.home_unit(db, settings)
    if code not in visible:
        raise BadRequest("Đơn vị này không thuộc phạm vi của bạn.", 403)
    return code, frozenset(unit_tree.subtree_codes(db, code))


def unit_options(db: Session, user: CurrentUser, settings: Settings) -> list[dict[str, Any]]:
    """The units of the user's subtree as a tree (depths from the user's own unit), for the unit picker."""
    codes = views.visible_units(db, user, settings)
    options = [o for o in unit_tree.units_for_select(db) if o.code in codes]
    top = min((o.depth for o in options), default=0)
    return [{"code": o.code, "label": o.label, "depth": o.depth - top} for o in options]


def _dates(date_from: str, date_to: str) -> tuple[dt.date, dt.date]:
    start, end = parse_date(date_from, "Ngày bắt đầu"), parse_date(date_to, "Ngày kết thúc")
    if not (1900 < start.year < 2200 and 1900 < end.year < 2200):
        raise PeriodError("Năm phải trong khoảng 1901–2199.")
    if end < start:
        raise PeriodError(f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.")
    if (end - start).days >= dash.MAX_DAYS:
        raise PeriodError("Khoảng thời gian dài quá 5 năm.")
    return start, end


def dashboard_period(kind: str, date_from: str, date_to: str, now: dt.date) -> tuple[str, dt.date, dt.date]:
    """This month, quarter or year (calendar periods), or the dates given."""
    if kind == "ngay" or (not kind and (date_from or date_to)):
        return ("ngay", *_dates(date_from, date_to))
    if kind in ("", "thang"):
        end = (now.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return "thang", now.replace(day=1), end
    if kind == "quy":
        return ("quy", *period_dates("quy", now.year, (now.month - 1) // 3 + 1))
    if kind == "nam":
        return ("nam", *period_dates("nam", now.year))
    raise PeriodError(f"Kỳ “{kind[:20]}” không hợp lệ: dùng {', '.join(DASH_PERIODS)}.")


def report_period(
    kind: str, year: int | None, n: int | None, date_from: str, date_to: str
) -> tuple[str, dt.date, dt.date, str]:
    """A report period: quý n, 6 tháng, 9 tháng or năm of ``year`` (reports.periods), or the dates given."""
    if kind == "ngay" or (not kind and (date_from or date_to)):
        start, end = _dates(date_from, date_to)
        return "ngay", start, end, f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    now = today()
    kind = kind or "quy"
    year = year or now.year
    n = n or ((now.month - 1) // 3 + 1)
    if kind not in PERIOD_KINDS:
        raise PeriodError(f"Kỳ báo cáo “{kind[:20]}” không hợp lệ.")
    start, end = period_dates(kind, year, n)
    return kind, start, end, period_label(kind, year, n)


def number(value: float) -> str:
    """A figure as printed on the form: whole numbers as they are, amounts (Trđ, m²) with up to two decimals and
    a decimal comma."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _fail(exc: ValueError) -> BadRequest:
    return BadRequest(str(exc) or "Yêu cầu không hợp lệ.", 422)


# ---------------------------------------------------------------------------------------------- dashboard
def dashboard_data(
    db: Session,
    user: CurrentUser,
    settings: Settings,
    unit: str,
    kind: str,
    date_from: str,
    date_to: str,
    via: str,
) -> tuple[Choice, dict[str, Any]]:
    code, codes = unit_scope(db, user, settings, unit)
    try:
        kind, start, end = dashboard_period(kind, date_from, date_to, today())
    except PeriodError as exc:
        raise _fail(exc) from None
    label = f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    choice = Choice(code, codes, start, end, kind, label)
    data = dash.dashboard(db, settings, set(codes), start, end)
    data["unit"] = code
    data["unit_name"] = views.unit_names(db).get(code, code)
    data["period_label"] = label
    repo.audit(
        db, user.username, "dashboard_view", unit=code, start=start.isoformat(), end=end.isoformat(), via=via
    )
    return choice, data


@router.get("/api/dashboard", tags=["reports"])
def api_dashboard(
    user: Leader,
    db: SessionDep,
    settings: SettingsDep,
    unit: Text = "",
    period: Text = "",
    date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=20)] = "",
) -> dict[str, Any]:
    """The dashboard's figures for a unit of the caller's subtree (default: their own) and a period (``from`` /
    ``to``, local dates ``YYYY-MM-DD``; or ``period=thang|quy|nam``; default this month): totals; received,
    verified, handled, overdue and due soon by month, category, domain and unit; the queue; verifier
    throughput and correction rates. Supervisors and admins; audited."""
    return dashboard_data(db, user, settings, unit, period, date_from, date_to, "api")[1]


@router.get("/thong-ke", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(
    request: Request,
    user: Leader,
    db: SessionDep,
    settings: SettingsDep,
    unit: Text = "",
    period: Text = "",
    date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=20)] = "",
) -> Response:
    """KPI tiles, charts (Chart.js served by the app) over plain tables of the same figures, the verifiers."""
    choice, data = dashboard_data(db, user, settings, unit, period, date_from, date_to, "page")
    return TEMPLATES.TemplateResponse(
        request,
        "dashboard.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "choice": choice,
            "d": data,
            "units": unit_options(db, user, settings),
            "periods": DASH_PERIODS,
            "api": f"/api/dashboard?{choice.query()}",
            "CATEGORY_LABELS": CATEGORY_LABELS,
        },
    )


# ---------------------------------------------------------------------------------------------- report forms
def _report_choice(
    db: Session, user: CurrentUser, settings: Settings, unit: str, kind: str, year: int | None, n: int | None,
    date_from: str, date_to: str,
) -> Choice:  # fmt: skip
    code, codes = unit_scope(db, user, settings, unit)
    try:
        kind, start, end, label = report_period(kind, year, n, date_from, date_to)
    except PeriodError as exc:
        raise _fail(exc) from None
    return Choice(code, codes, start, end, kind, label)


def _build(db: Session, settings: Settings, form: str, choice: Choice) -> Report:
    if form not in FORMS:
        raise BadRequest(f"Không có biểu “{form[:20]}”. Chọn một trong: {', '.join(FORM_CODES)}.", 422)
    try:
        return build_report(db, settings, form, set(choice.codes), choice.start, choice.end)
    except (ReportError, PeriodError) as exc:
        raise _fail(exc) from None


Year = Annotated[int | None, Query(ge=1901, le=2199)]
Quarter = Annotated[int | None, Query(ge=1, le=4)]


@router.get("/bao-cao", response_class=HTMLResponse, include_in_schema=False)
def reports_page(
    request: Request,
    user: Leader,
    db: SessionDep,
    settings: SettingsDep,
    form: Text = "",
    unit: Text = "",
    period: Text = "",
    year: Year = None,
    n: Quarter = None,
    date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=20)] = "",
) -> Response:
    """Choose a form, a unit and a period; with a form chosen, its preview laid out like the paper form."""
    choice = _report_choice(db, user, settings, unit, period, year, n, date_from, date_to)
    report = _build(db, settings, form, choice) if form else None
    if report is not None:
        repo.audit(
            db,
            user.username,
            "report_view",
            form=form,
            unit=choice.unit,
            start=str(choice.start),
            end=str(choice.end),
        )
    return TEMPLATES.TemplateResponse(
        request,
        "reports.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "choice": choice,
            "form": form,
            "forms": [(c, FORMS[c].title) for c in FORM_CODES],
            "report": report,
            "units": unit_options(db, user, settings),
            "periods": REPORT_PERIODS,
            "year": year or choice.start.year,
            "n": n or (choice.start.month - 1) // 3 + 1,
            "years": list(range(today().year, today().year - 6, -1)),
            "num": number,
            "detail": lambda key: "/bao-cao/chi-tiet?" + choice.query(form=form, key=key),
            "download": lambda fmt: "/bao-cao/tai-ve?" + choice.query(form=form, format=fmt),
        },
    )


def _case_rows(db: Session, user: CurrentUser, settings: Settings, ids: list[str]) -> list[dict[str, Any]]:
    names = views.unit_names(db)
    home = views.home_unit(db, settings)
    rows = []
    for case in repo.cases_by_ids(db, ids):
        if not views.may_view(db, user, case, settings):
            continue
        unit = case.unit_code or home
        rows.append(
            {
                "case_id": case.case_id,
                "url": f"/cases/{case.case_id}",
                "received": local_time(case.received_at, "%d/%m/%Y"),
                "category": CATEGORY_LABELS.get(case.category or "", "—"),
                "subject": (case.subject or "")[:200],
                "name": (case.complainant_name or "") if may_see_identity(user, case) else HIDDEN,
                "unit": names.get(unit, unit),
                "stage": STAGE_LABELS.get(case.handling_stage or "", STATUS_LABELS.get(case.status, "")),
            }
        )
    return rows


def _visit_rows(db: Session, user: CurrentUser, ids: list[str]) -> list[dict[str, Any]]:
    from ...reception.models import ReceptionVisit

    numbers = [int(i) for i in ids if str(i).isdigit()]
    visits = db.scalars(
        select(ReceptionVisit).where(ReceptionVisit.id.in_(numbers)).order_by(ReceptionVisit.visited_at)
    )
    return [
        {
            "case_id": f"Lượt tiếp {v.id}",
            "url": f"/tiep-cong-dan/{v.id}",
            "received": local_time(v.visited_at, "%d/%m/%Y %H:%M"),
            "category": CONTENT_CLASS_LABELS.get(v.content_class or "", "—"),
            "subject": (v.content or "")[:200],
            "name": v.citizen_name if may_see_identity(user, v) else HIDDEN,
            "unit": v.unit_code,
            "stage": ", ".join(v.case_ids or []),
        }
        for v in visits
    ]


@router.get("/bao-cao/chi-tiet", response_class=HTMLResponse, include_in_schema=False)
def report_detail(
    request: Request,
    user: Leader,
    db: SessionDep,
    settings: SettingsDep,
    form: Text,
    key: Annotated[str, Query(max_length=80)],
    unit: Text = "",
    date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=20)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """The cases (or, for 01/TCD and 02/TCD, the reception visits) behind one figure of a form."""
    choice = _report_choice(db, user, settings, unit, "ngay", None, None, date_from, date_to)
    report = _build(db, settings, form, choice)
    try:
        cell, what = report.cell(key), report.describe(key)
    except KeyError:
        raise BadRequest("Không có ô này trong biểu.", 404) from None
    ids = list(cell.case_ids)
    shown = ids[(page - 1) * DETAIL_PAGE : page * DETAIL_PAGE]
    rows = _visit_rows(db, user, shown) if report.refs == "visit" else _case_rows(db, user, settings, shown)
    repo.audit(
        db, user.username, "report_detail", form=form, key=key, unit=choice.unit, count=len(ids), page=page
    )
    return TEMPLATES.TemplateResponse(
        request,
        "reports_detail.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "report": report,
            "choice": choice,
            "what": what,
            "value": cell.value,
            "total": len(ids),
            "rows": rows,
            "page": page,
            "pages": max(1, -(-len(ids) // DETAIL_PAGE)),
            "visits": report.refs == "visit",
            "back": "/bao-cao?" + choice.query(form=form, period="ngay"),
            "page_url": lambda p: "/bao-cao/chi-tiet?" + choice.query(form=form, key=key, page=str(p)),
        },
    )


@router.get("/bao-cao/tai-ve", include_in_schema=False)
def report_download(
    user: Leader,
    db: SessionDep,
    settings: SettingsDep,
    form: Text,
    unit: Text = "",
    date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=20)] = "",
    format: Annotated[str, Query(max_length=10)] = "xlsx",
) -> Response:
    """The form as XLSX (laid out like the paper form) or PDF (LibreOffice; 503 when it is not installed)."""
    if format not in ("xlsx", "pdf"):
        raise BadRequest("Định dạng phải là xlsx hoặc pdf.", 422)
    choice = _report_choice(db, user, settings, unit, "ngay", None, None, date_from, date_to)
    report = _build(db, settings, form, choice)
    try:
        data = xlsx_bytes(report) if format == "xlsx" else pdf_bytes(report, settings)
    except OutputError as exc:
        raise BadRequest(exc.message, 503) from None
    repo.audit(
        db,
        user.username,
        "report_download",
        form=form,
        unit=choice.unit,
        start=str(choice.start),
        end=str(choice.end),
        format=format,
    )
    name = f"bao-cao-{form.replace('/', '-')}-{choice.start:%Y%m%d}-{choice.end:%Y%m%d}.{format}"
    media = XLSX if format == "xlsx" else "application/pdf"
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
