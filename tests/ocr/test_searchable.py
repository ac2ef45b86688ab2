"""Searchable PDF: the scan stays the page image, the recognised words become an invisible, findable text layer."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from donthu.ocr.searchable import PageSpec, build_pdf


def _page() -> tuple[bytes, list[list]]:
    img = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(img).rectangle((100, 100, 400, 130), fill=0)
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    words = [
        ["ĐƠN", 100, 100, 120, 30, 95.0, 1, 1, 1],
        ["KHIẾU", 240, 100, 150, 30, 95.0, 1, 1, 1],
        ["NẠI", 400, 100, 90, 30, 95.0, 1, 1, 1],
        ["Nguyễn", 100, 200, 200, 30, 90.0, 1, 1, 2],
        ["", 500, 500, 10, 10, 10.0, 1, 1, 3],
    ]  # dropped debris: no text object
    return buf.getvalue(), words


def test_text_layer_is_extractable_and_placed_on_the_words() -> None:
    jpeg, words = _page()
    data = build_pdf([PageSpec(jpeg, 1240, 1754, words), PageSpec(jpeg, 1240, 1754, words[:1])])
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) == 2
    page = pdf[0]
    tp = page.get_textpage()
    text = tp.get_text_range()
    assert "ĐƠN" in text and "KHIẾU" in text and "Nguyễn" in text
    # the word "Nguyễn" sits where its box is: top-left quarter, second line
    w, h = page.get_size()
    idx = text.index("Nguyễn")
    left, bottom, right, top = tp.get_charbox(idx)
    assert abs(left - 100 * w / 1240) < 3
    assert abs((h - top) - 200 * h / 1754) < 8
    # the image is the original JPEG, embedded unchanged
    images = [o for o in page.get_objects() if isinstance(o, pdfium.PdfImage)]
    assert len(images) == 1 and images[0].get_px_size() == (1240, 1754)
    # invisible: rendering the page shows the image only (the black box), no glyphs where the text is
    bitmap = page.render(scale=1).to_pil().convert("L")
    x, y = int(150 * w / 1240), int(210 * h / 1754)
    assert bitmap.getpixel((x, y)) > 200
