"""Tesseract OCR of one page image: orientation, recognition, words with boxes and confidences.

One Tesseract thread per process (ocr/tesseract.py); parallelism comes from a process pool over pages (see
ingest/local.py). Images go to Tesseract as uncompressed PGM/PPM files: pytesseract's default PNG
encoding of an A4 300-dpi page costs more than a second.
"""

from __future__ import annotations

import os
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol

import pytesseract
from PIL import Image

from .image import estimate_skew, rotate, straighten, to_gray
from .words import Word, as_words, scale_words

__all__ = ["OcrEngine", "OcrResult", "Word", "effective_dpi", "estimate_skew", "recognize", "rotate"]
__all__ += ["straighten", "to_gray", "engine_named", "register_engine", "unregister_engine"]

# below this mean word confidence a page is suspected of being rotated (upright text scores ~90)
ORIENTATION_SUSPECT_CONF = 75.0
# below this (after orientation) the text cannot be trusted: flag the page for manual entry
MANUAL_ENTRY_CONF = 55.0


@dataclass
class OcrResult:
    text: str
    words: list[Word] = field(default_factory=list)
    confidence: float = 0.0  # mean word confidence 0..100
    rotation: int = 0  # clockwise degrees the page was turned to read it
    seconds: float = 0.0
    needs_manual: bool = False
    # post-correction: [{"index", "old", "new", "confidence", "kind"}] (kind: tone | debris)
    corrections: list[dict] = field(default_factory=list)
    raw_text: str = ""  # the text before post-correction
    # degrees (counter-clockwise) the page was turned to straighten its lines, before rotation
    skew: float = 0.0


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


def _assemble(data: dict) -> tuple[str, list[Word], float]:
    words: list[Word] = []
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
            Word(
                text=text,
                left=data["left"][i],
                top=data["top"][i],
                width=data["width"][i],
                height=data["height"][i],
                conf=round(conf, 1),
                block=key[0],
                par=key[1],
                line=key[2],
            )
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


MIN_VALID_SYLLABLES = 0.6  # below this share of real Vietnamese syllables the text is not trusted


def untrustworthy(words: list[Word], conf: float) -> bool:
    """A page with ink whose reading cannot be trusted (handwriting, a very poor scan): enter it by hand."""
    texts = [str(w.text) for w in words if w.text]
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


def _read(gray: Image.Image, rot: int, lang: str) -> tuple[str, list[Word], float, Image.Image]:
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
        words = scale_words(words, 1.0 / scale)
    raw_text, corrections = text, []
    if postcorrect and words:
        from .postcorrect import correct_words, words_to_text

        corrected, changes = correct_words(words)
        words = as_words(corrected)
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


class OcrEngine(Protocol):
    """What reads a page: the Tesseract engine below, or a fake in the tests (tests/fakes.py)."""

    def recognize(
        self, img: Image.Image, lang: str, postcorrect: bool, dpi: float | None
    ) -> tuple[OcrResult, Image.Image]: ...


class TesseractEngine:
    def recognize(
        self, img: Image.Image, lang: str, postcorrect: bool, dpi: float | None
    ) -> tuple[OcrResult, Image.Image]:
        return recognize(img, lang, postcorrect=postcorrect, dpi=dpi)


# engines by the name DONTHU_OCR_ENGINE gives (a page task carries the name, so it crosses process boundaries)
_ENGINES: dict[str, OcrEngine] = {"tesseract": TesseractEngine()}


def engine_named(name: str) -> OcrEngine:
    try:
        return _ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown OCR engine {name!r} (known: {sorted(_ENGINES)})") from None


def register_engine(name: str, engine: OcrEngine) -> None:
    """Make ``engine`` available under ``name`` in this process (tests register their fakes here)."""
    _ENGINES[name] = engine


def unregister_engine(name: str) -> None:
    if name != "tesseract":
        _ENGINES.pop(name, None)
