"""Issuing letters: a number in the unit's yearly series, the values the letter is filled with (kept with it, so
the same letter comes out again whatever the case becomes), and rendering to DOCX or PDF.

A letter that is handed on with a tố cáo (Mẫu 03, chuyển đơn tố cáo) carries no identity of the denouncer: its
kind is marked ``redacted`` and the values are never filled with the name or address (Luật Tố cáo art. 8, 56).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..contract import CATEGORY_LABELS, CONTENT_CLASS_LABELS, LOCAL_TZ, RESULT_LABELS
from ..storage.models import Case, HandlingEvent, Letter, Unit, User
from .events import HandlingError, events_of, last, local_date
from .letters import LETTER_KINDS, LetterContext, date_text, render_docx, series_for, to_pdf

OUTGOING = ("chuyen_don", "chuyen_don_to_cao", "don_doc", "tra_lai")  # letters sent to other bodies


def is_redacted(letter: Letter) -> bool:
    """Whether the letter carries no identity of the writer (then anyone handling the case may have it)."""
    return bool(LETTER_KINDS[letter.kind].redacted or (letter.context.get("extra") or {}).get("redact"))


def _unit(db: Session, code: str | None) -> Unit | None:
    return db.scalar(select(Unit).where(Unit.code == code)) if code else None


def _next_number(db: Session, unit_code: str, series: str, year: int) -> int:
    top = db.scalar(
        select(func.max(Letter.number)).where(
            Letter.unit_code == unit_code, Letter.series == series, Letter.year == year
        )
    )
    return int(top or 0) + 1


def _officer(db: Session, actor: str) -> str:
    user = db.scalar(select(User).where(User.username == actor))
    return (user.full_name or actor) if user is not None else actor


def _citizen_title(case: Case) -> str:
    gender = str((case.extra or {}).get("gender") or "")
    return {"nam": "Ông", "nu": "Bà"}.get(gender, "Ông (Bà)")


def _names(db: Session, code: str | None) -> str:
    u = _unit(db, code)
    return u.name if u is not None else (code or "")


def build_context(
    db: Session,
    case: Case,
    ev: HandlingEvent,
    kind: str,
    actor: str,
    today: dt.date | None = None,
    events: list[HandlingEvent] | None = None,
) -> dict[str, Any]:
    """The values of one letter, as a plain dict (stored with the letter)."""
    spec = LETTER_KINDS[kind]
    unit = _unit(db, ev.unit_code or case.unit_code)
    events = events if events is not None else events_of(db, case.case_id)
    came = last(events, "received")
    from_unit = (came.data or {}).get("from_unit") if came is not None else None
    target = _names(db, ev.to_unit) if ev.to_unit else (ev.to_body or "")
    result = last(events, "result")
    reason = (ev.data or {}).get("reason")
    from .decisions import KHONG_XU_LY_REASONS

    reasons = [KHONG_XU_LY_REASONS.get(str(reason), str(reason))] if reason else []
    reasons += [str(r) for r in (ev.data or {}).get("reasons") or []]
    cls = str((ev.data or {}).get("content_class") or "")
    # what leaves the agency about a protected case carries no identity (fail closed, Luật Tố cáo art. 8)
    redact = spec.redacted or (bool(case.identity_protected) and kind in OUTGOING)
    citizen = not redact
    ctx = LetterContext(
        agency_parent=unit.parent_name if unit else "",
        agency=str((unit.data or {}).get("agency") or unit.name) if unit else "",
        number="",
        series="",
        place=unit.place if unit else "",
        date_text=date_text(today or dt.datetime.now(LOCAL_TZ).date()),
        kinh_gui="",
        citizen_title=_citizen_title(case) if citizen else "",
        citizen_name=(case.complainant_name or "") if citizen else "",
        citizen_address=(case.complainant_address or "") if citizen else "",
        received_date=f"{local_date(case.received_at):%d/%m/%Y}" if case.received_at else "",
        case_id=case.case_id or "",
        subject=case.subject or "",
        content=case.subject or "",
        respondent=case.respondent or "",
        category_label=CONTENT_CLASS_LABELS.get(cls) or CATEGORY_LABELS.get(case.category or "", ""),
        legal_basis=ev.basis or "",
        target_body=target,
        forwarding_body=_names(db, from_unit)
        if from_unit
        else (ev.to_body if ev.kind == "tra_lai" else "") or "",
        forwarding_letter=str((ev.data or {}).get("forwarding_letter") or ""),
        reasons="; ".join(reasons) or (ev.note or ""),
        result_text=RESULT_LABELS.get(str((result.data or {}).get("result")), "")
        if result is not None
        else "",
        officer=_officer(db, actor),
        signer_title=unit.signer_title if unit else "",
        signer_name=unit.signer_name if unit else "",
        round=str((ev.data or {}).get("round") or ""),
        noi_nhan=[],
        extra={"note": ev.note or "", "direction": ev.kind, "redact": redact},
    )
    ctx.kinh_gui = _addressee(kind, spec, ctx, unit)
    ctx.noi_nhan = _copies(kind, spec, ctx)
    return ctx.as_dict()


def _addressee(kind: str, spec: Any, ctx: LetterContext, unit: Unit | None) -> str:
    if spec.to_citizen:
        return f"{ctx.citizen_title} {ctx.citizen_name}".strip()
    if kind in ("chuyen_don", "chuyen_don_to_cao", "don_doc"):
        return ctx.target_body
    if kind == "tra_lai":
        return ctx.forwarding_body
    head = (unit.signer_title or "Thủ trưởng").capitalize() if unit else "Thủ trưởng cơ quan"
    return f"{head} {unit.name if unit else ''}".strip()


def _copies(kind: str, spec: Any, ctx: LetterContext) -> list[str]:
    """Nơi nhận between the templates' own first ("Như trên") and last ("Lưu: VT, …") lines."""
    out = []
    if kind in ("thong_bao_thu_ly_kn", "thong_bao_khong_thu_ly_kn") and ctx.forwarding_body:
        out.append(ctx.forwarding_body)
    if kind == "chuyen_don":
        out.append("Người viết đơn (để biết)")
    return out


def issue_letters(
    db: Session,
    case: Case,
    ev: HandlingEvent,
    kinds: Sequence[str],
    actor: str,
    options: Any = None,
) -> list[Letter]:
    """Number and store each letter of ``kinds`` for the event (in the acting unit's series for the year)."""
    out = []
    events = events_of(db, case.case_id) if kinds else []  # read once for all the event's letters
    unit = _unit(db, ev.unit_code or case.unit_code)
    for kind in kinds:
        ctx = build_context(db, case, ev, kind, actor, events=events)
        series = series_for(kind, unit.symbol if unit is not None else "")
        year = dt.datetime.now(LOCAL_TZ).year
        unit_code = (unit.code if unit is not None else case.unit_code) or ""
        for _attempt in range(5):  # two officers issuing at once: the unique number is retried
            number = _next_number(db, unit_code, series, year)
            ctx["number"], ctx["series"] = str(number), series
            letter = Letter(
                case_id=case.case_id,
                event_id=ev.id,
                kind=kind,
                unit_code=unit_code,
                series=series,
                year=year,
                number=number,
                actor=actor,
                context=dict(ctx),
            )
            try:
                with db.begin_nested():
                    db.add(letter)
                    db.flush()
                break
            except IntegrityError:
                continue
        else:
            raise HandlingError("Không cấp được số văn bản, hãy thử lại.")
        out.append(letter)
    return out


def letters_of(db: Session, case_id: str | None) -> list[Letter]:
    return list(db.scalars(select(Letter).where(Letter.case_id == case_id).order_by(Letter.id)))


def find_letter(db: Session, case_id: str | None, kind: str) -> Letter | None:
    """The latest letter of ``kind`` issued for the case."""
    return db.scalar(
        select(Letter)
        .where(Letter.case_id == case_id, Letter.kind == kind)
        .order_by(Letter.id.desc())
        .limit(1)
    )


def render_letter(letter: Letter, fmt: str, template_dir: Path | None = None, soffice: str = "") -> bytes:
    """The letter as DOCX (the admin's template if there is one) or PDF (that DOCX through LibreOffice)."""
    data = render_docx(
        letter.kind, LetterContext.from_dict(letter.context), template_dir, redact=is_redacted(letter)
    )
    return to_pdf(data, soffice) if fmt == "pdf" else data


def letter_file_name(letter: Letter, fmt: str) -> str:
    return f"{letter.case_id}-{letter.kind}-{letter.number}.{fmt}"
