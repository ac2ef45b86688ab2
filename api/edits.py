"""The verifier's field rules: what a value typed in the station may be, and what else changes with it.

A service over storage (no HTTP here, so the CLI could share it): :func:`parse_field` checks and converts a typed
value to what the case column holds; :func:`apply_change` stores it in the append-only field history and the
audit log, keeps the normalized extras of the export beside it (ID digits, phone digits, current address
unit), remembers which page words the verifier pointed at, and drops the redacted copy when an identity field
changed (it must mask the corrected value). The caller holds the case's lock.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from sqlalchemy.orm import Session

from ..contract import CATEGORY_LABELS, DOMAIN_LABELS, FIELD_COLUMNS, IDENTITY_FIELDS, TEXT_LIMITS
from ..ingest import redaction
from ..nlp.address import current_unit
from ..nlp.validate import check_id_number, check_phone
from ..storage import repo
from ..storage.models import Case

_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_YES = ("1", "true", "on", "yes", "có", "co", "x")


class FieldError(ValueError):
    """A refused value; the message is shown to the verifier as is."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------------------------------------- values
def clean_text(value: Any) -> str | None:
    """NFC, runs of white space as one space; None for an empty value."""
    text = unicodedata.normalize("NFC", str(value if value is not None else ""))
    text = " ".join(text.split())
    return text or None


def _code(field: str, raw: Any, known: dict[str, str], message: str) -> str | None:
    value = clean_text(raw)
    if value is not None and value not in known:
        raise FieldError(field, message)
    return value


def _date(field: str, raw: Any) -> dt.date | None:
    value = clean_text(raw)
    if value is None:
        return None
    try:
        m = _DATE_RE.match(value)
        day = (
            dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else dt.date.fromisoformat(value)
        )
    except ValueError:
        raise FieldError(field, "Ngày không hợp lệ: nhập dạng ngày/tháng/năm, ví dụ 15/03/2024") from None
    if not 1945 <= day.year <= dt.date.today().year + 1:
        raise FieldError(field, "Năm của ngày viết đơn không hợp lý")
    return day


def _count(field: str, raw: Any) -> int:
    try:
        n = int(str(raw).strip() or "0")
    except ValueError:
        raise FieldError(field, "Số người ký phải là một số") from None
    if not 0 <= n <= 100_000:
        raise FieldError(field, "Số người ký không hợp lý")
    return n


def parse_field(field: str, raw: Any) -> Any:
    """A value typed in the station, checked and converted to what the case column holds."""
    if field not in FIELD_COLUMNS:
        raise FieldError(field, "Trường không tồn tại")
    if field == "category":
        return _code(
            field, raw, CATEGORY_LABELS, "Loại đơn phải là khiếu nại, tố cáo, kiến nghị hoặc phản ánh"
        )
    if field == "domain":
        return _code(field, raw, DOMAIN_LABELS, "Lĩnh vực không hợp lệ")
    if field == "petition_date":
        return _date(field, raw)
    if field == "signatory_count":
        return _count(field, raw)
    if field == "anonymous":
        return raw if isinstance(raw, bool) else str(raw).strip().lower() in _YES
    value = clean_text(raw)
    if value is not None and len(value) > TEXT_LIMITS[field]:
        raise FieldError(field, f"Quá dài (tối đa {TEXT_LIMITS[field]} ký tự)")
    return value


def input_value(value: Any) -> Any:
    """A column value as the form shows it."""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return value


def field_warning(field: str, value: Any) -> str | None:
    """A hint for the verifier on values that look wrong (they are kept as written)."""
    if not value:
        return None
    try:
        if field == "id_number":
            chk = check_id_number(str(value))
            if not chk.valid:
                if chk.id_type is None:
                    return f"CCCD có 12 chữ số, CMND có 9 (đang có {len(chk.digits)})"
                return "Số định danh không hợp lệ (mã tỉnh hoặc năm sinh)"
        if field == "phone" and not check_phone(str(value)).valid:
            return "Số điện thoại không đúng định dạng Việt Nam"
    except Exception:  # a hint only: never stop the station
        return None
    return None


# ---------------------------------------------------------------------------------------------- changes
def update_extras(case: Case, field: str, value: Any) -> None:
    """Keep the normalized extras of the export beside a corrected value."""
    extra = dict(case.extra or {})
    try:
        if field == "id_number":
            chk = check_id_number(value)
            extra["id_digits"] = chk.digits or None
            extra["id_type"] = chk.id_type
            extra["id_valid"] = chk.valid if value else None
        elif field == "phone":
            chk_phone = check_phone(value)
            extra["phone_digits"] = chk_phone.digits or None
            extra["phone_valid"] = chk_phone.valid if value else None
        elif field == "address":
            extra["address_current"] = current_unit(value) if value else None
    except Exception:
        pass
    case.extra = extra


def set_source(case: Case, field: str, source: Any) -> None:
    """Remember the page words ``[[page_no, word index], ...]`` the verifier took the value from."""
    extra = dict(case.extra or {})
    sources = dict(extra.get("sources") or {})
    if source:
        try:
            clean = [[int(p), int(i)] for p, i in list(source)[:300]]
        except (TypeError, ValueError):
            clean = []
        if clean:
            sources[field] = clean
    else:
        sources.pop(field, None)
    extra["sources"] = sources
    case.extra = extra


def apply_change(db: Session, case: Case, field: str, raw: Any, actor: str, source: Any = None) -> bool:
    """Store one field's new value (history, audit, extras, source words); True when the value changed."""
    value = parse_field(field, raw)
    changed = repo.set_case_field(db, case, field, value, actor)
    if changed:
        update_extras(case, field, value)
        set_source(case, field, source)
        repo.audit(db, actor, "edit", case.case_id, field=field)
        if (
            field in IDENTITY_FIELDS
        ):  # the redacted copy must mask the corrected value: made again on next use
            redaction.invalidate(case)
    elif source:
        set_source(case, field, source)
    return changed


def apply_all(
    db: Session, case: Case, actor: str, fields: dict[str, Any] | None, sources: dict[str, Any] | None
) -> None:
    """The station form's values at approval; unknown keys are skipped, the first refused value raises."""
    for key, raw in (fields or {}).items():
        if key in FIELD_COLUMNS:
            apply_change(db, case, key, raw, actor, (sources or {}).get(key))
