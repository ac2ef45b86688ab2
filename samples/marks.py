"""The signer's marks on a rendered page, beyond the default black scribble: no signature, a fingerprint (điểm
chỉ), both, and coloured ink (a blue pen, a red or purple ink pad) that makes the page a colour scan.

The marks are drawn as ink *coverage* on a layer the size of the page and blended in by multiplication (printed
text under the ink stays dark), so the same layer gives a grayscale or a colour page.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

SIGNATURES = ("scribble", "none", "fingerprint", "both")  # "scribble" is the renderer's default
INKS: dict[str, tuple[int, int, int] | None] = {
    "black": None,  # the default: a dark gray pen, an ink pad that scans mid-gray
    "blue": (28, 52, 170),
    "red": (200, 36, 46),
    "purple": (112, 42, 132),
}
PEN_GRAY = 40  # the default scribble's gray
PAD_GRAY = (70, 115)  # a grayscale scan of a red or purple ink pad

# a mark drawer: (draw on the page or the coverage layer, layout rng, centre x, centre y, font size in px)
Signer = Callable[[ImageDraw.ImageDraw, random.Random, float, float, int], None]


def check(signature: str, ink: str) -> None:
    if signature not in SIGNATURES:
        raise ValueError(f"unknown signature {signature!r}; one of {SIGNATURES}")
    if ink not in INKS:
        raise ValueError(f"unknown ink {ink!r}; one of {tuple(INKS)}")


def fingerprint_coverage(rng: random.Random, dpi: int) -> np.ndarray:
    """Ink coverage (0..1, float32) of one fingerprint about 11 × 15 mm: ridges in a whorl or loop, pressed
    harder in the middle, a ragged edge. Drawn three times finer, then averaged down as a scanner would."""
    ss = 3
    w_in = 0.43 * rng.uniform(0.9, 1.15)
    a = w_in * dpi * ss / 2  # semi-axes in supersampled pixels
    b = a * rng.uniform(1.22, 1.4)
    n_w, n_h = int(2 * a) + 4, int(2 * b) + 4
    yy, xx = np.mgrid[0:n_h, 0:n_w].astype(np.float32)
    x = (xx - n_w / 2) / a
    y = (yy - n_h / 2) / b
    ang = np.arctan2(y, x)
    r = np.sqrt(x * x + y * y)
    edge = 1.0 + 0.06 * np.sin(3 * ang + rng.uniform(0, 6.3)) + 0.04 * np.sin(7 * ang + rng.uniform(0, 6.3))
    inside = r < edge
    period = dpi * ss * 0.5 / 25.4 * rng.uniform(0.95, 1.25)  # ridges about half a millimetre apart
    core_y = rng.uniform(-0.25, 0.1)
    dist = np.sqrt(x * x + (y - core_y) ** 2) * min(a, b)
    if rng.random() < 0.5:  # a loop: ridges bend around a core and run out to one side
        dist = dist + 0.35 * min(a, b) * np.clip(x * rng.choice([-1, 1]), 0, None) * (1 - np.abs(y))
    phase = 2 * math.pi * dist / period + 0.6 * np.sin(ang * 2 + rng.uniform(0, 6.3))
    ridges = np.clip(0.5 + 0.9 * np.cos(phase), 0, 1)
    pressure = np.clip(1.15 - 0.75 * (r / edge) ** 3, 0, 1)
    blot = np.random.default_rng(rng.randrange(1 << 30)).uniform(0.75, 1.0, (6, 5)).astype(np.float32)
    blot_img = Image.fromarray((blot * 255).astype(np.uint8), "L").resize(
        (n_w, n_h), Image.Resampling.BICUBIC
    )
    cov = ridges * pressure * (np.asarray(blot_img, dtype=np.float32) / 255.0) * inside
    small = Image.fromarray((np.clip(cov, 0, 1) * 255).astype(np.uint8), "L")
    small = small.resize((max(1, n_w // ss), max(1, n_h // ss)), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float32) / 255.0


class MarkLayer:
    """The coverage layer of one page (0 = paper, 255 = full ink) and the drawer of the requested marks."""

    def __init__(self, size: tuple[int, int], signature: str, seed: int, dpi: int, scribble: Signer) -> None:
        self.layer = Image.new("L", size, 0)
        self.draw = ImageDraw.Draw(self.layer)
        self.signature = signature
        self.rng = random.Random(f"marks-{seed}")
        self.dpi = dpi
        self._scribble = scribble

    def sign(self, _draw: ImageDraw.ImageDraw, rng: random.Random, cx: float, cy: float, size: int) -> None:
        """Draw the marks where the renderer would scribble (``_draw``, the page itself, is left alone)."""
        if self.signature in ("scribble", "both"):
            self._scribble(self.draw, rng, cx, cy, size)
        if self.signature in ("fingerprint", "both"):
            dx = (
                size * self.rng.uniform(4.2, 5.2)
                if self.signature == "both"
                else size * self.rng.uniform(-1, 1)
            )
            self._press(cx + dx, cy + size * self.rng.uniform(-0.2, 0.3))

    def _press(self, cx: float, cy: float) -> None:
        cov = fingerprint_coverage(self.rng, self.dpi)
        if self.rng.random() < 0.5:
            cov = cov[:, ::-1]
        patch = Image.fromarray(np.ascontiguousarray(cov * 255).astype(np.uint8), "L")
        patch = patch.rotate(self.rng.uniform(-20, 20), resample=Image.Resampling.BILINEAR, expand=True)
        x0, y0 = round(cx - patch.width / 2), round(cy - patch.height / 2)
        base = np.asarray(self.layer, dtype=np.uint8).copy()
        h, w = base.shape
        px0, py0 = max(0, x0), max(0, y0)
        px1, py1 = min(w, x0 + patch.width), min(h, y0 + patch.height)
        if px1 <= px0 or py1 <= py0:
            return
        p = np.asarray(patch, dtype=np.uint8)[py0 - y0 : py1 - y0, px0 - x0 : px1 - x0]
        base[py0:py1, px0:px1] = np.maximum(base[py0:py1, px0:px1], p)
        self.layer.paste(Image.fromarray(base, "L"))

    def compose(self, page: Image.Image, ink: str) -> Image.Image:
        """The page with the marks blended in: grayscale for black ink, an RGB colour scan otherwise."""
        cov = np.asarray(self.layer, dtype=np.float32)[..., None] / 255.0
        colour = INKS[ink]
        if colour is None:
            gray = PEN_GRAY if self.signature == "scribble" else self.rng.randint(*PAD_GRAY)
            if self.signature == "both":
                gray = PEN_GRAY + 20
            tint = np.array([gray], dtype=np.float32) / 255.0
            arr = np.asarray(page.convert("L"), dtype=np.float32)[..., None]
        else:
            tint = np.array(colour, dtype=np.float32) / 255.0
            arr = np.asarray(page.convert("RGB"), dtype=np.float32)
        out = arr * (1 - cov) + arr * tint * cov
        out = np.clip(out, 0, 255).astype(np.uint8)
        return Image.fromarray(out[..., 0], "L") if colour is None else Image.fromarray(out, "RGB")
