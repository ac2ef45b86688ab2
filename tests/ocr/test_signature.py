"""Signature / fingerprint detection (ocr/signature.py) on generated petitions read by Tesseract: signed and
unsigned last pages under two scan profiles, a fingerprint, coloured ink, a reception stamp in the closing area,
the stored-JPEG path ingest uses."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from donthu.ocr.engine import recognize
from donthu.ocr.image import display_jpeg
from donthu.ocr.signature import find_signature, find_signature_in_file, has_closing_block
from donthu.ocr.words import Word, scale_words
from donthu.samples import make_petition, render_page

pytestmark = pytest.mark.ocr

DPI = 150
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@pytest.fixture(scope="module")
def petition():
    return make_petition(random.Random(41), form="labeled", category="khieu_nai", n_pages=1)


@pytest.fixture(scope="module")
def read(petition):
    """(upright page as an array, OCR words) of the petition's page drawn with the given marks (cached)."""
    cache: dict[tuple, tuple[np.ndarray, list[Word]]] = {}

    def _read(profile: str, signature: str, text: str | None = None) -> tuple[np.ndarray, list[Word]]:
        key = (profile, signature, text)
        if key not in cache:
            img = render_page(text or petition.pages[0], profile, seed=5, dpi=DPI, signature=signature)
            result, upright = recognize(img, dpi=DPI)
            cache[key] = (np.asarray(upright), result.words)
        return cache[key]

    return _read


def label_top(words: list[Word]) -> int:
    return next(w.top for w in words if w.text.startswith("(K") and w.top > 300)


@pytest.mark.parametrize("profile", ["clean", "photocopy"])
@pytest.mark.parametrize("signature", ["scribble", "fingerprint"])
def test_signed_page_is_found(read, profile: str, signature: str) -> None:
    page, words = read(profile, signature)
    found = find_signature(page, words)
    assert found.present, (profile, signature, found)
    assert found.confidence >= 0.7 and found.anchor == "label"
    x, y, w, h = found.box
    assert y + h > label_top(words)  # in the closing area: under the label, in the right part of the page
    assert x > page.shape[1] * 0.45


@pytest.mark.parametrize("profile", ["clean", "photocopy"])
def test_printed_text_only_is_absent(read, profile: str) -> None:
    page, words = read(profile, "none")  # the same page, nothing drawn under "(Ký, ghi rõ họ tên)"
    found = find_signature(page, words)
    assert not found.present and found.box is None
    assert found.confidence >= 0.9 and found.anchor == "label"


def test_anonymous_petition_has_no_mark(read) -> None:
    anon = make_petition(random.Random(8), form="anonymous", category="to_cao", n_pages=1)
    page, words = read("clean", "scribble", anon.pages[0])  # no "(Ký ...)" line: nothing is drawn
    found = find_signature(page, words)
    assert not found.present and found.anchor == "heading"


def test_colour_ink_on_a_colour_scan(read, petition) -> None:
    _, words = read("clean", "none")  # a clean page keeps its layout whatever is drawn on it
    for signature, ink in (("scribble", "blue"), ("fingerprint", "red")):
        img = render_page(petition.pages[0], "clean", seed=5, dpi=DPI, signature=signature, ink=ink)
        assert img.mode == "RGB"
        assert find_signature(np.asarray(img), words).present, (signature, ink)
    unsigned = render_page(petition.pages[0], "clean", seed=5, dpi=DPI, signature="none").convert("RGB")
    assert not find_signature(np.asarray(unsigned), words).present


def test_a_reception_stamp_in_the_closing_area_is_not_a_signature(read) -> None:
    page, words = read("clean", "none")
    img = Image.fromarray(page).convert("RGB")
    d = ImageDraw.Draw(img)
    top = label_top(words) + 30
    x0 = int(page.shape[1] * 0.6)
    red = (205, 35, 40)
    d.rectangle((x0, top, x0 + 280, top + 120), outline=red, width=5)
    font = ImageFont.truetype(FONT, 34)
    d.text((x0 + 15, top + 10), "ĐẾN", fill=red, font=font)
    d.text((x0 + 15, top + 65), "Số: 1254  Ngày: 12/3", fill=red, font=ImageFont.truetype(FONT, 20))
    assert not find_signature(np.asarray(img), words).present
    # the same ink as a scribble (no frame) is a mark: the frame is what makes it a stamp
    scrawl = Image.fromarray(page).convert("RGB")
    ImageDraw.Draw(scrawl).line(
        [(x0, top + 60), (x0 + 40, top), (x0 + 80, top + 60), (x0 + 120, top)], red, 4
    )
    assert find_signature(np.asarray(scrawl), words).present


@pytest.mark.parametrize("signature", ["scribble", "none"])
def test_stored_page_gives_the_same_verdict(read, signature: str) -> None:
    page, words = read("photocopy", signature)
    jpeg, scale = display_jpeg(Image.fromarray(page), 1700)
    stored = find_signature_in_file(jpeg, [list(w) for w in scale_words(words, scale)])
    assert stored.present == (signature != "none")
    assert stored.present == find_signature(page, words).present


def test_closing_block_from_words_only(read) -> None:
    _, words = read("clean", "none")
    assert has_closing_block(words)
    heading_top = next(w.top for w in words if w.text == "NGƯỜI" and w.top > 300)
    assert not has_closing_block([w for w in words if w.top < heading_top - 5])  # the body alone


def test_no_words_no_verdict() -> None:
    found = find_signature(np.full((1754, 1240), 255, np.uint8), [])
    assert not found.present and found.confidence == 0.5 and found.anchor == "none"


def test_sideways_scan_read_upright(petition) -> None:
    img = render_page(petition.pages[0], "sideways", seed=5, dpi=DPI)
    result, upright = recognize(img, dpi=DPI)
    assert result.rotation in (90, 270)
    assert find_signature(np.asarray(upright), result.words).present


def test_render_options_keep_the_default_page(petition) -> None:
    text = petition.pages[0]
    default = np.asarray(render_page(text, "office", seed=9, dpi=100))
    assert np.array_equal(
        default, np.asarray(render_page(text, "office", seed=9, dpi=100, signature="scribble"))
    )
    bare = np.asarray(render_page(text, "office", seed=9, dpi=100, signature="none"))
    assert bare.shape == default.shape and (bare < 128).sum() < (default < 128).sum()  # the scribble is gone
    pressed = np.asarray(render_page(text, "clean", seed=9, dpi=100, signature="fingerprint"))
    assert (pressed < 200).sum() > (
        np.asarray(render_page(text, "clean", seed=9, dpi=100, signature="none")) < 200
    ).sum()
    assert render_page(text, "photocopy", seed=9, dpi=100, signature="both", ink="blue").mode == "L"
    assert render_page(text, "office", seed=9, dpi=100, ink="red").mode == "RGB"
    with pytest.raises(ValueError):
        render_page(text, "clean", signature="stamp")
    with pytest.raises(ValueError):
        render_page(text, "clean", ink="green")
