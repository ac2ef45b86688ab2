"""Tests for the synthetic petition generator (donthu.samples)."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from donthu.samples import (
    CATEGORIES,
    DOMAINS,
    FORMS,
    PROFILES,
    SamplePetition,
    make_petition,
    render_page,
    write_document,
    write_samples,
    write_text_pdf,
)

TITLE_CATEGORY = {
    "ĐƠN KHIẾU NẠI": "khieu_nai",
    "ĐƠN KHIẾU NẠI (lần 2)": "khieu_nai",
    "ĐƠN TỐ CÁO": "to_cao",
    "ĐƠN KIẾN NGHỊ": "kien_nghi",
    "ĐƠN ĐỀ NGHỊ": "kien_nghi",
    "ĐƠN PHẢN ÁNH": "phan_anh",
    "ĐƠN THƯ PHẢN ÁNH": "phan_anh",
}
PROVINCE_CODES = {
    "001",
    "079",
    "031",
    "048",
    "092",
    "040",
    "038",
    "034",
    "022",
    "027",
    "056",
    "075",
    "074",
    "089",
    "066",
}


def flat(text: str) -> str:
    return " ".join(text.split())


def petitions(n: int = 60) -> list[SamplePetition]:
    out = []
    for i in range(n):
        form = FORMS[i % len(FORMS)]
        out.append(make_petition(random.Random(i), form=form, n_pages=1 + (i % 3 == 0)))
    return out


def test_same_seed_same_petition() -> None:
    a = make_petition(random.Random(42))
    b = make_petition(random.Random(42))
    c = make_petition(random.Random(43))
    assert a.truth() == b.truth()
    assert a.truth() != c.truth()
    json.dumps(a.truth(), ensure_ascii=False)  # JSON-able


def test_forced_arguments_and_validation() -> None:
    for form in FORMS:
        for category in CATEGORIES:
            p = make_petition(random.Random(7), form=form, category=category)
            assert (p.form, p.category) == (form, category)
            assert p.domain in DOMAINS
    assert make_petition(random.Random(1), form="anonymous").category == "to_cao"
    with pytest.raises(ValueError):
        make_petition(random.Random(1), form="letter")
    with pytest.raises(ValueError):
        make_petition(random.Random(1), category="khieu-nai")


def test_truth_values_appear_in_page_text() -> None:
    for p in petitions():
        text = "\n".join(p.pages)
        assert unicodedata.is_normalized("NFC", text)
        body = flat(text)
        values = [p.recipient, p.subject, p.place, p.respondent, *p.signers]
        values += [p.complainant[k] for k in ("name", "address", "id_number")]
        for v in values:
            if v is not None:
                assert flat(v) in body, (p.form, v)
        if p.complainant["phone"]:
            assert re.fullmatch(r"0[35789]\d{8}", p.complainant["phone"])
            assert p.complainant["phone"] in re.sub(r"[ .]", "", body)
        assert f"Kính gửi: {flat(p.recipient)}" in body
        d = date.fromisoformat(p.petition_date)
        m = re.search(r"^(.+), ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})$", text, re.M)
        assert m and m.group(1) == p.place
        assert date(int(m.group(4)), int(m.group(3)), int(m.group(2))) == d


def test_forms_flags_and_titles() -> None:
    for p in petitions():
        first = p.pages[0].split("\n")
        titles = [ln for ln in first if ln in TITLE_CATEGORY]
        assert len(titles) == 1 and TITLE_CATEGORY[titles[0]] == p.category
        assert first[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        if p.form == "anonymous":
            assert p.anonymous and p.signatory_count == 0 and p.signers == []
            assert set(p.complainant.values()) == {None}
            assert p.pages[-1].rstrip().endswith("NGƯỜI TỐ CÁO")
        else:
            assert not p.anonymous and p.complainant["name"]
            assert p.signatory_count == len(p.signers) >= 1
            assert p.signers[0] == p.complainant["name"]
        if p.form == "group":
            assert p.signatory_count >= 5
            last = p.pages[-1].split("\n")
            k = last.index("DANH SÁCH NGƯỜI KÝ ĐƠN")
            assert last[k + 1 :] == [f"{i}. {s}" for i, s in enumerate(p.signers, 1)]
        else:
            assert p.signatory_count <= 1
        if p.form == "labeled":
            assert re.search(r"^(Họ và tên|Họ tên người|Tên tôi là)", p.pages[0], re.M)
        if p.form == "prose":
            assert f"Tôi tên là {p.complainant['name']}, sinh năm " in p.pages[0]


def test_id_numbers_are_plausible() -> None:
    seen = set()
    for i in range(200):
        p = make_petition(random.Random(i), form="labeled")
        n = p.complainant["id_number"]
        assert n.isdigit() and len(n) in (9, 12)
        if len(n) == 12:
            assert n[:3] in PROVINCE_CODES and n[3] in "0123"
        seen.add(len(n))
    assert seen == {9, 12}


def test_two_pages_continue_body_and_sign_on_page_two() -> None:
    for i in range(20):
        p = make_petition(random.Random(i), n_pages=2)
        assert len(p.pages) == 2
        assert "(Ký" not in p.pages[0] or p.form == "anonymous"
        assert not re.search(r"^(NGƯỜI |ĐẠI DIỆN)", p.pages[0], re.M)
        second = p.pages[1].split("\n")
        assert second[0] and not second[0].startswith(("Tài liệu", "NGƯỜI", "ĐẠI DIỆN"))
        assert all(len(pg.split("\n")) <= 47 for pg in p.pages)


@pytest.fixture(scope="module")
def page_text() -> str:
    return make_petition(random.Random(3), form="labeled", n_pages=1).pages[0]


def test_render_clean_size_and_determinism(page_text: str) -> None:
    a = render_page(page_text, "clean", seed=4)
    assert a.size == (1240, 1754)
    assert np.array_equal(np.asarray(a), np.asarray(render_page(page_text, "clean", seed=4)))
    arr = np.asarray(a.convert("L"))
    dark = (arr < 128).mean()
    assert 0.01 < dark < 0.15  # there is text, on a white page
    assert arr[:100].min() == 255 and arr[-90:].min() == 255  # margins stay empty
    assert render_page(page_text, "clean", seed=0, dpi=100).size == (827, 1169)


def test_render_profiles(page_text: str) -> None:
    clean = np.asarray(render_page(page_text, "clean", seed=5).convert("L"), dtype=np.int16)
    for profile in PROFILES:
        img = render_page(page_text, profile, seed=5)
        assert img.mode in ("L", "RGB")
        expected = (1754, 1240) if profile == "sideways" else (1240, 1754)
        assert img.size == expected, profile
        if profile not in ("clean", "upside", "sideways"):
            assert not np.array_equal(np.asarray(img.convert("L"), dtype=np.int16), clean), profile
    with pytest.raises(ValueError):
        render_page(page_text, "fax")


def test_upside_is_rotated_clean(page_text: str) -> None:
    clean = render_page(page_text, "clean", seed=6)
    upside = render_page(page_text, "upside", seed=6)
    assert np.array_equal(np.asarray(upside), np.asarray(clean.rotate(180)))
    side = render_page(page_text, "sideways", seed=6)
    assert np.array_equal(np.asarray(side), np.asarray(clean.transpose(Image.Transpose.ROTATE_90)))


def test_blank_page_is_nearly_white() -> None:
    arr = np.asarray(render_page("", "blank", seed=1).convert("L"))
    assert arr.mean() > 245
    assert (arr < 128).mean() < 0.0005
    assert arr.std() > 0.5  # some scanner noise, not a synthetic pure white


def test_stamp_is_red_and_over_the_top(page_text: str) -> None:
    img = render_page(page_text, "stamp", seed=2)
    assert img.mode == "RGB"
    rgb = np.asarray(img, dtype=np.int16)
    red = (rgb[..., 0] > 150) & (rgb[..., 1] < 120) & (rgb[..., 2] < 120)
    ys, _ = np.nonzero(red)
    assert red.sum() > 2000
    assert ys.max() < 1754 * 0.35  # in the top part of the page


def test_office_and_photocopy_are_darker(page_text: str) -> None:
    clean = np.asarray(render_page(page_text, "clean", seed=3)).mean()
    office = np.asarray(render_page(page_text, "office", seed=3)).mean()
    photo = np.asarray(render_page(page_text, "photocopy", seed=3)).mean()
    assert photo < office < clean


def test_fonts_forced_and_fallback(page_text: str) -> None:
    a = render_page(page_text, "clean", seed=1, font="DejaVu Serif")
    b = render_page(page_text, "clean", seed=1, font="liberation-sans")
    c = render_page(page_text, "clean", seed=1, font="no-such-font")  # falls back, does not fail
    assert not np.array_equal(np.asarray(a), np.asarray(b))
    assert c.size == (1240, 1754)


def test_write_document_formats(tmp_path: Path, page_text: str) -> None:
    pages = [render_page(page_text, prof, seed=1, dpi=100) for prof in ("clean", "stamp", "office")]
    write_document(tmp_path / "a.pdf", pages, dpi=100)
    doc = pdfium.PdfDocument(str(tmp_path / "a.pdf"))
    assert len(doc) == 3
    w, h = doc[0].get_size()
    assert abs(w - 595) < 3 and abs(h - 842) < 3  # A4 in points
    assert doc[0].get_textpage().get_text_range().strip() == ""  # scanned-style: no text layer
    kinds = [obj.type for obj in doc[0].get_objects()]
    assert pdfium.raw.FPDF_PAGEOBJ_IMAGE in kinds
    doc.close()

    write_document(tmp_path / "a.tif", pages, dpi=100)
    with Image.open(tmp_path / "a.tif") as im:
        assert im.n_frames == 3
    for suffix in (".png", ".jpg"):
        write_document(tmp_path / f"one{suffix}", pages[:1], dpi=100)
        with Image.open(tmp_path / f"one{suffix}") as im:
            assert im.size == pages[0].size
            assert getattr(im, "n_frames", 1) == 1
        with pytest.raises(ValueError):
            write_document(tmp_path / f"two{suffix}", pages[:2], dpi=100)
    with pytest.raises(ValueError):
        write_document(tmp_path / "x.bmp", pages[:1])


def test_write_text_pdf_is_extractable(tmp_path: Path) -> None:
    p = make_petition(random.Random(9), form="prose", n_pages=2)
    write_text_pdf(tmp_path / "t.pdf", p.pages)
    doc = pdfium.PdfDocument(str(tmp_path / "t.pdf"))
    assert len(doc) == 2
    for i, page in enumerate(doc):
        text = unicodedata.normalize("NFC", page.get_textpage().get_text_range())
        assert flat(text) == flat(p.pages[i])
    doc.close()


def test_write_samples(tmp_path: Path) -> None:
    rows = write_samples(tmp_path, n=7, seed=0, dpi=100)
    assert len(rows) == 7
    lines = (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(ln) for ln in lines] == rows
    suffixes = {Path(r["file"]).suffix for r in rows}
    assert {".pdf", ".jpg", ".png", ".tif"} <= suffixes
    batches = 0
    for row in rows:
        path = tmp_path / row["file"]
        if path.suffix == ".pdf":
            doc = pdfium.PdfDocument(str(path))
            n = len(doc)
            doc.close()
        else:
            with Image.open(path) as im:
                n = getattr(im, "n_frames", 1)
        used = [pg for d in row["documents"] for pg in d["pages"]]
        assert sorted(used) == used and used[0] == 1
        assert n == len(row["profiles"]) >= max(used)
        for d in row["documents"]:
            assert set(d) >= {
                "form",
                "category",
                "domain",
                "complainant",
                "recipient",
                "subject",
                "petition_date",
                "signatory_count",
                "anonymous",
                "pages",
            }
            assert len(d["pages"]) == len(d["page_texts"])
        if row["profiles"][0] == "text":  # the born-digital PDF
            doc = pdfium.PdfDocument(str(path))
            texts = [unicodedata.normalize("NFC", pg.get_textpage().get_text_range()) for pg in doc]
            doc.close()
            assert [flat(t) for t in texts] == [flat(t) for t in row["documents"][0]["page_texts"]]
        if len(row["documents"]) > 1:
            batches += 1
            assert path.suffix == ".pdf"
            gaps = [pg for pg in range(1, n + 1) if pg not in used]
            assert gaps and all(row["profiles"][g - 1] == "blank" for g in gaps)
            ends = [d["pages"][-1] for d in row["documents"][:-1]]
            assert all(e + 1 in gaps for e in ends)  # a blank sheet after every petition but the last
    assert batches == 1
    again = write_samples(tmp_path / "again", n=7, seed=0, dpi=100)
    assert again == rows


@pytest.mark.ocr
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_clean_page_ocr_roundtrip(tmp_path: Path, page_text: str) -> None:
    from rapidfuzz.distance import Levenshtein

    render_page(page_text, "clean", seed=1).save(tmp_path / "p.png")
    proc = subprocess.run(
        ["tesseract", str(tmp_path / "p.png"), "-", "-l", "vie"],
        capture_output=True,
        text=True,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    if proc.returncode != 0:
        pytest.skip(f"tesseract failed: {proc.stderr[:200]}")
    out = unicodedata.normalize("NFC", proc.stdout)
    cer = Levenshtein.distance(flat(page_text), flat(out)) / len(flat(page_text))
    assert cer < 0.03
