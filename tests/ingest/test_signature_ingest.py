"""Ingest stores whether the petition is signed (case.extra["signature"]): end to end on a signed and an unsigned
scan and a born-digital PDF, and which page of a case is looked at."""

from __future__ import annotations

import io
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image
from sqlalchemy import select

from donthu.config import reset_settings
from donthu.ingest.pipeline import ingest
from donthu.ingest.stages import note_signature
from donthu.ocr.words import Word
from donthu.samples import make_petition, render_page, write_document, write_text_pdf
from donthu.storage.db import dispose_engines, migrate, session_scope
from donthu.storage.models import Case, Page

DPI = 150


@pytest.mark.ocr
def test_ingest_stores_the_signature_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(77)
    scans = tmp_path / "scans"
    scans.mkdir()
    signed = make_petition(rng, form="labeled", category="khieu_nai", n_pages=1)
    unsigned = make_petition(rng, form="labeled", category="to_cao", n_pages=1)
    digital = make_petition(rng, form="labeled", category="kien_nghi", n_pages=1)
    page = render_page(signed.pages[0], "clean", seed=1, dpi=DPI, signature="fingerprint")
    write_document(scans / "signed.png", [page], dpi=DPI)
    page = render_page(unsigned.pages[0], "office", seed=2, dpi=DPI, signature="none")
    write_document(scans / "unsigned.jpg", [page], dpi=DPI)
    write_text_pdf(scans / "digital.pdf", digital.pages)
    data = tmp_path / "data"
    monkeypatch.setenv("DONTHU_DATA_DIR", str(data))
    monkeypatch.setenv("DONTHU_SETTINGS_FILE", str(data / "none.toml"))
    for key in ("DONTHU_DATABASE_URL", "DONTHU_STORAGE", "DONTHU_OCR_ENGINE"):
        monkeypatch.delenv(key, raising=False)
    reset_settings()
    migrate()
    try:
        summary = ingest([scans], workers=2)
        assert not summary.failures
        with session_scope() as db:
            found = {
                c.document.original_name: (c.extra or {}).get("signature") for c in db.scalars(select(Case))
            }
    finally:
        dispose_engines()
        reset_settings()
    assert found["signed.png"]["present"] is True and found["signed.png"]["page"] == 1
    assert found["signed.png"]["confidence"] >= 0.7 and found["signed.png"]["anchor"] == "label"
    assert found["unsigned.jpg"]["present"] is False and found["unsigned.jpg"]["confidence"] >= 0.7
    assert found["digital.pdf"] == {"present": None, "confidence": 0.0, "anchor": "text_layer", "page": 1}


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(buf, "JPEG")
    return buf.getvalue()


def _words(lines: list[str], top: int) -> list[list]:
    out = []
    for n, line in enumerate(lines):
        for i, w in enumerate(line.split()):
            out.append(list(Word(w, 700 + 70 * i, top + 40 * n, 60, 22, 95.0, 1, 1, n + 1)))
    return out


def test_the_signed_page_is_the_one_with_the_signature_block() -> None:
    body = [f"Dòng thứ {i} của tài liệu kèm theo đơn này" for i in range(6)]
    closing = ["NGƯỜI KHIẾU NẠI", "(Ký, ghi rõ họ tên)", "Nguyễn Văn An"]
    pages = [
        Page(page_no=1, source="ocr", width=1240, height=1754, blank=False, image_key="p1", words=[]),
        Page(page_no=2, source="ocr", width=1240, height=1754, blank=False, image_key="p2", words=[]),
        Page(page_no=3, source="ocr", width=1240, height=1754, blank=False, image_key="p3", words=[]),
        Page(page_no=4, source="ocr", width=1240, height=1754, blank=True, image_key="p4", words=[]),
    ]
    pages[0].words = _words(body, 200)
    pages[1].words = _words(body, 200) + _words(closing, 900)  # the petition's last page
    pages[2].words = _words(body, 200)  # an attachment after it
    read: list[str] = []
    store = SimpleNamespace(get=lambda key: read.append(key) or _jpeg())
    case = Case(extra={"title": "ĐƠN"})
    note_signature(SimpleNamespace(store=store), case, pages)
    assert read == ["p2"]
    assert case.extra["title"] == "ĐƠN"  # other extras kept
    sig = case.extra["signature"]
    assert sig["page"] == 2 and sig["anchor"] == "label" and sig["present"] is False

    case = Case(extra={})
    note_signature(SimpleNamespace(store=store), case, [pages[0], pages[2], pages[3]])  # no block anywhere
    assert case.extra["signature"]["page"] == 3  # the last page read (the blank one is skipped)

    def broken(key: str) -> bytes:
        raise OSError("store down")

    case = Case(extra={})
    note_signature(SimpleNamespace(store=SimpleNamespace(get=broken)), case, pages)
    assert "signature" not in case.extra  # never stops the case: the officer looks at the scan
