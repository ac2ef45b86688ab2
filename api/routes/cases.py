"""Case content over the JSON API: listing and search, one case, its pages, page images and the PDF.

Every route asks the one identity policy (privacy/policy.py, via ``permissions.may_see_identity``): a role not
cleared for a denouncer's identity gets the redacted copy of a protected case (pages with the identity and
signature masked, the text with them removed), never a 403 wall and never the original. Searches are audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from ...handling import views
from ...ingest import redaction
from ...privacy import policy
from ...storage import repo
from ...storage.objects import ObjectNotFound
from ..auth import csrf_token
from ..deps import (
    CSRF,
    AnyUser,
    Reviewer,
    SessionDep,
    SettingsDep,
    StoreDep,
    case_or_404,
    visible_case_or_404,
)
from ..permissions import is_cleared, may_see_identity
from ..present import TEMPLATES, case_json, page_json

router = APIRouter()
MAX_INT = 2**31 - 1
CaseId = Annotated[str, Path(max_length=40)]
PageNo = Annotated[int, Path(ge=1, le=100_000)]
Box = Annotated[list[int], Field(min_length=4, max_length=4)]  # [left, top, width, height] in page pixels


@router.get("/api/cases", tags=["cases"])
def api_cases(
    user: AnyUser,
    db: SessionDep,
    settings: SettingsDep,
    status: str | None = Query(None, max_length=40),
    q: str | None = Query(None, max_length=200),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_INT),
) -> dict[str, Any]:
    """Cases of the caller's unit and the units below it (and those it forwarded), oldest first; ``q`` matches
    the case number, the subject and (where the caller may see it) the complainant's name. ``%`` and ``_`` in
    ``q`` are plain characters."""
    units = views.visible_units(db, user, settings)
    where = views.unit_condition(units, views.home_unit(db, settings))
    cases, total = repo.list_cases(
        db, status=status, limit=limit, offset=offset, q=q, identity_cleared=is_cleared(user), where=where
    )
    if q and q.strip():
        repo.audit(db, user.username, "search", None, q=q[:200], via="api", results=total)
    return {"total": total, "items": [case_json(c, user, db, with_text=False) for c in cases]}


@router.get("/api/cases/{case_id}", tags=["cases"])
def api_case(
    case_id: CaseId,
    user: AnyUser,
    db: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """One case as the caller may see it, with its unit, decisions (``handling``) and running clocks
    (``deadlines``: ``[{stage, due, working_days, basis, ...}]``)."""
    case = visible_case_or_404(db, user, case_id, settings)
    redacted = not may_see_identity(user, case)
    if redacted:
        redaction.ensure_redacted(db, store, case)
    repo.audit(db, user.username, "view", case.case_id, via="api", redacted=redacted)
    data = case_json(case, user, db)
    handling = views.handling_json(db, case, settings)
    data.update({k: handling[k] for k in ("unit", "unit_name", "handling_stage", "handling", "deadlines")})
    return data


@router.get("/api/cases/{case_id}/pages", tags=["pages"])
def api_case_pages(
    case_id: CaseId,
    user: AnyUser,
    db: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
) -> list[dict[str, Any]]:
    case = visible_case_or_404(db, user, case_id, settings)
    redacted = not may_see_identity(user, case)
    pages = redaction.ensure_redacted(db, store, case) if redacted else repo.case_pages(db, case)
    repo.audit(db, user.username, "view_pages", case.case_id, redacted=redacted)
    return [page_json(case, p, redacted) for p in pages]


@router.get(
    "/api/cases/{case_id}/pages/{page_no}/image",
    tags=["pages"],
    responses={200: {"content": {"image/jpeg": {}}}},
)
def api_page_image(
    case_id: CaseId,
    page_no: PageNo,
    user: AnyUser,
    db: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
) -> Response:
    """The page image; the redacted copy for a role not cleared to see this case's complainant."""
    case = visible_case_or_404(db, user, case_id, settings)
    if page_no not in (case.source_pages or []):
        raise HTTPException(404, "Không có trang này")
    redacted = not may_see_identity(user, case)
    pages = redaction.ensure_redacted(db, store, case) if redacted else repo.case_pages(db, case)
    page = next((p for p in pages if p.page_no == page_no), None)
    if page is None:
        raise HTTPException(404, "Không có trang này")
    key = page.redacted_image_key if redacted else page.image_key
    if not key:  # fail closed: no redacted copy, no image
        raise HTTPException(404, "Chưa có bản lược danh tính của trang này")
    try:
        data = store.get(key)
    except ObjectNotFound as exc:
        raise HTTPException(404, "Ảnh trang không còn trong kho lưu trữ") from exc
    repo.audit(
        db,
        user.username,
        "view_image",
        case.case_id,
        page=page_no,
        redacted=redacted,
        id_card=bool(page.id_card),
    )
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.get("/api/cases/{case_id}/pdf", tags=["pages"], responses={200: {"content": {"application/pdf": {}}}})
def api_case_pdf(
    case_id: CaseId,
    user: AnyUser,
    db: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
) -> Response:
    """The petition as a PDF: the searchable scan for cleared roles; for others, a protected case's redacted
    copy (masked images, no text layer)."""
    from ...ocr.searchable import PageSpec, build_pdf

    case = visible_case_or_404(db, user, case_id, settings)
    if not may_see_identity(user, case):
        specs = [
            PageSpec(store.get(p.redacted_image_key), p.width, p.height, [])
            for p in redaction.ensure_redacted(db, store, case)
            if not p.blank and p.redacted_image_key
        ]
        if not specs:
            raise HTTPException(404, "Hồ sơ này chưa có bản lược danh tính")
        data = build_pdf(specs)
        repo.audit(db, user.username, "download_pdf", case.case_id, redacted=True)
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="{case.case_id}-ban-luoc.pdf"',
                "Cache-Control": "no-store",
            },
        )
    key = (case.extra or {}).get("searchable_pdf")
    if not key:
        raise HTTPException(404, "Hồ sơ này chưa có bản PDF tìm kiếm được")
    try:
        data = store.get(key)
    except ObjectNotFound as exc:
        raise HTTPException(404, "Bản PDF không còn trong kho lưu trữ") from exc
    repo.audit(db, user.username, "download_pdf", case.case_id)
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{case.case_id}.pdf"',
            "Cache-Control": "no-store",
        },
    )


# ---------------------------------------------------------------------------------------------- review


@router.get("/cases/{case_id}/redacted", response_class=HTMLResponse, include_in_schema=False)
def redacted_review(
    request: Request,
    case_id: CaseId,
    user: Reviewer,
    db: SessionDep,
    store: StoreDep,
) -> Response:
    """A cleared verifier reviews the redacted copy: the masked pages, boxes added by dragging, then marked
    reviewed. This copy is what uncleared roles see and what is handed on (Luật Tố cáo art. 56)."""
    case = case_or_404(db, case_id)
    pages = redaction.ensure_redacted(db, store, case)
    repo.audit(db, user.username, "view_redacted", case.case_id)
    rows = [
        {
            "no": p.page_no,
            "w": p.width,
            "h": p.height,
            "id_card": bool(p.id_card),
            "img": f"/api/cases/{case.case_id}/pages/{p.page_no}/redacted",
            "boxes": len((p.redaction or {}).get("boxes") or []),
            "reviewed_by": (p.redaction or {}).get("reviewed_by"),
        }
        for p in pages
        if not p.blank
    ]
    return TEMPLATES.TemplateResponse(
        request,
        "redacted.html",
        {
            "user": user,
            "case": case,
            "pages": rows,
            "csrf": csrf_token(request),
            "reasons": policy.describe(case.identity_reasons),
            "protected": bool(case.identity_protected),
            "redacted_text": "\n\n".join(p.redacted_text or "" for p in pages),
        },
    )


@router.get(
    "/api/cases/{case_id}/pages/{page_no}/redacted",
    tags=["pages"],
    responses={200: {"content": {"image/jpeg": {}}}},
)
def api_redacted_image(
    case_id: CaseId,
    page_no: PageNo,
    user: Reviewer,
    db: SessionDep,
    store: StoreDep,
) -> Response:
    """The redacted copy of a page, for the cleared verifier who reviews it."""
    case = case_or_404(db, case_id)
    page = next(
        (p for p in redaction.ensure_redacted(db, store, case) if p.page_no == page_no),
        None,
    )
    if page is None or not page.redacted_image_key:
        raise HTTPException(404, "Không có trang này")
    try:
        data = store.get(page.redacted_image_key)
    except ObjectNotFound as exc:
        raise HTTPException(404, "Ảnh trang không còn trong kho lưu trữ") from exc
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


class RedactionReview(BaseModel):
    # page number -> boxes to mask in addition, [left, top, width, height] in page pixels
    boxes: dict[int, list[Box]] = Field(default_factory=dict)
    reviewed: bool = True


@router.post("/api/cases/{case_id}/redaction", tags=["pages"], dependencies=[CSRF])
def api_review_redaction(
    body: RedactionReview,
    case_id: CaseId,
    user: Reviewer,
    db: SessionDep,
    store: StoreDep,
) -> dict[str, Any]:
    """Add masked boxes to the redacted copy and/or mark it reviewed (audited)."""
    case = case_or_404(db, case_id)
    pages = {p.page_no: p for p in redaction.case_pages(case)}
    extra: dict[int, list] = {}
    for no, boxes in body.boxes.items():
        page = pages.get(no)
        if page is None:
            raise HTTPException(422, f"Hồ sơ không có trang {no}")
        clean = []
        for left, top, width, height in boxes[:200]:
            left, top = max(0, min(left, page.width)), max(0, min(top, page.height))
            width, height = max(0, min(width, page.width - left)), max(0, min(height, page.height - top))
            if width and height:
                clean.append([left, top, width, height])
        if clean:
            extra[no] = clean
    redaction.redact_case(store, case, extra_boxes=extra, actor=user.username)
    if body.reviewed:
        redaction.mark_reviewed(case, user.username)
    repo.audit(
        db,
        user.username,
        "review_redaction",
        case.case_id,
        added={str(k): len(v) for k, v in extra.items()},
        reviewed=body.reviewed,
    )
    return {"case_id": case.case_id, "added": sum(len(v) for v in extra.values()), "reviewed": body.reviewed}
