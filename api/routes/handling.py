"""Handling after verification over the JSON API: units, classification, hướng xử lý, tracking to the result,
letters. The rules live in ``handling/``; these routes check who (role and unit), call them, audit, and turn a
:class:`HandlingError` into a Vietnamese message the officer reads as is.

A unit sees its own cases, those of the units below it, and those it forwarded (to follow the outcome); it acts
only on the cases it (or a unit below it) holds. Letters that name a denouncer follow the identity policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from ...contract import CONTENT_CLASS_LABELS
from ...handling import decisions, tracking, views
from ...handling import units as unit_tree
from ...handling.eligibility import checklist, content_class_of
from ...handling.events import HandlingError, events_of
from ...handling.issue import find_letter, is_redacted, letter_file_name, render_letter
from ...handling.letters import LETTER_KINDS, LetterError
from ...storage import repo
from ...storage.models import Case, Unit
from ..deps import (
    CSRF,
    AnyUser,
    Handler,
    Leader,
    SessionDep,
    SettingsDep,
    held_case_or_403,
    visible_case_or_404,
)
from ..permissions import may_see_identity

router = APIRouter()
CaseId = Annotated[str, Path(max_length=40)]
Text = Annotated[str, Field(max_length=4000)]
T = TypeVar("T")


def _run(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except HandlingError as exc:
        raise HTTPException(exc.status, exc.message) from exc


def _result(db: Any, user: Any, case: Case, settings: Any, action: str, **detail: Any) -> dict[str, Any]:
    repo.audit(db, user.username, f"handling_{action}", case.case_id, **detail)
    return {"case_id": case.case_id, **views.handling_json(db, case, settings)}


# ---------------------------------------------------------------------------------------------- units
@router.get("/api/units", tags=["handling"])
def api_units(user: AnyUser, db: SessionDep, settings: SettingsDep) -> list[dict[str, Any]]:
    """The agency tree: every unit with its parent, kind, and (for an abolished one) its successor."""
    unit_tree.ensure_units(db, settings)
    rows = db.scalars(select(Unit).order_by(Unit.id))
    return [
        {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "parent": u.parent_code,
            "active": bool(u.active),
            "abolished_on": u.abolished_on.isoformat() if u.abolished_on else None,
            "successor": u.successor_code,
            "remote": bool(u.remote),
        }
        for u in rows
    ]


# ---------------------------------------------------------------------------------------------- read
@router.get("/api/cases/{case_id}/handling", tags=["handling"])
def api_handling(case_id: CaseId, user: AnyUser, db: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """The case's unit, stage, decisions in order, timeline, running clocks and letters."""
    case = visible_case_or_404(db, user, case_id, settings)
    repo.audit(db, user.username, "view_handling", case.case_id)
    return {"case_id": case.case_id, **views.handling_json(db, case, settings)}


@router.get("/api/cases/{case_id}/checklist", tags=["handling"])
def api_checklist(case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """Đủ điều kiện xử lý (TT 05 art. 6(2)), pre-filled from the verified fields and the signature found."""
    case = visible_case_or_404(db, user, case_id, settings)
    cls = decisions.content_class(case, events_of(db, case.case_id))
    fields = repo.case_fields(case)
    result = checklist(fields, cls, (case.extra or {}).get("signature"), case.text or "")
    return {
        "content_class": cls,
        "content_class_label": CONTENT_CLASS_LABELS.get(cls, cls),
        "suggested_class": content_class_of(case.category or "to_cao", (case.extra or {}).get("contents")),
        "eligible": result.eligible,
        "missing": list(result.missing),
        "items": [{"key": i.key, "label": i.label, "ok": i.ok, "source": i.source} for i in result.items],
    }


# ---------------------------------------------------------------------------------------------- decide
class Classification(BaseModel):
    content_class: Literal["khieu_nai", "to_cao", "kien_nghi_phan_anh", "nhieu_noi_dung"]
    eligible: bool
    competent: bool
    reasons: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=20)
    checklist: dict[str, bool | None] = Field(default_factory=dict)
    round: int = Field(1, ge=1, le=2)
    complex: int = Field(0, ge=0, le=2)
    several_sites: bool = False
    remote: bool | None = None
    forwarded_by_authority: bool = False
    note: Text = ""


@router.post("/api/cases/{case_id}/classify", tags=["handling"], dependencies=[CSRF])
def api_classify(
    body: Classification, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    case = held_case_or_403(db, user, case_id, settings)
    values = body.model_dump()
    _run(lambda: tracking.classify(db, case, user.username, **values))
    return _result(
        db, user, case, settings, "classify", content_class=body.content_class, eligible=body.eligible
    )


class HandlingDecision(BaseModel):
    direction: Literal["thu_ly", "huong_dan", "chuyen_don", "tra_lai", "luu_don", "khong_xu_ly", "rut_don"]
    to_unit: Annotated[str, Field(max_length=40)] | None = None
    to_body: Annotated[str, Field(max_length=500)] | None = None
    note: Text = ""
    reason: Annotated[str, Field(max_length=60)] | None = None
    forwarding_letter: Annotated[str, Field(max_length=200)] = ""


@router.post("/api/cases/{case_id}/handling", tags=["handling"], dependencies=[CSRF])
def api_decide(
    body: HandlingDecision, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    """Record a hướng xử lý (thụ lý, hướng dẫn, chuyển đơn, trả lại, lưu đơn, không xử lý, rút đơn) after the
    law's preconditions; its letters are issued and numbered; a chuyển đơn to a unit of this installation puts
    the case in that unit's inbox."""
    case = held_case_or_403(db, user, case_id, settings)
    data = {"forwarding_letter": body.forwarding_letter} if body.forwarding_letter else None
    decision = _run(
        lambda: decisions.decide(
            db,
            case,
            user.username,
            body.direction,
            to_unit=body.to_unit,
            to_body=body.to_body,
            note=body.note,
            reason=body.reason,
            data=data,
        )
    )
    return _result(
        db,
        user,
        case,
        settings,
        body.direction,
        to_unit=body.to_unit,
        letters=[f"{let.number}/{let.series}" for let in decision.letters],
    )


# ---------------------------------------------------------------------------------------------- track
class Assignment(BaseModel):
    officer: Annotated[str, Field(min_length=1, max_length=80)]
    note: Text = ""


@router.post("/api/cases/{case_id}/assign", tags=["handling"], dependencies=[CSRF])
def api_assign(
    body: Assignment, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    case = held_case_or_403(db, user, case_id, settings)
    _run(lambda: tracking.assign(db, case, user.username, body.officer, body.note))
    return _result(db, user, case, settings, "assign", officer=body.officer)


class Step(BaseModel):
    step: Annotated[str, Field(min_length=1, max_length=300)]
    note: Text = ""


@router.post("/api/cases/{case_id}/steps", tags=["handling"], dependencies=[CSRF])
def api_step(
    body: Step, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    case = held_case_or_403(db, user, case_id, settings)
    _run(lambda: tracking.add_step(db, case, user.username, body.step, body.note))
    return _result(db, user, case, settings, "step")


class Extension(BaseModel):
    clock: Annotated[str, Field(max_length=40)]
    days: int = Field(ge=1, le=60)
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


@router.post("/api/cases/{case_id}/extend", tags=["handling"], dependencies=[CSRF])
def api_extend(
    body: Extension, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    case = held_case_or_403(db, user, case_id, settings)
    _run(lambda: tracking.extend(db, case, user.username, body.clock, body.days, body.reason, settings))
    return _result(db, user, case, settings, "extend", clock=body.clock, days=body.days)


class Outcome(BaseModel):
    result: Annotated[str, Field(max_length=40)]
    note: Text = ""
    amount_recovered: float | None = Field(None, ge=0)
    land_recovered_m2: float | None = Field(None, ge=0)
    people_disciplined: int | None = Field(None, ge=0)


@router.post("/api/cases/{case_id}/result", tags=["handling"], dependencies=[CSRF])
def api_result(
    body: Outcome, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    case = held_case_or_403(db, user, case_id, settings)
    amounts = body.model_dump(include={"amount_recovered", "land_recovered_m2", "people_disciplined"})
    _run(lambda: tracking.record_result(db, case, user.username, body.result, body.note, amounts))
    return _result(db, user, case, settings, "result", result=body.result)


class Note(BaseModel):
    note: Text = ""


@router.post("/api/cases/{case_id}/notice", tags=["handling"], dependencies=[CSRF])
def api_notice(
    body: Note, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    case = held_case_or_403(db, user, case_id, settings)
    _run(lambda: tracking.notify(db, case, user.username, body.note))
    return _result(db, user, case, settings, "notice")


@router.post("/api/cases/{case_id}/close", tags=["handling"], dependencies=[CSRF])
def api_close(
    body: Note, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    case = held_case_or_403(db, user, case_id, settings)
    _run(lambda: tracking.close(db, case, user.username, body.note))
    return _result(db, user, case, settings, "close")


@router.post("/api/cases/{case_id}/don-doc", tags=["handling"], dependencies=[CSRF])
def api_don_doc(
    body: Note, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    """Đôn đốc the body or unit a petition was forwarded to (by the forwarding unit, which follows it)."""
    case = visible_case_or_404(db, user, case_id, settings)
    _run(lambda: tracking.don_doc(db, case, user.username, body.note))
    return _result(db, user, case, settings, "don_doc")


class Reply(BaseModel):
    note: Annotated[str, Field(min_length=1, max_length=4000)]
    reply_no: Annotated[str, Field(max_length=100)] = ""
    reply_date: Annotated[str, Field(max_length=20)] = ""


@router.post("/api/cases/{case_id}/reply", tags=["handling"], dependencies=[CSRF])
def api_reply(
    body: Reply, case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    """A phúc đáp: from the unit that received a forwarded petition to its sender, or, for a body outside the
    installation, recorded by the sender when it arrives."""
    case = held_case_or_403(db, user, case_id, settings)
    _run(
        lambda: tracking.reply(
            db, case, user.username, body.note, reply_no=body.reply_no, reply_date=body.reply_date
        )
    )
    return _result(db, user, case, settings, "reply")


@router.post("/api/cases/{case_id}/destroy/propose", tags=["handling"], dependencies=[CSRF])
def api_propose_destroy(
    case_id: CaseId, user: Handler, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    case = held_case_or_403(db, user, case_id, settings)
    _run(lambda: tracking.propose_destroy(db, case, user.username, settings, views.today_local()))
    return _result(db, user, case, settings, "destroy_proposed")


class DestroyDecision(BaseModel):
    destroy: bool
    note: Text = ""


@router.post("/api/cases/{case_id}/destroy/decide", tags=["handling"], dependencies=[CSRF])
def api_decide_destroy(
    body: DestroyDecision, case_id: CaseId, user: Leader, db: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    """The head's decision on a stored petition after its year (never an automatic purge)."""
    case = held_case_or_403(db, user, case_id, settings)
    _run(lambda: tracking.decide_destroy(db, case, user.username, body.destroy, body.note))
    return _result(db, user, case, settings, "destroy_decided", destroy=body.destroy)


# ---------------------------------------------------------------------------------------------- letters
@router.get(
    "/api/cases/{case_id}/letters/{kind}",
    tags=["handling"],
    responses={200: {"content": {"application/pdf": {}, "application/octet-stream": {}}}},
)
def api_letter(
    case_id: CaseId,
    kind: Annotated[str, Path(max_length=40)],
    user: Handler,
    db: SessionDep,
    settings: SettingsDep,
    format: Literal["pdf", "docx"] = Query("docx"),
) -> Response:
    """The latest letter of ``kind`` issued for the case, as editable DOCX or PDF. A letter that names the
    denouncer is given only to those the identity policy lets see them."""
    case = visible_case_or_404(db, user, case_id, settings)
    if kind not in LETTER_KINDS:
        raise HTTPException(404, "Không có loại văn bản này")
    letter = find_letter(db, case.case_id, kind)
    if letter is None:
        raise HTTPException(404, "Hồ sơ chưa có văn bản này")
    if not is_redacted(letter) and not may_see_identity(user, case):
        raise HTTPException(403, "Văn bản này có thông tin nhân thân người viết đơn được bảo vệ")
    try:
        data = render_letter(letter, format, settings.letters_dir, settings.soffice)
    except LetterError as exc:
        raise HTTPException(503, str(exc)) from exc
    repo.audit(
        db, user.username, "download_letter", case.case_id, kind=kind, format=format, number=letter.number
    )
    media = (
        "application/pdf"
        if format == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{letter_file_name(letter, format)}"',
            "Cache-Control": "no-store",
        },
    )
