"""One page: decode it, decide whether it is blank, read it (a PDF's text layer or OCR), and return what the
database keeps. Runs in a worker process (the local pool or a Celery worker): a :class:`PageTask` in, a
:class:`PageResult` out, both picklable; the OCR engine is looked up by name in the process that reads.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from ..ocr.engine import engine_named
from ..ocr.image import display_jpeg, ink_ratio, rotate, straighten
from ..ocr.pdfa import archival_dpi, archival_jpeg
from ..ocr.words import Word, scale_words
from . import errors
from .errors import IngestError
from .pages import load_page, open_plumber_cached

log = logging.getLogger("donthu.ingest")

DISPLAY_MAX_WIDTH = 1700  # page images kept for the verification screen (about 200 dpi on A4)
BLANK_INK_RATIO = 0.0003  # ink share below which a page is a blank separator sheet (text pages: > 0.0009)
TEXT_LAYER_DPI = 150  # a page with a text layer is rendered only for display


@dataclass
class PageTask:
    document_id: int
    path: str
    kind: str
    index: int  # 0-based
    text_layer: str | None
    dpi: int
    lang: str
    postcorrect: bool = True
    max_pixels: int | None = None  # checked again right before the page is decoded
    engine: str = "tesseract"  # OCR engine name (ocr/engine.py); not sent to Celery workers, they use theirs
    archival: bool = False  # a file imported from an archive: keep the page at its scan resolution too


@dataclass(kw_only=True)
class PageResult:
    document_id: int
    page_no: int
    source: str = "ocr"  # ocr | text_layer
    rotation: int = 0
    width: int = 0
    height: int = 0
    image: bytes = b""  # JPEG of the upright page
    # archive documents: the upright page at its scan resolution, a JPEG stating its dpi (for the PDF/A copies)
    archival_image: bytes = b""
    text: str = ""
    words: list[Word] = field(default_factory=list)
    confidence: float = 0.0
    blank: bool = False
    needs_manual: bool = False
    seconds: float = 0.0
    error: str | None = None  # the clerk's reason: the page (and its document) failed
    error_detail: str | None = None
    corrections: list[dict] = field(default_factory=list)


def _text_layer_words(path: str, index: int, scale: float) -> list[Word]:
    out: list[Word] = []
    pdf = open_plumber_cached(path)  # opened once per worker and file, not once per page
    page = pdf.pages[index]
    try:
        for n, w in enumerate(page.extract_words(keep_blank_chars=False, use_text_flow=True)):
            out.append(
                Word(
                    text=w["text"],
                    left=round(w["x0"] * scale),
                    top=round(w["top"] * scale),
                    width=round((w["x1"] - w["x0"]) * scale),
                    height=round((w["bottom"] - w["top"]) * scale),
                    conf=100.0,
                    block=1,
                    par=1,
                    line=n,
                )
            )
    finally:
        page.close()  # drop the page's parsed objects: memory stays bounded on long files
    return out


def _from_text_layer(task: PageTask, text_layer: str, start: float) -> PageResult:
    render = task.dpi if task.archival else TEXT_LAYER_DPI  # an archival copy needs the render resolution
    # a page that is one scanned image comes at that image's own resolution (``dpi``), whatever ``render`` says
    img, dpi = load_page(Path(task.path), task.kind, task.index, render, task.max_pixels)
    img = img.convert("RGB") if img.mode not in ("L", "RGB") else img
    jpeg, scale = display_jpeg(img, DISPLAY_MAX_WIDTH)
    return PageResult(
        document_id=task.document_id,
        page_no=task.index + 1,
        source="text_layer",
        width=round(img.width * scale),
        height=round(img.height * scale),
        image=jpeg,
        archival_image=archival_jpeg(img, archival_dpi(img, dpi)) if task.archival else b"",
        text=text_layer,
        words=_text_layer_words(task.path, task.index, scale * dpi / 72),
        confidence=100.0,
        seconds=time.perf_counter() - start,
    )


def _blank(task: PageTask, img: Image.Image, start: float) -> PageResult:
    jpeg, scale = display_jpeg(img, DISPLAY_MAX_WIDTH)
    return PageResult(
        document_id=task.document_id,
        page_no=task.index + 1,
        width=round(img.width * scale),
        height=round(img.height * scale),
        image=jpeg,
        blank=True,
        seconds=time.perf_counter() - start,
    )


def _ocr(task: PageTask, img: Image.Image, dpi: float, start: float) -> PageResult:
    result, upright = engine_named(task.engine).recognize(img, task.lang, task.postcorrect, dpi)
    if img.mode == "RGB":  # keep the colour scan for display, turned the same way as the page read
        upright = rotate(straighten(img, result.skew), result.rotation)
    jpeg, scale = display_jpeg(upright, DISPLAY_MAX_WIDTH)
    return PageResult(
        document_id=task.document_id,
        page_no=task.index + 1,
        rotation=result.rotation,
        width=round(upright.width * scale),
        height=round(upright.height * scale),
        image=jpeg,
        archival_image=archival_jpeg(upright, archival_dpi(upright, dpi)) if task.archival else b"",
        text=result.text,
        words=scale_words(result.words, scale),
        confidence=result.confidence,
        needs_manual=result.needs_manual,
        seconds=time.perf_counter() - start,
        corrections=result.corrections,
    )


def _failed(task: PageTask, reason: str, detail: str, start: float) -> PageResult:
    return PageResult(
        document_id=task.document_id,
        page_no=task.index + 1,
        needs_manual=True,
        seconds=time.perf_counter() - start,
        error=reason,
        error_detail=detail,
    )


def read_page(task: PageTask) -> PageResult:
    """Decode one page, read it, return everything the database keeps (a failure is a result, never raised)."""
    page_no = task.index + 1
    start = time.perf_counter()
    try:
        if task.text_layer is not None:
            return _from_text_layer(task, task.text_layer, start)
        try:
            img, dpi = load_page(Path(task.path), task.kind, task.index, task.dpi, task.max_pixels)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:  # truncated or damaged image data
            reason = errors.PDF_CORRUPT if task.kind == "pdf" else errors.IMAGE_CORRUPT
            return _failed(task, reason, f"page {page_no}: {type(exc).__name__}: {exc}", start)
        if ink_ratio(img) < BLANK_INK_RATIO:
            return _blank(task, img, start)
        return _ocr(task, img, dpi, start)
    except IngestError as exc:  # over the pixel limit: refused before decoding
        return _failed(task, exc.reason, exc.detail, start)
    except Exception as exc:  # a page that cannot be read fails its document, never the batch
        log.exception("page %s of %s failed", page_no, task.path)
        why = errors.PAGE_FAILED.format(page=page_no, why=type(exc).__name__)
        return _failed(task, why, f"{type(exc).__name__}: {exc}", start)
