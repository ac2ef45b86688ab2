"""The verification station: the queue, the case screen and its JSON actions (claim, edit, confirm, approve,
return, release, reopen).

Editing needs the case's lock (``repo.claim_case``, 15 minutes, renewed by the open case screen); every change
is written to the append-only field history and the audit log (the field rules: ``api/edits.py``; the review
rules — flagged fields, skipping, reopening, who acts on which case — ``api/verification.py``).

Historical cases (issue 15): ``/?status=archive_review&batch=N`` lists a batch's quality-control sample; archivists
and editors verify them here, and an approval makes them archive_verified without entering handling.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import and_
from sqlalchemy.orm import Session

from ...contract import (
    ARCHIVE_STATUSES,
    CATEGORY_LABELS,
    DOMAIN_LABELS,
    EDITABLE_STATUSES,
    FIELD_COLUMNS,
    FIELD_LABELS,
    LOCAL_TZ,
)
from ...handling import tracking, views
from ...ingest import redaction
from ...storage import repo
from ...storage.models import Case
from .. import deadlines
from .. import verification as review
from ..auth import CurrentUser, csrf_token, require
from ..deps import CSRF, AnyUser, DaysOff, SessionDep, StoreDep, case_or_404
from ..edits import FieldError, apply_all, apply_change, clean_text, field_warning, input_value
from ..hardening import INT32_MAX, PageNumber
from ..permissions import ARCHIVE_VERIFIERS, EDITORS, is_cleared, may_see_identity
from ..present import (
    HIDDEN,
    HIDDEN_FIELDS,
    LOW_CONFIDENCE,
    TEMPLATES,
    case_json,
    local_time,
    lock_info,
    redaction_summary,
    source_name,
    station_pages,
    utc_iso,
)
from ..wordmap import field_words

router = APIRouter()
Reopener = Annotated[CurrentUser, Depends(require(*review.REOPENERS))]
# the JSON actions: the editors on every case, archivists on historical ones only (review.check_access)
StationUser = Annotated[CurrentUser, Depends(require(*ARCHIVE_VERIFIERS))]

EDITABLE_FIELDS = [(k, label) for k, label in FIELD_LABELS if k in FIELD_COLUMNS]
PAGE_SIZE = 50


# ---------------------------------------------------------------------------------------------- helpers
def _check(user: CurrentUser, case: Case, editing: bool = True) -> None:
    """403 unless ``user`` may act on ``case`` (an archivist: historical cases only, never a protected one)."""
    try:
        review.check_access(user, case, editing=editing)
    except review.Refused as exc:
        raise HTTPException(exc.status, str(exc)) from None


def _ensure_lock(db: Session, case: Case, user: CurrentUser) -> None:
    if case.status not in EDITABLE_STATUSES:
        raise HTTPException(409, "Hồ sơ đã được xác minh; không sửa được nữa.")
    if not repo.claim_case(db, case, user.username):
        raise HTTPException(
            409,
            f"Hồ sơ đang được {case.locked_by} xử lý (khóa đến {local_time(case.locked_until, '%H:%M')}).",
        )


def _filters(
    category: str | None = None,
    domain: str | None = None,
    low: Any = None,
    status: Any = None,
    batch: Any = None,
) -> dict[str, str]:
    """The queue's filters kept from screen to screen; ``status`` only archive_review (a batch's sample: the
    "next case" stays there), ``batch`` an archive batch id."""
    out = {}
    if category in CATEGORY_LABELS:
        out["category"] = category
    if domain in DOMAIN_LABELS:
        out["domain"] = domain
    if low in ("1", 1, True, "true", "on"):
        out["low"] = "1"
    if status == review.ARCHIVE_REVIEW:
        out["status"] = status
    text = str(batch) if isinstance(batch, (str, int)) and not isinstance(batch, bool) else ""
    if text.isascii() and text.isdigit() and 0 < int(text) <= INT32_MAX:
        out["batch"] = str(int(text))
    return out


def _body_filters(f: dict[str, Any] | None) -> dict[str, str]:
    f = f or {}
    return _filters(f.get("category"), f.get("domain"), f.get("low"), f.get("status"), f.get("batch"))


def _units(db: Session, user: CurrentUser, request: Request, batch: str | None = None) -> Any:
    """The cases of the user's unit and the units below it (handling/views.py), of one archive batch if given."""
    settings = request.app.state.settings
    cond = views.unit_condition(views.visible_units(db, user, settings), views.home_unit(db, settings))
    return and_(cond, Case.archive_batch_id == int(batch)) if batch else cond


def _next_url(
    db: Session, user: CurrentUser, exclude: str | None, filters: dict[str, str], request: Request
) -> str:
    """Claim the next case, never one the verifier skipped in this session ("Để lại hàng chờ"); when only
    skipped cases are left, back to the queue saying so (and the next "next" starts over)."""
    skipped = review.skipped(request.session)
    avoid = {*skipped, *([exclude] if exclude else [])}
    where = _units(db, user, request, filters.get("batch"))
    nxt, waiting = review.next_case(db, user.username, avoid, filters, where=where)
    qs = urlencode(filters)
    if nxt is None:
        review.forget_skip(request.session)
        extra = {"skipped": str(waiting)} if waiting else {}
        return "/?" + urlencode({**filters, "done": "1", **extra})
    repo.audit(db, user.username, "claim", nxt.case_id, via="next")
    return f"/cases/{nxt.case_id}" + (f"?{qs}" if qs else "")


# ---------------------------------------------------------------------------------------------- queue
def _received_before(due: str, off: frozenset[dt.date]) -> dt.datetime | None:
    """The overdue filter: cases received before this moment are past their deadline."""
    if due != "overdue":
        return None
    cutoff = deadlines.earliest_receipt_due_on_or_after(deadlines.today_local(), extra=off)
    return dt.datetime.combine(cutoff, dt.time(), LOCAL_TZ).astimezone(dt.UTC)


def _queue_rows(user: CurrentUser, cases: list[Case], off: frozenset[dt.date]) -> list[dict[str, Any]]:
    today = deadlines.today_local()
    visible_ids = {c.case_id for c in cases if may_see_identity(user, c)}
    return [
        {
            "case": c,
            # a historical case has no live deadline
            "deadline": None
            if c.status in ARCHIVE_STATUSES
            else deadlines.deadline_info(c.received_at, today, off),
            "lock": lock_info(c),
            "name_visible": c.case_id in visible_ids,
            "duplicate_of": c.duplicate_of if is_cleared(user) else None,
        }
        for c in cases
    ]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def queue(
    request: Request,
    user: AnyUser,
    db: SessionDep,
    off: DaysOff,
    status: str = "pending_verification",
    category: str = "",
    domain: str = "",
    low: str = "",
    due: str = "",
    q: str | None = Query(None, max_length=200),
    page: PageNumber = 1,
    done: str = "",
    skipped: str = "",
    batch: str = Query("", max_length=12),
) -> Response:
    page = max(1, page)
    filters = _filters(category, domain, low, status, batch)
    cases, total = repo.queue_cases(
        db,
        status=status or None,
        category=filters.get("category"),
        domain=filters.get("domain"),
        low_below=LOW_CONFIDENCE if filters.get("low") else None,
        received_before=_received_before(due, off),
        q=q,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        identity_cleared=is_cleared(user),
        where=_units(db, user, request, filters.get("batch")),
    )
    if q and q.strip():
        repo.audit(db, user.username, "search", None, q=q[:200], via="queue", results=total)
    failed = repo.list_documents(db, status="failed", limit=20) if page == 1 else []
    params = {"status": status, **filters, "due": due, "q": q or ""}
    return TEMPLATES.TemplateResponse(
        request,
        "cases.html",
        {
            "user": user,
            "rows": _queue_rows(user, cases, off),
            "total": total,
            "status": status,
            "q": q or "",
            "page": page,
            "filters": filters,
            "due": due,
            "failed": [
                {"name": source_name(user, d), "created_at": d.created_at, "error": d.error} for d in failed
            ],
            "csrf": csrf_token(request),
            "done": bool(done),
            "skipped_left": int(skipped) if skipped.isdigit() and len(skipped) < 6 else 0,
            "skipped_ids": set(review.skipped(request.session)),
            "is_editor": user.role in EDITORS,
            # "next case": the editors; archivists only in a batch's sample (never the live queue)
            "may_claim": user.role in EDITORS
            or (user.role in ARCHIVE_VERIFIERS and filters.get("status") == review.ARCHIVE_REVIEW),
            "pages": (total + PAGE_SIZE - 1) // PAGE_SIZE,
            "page_qs": lambda n: urlencode({**{k: v for k, v in params.items() if v}, "page": n}),
            "low_threshold": LOW_CONFIDENCE,
        },
    )


@router.post("/queue/next", include_in_schema=False, dependencies=[CSRF])
def queue_next(
    request: Request,
    user: StationUser,
    db: SessionDep,
    category: str = Form(""),
    domain: str = Form(""),
    low: str = Form(""),
    status: str = Form(""),
    batch: str = Form("", max_length=12),
) -> Response:
    """Claim the next case in deadline order (not one skipped in this session) and open it; with
    ``status=archive_review`` (and ``batch``) the next historical case of a sample."""
    filters = _filters(category, domain, low, status, batch)
    if user.role not in EDITORS and filters.get("status") != review.ARCHIVE_REVIEW:
        raise HTTPException(403, review.LIVE_REFUSAL)
    url = _next_url(db, user, None, filters, request)
    return RedirectResponse(url, status_code=303)


# ---------------------------------------------------------------------------------------------- case screen
def _claim_on_open(db: Session, case: Case, user: CurrentUser) -> tuple[bool, dict[str, Any] | None]:
    """An editor (an archivist: a historical case) opening an editable case takes (or renews) its lock:
    (editable, who holds it otherwise)."""
    if not review.may_edit(user, case):
        return False, None
    held = repo.lock_holder(case) == user.username
    if not repo.claim_case(db, case, user.username):
        return False, lock_info(case)
    if not held:
        repo.audit(db, user.username, "claim", case.case_id)
    return True, None


def _form_fields(
    case: Case, values: dict[str, Any], visible: bool, left: list[str] | None = None
) -> list[dict[str, Any]]:
    """The form's rows; ``left``: the flagged fields this verifier has yet to confirm or edit."""
    conf = dict(case.confidence or {})
    fields = []
    for key, label in EDITABLE_FIELDS:
        # hidden whether or not the field has a value: an empty one would tell which identity fields exist
        hidden = key in HIDDEN_FIELDS and not visible
        c = None if hidden else conf.get(key)
        low = c is not None and c < LOW_CONFIDENCE
        fields.append(
            {
                "key": key,
                "label": label,
                "value": HIDDEN if hidden else input_value(values[key]),
                "raw": None if hidden else values[key],
                "conf": c,
                "hidden": hidden,
                "low": low,
                "reviewed": low and left is not None and key not in left,
                "warning": None if hidden else field_warning(key, values[key]),
            }
        )
    return fields


def _station_data(
    case: Case, pages: list[Any], values: dict[str, Any], visible: bool, **kw: Any
) -> dict[str, Any]:
    """What station.js reads: pages and word boxes (NFC), the field sources, the flagged fields left."""
    return {
        "case_id": case.case_id,
        "pages": review.nfc_pages(station_pages(case, pages, redacted=not visible)),
        "words": field_words(case, pages, values) if visible else {},
        "hidden": not visible,
        "flagged": review.flagged_fields(case),
        "labels": {k: label for k, label in EDITABLE_FIELDS},
        **kw,
    }


@router.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
def case_page(
    case_id: str,
    request: Request,
    user: AnyUser,
    db: SessionDep,
    store: StoreDep,
    off: DaysOff,
    category: str = "",
    domain: str = "",
    low: str = "",
    status: str = "",
    batch: str = Query("", max_length=12),
) -> Response:
    case = case_or_404(db, case_id)
    visible = may_see_identity(user, case)
    repo.audit(db, user.username, "view", case.case_id, via="station", redacted=not visible)
    # a role not cleared for this case's complainant sees the redacted copy of its pages (privacy/policy.py)
    pages = repo.case_pages(db, case) if visible else redaction.ensure_redacted(db, store, case)
    data = case_json(case, user, db)
    data["text"] = review.nfc(data.get("text"))  # the full-text panel: precomposed letters ("số")
    editable, lock_note = _claim_on_open(db, case, user)
    values = {k: repo.field_value(case, k) for k, _ in EDITABLE_FIELDS}
    filters = _filters(category, domain, low, status, batch)
    left = review.remaining_flags(db, case, user.username) if editable else None
    archive = case.status in ARCHIVE_STATUSES
    # the history (old and new values) for whoever may act on the case and see its identity
    history = user.role in EDITORS or (archive and user.role in ARCHIVE_VERIFIERS and visible)
    rescans = (case.extra or {}).get("rescans") or []
    return TEMPLATES.TemplateResponse(
        request,
        "case.html",
        {
            "user": user,
            "case": case,
            "data": data,
            "fields": _form_fields(case, values, visible, left),
            "csrf": csrf_token(request),
            "identity_hidden": not visible,
            "editable": editable,
            "lock_note": lock_note,
            "is_editor": history,
            "deadline": None if archive else deadlines.deadline_info(case.received_at, extra=off),
            "history": review.history_rows(db, case_id) if history else [],
            "archive": (case.extra or {}).get("archive") or {} if archive else None,
            # an archivist in front of a protected historical case: a cleared verifier must check it
            "archive_protected": archive
            and user.role in ARCHIVE_VERIFIERS
            and user.role not in EDITORS
            and not visible,
            "may_reopen": review.may_reopen(user, case),
            "last_rescan": rescans[-1] if rescans and isinstance(rescans[-1], dict) else None,
            "filters": filters,
            "back_qs": urlencode(filters),
            "identity_reasons": data.get("identity_reasons") or [],
            "source_file": data.get("source_file"),
            "redaction": redaction_summary(pages) if visible and case.identity_protected else None,
            "station": _station_data(
                case, pages, values, visible, editable=editable, filters=filters, left=left or []
            ),
        },
    )


# ---------------------------------------------------------------------------------------------- JSON actions
def _review_state(db: Session, case: Case, user: CurrentUser) -> dict[str, Any]:
    """What the case screen refreshes after a save or a confirmation: the flagged fields left, the history."""
    return {
        "left": review.remaining_flags(db, case, user.username),
        "history": review.history_rows(db, case.case_id or ""),
    }


@router.post("/api/cases/{case_id}/claim", tags=["station"], dependencies=[CSRF])
def api_claim(case_id: str, user: StationUser, db: SessionDep) -> dict[str, Any]:
    """Take or renew the case's lock (15 minutes); 409 when another verifier holds it."""
    case = case_or_404(db, case_id)
    _check(user, case)
    _ensure_lock(db, case, user)
    return {"case_id": case.case_id, "locked_by": case.locked_by, "locked_until": utc_iso(case.locked_until)}


@router.post("/api/cases/{case_id}/release", tags=["station"], dependencies=[CSRF])
def api_release(case_id: str, request: Request, user: StationUser, db: SessionDep) -> dict[str, Any]:
    """Leave the case in the queue ("Để lại hàng chờ", Alt+Q): the lock goes, and the next case offered to this
    verifier in this session is another one."""
    case = case_or_404(db, case_id)
    _check(user, case, editing=False)
    if repo.lock_holder(case) == user.username:
        repo.release_case(db, case, user.username)
        repo.audit(db, user.username, "release", case.case_id)
    if case.status in ("pending_verification", review.ARCHIVE_REVIEW):
        review.remember_skip(request.session, case.case_id or "")
    return {"case_id": case.case_id, "locked_by": repo.lock_holder(case)}


@router.post("/api/cases/{case_id}/fields", tags=["station"], dependencies=[CSRF])
def api_set_field(
    case_id: str,
    user: StationUser,
    db: SessionDep,
    field: Annotated[str, Body()],
    value: Annotated[Any, Body()] = None,
    source: Annotated[Any, Body()] = None,
) -> dict[str, Any]:
    """Correct one field: ``{"field", "value", "source": [[page_no, word index], ...]}``; also returns the
    flagged fields still to check (``left``) and the refreshed history."""
    case = case_or_404(db, case_id)
    if field not in FIELD_COLUMNS:
        raise HTTPException(422, "Trường không tồn tại")
    _check(user, case)
    _ensure_lock(db, case, user)
    try:
        changed = apply_change(db, case, field, value, user.username, source)
    except FieldError as exc:
        raise HTTPException(422, str(exc)) from None
    stored = repo.field_value(case, field)
    words = field_words(case, repo.case_pages(db, case), {field: stored}).get(field, [])
    return {
        "field": field,
        "value": input_value(stored),
        "changed": changed,
        "words": words,
        "warning": field_warning(field, stored),
        **_review_state(db, case, user),
    }


@router.post("/api/cases/{case_id}/confirm", tags=["station"], dependencies=[CSRF])
def api_confirm_field(
    case_id: str, user: StationUser, db: SessionDep, field: Annotated[str, Body(embed=True)]
) -> dict[str, Any]:
    """Confirm one field's value as read (a flagged field must be confirmed or edited before approval): a
    history row with the value unchanged, and the audit log. ``recorded`` is false when already done."""
    case = case_or_404(db, case_id)
    if field not in FIELD_COLUMNS:
        raise HTTPException(422, "Trường không tồn tại")
    _check(user, case)
    _ensure_lock(db, case, user)
    recorded = review.confirm_field(db, case, field, user.username)
    return {"field": field, "recorded": recorded, **_review_state(db, case, user)}


@router.post("/api/cases/{case_id}/approve", tags=["station"], dependencies=[CSRF])
def api_approve(
    case_id: str,
    request: Request,
    user: StationUser,
    db: SessionDep,
    fields: Annotated[dict[str, Any] | None, Body()] = None,
    sources: Annotated[dict[str, Any] | None, Body()] = None,
    filters: Annotated[dict[str, Any] | None, Body()] = None,
) -> dict[str, Any]:
    """Save the form's values (changes go to the history), set the case verified and claim the next one.
    409 while a low-confidence field has been neither confirmed nor edited by this verifier. A historical case
    (archive_review) becomes archive_verified, enters no handling, and the next case is its batch's."""
    case = case_or_404(db, case_id)
    _check(user, case)
    _ensure_lock(db, case, user)
    try:
        apply_all(db, case, user.username, fields, sources)
    except FieldError as exc:
        raise HTTPException(422, f"{dict(FIELD_LABELS).get(exc.field, exc.field)}: {exc}") from None
    _check(user, case)  # a corrected category may have made it a protected case (rolled back then)
    try:
        review.check_flags(db, case, user.username)
    except review.Refused as exc:  # the transaction is rolled back: the form's values are not kept either
        raise HTTPException(exc.status, str(exc)) from None
    then = _body_filters(filters)
    if case.status == review.ARCHIVE_REVIEW:
        review.approve_archive(db, case, user.username, is_cleared(user))
        repo.audit(db, user.username, "approve", case.case_id, archive_batch=case.archive_batch_id)
        then = _filters(status=review.ARCHIVE_REVIEW, batch=case.archive_batch_id)
    else:
        repo.approve_case(db, case, user.username)
        tracking.on_verified(
            db, case, user.username, request.app.state.settings
        )  # into its unit's handling inbox
        repo.audit(db, user.username, "approve", case.case_id)
    return {
        "case_id": case.case_id,
        "status": case.status,
        "verified_by": case.verified_by,
        "verified_at": utc_iso(case.verified_at),
        "history": review.history_rows(db, case.case_id or ""),
        "next": _next_url(db, user, case.case_id, then, request),
    }


@router.post("/api/cases/{case_id}/return", tags=["station"], dependencies=[CSRF])
def api_return(
    case_id: str,
    request: Request,
    user: StationUser,
    db: SessionDep,
    reason: Annotated[str, Body(embed=True)],
    filters: Annotated[dict[str, Any] | None, Body()] = None,
) -> dict[str, Any]:
    """Send the case back (status returned) with a reason, and claim the next one."""
    case = case_or_404(db, case_id)
    _check(user, case, editing=False)
    reason = clean_text(reason) or ""
    if len(reason) < 3:
        raise HTTPException(422, "Hãy ghi lý do trả lại")
    if case.status != "pending_verification":
        raise HTTPException(409, "Chỉ trả lại được hồ sơ đang chờ xác minh")
    _ensure_lock(db, case, user)
    repo.return_case(db, case, user.username, reason[:2000])
    repo.audit(db, user.username, "return", case.case_id, reason=reason[:2000])
    nxt = _next_url(db, user, case.case_id, _body_filters(filters), request)
    return {"case_id": case.case_id, "status": case.status, "reason": case.return_reason, "next": nxt}


@router.post("/api/cases/{case_id}/reopen", tags=["station"], dependencies=[CSRF])
def api_reopen(
    case_id: str, user: Reopener, db: SessionDep, reason: Annotated[str, Body(embed=True)] = ""
) -> dict[str, Any]:
    """Supervisors and admins: a verified case back to verification, with a reason (history, audit); 409 once
    its handling has gone beyond waiting (any handling event but "received" and "classify")."""
    case = case_or_404(db, case_id)
    try:
        text = review.reopen(db, case, user.username, reason)
    except review.Refused as exc:
        raise HTTPException(exc.status, str(exc)) from None
    return {"case_id": case.case_id, "status": case.status, "reason": text}


@router.get("/api/cases/{case_id}/history", tags=["station"])
def api_history(case_id: str, user: StationUser, db: SessionDep) -> list[dict[str, Any]]:
    """The case's field history, newest first (old value, new value, who, when; ``confirm``: a confirmation)."""
    case = case_or_404(db, case_id)
    _check(user, case)  # old and new values: who may see the identity
    repo.audit(db, user.username, "view_history", case.case_id)
    return review.history_rows(db, case_id)
