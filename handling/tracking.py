"""Tracking a petition to its result, and the actions around a decision: classification at entry, assignment,
verification steps, extensions, the result, the notice to the citizen, closing, đôn đốc, replies (phúc đáp),
the one-year keeping of a stored petition and the head's decision on destroying it.

Each action checks the case's stage (contract.STAGES), appends an event and, where the law has a form, issues its
letter. Nothing here deletes anything: "destroyed" is a decision recorded on the timeline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ..config import Settings
from ..contract import CONTENT_CLASS_LABELS, RESULT_LABELS
from ..storage.models import Case, HandlingEvent, Letter
from . import units as unit_tree
from .events import HandlingError, add_event, events_of, last
from .issue import issue_letters

RESULTS_FOR: dict[str, tuple[str, ...]] = {
    "khieu_nai": ("kn_dung", "kn_sai", "kn_dung_mot_phan", "kn2_cong_nhan", "kn2_huy_sua"),
    "to_cao": ("tc_dung", "tc_sai", "tc_co_dung_co_sai"),
    "kien_nghi_phan_anh": ("kn_pa_da_tra_loi",),
    "nhieu_noi_dung": tuple(RESULT_LABELS),
}
NOTICE_BASIS = {
    "khieu_nai": "Điều 32, Điều 41 Luật Khiếu nại 2011",
    "to_cao": "Điểm c khoản 1 Điều 9, Điều 40 Luật Tố cáo 2018",
}
AMOUNT_KEYS = ("amount_recovered", "land_recovered_m2", "people_disciplined")


def _need(case: Case, *stages: str, what: str) -> None:
    if case.handling_stage not in stages:
        raise HandlingError(f"Không thể {what} ở bước này của hồ sơ.")


def on_verified(db: Session, case: Case, actor: str, settings: Settings) -> HandlingEvent | None:
    """A case just approved enters its unit's handling inbox (once: a reopened and re-approved case keeps its
    timeline)."""
    if case.handling_stage is not None:
        return None
    if not case.unit_code:
        unit_tree.ensure_units(db, settings)
        case.unit_code = unit_tree.home_unit_code(db, settings)
    case.handling_stage = "cho_xu_ly"
    return add_event(db, case, "received", actor, data={"from_unit": None})


def classify(
    db: Session,
    case: Case,
    actor: str,
    *,
    content_class: str,
    eligible: bool,
    competent: bool,
    reasons: list[str] | None = None,
    checklist: dict[str, Any] | None = None,
    round: int = 1,
    complex: int = 0,
    several_sites: bool = False,
    remote: bool | None = None,
    forwarded_by_authority: bool = False,
    note: str = "",
) -> HandlingEvent:
    """Phân loại đơn (TT 05 art. 6): content class, đủ / không đủ điều kiện, thẩm quyền; may be repeated."""
    _need(case, "cho_xu_ly", what="phân loại đơn")
    if content_class not in CONTENT_CLASS_LABELS:
        raise HandlingError(f"Không có loại đơn “{content_class}”.", 422)
    if round not in (1, 2) or complex not in (0, 1, 2):
        raise HandlingError("Lần giải quyết phải là 1 hoặc 2; mức phức tạp 0, 1 hoặc 2.", 422)
    data = {
        "content_class": content_class,
        "eligible": bool(eligible),
        "competent": bool(competent),
        "reasons": list(reasons or []),
        "checklist": dict(checklist or {}),
        "round": round,
        "complex": complex,
        "several_sites": bool(several_sites),
        "remote": remote,
        "forwarded_by_authority": bool(forwarded_by_authority),
    }
    return add_event(
        db, case, "classify", actor, basis="Điều 6 Thông tư 05/2021/TT-TTCP", note=note, data=data
    )


def assign(db: Session, case: Case, actor: str, officer: str, note: str = "") -> HandlingEvent:
    """Giao cán bộ giải quyết (after thụ lý; again to reassign)."""
    _need(case, "thu_ly", "giai_quyet", what="giao cán bộ giải quyết")
    if not officer.strip():
        raise HandlingError("Chọn cán bộ được giao giải quyết.", 422)
    case.assigned_to = officer.strip()
    case.handling_stage = "giai_quyet"
    return add_event(db, case, "assign", actor, note=note, data={"officer": case.assigned_to})


def add_step(db: Session, case: Case, actor: str, step: str, note: str = "") -> HandlingEvent:
    """A verification step (làm việc với người khiếu nại, thu thập tài liệu, trưng cầu giám định…)."""
    _need(case, "giai_quyet", what="ghi bước xác minh")
    if not step.strip():
        raise HandlingError("Ghi rõ bước xác minh.", 422)
    return add_event(db, case, "step", actor, note=note, data={"step": step.strip()[:300]})


def extend(
    db: Session, case: Case, actor: str, clock: str, days: int, reason: str, settings: Settings
) -> HandlingEvent:
    """Gia hạn giải quyết: a decision with a reason, checked against what the law allows for that clock."""
    from .views import clock_input

    _need(case, "thu_ly", "giai_quyet", what="gia hạn")
    if not reason.strip():
        raise HandlingError("Gia hạn phải có lý do.", 422)
    from .clocks import extension_error

    problem = extension_error(clock_input(db, case, settings), clock, int(days))
    if problem:
        raise HandlingError(problem)
    legal = clock.startswith("tc_")
    return add_event(
        db,
        case,
        "extend",
        actor,
        basis="Điều 30 Luật Tố cáo 2018" if legal else "Mục tiêu nội bộ (pháp luật không quy định thời hạn)",
        note=reason,
        data={"clock": clock, "days": int(days), "reason": reason.strip()},
    )


def record_result(
    db: Session, case: Case, actor: str, result: str, note: str = "", amounts: dict[str, Any] | None = None
) -> HandlingEvent:
    """Kết quả giải quyết, with what the report forms count (money and land recovered, people disciplined)."""
    from .decisions import content_class

    _need(case, "giai_quyet", what="ghi kết quả")
    cls = content_class(case, events_of(db, case.case_id))
    if result not in RESULTS_FOR.get(cls, tuple(RESULT_LABELS)):
        allowed = ", ".join(RESULT_LABELS[r] for r in RESULTS_FOR.get(cls, ()))
        raise HandlingError(f"Kết quả không hợp với loại đơn. Chọn một trong: {allowed}.", 422)
    data: dict[str, Any] = {"result": result}
    for key in AMOUNT_KEYS:
        value = (amounts or {}).get(key)
        if value not in (None, ""):
            try:
                number = float(value)
            except (TypeError, ValueError) as exc:
                raise HandlingError(f"Số liệu “{key}” phải là số.", 422) from exc
            if number < 0:
                raise HandlingError(f"Số liệu “{key}” không được âm.", 422)
            data[key] = int(number) if key != "land_recovered_m2" else number
    case.handling_stage = "co_ket_qua"
    return add_event(db, case, "result", actor, note=note, data=data)


def notify(db: Session, case: Case, actor: str, note: str = "") -> tuple[HandlingEvent, list[Letter]]:
    """The notice of the result to the citizen (its letter printed from the timeline)."""
    from .decisions import content_class

    _need(case, "co_ket_qua", what="thông báo kết quả")
    basis = NOTICE_BASIS.get(content_class(case, events_of(db, case.case_id)), "")
    ev = add_event(db, case, "notice", actor, basis=basis, note=note)
    return ev, issue_letters(db, case, ev, ("thong_bao_ket_qua",), actor)


def close(db: Session, case: Case, actor: str, note: str = "") -> HandlingEvent:
    _need(case, "co_ket_qua", what="kết thúc hồ sơ")
    if last(events_of(db, case.case_id), "notice") is None:
        raise HandlingError("Chưa thông báo kết quả cho công dân: hãy thông báo trước khi kết thúc hồ sơ.")
    case.handling_stage = "ket_thuc"
    return add_event(db, case, "close", actor, note=note)


def don_doc(db: Session, case: Case, actor: str, note: str = "") -> tuple[HandlingEvent, list[Letter]]:
    """Đôn đốc: press the body a petition was forwarded to, or a subordinate unit holding it, for the result."""
    events = events_of(db, case.case_id)
    forwarded = last(events, "chuyen_don")
    if case.handling_stage in ("ket_thuc", "luu_don", "co_ket_qua") or forwarded is None:
        raise HandlingError("Chỉ đôn đốc hồ sơ đã chuyển và chưa có kết quả.")
    ev = add_event(
        db,
        case,
        "don_doc",
        actor,
        unit_code=forwarded.unit_code,
        to_unit=forwarded.to_unit,
        to_body=forwarded.to_body,
        basis="Điều 14 Thông tư 05/2021/TT-TTCP",
        note=note,
    )
    return ev, issue_letters(db, case, ev, ("don_doc",), actor)


def reply(
    db: Session,
    case: Case,
    actor: str,
    note: str,
    *,
    reply_no: str = "",
    reply_date: str = "",
    unit_code: str | None = None,
) -> HandlingEvent:
    """Văn bản phúc đáp: the answer about a forwarded petition, linked back to the forwarding. Outside the
    installation it is recorded by the sender when it arrives (and ends the wait); inside, the receiving unit
    sends it to the sender, who sees it on the case."""
    events = events_of(db, case.case_id)
    forwarded = last(events, "chuyen_don")
    if forwarded is None:
        raise HandlingError("Hồ sơ chưa được chuyển đi: không có phúc đáp để ghi.")
    if not note.strip():
        raise HandlingError("Ghi tóm tắt nội dung phúc đáp.", 422)
    data = {"in_reply_to": forwarded.id, "reply_no": reply_no.strip(), "reply_date": reply_date.strip()}
    if forwarded.to_unit:  # inside: the receiving unit answers the sender
        ev = add_event(
            db,
            case,
            "reply",
            actor,
            unit_code=unit_code or case.unit_code,
            to_unit=forwarded.unit_code,
            note=note,
            data=data,
        )
    else:
        if case.handling_stage != "cho_phuc_dap":
            raise HandlingError("Hồ sơ không chờ phúc đáp.")
        ev = add_event(db, case, "reply", actor, to_body=forwarded.to_body, note=note, data=data)
        case.handling_stage = "ket_thuc"
    return ev


def propose_destroy(
    db: Session, case: Case, actor: str, settings: Settings, today: dt.date | None = None
) -> tuple[HandlingEvent, list[Letter]]:
    """After a stored petition's year (TT 05 art. 28), propose its destruction to the head."""
    from .views import case_clocks_for

    _need(case, "luu_don", what="đề xuất tiêu hủy")
    clock = next((c for c in case_clocks_for(db, case, settings) if c.key == "luu_don"), None)
    today = today or dt.date.today()
    if clock is None or clock.due > today:
        due = f" (đến ngày {clock.due:%d/%m/%Y})" if clock else ""
        raise HandlingError("Đơn lưu phải được giữ đủ 01 năm trước khi đề xuất tiêu hủy" + due + ".")
    last_ev = last(events_of(db, case.case_id), "destroy_proposed", "destroy_decided")
    if last_ev is not None and last_ev.kind == "destroy_proposed":
        raise HandlingError("Đã đề xuất tiêu hủy, đang chờ thủ trưởng quyết định.")
    ev = add_event(db, case, "destroy_proposed", actor, basis="Điều 28 Thông tư 05/2021/TT-TTCP")
    return ev, issue_letters(db, case, ev, ("de_xuat_tieu_huy",), actor)


def decide_destroy(db: Session, case: Case, actor: str, destroy: bool, note: str = "") -> HandlingEvent:
    """The head's decision (supervisor role, checked by the route): destroy, or keep for another year."""
    proposed = last(events_of(db, case.case_id), "destroy_proposed", "destroy_decided")
    if proposed is None or proposed.kind != "destroy_proposed":
        raise HandlingError("Chưa có đề xuất tiêu hủy để quyết định.")
    ev = add_event(
        db,
        case,
        "destroy_decided",
        actor,
        basis="Điều 28 Thông tư 05/2021/TT-TTCP",
        note=note,
        data={"destroy": bool(destroy)},
    )
    if destroy:
        case.handling_stage = "ket_thuc"
    return ev
