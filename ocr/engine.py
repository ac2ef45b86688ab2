"""Tesseract OCR of one page image: orientation, recognition, words with boxes and confidences.

One Tesseract thread per process (OMP_THREAD_LIMIT=1, BRIEF §7); parallelism comes from a process pool over
pages (see ingest.pipeline). Images go to Tesseract as uncompressed PGM/PPM files: pytesseract's default PNG
encoding of an A4 300-dpi page costs more than a second.
"""

from __future__ import annotations

import os
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pytesseract
from PIL import Image

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# below this mean word confidence a page is suspected of being rotated (upright text scores ~90)
ORIENTATION_SUSPECT_CONF = 75.0
# below this (after orientation) the text cannot be trusted: flag the page for manual entry
MANUAL_ENTRY_CONF = 55.0


@dataclass
class OcrResult:
    text: str
    words: list[list] = field(
        default_factory=list
    )  # [text, left, top, width, height, conf, block, par, line]
    confidence: float = 0.0  # mean word confidence 0..100
    rotation: int = 0  # clockwise degrees the page was turned to read it
    seconds: float = 0.0
    needs_manual: bool = False
    # post-correction: [{"index", "old", "new", "confidence", "kind"}] (kind: tone | debris)
    corrections: list[dict] = field(default_factory=list)
    raw_text: str = ""  # the text before post-correction
    skew: float = (
        0.0  # degrees (counter-clockwise) the page was turned to straighten its lines, before rotation
    )


def _tess_input(img: Image.Image) -> str:
    suffix = ".ppm" if img.mode == "RGB" else ".pgm"
    if img.mode not in ("L", "RGB"):
        img = img.convert("L")
    fd, path = tempfile.mkstemp(suffix=suffix, prefix="donthu-ocr-")
    os.close(fd)
    img.save(path)
    return path


def _data(img: Image.Image, lang: str, config: str = "") -> dict:
    path = _tess_input(img)
    try:
        return pytesseract.image_to_data(path, lang=lang, config=config, output_type=pytesseract.Output.DICT)
    finally:
        os.unlink(path)


def _assemble(data: dict) -> tuple[str, list[list], float]:
    words: list[list] = []
    lines: list[str] = []
    current: tuple[int, int, int] | None = None
    line_words: list[str] = []
    confs: list[float] = []
    for i, raw in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", raw or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if key != current:
            if line_words:
                lines.append(" ".join(line_words))
            line_words = []
            current = key
        line_words.append(text)
        confs.append(conf)
        words.append(
            [
                text,
                data["left"][i],
                data["top"][i],
                data["width"][i],
                data["height"][i],
                round(conf, 1),
                key[0],
                key[1],
                key[2],
            ]
        )
    if line_words:
        lines.append(" ".join(line_words))
    mean = sum(confs) / len(confs) if confs else 0.0
    return "\n".join(lines), words, mean


def _osd_rotation(img: Image.Image) -> int | None:
    """Tesseract's orientation detection on a reduced copy; clockwise degrees to turn the page, or None."""
    small = img.convert("L")
    if small.width > 1300:
        scale = 1240 / small.width
        small = small.resize((1240, int(small.height * scale)))
    path = _tess_input(small)
    try:
        osd = pytesseract.image_to_osd(
            path, config="--psm 0 -c min_characters_to_try=10", output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractError:
        return None
    finally:
        os.unlink(path)
    if float(osd.get("orientation_conf", 0)) < 1.0:
        return None
    return int(osd.get("rotate", 0)) % 360


def rotate(img: Image.Image, degrees: int) -> Image.Image:
    """Turn the image clockwise by ``degrees`` (a multiple of 90)."""
    degrees %= 360
    if degrees == 0:
        return img
    return img.rotate(-degrees, expand=True)


MIN_VALID_SYLLABLES = 0.6  # below this share of real Vietnamese syllables the text is not trusted


def untrustworthy(words: list[list], conf: float) -> bool:
    """A page with ink whose reading cannot be trusted (handwriting, a very poor scan): enter it by hand."""
    texts = [str(w[0]) for w in words if w[0]]
    if len(texts) < 3 or conf < MANUAL_ENTRY_CONF:
        return True
    from .postcorrect import load_lm

    syllables = load_lm().syllables
    alpha = [t.strip(".,;:()\"'!?-").lower() for t in texts]
    alpha = [t for t in alpha if t.isalpha()]
    if len(alpha) >= 10 and sum(t in syllables for t in alpha) / len(alpha) < MIN_VALID_SYLLABLES:
        return True
    return False


OCR_DPI = 200  # Tesseract's Vietnamese model reads best (and faster) with text at about this resolution
A4_WIDTH_IN = 8.27


def effective_dpi(img: Image.Image, dpi: float | None) -> float:
    """Resolution of a page image: from its A4-like proportions when it has them, else its metadata."""
    w, h = img.size
    if w and 1.25 <= h / w <= 1.5:
        return w / A4_WIDTH_IN
    if w and 1.25 <= w / h <= 1.5:  # sideways A4
        return h / A4_WIDTH_IN
    return float(dpi or 300)


def to_gray(img: Image.Image) -> Image.Image:
    """Grayscale for OCR; on colour scans red ink (the reception stamp) is dropped first."""
    if img.mode == "L":
        return img
    rgb = img.convert("RGB")
    arr = np.asarray(rgb).astype(np.int16)
    r, g, b = arr[..., 0], arr[..., 1], arr[..., 2]
    red = (r > 110) & (r - np.maximum(g, b) > 45)
    gray = np.asarray(rgb.convert("L")).copy()
    if red.mean() > 0.0005:
        gray[red] = 255
    return Image.fromarray(gray, "L")


SKEW_MIN_DEG = 0.5  # straighten only clearly skewed pages (measured: below this it does not help)
SKEW_MAX_IQR = 0.8  # and only when the text lines agree on the angle


def estimate_skew(gray: Image.Image) -> float:
    """Skew of the text lines in degrees (0 when small or unreliable), from a Hough transform."""
    import cv2

    a = np.asarray(gray)
    small = cv2.resize(a, (max(1, a.shape[1] // 3), max(1, a.shape[0] // 3)), interpolation=cv2.INTER_AREA)
    _, b = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    b = cv2.dilate(b, np.ones((1, 9), np.uint8))
    lines = cv2.HoughLinesP(
        b, 1, np.pi / 1800, threshold=80, minLineLength=small.shape[1] // 4, maxLineGap=10
    )
    if lines is None:
        return 0.0
    angles = [float(np.degrees(np.arctan2(y2 - y1, x2 - x1))) for x1, y1, x2, y2 in lines.reshape(-1, 4)]
    angles = [x for x in angles if abs(x) < 5]
    if len(angles) < 20:
        return 0.0
    angle = float(np.median(angles))
    iqr = float(np.subtract(*np.percentile(angles, [75, 25])))
    if abs(angle) < SKEW_MIN_DEG or iqr > SKEW_MAX_IQR:
        return 0.0
    return angle


def straighten(img: Image.Image, angle: float) -> Image.Image:
    if not angle:
        return img
    fill = 255 if img.mode == "L" else (255, 255, 255)
    return img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=fill)


def _read(gray: Image.Image, rot: int, lang: str) -> tuple[str, list[list], float, Image.Image]:
    turned = rotate(gray, rot)
    text, words, conf = _assemble(_data(turned, lang))
    return text, words, conf, turned


def recognize(
    img: Image.Image, lang: str = "vie", postcorrect: bool = True, dpi: float | None = None
) -> tuple[OcrResult, Image.Image]:
    """OCR a page; returns the result and the upright page (full resolution, grayscale).

    Word boxes are in the coordinates of the upright page at the input's resolution.
    """
    start = time.perf_counter()
    gray_full = to_gray(img)
    scale = min(1.0, OCR_DPI / effective_dpi(gray_full, dpi))
    gray = gray_full
    if scale < 0.95:
        gray = gray_full.resize(
            (round(gray_full.width * scale), round(gray_full.height * scale)), Image.Resampling.LANCZOS
        )
    else:
        scale = 1.0
    # straighten clearly skewed pages first (a line keeps its angle when the page is turned 180°)
    skew = estimate_skew(gray)
    gray = straighten(gray, skew)
    text, words, conf, _ = _read(gray, 0, lang)
    best = (conf, 0, text, words)
    landscape = gray.width > gray.height * 1.2  # petitions are portrait: a landscape scan is likely sideways
    if conf < ORIENTATION_SUSPECT_CONF or len(words) < 5 or landscape:
        # a portrait page read badly is most often upside down (a sheet fed the wrong way): try that before
        # asking OSD; a landscape-shaped page of portrait text is sideways: ask OSD, then try both quarter turns
        tried = {0}
        order: tuple[int | None, ...] = (180, None) if gray.height >= gray.width else (None, 90, 270)
        for rot in order:
            if rot is None:
                rot = _osd_rotation(gray)
                if rot is None or rot in tried:
                    continue
            if rot in tried:
                continue
            tried.add(rot)
            t2, w2, c2, _ = _read(gray, rot, lang)
            margin = 0 if (landscape and rot in (90, 270)) else 2
            if c2 > best[0] + margin and len(w2) >= max(3, len(best[3]) // 3):
                best = (c2, rot, t2, w2)
            if best[0] >= ORIENTATION_SUSPECT_CONF and not (landscape and best[1] in (0, 180)):
                break
    conf, rot, text, words = best
    if scale != 1.0:
        inv = 1.0 / scale
        words = [
            [w[0], round(w[1] * inv), round(w[2] * inv), round(w[3] * inv), round(w[4] * inv), *w[5:]]
            for w in words
        ]
    raw_text, corrections = text, []
    if postcorrect and words:
        from .postcorrect import correct_words, words_to_text

        words, changes = correct_words(words)
        text = words_to_text(words)
        corrections = [
            {"index": c.index, "old": c.old, "new": c.new, "confidence": c.confidence, "kind": c.kind}
            for c in changes
        ]
    result = OcrResult(
        text=text,
        words=words,
        confidence=round(conf, 2),
        rotation=rot,
        seconds=round(time.perf_counter() - start, 3),
        needs_manual=untrustworthy(words, conf),
        corrections=corrections,
        raw_text=raw_text,
        skew=skew,
    )
    return result, rotate(straighten(gray_full, skew), rot)
