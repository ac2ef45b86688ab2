"""The red ink of a colour scan read on its own: the reception stamp («ĐẾN Số … Ngày …»).

The page's OCR drops red ink (ocr/image.to_gray) so that the stamp does not garble the text under it; the stamp's
own text is then lost. For an archived petition whose received date is known from nowhere else, the archive
finalisation (ingest/archived.py) reads it here: the red pixels (same test as to_gray) cropped around, turned
into black ink on white by how much red exceeds the other channels (black text under the stamp stays white),
and read by Tesseract as one block. Measured (bench/red_stamp.py, 8 generated colour stamped pages at 200 dpi):
the page's OCR read the stamp's date on none, this pass on all 8, in about 8 % of the page's OCR time.
"""

from __future__ import annotations

import numpy as np
import pytesseract
from PIL import Image

__all__ = ["MIN_RED_SHARE", "read_red_ink", "red_ink_layer"]

MIN_RED_SHARE = 0.0005  # share of red pixels below which a page has no stamp (ocr/image.to_gray's threshold)
PAD = 12  # pixels kept around the red ink
GAIN = 2.2  # red excess (0-255) to ink darkness


def red_ink_layer(img: Image.Image) -> Image.Image | None:
    """The red ink of a colour page as black on white, cropped to it; None for a grey page or no red ink."""
    if img.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return None
    arr = np.asarray(img.convert("RGB")).astype(np.int16)
    r, g, b = arr[..., 0], arr[..., 1], arr[..., 2]
    excess = r - np.maximum(g, b)
    red = (r > 110) & (excess > 45)
    if red.mean() < MIN_RED_SHARE:
        return None
    ys, xs = np.nonzero(red)
    y0, x0 = max(0, int(ys.min()) - PAD), max(0, int(xs.min()) - PAD)
    y1, x1 = min(arr.shape[0], int(ys.max()) + PAD), min(arr.shape[1], int(xs.max()) + PAD)
    ink = np.clip(excess[y0:y1, x0:x1].astype(np.float32) * GAIN, 0, 255)
    return Image.fromarray((255 - ink).astype(np.uint8), "L")


def read_red_ink(img: Image.Image, lang: str = "vie") -> str:
    """The text of the page's red ink ("" when it has none)."""
    layer = red_ink_layer(img)
    if layer is None:
        return ""
    return str(pytesseract.image_to_string(layer, lang=lang, config="--psm 6"))
