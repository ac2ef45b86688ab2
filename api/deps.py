"""What a route asks for, as ``Annotated`` aliases: the request's database session, the settings, the object
store, the logged-in user holding a role of a set from ``permissions.py``, the CSRF check and the client's
address. A route's signature then says what it needs: ``def f(user: Editor, db: SessionDep)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from ..config import Settings
from ..storage import repo
from ..storage.models import Case
from . import deadlines, permissions
from .auth import CurrentUser, check_csrf, require
from .jobs import UploadRunner
from .proxies import client_address


# ---------------------------------------------------------------------------------------------- app state
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


def app_settings(request: Request) -> Settings:
    """The settings the app was made with (read once, by create_app)."""
    return request.app.state.settings


def object_store(request: Request) -> Any:
    return request.app.state.store


def upload_runner(request: Request) -> UploadRunner:
    return request.app.state.uploads


def days_off(request: Request) -> frozenset[dt.date]:
    """The extra days off of the settings, for the processing deadlines (api/deadlines.py)."""
    return deadlines.days_off(request.app.state.settings)


# scope="function": commit before the response is sent (FastAPI runs a yield dependency's exit after sending
# by default, so a client's next request could read what is not yet committed: a login not yet stored)
SessionDep = Annotated[Session, Depends(get_db, scope="function")]
SettingsDep = Annotated[Settings, Depends(app_settings)]
StoreDep = Annotated[Any, Depends(object_store)]
Uploads = Annotated[UploadRunner, Depends(upload_runner)]
DaysOff = Annotated[frozenset[dt.date], Depends(days_off)]

# ---------------------------------------------------------------------------------------------- who
AnyUser = Annotated[CurrentUser, Depends(require())]
Editor = Annotated[CurrentUser, Depends(require(*permissions.EDITORS))]
Reviewer = Annotated[CurrentUser, Depends(require(*permissions.REVIEWERS))]
Uploader = Annotated[CurrentUser, Depends(require(*permissions.UPLOADERS))]
ReceiptPrinter = Annotated[CurrentUser, Depends(require(*permissions.RECEIPT_PRINTERS))]
Retrier = Annotated[CurrentUser, Depends(require(*permissions.RETRIERS))]
Admin = Annotated[CurrentUser, Depends(require(*permissions.ADMINS))]
Handler = Annotated[CurrentUser, Depends(require(*permissions.HANDLERS))]
Leader = Annotated[CurrentUser, Depends(require(*permissions.LEADERS))]
AuditReader = Annotated[CurrentUser, Depends(require(*permissions.AUDIT_READERS))]


# ---------------------------------------------------------------------------------------------- CSRF, address
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


CSRF = Depends(csrf_protect)  # for a route's ``dependencies=[CSRF]``


def client_ip(request: Request) -> str:
    """The client's address: X-Forwarded-For only from DONTHU_TRUSTED_PROXIES (api/proxies.py)."""
    return client_address(request.scope, request.app.state.settings.trusted_proxies)


# ---------------------------------------------------------------------------------------------- cases
def not_found(what: str = "Không có hồ sơ này") -> HTTPException:
    return HTTPException(404, what)


def case_or_404(db: Session, case_id: str) -> Case:
    case = repo.get_case(db, case_id)
    if case is None:
        raise not_found()
    return case


def visible_case_or_404(db: Session, user: Any, case_id: str, settings: Settings) -> Case:
    """The case, when the caller's unit holds it, is above its holder, or forwarded it (handling/views.py);
    another unit's case is not shown to exist."""
    from ..handling import views

    case = case_or_404(db, case_id)
    if not views.may_view(db, user, case, settings):
        raise not_found()
    return case


def held_case_or_403(db: Session, user: Any, case_id: str, settings: Settings) -> Case:
    """A case the caller's unit (or a unit above it) holds: it may act on it; a unit that only follows a case
    it forwarded gets 403."""
    from ..handling import views

    case = visible_case_or_404(db, user, case_id, settings)
    if not views.may_handle(db, user, case, settings):
        raise HTTPException(403, "Hồ sơ do đơn vị khác giữ: đơn vị của bạn chỉ theo dõi kết quả.")
    return case
