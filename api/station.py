"""The verification station: the queue, the case screen and its JSON actions (claim, edit, approve, return).

Editing needs the case's lock (``repo.claim_case``, 15 minutes, renewed by the open case screen); every change
is written to the append-only field history and the audit log.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ..ingest import redaction
from ..privacy import policy
from ..storage import repo
from ..storage.models import Case
from . import deadlines
from .auth import CurrentUser, csrf_token, require
from .common import (
    CATEGORY_LABELS,
    DOMAIN_LABELS,
    EDITORS,
    FIELD_LABELS,
    HIDDEN,
    IDENTITY_FIELDS,
    LOW_CONFIDENCE,
    STATUS_LABELS,
    TEMPLATES,
    case_json,
    csrf_protect,
    get_db,
    local_time,
    may_see_identity,
    not_found,
    source_name,
)
from .hardening import PageNumber
from .wordmap import field_words

router = APIRouter()

EDITABLE_FIELDS = [(k, label) for k, label in FIELD_LABELS if k in repo.FIELD_COLUMNS]
TEXT_LIMITS = {
    "name": 300,
    "address": 2000,
    "id_number": 40,
    "phone": 40,
    "recipient": 2000,
    "respondent": 2000,
    "subject": 4000,
}
PAGE_SIZE = 50
# fields hidden from a role not cleared for a protected case's complainant
HIDDEN_FIELDS = set(IDENTITY_FIELDS) | {"signatory_count", "anonymous"}


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------------------------------------- values
def _clean_text(value: Any) -> str | None:
    text = unicodedata.normalize("NFC", str(value if value is not None else ""))
    text = " ".join(text.split())
    return text or None


_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


def parse_field(field: str, raw: Any) -> Any:
    """A value typed in the station, checked and converted to what the case column holds."""
    if field not in repo.FIELD_COLUMNS:
        raise FieldError(field, "Trường không tồn tại")
    if field == "category":
        v = _clean_text(raw)
        if v is not None and v not in CATEGORY_LABELS:
            raise FieldError(field, "Loại đơn phải là khiếu nại, tố cáo, kiến nghị hoặc phản ánh")
        return v
    if field == "domain":
        v = _clean_text(raw)
        if v is not None and v not in DOMAIN_LABELS:
            raise FieldError(field, "Lĩnh vực không hợp lệ")
        return v
    if field == "petition_date":
        v = _clean_text(raw)
        if v is None:
            return None
        try:
            m = _DATE_RE.match(v)
            day = (
                dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else dt.date.fromisoformat(v)
            )
        except ValueError:
            raise FieldError(field, "Ngày không hợp lệ: nhập dạng ngày/tháng/năm, ví dụ 15/03/2024") from None
        if not 1945 <= day.year <= dt.date.today().year + 1:
            raise FieldError(field, "Năm của ngày viết đơn không hợp lý")
        return day
    if field == "signatory_count":
        try:
            n = int(str(raw).strip() or "0")
        except ValueError:
            raise FieldError(field, "Số người ký phải là một số") from None
        if not 0 <= n <= 100_000:
            raise FieldError(field, "Số người ký không hợp lý")
        return n
    if field == "anonymous":
        if isinstance(raw, bool):
            return raw
        return str(raw).strip().lower() in ("1", "true", "on", "yes", "có", "co", "x")
    v = _clean_text(raw)
    if v is not None and len(v) > TEXT_LIMITS[field]:
        raise FieldError(field, f"Quá dài (tối đa {TEXT_LIMITS[field]} ký tự)")
    return v


def input_value(value: Any) -> Any:
    """A column value as the form shows it."""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return value


def field_warning(field: str, value: Any) -> str | None:
    """A hint for the verifier on values that look wrong (they are kept as written)."""
    if not value:
        return None
    try:
        if field == "id_number":
            from ..nlp.validate import check_id_number

            chk = check_id_number(str(value))
            if not chk.valid:
                if chk.id_type is None:
                    return f"CCCD có 12 chữ số, CMND có 9 (đang có {len(chk.digits)})"
                return "Số định danh không hợp lệ (mã tỉnh hoặc năm sinh)"
        if field == "phone":
            from ..nlp.validate import check_phone

            if not check_phone(str(value)).valid:
                return "Số điện thoại không đúng định dạng Việt Nam"
    except Exception:  # a hint only: never stop the station
        return None
    return None


def _update_extras(case: Case, field: str, value: Any) -> None:
    """Keep the normalized extras of the export beside a corrected value."""
    extra = dict(case.extra or {})
    try:
        if field == "id_number":
            from ..nlp.validate import check_id_number

            chk = check_id_number(value)
            extra["id_digits"] = chk.digits or None
            extra["id_type"] = chk.id_type
            extra["id_valid"] = chk.valid if value else None
        elif field == "phone":
            from ..nlp.validate import check_phone

            chk = check_phone(value)
            extra["phone_digits"] = chk.digits or None
            extra["phone_valid"] = chk.valid if value else None
        elif field == "address":
            from ..nlp.address import current_unit

            extra["address_current"] = current_unit(value) if value else None
    except Exception:
        pass
    case.extra = extra


def _set_source(case: Case, field: str, source: Any) -> None:
    extra = dict(case.extra or {})
    sources = dict(extra.get("sources") or {})
    if source:
        try:
            clean = [[int(p), int(i)] for p, i in list(source)[:300]]
        except (TypeError, ValueError):
            clean = []
        if clean:
            sources[field] = clean
    else:
        sources.pop(field, None)
    extra["sources"] = sources
    case.extra = extra


def apply_change(db: Session, case: Case, field: str, raw: Any, actor: str, source: Any = None) -> bool:
    value = parse_field(field, raw)
    changed = repo.set_case_field(db, case, field, value, actor)
    if changed:
        _update_extras(case, field, value)
        _set_source(case, field, source)
        repo.audit(db, actor, "edit", case.case_id, field=field)
        if (
            field in IDENTITY_FIELDS
        ):  # the redacted copy must mask the corrected value: made again on next use
            redaction.invalidate(case)
    elif source:
        _set_source(case, field, source)
    return changed


# ---------------------------------------------------------------------------------------------- helpers
def _get_case(db: Session, case_id: str) -> Case:
    case = repo.get_case(db, case_id)
    if case is None:
        raise not_found()
    return case


def _ensure_lock(db: Session, case: Case, user: CurrentUser) -> None:
    if case.status not in repo.EDITABLE_STATUSES:
        raise HTTPException(409, "Hồ sơ đã được xác minh; không sửa được nữa.")
    if not repo.claim_case(db, case, user.username):
        raise HTTPException(
            409,
            f"Hồ sơ đang được {case.locked_by} xử lý (khóa đến {local_time(case.locked_until, '%H:%M')}).",
        )


def _filters(category: str | None = None, domain: str | None = None, low: Any = None) -> dict[str, str]:
    out = {}
    if category in CATEGORY_LABELS:
        out["category"] = category
    if domain in DOMAIN_LABELS:
        out["domain"] = domain
    if low in ("1", 1, True, "true", "on"):
        out["low"] = "1"
    return out


def _next_url(db: Session, user: CurrentUser, exclude: str | None, filters: dict[str, str]) -> str:
    nxt = repo.next_case(
        db,
        user.username,
        exclude=exclude,
        category=filters.get("category"),
        domain=filters.get("domain"),
        low_below=LOW_CONFIDENCE if filters.get("low") else None,
    )
    qs = urlencode(filters)
    if nxt is not None:
        repo.audit(db, user.username, "claim", nxt.case_id, via="next")
    if nxt is None:
        return "/?" + urlencode({**filters, "done": "1"})
    return f"/cases/{nxt.case_id}" + (f"?{qs}" if qs else "")


def _lock_info(case: Case) -> dict[str, Any] | None:
    holder = repo.lock_holder(case)
    if holder is None:
        return None
    return {"by": holder, "until": local_time(case.locked_until, "%H:%M")}


# ---------------------------------------------------------------------------------------------- queue
@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def queue(
    request: Request,
    status: str = "pending_verification",
    category: str = "",
    domain: str = "",
    low: str = "",
    due: str = "",
    q: str | None = Query(None, max_length=200),
    page: PageNumber = 1,
    done: str = "",
    user: CurrentUser = Depends(require()),
    db: Session = Depends(get_db),
) -> Response:
    page = max(1, page)
    filters = _filters(category, domain, low)
    received_before = None
    if due == "overdue":
        cutoff = deadlines.earliest_receipt_due_on_or_after(deadlines.today_local())
        received_before = dt.datetime.combine(cutoff, dt.time(), deadlines.LOCAL_TZ).astimezone(dt.UTC)
    cases, total = repo.queue_cases(
        db,
        status=status or None,
        category=filters.get("category"),
        domain=filters.get("domain"),
        low_below=LOW_CONFIDENCE if filters.get("low") else None,
        received_before=received_before,
        q=q,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        identity_cleared=policy.is_cleared(user),
    )
    if q and q.strip():
        repo.audit(db, user.username, "search", None, q=q[:200], via="queue", results=total)
    failed = repo.list_documents(db, status="failed", limit=20) if page == 1 else []
    today = deadlines.today_local()
    visible_ids = {c.case_id for c in cases if may_see_identity(user, c)}
    rows = [
        {
            "case": c,
            "deadline": deadlines.deadline_info(c.received_at, today),
            "lock": _lock_info(c),
            "name_visible": c.case_id in visible_ids,
            "duplicate_of": c.duplicate_of if policy.is_cleared(user) else None,
        }
        for c in cases
    ]
    failed = [{"name": source_name(user, d), "created_at": d.created_at, "error": d.error} for d in failed]
    params = {"status": status, **filters, "due": due, "q": q or ""}
    return TEMPLATES.TemplateResponse(
        request,
        "cases.html",
        {
            "user": user,
            "rows": rows,
            "total": total,
            "status": status,
            "q": q or "",
            "page": page,
            "filters": filters,
            "due": due,
            "failed": failed,
            "csrf": csrf_token(request),
            "done": bool(done),
            "is_editor": user.role in EDITORS,
            "pages": (total + PAGE_SIZE - 1) // PAGE_SIZE,
            "page_qs": lambda n: urlencode({**{k: v for k, v in params.items() if v}, "page": n}),
            "low_threshold": LOW_CONFIDENCE,
        },
    )


@router.post("/queue/next", include_in_schema=False, dependencies=[Depends(csrf_protect)])
def queue_next(
    category: str = Form(""),
    domain: str = Form(""),
    low: str = Form(""),
    user: CurrentUser = Depends(require(*EDITORS)),
    db: Session = Depends(get_db),
) -> Response:
    """Claim the next case in deadline order and open it."""
    return RedirectResponse(_next_url(db, user, None, _filters(category, domain, low)), status_code=303)


# ---------------------------------------------------------------------------------------------- case screen
def _page_payload(case: Case, pages: list, redacted: bool = False) -> list[dict[str, Any]]:
    out = []
    for p in pages:
        if redacted:  # the masked image only: no words, no corrections (they carry the masked text)
            out.append(
                {
                    "no": p.page_no,
                    "w": p.width,
                    "h": p.height,
                    "rotation": p.rotation,
                    "conf": 0,
                    "manual": False,
                    "blank": bool(p.blank),
                    "redacted": True,
                    "img": f"/api/cases/{case.case_id}/pages/{p.page_no}/image",
                    "words": [],
                    "corr": {},
                }
            )
            continue
        corr = {}
        for c in p.corrections or []:
            try:
                corr[int(c["index"])] = {"old": c.get("old"), "new": c.get("new"), "kind": c.get("kind")}
            except (KeyError, TypeError, ValueError):
                continue
        out.append(
            {
                "no": p.page_no,
                "w": p.width,
                "h": p.height,
                "rotation": p.rotation,
                "conf": round(p.confidence or 0.0),
                "manual": bool(p.needs_manual),
                "blank": bool(p.blank),
                "img": f"/api/cases/{case.case_id}/pages/{p.page_no}/image",
                "words": [[w[0], w[1], w[2], w[3], w[4], round(float(w[5]))] for w in (p.words or [])],
                "corr": corr,
            }
        )
    return out


@router.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
def case_page(
    case_id: str,
    request: Request,
    category: str = "",
    domain: str = "",
    low: str = "",
    user: CurrentUser = Depends(require()),
    db: Session = Depends(get_db),
) -> Response:
    case = _get_case(db, case_id)
    visible = may_see_identity(user, case)
    repo.audit(db, user.username, "view", case.case_id, via="station", redacted=not visible)
    # a role not cleared for this case's complainant sees the redacted copy of its pages (privacy/policy.py)
    pages = (
        repo.case_pages(db, case) if visible else redaction.ensure_redacted(db, request.app.state.store, case)
    )
    data = case_json(case, user, db)
    is_editor = user.role in EDITORS
    editable = False
    lock_note = None
    if is_editor and case.status in repo.EDITABLE_STATUSES:
        held = repo.lock_holder(case) == user.username
        if repo.claim_case(db, case, user.username):
            editable = True
            if not held:
                repo.audit(db, user.username, "claim", case.case_id)
        else:
            lock_note = _lock_info(case)
    values = {k: repo.field_value(case, k) for k, _ in EDITABLE_FIELDS}
    conf = dict(case.confidence or {})
    fields = []
    for key, label in EDITABLE_FIELDS:
        # hidden whether or not the field has a value: an empty one would tell which identity fields exist
        hidden = key in HIDDEN_FIELDS and not visible
        c = None if hidden else conf.get(key)
        fields.append(
            {
                "key": key,
                "label": label,
                "value": HIDDEN if hidden else input_value(values[key]),
                "raw": None if hidden else values[key],
                "conf": c,
                "hidden": hidden,
                "low": c is not None and c < LOW_CONFIDENCE,
                "warning": None if hidden else field_warning(key, values[key]),
            }
        )
    words = field_words(case, pages, values) if visible else {}
    history = repo.case_history(db, case.case_id) if is_editor else []
    filters = _filters(category, domain, low)
    return TEMPLATES.TemplateResponse(
        request,
        "case.html",
        {
            "user": user,
            "case": case,
            "data": data,
            "fields": fields,
            "csrf": csrf_token(request),
            "identity_hidden": not visible,
            "editable": editable,
            "lock_note": lock_note,
            "is_editor": is_editor,
            "deadline": deadlines.deadline_info(case.received_at),
            "history": history,
            "field_labels": dict(FIELD_LABELS),
            "filters": filters,
            "back_qs": urlencode(filters),
            "identity_reasons": data.get("identity_reasons") or [],
            "source_file": data.get("source_file"),
            "redaction": _redaction_summary(pages) if visible and case.identity_protected else None,
            "station": {
                "case_id": case.case_id,
                "editable": editable,
                "pages": _page_payload(case, pages, redacted=not visible),
                "words": words,
                "filters": filters,
                "hidden": not visible,
            },
        },
    )


def _redaction_summary(pages: list) -> dict[str, Any]:
    """For a cleared verifier: whether the redacted copy exists and who reviewed it."""
    made = [p for p in pages if p.redacted_image_key]
    reviewed = [p for p in made if (p.redaction or {}).get("reviewed_by")]
    who = sorted({(p.redaction or {}).get("reviewed_by") for p in reviewed} - {None})
    return {
        "pages": len(pages),
        "made": len(made),
        "reviewed": len(reviewed) == len(pages) and bool(pages),
        "reviewed_by": ", ".join(who),
    }


# ---------------------------------------------------------------------------------------------- JSON actions
@router.post("/api/cases/{case_id}/claim", tags=["station"], dependencies=[Depends(csrf_protect)])
def api_claim(
    case_id: str, user: CurrentUser = Depends(require(*EDITORS)), db: Session = Depends(get_db)
) -> dict[str, Any]:
    """Take or renew the case's lock (15 minutes); 409 when another verifier holds it."""
    case = _get_case(db, case_id)
    _ensure_lock(db, case, user)
    return {
        "case_id": case.case_id,
        "locked_by": case.locked_by,
        "locked_until": repo._utc_iso(case.locked_until),
    }


@router.post("/api/cases/{case_id}/release", tags=["station"], dependencies=[Depends(csrf_protect)])
def api_release(
    case_id: str, user: CurrentUser = Depends(require(*EDITORS)), db: Session = Depends(get_db)
) -> dict[str, Any]:
    case = _get_case(db, case_id)
    if repo.lock_holder(case) == user.username:
        repo.release_case(db, case, user.username)
        repo.audit(db, user.username, "release", case.case_id)
    return {"case_id": case.case_id, "locked_by": repo.lock_holder(case)}


@router.post("/api/cases/{case_id}/fields", tags=["station"], dependencies=[Depends(csrf_protect)])
def api_set_field(
    case_id: str,
    field: str = Body(...),
    value: Any = Body(None),
    source: Any = Body(None),
    user: CurrentUser = Depends(require(*EDITORS)),
    db: Session = Depends(get_db),
) -> dict[str, Any]:
    """Confirm or correct one field: ``{"field", "value", "source": [[page_no, word index], ...]}``."""
    case = _get_case(db, case_id)
    if field not in repo.FIELD_COLUMNS:
        raise HTTPException(422, "Trường không tồn tại")
    _ensure_lock(db, case, user)
    try:
        changed = apply_change(db, case, field, value, user.username, source)
    except FieldError as exc:
        raise HTTPException(422, str(exc)) from None
    stored = repo.field_value(case, field)
    pages = repo.case_pages(db, case)
    words = field_words(case, pages, {field: stored}).get(field, [])
    return {
        "field": field,
        "value": input_value(stored),
        "changed": changed,
        "words": words,
        "warning": field_warning(field, stored),
    }


def _apply_all(
    db: Session, case: Case, user: CurrentUser, fields: dict[str, Any] | None, sources: dict[str, Any] | None
) -> None:
    for key, raw in (fields or {}).items():
        if key not in repo.FIELD_COLUMNS:
            continue
        try:
            apply_change(db, case, key, raw, user.username, (sources or {}).get(key))
        except FieldError as exc:
            raise HTTPException(422, f"{dict(FIELD_LABELS).get(key, key)}: {exc}") from None


@router.post("/api/cases/{case_id}/approve", tags=["station"], dependencies=[Depends(csrf_protect)])
def api_approve(
    case_id: str,
    fields: dict[str, Any] | None = Body(None),
    sources: dict[str, Any] | None = Body(None),
    filters: dict[str, Any] | None = Body(None),
    user: CurrentUser = Depends(require(*EDITORS)),
    db: Session = Depends(get_db),
) -> dict[str, Any]:
    """Save the form's values (changes go to the history), set the case verified and claim the next one."""
    case = _get_case(db, case_id)
    _ensure_lock(db, case, user)
    _apply_all(db, case, user, fields, sources)
    repo.approve_case(db, case, user.username)
    repo.audit(db, user.username, "approve", case.case_id)
    f = filters or {}
    nxt = _next_url(db, user, case.case_id, _filters(f.get("category"), f.get("domain"), f.get("low")))
    return {
        "case_id": case.case_id,
        "status": case.status,
        "verified_by": case.verified_by,
        "verified_at": repo._utc_iso(case.verified_at),
        "next": nxt,
    }


@router.post("/api/cases/{case_id}/return", tags=["station"], dependencies=[Depends(csrf_protect)])
def api_return(
    case_id: str,
    reason: str = Body(..., embed=True),
    filters: dict[str, Any] | None = Body(None),
    user: CurrentUser = Depends(require(*EDITORS)),
    db: Session = Depends(get_db),
) -> dict[str, Any]:
    """Send the case back (status returned) with a reason, and claim the next one."""
    case = _get_case(db, case_id)
    reason = _clean_text(reason) or ""
    if len(reason) < 3:
        raise HTTPException(422, "Hãy ghi lý do trả lại")
    if case.status != "pending_verification":
        raise HTTPException(409, "Chỉ trả lại được hồ sơ đang chờ xác minh")
    _ensure_lock(db, case, user)
    repo.return_case(db, case, user.username, reason[:2000])
    repo.audit(db, user.username, "return", case.case_id, reason=reason[:2000])
    f = filters or {}
    nxt = _next_url(db, user, case.case_id, _filters(f.get("category"), f.get("domain"), f.get("low")))
    return {"case_id": case.case_id, "status": case.status, "reason": case.return_reason, "next": nxt}


@router.get("/api/cases/{case_id}/history", tags=["station"])
def api_history(
    case_id: str, user: CurrentUser = Depends(require(*EDITORS)), db: Session = Depends(get_db)
) -> list[dict[str, Any]]:
    """The case's field history, newest first (old value, new value, who, when)."""
    case = _get_case(db, case_id)
    repo.audit(db, user.username, "view_history", case.case_id)
    return [
        {
            "field": h.field,
            "old": h.old_value,
            "new": h.new_value,
            "actor": h.actor,
            "at": repo._utc_iso(h.at),
        }
        for h in repo.case_history(db, case.case_id)
    ]


__all__ = ["router", "parse_field", "STATUS_LABELS"]
