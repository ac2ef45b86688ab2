"""The sổ tiếp công dân (/tiep-cong-dan, TT 04/2021/TT-TTCP Mẫu 03): the desk form that logs a visit, the book of
a period (the 12 columns of Mẫu 03, newest first) and its XLSX, one visit's page (correct, cancel), and the
leaders' reception days with their conclusions (/tiep-cong-dan/lich).

Plain forms carrying the session's CSRF token; the rules, the audit of every write and the Mẫu 03 rows are in
``reception/``. A person sees the visits of their unit and the units below it (``handling.views``); the
citizen of a protected visit (tố cáo, unknown class, denunciation wording) reads "[đã ẩn — bảo vệ người tố
cáo]" for whom the identity policy refuses. Who may do what (README roles matrix): the desk (reception),
supervisors and admins write; verifiers read the book (to follow the petitions it produced); archivists have
no access to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...config import Settings
from ...contract import CONTENT_CLASS_LABELS, DOMAIN_LABELS, LOCAL_TZ
from ...handling import views
from ...privacy import policy
from ...reception import log
from ...reception.book import COLUMNS, TITLE, book_rows, xlsx_bytes
from ...reception.models import DAY_KIND_LABELS, VISIT_KIND_LABELS, ReceptionDay, ReceptionVisit
from ...reception.rules import OUTCOME_LABELS, REFUSAL_LABELS
from ...storage import repo
from ..auth import CurrentUser, csrf_token, require
from ..deps import CSRF, SessionDep, SettingsDep
from ..present import TEMPLATES

router = APIRouter(include_in_schema=False)

BOOK_READERS = ("reception", "verifier", "supervisor", "admin")
BOOK_WRITERS = ("reception", "supervisor", "admin")
Reader = Annotated[CurrentUser, Depends(require(*BOOK_READERS))]
Writer = Annotated[CurrentUser, Depends(require(*BOOK_WRITERS))]
VisitId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DayParam = Annotated[dt.date | None, Query()]
PAGE_ROWS = 2000  # the page shows at most this many visits (the XLSX has them all)
MAX_DAYS = 3700  # about ten years: a longer period is refused


# ---------------------------------------------------------------------------------------------- helpers
def today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The period asked for (local dates); by default the current month up to today."""
    end = end or today()
    start = start or end.replace(day=1)
    if start > end:
        raise HTTPException(400, "Ngày bắt đầu phải trước ngày kết thúc.")
    if start.year < 1900 or end.year > 2200:
        raise HTTPException(400, "Ngày phải trong khoảng từ năm 1900 đến năm 2200.")
    if (end - start).days > MAX_DAYS:
        raise HTTPException(400, "Khoảng thời gian quá dài (tối đa 10 năm).")
    return start, end


def scope(db: Session, user: CurrentUser, settings: Settings) -> tuple[str, set[str]]:
    """The user's unit (where what they log belongs) and the units whose visits they see."""
    return user.unit_code or views.home_unit(db, settings), views.visible_units(db, user, settings)


def leaders(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.scalars(select(ReceptionDay).where(ReceptionDay.id.in_(sorted(ids))))
    return {d.id: " ".join(x for x in (d.leader_title, d.leader_name) if x) for d in rows}


def day_options(db: Session, unit_codes: set[str]) -> list[dict[str, Any]]:
    """Leaders' reception days a visit may belong to: the last 90 days and the next 30."""
    rows = log.days_in(db, unit_codes, today() - dt.timedelta(days=90), today() + dt.timedelta(days=30))
    return [
        {
            "id": d.id,
            "label": f"{d.day:%d/%m/%Y} · {DAY_KIND_LABELS.get(d.kind, d.kind)} · "
            + " ".join(x for x in (d.leader_title, d.leader_name) if x),
        }
        for d in rows
    ]


def labels() -> dict[str, Any]:
    return {
        "kinds": VISIT_KIND_LABELS,
        "outcomes": OUTCOME_LABELS,
        "refusals": REFUSAL_LABELS,
        "classes": CONTENT_CLASS_LABELS,
        "domains": DOMAIN_LABELS,
        "day_kinds": DAY_KIND_LABELS,
        "columns": COLUMNS,
        "title": TITLE,
        "HIDDEN": policy.HIDDEN,
    }


def new_form() -> dict[str, Any]:
    now = dt.datetime.now(LOCAL_TZ)
    return {"visited_at": now.strftime("%Y-%m-%dT%H:%M"), "kind": "thuong_xuyen", "people_count": 1}


def echo(form: Any) -> dict[str, Any]:
    """What was typed, to show the form again with the errors."""
    out: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}
    out["representatives"] = [
        {k: out.get(f"rep_{k}_{i}", "") for k in ("name", "id_number", "address")}
        for i in range(1, log.MAX_REPRESENTATIVES + 1)
    ]
    out["repeat"] = out.get("repeat", "") in ("1", "on")
    return out


def case_test(db: Session, user: CurrentUser, settings: Settings) -> log.CaseTest:
    return lambda case: views.may_view(db, user, case, settings)


# ---------------------------------------------------------------------------------------------- the book
def _book_page(
    request: Request,
    user: CurrentUser,
    db: Session,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    *,
    cancelled: bool = False,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    unit, codes = scope(db, user, settings)
    visits = log.visits_in(db, codes, start, end, include_cancelled=cancelled)
    rows = book_rows(visits, user, leaders=leaders(db, log.days_of(visits)), newest_first=True)
    repo.audit(
        db,
        user.username,
        "reception_book_view",
        None,
        date_from=start.isoformat(),
        date_to=end.isoformat(),
        count=len(rows),
        hidden=sum(r.identity_hidden for r in rows),
    )
    writer = user.role in BOOK_WRITERS
    return TEMPLATES.TemplateResponse(
        request,
        "reception_log.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "unit_name": views.unit_names(db).get(unit, unit),
            "start": start,
            "end": end,
            "cancelled": cancelled,
            "rows": rows[:PAGE_ROWS],
            "total": len(rows),
            "writer": writer,
            "form": form or new_form(),
            "errors": errors or {},
            "days": day_options(db, codes) if writer else [],
            "action": "/tiep-cong-dan",
            **labels(),
        },
        status_code=status_code,
    )


@router.get("/tiep-cong-dan", response_class=HTMLResponse)
def book_page(
    request: Request,
    user: Reader,
    db: SessionDep,
    settings: SettingsDep,
    tu: DayParam = None,
    den: DayParam = None,
    huy: bool = False,
) -> Response:
    """The desk form (for the desk, supervisors and admins) and the book of the period, newest first."""
    start, end = period(tu, den)
    return _book_page(request, user, db, settings, start, end, cancelled=huy)


@router.post("/tiep-cong-dan", response_class=HTMLResponse, dependencies=[CSRF])
async def visit_create(request: Request, user: Writer, db: SessionDep, settings: SettingsDep) -> Response:
    """Log a visit; the form again with every problem (400), or the visit's page."""
    form = await request.form()
    unit, codes = scope(db, user, settings)
    try:
        visit = log.create_visit(
            db,
            log.parse_form(form),
            user=user,
            unit_code=unit,
            unit_codes=codes,
            visible_case=case_test(db, user, settings),
        )
    except log.VisitError as exc:
        start, end = period(None, None)
        return _book_page(
            request, user, db, settings, start, end, form=echo(form), errors=exc.errors, status_code=400
        )
    return RedirectResponse(f"/tiep-cong-dan/{visit.id}?luu=moi", status_code=303)


@router.get("/tiep-cong-dan/so.xlsx")
def book_xlsx(
    user: Reader, db: SessionDep, settings: SettingsDep, tu: DayParam = None, den: DayParam = None
) -> Response:
    """The book of the period as an XLSX laid out like Mẫu 03 (oldest first, cancelled visits left out)."""
    start, end = period(tu, den)
    unit, codes = scope(db, user, settings)
    visits = log.visits_in(db, codes, start, end)
    rows = book_rows(visits, user, leaders=leaders(db, log.days_of(visits)))
    data = xlsx_bytes(rows, unit_name=views.unit_names(db).get(unit, unit), start=start, end=end)
    repo.audit(
        db,
        user.username,
        "reception_book_export",
        None,
        date_from=start.isoformat(),
        date_to=end.isoformat(),
        count=len(rows),
        hidden=sum(r.identity_hidden for r in rows),
    )
    name = f"so-tiep-cong-dan-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# ---------------------------------------------------------------------------------------------- days
def _days_page(
    request: Request,
    user: CurrentUser,
    db: Session,
    settings: Settings,
    year: int,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    unit, codes = scope(db, user, settings)
    rows = log.days_in(db, codes, dt.date(year, 1, 1), dt.date(year, 12, 31))
    counts: dict[int, int] = {}
    if rows:
        q = select(ReceptionVisit.reception_day_id).where(
            ReceptionVisit.reception_day_id.in_([d.id for d in rows]), ReceptionVisit.cancelled.is_(False)
        )
        for day_id in db.scalars(q):
            if day_id is not None:
                counts[day_id] = counts.get(day_id, 0) + 1
    repo.audit(db, user.username, "reception_days_view", None, year=year, count=len(rows))
    return TEMPLATES.TemplateResponse(
        request,
        "reception_log_days.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "unit_name": views.unit_names(db).get(unit, unit),
            "year": year,
            "rows": rows,
            "counts": counts,
            "writer": user.role in BOOK_WRITERS,
            "form": form or {"day": today().isoformat(), "kind": "dinh_ky"},
            "errors": errors or {},
            "notice": request.query_params.get("luu"),
            **labels(),
        },
        status_code=status_code,
    )


@router.get("/tiep-cong-dan/lich", response_class=HTMLResponse)
def days_page(
    request: Request,
    user: Reader,
    db: SessionDep,
    settings: SettingsDep,
    nam: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Response:
    """The leaders' reception days of a year, with how many visits each had and its conclusion."""
    return _days_page(request, user, db, settings, nam or today().year)


@router.post("/tiep-cong-dan/lich", response_class=HTMLResponse, dependencies=[CSRF])
async def day_create(request: Request, user: Writer, db: SessionDep, settings: SettingsDep) -> Response:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}
    unit, _codes = scope(db, user, settings)
    try:
        day = dt.date.fromisoformat(values.get("day", "").strip()) if values.get("day", "").strip() else None
    except ValueError:
        day = None
    try:
        row = log.create_day(
            db,
            user=user,
            unit_code=unit,
            day=day,
            kind=values.get("kind", ""),
            leader_name=values.get("leader_name", ""),
            leader_title=values.get("leader_title", ""),
        )
    except log.VisitError as exc:
        year = day.year if day and 2000 <= day.year <= 2100 else today().year
        return _days_page(request, user, db, settings, year, form=values, errors=exc.errors, status_code=400)
    return RedirectResponse(f"/tiep-cong-dan/lich?nam={row.day.year}&luu=ngay", status_code=303)


@router.post("/tiep-cong-dan/lich/{day_id}/ket-luan", response_class=HTMLResponse, dependencies=[CSRF])
async def day_conclude(
    request: Request, day_id: VisitId, user: Writer, db: SessionDep, settings: SettingsDep
) -> Response:
    """The written conclusion after the leader's reception day."""
    form = await request.form()
    _unit, codes = scope(db, user, settings)
    row = log.day_in(db, day_id, codes)
    if row is None:
        raise HTTPException(404, "Không có buổi tiếp này")
    conclusion = form.get("conclusion")
    try:
        log.conclude_day(db, row, conclusion if isinstance(conclusion, str) else "", user=user)
    except log.VisitError as exc:
        return _days_page(request, user, db, settings, row.day.year, errors=exc.errors, status_code=400)
    return RedirectResponse(f"/tiep-cong-dan/lich?nam={row.day.year}&luu=ket-luan", status_code=303)


# ---------------------------------------------------------------------------------------------- one visit
def _visit_page(
    request: Request,
    user: CurrentUser,
    db: Session,
    settings: Settings,
    visit: ReceptionVisit,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    _unit, codes = scope(db, user, settings)
    sees = policy.may_see_identity(user, visit)
    writer = user.role in BOOK_WRITERS and not visit.cancelled
    row = book_rows([visit], user, leaders=leaders(db, log.days_of([visit])))[0]
    values = log.as_form(visit, sees)
    values["representatives"] = (values["representatives"] + [{}] * log.MAX_REPRESENTATIVES)[
        : log.MAX_REPRESENTATIVES
    ]
    repo.audit(db, user.username, "reception_visit_view", None, visit_id=visit.id, hidden=not sees)
    return TEMPLATES.TemplateResponse(
        request,
        "reception_log_visit.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "visit": visit,
            "row": row,
            "identity_hidden": not sees,
            "reasons": policy.describe(log.protection_reasons(visit))
            if sees and visit.identity_protected
            else [],
            "warnings": log.visit_warnings(visit, sees),
            "writer": writer,
            "form": form or values,
            "errors": errors or {},
            "days": day_options(db, codes) if writer else [],
            "notice": request.query_params.get("luu"),
            "action": f"/tiep-cong-dan/{visit.id}",
            **labels(),
        },
        status_code=status_code,
    )


def _visit_or_404(db: Session, user: CurrentUser, settings: Settings, visit_id: int) -> ReceptionVisit:
    _unit, codes = scope(db, user, settings)
    visit = log.visit_in(db, visit_id, codes)
    if visit is None:
        raise HTTPException(404, "Không có lượt tiếp này")
    return visit


@router.get("/tiep-cong-dan/{visit_id}", response_class=HTMLResponse)
def visit_page(
    request: Request, visit_id: VisitId, user: Reader, db: SessionDep, settings: SettingsDep
) -> Response:
    """One visit as the book prints it, and the form that corrects it."""
    return _visit_page(request, user, db, settings, _visit_or_404(db, user, settings, visit_id))


@router.post("/tiep-cong-dan/{visit_id}", response_class=HTMLResponse, dependencies=[CSRF])
async def visit_update(
    request: Request, visit_id: VisitId, user: Writer, db: SessionDep, settings: SettingsDep
) -> Response:
    """Correct a visit (each change audited with its old and new value)."""
    visit = _visit_or_404(db, user, settings, visit_id)
    form = await request.form()
    _unit, codes = scope(db, user, settings)
    try:
        log.update_visit(
            db,
            visit,
            log.parse_form(form),
            user=user,
            unit_codes=codes,
            visible_case=case_test(db, user, settings),
        )
    except log.VisitError as exc:  # refused before anything of the visit changed
        return _visit_page(
            request, user, db, settings, visit, form=echo(form), errors=exc.errors, status_code=400
        )
    return RedirectResponse(f"/tiep-cong-dan/{visit.id}?luu=sua", status_code=303)


@router.post("/tiep-cong-dan/{visit_id}/huy", response_class=HTMLResponse, dependencies=[CSRF])
async def visit_cancel(
    request: Request, visit_id: VisitId, user: Writer, db: SessionDep, settings: SettingsDep
) -> Response:
    """Cancel a visit logged by mistake (it is kept, marked, and left out of the book's numbering)."""
    visit = _visit_or_404(db, user, settings, visit_id)
    form = await request.form()
    reason = form.get("cancel_reason")
    try:
        log.cancel_visit(db, visit, reason if isinstance(reason, str) else "", user=user)
    except log.VisitError as exc:
        return _visit_page(request, user, db, settings, visit, errors=exc.errors, status_code=400)
    return RedirectResponse(f"/tiep-cong-dan/{visit.id}?luu=huy", status_code=303)
