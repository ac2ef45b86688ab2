"""Drawing a petition's page as a scanned A4 image under a scan profile, and writing pages to files."""

from __future__ import annotations

import ctypes
import math
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ..lang.lexicon import MOTTO
from .marks import MarkLayer, Signer, check
from .people import _nfc

PROFILES = ("clean", "office", "photocopy", "lowres", "upside", "sideways", "stamp", "blank")
MOTTO_1, MOTTO_2 = MOTTO

# --------------------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------------------

FONT_FAMILIES: dict[str, dict[str, list[str]]] = {
    "dejavu-serif": {
        "regular": ["/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"],
        "bold": ["/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"],
    },
    "dejavu-sans": {
        "regular": ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
        "bold": ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"],
    },
    "noto-serif": {
        "regular": ["/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"],
        "bold": ["/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf"],
    },
    "noto-sans": {
        "regular": ["/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"],
        "bold": ["/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf"],
    },
    "liberation-serif": {
        "regular": ["/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"],
        "bold": ["/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf"],
    },
    "liberation-sans": {
        "regular": ["/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"],
        "bold": ["/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf"],
    },
}


def _family_key(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def available_fonts() -> list[str]:
    """Font families (keys of FONT_FAMILIES) whose regular face is installed."""
    return [k for k, v in FONT_FAMILIES.items() if any(Path(p).exists() for p in v["regular"])]


def _font_paths(font: str | None, rng: random.Random) -> dict[str, str | None]:
    avail = available_fonts()
    if font is not None:
        key = _family_key(font)
        if key not in FONT_FAMILIES:  # "DejaVu" → first family starting with it
            key = next((k for k in FONT_FAMILIES if k.startswith(key)), key)
        family = key if key in avail else None
    else:
        family = rng.choice(avail) if avail else None
    if family is None and avail:
        family = avail[0]
    out: dict[str, str | None] = {"regular": None, "bold": None, "italic": None}
    if family is None:
        return out
    for style in out:
        out[style] = next((p for p in FONT_FAMILIES[family][style] if Path(p).exists()), None)
    out["bold"] = out["bold"] or out["regular"]
    out["italic"] = out["italic"] or out["regular"]
    return out


def _load(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        try:
            return ImageFont.load_default(size)
        except TypeError:  # very old Pillow
            return ImageFont.load_default()
    return ImageFont.truetype(path, size)


_DATE_RE = re.compile(r"^.{2,60},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\s*$")
_SIGN_RE = re.compile(r"^(NGƯỜI\s|ĐẠI DIỆN|TM\.|THAY MẶT)")


def _classify(lines: list[str]) -> list[str]:
    """Layout kind of every line: motto, date, title, subtitle, kinhgui, sighead, sig, siglist, body, blank."""
    kinds: list[str] = []
    in_sig = False
    prev = ""  # previous non-blank kind
    last = ""  # kind of the line right above
    for ln in lines:
        s = ln.strip()
        head = s.split("(")[0].strip()
        if not s:
            k = "blank"
        elif s in (MOTTO_1, MOTTO_2) or s.startswith("Độc lập - Tự do") or s.startswith("CỘNG HÒA XÃ HỘI"):
            k = "motto"
        elif _DATE_RE.match(s) and not in_sig:
            k = "date"
        elif s.startswith("DANH SÁCH"):
            k, in_sig = "title", False
        elif head.startswith("ĐƠN") and head == head.upper() and len(s) < 60:
            k = "title"
        elif s.startswith("(") and prev in ("title", "subtitle") and not in_sig:
            k = "subtitle"
        elif last == "subtitle" and not lines[len(kinds) - 1].rstrip().endswith(")"):
            k = "subtitle"  # a long (V/v: ...) wraps
        elif s.startswith("Kính gửi") or (last == "kinhgui" and ":" not in s):
            k = "kinhgui"
        elif _SIGN_RE.match(s) and s == s.upper():
            k, in_sig = "sighead", True
        elif in_sig:
            k = "sig"
        else:
            k = "body"
        kinds.append(k)
        last = k
        if k != "blank":
            prev = k
    return kinds


@dataclass(frozen=True)
class _Sheet:
    """An A4 sheet at ``dpi``: its size in pixels and the text area inside the margins."""

    dpi: int
    scale: float
    w: int
    h: int
    left: int
    right: int
    top: int
    avail_w: int
    avail_h: int

    @classmethod
    def a4(cls, dpi: int) -> _Sheet:
        scale = dpi / 150.0
        w, h = round(8.27 * dpi), round(11.69 * dpi)
        left, right, top, bottom = (
            round(165 * scale),
            round(95 * scale),
            round(110 * scale),
            round(100 * scale),
        )
        return cls(dpi, scale, w, h, left, right, top, w - left - right, h - top - bottom)


def _render_clean(
    text: str, seed: int, dpi: int, font: str | None, signature: str = "scribble", ink: str = "black"
) -> Image.Image:
    """The page as printed: layout from the text (motto, date, title, body, signature block), the largest font
    size that fits, a scribbled signature under "(Ký, ghi rõ họ tên)" (or the marks ``signature`` names, in
    ``ink``: samples/marks.py)."""
    rng = random.Random(f"layout-{seed}")
    sheet = _Sheet.a4(dpi)
    img = Image.new("L", (sheet.w, sheet.h), 255)
    draw = ImageDraw.Draw(img)
    lines = [ln.rstrip() for ln in _nfc(text).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    kinds = _classify(lines)
    paths = _font_paths(font, rng)
    pt = rng.uniform(11.0, 12.2)
    size, spacing = _fit_size(draw, lines, kinds, paths, sheet, round(pt * dpi / 72))
    marks = None
    if (signature, ink) != ("scribble", "black"):
        marks = MarkLayer(img.size, signature, seed, dpi, _scribble_ink)
    sign = marks.sign if marks is not None else _scribble
    _draw_lines(draw, rng, lines, kinds, _fonts_for(paths, size), sheet, size, size * spacing, sign)
    return marks.compose(img, ink) if marks is not None else img


def _fonts_for(
    paths: dict[str, str | None], size_px: int
) -> dict[str, ImageFont.FreeTypeFont | ImageFont.ImageFont]:
    return {
        "regular": _load(paths["regular"], size_px),
        "bold": _load(paths["bold"], size_px),
        "italic": _load(paths["italic"], size_px),
        "title": _load(paths["bold"], round(size_px * 1.2)),
    }


def _style_of(kind: str, s: str) -> str:
    if kind in ("motto", "sighead"):
        return "bold"
    if kind == "title":
        return "title"
    if kind in ("date", "subtitle") or (kind == "sig" and s.startswith("(")):
        return "italic"
    return "regular"


def _fit_size(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    kinds: list[str],
    paths: dict[str, str | None],
    sheet: _Sheet,
    size: int,
) -> tuple[int, float]:
    """The largest size (<= ``size``) and line spacing at which every line fits the width and the page height."""
    spacing = 1.38
    while True:
        fs = _fonts_for(paths, size)
        widest = 0.0
        for ln, k in zip(lines, kinds, strict=True):
            if k == "blank":
                continue
            lw = draw.textlength(ln.strip(), font=fs[_style_of(k, ln.strip())])
            limit = sheet.avail_w * (0.55 if k in ("sighead", "sig") else 1.0)
            widest = max(widest, lw / limit)
        total_h = sum(size * spacing * (0.7 if k == "blank" else 1.0) for k in kinds) + size * 1.0
        if (widest <= 1.0 and total_h <= sheet.avail_h) or size <= 12:
            return size, spacing
        if widest <= 1.0 and spacing > 1.2:
            spacing -= 0.04
            continue
        size -= 1


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    lines: list[str],
    kinds: list[str],
    fs: dict[str, ImageFont.FreeTypeFont | ImageFont.ImageFont],
    sheet: _Sheet,
    size: int,
    line_h: float,
    sign: Signer | None = None,
) -> None:
    """Every line at its place for its kind; the signature (``sign``, by default a scribble) in the blank lines
    after "(Ký ...)"."""
    sign = sign or _scribble
    left, right, avail_w, w = sheet.left, sheet.right, sheet.avail_w, sheet.w
    y = float(sheet.top)
    sig_cx = left + avail_w * 0.74
    sig_name_pending = False
    for idx, (ln, k) in enumerate(zip(lines, kinds, strict=True)):
        s = ln.strip()
        if k == "blank":
            if sig_name_pending and idx + 1 < len(lines) and kinds[idx + 1] == "blank":
                sign(draw, rng, sig_cx, y + line_h * 0.9, size)
                sig_name_pending = False
            y += line_h * 0.7
            continue
        f = fs[_style_of(k, s)]
        tw = draw.textlength(s, font=f)
        if k in ("motto", "title", "subtitle"):
            x = left + (avail_w - tw) / 2
        elif k == "date":
            x = w - right - tw
        elif k in ("sighead", "sig"):
            x = min(sig_cx - tw / 2, w - right - tw)
        elif k == "kinhgui":
            x = left + avail_w * 0.12
        else:
            x = left
        draw.text((x, y), s, fill=0, font=f)
        if k == "motto" and s.startswith("Độc lập"):
            uy = y + size * 1.25
            draw.line([(x + tw * 0.12, uy), (x + tw * 0.88, uy)], fill=0, width=max(1, round(sheet.scale)))
            y += size * 0.3
        if k == "sig" and s.startswith("(Ký"):
            sig_name_pending = True
        y += line_h * (1.15 if k == "title" else 1.0)


def _scribble_ink(draw: ImageDraw.ImageDraw, rng: random.Random, cx: float, cy: float, size: int) -> None:
    """The scribble on a coverage layer (full ink; the layer gives it its colour)."""
    _scribble(draw, rng, cx, cy, size, fill=255)


def _scribble(
    draw: ImageDraw.ImageDraw, rng: random.Random, cx: float, cy: float, size: int, fill: int = 40
) -> None:
    """A handwritten-looking signature: a few loops drawn as one smooth stroke, plus an underline flourish."""
    width = size * rng.uniform(3.0, 4.5)
    loops = rng.randint(3, 5)
    amp = size * rng.uniform(0.45, 0.7)
    phase = rng.uniform(0, math.pi)
    pts = []
    n = 120
    for i in range(n):
        t = i / (n - 1)
        ang = t * loops * 2 * math.pi + phase
        x = cx - width / 2 + width * t + math.cos(ang) * size * 0.35
        y = cy - math.sin(ang) * amp * (1.0 - 0.4 * t) + (t - 0.5) * size * 0.4
        pts.append((x, y))
    pen = max(2, size // 11)
    draw.line(pts, fill=fill, width=pen, joint="curve")
    y0 = cy + amp * 0.9
    draw.line(
        [(cx - width * 0.45, y0 + size * 0.1), (cx + width * 0.55, y0 - size * 0.15)], fill=fill, width=pen
    )


def _stamp(img: Image.Image, rng: np.random.Generator, text: str, dpi: int) -> Image.Image:
    scale = dpi / 150.0
    base = date(2024, 3, 5)  # received a few days after the petition date, when the page has one
    for ln in text.split("\n"):
        m = _DATE_RE.match(ln.strip())
        if m:
            try:
                base = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                pass
            break
    rec = base + timedelta(days=int(rng.integers(1, 12)))
    sw, sh = round(430 * scale), round(190 * scale)
    layer = Image.new("L", (sw, sh), 0)  # stamp ink coverage
    d = ImageDraw.Draw(layer)
    bw = max(3, round(5 * scale))
    d.rectangle([bw, bw, sw - bw - 1, sh - bw - 1], outline=255, width=bw)
    reg = FONT_FAMILIES["dejavu-sans"]["bold"][0]
    big = _load(reg if Path(reg).exists() else None, round(46 * scale))
    small = _load(reg if Path(reg).exists() else None, round(26 * scale))
    d.text((round(22 * scale), round(18 * scale)), "ĐẾN", fill=255, font=big)
    d.text(
        (round(170 * scale), round(30 * scale)), f"Số: {int(rng.integers(12, 9999))}", fill=255, font=small
    )
    d.text(
        (round(22 * scale), round(95 * scale)),
        f"Ngày: {rec.day:02d}/{rec.month:02d}/{rec.year}",
        fill=255,
        font=small,
    )
    d.text((round(22 * scale), round(140 * scale)), "Chuyển: ..................", fill=255, font=small)
    layer = layer.rotate(float(rng.uniform(-4, 4)), resample=Image.Resampling.BICUBIC, expand=True)
    cov = np.asarray(layer, dtype=np.float32) / 255.0
    cov *= rng.uniform(0.75, 0.95, size=cov.shape).astype(np.float32)  # uneven ink
    page = np.asarray(img.convert("RGB"), dtype=np.float32)
    x0 = int(rng.integers(round(60 * scale), round(200 * scale)))
    y0 = int(rng.integers(round(40 * scale), round(130 * scale)))
    hh, ww = cov.shape
    hh, ww = min(hh, page.shape[0] - y0), min(ww, page.shape[1] - x0)
    ink = np.array([205, 35, 40], dtype=np.float32) / 255.0
    region = page[y0 : y0 + hh, x0 : x0 + ww]
    c = cov[:hh, :ww, None]
    region[:] = region * (1 - c) + region * ink * c  # multiply blend: text stays black under the ink
    return Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), "RGB")


def render_page(
    text: str,
    profile: str = "clean",
    seed: int = 0,
    dpi: int = 150,
    font: str | None = None,
    signature: str = "scribble",
    ink: str = "black",
) -> Image.Image:
    """Draw ``text`` as a scanned A4 page. Grayscale ("L") except ``stamp`` (RGB).

    The signer's marks under "(Ký, ghi rõ họ tên)": ``signature`` one of marks.SIGNATURES (scribble, none,
    fingerprint, both) in ``ink`` (black, or blue / red / purple: then a colour page, except a photocopy, which
    is grayscale). The defaults draw the page exactly as before these options."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; one of {PROFILES}")
    check(signature, ink)
    nrng = np.random.default_rng([seed, PROFILES.index(profile)])
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    if profile == "blank":
        arr = 252.0 + nrng.normal(0, 1.8, (h, w))
        n = int(nrng.integers(10, 60))
        ys, xs = nrng.integers(0, h, n), nrng.integers(0, w, n)
        arr[ys, xs] = nrng.uniform(120, 220, n)
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    img = _render_clean(text, seed, dpi, font, signature, ink)
    if profile == "clean":
        return img
    if profile == "upside":
        return img.rotate(180)
    if profile == "sideways":
        return img.transpose(Image.Transpose.ROTATE_90)
    if profile == "stamp":
        return _stamp(img, nrng, text, dpi)
    if profile == "lowres":
        f = nrng.uniform(0.42, 0.5)
        small = img.resize((round(w * f), round(h * f)), Image.Resampling.BILINEAR)
        return small.resize((w, h), Image.Resampling.BILINEAR)
    if profile == "office":
        return _office(img, nrng)
    # photocopy (a monochrome copier: coloured ink comes out gray)
    img = img.convert("L")
    arr = np.asarray(img, dtype=np.float32)
    thick = Image.fromarray(arr.astype(np.uint8), "L").filter(ImageFilter.MinFilter(3))
    arr = np.asarray(thick, dtype=np.float32) * 0.5 + arr * 0.5
    bg = nrng.uniform(205, 225)
    arr = arr / 255.0 * (bg - 25) + 25
    # uneven toner: a soft gradient and a darker band at one edge
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    xx = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    arr -= 12 * (xx * nrng.uniform(-1, 1) + yy * nrng.uniform(-1, 1))
    band = round(w * nrng.uniform(0.01, 0.03))
    arr[:, :band] *= 0.55
    arr += nrng.normal(0, 8.0, arr.shape)
    # toner speckles: 1-2 px dots, mid-gray (dark and dense ones read as Vietnamese diacritics)
    n = int(nrng.integers(150, 300))
    ys, xs = nrng.integers(0, h - 3, n), nrng.integers(0, w - 3, n)
    sizes, vals = nrng.integers(1, 3, n), nrng.uniform(60, 150, n)
    for y0, x0, sz, v in zip(ys, xs, sizes, vals, strict=True):
        arr[y0 : y0 + sz, x0 : x0 + sz] = v
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    out = out.filter(ImageFilter.GaussianBlur(0.7))
    angle = float(nrng.uniform(-0.8, 0.8))
    return out.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=int(bg))


def _office(img: Image.Image, nrng: np.random.Generator) -> Image.Image:
    """An office scanner: a slightly gray paper, sensor noise, a small skew (a colour page stays in colour)."""
    arr = np.asarray(img, dtype=np.float32)
    bg = nrng.uniform(236, 246)
    arr = arr / 255.0 * (bg - 20) + 20
    arr += nrng.normal(0, 4.0, arr.shape)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), img.mode)
    angle = float(nrng.uniform(0.25, 0.9) * nrng.choice([-1, 1]))
    fill: int | tuple[int, ...] = int(bg) if img.mode == "L" else (int(bg),) * 3
    return out.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=fill)


# --------------------------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------------------------


def write_document(path: Path, images: list[Image.Image], dpi: int = 150) -> None:
    """Write page images as .pdf (one JPEG per page), .png/.jpg (one page) or .tif/.tiff (multi-page)."""
    path = Path(path)
    if not images:
        raise ValueError("no pages")
    suffix = path.suffix.lower()
    # copies: Pillow keeps per-save settings on the image objects (im.encoderinfo), which would leak into the
    # next save of the same images (e.g. a JPEG "quality" into a TIFF)
    pages = [im.copy() if im.mode in ("L", "RGB") else im.convert("RGB") for im in images]
    if suffix == ".pdf":
        pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=88)
    elif suffix in (".png", ".jpg", ".jpeg"):
        if len(pages) != 1:
            raise ValueError(f"{suffix} holds one page, got {len(pages)}")
        if suffix == ".png":
            pages[0].save(path, "PNG", dpi=(dpi, dpi))
        else:
            pages[0].save(path, "JPEG", dpi=(dpi, dpi), quality=90)
    elif suffix in (".tif", ".tiff"):
        pages[0].save(
            path, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_deflate"
        )
    else:
        raise ValueError(f"unsupported suffix {suffix!r}")


TEXT_PDF_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def write_text_pdf(path: Path, pages: list[str]) -> None:
    """A born-digital A4 PDF with a real (extractable) text layer, written with PDFium via pypdfium2."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    font_path = next(
        (
            p
            for p in (
                TEXT_PDF_FONT,
                FONT_FAMILIES["noto-sans"]["regular"][0],
                FONT_FAMILIES["liberation-sans"]["regular"][0],
            )
            if Path(p).exists()
        ),
        None,
    )
    if font_path is None:
        raise RuntimeError("no TrueType font with Vietnamese glyphs found")
    data = Path(font_path).read_bytes()
    buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    pdf = pdfium.PdfDocument.new()
    font = raw.FPDFText_LoadFont(pdf.raw, buf, len(data), raw.FPDF_FONT_TRUETYPE, True)
    if not font:
        raise RuntimeError(f"PDFium could not load {font_path}")
    pw, ph = 595.28, 841.89
    try:
        for text in pages:
            lines = [ln.rstrip() for ln in _nfc(text).split("\n")]
            size = 11.0 if len(lines) <= 52 else max(7.0, 11.0 * 52 / len(lines))
            page = pdf.new_page(pw, ph)
            y = ph - 64
            for ln in lines:
                if ln.strip():
                    obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(size))
                    enc = (ln.strip() + "\0").encode("utf-16-le")
                    wbuf = ctypes.create_string_buffer(enc, len(enc))
                    raw.FPDFText_SetText(obj, ctypes.cast(wbuf, ctypes.POINTER(raw.FPDF_WCHAR)))
                    raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, y)
                    raw.FPDFPage_InsertObject(page.raw, obj)
                y -= size * 1.35
            raw.FPDFPage_GenerateContent(page.raw)
            page.close()
        pdf.save(str(path))
    finally:
        raw.FPDFFont_Close(font)
        pdf.close()
