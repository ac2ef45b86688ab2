"""The masked image of a page, and the redacted copy of a page (image, text and boxes)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import numpy as np
from PIL import Image, ImageDraw

from .engine import find_identity_boxes
from .model import PAD, IdentityValues, RedactedPage
from .text import redact_text


def redact_image(jpeg_bytes: bytes, boxes: Iterable[Sequence], pad: int = PAD, quality: int = 85) -> bytes:
    """Solid black rectangles over ``boxes`` (each padded by ``pad`` px); a JPEG of the same pixel size without
    EXIF or any other metadata."""
    with Image.open(io.BytesIO(jpeg_bytes)) as im:
        im.load()
        mode = "L" if im.mode in ("L", "1", "LA", "I", "I;16", "F") else "RGB"
        img = im.convert(mode)
    # a fresh image: no EXIF, ICC, comments or XMP carried over
    clean = Image.new(mode, img.size)
    clean.paste(img)
    draw = ImageDraw.Draw(clean)
    w, h = clean.size
    for b in boxes:
        x0, y0 = int(b[0]) - pad, int(b[1]) - pad
        x1, y1 = int(b[0]) + int(b[2]) + pad, int(b[1]) + int(b[3]) + pad
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
        if x1 > x0 and y1 > y0:
            draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=0)
    buf = io.BytesIO()
    clean.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def redact_page(
    jpeg_bytes: bytes,
    words: Sequence[Sequence],
    text: str,
    identity: IdentityValues,
    *,
    is_last_page: bool = True,
    pad: int = PAD,
) -> RedactedPage:
    """The redacted copy of one page: masked image, redacted text and the masked boxes."""
    with Image.open(io.BytesIO(jpeg_bytes)) as im:
        gray = np.asarray(im.convert("L"))
    h, w = gray.shape
    boxes = find_identity_boxes(words, identity, h, page_width=w, is_last_page=is_last_page, ink=gray)
    image = redact_image(jpeg_bytes, boxes, pad=pad)
    return RedactedPage(image=image, text=redact_text(text, identity, is_last_page=is_last_page), boxes=boxes)
