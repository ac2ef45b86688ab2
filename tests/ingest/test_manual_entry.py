"""A page the OCR cannot read (handwriting, a very poor copy) makes a case for manual entry with its fields empty:
no field is guessed from the garbage the OCR returned, and every field waits for the verifier (confidence 0)."""

from __future__ import annotations

from pathlib import Path

from fakes import FakeEngine, ocr_engine
from PIL import Image
from sqlalchemy import select

from donthu.config import get_settings, reset_settings
from donthu.contract import VERIFIABLE_FIELDS
from donthu.ingest.pipeline import Pipeline
from donthu.ocr.engine import OcrResult
from donthu.samples import render_page, write_document
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Page

# what an OCR may return for a hard page: it still looks like a petition to the extractor
READ = (
    "ĐƠN KHIẾU NẠI\nKính gửi: Ủy ban nhân dân phường Bồ Đề\nHọ và tên: Lê Thị Hoa\n"
    "Địa chỉ: số 12 ngõ 5 phố Ngọc Lâm\nSố điện thoại: 0912345678\nNội dung: đường ngõ 5 bị ngập."
)


class Unreadable(FakeEngine):
    """Reads every page as ``READ`` but says it cannot be trusted (as ocr.engine.untrustworthy does)."""

    def recognize(self, img: Image.Image, lang: str, postcorrect: bool, dpi: float | None):
        result, upright = super().recognize(img, lang, postcorrect, dpi)
        return OcrResult(text=result.text, words=result.words, confidence=30.0, needs_manual=True), upright


def _ingest(tmp_path: Path, monkeypatch, engine: FakeEngine) -> Case:
    scans = tmp_path / "scans"
    scans.mkdir()
    write_document(scans / "don.png", [render_page(READ, "clean", seed=1, dpi=100)], dpi=100)
    monkeypatch.setenv("DONTHU_OCR_ENGINE", "hard")
    reset_settings()
    with ocr_engine("hard", engine):
        Pipeline(get_settings(), workers=1).run([scans])
    with session_scope() as db:
        case = db.scalar(select(Case))
        assert case is not None
        page = db.scalar(select(Page))
        assert page is not None and page.needs_manual is isinstance(engine, Unreadable)
        db.expunge(case)
        return case


def test_an_unreadable_page_gives_empty_fields_for_manual_entry(data_dir, tmp_path, monkeypatch) -> None:
    case = _ingest(tmp_path, monkeypatch, Unreadable(READ))
    assert case.extra.get("needs_manual") is True
    assert case.status == "pending_verification"
    for column in (
        "category",
        "domain",
        "complainant_name",
        "complainant_address",
        "complainant_phone",
        "recipient",
        "subject",
        "petition_date",
    ):
        assert getattr(case, column) is None, column
    assert case.confidence == {key: 0.0 for key in VERIFIABLE_FIELDS}  # every field flagged for the verifier
    assert case.min_confidence == 0.0
    assert "spans" not in case.extra  # nothing in the station points at garbage words as a field's source
    assert case.text  # the OCR's text is kept (full-text view), only no field is taken from it


def test_the_same_page_read_with_trust_is_extracted(data_dir, tmp_path, monkeypatch) -> None:
    case = _ingest(tmp_path, monkeypatch, FakeEngine(READ))
    assert not case.extra.get("needs_manual")
    assert case.complainant_name == "Lê Thị Hoa" and case.complainant_phone == "0912345678"


def test_the_station_shows_the_unreadable_page_large_with_empty_fields(
    data_dir, tmp_path, monkeypatch
) -> None:
    from fastapi.testclient import TestClient
    from stationkit import login, users

    from donthu.api.app import create_app

    case = _ingest(tmp_path, monkeypatch, Unreadable(READ))
    with session_scope() as db:
        users(db)
    client = TestClient(create_app())
    assert login(client, "verifier") == 303
    html = client.get(f"/cases/{case.case_id}").text
    assert 'class="station manual-entry"' in html  # the page gets the room (station.css)
    assert "nhập tay" in html
    assert 'id="f-name" name="name" data-input="name" value=""' in html
    assert "Lê Thị Hoa" not in html.split("Toàn văn nhận dạng")[0]  # only in the full OCR text, not a field
    assert html.count("cần kiểm tra</span>") >= 10  # every field flagged for the verifier
