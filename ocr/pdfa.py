"""PDF/A-2b (ISO 19005-2, level B) from the searchable PDF of ocr/searchable.py, for archive systems.

What PDFium writes (ocr/searchable.py) and what this changes, checked against the veraPDF PDF/A-2B profile:

* header ``%PDF-1.7`` with a binary comment, a trailer ID: kept; qpdf rewrites the file (6.1.2, 6.1.3), the ID
  derived from the content (the same input and metadata give the same bytes but for the dates).
* the invisible text layer: DejaVu Sans as a Type 0 font (Identity-H) over a CIDFontType2 whose FontFile2 is the
  whole TrueType program (embedded, not subset: ~390 KB compressed per file), with a ToUnicode CMap and W widths
  taken from the font's hmtx table (consistent, 6.2.11.5; and text in rendering mode 3 is exempt anyway). PDFium
  leaves out the CIDToGIDMap that 6.2.11.3.2 requires of an embedded CIDFontType2; its CIDs are glyph indices,
  so ``/Identity`` is added (what a reader assumes when it is missing: nothing moves). A character the font has
  no glyph for (CJK, emoji in OCR debris) is written as glyph 0, the .notdef glyph that 6.2.11.8 forbids even in
  invisible text: those codes are removed (ocr/pdfa_fonts.drop_notdef).
* the page image: the JPEG bytes as a DCTDecode image in DeviceGray or DeviceRGB, no Interpolate, no soft mask;
  an ExtGState with BM Normal, CA and ca 1 (no transparency).
* no XMP, no output intent, an Info dictionary with Creator PDFium: replaced. An OutputIntent (GTS_PDFA1) with
  an sRGB ICC profile (LittleCMS's, made by Pillow: class "mntr", v4, no system file needed) makes DeviceRGB
  legal and DeviceGray too: 6.2.4.3 allows DeviceGray "if a device independent DefaultGray colour space has been
  set ... or if a PDF/A OutputIntent is present" (veraPDF 6.2.4.3 test 4), so a grayscale scan needs nothing more.
  The XMP (ocr/pdfa_xmp.py) carries the PDF/A identification, Dublin Core, dates, producer and the archive
  fields; the Info dictionary mirrors it; the catalog gets ``/Lang``.
* actions (OpenAction, AA, JavaScript, Launch, ...), Interpolate true, Alternates, OPI and encryption, should an
  input have them, are removed.

``archival_jpeg`` keeps a page at its scan resolution for these files (ingest/page.py stores it for archive
documents), its resolution in the JPEG's own header; ``jpeg_dpi`` reads it back.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from PIL import Image

from ..contract import LOCAL_TZ
from .pdfa_check import FORBIDDEN_ACTIONS, NAMED_ALLOWED, check_pdfa, page_resolutions, walk
from .pdfa_fonts import content_streams, drop_notdef, font_info
from .pdfa_xmp import ARCHIVE_FIELDS, STANDARD_KEYS, build_xmp, clean, info_entries

__all__ = ["ARCHIVE_FIELDS", "archival_dpi", "archival_jpeg", "check_pdfa", "jpeg_dpi", "page_resolutions"]
__all__ += ["to_pdfa"]

ARCHIVAL_QUALITY = 80  # JPEG quality of the kept scan, as the screen's copy (300 dpi A4: 0.5-1.1 MB a page)
MIN_DPI = 200  # Thông tư 02/2019/TT-BNV: digitised paper documents at 200 dpi at least
MAX_DPI = 300  # a finer scan is kept at 300 dpi (a 600 dpi page would be four times the bytes for no reader)
A4_WIDTH_IN = 8.27
ICC_NAME = "sRGB IEC61966-2.1"


def _icc_srgb() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _metadata(metadata: Mapping[str, Any]) -> dict[str, str]:
    unknown = set(metadata) - set(STANDARD_KEYS) - set(ARCHIVE_FIELDS)
    if unknown:
        raise ValueError(f"unknown PDF/A metadata keys: {sorted(unknown)}")
    return {k: clean(v) for k, v in metadata.items() if v is not None and clean(v)}


def _when(value: str | None, default: dt.datetime) -> dt.datetime:
    if not value:
        return default
    when = dt.datetime.fromisoformat(value)
    return (when if when.tzinfo else when.replace(tzinfo=LOCAL_TZ)).replace(microsecond=0)


def _strip_actions(pdf: Any) -> None:
    """Remove what 6.5 forbids: AA everywhere, and links to forbidden actions (A, OpenAction, Next)."""
    import pikepdf

    def forbidden(value: Any) -> bool:
        if not isinstance(value, pikepdf.Dictionary):
            return False
        action = str(value.get("/S", "")).lstrip("/")
        named = action == "Named" and str(value.get("/N", "")).lstrip("/") not in NAMED_ALLOWED
        return action in FORBIDDEN_ACTIONS or named

    for top in list(pdf.objects):
        if not isinstance(top, pikepdf.Dictionary | pikepdf.Array):
            continue
        for obj in walk(top):
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            if "/AA" in obj:
                del obj["/AA"]
            for key in ("/A", "/OpenAction", "/Next"):
                if key in obj and forbidden(obj[key]):
                    del obj[key]
    names = pdf.Root.get("/Names")
    for key in ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations"):
        if names is not None and key in names:
            del names[key]


def _fix_fonts_and_images(pdf: Any) -> None:
    import pikepdf

    for _owner, resources in content_streams(pdf):
        for _n, font in (resources.get("/Font") or {}).items():
            kid = font_info(font).cid_font
            if (
                kid is not None
                and str(kid.get("/Subtype", "")) == "/CIDFontType2"
                and "/CIDToGIDMap" not in kid
            ):
                kid.CIDToGIDMap = pikepdf.Name.Identity
        for _n, xo in (resources.get("/XObject") or {}).items():
            if str(xo.get("/Subtype", "")) != "/Image":
                continue
            for key in ("/Interpolate", "/Alternates", "/OPI"):
                if key in xo:
                    del xo[key]


def _output_intent(pdf: Any) -> None:
    import pikepdf

    profile = pdf.make_stream(_icc_srgb())
    profile.N = 3
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String(ICC_NAME),
        Info=pikepdf.String(ICC_NAME),
        RegistryName=pikepdf.String("http://www.color.org"),
        DestOutputProfile=profile,
    )
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def to_pdfa(pdf_bytes: bytes, metadata: Mapping[str, Any]) -> bytes:
    """The PDF as PDF/A-2b with ``metadata`` in its XMP and Info dictionary.

    Keys: ``title``, ``author``, ``subject`` (Dublin Core description: the trích yếu), ``keywords`` (";"-separated),
    ``language`` (BCP 47, default "vi"), ``date`` (the document's own date, ISO), ``created`` (ISO date-time,
    default now), ``identifier``, and the archive fields of :data:`ARCHIVE_FIELDS`; empty values are left out, an
    unknown key is an error (ValueError)."""
    import pikepdf

    meta = _metadata(metadata)
    now = dt.datetime.now(LOCAL_TZ).replace(microsecond=0)
    created = _when(meta.get("created"), now)
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _strip_actions(pdf)
        _fix_fonts_and_images(pdf)
        drop_notdef(pdf)
        _output_intent(pdf)
        xmp = pdf.make_stream(build_xmp(meta, created, now))
        xmp.Type, xmp.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
        pdf.Root.Metadata = xmp
        pdf.Root.Lang = pikepdf.String(meta.get("language") or "vi")
        info = {k: pikepdf.String(v) for k, v in info_entries(meta, created, now).items()}
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(info))
        out = io.BytesIO()
        pdf.save(
            out,
            encryption=False,
            fix_metadata_version=False,
            deterministic_id=True,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
    return out.getvalue()


# ------------------------------------------------------------------------------------------ the kept scan


def archival_dpi(img: Image.Image, source_dpi: float | None) -> float:
    """The resolution to record for a page image: the scan's own (from its file or the PDF page it filled) when
    plausible, else the width of an A4 sheet (a phone photo says 72 dpi, a screenshot 96: not a paper size)."""
    if source_dpi and 100 <= source_dpi <= 1200 and round(source_dpi) not in (72, 96):
        return float(source_dpi)
    w, h = img.size
    short = min(w, h) if 1.25 <= max(w, h) / max(1, min(w, h)) <= 1.5 else w
    return short / A4_WIDTH_IN


def archival_jpeg(img: Image.Image, dpi: float) -> bytes:
    """The page at its scan resolution (at most :data:`MAX_DPI`) as a JPEG that states that resolution (JFIF
    density): the PDF/A page gets the paper's size from it."""
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB")
    if dpi > MAX_DPI:
        f = MAX_DPI / dpi
        img, dpi = (
            img.resize((round(img.width * f), round(img.height * f)), Image.Resampling.LANCZOS),
            MAX_DPI,
        )
    buf = io.BytesIO()
    d = max(1, round(dpi))
    img.save(buf, "JPEG", quality=ARCHIVAL_QUALITY, dpi=(d, d))
    return buf.getvalue()


def jpeg_dpi(jpeg: bytes) -> float | None:
    """The resolution a JPEG states (dots per inch), or None when it states none (the screen's copies)."""
    with Image.open(io.BytesIO(jpeg)) as im:
        dpi = im.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return value if value >= 10 else None
