"""The identity policy: one place decides whose identity is hidden from whom.

Luật Tố cáo 2018 art. 8(3), 47 and 56(2) forbid revealing a denouncer's name, address, handwriting or other
identifying data. The policy fails closed: a case is *protected* (its complainant's identity, page images,
text and word boxes are shown only to roles cleared for a denouncer's identity) unless the system is sure it
is not a denunciation, or a cleared person has confirmed that it is not one.

A case is protected when any of these holds:
- its category is tố cáo (whoever confirmed anything);
- nobody cleared has confirmed it is not a denunciation, and
  - it has no category, or the category's confidence is below ``CONFIDENT``;
  - its text could not be read (manual entry, empty, extraction failed);
  - any part of its text (not only the title) carries a denunciation signal ("tố cáo", "tố giác",
    "tham nhũng", "nhận hối lộ", …);
  - the trained classifier finds its content (title left out) denunciation-like (P ≥ ``MODEL_SUSPECT``);
  - it has several contents (the title or the text names more than one kind of petition);
  - one of its pages is a copy of an ID card (sensitive personal data since 1/1/2026).

Everything that shows a case (routes, search, export, receipts, duplicate links, file names, logs) asks this
module; nothing else decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..contract import EXPORT_EXTRAS, IDENTITY_FIELDS
from ..lang.normalize import skeleton as fold  # lower case without diacritics, đ → d

# roles cleared to see a denouncer's identity (and to confirm that a case is not a denunciation)
CLEARED_ROLES = frozenset({"verifier", "supervisor", "admin"})
# what says who signed: hidden with the identity (confidences, the export's fields and extras)
_WHO_SIGNED = ("signatory_count", "anonymous")
# extras and confidence keys that describe the person (or tell which identity fields exist): the exported extras
# but the title and the manual-entry flag, who signed, where the values stand in the text, the source file's hash
IDENTITY_EXTRAS = (
    *(key for key in EXPORT_EXTRAS if key not in ("title", "needs_manual")),
    *_WHO_SIGNED,
    "spans",
    "source_sha256",
)
IDENTITY_CONFIDENCE_KEYS = frozenset(IDENTITY_FIELDS) | set(_WHO_SIGNED)
HIDDEN = "[đã ẩn — bảo vệ người tố cáo]"
REDACTED = "[đã lược bỏ]"
# below this category confidence the machine's "not tố cáo" is not trusted
CONFIDENT = 0.9
# the trained model's P(tố cáo) on the content without its title (nlp.classify.denunciation_probability): from
# this value on, a case is treated as a denunciation whatever its title says
MODEL_SUSPECT = 0.2

REASON_LABELS = {
    "to_cao": "Loại đơn là tố cáo",
    "no_category": "Chưa xác định được loại đơn",
    "low_confidence": "Máy chưa chắc chắn về loại đơn",
    "unreadable": "Chưa đọc được nội dung đơn",
    "signal": "Nội dung có dấu hiệu tố cáo",
    "multi": "Đơn có nhiều nội dung",
    "model": "Mô hình phân loại thấy nội dung giống đơn tố cáo",
    "id_card": "Có bản sao CCCD/CMND (dữ liệu nhạy cảm)",
}

# denunciation wording anywhere in the text (diacritics folded): the act of denouncing and what is denounced
_SIGNAL_RE = re.compile(
    r"\b(to cao|to giac|bi to|tham nhung|hoi lo|tham o|nhung nhieu|lam dung (?:chuc vu|quyen han|chuc quyen)"
    r"|loi dung (?:chuc vu|quyen han|chuc quyen)|bao ke|bao che|chiem doat|truy cuu trach nhiem hinh su"
    r"|tieu cuc|an chan|rut ruot|vu loi|lat leo)\b"
)
# kinds of petition named in the text
_KIND_RE = re.compile(r"\b(khieu nai|to cao|to giac|kien nghi|phan anh)\b")
_KIND = {
    "khieu nai": "khieu_nai",
    "to cao": "to_cao",
    "to giac": "to_cao",
    "kien nghi": "kien_nghi",
    "phan anh": "phan_anh",
}
# "đơn khiếu nại, tố cáo" / "ĐƠN KIẾN NGHỊ VÀ PHẢN ÁNH": several kinds joined in one phrase
_MULTI_RE = re.compile(
    r"\b(khieu nai|to cao|to giac|kien nghi|phan anh)\s*(?:,|;|/|-|va|kiem|hoac)\s*"
    r"(khieu nai|to cao|to giac|kien nghi|phan anh)\b"
)


@dataclass(frozen=True)
class TextSignals:
    """What the text says about denunciation: the wording found and the kinds of petition it names."""

    signals: tuple[str, ...] = ()
    multi: tuple[str, ...] = ()

    def codes(self) -> list[str]:
        out = [f"signal:{s}" for s in self.signals]
        if self.multi:
            out.append("multi:" + ",".join(self.multi))
        return out


def text_signals(text: str | None, title: str | None = None) -> TextSignals:
    folded = re.sub(r"\s+", " ", fold(f"{title or ''}\n{text or ''}"))
    found: list[str] = []
    for m in _SIGNAL_RE.finditer(folded):
        if m.group(1) not in found:
            found.append(m.group(1))
    multi: list[str] = []
    for m in _MULTI_RE.finditer(folded):
        for g in (m.group(1), m.group(2)):
            if _KIND[g] not in multi:
                multi.append(_KIND[g])
    if len(multi) < 2:
        multi = []
    return TextSignals(tuple(found[:8]), tuple(multi))


def _stored_signals(reasons: Iterable[str] | None) -> TextSignals:
    signals, multi = [], []
    for r in reasons or ():
        if isinstance(r, str) and r.startswith("signal:"):
            signals.append(r[7:])
        elif isinstance(r, str) and r.startswith("multi:"):
            multi = r[6:].split(",")
    return TextSignals(tuple(signals), tuple(multi))


@dataclass(frozen=True)
class Assessment:
    protected: bool
    reasons: tuple[str, ...]

    def labels(self) -> list[str]:
        return describe(self.reasons)


def describe(reasons: Iterable[str] | None) -> list[str]:
    """The reasons in Vietnamese, for the cleared verifier's screen."""
    out = []
    for r in reasons or ():
        code, _, detail = str(r).partition(":")
        label = REASON_LABELS.get(code, code)
        out.append(f"{label}: “{detail}”" if code in ("signal", "model") and detail else label)
    return list(dict.fromkeys(out))


def assess(
    *,
    category: str | None,
    confidence: Mapping[str, Any] | None,
    signals: TextSignals,
    readable: bool = True,
    released: bool = False,
    id_card: bool = False,
    denunciation_probability: float | None = None,
) -> Assessment:
    """Whether a case is protected, and why (the reason codes are stored with the case)."""
    reasons: list[str] = []
    if category == "to_cao":
        reasons.append("to_cao")
    try:
        cat_conf = float((confidence or {}).get("category", 0.0))
    except (TypeError, ValueError):
        cat_conf = 0.0
    if category is None:
        reasons.append("no_category")
    elif category != "to_cao" and cat_conf < CONFIDENT:
        reasons.append("low_confidence")
    if not readable:
        reasons.append("unreadable")
    reasons.extend(signals.codes())
    if denunciation_probability is not None and denunciation_probability >= MODEL_SUSPECT:
        reasons.append(f"model:{denunciation_probability:.2f}")
    if id_card:
        reasons.append("id_card")
    if category == "to_cao":
        return Assessment(True, tuple(reasons))
    if released:  # a cleared person confirmed this is not a denunciation; the reasons stay for the record
        return Assessment(False, tuple(reasons))
    return Assessment(bool(reasons), tuple(reasons))


class _Case(Protocol):
    category: str | None
    confidence: dict[str, Any]
    text: str
    extra: dict[str, Any]
    identity_reasons: list[Any]
    identity_released_by: str | None


def assess_case(case: _Case, *, text_changed: bool = True, id_card: bool | None = None) -> Assessment:
    """The policy applied to a case row. ``text_changed=False`` reuses the text signals stored last time (the
    text of a case does not change after ingest; the column may not even be loaded)."""
    extra = case.extra or {}
    stored = list(case.identity_reasons or [])
    signals = text_signals(case.text, extra.get("title")) if text_changed else _stored_signals(stored)
    readable = not (extra.get("needs_manual") or extra.get("extraction_error"))
    if text_changed:
        readable = readable and bool((case.text or "").strip())
    else:
        readable = readable and "unreadable" not in stored
    if id_card is None:
        id_card = "id_card" in stored
    try:
        prob = float(extra["denunciation_probability"]) if "denunciation_probability" in extra else None
    except (TypeError, ValueError):
        prob = None
    return assess(
        category=case.category,
        confidence=case.confidence,
        signals=signals,
        readable=readable,
        released=bool(case.identity_released_by),
        id_card=id_card,
        denunciation_probability=prob,
    )


# ---------------------------------------------------------------------------------------------- who sees what
class _User(Protocol):
    role: str


class _Protected(Protocol):
    identity_protected: bool


def is_cleared(user: _User | str | None) -> bool:
    role = user if isinstance(user, str) or user is None else user.role
    return role in CLEARED_ROLES


def may_see_identity(user: _User | str | None, case: _Protected | None) -> bool:
    """True when ``user`` may see the identity of the person who wrote ``case`` (fails closed on None).

    A protected case forwarded to another unit (``identity_unit`` set: handling/decisions.py) is seen in the
    original only by cleared staff of the unit that received it first; the receiving unit works on the redacted
    copy (Luật Tố cáo art. 8(3), 56(2))."""
    if case is None:
        return is_cleared(user)
    rule = identity_visibility(user)
    return rule.allows(getattr(case, "identity_protected", True), getattr(case, "identity_unit", None))


@dataclass(frozen=True)
class IdentityRule:
    """Whose identity one user may see, as data: ``allows`` decides for a case (``may_see_identity``), and
    search turns the same fields into its SQL condition (storage/search_index.identity_condition), so a query
    never matches an identity this module would hide."""

    cleared: bool  # a role cleared for a denouncer's identity
    unit_code: str | None  # the user's unit: a forwarded protected case stays with its identity_unit

    def allows(self, protected: object, identity_unit: str | None) -> bool:
        if protected is False:
            return True
        if not self.cleared:
            return False
        return not identity_unit or identity_unit == self.unit_code


def identity_visibility(user: _User | str | None) -> IdentityRule:
    """The user's :class:`IdentityRule` (a bare role name has no unit)."""
    unit = None if user is None or isinstance(user, str) else getattr(user, "unit_code", None)
    return IdentityRule(is_cleared(user), unit)


# destinations outside the agency that the law clears for a complainant's identity: the national database on
# complaints and denunciations (Nghị định 55/2022/NĐ-CP art. 6 requires the citizen's name and address)
IDENTITY_DESTINATIONS = frozenset({"nd55"})


def export_destination_sees_identity(destination: str, case: _Protected | None, viewer: Any = None) -> bool:
    """Whether an export to ``destination`` may carry the identity of the person who wrote ``case``.

    Only a destination of IDENTITY_DESTINATIONS may, and there: an unprotected case always; a protected one
    unless its identity belongs to another unit (``identity_unit`` set and not the unit holding the case, which
    exports it: a forwarded tố cáo reaches the receiving unit redacted, Luật Tố cáo art. 8(3), 56(2)). When a
    person runs the export (``viewer``) the file passes through their hands, so only what ``may_see_identity``
    lets them see. Fails closed (unknown destination, no case)."""
    if destination not in IDENTITY_DESTINATIONS or case is None:
        return False
    if viewer is not None:
        return may_see_identity(viewer, case)
    if getattr(case, "identity_protected", True) is False:
        return True
    holder = getattr(case, "identity_unit", None)
    return not holder or holder == getattr(case, "unit_code", None)


def neutral_file_name(doc_id: int | None, original: str | None) -> str:
    """What an uncleared role sees instead of an original file name (which often carries a person's name)."""
    ext = ""
    if original and "." in original:
        tail = original.rsplit(".", 1)[-1].lower()
        if tail.isalnum() and len(tail) <= 5:
            ext = "." + tail
    return f"tep-{doc_id or 0:06d}{ext}"


def file_name_for(user: _User | str | None, doc_id: int | None, original: str | None) -> str:
    return (original or "") if is_cleared(user) else neutral_file_name(doc_id, original)


def hide_identity(data: dict[str, Any], *, redacted_text: str | None = None) -> dict[str, Any]:
    """A case in the export contract with its complainant's identity removed (for uncleared roles and hand-offs).

    Every identity field says HIDDEN whether or not it had a value (an empty one would tell what exists), the
    extras that describe the person and the identity confidences are dropped, the text is the redacted copy
    (or hidden when there is none), and the source file gets a neutral name.
    """
    out = dict(data)
    out["complainant"] = dict.fromkeys(IDENTITY_FIELDS, HIDDEN)
    for key in IDENTITY_EXTRAS:
        out.pop(key, None)
    out["signatory_count"] = None
    out["anonymous"] = None
    out["confidence"] = {
        k: v for k, v in (data.get("confidence") or {}).items() if k not in IDENTITY_CONFIDENCE_KEYS
    }
    if "text" in out:
        out["text"] = redacted_text if redacted_text is not None else HIDDEN
    out["identity_hidden"] = True
    return out
