"""Generated archive boxes for the import tests: petitions as born-digital PDFs (read from their text layer,
no OCR) or as low-resolution scans, with stray files that are not documents."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import select

from donthu.contract import LOCAL_TZ
from donthu.samples import SamplePetition, make_petition, render_page, write_document, write_text_pdf
from donthu.storage.db import session_scope
from donthu.storage.models import ArchiveBatch, ArchiveItem, Case


def petition(seed: int, category: str = "khieu_nai") -> SamplePetition:
    return make_petition(random.Random(seed), form="labeled", category=category, n_pages=1)


def text_pdf(path: Path, pet: SamplePetition, first_line: str = "") -> SamplePetition:
    """A petition as a PDF with a text layer (``first_line`` above it: a reception stamp's text)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pages = list(pet.pages)
    if first_line:
        pages[0] = f"{first_line}\n{pages[0]}"
    write_text_pdf(path, pages)
    return pet


def scan(path: Path, pet: SamplePetition, dpi: int = 100) -> SamplePetition:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_document(path, [render_page(pet.pages[0], "clean", seed=1, dpi=dpi)], dpi=dpi)
    return pet


def junk(folder: Path) -> list[str]:
    """Files a scanning station leaves behind; their names relative to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 40)
    (folder / "ghi-chu.txt").write_text("hộp này thiếu 2 đơn", encoding="utf-8")
    return ["Thumbs.db", ".DS_Store", "ghi-chu.txt"]


def local_day(at: dt.datetime) -> dt.date:
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(LOCAL_TZ).date()


def petition_day(pet: SamplePetition) -> dt.date:
    return dt.date.fromisoformat(pet.petition_date)


def cases_by_path(db_url: str | None = None) -> dict[str, list[Case]]:
    """The cases of archive items, by the item's recorded path."""
    out: dict[str, list[Case]] = {}
    with session_scope(db_url) as db:
        for case in db.scalars(select(Case).where(Case.archive_batch_id.is_not(None)).order_by(Case.id)):
            db.expunge(case)
            out.setdefault(case.extra["archive"]["path"], []).append(case)
    return out


def batch_and_items(batch_id: int, db_url: str | None = None) -> tuple[ArchiveBatch, dict[str, ArchiveItem]]:
    with session_scope(db_url) as db:
        batch = db.get(ArchiveBatch, batch_id)
        assert batch is not None
        items = {i.path: i for i in db.scalars(select(ArchiveItem).where(ArchiveItem.batch_id == batch_id))}
        db.expunge_all()
    return batch, items
