"""The sổ tiếp công dân as a service (no HTTP here): log, correct and cancel visits, leaders' reception days, and
the visits of units in a period (what 01/TCD and 02/TCD count).

Every write is checked (Vietnamese messages, all problems at once: :class:`VisitError`) and audited
(``storage.repo.audit``; a correction with each field's old and new value). Visits are never deleted. Whether a
visit's citizen is protected is the identity policy's decision (``reception.rules``, on every write); a person
who may not see the identity neither sees nor changes it, and cannot lift the protection by changing the class.
Unit scoping and whether a linked petition is visible are the caller's (``handling.views`` sits above this rung):
it passes the unit codes the user sees and a ``visible_case`` test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import CONTENT_CLASS_LABELS, DOMAIN_LABELS, LOCAL_TZ
from ..lang.normalize import nfc
from ..privacy import policy
from ..storage import repo
from ..storage.db import as_utc
from ..storage.models import Case, utcnow
from .models import DAY_KIND_LABELS, VISIT_KIND_LABELS, ReceptionDay, ReceptionVisit
from .rules import (
    GROUP_SIZE,
    MAX_PEOPLE,
    OUTCOME_LABELS,
    REFUSAL_LABELS,
    identity_assessment,
    identity_protected,
    normalize_id_number,
    phone_warning,
    representatives_error,
)

MAX_REPRESENTATIVES = 5
MAX_CASES = 20
LIMITS = {"citizen_name": 300, "citizen_address": 2000, "citizen_phone": 40, "content": 8000}
TEXT_LIMIT = 4000
# the citizen's identity: hidden from whom the policy refuses, and left as it is when such a person edits
IDENTITY_COLUMNS = (
    "citizen_name",
    "citizen_address",
    "citizen_id_number",
    "citizen_phone",
    "representatives",
)
_DT_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})[ T]+(\d{1,2}):(\d{2})\s*$")
_YES = ("1", "true", "on", "yes", "có", "co", "x")
CaseTest = Callable[[Case], bool]


class VisitError(ValueError):
    """Refused input: ``errors`` maps a form field to its Vietnamese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


@dataclass
class VisitInput:
    """What the desk typed, converted; ``problems`` holds what could not be converted."""

    visited_at: dt.datetime | None = None
    kind: str = "thuong_xuyen"
    reception_day_id: int | None = None
    citizen_name: str = ""
    citizen_address: str = ""
    citizen_id_number: str = ""
    citizen_phone: str = ""
    people_count: int = 1
    representatives: list[dict[str, str]] = field(default_factory=list)
    content: str = ""
    content_class: str | None = None
    domain: str | None = None
    first_visit: bool = True
    matter_of: int | None = None
    documents: str = ""
    prior_body: str = ""
    outcome: str = ""
    to_body: str = ""
    refusal_code: str | None = None
    refusal_reason: str = ""
    case_ids: list[str] = field(default_factory=list)
    follow_up: str = ""
    note: str = ""
    problems: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- input
def line(value: Any, limit: int = 300) -> str:
    """One line of text: NFC, runs of white space as one space, at most ``limit`` characters."""
    return " ".join(nfc(str(value or "")).split())[:limit]


def text(value: Any, limit: int = TEXT_LIMIT) -> str:
    """A block of text: NFC, line breaks kept, surrounding space removed, at most ``limit`` characters."""
    lines = [" ".join(x.split()) for x in nfc(str(value or "")).split("\n")]
    return "\n".join(lines).strip()[:limit]


def local_to_utc(value: str) -> dt.datetime:
    """``YYYY-MM-DDTHH:MM`` (a datetime-local field) or ``dd/mm/yyyy HH:MM``, local time, as UTC."""
    m = _DT_RE.match(value)
    if m:
        d, mo, y, h, mi = (int(g) for g in m.groups())
        naive = dt.datetime(y, mo, d, h, mi)
    else:
        naive = dt.datetime.fromisoformat(value.strip())
    if naive.tzinfo is None:
        naive = naive.replace(tzinfo=LOCAL_TZ)
    return naive.astimezone(dt.UTC)


def _int(raw: Any) -> int | None:
    s = str(raw or "").strip().removeprefix("#")
    return int(s) if s.isdigit() and len(s) <= 9 else None


def parse_case_ids(raw: Any) -> list[str]:
    """Case numbers typed one after another (commas, spaces or lines), each once, in order."""
    out: list[str] = []
    for token in re.split(r"[\s,;]+", nfc(str(raw or "")).upper()):
        if token and token not in out:
            out.append(token[:40])
    return out


def parse_form(form: Mapping[str, Any]) -> VisitInput:
    """The desk form (``rep_name_1`` … ``rep_address_5`` for the representatives) as a :class:`VisitInput`."""
    data = VisitInput(problems={})
    raw_at = str(form.get("visited_at") or "").strip()
    if raw_at:
        try:
            data.visited_at = local_to_utc(raw_at)
        except (ValueError, OverflowError):
            data.problems["visited_at"] = "Thời gian tiếp không hợp lệ (ngày/tháng/năm giờ:phút)."
    for name in ("kind", "outcome"):
        setattr(data, name, line(form.get(name), 30))
    for name in ("content_class", "domain", "refusal_code"):
        setattr(data, name, line(form.get(name), 30) or None)
    for name in ("citizen_name", "citizen_address", "citizen_phone", "citizen_id_number"):
        setattr(data, name, line(form.get(name), LIMITS.get(name, 40)))
    for name in ("content", "documents", "prior_body", "to_body", "refusal_reason", "follow_up", "note"):
        setattr(data, name, text(form.get(name), LIMITS.get(name, TEXT_LIMIT)))
    count = str(form.get("people_count") or "1").strip()
    people = _int(count)
    if people is None:
        data.problems["people_count"] = "Số người phải là một số nguyên."
    data.people_count = people if people is not None else 0
    data.first_visit = str(form.get("repeat") or "").strip().lower() not in _YES
    for name in ("matter_of", "reception_day_id"):
        raw = str(form.get(name) or "").strip()
        value = _int(raw)
        if raw and value is None:
            data.problems[name] = "Phải là số thứ tự (một số nguyên)."
        setattr(data, name, value)
    data.case_ids = parse_case_ids(form.get("case_ids"))
    for i in range(1, MAX_REPRESENTATIVES + 1):
        rep = {k: line(form.get(f"rep_{k}_{i}"), 300) for k in ("name", "id_number", "address")}
        if any(rep.values()):
            data.representatives.append(rep)
    return data


# ---------------------------------------------------------------------------------------------- checks
def _check_codes(data: VisitInput, errors: dict[str, str]) -> None:
    if data.kind not in VISIT_KIND_LABELS:
        errors["kind"] = "Chọn hình thức tiếp: thường xuyên, thủ trưởng tiếp hoặc ủy quyền tiếp."
    if data.outcome not in OUTCOME_LABELS:
        errors["outcome"] = "Chọn hướng xử lý."
    if data.content_class is not None and data.content_class not in CONTENT_CLASS_LABELS:
        errors["content_class"] = "Phân loại nội dung không hợp lệ."
    if data.domain is not None and data.domain not in DOMAIN_LABELS:
        errors["domain"] = "Lĩnh vực không hợp lệ."
    if data.outcome == "tu_choi":
        if data.refusal_code not in REFUSAL_LABELS:
            errors["refusal_code"] = "Từ chối tiếp phải nêu một trường hợp của Điều 9 Luật Tiếp công dân."
        elif data.refusal_code == "khac" and not data.refusal_reason:
            errors["refusal_reason"] = "Ghi rõ căn cứ pháp luật của trường hợp từ chối khác."
    else:
        data.refusal_code, data.refusal_reason = None, ""
    if data.outcome == "chuyen_don" and not data.to_body:
        errors["to_body"] = "Chuyển đơn: ghi cơ quan có thẩm quyền nhận đơn."


def _check_people(data: VisitInput, errors: dict[str, str], identity: bool) -> None:
    if not 1 <= data.people_count <= MAX_PEOPLE:
        errors.setdefault("people_count", f"Số người phải từ 1 đến {MAX_PEOPLE}.")
    if not identity:
        return
    if not data.citizen_name:
        errors["citizen_name"] = "Ghi họ tên công dân (người đại diện nếu là đoàn đông người)."
    data.citizen_id_number, problem = normalize_id_number(data.citizen_id_number)
    if problem:
        errors["citizen_id_number"] = problem
    for i, rep in enumerate(data.representatives, 1):
        if not rep.get("name"):
            errors[f"rep_name_{i}"] = f"Người đại diện {i}: ghi họ tên."
        rep["id_number"], problem = normalize_id_number(rep.get("id_number", ""))
        if problem:
            errors[f"rep_id_number_{i}"] = f"Người đại diện {i}: {problem}"
    if "people_count" not in errors:
        problem = representatives_error(data.people_count, len(data.representatives))
        if problem:
            errors["representatives"] = problem


def _check_time(data: VisitInput, errors: dict[str, str]) -> None:
    if data.visited_at is None:
        errors.setdefault("visited_at", "Ghi thời gian tiếp.")
        return
    now = utcnow()
    if data.visited_at > now + dt.timedelta(minutes=10):
        errors["visited_at"] = "Thời gian tiếp ở tương lai."
    elif data.visited_at.year < 2000:
        errors["visited_at"] = "Thời gian tiếp không hợp lý."


def _check_links(
    db: Session,
    data: VisitInput,
    errors: dict[str, str],
    unit_codes: set[str],
    visible_case: CaseTest,
    own_id: int | None,
) -> None:
    """The reception day, the earlier visit of the same matter and the petitions, each in the user's units."""
    if data.kind == "thu_truong" and data.reception_day_id is None:
        errors["reception_day_id"] = "Thủ trưởng tiếp: chọn buổi tiếp của thủ trưởng (tạo ở mục Lịch tiếp)."
    if data.kind == "thuong_xuyen":
        data.reception_day_id = None
    if data.reception_day_id is not None:
        day = db.get(ReceptionDay, data.reception_day_id) if data.reception_day_id < 2**31 else None
        if day is None or day.unit_code not in unit_codes:
            errors["reception_day_id"] = "Không có buổi tiếp này."
        elif data.visited_at is not None and local_date(data.visited_at) != day.day:
            errors["reception_day_id"] = (
                f"Buổi tiếp của thủ trưởng là ngày {day.day:%d/%m/%Y}, khác ngày tiếp."
            )
    if data.matter_of is not None:
        earlier = db.get(ReceptionVisit, data.matter_of) if data.matter_of < 2**31 else None
        if earlier is None or earlier.unit_code not in unit_codes or earlier.id == own_id:
            errors["matter_of"] = "Không có lượt tiếp trước này."
        elif data.visited_at is not None and as_utc(earlier.visited_at) >= data.visited_at:  # type: ignore[operator]
            errors["matter_of"] = "Lượt tiếp trước phải sớm hơn lượt này."
        else:
            data.matter_of = earlier.matter  # the vụ việc's first visit
            data.first_visit = False
    if len(data.case_ids) > MAX_CASES:
        errors["case_ids"] = f"Gắn tối đa {MAX_CASES} hồ sơ."
    elif data.case_ids:
        found = {c.case_id: c for c in db.scalars(select(Case).where(Case.case_id.in_(data.case_ids)))}
        missing = [c for c in data.case_ids if c not in found or not visible_case(found[c])]
        if missing:  # another unit's case is not shown to exist
            errors["case_ids"] = "Không có hồ sơ số: " + ", ".join(missing) + "."


def check(
    db: Session,
    data: VisitInput,
    *,
    unit_codes: set[str],
    visible_case: CaseTest,
    identity: bool = True,
    own_id: int | None = None,
) -> None:
    """Every rule; raises :class:`VisitError` with all the problems."""
    errors = dict(data.problems)
    _check_time(data, errors)
    _check_codes(data, errors)
    _check_people(data, errors, identity)
    if not data.content:
        errors["content"] = "Ghi tóm tắt nội dung vụ việc."
    _check_links(db, data, errors, unit_codes, visible_case, own_id)
    if errors:
        raise VisitError(errors)


def protection_reasons(visit: ReceptionVisit) -> tuple[str, ...]:
    """Why the visit's citizen is protected (reason codes of the identity policy), for the cleared viewer."""
    texts = (visit.content, visit.documents, visit.prior_body, visit.note)
    return identity_assessment(visit.content_class, *texts).reasons


def visit_warnings(visit: ReceptionVisit, identity: bool = True) -> list[str]:
    """What the desk should look at again (the visit is stored as it is)."""
    out = []
    if identity and not visit.citizen_id_number and visit.outcome != "tu_choi":
        out.append("Chưa ghi số giấy tờ tùy thân (Luật Tiếp công dân, Điều 7: công dân xuất trình giấy tờ).")
    if identity:
        problem = phone_warning(visit.citizen_phone)
        if problem:
            out.append(problem)
    if visit.outcome == "nhan_don" and not visit.case_ids:
        out.append("Đã nhận đơn nhưng chưa gắn số hồ sơ: gắn sau khi đơn được tiếp nhận ở bàn tiếp nhận.")
    return out


# ---------------------------------------------------------------------------------------------- writes
_STORED = tuple(f.name for f in fields(VisitInput) if f.name != "problems")


def _values(data: VisitInput) -> dict[str, Any]:
    out = {name: getattr(data, name) for name in _STORED}
    out["group_visit"] = data.people_count >= GROUP_SIZE
    return out


def _shown(value: Any) -> Any:
    """A value as the audit log keeps it (JSON)."""
    if isinstance(value, dt.datetime):
        return as_utc(value).isoformat()  # type: ignore[union-attr]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def create_visit(
    db: Session,
    data: VisitInput,
    *,
    user: Any,
    unit_code: str,
    unit_codes: set[str],
    visible_case: CaseTest,
) -> ReceptionVisit:
    """A new visit logged by ``user`` for ``unit_code`` (``unit_codes``: the units the user sees)."""
    check(db, data, unit_codes=unit_codes, visible_case=visible_case)
    visit = ReceptionVisit(unit_code=unit_code, host=user.username, actor=user.username, **_values(data))
    db.add(visit)
    db.flush()
    repo.audit(
        db,
        user.username,
        "reception_visit_create",
        None,
        visit_id=visit.id,
        unit=unit_code,
        outcome=visit.outcome,
        case_ids=list(visit.case_ids),
        protected=visit.identity_protected,
    )
    return visit


def update_visit(
    db: Session,
    visit: ReceptionVisit,
    data: VisitInput,
    *,
    user: Any,
    unit_codes: set[str],
    visible_case: CaseTest,
) -> dict[str, list[Any]]:
    """Correct a visit; returns (and audits) each changed field as ``[old, new]``. A person who may not see
    the citizen's identity leaves it as it is, and may not make a protected visit unprotected."""
    if visit.cancelled:
        raise VisitError({"visit": "Lượt tiếp đã hủy, không sửa được."})
    sees = policy.may_see_identity(user, visit)
    if not sees:
        for name in IDENTITY_COLUMNS:
            setattr(data, name, getattr(visit, name))
    check(db, data, unit_codes=unit_codes, visible_case=visible_case, identity=sees, own_id=visit.id)
    values = _values(data)
    if visit.identity_protected and not sees:
        texts = (values["content"], values["documents"], values["prior_body"], values["note"])
        if not identity_protected(values["content_class"], *texts):
            raise VisitError(
                {
                    "content_class": "Lượt tiếp này đang được bảo vệ danh tính người tố cáo: chỉ lãnh đạo "
                    "hoặc cán bộ xác minh mới đổi được phân loại hay nội dung làm bỏ chế độ bảo vệ."
                }
            )
    changes: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(visit, name)
        if name == "visited_at":
            old = as_utc(old)
        if old != new:
            changes[name] = [_shown(old), _shown(new)]
            setattr(visit, name, new)
    if changes:
        visit.updated_by = user.username
        db.flush()
        repo.audit(db, user.username, "reception_visit_update", None, visit_id=visit.id, changes=changes)
    return changes


def cancel_visit(db: Session, visit: ReceptionVisit, reason: str, *, user: Any) -> None:
    """Mark a visit logged by mistake as cancelled (it stays in the database and the audit log)."""
    reason = text(reason, 1000)
    if visit.cancelled:
        raise VisitError({"cancel_reason": "Lượt tiếp này đã hủy."})
    if not reason:
        raise VisitError({"cancel_reason": "Ghi lý do hủy lượt tiếp."})
    visit.cancelled, visit.cancel_reason = True, reason
    visit.cancelled_by, visit.cancelled_at = user.username, utcnow()
    visit.updated_by = user.username
    db.flush()
    repo.audit(db, user.username, "reception_visit_cancel", None, visit_id=visit.id, reason=reason)


# ---------------------------------------------------------------------------------------------- reads
def local_date(value: dt.datetime) -> dt.date:
    return as_utc(value).astimezone(LOCAL_TZ).date()  # type: ignore[union-attr]


def utc_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants of local midnight at ``start`` and at the day after ``end`` (half-open)."""
    lo = dt.datetime.combine(start, dt.time.min, LOCAL_TZ).astimezone(dt.UTC)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, LOCAL_TZ).astimezone(dt.UTC)
    return lo, hi


def visits_in(
    db: Session, unit_codes: set[str], start: dt.date, end: dt.date, *, include_cancelled: bool = False
) -> list[ReceptionVisit]:
    """The visits of ``unit_codes`` from ``start`` to ``end`` (local dates, both included), oldest first;
    cancelled visits only when asked (they are not counted in the reports)."""
    lo, hi = utc_bounds(start, end)
    q = select(ReceptionVisit).where(
        ReceptionVisit.unit_code.in_(sorted(unit_codes)),
        ReceptionVisit.visited_at >= lo,
        ReceptionVisit.visited_at < hi,
    )
    if not include_cancelled:
        q = q.where(ReceptionVisit.cancelled.is_(False))
    return list(db.scalars(q.order_by(ReceptionVisit.visited_at, ReceptionVisit.id)))


def visit_in(db: Session, visit_id: int, unit_codes: set[str]) -> ReceptionVisit | None:
    """A visit of one of ``unit_codes`` (another unit's visit is not shown to exist)."""
    visit = db.get(ReceptionVisit, visit_id) if 0 < visit_id < 2**31 else None
    return visit if visit is not None and visit.unit_code in unit_codes else None


def days_of(visits: Iterable[ReceptionVisit]) -> set[int]:
    """The leaders' reception days the visits took place on (kỳ tiếp)."""
    return {v.reception_day_id for v in visits if v.reception_day_id is not None}


# ---------------------------------------------------------------------------------------------- days
def create_day(
    db: Session,
    *,
    user: Any,
    unit_code: str,
    day: dt.date | None,
    kind: str,
    leader_name: str,
    leader_title: str = "",
) -> ReceptionDay:
    """A leaders' reception day (Luật Tiếp công dân art. 12, 15, 18)."""
    errors = {}
    if day is None:
        errors["day"] = "Ghi ngày tiếp."
    elif not dt.date(2000, 1, 1) <= day <= dt.date.today() + dt.timedelta(days=400):
        errors["day"] = "Ngày tiếp không hợp lý."
    if kind not in DAY_KIND_LABELS:
        errors["kind"] = "Chọn tiếp định kỳ hoặc đột xuất."
    name, title = line(leader_name, 200), line(leader_title, 200)
    if not name:
        errors["leader_name"] = "Ghi họ tên thủ trưởng tiếp công dân."
    if errors:
        raise VisitError(errors)
    row = ReceptionDay(
        unit_code=unit_code,
        day=day,
        kind=kind,
        leader_name=name,
        leader_title=title,
        actor=user.username,
    )
    db.add(row)
    db.flush()
    repo.audit(
        db,
        user.username,
        "reception_day_create",
        None,
        day_id=row.id,
        unit=unit_code,
        day=str(day),
        kind=kind,
    )
    return row


def conclude_day(db: Session, row: ReceptionDay, conclusion: str, *, user: Any) -> None:
    """The written conclusion after the leader's reception day (kept; a new text replaces it, audited)."""
    value = text(conclusion, 8000)
    if not value:
        raise VisitError({"conclusion": "Ghi nội dung kết luận buổi tiếp."})
    old = row.conclusion
    row.conclusion, row.concluded_by, row.concluded_at = value, user.username, utcnow()
    db.flush()
    repo.audit(
        db,
        user.username,
        "reception_day_conclusion",
        None,
        day_id=row.id,
        changes={"conclusion": [old, value]},
    )


def days_in(db: Session, unit_codes: set[str], start: dt.date, end: dt.date) -> list[ReceptionDay]:
    q = select(ReceptionDay).where(
        ReceptionDay.unit_code.in_(sorted(unit_codes)), ReceptionDay.day >= start, ReceptionDay.day <= end
    )
    return list(db.scalars(q.order_by(ReceptionDay.day.desc(), ReceptionDay.id.desc())))


def day_in(db: Session, day_id: int, unit_codes: set[str]) -> ReceptionDay | None:
    row = db.get(ReceptionDay, day_id) if 0 < day_id < 2**31 else None
    return row if row is not None and row.unit_code in unit_codes else None


def as_form(visit: ReceptionVisit, identity: bool) -> dict[str, Any]:
    """A stored visit as the desk form's values (identity fields hidden when ``identity`` is False)."""
    at = as_utc(visit.visited_at).astimezone(LOCAL_TZ)  # type: ignore[union-attr]
    out: dict[str, Any] = {name: getattr(visit, name) for name in _STORED}
    out["visited_at"] = at.strftime("%Y-%m-%dT%H:%M")
    out["case_ids"] = ", ".join(visit.case_ids or [])
    out["repeat"] = not visit.first_visit
    for name in ("content_class", "domain", "refusal_code", "matter_of", "reception_day_id"):
        out[name] = "" if out[name] is None else out[name]
    if not identity:
        for name in IDENTITY_COLUMNS:
            out[name] = policy.HIDDEN
        out["representatives"] = []
    return out
