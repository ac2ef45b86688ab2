"""Hướng xử lý: the decisions of TT 05/2021/TT-TTCP on a verified petition, each checked against its preconditions.

A decision is an event (who, when, unit, legal basis, note) plus the letters it produces, and moves the case's
stage (contract.STAGE_LABELS):

    verified ─► cho_xu_ly ─┬─ thu_ly ─► thu_ly ─► (assign) giai_quyet ─► (result) co_ket_qua ─► (notice, close) ket_thuc
                           ├─ huong_dan, tra_lai, khong_xu_ly ─► ket_thuc
                           ├─ chuyen_don (a unit of this installation) ─► cho_xu_ly in that unit's inbox
                           ├─ chuyen_don (a body outside) ─► cho_phuc_dap ─► (reply) ket_thuc
                           └─ luu_don ─► luu_don ─► (1 year; destruction proposed, decided by the head) ket_thuc
    rut_don (withdrawal) from any stage before a result ─► ket_thuc

"Only once" (TT 05 art. 7, Luật Tố cáo art. 24(3)): a petition is guided (hướng dẫn) once and a tố cáo forwarded
once for the same content; the duplicate chain (``duplicate_of``, issue on duplicates) is searched for an earlier
one, and the officer is told which case and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..contract import DIRECTION_LABELS
from ..storage.models import Case, HandlingEvent, Letter, Unit
from . import units as unit_tree
from .events import HandlingError, add_event, classification, events_of, last, local_date

OPEN_STAGES = ("cho_xu_ly",)
WITHDRAWABLE = ("cho_xu_ly", "thu_ly", "giai_quyet", "cho_phuc_dap")

BASIS: dict[str, str] = {
    "thu_ly": "Điều 6, Điều 9 Thông tư 05/2021/TT-TTCP",
    "thu_ly_khieu_nai": "Điều 27 Luật Khiếu nại 2011; Điều 9 Thông tư 05/2021/TT-TTCP",
    "thu_ly_to_cao": "Điều 29 Luật Tố cáo 2018; Điều 13 Thông tư 05/2021/TT-TTCP",
    "huong_dan": "Điều 7 Thông tư 05/2021/TT-TTCP",
    "chuyen_don": "Điều 10, Điều 11 Thông tư 05/2021/TT-TTCP",
    "chuyen_don_to_cao": "Khoản 2 Điều 24 Luật Tố cáo 2018; Điều 14 Thông tư 05/2021/TT-TTCP",
    "tra_lai": "Điều 7 Thông tư 05/2021/TT-TTCP",
    "luu_don": "Điều 28 Thông tư 05/2021/TT-TTCP",
    "khong_xu_ly": "Khoản 3 Điều 24 Luật Tố cáo 2018; Điều 7 Thông tư 05/2021/TT-TTCP",
    "rut_don": "Điều 10 Luật Khiếu nại 2011; Điều 33 Luật Tố cáo 2018",
}

# why a petition is not handled (Luật Tố cáo art. 24(3), TT 05 art. 7): the officer picks one
KHONG_XU_LY_REASONS: dict[str, str] = {
    "da_gui_co_quan_tham_quyen": "Đơn đã gửi đồng thời cho nhiều cơ quan, trong đó có cơ quan có thẩm quyền",
    "da_huong_dan": "Người viết đơn đã được hướng dẫn một lần về cùng nội dung",
    "trung_don": "Đơn trùng với đơn đã xử lý",
    "khac": "Lý do khác (ghi rõ)",
}

# the letters each decision produces (handling/letters), by content class
LETTERS_FOR: dict[str, dict[str, tuple[str, ...]]] = {
    "thu_ly": {
        "khieu_nai": ("de_xuat_thu_ly", "thong_bao_thu_ly_kn"),
        "to_cao": ("de_xuat_thu_ly", "quyet_dinh_thu_ly_tc", "thong_bao_thu_ly_tc"),
        "*": ("de_xuat_thu_ly",),
    },
    "huong_dan": {"nhieu_noi_dung": ("huong_dan_nhieu_noi_dung",), "*": ("huong_dan",)},
    "chuyen_don": {"to_cao": ("chuyen_don_to_cao",), "*": ("chuyen_don",)},
    "tra_lai": {"*": ("tra_lai",)},
    "luu_don": {"khieu_nai": ("thong_bao_khong_thu_ly_kn",), "*": ()},
    "khong_xu_ly": {"khieu_nai": ("thong_bao_khong_thu_ly_kn",), "*": ()},
    "rut_don": {"*": ()},
}


@dataclass
class Decision:
    event: HandlingEvent
    letters: list[Letter] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def content_class(case: Case, events: list[HandlingEvent]) -> str:
    """The class the officer confirmed (classify), else the category read from the petition; unknown is tố cáo
    (fail closed, as the identity policy)."""
    cls = classification(events).get("content_class")
    if cls:
        return str(cls)
    from .eligibility import content_class_of

    return content_class_of(case.category or "to_cao", (case.extra or {}).get("contents"))


def same_matter_cases(db: Session, case: Case) -> list[str]:
    """The case ids of the case's duplicate group: what it duplicates, what duplicates it, transitively."""
    seen: set[str] = {case.case_id or ""}
    frontier: set[str] = seen | ({case.duplicate_of} if case.duplicate_of else set())
    while frontier:
        seen |= frontier
        rows = db.execute(
            select(Case.case_id, Case.duplicate_of).where(
                or_(Case.case_id.in_(frontier), Case.duplicate_of.in_(frontier))
            )
        ).all()
        nxt = {r[0] for r in rows if r[0]} | {r[1] for r in rows if r[1]}
        frontier = nxt - seen
    return sorted(seen - {""})


def earlier_decision(db: Session, case: Case, direction: str) -> HandlingEvent | None:
    """An earlier ``direction`` on the same matter (this case or its duplicate group). A forwarding that the
    receiving unit sent back (trả lại: not its competence) does not count."""
    ids = same_matter_cases(db, case)
    rows = list(
        db.scalars(
            select(HandlingEvent)
            .where(HandlingEvent.case_id.in_(ids), HandlingEvent.kind.in_((direction, "tra_lai")))
            .order_by(HandlingEvent.at, HandlingEvent.id)
        )
    )
    for i, ev in enumerate(rows):
        if ev.kind != direction:
            continue
        returned = any(r.kind == "tra_lai" and r.case_id == ev.case_id for r in rows[i + 1 :])
        if not (direction == "chuyen_don" and returned):
            return ev
    return None


def _once_only(db: Session, case: Case, direction: str, cls: str) -> None:
    if direction == "huong_dan" or (direction == "chuyen_don" and cls == "to_cao"):
        prior = earlier_decision(db, case, direction)
        if prior is not None:
            what = "hướng dẫn" if direction == "huong_dan" else "chuyển đơn tố cáo"
            raise HandlingError(
                f"Nội dung này đã được {what} một lần (hồ sơ {prior.case_id}, ngày "
                f"{local_date(prior.at):%d/%m/%Y}). Theo Thông tư 05/2021/TT-TTCP chỉ {what} một lần: "
                "hãy chọn Lưu đơn hoặc Không xử lý."
            )


def _check_direction(
    db: Session,
    case: Case,
    events: list[HandlingEvent],
    direction: str,
    cls: str,
    target: Unit | None,
    to_body: str | None,
    reason: str | None,
) -> None:
    if direction not in DIRECTION_LABELS:
        raise HandlingError(f"Không có hướng xử lý “{direction}”.", 422)
    if case.status != "verified" or case.handling_stage is None:
        raise HandlingError("Hồ sơ chưa được xác minh xong: chưa thể quyết định hướng xử lý.")
    stage = case.handling_stage
    if direction == "rut_don":
        if stage not in WITHDRAWABLE:
            raise HandlingError("Hồ sơ đã có kết quả hoặc đã kết thúc: không thể ghi nhận rút đơn.")
        return
    if stage not in OPEN_STAGES:
        raise HandlingError("Hồ sơ đã có hướng xử lý. Chỉ hồ sơ đang chờ xử lý mới quyết định được.")
    _once_only(db, case, direction, cls)
    info = classification(events)
    if direction == "thu_ly":
        if info.get("competent") is False:
            raise HandlingError("Đơn không thuộc thẩm quyền của đơn vị (theo phân loại): không thể thụ lý.")
        if info.get("eligible") is False:
            raise HandlingError("Đơn không đủ điều kiện xử lý (theo phân loại): không thể thụ lý.")
        if cls == "to_cao" and case.anonymous:
            raise HandlingError(
                "Tố cáo nặc danh không được thụ lý giải quyết (Điều 25 Luật Tố cáo 2018); nếu có thông tin cụ "
                "thể, chuyển cơ quan có thẩm quyền thanh tra, kiểm tra hoặc lưu đơn."
            )
        if cls == "nhieu_noi_dung":
            raise HandlingError("Đơn có nhiều nội dung khác nhau: hướng dẫn người viết tách đơn.")
    if direction == "chuyen_don":
        if target is None and not to_body:
            raise HandlingError(
                "Chuyển đơn cần nơi nhận: một đơn vị trong hệ thống hoặc cơ quan bên ngoài.", 422
            )
        if target is not None and (not target.active or target.code == case.unit_code):
            raise HandlingError(
                "Đơn vị nhận không hợp lệ (đã giải thể hoặc chính đơn vị đang giữ hồ sơ).", 422
            )
    if direction == "tra_lai":
        came_from = last(events, "received")
        if not ((came_from is not None and (came_from.data or {}).get("from_unit")) or to_body):
            raise HandlingError(
                "Chỉ trả lại đơn do cơ quan, đơn vị khác chuyển đến: ghi rõ nơi đã chuyển đơn.", 422
            )
    if direction == "khong_xu_ly":
        if reason not in KHONG_XU_LY_REASONS:
            raise HandlingError(
                "Không xử lý cần lý do: " + "; ".join(KHONG_XU_LY_REASONS.values()) + ".", 422
            )
        if reason == "trung_don" and not case.duplicate_of:
            raise HandlingError(
                "Hồ sơ không được đánh dấu trùng với đơn nào: không thể dùng lý do trùng đơn."
            )


def decide(
    db: Session,
    case: Case,
    actor: str,
    direction: str,
    *,
    to_unit: str | None = None,
    to_body: str | None = None,
    note: str = "",
    reason: str | None = None,
    data: dict[str, Any] | None = None,
    letter_options: Any = None,
) -> Decision:
    """Record a hướng xử lý after checking it is allowed; issue its letters; move the case. Raises HandlingError."""
    events = events_of(db, case.case_id)
    cls = content_class(case, events)
    target = None
    if to_unit:
        target = unit_tree.current_unit(db, to_unit)
        if target is None:
            raise HandlingError(f"Không có đơn vị mã “{to_unit}”.", 422)
    _check_direction(db, case, events, direction, cls, target, to_body, reason)
    key = f"{direction}_{cls}" if f"{direction}_{cls}" in BASIS else direction
    payload = dict(data or {})
    if reason:
        payload["reason"] = reason
    payload["content_class"] = cls
    if direction == "thu_ly":
        payload.setdefault("round", int(classification(events).get("round") or 1))
        payload["notified"] = cls in ("khieu_nai", "to_cao")
    ev = add_event(
        db,
        case,
        direction,
        actor,
        to_unit=target.code if target is not None else None,
        to_body=to_body,
        basis=BASIS[key],
        note=note,
        data=payload,
    )
    decision = Decision(ev)
    from .issue import issue_letters

    kinds = LETTERS_FOR[direction].get(cls, LETTERS_FOR[direction]["*"])
    decision.letters = issue_letters(db, case, ev, kinds, actor, letter_options)
    came = last(events, "received")
    sender = (came.data or {}).get("from_unit") if came is not None else None
    _move(db, case, ev, target, actor, sender if direction == "tra_lai" and not to_body else None)
    return decision


def _move(
    db: Session, case: Case, ev: HandlingEvent, target: Unit | None, actor: str, sent_back_to: str | None
) -> None:
    direction = ev.kind
    if direction == "thu_ly":
        case.handling_stage = "thu_ly"
    elif direction == "chuyen_don" and target is not None:
        sender = case.unit_code
        if case.identity_protected and not case.identity_unit:
            # the receiving unit works on the redacted copy; the sender keeps the original (Luật Tố cáo art. 8)
            case.identity_unit = sender
        case.unit_code = target.code
        case.assigned_to = None
        case.handling_stage = "cho_xu_ly"
        add_event(
            db, case, "received", actor, unit_code=target.code, data={"from_unit": sender, "via": ev.id}
        )
    elif direction == "chuyen_don":
        case.handling_stage = "cho_phuc_dap"
    elif direction == "tra_lai" and sent_back_to:
        # back to the unit of this installation that forwarded it, into its inbox, with the reasons
        holder = case.unit_code
        case.unit_code, case.assigned_to, case.handling_stage = sent_back_to, None, "cho_xu_ly"
        add_event(
            db, case, "received", actor, unit_code=sent_back_to, data={"from_unit": holder, "via": ev.id}
        )
    elif direction == "luu_don":
        case.handling_stage = "luu_don"
    else:  # huong_dan, tra_lai, khong_xu_ly, rut_don
        case.handling_stage = "ket_thuc"
    db.flush()
