"""/tra-cuu-ho-so: the citizen's look-up, opened from the QR code of the receipt (public: no login).

With the case number and the last 4 digits of the phone or ID number written in the petition, the page shows the
stage and the current deadline, nothing else (exchange/web.py decides; no name, content, staff or document). A
mismatch answers one neutral message whether or not the case exists. Failed tries are limited per client and per
case (429); the form carries the CSRF token of the anonymous session (the signed pre-login cookie,
api/sessions.py), as the login form does.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from ...exchange import web
from ..auth import check_csrf, csrf_token
from ..deps import SessionDep, SettingsDep, client_ip
from ..present import TEMPLATES
from ..sessions import secret_key

router = APIRouter(include_in_schema=False)
Short = Annotated[str, Form(max_length=100)]


def _page(
    request: Request,
    number: str,
    result: web.LookupResult | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    return TEMPLATES.TemplateResponse(
        request,
        "lookup.html",
        {"csrf": csrf_token(request), "number": number, "result": result, "digits": web.DIGITS},
        status_code=status_code,
        headers=headers,
    )


@router.get("/tra-cuu-ho-so", response_class=HTMLResponse)
def lookup_form(request: Request, ma: Annotated[str, Query(max_length=100)] = "") -> Response:
    return _page(request, web.clean_case_number(ma))


@router.post("/tra-cuu-ho-so", response_class=HTMLResponse)
def lookup(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    ma: Short = "",
    so: Short = "",
    csrf: Short = "",
) -> Response:
    number = web.clean_case_number(ma)
    try:
        check_csrf(request, csrf)
    except HTTPException:
        result = web.LookupResult("invalid", "Phiên làm việc đã hết hạn. Xin tải lại trang rồi tra cứu lại.")
        return _page(request, number, result, status_code=403)
    client = web.ip_hash(secret_key(settings), client_ip(request))
    result = web.lookup(db, settings, ma, so, client)
    if result.outcome == "blocked":
        return _page(
            request, number, result, status_code=429, headers={"Retry-After": str(result.retry_after)}
        )
    return _page(request, number, result, status_code=422 if result.outcome == "invalid" else 200)
