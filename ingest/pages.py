"""Open a file, check it, and hand out its pages one at a time (bounded memory on large PDFs)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageOps, UnidentifiedImageError

from . import errors
from .errors import IngestError

if TYPE_CHECKING:
    from pdfplumber.pdf import PDF

MIN_TEXT_LAYER_CHARS = 40  # fewer real characters than this: treat the page as a scan and OCR it
# Pillow's own bomb check would refuse big images before we can tell the clerk their size; ours (inspect,
# before any pixel is decoded) replaces it with the configured limit.
Image.MAX_IMAGE_PIXELS = None


@dataclass
class DocumentInfo:
    kind: str
    page_count: int
    # per page: the PDF text layer when it is usable, else None (the page must be OCR'd)
    text_layers: list[str | None] = field(default_factory=list)


def _pixel_guard(w: int, h: int, max_pixels: int) -> None:
    if w * h > max_pixels:
        raise IngestError(errors.IMAGE_TOO_LARGE.format(w=w, h=h), f"{w}x{h} > {max_pixels} pixels")


def _image_sizes(page) -> Iterator[tuple[int, int]]:
    """Pixel size of every image drawn on a PDF page (nested forms and annotation appearances included), read
    from the image dictionaries (/Width, /Height): nothing is decoded."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=64):
        yield obj.get_px_size()
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(raw, i)
        if not annot:
            continue
        try:
            for j in range(pdfium_c.FPDFAnnot_GetObjectCount(annot)):
                obj = pdfium_c.FPDFAnnot_GetObject(annot, j)
                if obj and pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    w, h = ctypes.c_uint(), ctypes.c_uint()
                    if pdfium_c.FPDFImageObj_GetImagePixelSize(obj, w, h):
                        yield w.value, h.value
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)


def check_pdf_page(page, page_no: int, max_pixels: int, dpi: int) -> None:
    """Refuse a page whose rendering at ``dpi``, or any image it holds, exceeds ``max_pixels`` (before decoding)."""
    w, h = page.get_size()
    _pixel_guard(int(w / 72 * dpi), int(h / 72 * dpi), max_pixels)
    for iw, ih in _image_sizes(page):
        if iw * ih > max_pixels:
            raise IngestError(
                errors.PDF_IMAGE_TOO_LARGE.format(page=page_no, w=iw, h=ih),
                f"page {page_no}: embedded image {iw}x{ih} > {max_pixels} pixels",
            )


def _pdf_open(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or "security" in msg:
            raise IngestError(errors.PDF_ENCRYPTED, str(exc)) from exc
        raise IngestError(errors.PDF_CORRUPT, str(exc)) from exc


def usable_text(text: str) -> str | None:
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    letters = sum(ch.isalnum() for ch in text)
    if letters < MIN_TEXT_LAYER_CHARS:
        return None
    # text layers made of replacement characters or private-use glyphs are not text
    bad = sum(ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" for ch in text)
    if bad > 0.05 * letters:
        return None
    return text


def inspect(path: Path, kind: str, max_pixels: int, render_dpi: int) -> DocumentInfo:
    """Check the whole file up front (so a bad file fails before any OCR) and find text layers."""
    if kind == "pdf":
        pdf = _pdf_open(path)
        try:
            n = len(pdf)
            if n == 0:
                raise IngestError(errors.PDF_EMPTY, "0 pages")
            layers: list[str | None] = []
            for i in range(n):
                try:
                    page = pdf[i]
                    check_pdf_page(page, i + 1, max_pixels, render_dpi)
                    textpage = page.get_textpage()
                    layers.append(usable_text(textpage.get_text_range()))
                    textpage.close()
                    page.close()
                except IngestError:
                    raise
                except Exception as exc:  # pdfium raises on damaged page trees
                    raise IngestError(errors.PDF_CORRUPT, f"page {i + 1}: {exc}") from exc
            return DocumentInfo(kind, n, layers)
        finally:
            pdf.close()
    try:
        with Image.open(path) as im:
            n = getattr(im, "n_frames", 1)
            for i in range(n):
                im.seek(i)
                _pixel_guard(im.width, im.height, max_pixels)
            # pixels are decoded once, by the worker that reads the page; damaged data fails that page there
    except IngestError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise IngestError(errors.IMAGE_CORRUPT, f"{type(exc).__name__}: {exc}") from exc
    return DocumentInfo(kind, n, [None] * n)


def load_page(
    path: Path, kind: str, index: int, dpi: int, max_pixels: int | None = None
) -> tuple[Image.Image, float]:
    """Decode page ``index`` (0-based) as a PIL image; returns (image, its resolution in dpi).

    With ``max_pixels``, the limits are checked again right before decoding (a worker may get a file that
    changed since it was inspected, or a task from an older driver)."""
    if kind == "pdf":
        pdf = _open_pdf_cached(str(path))
        page = pdf[index]
        try:
            if max_pixels is not None:
                check_pdf_page(page, index + 1, max_pixels, dpi)
            embedded = _embedded_scan(page, dpi)
            if embedded is None:
                img = page.render(scale=dpi / 72, grayscale=False).to_pil()
                img_dpi = float(dpi)
            else:
                img, img_dpi = embedded
            return img, img_dpi
        finally:
            page.close()
    with Image.open(path) as im:
        im.seek(index)
        if max_pixels is not None:
            _pixel_guard(im.width, im.height, max_pixels)
        res = im.info.get("dpi", (300, 300))
        img_dpi = float(res[0] if isinstance(res, tuple) else res) or 300.0
        img = ImageOps.exif_transpose(im) if kind == "jpeg" else im.copy()
        img.load()
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB") if img.mode in ("RGBA", "P", "CMYK", "LA") else img.convert("L")
    return img, img_dpi


_pdf_cache: dict[tuple[str, int, int], Any] = {}  # pypdfium2.PdfDocument (the library has no type hints)


def _open_pdf_cached(path: str):
    """One open PDF per worker process: a 500-page file is parsed once, not once per page."""
    import os

    import pypdfium2 as pdfium

    st = os.stat(path)
    key = (path, st.st_mtime_ns, st.st_size)
    pdf = _pdf_cache.get(key)
    if pdf is None:
        for old in _pdf_cache.values():
            old.close()
        _pdf_cache.clear()
        pdf = _pdf_cache[key] = pdfium.PdfDocument(path)
    return pdf


_plumber_cache: dict[tuple[str, int, int], PDF] = {}


def open_plumber_cached(path: str):
    """One pdfplumber document per worker process, like :func:`_open_pdf_cached`: the word boxes of page n of a
    5,000-page file no longer cost a parse of the whole file each."""
    import os

    import pdfplumber

    st = os.stat(path)
    key = (path, st.st_mtime_ns, st.st_size)
    pdf = _plumber_cache.get(key)
    if pdf is None:
        _close_plumber()
        pdf = _plumber_cache[key] = pdfplumber.open(path)
    return pdf


def _close_plumber() -> None:
    for old in _plumber_cache.values():
        old.close()
    _plumber_cache.clear()


def close_cached_pdfs() -> None:
    """Close the cached PDF (pages read in this process are done; its file may be removed)."""
    for old in _pdf_cache.values():
        old.close()
    _pdf_cache.clear()
    _close_plumber()


def _embedded_scan(page, dpi: int) -> tuple[Image.Image, float] | None:
    """A scanned PDF page is one full-page image: take it at its own resolution, no re-rendering."""
    import pypdfium2.raw as pdfium_c

    objs = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
    if len(objs) != 1:
        return None
    obj = objs[0]
    pw, ph = page.get_size()
    left, bottom, right, top = obj.get_bounds()
    if (right - left) < 0.9 * pw or (top - bottom) < 0.9 * ph:
        return None
    if page.get_rotation() % 360:
        return None
    m = obj.get_matrix()
    if abs(m.b) > 1e-6 or abs(m.c) > 1e-6 or m.a <= 0 or m.d <= 0:
        return None  # drawn rotated or mirrored: let pdfium render it
    try:
        img = obj.get_bitmap(render=False).to_pil()
    except Exception:
        return None
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB")
    img_dpi = img.width / (pw / 72)
    return img, img_dpi
