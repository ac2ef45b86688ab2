"""Redacted copies of a case's pages (Luật Tố cáo art. 56(2)) and ID-card pages: where the privacy engine, the
object store and the database meet.

A protected case gets, per page, an image with the complainant's identity and the signature block masked, the
text with them removed, and the list of masked boxes; a page that is a copy of an ID card is masked whole.
These copies are what roles not cleared for a denouncer's identity see, and what leaves the agency when the
petition is handed on. They are made when the case is created (if it is protected then), or on first use, and
made again when a verifier changes an identity field; a cleared verifier can add boxes and mark them reviewed.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any

from sqlalchemy.orm import Session

from ..privacy import policy
from ..storage.models import Case, Page
from ..storage.objects import ObjectStore

log = logging.getLogger("donthu.ingest.redaction")

REDACTION_VERSION = 1


def identity_of(case: Case) -> Any:
    from ..privacy.redact import IdentityValues

    return IdentityValues.from_case(
        case.complainant_name,
        case.complainant_address,
        case.complainant_id_number,
        case.complainant_phone,
        case.extra or {},
    )


def case_pages(case: Case) -> list[Page]:
    wanted = set(case.source_pages or [])
    return sorted(
        (p for p in (case.document.pages if case.document else []) if p.page_no in wanted),
        key=lambda p: p.page_no,
    )


def mark_id_cards(case: Case) -> bool:
    """Flag pages that are copies of an ID card; True when the case has one (the policy then protects it)."""
    from ..privacy.idcard import id_card_score

    found = False
    for page in case_pages(case):
        if page.blank:
            continue
        try:
            is_card, _score, _reasons = id_card_score(
                page.text or "", page.words or [], (page.width, page.height)
            )
        except Exception:  # detection must never stop a case from being created
            log.exception(
                "ID-card detection failed on page %s of document %s", page.page_no, page.document_id
            )
            is_card = False
        if is_card and not page.id_card:
            page.id_card = True
        found = found or bool(page.id_card)
    return found


def _black_page(width: int, height: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("L", (max(1, width), max(1, height)), 255)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, img.width, img.height], fill=0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=60)
    return buf.getvalue()


def redact_case(
    store: ObjectStore,
    case: Case,
    *,
    force: bool = False,
    extra_boxes: dict[int, list] | None = None,
    actor: str | None = None,
) -> list[Page]:
    """Make (or make again) the redacted copy of every page of ``case``; returns the pages."""
    from ..privacy.redact import redact_image, redact_page

    pages = case_pages(case)
    content = [p for p in pages if not p.blank]
    last_no = content[-1].page_no if content else None
    identity = identity_of(case)
    sha = case.document.sha256 if case.document else "unknown"
    now = dt.datetime.now(dt.UTC).isoformat()
    for page in pages:
        added = (extra_boxes or {}).get(page.page_no) or []
        previous = page.redaction or {}
        if (
            page.redacted_image_key
            and not force
            and not added
            and previous.get("version") == REDACTION_VERSION
        ):
            continue
        key = f"redacted/{sha[:2]}/{sha}/{case.case_id}-{page.page_no:05d}.jpg"
        if page.id_card:
            image, text, boxes = (
                _black_page(page.width, page.height),
                policy.REDACTED,
                [[0, 0, page.width, page.height, "id_card"]],
            )
        else:
            try:
                original = store.get(page.image_key)
            except Exception:
                log.exception(
                    "page image missing for the redacted copy (case %s page %s)", case.case_id, page.page_no
                )
                original = _black_page(page.width, page.height)
            result = redact_page(
                original, page.words or [], page.text or "", identity, is_last_page=page.page_no == last_no
            )
            boxes = [list(b) for b in result.boxes]
            # boxes a cleared verifier added before stay masked when the copy is made again
            manual = [list(b) for b in previous.get("boxes", []) if len(b) >= 5 and b[4] == "manual"]
            manual += [[int(b[0]), int(b[1]), int(b[2]), int(b[3]), "manual"] for b in added]
            image, text = result.image, result.text
            if manual:
                image = redact_image(image, [tuple(b) for b in manual])
                boxes += manual
        store.put(key, image, "image/jpeg")
        page.redacted_image_key = key
        page.redacted_text = text
        # made again: it needs a new review, unless the cleared person who added boxes made it
        reviewed = bool(added and actor)
        page.redaction = {
            "version": REDACTION_VERSION,
            "boxes": boxes,
            "made_at": now,
            "made_by": actor or "system",
            "reviewed_by": actor if reviewed else None,
            "reviewed_at": now if reviewed else None,
        }
    return pages


def ensure_redacted(db: Session, store: ObjectStore, case: Case) -> list[Page]:
    """The redacted pages of ``case``, made now when missing (first view by an uncleared role)."""
    pages = redact_case(store, case)
    db.flush()
    return pages


def invalidate(case: Case) -> None:
    """An identity field changed: the redacted copies no longer mask the right words; they are made again."""
    for page in case_pages(case):
        if page.redacted_image_key:
            page.redaction = {**(page.redaction or {}), "version": 0}


def mark_reviewed(case: Case, actor: str) -> None:
    now = dt.datetime.now(dt.UTC).isoformat()
    for page in case_pages(case):
        if page.redaction:
            page.redaction = {**page.redaction, "reviewed_by": actor, "reviewed_at": now}
