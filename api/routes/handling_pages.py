"""The handling screens: a unit's inbox (/xu-ly), one case's handling page (/cases/{id}/xu-ly) and the admin's
units page (/admin/units).

The pages only show; every action is a POST to the JSON API of ``api/routes/handling.py`` (handling.js), with
the same unit checks (a unit sees its own cases, its children's and those it forwarded; it acts only on what it
holds) and the one identity policy (a redacted viewer gets the summary without the name and the masked pages).
Only the forms the case's stage allows are shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, HTTPException, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...config import Settings
from ...contract import (
    CATEGORY_LABELS,
    CONTENT_CLASS_LABELS,
    DIRECTION_LABELS,
    DOMAIN_LABELS,
    EVENT_LABELS,
    RESULT_LABELS,
    UNIT_KIND_LABELS,
)
from ...handling import decisions, views
from ...handling import units as unit_tree
from ...handling.events import events_for, events_of, last, local_date
from ...handling.letters import LETTER_KINDS
from ...handling.tracking import RESULTS_FOR
from ...ingest import redaction
from ...storage import repo
from ...storage.models import Case, HandlingEvent, Unit
from ..auth import CurrentUser, csrf_token
from ..deps import CSRF, Admin, Handler, SessionDep, SettingsDep, StoreDep, visible_case_or_404
from ..permissions import LEADERS, may_see_identity
from ..present import TEMPLATES, case_json

router = APIRouter(include_in_schema=False)
CaseId = Annotated[str, Path(max_length=40)]

# the inbox's tabs (handling.views.inbox)
VIEWS: dict[str, str] = {
    "cho_xu_ly": "Chờ xử lý",
    "dang_giai_quyet": "Đang giải quyết",
    "qua_han": "Quá hạn",
    "sap_den_han": "Sắp đến hạn",
    "da_chuyen": "Đã chuyển đi",
    "tat_ca": "Tất cả",
}
CLOCK_STATES = {
    "running": "đang chạy",
    "due_soon": "sắp đến hạn",
    "overdue": "quá hạn",
    "done": "đã xong",
    "done_late": "xong, quá hạn",
}
RUNNING = ("running", "due_soon", "overdue")
UNITS_FILE_MAX = 5 * 1024 * 1024


def _lower_first(text: str) -> str:
    """ "Về việc thụ lý…" after a title reads "Thông báo về việc thụ lý…"."""
    return text[:1].lower() + text[1:] if text else ""


def vn_date(iso: str | dt.date | None) -> str:
    """``YYYY-MM-DD`` (or a date) as dd/mm/yyyy."""
    if not iso:
        return ""
    day = iso if isinstance(iso, dt.date) else dt.date.fromisoformat(str(iso)[:10])
    return f"{day:%d/%m/%Y}"


def period(clock: dict[str, Any]) -> str:
    """The period: "10 ngày làm việc" (W) or "30 ngày" (C), with the extension granted."""
    text = f"{clock['days']} ngày làm việc" if clock.get("working_days") else f"{clock['days']} ngày"
    if clock.get("extended_days"):
        text += f" (gia hạn {clock['extended_days']} ngày)"
    return text


def user_unit_name(db: Session, user: CurrentUser, settings: Settings) -> str:
    code = user.unit_code or views.home_unit(db, settings)
    return views.unit_names(db).get(code, code)


# ---------------------------------------------------------------------------------------------- inbox
def _after_forwarding(events: list[HandlingEvent], codes: set[str]) -> dict[str, str] | None:
    """The latest event after this unit's forwarding of the case (what the sender follows)."""
    sent = [i for i, e in enumerate(events) if e.kind == "chuyen_don" and e.unit_code in codes]
    if not sent:
        return None
    later = events[sent[-1] + 1 :]
    ev = later[-1] if later else events[sent[-1]]
    return {"kind": ev.kind, "label": EVENT_LABELS.get(ev.kind, ev.kind), "on": vn_date(local_date(ev.at))}


def _inbox_rows(db: Session, user: CurrentUser, settings: Settings, view: str) -> list[dict[str, Any]]:
    rows = views.inbox(db, user, settings, view)
    follow: dict[str, list[HandlingEvent]] = {}
    codes: set[str] = set()
    if view == "da_chuyen":
        codes = views.visible_units(db, user, settings)
        follow = events_for(db, [r["case"].case_id for r in rows])
    out = []
    for r in rows:
        case: Case = r["case"]
        clock = r["next_due"]
        events = follow.get(case.case_id or "", [])
        after = _after_forwarding(events, codes) if view == "da_chuyen" else None
        out.append(
            {
                "case_id": case.case_id,
                "received": vn_date(local_date(case.received_at)),
                "category": CATEGORY_LABELS.get(case.category or "", "—"),
                "subject": (case.subject or "")[:120],
                "unit_name": r["unit_name"] or "",
                "stage": r["stage"],
                "due": f"{clock.due:%d/%m/%Y}" if clock is not None else "",
                "due_stage": clock.stage if clock is not None else "",
                "state": r["next_state"] or "",
                "after": after,
            }
        )
    return out


@router.get("/xu-ly", response_class=HTMLResponse)
def inbox_page(
    request: Request, user: Handler, db: SessionDep, settings: SettingsDep, view: str = "cho_xu_ly"
) -> Response:
    """The unit's handling lists, one tab per view."""
    if view not in VIEWS:
        view = "cho_xu_ly"
    return TEMPLATES.TemplateResponse(
        request,
        "handling_inbox.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "view": view,
            "views": VIEWS,
            "rows": _inbox_rows(db, user, settings, view),
            "unit_name": user_unit_name(db, user, settings),
            "states": CLOCK_STATES,
        },
    )


# ---------------------------------------------------------------------------------------------- case page
def _pending_destroy(events: list[HandlingEvent]) -> bool:
    ev = last(events, "destroy_proposed", "destroy_decided")
    return ev is not None and ev.kind == "destroy_proposed"


def allowed_forms(
    db: Session, user: CurrentUser, case: Case, settings: Settings, events: list[HandlingEvent]
) -> set[str]:
    """The forms the case's stage allows to this user (the API checks again; this only hides the others)."""
    stage = case.handling_stage
    forms: set[str] = set()
    forwarded = last(events, "chuyen_don")
    if forwarded is not None and stage not in ("ket_thuc", "luu_don", "co_ket_qua"):
        if forwarded.unit_code in views.visible_units(db, user, settings):
            forms.add("don_doc")  # the sender follows it up
    if stage is None or not views.may_handle(db, user, case, settings):
        return forms
    if stage == "cho_xu_ly":
        forms |= {"classify", "decision"}
    if stage in decisions.WITHDRAWABLE:
        forms.add("decision")  # rút đơn (and, while waiting for a decision, every direction)
    if stage in ("thu_ly", "giai_quyet"):
        forms |= {"assign", "extend"}
    if stage == "giai_quyet":
        forms |= {"step", "result"}
    if stage == "co_ket_qua":
        notice, result = last(events, "notice"), last(events, "result")
        if notice is None or (result is not None and notice.id < result.id):
            forms.add("notice")
        forms.add("close")
    if stage == "cho_phuc_dap" or (forwarded is not None and forwarded.to_unit == case.unit_code):
        forms.add("reply")  # the answer from outside arrived / the receiving unit answers the sender
    if stage == "luu_don":
        if _pending_destroy(events):
            if user.role in LEADERS:
                forms.add("destroy_decide")
        else:
            forms.add("destroy_propose")
    return forms


def _checklist(db: Session, case: Case, events: list[HandlingEvent]) -> dict[str, Any]:
    """The classification form's pre-filled values (the same as GET /api/cases/{id}/checklist)."""
    from ...handling.eligibility import SOURCE_LABELS, checklist, content_class_of

    cls = decisions.content_class(case, events)
    result = checklist(repo.case_fields(case), cls, (case.extra or {}).get("signature"), case.text or "")
    return {
        "content_class": cls,
        "suggested_class": content_class_of(case.category or "to_cao", (case.extra or {}).get("contents")),
        "eligible": result.eligible,  # None: some item is not known (never ineligible by itself)
        "reasons": list(result.reasons),
        "items": [
            {
                "key": i.key,
                "label": i.label,
                "ok": i.ok,
                "source": SOURCE_LABELS.get(i.source, ""),
                "required": i.required,
            }
            for i in result.items
        ],
    }


def _letters(user: CurrentUser, case: Case, letters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    visible = may_see_identity(user, case)
    out = []
    for let in letters:
        spec = LETTER_KINDS.get(let["kind"])
        out.append(
            {
                **let,
                "label": f"{spec.label} {_lower_first(spec.vv)}".strip() if spec else let["kind"],
                "issued": vn_date(let["issued_at"]),
                "open": spec is not None and (spec.redacted or visible),  # the API gives 403 otherwise
            }
        )
    return out


def _clock_rows(deadlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **c,
            "due_vn": vn_date(c["due"]),
            "period": period(c),
            "state_label": CLOCK_STATES.get(c["state"], ""),
        }
        for c in deadlines
    ]


def _units_to(db: Session, case: Case) -> list[dict[str, Any]]:
    return [
        {"code": o.code, "label": o.label, "depth": o.depth}
        for o in unit_tree.units_for_select(db)
        if o.code != case.unit_code
    ]


def _case_context(
    db: Session, user: CurrentUser, case: Case, settings: Settings, visible: bool
) -> dict[str, Any]:
    events = events_of(db, case.case_id)
    handling = views.handling_json(db, case, settings)
    forms = allowed_forms(db, user, case, settings, events)
    cls = decisions.content_class(case, events) if case.handling_stage else ""
    stage = case.handling_stage
    directions = dict(DIRECTION_LABELS) if stage == "cho_xu_ly" else {"rut_don": DIRECTION_LABELS["rut_don"]}
    clocks = _clock_rows(handling["deadlines"])
    return {
        "data": case_json(case, user, db, with_text=False),
        "identity_hidden": not visible,
        "handling": handling,
        "clocks": clocks,
        "running": [c for c in clocks if c["state"] in RUNNING],
        "letters": _letters(user, case, handling["letters"]),
        "forms": forms,
        "content_class": cls,
        "checklist": _checklist(db, case, events) if "classify" in forms else None,
        "directions": directions,
        "reasons": decisions.KHONG_XU_LY_REASONS,
        "units_to": _units_to(db, case) if "decision" in forms and stage == "cho_xu_ly" else [],
        "results": {k: RESULT_LABELS[k] for k in RESULTS_FOR.get(cls, tuple(RESULT_LABELS))},
        "result_labels": RESULT_LABELS,
        "pages": [
            {"no": n, "img": f"/api/cases/{case.case_id}/pages/{n}/image"} for n in case.source_pages or []
        ],
    }


@router.get("/cases/{case_id}/xu-ly", response_class=HTMLResponse)
def case_handling_page(
    case_id: CaseId,
    request: Request,
    user: Handler,
    db: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
) -> Response:
    """One case's handling: stage, unit, clocks, timeline, letters and the forms its stage allows."""
    case = visible_case_or_404(db, user, case_id, settings)
    visible = may_see_identity(user, case)
    if not visible:  # the page images below are the redacted copy: make it now if it is missing
        redaction.ensure_redacted(db, store, case)
    repo.audit(db, user.username, "view_handling", case.case_id, via="page", redacted=not visible)
    return TEMPLATES.TemplateResponse(
        request,
        "handling_case.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "case": case,
            "labels": {
                "category": CATEGORY_LABELS,
                "domain": DOMAIN_LABELS,
                "content_class": CONTENT_CLASS_LABELS,
            },
            "leader": user.role in LEADERS,
            **_case_context(db, user, case, settings, visible),
        },
    )


# ---------------------------------------------------------------------------------------------- admin: units
def _unit_rows(db: Session) -> list[dict[str, Any]]:
    units = list(db.scalars(select(Unit).order_by(Unit.id)))
    names = {u.code: u.name for u in units}
    return [
        {
            "code": u.code,
            "name": u.name,
            "depth": depth,
            "kind": UNIT_KIND_LABELS.get(u.kind, u.kind),
            "active": bool(u.active),
            "abolished": unit_tree.is_abolished(u),
            "abolished_on": vn_date(u.abolished_on),
            "successor": u.successor_code,
            "successor_name": names.get(u.successor_code or "", ""),
            "remote": bool(u.remote),
        }
        for u, depth in unit_tree.tree_order(units)
    ]


def _units_page(
    request: Request,
    user: CurrentUser,
    db: Session,
    settings: Settings,
    *,
    problems: list[str] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    unit_tree.ensure_units(db, settings)
    return TEMPLATES.TemplateResponse(
        request,
        "admin_units.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "rows": _unit_rows(db),
            "home": views.home_unit(db, settings),
            "problems": problems or [],
            "notice": notice,
        },
        status_code=status_code,
    )


@router.get("/admin/units", response_class=HTMLResponse)
def units_page(request: Request, user: Admin, db: SessionDep, settings: SettingsDep) -> Response:
    """The agency tree, and the form that loads a new units file."""
    return _units_page(request, user, db, settings)


@router.post("/admin/units", response_class=HTMLResponse, dependencies=[CSRF])
async def units_upload(
    request: Request,
    user: Admin,
    db: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    """Check an uploaded units file and load it (codes missing from it are retired, never deleted)."""
    data = await file.read(UNITS_FILE_MAX + 1)
    if len(data) > UNITS_FILE_MAX:
        raise HTTPException(413, "Tệp danh sách đơn vị quá lớn (tối đa 5 MB).")
    name = (file.filename or "")[:200]
    try:
        rows = unit_tree.read_units_csv(data)
        report = unit_tree.sync_units(db, rows)
    except unit_tree.UnitsFileError as exc:
        repo.audit(db, user.username, "units_load_refused", None, file=name, problems=len(exc.problems))
        return _units_page(request, user, db, settings, problems=exc.problems, status_code=400)
    repo.audit(
        db,
        user.username,
        "units_load",
        None,
        file=name,
        units=len(rows),
        added=report.added,
        changed=report.changed,
        retired=report.retired,
    )
    notice = (
        f"Đã nạp {len(rows)} đơn vị: {len(report.added)} thêm mới, {len(report.changed)} thay đổi, "
        f"{len(report.retired)} ngừng sử dụng."
    )
    return _units_page(request, user, db, settings, notice=notice)
