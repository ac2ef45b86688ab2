"""Page image operations around OCR: turning and straightening, grayscale without the red stamp, how much ink a
page carries (blank separator sheets), and the JPEG kept for the verification screen."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

MIN_INK_COMPONENT = 5  # pixels (at ~100 dpi): smaller dark specks are scanner noise


def rotate(img: Image.Image, degrees: int) -> Image.Image:
    """Turn the image clockwise by ``degrees`` (a multiple of 90)."""
    degrees %= 360
    if degrees == 0:
        return img
    return img.rotate(-degrees, expand=True)


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


def ink_ratio(img: Image.Image) -> float:
    """Share of the page covered by ink, scanner speckle excluded, at any scan resolution.

    The page is brought to about 100 dpi; dark connected components of at least ``MIN_INK_COMPONENT`` pixels
    count as ink (thin strokes of a 72-dpi fax stay, isolated speckle dots go), margins are ignored.
    """
    import cv2

    gray = img.convert("L")
    factor = max(1, round(gray.width / 850))
    if factor > 1:
        gray = gray.reduce(factor)
    a = np.asarray(gray)
    h, w = a.shape
    my, mx = int(h * 0.04), int(w * 0.04)  # ignore dark scanner borders
    core = a[my : h - my, mx : w - mx]
    if not core.size:
        return 0.0
    _n, _labels, stats, _centroids = cv2.connectedComponentsWithStats(
        (core < 128).astype(np.uint8), connectivity=8
    )
    areas = stats[1:, cv2.CC_STAT_AREA]
    return float(areas[areas >= MIN_INK_COMPONENT].sum()) / core.size


def display_jpeg(img: Image.Image, max_width: int) -> tuple[bytes, float]:
    """The page as a JPEG at most ``max_width`` pixels wide, and the scale applied (<= 1)."""
    scale = min(1.0, max_width / img.width)
    if scale < 1.0:
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80, optimize=False)
    return buf.getvalue(), scale
