"""The station's review rules (issue 13, "gaps a tester hit"): a service over storage, no HTTP here.

* Low-confidence fields (below ``present.LOW_CONFIDENCE``, the station's yellow "cần kiểm tra" rows) must each be
  confirmed or edited by the approving verifier since the case last (re)entered verification; a confirmation is
  a field-history row whose value is unchanged (old == new), so ``retrain`` never counts it as a correction.
* "Để lại hàng chờ" (Alt+Q) skips: the skipped case numbers stay in the user's server-side session and the next
  case offered is another one; when only skipped cases are left the queue says so and starts over.
* A verified case can be reopened by a supervisor or an admin, with a reason, while its handling has not gone
  beyond waiting (no handling event other than "received" and "classify").
* The history panel's rows, and NFC for the text and words the station shows.
* Historical cases (issue 15): an archive_review case (drawn into a quality-control sample, or routed for a full
  check) is verified by an archivist or an editor; its approval makes it archive_verified (no handling, no clocks).
  An archivist never acts on a live case, and leaves a protected case (a denouncer's identity) to a cleared
  verifier.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, MutableMapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..archive import qc
from ..contract import (
    ARCHIVE_STATUSES,
    EDITABLE_STATUSES,
    EVENT_LABELS,
    FIELD_COLUMNS,
    FIELD_LABELS,
    STATUS_LABELS,
)
from ..storage import repo
from ..storage.models import Case, CaseHistory, HandlingEvent, utcnow
from .edits import clean_text
from .permissions import ARCHIVE_VERIFIERS, EDITORS, may_see_identity
from .present import LOW_CONFIDENCE, local_time, utc_iso

# the fields of the station's form, in its order
FORM_FIELDS: tuple[str, ...] = tuple(k for k, _ in FIELD_LABELS if k in FIELD_COLUMNS)
REOPENERS = ("supervisor", "admin")
WAITING_EVENTS = ("received", "classify")  # handling that has not gone beyond waiting: a reopen is allowed
SKIP_KEY = "station_skipped"
MAX_SKIPPED = 60  # the session's data is small (api/sessions.py MAX_DATA_BYTES)
RESCAN_PREFIX = "rescan:"  # history rows of values re-read from a rescan (never a person's correction)
ARCHIVE_REVIEW = "archive_review"
# statuses a case (re)enters verification with: the flagged fields are checked again from there
_INTO_VERIFICATION = ("pending_verification", ARCHIVE_REVIEW)
LIVE_REFUSAL = (
    "Hồ sơ đang được xử lý (không phải hồ sơ lưu trữ): chỉ cán bộ xác minh được thao tác trên hồ sơ này."
)
PROTECTED_REFUSAL = (
    "Hồ sơ được bảo vệ danh tính người tố cáo (Luật Tố cáo, Điều 8): cán bộ lưu trữ không được xem danh tính "
    "người viết đơn. Cán bộ xác minh được phân quyền phải kiểm tra hồ sơ này."
)
_OTHER_LABELS = {
    "status": "Trạng thái",
    "return_reason": "Lý do trả lại",
    "reopen_reason": "Lý do mở lại",
    "identity_released": "Xác nhận không phải tố cáo",
    "rescan": "Bản quét bổ sung",
}


class Refused(Exception):
    """An action the rules refuse; ``status`` is the HTTP status the route answers, the message is shown."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def nfc(text: Any) -> Any:
    """NFC for a string (what the station shows: "số", never "so" + combining marks); other values unchanged."""
    return unicodedata.normalize("NFC", text) if isinstance(text, str) else text


def nfc_pages(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The station's pages (``present.station_pages``) with NFC word texts and corrections."""
    for p in pages:
        p["words"] = [[nfc(w[0]), *w[1:]] for w in p.get("words") or []]
        p["corr"] = {i: {k: nfc(v) for k, v in c.items()} for i, c in (p.get("corr") or {}).items()}
    return pages


# ---------------------------------------------------------------------------------------------- flagged fields
def flagged_fields(case: Case) -> list[str]:
    """The form's fields the machine read with a confidence below the station's threshold, in form order."""
    conf = case.confidence or {}
    out = []
    for key in FORM_FIELDS:
        try:
            value = float(conf[key])
        except (KeyError, TypeError, ValueError):
            continue
        if value < LOW_CONFIDENCE:
            out.append(key)
    return out


def _back_in_verification(db: Session, case_id: str) -> int:
    """The id of the last history row that put the case (back) into verification; 0 when none did."""
    last = db.scalar(
        select(func.max(CaseHistory.id)).where(
            CaseHistory.case_id == case_id,
            CaseHistory.field == "status",
            CaseHistory.new_value.in_(_INTO_VERIFICATION),
        )
    )
    return int(last or 0)


def reviewed_fields(db: Session, case: Case, actor: str) -> set[str]:
    """Fields ``actor`` edited or confirmed since the case last entered verification."""
    case_id = case.case_id or ""
    since = _back_in_verification(db, case_id)
    rows = db.scalars(
        select(CaseHistory.field).where(
            CaseHistory.case_id == case_id,
            CaseHistory.actor == actor,
            CaseHistory.id > since,
            CaseHistory.field.in_(list(FIELD_COLUMNS)),
        )
    )
    return set(rows)


def remaining_flags(db: Session, case: Case, actor: str) -> list[str]:
    """The flagged fields ``actor`` has neither edited nor confirmed yet (form order)."""
    flagged = flagged_fields(case)
    if not flagged:
        return []
    done = reviewed_fields(db, case, actor)
    return [f for f in flagged if f not in done]


def field_label(field: str) -> str:
    if field.startswith(RESCAN_PREFIX):
        return f"{field_label(field[len(RESCAN_PREFIX) :])} (đọc lại từ bản quét bổ sung)"
    return dict(FIELD_LABELS).get(field) or _OTHER_LABELS.get(field, field)


def flags_message(fields: list[str]) -> str:
    names = ", ".join(field_label(f) for f in fields)
    return (
        f"Chưa kiểm tra các trường máy đọc không chắc chắn: {names}. "
        "Hãy xác nhận (Enter) hoặc sửa từng trường trước khi duyệt."
    )


def confirm_field(db: Session, case: Case, field: str, actor: str) -> bool:
    """``actor`` looked at ``field`` and keeps its value: a history row with the value unchanged, and the audit.
    False (nothing written) when the field was already edited or confirmed by ``actor`` in this round."""
    if field in reviewed_fields(db, case, actor):
        return False
    value = repo.field_value(case, field)
    repo.add_case_history(db, case, field, value, value, actor)
    repo.audit(db, actor, "confirm_field", case.case_id, field=field)
    return True


def check_flags(db: Session, case: Case, actor: str) -> None:
    """Refuse an approval while a flagged field has been neither edited nor confirmed by ``actor``."""
    left = remaining_flags(db, case, actor)
    if left:
        raise Refused(409, flags_message(left))


# ---------------------------------------------------------------------------------------------- who acts
def check_access(user: Any, case: Case, *, editing: bool = True) -> None:
    """Raise :class:`Refused` (403) unless ``user`` may act on ``case`` in the station: the editors on any case;
    an archivist only on a historical case (archive statuses), and to edit it only when they may see its
    complainant's identity (a protected case waits for a cleared verifier)."""
    if user.role in EDITORS:
        return
    if user.role not in ARCHIVE_VERIFIERS or case.status not in ARCHIVE_STATUSES:
        raise Refused(403, LIVE_REFUSAL)
    if editing and not may_see_identity(user, case):
        raise Refused(403, PROTECTED_REFUSAL)


def may_edit(user: Any, case: Case) -> bool:
    """Whether the case screen opens for editing (and takes the case's lock) for ``user``."""
    if case.status not in EDITABLE_STATUSES:
        return False
    try:
        check_access(user, case)
    except Refused:
        return False
    return True


def approve_archive(db: Session, case: Case, actor: str, cleared: bool) -> None:
    """A historical case checked: archive_review → archive_verified (status history row, who and when), the lock
    released. No handling: a historical case has no live clocks (``tracking.on_verified`` is not called). As for a
    live case, the approval of a case that is not a tố cáo releases its identity only when the approver is cleared
    (``cleared``); an archivist's approval releases nothing. A sample case updates its batch's recorded estimate
    (archive/qc.py ``record_estimate``: the decision is audited when it changes)."""
    repo.add_case_history(db, case, "status", case.status, "archive_verified", actor)
    case.status = "archive_verified"
    case.verified_by, case.verified_at = actor, utcnow()
    if cleared and case.category and case.category != "to_cao" and not case.identity_released_by:
        repo.add_case_history(db, case, "identity_released", None, actor, actor)
        case.identity_released_by, case.identity_released_at = actor, utcnow()
    case.locked_by, case.locked_until = None, None
    db.flush()
    qc_reason = (((case.extra or {}).get("archive") or {}).get("qc") or {}).get("reason")
    if qc_reason == "sample" and case.archive_batch_id:  # the batch's estimate and decision, kept current
        qc.record_estimate(db, case.archive_batch_id, actor)


# ---------------------------------------------------------------------------------------------- reopen
def handling_beyond_waiting(db: Session, case_id: str) -> list[str]:
    """Kinds of the case's handling events other than "received" and "classify" (sorted)."""
    kinds = db.scalars(
        select(HandlingEvent.kind)
        .where(HandlingEvent.case_id == case_id, HandlingEvent.kind.not_in(WAITING_EVENTS))
        .distinct()
    )
    return sorted(set(kinds))


def may_reopen(user: Any, case: Case) -> bool:
    return user.role in REOPENERS and case.status == "verified"


def reopen(db: Session, case: Case, actor: str, reason: Any) -> str:
    """Back to verification with a reason (history, audit); the cleaned reason. Raises :class:`Refused`."""
    text = clean_text(reason) or ""
    if len(text) < 3:
        raise Refused(422, "Hãy ghi lý do mở lại hồ sơ")
    if case.status != "verified":
        raise Refused(409, "Chỉ mở lại được hồ sơ đã xác minh")
    kinds = handling_beyond_waiting(db, case.case_id or "")
    if kinds:
        done = ", ".join(EVENT_LABELS.get(k, k) for k in kinds)
        raise Refused(409, f"Hồ sơ đã được xử lý sau xác minh ({done}); không mở lại được.")
    text = text[:2000]
    repo.reopen_case(db, case, actor, text)
    repo.audit(db, actor, "reopen", case.case_id, reason=text)
    return text


# ---------------------------------------------------------------------------------------------- skipping
def skipped(session: MutableMapping[str, Any]) -> list[str]:
    value = session.get(SKIP_KEY)
    return [str(x) for x in value] if isinstance(value, list) else []


def remember_skip(session: MutableMapping[str, Any], case_id: str) -> None:
    ids = [x for x in skipped(session) if x != case_id]
    session[SKIP_KEY] = [*ids, case_id][-MAX_SKIPPED:]


def forget_skip(session: MutableMapping[str, Any], case_id: str | None = None) -> None:
    """Forget one skipped case (opened on purpose), or all of them."""
    ids = skipped(session)
    if case_id is None:
        if ids:
            session.pop(SKIP_KEY, None)
    elif case_id in ids:
        session[SKIP_KEY] = [x for x in ids if x != case_id]


def _free_for(case: Case, actor: str) -> bool:
    return repo.lock_holder(case) in (None, actor)


def next_case(
    db: Session,
    actor: str,
    avoid: Collection[str],
    filters: dict[str, str],
    page: int = 50,
    where: Any = None,
) -> tuple[Case | None, int]:
    """The next pending case in deadline order, claimed for ``actor``, that is not in ``avoid``; and, when
    there is none, how many of the avoided cases are still waiting (0: the queue is really done). ``where``:
    the caller's units (and the archive batch of ``filters["batch"]``); ``filters["status"]``: archive_review
    for the historical cases of a sample, else the live queue."""
    low = LOW_CONFIDENCE if filters.get("low") else None
    kw: dict[str, Any] = {
        "category": filters.get("category"),
        "domain": filters.get("domain"),
        "where": where,
        "status": filters.get("status") or "pending_verification",
    }
    if len(avoid) <= 1:  # the common case: the store's own claim loop
        nxt = repo.next_case(db, actor, exclude=next(iter(avoid), None), low_below=low, **kw)
        waiting = 0
        if nxt is None and avoid:
            waiting = _waiting(db, actor, avoid, low, kw)
        return nxt, waiting
    offset, waiting = 0, 0
    while True:
        cases, total = repo.queue_cases(db, low_below=low, limit=page, offset=offset, **kw)
        for case in cases:
            if not _free_for(case, actor):
                continue
            if case.case_id in avoid:
                waiting += 1
            elif repo.claim_case(db, case, actor):
                return case, 0
        offset += page
        if offset >= total:
            return None, waiting


def _waiting(db: Session, actor: str, avoid: Collection[str], low: float | None, kw: dict[str, Any]) -> int:
    cases = repo.cases_by_ids(db, list(avoid))
    where = kw["where"]
    if where is not None:  # the caller's units and batch, asked of the database
        cases = [c for c in cases if db.scalar(select(Case.id).where(Case.id == c.id, where)) is not None]
    return sum(
        1
        for c in cases
        if c.status == kw["status"]
        and _free_for(c, actor)
        and (not kw["category"] or c.category == kw["category"])
        and (not kw["domain"] or c.domain == kw["domain"])
        and (low is None or (c.min_confidence is not None and c.min_confidence < low))
    )


# ---------------------------------------------------------------------------------------------- history
def _shown(field: str, value: str | None) -> str:
    if value is None:
        return "—"
    if field == "status":
        return STATUS_LABELS.get(value, value)
    return value


def history_rows(db: Session, case_id: str) -> list[dict[str, Any]]:
    """The case's field history for the panel and the API, newest first."""
    out = []
    for h in repo.case_history(db, case_id):
        confirm = h.field in FIELD_COLUMNS and h.old_value == h.new_value
        out.append(
            {
                "field": h.field,
                "old": h.old_value,
                "new": h.new_value,
                "actor": h.actor,
                "at": utc_iso(h.at),
                "at_local": local_time(h.at),
                "label": field_label(h.field),
                "confirm": confirm,
                "old_text": "" if confirm else _shown(h.field, h.old_value),
                "new_text": f"✓ xác nhận: {_shown(h.field, h.new_value)}"
                if confirm
                else _shown(h.field, h.new_value),
            }
        )
    return out
