"""Tra cứu: the search page (/tra-cuu), its JSON API (/api/search), saved searches and the "same person" view
(/cases/{id}/cung-nguoi).

The search itself is ``search/query.py`` (Vietnamese-aware, ranked, the caller's unit subtree, the identity
policy: no match on and no snippet of a hidden identity; every search audited there); these routes parse the
filters (a bad value is a 422 with a Vietnamese message, never an empty result) and show the results. The page
is a plain GET form: it works without JavaScript (search.js only adds keyboard shortcuts). Saving and deleting a
saved search are plain form POSTs with the session's CSRF token.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ...config import Settings
from ...contract import CATEGORY_LABELS, DOMAIN_LABELS, FIELD_BY_KEY, STAGE_LABELS, STATUS_LABELS
from ...handling import units as unit_tree
from ...handling import views
from ...search import person, saved
from ...search.query import SearchError, SearchFilters, SearchResult, search
from ...storage import repo
from ..auth import CurrentUser, csrf_token
from ..deps import CSRF, AnyUser, SessionDep, SettingsDep, visible_case_or_404
from ..permissions import may_see_identity
from ..present import TEMPLATES, local_time, utc_iso

router = APIRouter()
CaseId = Annotated[str, Path(max_length=40)]
PAGE_SIZE = 20
MAX_LIMIT = 100
MAX_OFFSET = 100_000
# the query string's filter names, in the order the page and the saved searches show them
FILTER_KEYS = ("status", "unit", "category", "domain", "from", "to", "overdue", "stage")
_NOT_MARK = re.compile(r"<(?!/?mark>)")  # any tag but <mark>: escaped (the snippet is already escaped)
TRUE = ("1", "true", "on", "yes", "co")
FALSE = ("", "0", "false", "off", "no", "khong")


class Params:
    """The query and its filters as the query string gives them (strings, validated by :meth:`filters`)."""

    def __init__(self, q: str | None, **raw: str | None) -> None:
        self.q = (q or "").strip()
        self.raw = {k: (raw.get(k) or "").strip() for k in FILTER_KEYS}

    def filters(self) -> SearchFilters:
        """The filters, or HTTPException 422 (Vietnamese) for a date or a yes/no that cannot be read; the search
        checks the codes (status, unit, category, domain, stage)."""
        r = self.raw
        overdue = r["overdue"].lower()
        if overdue not in TRUE + FALSE:
            raise HTTPException(422, f"Giá trị «quá hạn» không hợp lệ: {r['overdue'][:40]!r} (dùng 1 hoặc 0)")
        return SearchFilters(
            status=r["status"] or None,
            unit=r["unit"] or None,
            category=r["category"] or None,
            domain=r["domain"] or None,
            date_from=_date(r["from"], "từ ngày"),
            date_to=_date(r["to"], "đến ngày"),
            overdue=overdue in TRUE,
            stage=r["stage"] or None,
        )

    def given(self) -> dict[str, str]:
        """The non-empty parameters (what a saved search keeps and a link repeats)."""
        out = {"q": self.q} if self.q else {}
        out.update({k: v for k, v in self.raw.items() if v})
        return out

    def any(self) -> bool:
        return bool(self.given())


def search_params(
    q: str = Query("", max_length=200),
    status: str = Query("", max_length=40),
    unit: str = Query("", max_length=40),
    category: str = Query("", max_length=40),
    domain: str = Query("", max_length=40),
    date_from: str = Query("", alias="from", max_length=20),
    date_to: str = Query("", alias="to", max_length=20),
    overdue: str = Query("", max_length=10),
    stage: str = Query("", max_length=40),
) -> Params:
    """The query string of /tra-cuu and /api/search (strings; :meth:`Params.filters` checks them)."""
    return Params(
        q,
        status=status,
        unit=unit,
        category=category,
        domain=domain,
        overdue=overdue,
        stage=stage,
        **{"from": date_from, "to": date_to},
    )


SearchParams = Annotated[Params, Depends(search_params)]


def _date(text: str, label: str) -> dt.date | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise HTTPException(422, f"Ngày «{label}» không hợp lệ: {text[:40]!r} (dạng YYYY-MM-DD hoặc dd/mm/yyyy)")


def _run(
    db: Session, user: CurrentUser, settings: Settings, p: Params, limit: int, offset: int
) -> SearchResult:
    """The search (audited by ``search.query``); a bad filter is a 422."""
    filters = p.filters()
    try:  # the search audits itself (the text, the filters, how many were found)
        return search(db, user, settings, p.q, filters, limit=limit, offset=offset)
    except SearchError as exc:
        raise HTTPException(422, exc.message) from exc


def _snippet(text: str) -> str:
    """The snippet (escaped by the search, with <mark>): any other tag is escaped again, whatever happens."""
    return _NOT_MARK.sub("&lt;", text or "")


def _received(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return utc_iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value is None else str(value)


def hit_json(hit: Any) -> dict[str, Any]:
    return {
        "case_id": hit.case_id,
        "snippet": _snippet(hit.snippet),
        "score": float(hit.score),
        "status": hit.status,
        "category": hit.category,
        "domain": hit.domain,
        "received_at": _received(hit.received_at),
        "subject": hit.subject,
        "name": hit.name,
        "unit_code": hit.unit_code,
        "overdue": bool(hit.overdue),
        "url": f"/cases/{hit.case_id}",
    }


# ---------------------------------------------------------------------------------------------- JSON API
@router.get("/api/search", tags=["search"])
def api_search(
    user: AnyUser,
    db: SessionDep,
    settings: SettingsDep,
    p: SearchParams,
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """Every case the caller may see that matches ``q`` (case number, names, ID and phone digits, addresses,
    subject, recipient, respondent, the text; with or without diacritics, any case), best first, with a
    highlighted snippet; filters as on /tra-cuu (``from``/``to``: received, local dates ``YYYY-MM-DD``;
    ``overdue=1``). A bad filter value is a 422. Audited."""
    result = _run(db, user, settings, p, limit, offset)
    return {"items": [hit_json(h) for h in result.items], "total": result.total}


# ---------------------------------------------------------------------------------------------- the page
def _unit_options(db: Session, user: CurrentUser, settings: Settings) -> list[dict[str, Any]]:
    """The units of the user's subtree, as a tree (depths from the user's own unit), for the unit filter."""
    codes = views.visible_units(db, user, settings)
    options = [o for o in unit_tree.units_for_select(db) if o.code in codes]
    top = min((o.depth for o in options), default=0)
    return [{"code": o.code, "label": o.label, "depth": o.depth - top} for o in options]


def _row(hit: Any, names: dict[str, str], home: str) -> dict[str, Any]:
    out = hit_json(hit)
    out["received"] = local_time(hit.received_at) if isinstance(hit.received_at, dt.datetime) else ""
    unit = hit.unit_code or home  # a case not yet verified belongs to the home unit
    out["unit_name"] = names.get(unit, unit)
    return out


@router.get("/tra-cuu", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    user: AnyUser,
    db: SessionDep,
    settings: SettingsDep,
    p: SearchParams,
    page: int = Query(1, ge=1, le=MAX_OFFSET // PAGE_SIZE),
) -> Response:
    """One search box, the filters, the ranked results with their snippets, paging and the saved searches."""
    error, rows, total = "", [], 0
    names = views.unit_names(db)
    if p.any():
        try:
            result = _run(db, user, settings, p, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        except HTTPException as exc:
            error = str(exc.detail)
        else:
            home = views.home_unit(db, settings)
            rows, total = [_row(h, names, home) for h in result.items], result.total
    given = p.given()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return TEMPLATES.TemplateResponse(
        request,
        "search.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "q": p.q,
            "f": p.raw,
            "given": given,
            "searched": p.any() and not error,
            "error": error,
            "rows": rows,
            "total": total,
            "page": page,
            "pages": pages,
            "page_qs": lambda n: urlencode({**given, "page": n}),
            "units": _unit_options(db, user, settings),
            "stages": STAGE_LABELS,
            "saved": [_saved_row(s, names) for s in saved.list_saved(db, user)],
        },
        status_code=422 if error else 200,
    )


def _saved_row(s: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    params = {k: str(v) for k, v in (s.get("params") or {}).items() if k in ("q", *FILTER_KEYS) and v}
    return {
        "id": s["id"],
        "name": s["name"],
        "about": describe(params, names),
        "href": "/tra-cuu?" + urlencode(params),
    }


def describe(params: dict[str, str], names: dict[str, str]) -> str:
    """A saved search in words: «từ khóa» · Lĩnh vực: Đất đai · Từ ngày 01/01/2026 · Chỉ hồ sơ quá hạn."""
    labels = {
        "status": ("Trạng thái", STATUS_LABELS),
        "unit": ("Đơn vị", names),
        "category": ("Loại đơn", CATEGORY_LABELS),
        "domain": ("Lĩnh vực", DOMAIN_LABELS),
        "stage": ("Bước xử lý", STAGE_LABELS),
    }
    out = [f"«{params['q']}»"] if params.get("q") else []
    for key, value in params.items():
        if key in labels:
            label, values = labels[key]
            out.append(f"{label}: {values.get(value, value)}")
        elif key in ("from", "to"):
            try:
                day = f"{_date(value, key):%d/%m/%Y}"
            except (HTTPException, TypeError):
                day = value
            out.append(f"{'Từ ngày' if key == 'from' else 'Đến ngày'} {day}")
        elif key == "overdue" and value.lower() in TRUE:
            out.append("Chỉ hồ sơ quá hạn")
    return " · ".join(x for x in out if x)


# ---------------------------------------------------------------------------------------------- saved searches
@router.post("/tra-cuu/da-luu", dependencies=[CSRF], include_in_schema=False)
def save_search(
    user: AnyUser,
    db: SessionDep,
    name: Annotated[str, Form(max_length=120)] = "",
    q: Annotated[str, Form(max_length=200)] = "",
    status: Annotated[str, Form(max_length=40)] = "",
    unit: Annotated[str, Form(max_length=40)] = "",
    category: Annotated[str, Form(max_length=40)] = "",
    domain: Annotated[str, Form(max_length=40)] = "",
    date_from: Annotated[str, Form(alias="from", max_length=20)] = "",
    date_to: Annotated[str, Form(alias="to", max_length=20)] = "",
    overdue: Annotated[str, Form(max_length=10)] = "",
    stage: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Keep the current query and filters under a name (the user's own list); back to the search."""
    p = Params(
        q,
        status=status,
        unit=unit,
        category=category,
        domain=domain,
        overdue=overdue,
        stage=stage,
        **{"from": date_from, "to": date_to},
    )
    name = name.strip()
    if not name:
        raise HTTPException(422, "Hãy đặt tên cho tìm kiếm cần lưu")
    if not p.any():
        raise HTTPException(422, "Chưa có gì để lưu: hãy nhập từ khóa hoặc chọn bộ lọc")
    p.filters()  # a bad date is refused here, not when the saved search is run
    try:
        sid = saved.save(db, user, name, p.given())
    except saved.SavedSearchError as exc:
        raise HTTPException(422, exc.message) from exc
    repo.audit(db, user.username, "search_save", None, saved_id=sid, name=name)
    return RedirectResponse("/tra-cuu?" + urlencode(p.given()), status_code=303)


@router.post("/tra-cuu/da-luu/{saved_id}/xoa", dependencies=[CSRF], include_in_schema=False)
def delete_search(
    saved_id: Annotated[int, Path(ge=1, le=2**31 - 1)], user: AnyUser, db: SessionDep
) -> Response:
    """Delete one of the user's own saved searches (another user's: 404, as if it did not exist)."""
    if not saved.delete_saved(db, user, saved_id):
        raise HTTPException(404, "Không có tìm kiếm đã lưu này")
    repo.audit(db, user.username, "search_delete", None, saved_id=saved_id)
    return RedirectResponse("/tra-cuu", status_code=303)


# ---------------------------------------------------------------------------------------------- same person
def _label(key: str) -> str:
    return FIELD_BY_KEY[key].label


# the comparison's rows: (key of search.person.case_row, label)
COMPARE_FIELDS: tuple[tuple[str, str], ...] = (
    ("received_at", "Ngày nhận"),
    ("petition_date", _label("petition_date")),
    ("status", "Trạng thái"),
    ("category", _label("category")),
    ("domain", _label("domain")),
    ("unit_code", "Đơn vị đang giữ"),
    ("handling_stage", "Bước xử lý"),
    ("name", _label("name")),
    ("address", _label("address")),
    ("id_number", _label("id_number")),
    ("phone", _label("phone")),
    ("signatory_count", _label("signatory_count")),
    ("recipient", _label("recipient")),
    ("respondent", _label("respondent")),
    ("subject", _label("subject")),
    ("duplicate_of", _label("duplicate_of")),
    ("summary", "Nội dung (trích)"),
)
MATCHED = {"id_number": "Số CCCD/CMND", "name_address": "Họ tên và địa chỉ"}


@router.get("/cases/{case_id}/cung-nguoi", response_class=HTMLResponse, include_in_schema=False)
def same_person_page(
    case_id: CaseId, request: Request, user: AnyUser, db: SessionDep, settings: SettingsDep
) -> Response:
    """Every petition of the same person (ID number, or name + address) and the case's duplicate group (vụ
    việc) side by side; identity per the policy (nothing matched on a hidden identity). Audited."""
    case = visible_case_or_404(db, user, case_id, settings)
    hidden = not may_see_identity(user, case)
    same = [] if hidden else person.same_person(db, user, settings, case)
    home = views.home_unit(db, settings)  # a case not yet verified belongs to the home unit
    group = [
        {**g, "unit_code": g.get("unit_code") or home}
        for g in person.duplicate_group(db, user, settings, case)
    ]
    repo.audit(db, user.username, "view_same_person", case.case_id, found=len(same), group=len(group))
    names = views.unit_names(db)
    return TEMPLATES.TemplateResponse(
        request,
        "person.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "case": case,
            "identity_hidden": hidden,
            "same": [
                {
                    **r,
                    "received": shown("received_at", r.get("received_at"), names),
                    "matched": MATCHED.get(r.get("match") or "", ""),
                }
                for r in same
            ],
            "group": group,
            "compare": compare(group, names),
        },
    )


def compare(group: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """The comparison table: one row per field, one cell per case, ``differs`` when the cases disagree."""
    rows = []
    for key, label in COMPARE_FIELDS:
        values = [shown(key, g.get(key), names) for g in group]
        if not any(values):
            continue
        rows.append({"key": key, "label": label, "values": values, "differs": len(set(values)) > 1})
    return rows


def shown(key: str, value: Any, names: dict[str, str]) -> str:
    """A value of the comparison as the page shows it: labels for codes, local dates and times."""
    if value is None or value == "":
        return ""
    codes = {
        "status": STATUS_LABELS,
        "category": CATEGORY_LABELS,
        "domain": DOMAIN_LABELS,
        "handling_stage": STAGE_LABELS,
        "unit_code": names,
    }
    if key in codes:
        return codes[key].get(str(value), str(value))
    if key == "received_at":
        try:
            return local_time(dt.datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if key == "petition_date":
        try:
            return f"{dt.date.fromisoformat(str(value)[:10]):%d/%m/%Y}"
        except ValueError:
            return str(value)
    return str(value)
