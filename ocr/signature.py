"""Is the petition signed? Handwriting-like ink (a signature's strokes, a fingerprint blob, coloured pen or pad
ink) in the closing area of the last page, not covered by the printed words OCR read there.

The closing area is found from the words: the label "(Ký, ghi rõ họ tên)" / "ký tên" / "điểm chỉ", else the
heading of the signature block ("NGƯỜI VIẾT ĐƠN", "NGƯỜI TỐ CÁO", "ĐẠI DIỆN CÁC HỘ DÂN"...), else the dated line
near the bottom; it runs from there down to the writer's name, as wide as the block and a little more (a
fingerprint often sits beside the name). Printed words (read well, or in line with words read well) are masked
out; what ink is left is grouped into marks, and a mark counts when it is taller than printed text can be
(strokes of handwriting, a fingerprint), or when it is pen or pad ink in colour. A reception stamp (its frame and
the text inside it) is not a mark.

Works on the upright page as ingest keeps it (grayscale, or RGB for colour scans) with its words in the same
coordinates; only the closing area is processed (a few milliseconds). ``confidence`` is the probability of the
verdict (0.5 = a guess); without a signature label it is capped at :data:`FALLBACK_CAP`.
"""

from __future__ import annotations

import io
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import cv2
import numpy as np
from PIL import Image

from ..lang.normalize import fold_words, token_key
from .words import Word, as_words, scale_words

__all__ = [
    "FALLBACK_CAP",
    "SignatureFinding",
    "find_signature",
    "find_signature_in_file",
    "has_closing_block",
]

# a word read at least this well can be printed text (a scribble reads as low-confidence junk)
PRINTED_CONF = 55.0
TALL = 1.2  # a mark taller than this many text heights is not printed text
MIN_INK = 0.35  # and it carries at least this much ink (in squared text heights)
COLOUR_CHROMA = 60  # max-min of the channels above this: coloured (pen or pad) ink
FALLBACK_CAP = 0.65  # the most a verdict is trusted when no signature label or heading was found

_LABEL_RE = re.compile(r"\bk[yi]\b.{0,12}\b(?:ten|ho|ghi|dong dau)\b|\bky ten\b|\bdiem chi\b|\bghi ro ho\b")
_HEAD_RE = re.compile(
    r"^(?:tm |thay mat )?(?:nguoi|nhung nguoi|cac nguoi|cong dan|ho dan|cac ho dan|dai dien|nguoi dai dien)"
    r"(?: \w+){0,5}$"
)
_HEAD_WORDS = re.compile(
    r"\b(?:don|to cao|khieu nai|kien nghi|phan anh|de nghi|ky|trinh bay|dai dien|ho dan|viet thu|gui thu)\b"
)
_DATE_RE = re.compile(r"ngay \S{1,3} thang \S{1,3} nam \d{4}")


@dataclass(frozen=True)
class SignatureFinding:
    present: bool
    confidence: float  # probability of the verdict, 0.5..1
    box: tuple[int, int, int, int] | None  # (left, top, width, height) of the mark found, page pixels
    anchor: str = ""  # what located the closing area: label | heading | date | none

    def as_dict(self) -> dict[str, Any]:
        return {"present": self.present, "confidence": self.confidence, "anchor": self.anchor}


@dataclass
class _Seg:
    """A run of words on one text line (split where the gap is wide: two columns)."""

    words: list[Word]

    @property
    def left(self) -> int:
        return min(w.left for w in self.words)

    @property
    def right(self) -> int:
        return max(w.left + w.width for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.top + w.height for w in self.words)

    @cached_property
    def text(self) -> str:
        return fold_words(" ".join(str(w.text) for w in self.words))

    @cached_property
    def upper(self) -> bool:
        letters = [c for w in self.words for c in str(w.text) if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _printed(w: Word, lh: float) -> bool:
    """A word OCR read as printed text: read well, mostly letters, a known syllable (or read very well), and of
    a size printed text has. A scribble reads as junk ("x2", "(09002") or one letter across a wide box."""
    text = str(w.text)
    letters = sum(c.isalpha() for c in text)
    if w.conf < PRINTED_CONF or letters < max(1, 0.5 * sum(c.isalnum() for c in text)) or w.height > 1.8 * lh:
        return False
    if w.width > (0.75 * len(text) + 1.0) * lh or (letters < 2 and w.conf < 85):
        return False
    return w.conf >= 85 or token_key(text) in _syllables()


def _syllables() -> frozenset[str]:
    from .postcorrect import load_lm

    return load_lm().syllables


def _line_height(words: list[Word]) -> float | None:
    hs = [w.height for w in words if w.conf >= PRINTED_CONF and any(c.isalpha() for c in str(w.text))]
    return float(statistics.median(hs)) if len(hs) >= 3 else None


def _segments(words: list[Word], lh: float) -> list[_Seg]:
    """Words in reading order grouped into line segments (same line: centres within half a text height)."""
    rows: list[list[Word]] = []
    centre = 0.0
    for w in sorted(words, key=lambda w: w.top + w.height / 2):
        cy = w.top + w.height / 2
        if rows and abs(cy - centre) < 0.5 * lh:
            rows[-1].append(w)
            centre += (cy - centre) / len(rows[-1])  # the running mean of the row's centres
        else:
            rows.append([w])
            centre = cy
    segs: list[_Seg] = []
    for row in rows:
        row.sort(key=lambda w: w.left)
        cur = [row[0]]
        for w in row[1:]:
            if w.left - (cur[-1].left + cur[-1].width) > 2.5 * lh:
                segs.append(_Seg(cur))
                cur = []
            cur.append(w)
        segs.append(_Seg(cur))
    return segs


def _is_label(seg: _Seg) -> bool:
    text = seg.text
    return len(text.split()) <= 9 and bool(_LABEL_RE.search(text))


def _is_heading(seg: _Seg) -> bool:
    text = re.sub(r"\bk[yi]\b.*$", "", seg.text).strip()  # "Người làm đơn (ký, ghi rõ họ tên)"
    return bool(_HEAD_RE.match(text) and _HEAD_WORDS.search(text)) and (seg.upper or _is_label(seg))


def _anchor(segs: list[_Seg], page_h: int) -> tuple[str, list[_Seg]]:
    """The closing block's label and heading segments (lowest on the page), or a late dated line."""
    for kind, test in (("label", _is_label), ("heading", _is_heading)):
        found = [i for i, s in enumerate(segs) if test(s)]
        if found:
            last = found[-1]
            group = [segs[last]]
            for j in range(last - 1, max(-1, last - 3), -1):  # the heading just above the label
                near = segs[j].bottom > group[0].top - 2.5 * (group[0].bottom - group[0].top)
                if near and (_is_heading(segs[j]) or _is_label(segs[j])):
                    group.insert(0, segs[j])
            return kind, group
    dated = [s for s in segs if _DATE_RE.search(s.text) and s.top > 0.4 * page_h]
    return ("date", dated[-1:]) if dated else ("none", [])


def _name_like(seg: _Seg, lh: float) -> bool:
    printed = [w for w in seg.words if _printed(w, lh)]
    return 2 <= len(printed) <= 6 and all(str(w.text)[:1].isupper() for w in printed)


def _region(
    segs: list[_Seg], block: list[_Seg], lh: float, shape: tuple[int, int]
) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the closing area: from the label line down past the writer's name, widened (the mark
    may cross the label, sit above the name, beside it or across it)."""
    h, w = shape
    x0, x1 = min(s.left for s in block), max(s.right for s in block)
    top = max(s.bottom for s in block)
    label_top = block[-1].top if _is_label(block[-1]) else top  # a mark may cross the label, not the heading
    half = (x1 - x0) / 2 + 3.0 * lh
    cx = (x0 + x1) / 2
    rx0, rx1 = int(max(0, cx - half)), int(min(w, cx + half))
    below = [
        s
        for s in segs
        if s.top >= top - 0.2 * lh
        and s.right > rx0
        and s.left < rx1
        and any(_printed(x, lh) for x in s.words)
    ]
    near = [s for s in below if s.top - top < 7 * lh]
    bottom = top + 6.0 * lh
    if near:
        name = next((s for s in near if _name_like(s, lh)), near[0])
        bottom = name.bottom + 1.5 * lh
        later = [s for s in below if s.top > name.bottom + 0.2 * lh]
        if later and later[0].top < bottom:
            bottom = max(name.bottom + 0.5 * lh, later[0].top)
    elif below:
        bottom = min(bottom, below[0].top - 0.1 * lh)
    return rx0, int(max(0, label_top)), rx1, int(min(h, bottom))


def _glyph_height(
    gray: np.ndarray, words: list[Word], lh: float, threshold: float, off: tuple[int, int]
) -> float:
    """The height of printed letters measured in the ink of the given words (OCR boxes of a blurred scan are
    as tall as the line), or ``lh`` when there is nothing to measure. ``gray`` starts at page pixel ``off``."""
    ox, oy = off
    found = []
    for wd in words:
        if not _printed(wd, lh) or wd.width < 2 or wd.height < 2:
            continue
        crop = gray[
            max(0, wd.top - oy) : wd.top + wd.height - oy, max(0, wd.left - ox) : wd.left + wd.width - ox
        ]
        if crop.size == 0:
            continue
        rows = np.flatnonzero((crop < threshold).any(axis=1))
        if len(rows):
            found.append(float(rows[-1] - rows[0] + 1))
    return min(lh, float(statistics.median(found))) if len(found) >= 2 else lh


def _fallback_region(segs: list[_Seg], lh: float, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """No label or heading: the lower right of the page below the last dated line (or the last text)."""
    h, w = shape
    top = max(s.bottom for s in segs)
    dated = [s for s in segs if _DATE_RE.search(s.text) and s.top > 0.4 * h]
    if dated:
        top = dated[-1].bottom
    return int(w * 0.45), int(top), w, int(min(h, top + 10 * lh))


def _paper_and_threshold(gray: np.ndarray) -> tuple[float, float]:
    """The paper's gray (from the area's bright pixels) and the gray below which a pixel is ink."""
    sample = gray[::2, ::2]
    paper, dark = (float(v) for v in np.percentile(sample, [90, 1]))
    return paper, paper - max(45.0, 0.3 * (paper - dark))


def _ink(
    gray: np.ndarray, colour: np.ndarray | None, paper: float, threshold: float
) -> tuple[np.ndarray, np.ndarray | None]:
    """Ink of the area, and the coloured part of it on a colour scan."""
    ink = gray < threshold
    tinted = None
    if colour is not None:
        c = colour.astype(np.int16)
        chroma = c.max(axis=2) - c.min(axis=2)
        tinted = (chroma > COLOUR_CHROMA) & (gray < paper - 30)
        ink |= tinted
    return ink, tinted


def _printed_in_line(words: list[Word], lh: float) -> list[Word]:
    """The printed words of the area: those read well, and the others of their lines with their height and
    baseline (printed text OCR read badly). A word alone on its line must be read well: a scribble or a
    fingerprint reads as a line of its own, or as a box of another height."""
    out = []
    for seg in _segments(words, lh):
        good = [w for w in seg.words if _printed(w, lh)]
        out += good
        if not good:
            continue
        height = statistics.median(w.height for w in good)
        middle = statistics.median(w.top + w.height / 2 for w in good)
        for w in seg.words:
            if w in good or not any(c.isalpha() for c in str(w.text)):
                continue
            if w.height <= 1.3 * height and abs(w.top + w.height / 2 - middle) <= 0.35 * height:
                if w.width <= (0.75 * len(str(w.text)) + 3.0) * lh:
                    out.append(w)
    return out


def _mask_printed(ink: np.ndarray, words: list[Word], lh: float, gh: float, x0: int, y0: int) -> None:
    pad = max(1, round(0.12 * gh))
    h, w = ink.shape
    for wd in _printed_in_line(words, lh):
        a, b = max(0, wd.left - x0 - pad), min(w, wd.left + wd.width - x0 + pad)
        c, d = max(0, wd.top - y0 - pad), min(h, wd.top + wd.height - y0 + pad)
        if a < b and c < d:
            ink[c:d, a:b] = False


def _near(words: list[Word], region: tuple[int, ...]) -> list[Word]:
    x0, y0, x1, y1 = region
    return [
        w for w in words if w.left < x1 and w.left + w.width > x0 and w.top < y1 and w.top + w.height > y0
    ]


def _rectangle(comp: np.ndarray, gh: float, cut: tuple[bool, bool, bool, bool]) -> bool:
    """A stamp's rectangular frame: a large hollow mark with ink along most of each of its edges; ``cut`` tells
    which edges (top, bottom, left, right) the closing area cuts off (at most one may be missing)."""
    hh, ww = comp.shape
    if ww < 4 * gh or hh < 2 * gh:
        return False
    e = max(2, round(0.08 * min(hh, ww)))
    edges = (comp[:e].any(axis=0), comp[-e:].any(axis=0), comp[:, :e].any(axis=1), comp[:, -e:].any(axis=1))
    seen = [edge.mean() >= 0.6 for edge in edges]
    if not all(ok or gone for ok, gone in zip(seen, cut, strict=True)) or sum(seen) < 3:
        return False
    return bool(comp[e:-e, e:-e].mean() < 0.25)


def _erase_stamps(closed: np.ndarray, labels: np.ndarray, stats: np.ndarray, gh: float) -> None:
    """A reception stamp's frame and everything inside it (its text lines) are not the writer's mark."""
    rows, cols = closed.shape
    for i in range(1, len(stats)):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if w < 4 * gh or h < 2 * gh:
            continue
        cut = (y == 0, y + h >= rows, x == 0, x + w >= cols)
        if _rectangle(labels[y : y + h, x : x + w] == i, gh, cut):
            closed[y : y + h, x : x + w] = 0


def _marks(
    ink: np.ndarray, tinted: np.ndarray | None, lh: float, gh: float
) -> list[tuple[float, tuple[int, ...]]]:
    """Each mark's evidence (>= 1: handwriting) and box within the area. Ink is closed (a fingerprint's ridges
    become one blob) and pieces a little apart are grouped (the strokes of a signature broken by a fax)."""
    k = max(3, round(0.2 * gh)) | 1
    closed = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    area, width, height = (
        stats[:, cv2.CC_STAT_AREA],
        stats[:, cv2.CC_STAT_WIDTH],
        stats[:, cv2.CC_STAT_HEIGHT],
    )
    noise = (area < 0.05 * gh * gh) | ((height <= 0.4 * gh) & (width >= 3 * gh))
    noise[0] = False
    closed[noise[labels]] = 0  # scanner speckle, ruled lines and fax streaks never join a group
    _erase_stamps(closed, labels, stats, gh)
    g = max(3, round(0.6 * gh)) | 1
    grouped = cv2.dilate(closed, np.ones((g, g), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grouped, connectivity=8)
    out: list[tuple[float, tuple[int, ...]]] = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        comp = (labels[y : y + h, x : x + w] == i) & (closed[y : y + h, x : x + w] > 0)
        own = comp & ink[y : y + h, x : x + w]
        if not own.any():
            continue
        ys, xs = np.nonzero(comp)  # the group's box without the grouping margin
        comp = comp[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
        x, y, h, w = x + int(xs.min()), y + int(ys.min()), comp.shape[0], comp.shape[1]
        own = comp & ink[y : y + h, x : x + w]
        mass = float(own.sum()) / (gh * gh)
        evidence = min(h / (TALL * gh), mass / MIN_INK, w / gh)
        if tinted is not None:
            tint = float((comp & tinted[y : y + h, x : x + w]).sum()) / (gh * gh)
            if tint >= MIN_INK and max(w, h) >= 1.2 * gh:  # pen or pad ink: printed text is black
                evidence = max(evidence, min(2.0, tint / MIN_INK, max(w, h) / (1.2 * gh)))
        out.append((evidence, (x, y, w, h)))
    return out


def _verdict(evidence: float, cap: float) -> tuple[bool, float]:
    p = 1.0 / (1.0 + math.exp(-6.0 * math.log(max(evidence, 1e-3))))
    present = evidence >= 1.0
    conf = p if present else 1.0 - p
    return present, round(min(conf, cap), 3)


@dataclass
class _Area:
    """Where to look: the closing area (page pixels), what found it, and the words and sizes around it."""

    kind: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1
    cap: float
    lh: float
    words: list[Word]
    block: list[Word]

    @property
    def crop(self) -> tuple[int, int, int, int]:
        """The pixels the judgement reads: the area and the block's words (their letters give the text size)."""
        x0, y0, x1, y1 = self.box
        for w in self.block:
            x0, y0 = min(x0, max(0, w.left)), min(y0, max(0, w.top))
            x1, y1 = max(x1, w.left + w.width), max(y1, w.top + w.height)
        return x0, y0, x1, y1


def _locate(
    words: Sequence[Any] | None, shape: tuple[int, int], lh: float | None
) -> _Area | SignatureFinding:
    ws = [w for w in as_words(words) if str(w.text).strip() and w.width > 0 and w.height > 0]
    lh = lh or _line_height(ws)
    if lh is None or lh < 4 or not shape[0] or not shape[1]:
        return SignatureFinding(False, 0.5, None, "none")  # no printed text to find the closing area by
    segs = _segments(ws, lh)
    kind, block = _anchor(segs, shape[0])
    if block and kind in ("label", "heading"):
        box, cap = _region(segs, block, lh, shape), 0.99
    else:
        box, cap = _fallback_region(segs, lh, shape), FALLBACK_CAP
    x0, y0, x1, y1 = box
    if x1 - x0 < lh or y1 - y0 < lh:
        return SignatureFinding(False, 0.5, None, kind)
    return _Area(kind, (x0, y0, x1, y1), cap, lh, ws, [w for seg in block for w in seg.words])


def _judge(
    gray: np.ndarray, colour: np.ndarray | None, area: _Area, off: tuple[int, int]
) -> SignatureFinding:
    """The verdict from the pixels of ``area.crop`` (``gray`` and ``colour`` start at page pixel ``off``)."""
    ox, oy = off
    x0, y0, x1, y1 = area.box
    g = gray[y0 - oy : y1 - oy, x0 - ox : x1 - ox]
    paper, threshold = _paper_and_threshold(g)
    part = colour[y0 - oy : y1 - oy, x0 - ox : x1 - ox] if colour is not None else None
    ink, tinted = _ink(g, part, paper, threshold)
    gh = _glyph_height(gray, area.block + _near(area.words, area.box), area.lh, threshold, off)
    _mask_printed(ink, _near(area.words, area.box), area.lh, gh, x0, y0)
    marks = _marks(ink, tinted, area.lh, gh)
    if not marks:
        return SignatureFinding(False, min(0.97, area.cap), None, area.kind)
    evidence, (mx, my, mw, mh) = max(marks, key=lambda m: m[0])
    present, conf = _verdict(evidence, area.cap)
    return SignatureFinding(present, conf, (x0 + mx, y0 + my, mw, mh) if present else None, area.kind)


def find_signature(
    gray: np.ndarray, words: Sequence[Any] | None, *, line_height: float | None = None
) -> SignatureFinding:
    """Whether the page (upright; grayscale, or RGB for a colour scan) carries a signature or fingerprint in
    its closing area; ``words`` are its OCR words (``Word`` or stored rows) in the same pixel coordinates."""
    img = np.asarray(gray)
    area = _locate(words, (img.shape[0], img.shape[1]), line_height)
    if isinstance(area, SignatureFinding):
        return area
    x0, y0, x1, y1 = area.crop
    part = img[y0:y1, x0:x1]
    colour = part[..., :3] if part.ndim == 3 else None
    g = cv2.cvtColor(np.ascontiguousarray(colour), cv2.COLOR_RGB2GRAY) if colour is not None else part
    return _judge(g, colour, area, (x0, y0))


WORK_WIDTH = 600  # pixels across the page the detector needs at least (about 75 dpi on A4)


def find_signature_in_file(data: bytes, words: Sequence[Any] | None) -> SignatureFinding:
    """:func:`find_signature` on a stored page image (the JPEG ingest keeps), decoded at a reduced size (a JPEG
    is decoded straight at half or a quarter of its size, cheaply) and only the closing area converted;
    ``words`` in the stored image's pixels."""
    with Image.open(io.BytesIO(data)) as im:
        full = im.width
        if im.format == "JPEG":
            im.draft(im.mode, (WORK_WIDTH, max(1, round(im.height * WORK_WIDTH / max(1, im.width)))))
        page = im.convert("L" if im.mode in ("L", "1", "LA", "I", "I;16") else "RGB")
    factor = page.width // WORK_WIDTH
    if factor >= 2:
        page = page.reduce(factor)
    scale = page.width / max(1, full)
    area = _locate(scale_words(as_words(words), scale), (page.height, page.width), None)
    if isinstance(area, SignatureFinding):
        return area
    x0, y0, x1, y1 = area.crop
    part = page.crop((x0, y0, x1, y1))
    colour = np.asarray(part) if part.mode == "RGB" else None
    g = np.asarray(part.convert("L"))
    return _judge(g, colour, area, (x0, y0))


def has_closing_block(words: Sequence[Any] | None) -> bool:
    """Whether the words hold a signature block's label or heading (words only, no pixels: cheap), to pick the
    petition's signed page among pages followed by attachments."""
    ws = [w for w in as_words(words) if str(w.text).strip() and w.width > 0 and w.height > 0]
    lh = _line_height(ws)
    if lh is None:
        return False
    return any(_is_label(s) or _is_heading(s) for s in _segments(ws, lh))
