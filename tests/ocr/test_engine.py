"""OCR engine: orientation, resolution, red stamp ink, manual-entry flag (small generated pages)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw
from rapidfuzz.distance import Levenshtein

from donthu.ocr.engine import effective_dpi, recognize, to_gray
from donthu.samples import make_petition, render_page

pytestmark = pytest.mark.ocr


def cer(a: str, b: str) -> float:
    a, b = " ".join(a.split()), " ".join(b.split())
    return Levenshtein.distance(a, b) / max(1, len(a))


@pytest.fixture(scope="module")
def petition():
    return make_petition(random.Random(77), form="labeled", category="khieu_nai", n_pages=1)


def test_sideways_page_is_turned_and_read(petition) -> None:
    img = render_page(petition.pages[0], "sideways", seed=3, dpi=200)
    assert img.width > img.height
    result, upright = recognize(img)
    assert result.rotation in (90, 270)
    assert upright.height > upright.width
    assert cer(petition.pages[0], result.text) < 0.05
    # word boxes are in the upright page's coordinates
    assert all(w[1] + w[3] <= upright.width + 2 and w[2] + w[4] <= upright.height + 2 for w in result.words)


def test_red_stamp_ink_is_dropped_before_reading() -> None:
    img = Image.new("RGB", (400, 200), "white")
    d = ImageDraw.Draw(img)
    d.rectangle((20, 20, 380, 180), outline=(200, 30, 40), width=6)
    d.rectangle((50, 90, 350, 100), fill=(0, 0, 0))  # black ink stays
    gray = np.asarray(to_gray(img))
    assert gray[22, 200] == 255  # the red border is gone
    assert gray[95, 200] < 60


def test_resolution_is_estimated_from_a4_proportions() -> None:
    assert round(effective_dpi(Image.new("L", (2480, 3508)), None)) == 300
    assert round(effective_dpi(Image.new("L", (1654, 2339)), 72)) == 200
    assert effective_dpi(Image.new("L", (1000, 1000)), 150) == 150


def test_scribbles_are_flagged_for_manual_entry() -> None:
    rng = random.Random(5)
    img = Image.new("L", (1240, 1754), 255)
    d = ImageDraw.Draw(img)
    for row in range(25):  # lines of handwriting-like loops
        y = 150 + row * 55
        x = 100
        while x < 1100:
            pts = [(x + i * 6, y + rng.randint(-18, 18)) for i in range(rng.randint(4, 12))]
            d.line(pts, fill=0, width=3)
            x = pts[-1][0] + rng.randint(15, 40)
    result, _ = recognize(img)
    assert result.needs_manual


def test_clean_page_is_trusted(petition) -> None:
    result, _ = recognize(render_page(petition.pages[0], "clean", seed=1, dpi=200))
    assert not result.needs_manual and result.rotation == 0
    assert cer(petition.pages[0], result.text) < 0.03


def test_skewed_page_is_straightened(petition) -> None:
    from donthu.ocr.engine import estimate_skew, straighten

    page = render_page(petition.pages[0], "clean", seed=1, dpi=150)
    assert estimate_skew(page) == 0.0  # a straight page is left alone
    skewed = page.rotate(1.5, resample=Image.Resampling.BILINEAR, fillcolor=255)
    angle = estimate_skew(skewed)
    assert 1.0 <= abs(angle) <= 2.0
    assert abs(estimate_skew(straighten(skewed, angle))) < 0.5
