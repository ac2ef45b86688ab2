"""A page read through the OCR engine seam: the fake engine enters by name (DONTHU_OCR_ENGINE), no Tesseract."""

from __future__ import annotations

import json
from pathlib import Path

from fakes import FakeEngine, ocr_engine
from PIL import Image, ImageDraw

from donthu.ingest.page import PageResult, PageTask, read_page
from donthu.ocr.words import Word


def test_the_engine_named_in_the_task_reads_the_page(tmp_path: Path) -> None:
    img = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(img).rectangle([200, 200, 1000, 260], fill=0)  # ink: not a blank separator sheet
    img.save(tmp_path / "p.png")
    fake = FakeEngine("ĐƠN KIẾN NGHỊ\nKính gửi: Ủy ban nhân dân xã")
    with ocr_engine("fake", fake):
        out = read_page(PageTask(1, str(tmp_path / "p.png"), "png", 0, None, 300, "vie", engine="fake"))
    assert isinstance(out, PageResult) and out.error is None and fake.calls == 1
    assert out.text == fake.text and not out.blank and out.image[:2] == b"\xff\xd8"
    assert all(isinstance(w, Word) for w in out.words) and [w.text for w in out.words[:2]] == ["ĐƠN", "KIẾN"]
    assert all(len(row) == 9 for row in json.loads(json.dumps(out.words)))  # stored as before


def test_an_engine_that_raises_fails_the_page_not_the_batch(tmp_path: Path) -> None:
    from fakes import FailingEngine

    img = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(img).rectangle([200, 200, 1000, 260], fill=0)
    img.save(tmp_path / "p.png")
    with ocr_engine("broken", FailingEngine(fail_on={1}, inner=FakeEngine())):
        out = read_page(PageTask(1, str(tmp_path / "p.png"), "png", 0, None, 300, "vie", engine="broken"))
    assert out.error and "trang 1" in out.error and out.needs_manual
