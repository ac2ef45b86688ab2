"""Historical cases: how the finalisation (ingest/stages.py) makes the cases of a file imported from an archive
(archive/importer.py), with either queue (the local pool or a Celery worker run the same code).

A document with an :class:`~..storage.models.ArchiveItem` (the earliest, when the same bytes were filed twice)
gives cases with status ``archived`` (never in the live queue, no live deadline), the batch and box, the batch's
unit, ``extra["archive"]`` (the provenance) and a received date taken from, in this order: the item's date
(the manifest's, or a folder naming a full day), the petition's reception stamp (nlp/received_stamp.py: in the
page's text, as on a photocopy where the stamp is grey, else in the red ink of a colour scan, read apart by
ocr/red_ink.py because the page's OCR drops red), the petition's own date; otherwise the import time is kept (``date_source`` ``none``). The date is the local day
(Asia/Ho_Chi_Minh) at midnight, stored in UTC, and is set before the case is numbered: a petition received in
2022 is ``DT-2022-…``.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import LOCAL_TZ
from ..nlp.received_stamp import StampInfo, find_received_stamp
from ..ocr.red_ink import read_red_ink
from ..storage.models import ArchiveBatch, ArchiveItem, Case, Page
from ..storage.objects import ObjectStore

log = logging.getLogger("donthu.ingest")

__all__ = ["ArchiveLink", "Received", "archive_link", "local_midnight", "make_archived", "received_date"]

MIN_DATE = dt.date(1945, 1, 1)


@dataclass
class ArchiveLink:
    """The archive item a document was imported as, and its batch (None if the batch row is gone)."""

    item: ArchiveItem
    batch: ArchiveBatch | None
    store: ObjectStore | None = None  # the page images, for the stamp's red ink
    lang: str = "vie"


def archive_link(
    db: Session, doc_id: int, store: ObjectStore | None = None, lang: str = "vie"
) -> ArchiveLink | None:
    """The document's archive item (the earliest by id), or None for a document of the live intake."""
    item = db.scalar(
        select(ArchiveItem).where(ArchiveItem.document_id == doc_id).order_by(ArchiveItem.id).limit(1)
    )
    if item is None:
        return None
    return ArchiveLink(item, db.get(ArchiveBatch, item.batch_id), store, lang)


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of a local day (Asia/Ho_Chi_Minh) in UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


@dataclass(frozen=True)
class Received:
    """A petition's received date, where it came from (contract.DATE_SOURCE_LABELS) and the stamp read."""

    day: dt.date | None
    source: str
    stamp: StampInfo | None = None
    stamp_from: str = ""  # "text" (the page's OCR) or "red_ink" (ocr/red_ink.py)


def received_date(
    item: ArchiveItem,
    text: str,
    petition_date: dt.date | None,
    today: dt.date | None = None,
    red_ink: Callable[[], str] | None = None,
) -> Received:
    """The received date of one petition of an archived file; ``red_ink`` gives the text of its first page's
    red ink, read only when the text shows no stamp date."""
    today = today or dt.datetime.now(LOCAL_TZ).date()
    if item.received_date is not None:
        return Received(item.received_date, item.date_source or "manifest")
    stamp, where = None, "text"
    try:
        stamp = find_received_stamp(text, today)
        if (stamp is None or stamp.date is None) and red_ink is not None:
            red = find_received_stamp(red_ink(), today)
            if red is not None and (red.date is not None or stamp is None):
                stamp, where = red, "red_ink"
    except Exception:  # the stamp is a hint; the petition's date or the import day remain
        log.exception("reading the reception stamp failed")
    where = where if stamp is not None else ""
    # a petition is received after it is written: a stamp date before the petition's date is a misreading
    if (
        stamp is not None
        and stamp.date is not None
        and (petition_date is None or stamp.date >= petition_date)
    ):
        return Received(stamp.date, "stamp", stamp, where)
    if petition_date is not None and MIN_DATE <= petition_date <= today:
        return Received(petition_date, "petition", stamp, where)
    return Received(None, "none", stamp, where)


def _red_ink_reader(db: Session, case: Case, link: ArchiveLink) -> Callable[[], str] | None:
    """Reads the red ink of the petition's first page that is not blank (its stored image)."""
    store = link.store
    if store is None or not case.source_pages:
        return None

    def read() -> str:
        key = db.scalar(
            select(Page.image_key)
            .where(
                Page.document_id == case.document_id,
                Page.page_no.in_(case.source_pages),
                Page.blank.is_(False),
            )
            .order_by(Page.page_no)
            .limit(1)
        )
        if not key:
            return ""
        with Image.open(io.BytesIO(store.get(key))) as img:
            return read_red_ink(img, link.lang)

    return read


def make_archived(
    db: Session, case: Case, link: ArchiveLink, index: int, today: dt.date | None = None
) -> None:
    """Make a new case (not yet stored) a historical one: status, received date, batch, box, unit, provenance.
    ``index`` is the petition's place in its file (1-based)."""
    item, batch = link.item, link.batch
    red = _red_ink_reader(db, case, link)
    got = received_date(item, case.text or "", case.petition_date, today, red)
    day, stamp = got.day, got.stamp
    case.status = "archived"
    if day is not None:
        case.received_at = local_midnight(day)
    case.archive_batch_id = item.batch_id
    case.archive_box = item.box or None
    if batch is not None and batch.unit_code:
        case.unit_code = batch.unit_code
    case.handling_stage = None
    info: dict[str, Any] = {
        "batch": item.batch_id,
        "item": item.id,
        "box": item.box,
        "folder": item.folder,
        "path": item.path,
        "sequence": item.sequence,
        "petition_index": index,
        "note": item.note,
        "agency": item.agency or (batch.agency if batch is not None else ""),
        "columns": dict(item.columns or {}),
        "received_date": day.isoformat() if day else None,
        "date_source": got.source,
    }
    if stamp is not None:
        info["stamp"] = {
            "number": stamp.number,
            "date": stamp.date.isoformat() if stamp.date else None,
            "read_from": got.stamp_from,
        }
    case.extra = {**(case.extra or {}), "archive": info}
