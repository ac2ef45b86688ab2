"""Searchable PDF: the page scans with an invisible text layer at the recognised words' positions.

Archivists keep these: any PDF reader can search and copy the text, and the image stays the original scan.
Built with PDFium (pypdfium2): each page image is embedded as its JPEG bytes (no re-encoding), each word is a
text object in render mode "invisible", scaled to the word's box. A page is an A4 sheet's width, or, given the
scan's resolution, the paper's own size (the archival copies: ocr/pdfa.py turns them into PDF/A-2b).
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .words import as_words, scale_words

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
)
A4_W, A4_H = 595.28, 841.89
INVISIBLE = 3  # FPDF_TEXTRENDERMODE_INVISIBLE


@dataclass
class PageSpec:
    jpeg: bytes
    width: int  # pixels of the JPEG
    height: int
    words: Sequence[Sequence[Any]]  # words (ocr/words.py; stored rows are read by name) in JPEG pixels
    # the scan's resolution: the page gets the paper's size (pixels / dpi); None: an A4 sheet's width
    dpi: float | None = None


def archival_spec(
    display: bytes, width: int, height: int, words: Sequence[Sequence[Any]], archival: bytes | None
) -> PageSpec:
    """A page for an archival PDF: the copy kept at the scan's resolution when there is one (the words, stored in
    the screen copy's pixels, scaled to it; the page the paper's size from the resolution the JPEG states), else
    the screen's copy on an A4 sheet's width."""
    if not archival:
        return PageSpec(display, width, height, words)
    import io

    from PIL import Image

    from .pdfa import jpeg_dpi

    with Image.open(io.BytesIO(archival)) as im:
        w, h = im.size
    return PageSpec(archival, w, h, scale_words(as_words(words), w / max(1, width)), dpi=jpeg_dpi(archival))


def _font_bytes() -> bytes:
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return Path(path).read_bytes()
    raise RuntimeError("no TrueType font with Vietnamese glyphs (install fonts-dejavu-core)")


def build_pdf(pages: list[PageSpec]) -> bytes:
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    data = _font_bytes()
    font_buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    pdf = pdfium.PdfDocument.new()
    font = raw.FPDFText_LoadFont(pdf.raw, font_buf, len(data), raw.FPDF_FONT_TRUETYPE, True)
    if not font:
        raise RuntimeError("PDFium could not load the font")
    try:
        for spec in pages:
            if spec.dpi:
                pw, ph = spec.width * 72 / spec.dpi, spec.height * 72 / spec.dpi
            else:
                pw = A4_H if spec.width > spec.height else A4_W  # landscape: the long side across
                ph = pw * spec.height / max(1, spec.width)
            sx, sy = pw / spec.width, ph / spec.height
            page = pdf.new_page(pw, ph)
            image = pdfium.PdfImage.new(pdf)
            image.load_jpeg(io.BytesIO(spec.jpeg), inline=True)
            image.set_matrix(pdfium.PdfMatrix().scale(pw, ph))
            page.insert_obj(image)
            for w in as_words(spec.words):
                text = str(w.text).strip()
                if not text or w.width <= 0 or w.height <= 0:
                    continue
                size = max(1.0, w.height * sy)
                obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(size))
                enc = (text + "\0").encode("utf-16-le")
                wbuf = ctypes.create_string_buffer(enc, len(enc))
                raw.FPDFText_SetText(obj, ctypes.cast(wbuf, ctypes.POINTER(raw.FPDF_WCHAR)))
                raw.FPDFTextObj_SetTextRenderMode(obj, INVISIBLE)
                left, bottom, right, top = (
                    ctypes.c_float(),
                    ctypes.c_float(),
                    ctypes.c_float(),
                    ctypes.c_float(),
                )
                raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                natural = max(0.01, right.value - left.value)
                hscale = (w.width * sx) / natural
                x = w.left * sx
                y = ph - (w.top + w.height) * sy + 0.2 * size  # baseline a little above the box bottom
                raw.FPDFPageObj_Transform(obj, hscale, 0, 0, 1, x, y)
                raw.FPDFPage_InsertObject(page.raw, obj)
            raw.FPDFPage_GenerateContent(page.raw)
            page.close()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        raw.FPDFFont_Close(font)
        pdf.close()
