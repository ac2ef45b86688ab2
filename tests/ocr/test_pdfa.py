"""PDF/A-2b: the searchable PDF made archival (ocr/pdfa.py) passes the validator (ocr/pdfa_check.py), and the
validator is no rubber stamp: each broken file fails on the ISO 19005-2 clause that forbids what was broken."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageCms, ImageDraw

from donthu.ocr.pdfa import archival_dpi, archival_jpeg, check_pdfa, jpeg_dpi, page_resolutions, to_pdfa
from donthu.ocr.pdfa_xmp import ARCHIVE_NS, NS_DC, NS_PDF, NS_PDFAID, parse_xmp
from donthu.ocr.searchable import PageSpec, archival_spec, build_pdf

WORDS = [
    ["ĐƠN", 100, 100, 120, 30, 95.0, 1, 1, 1],
    ["KHIẾU", 240, 100, 150, 30, 95.0, 1, 1, 1],
    ["NẠI", 400, 100, 90, 30, 95.0, 1, 1, 1],
    ["Nguyễn", 100, 200, 200, 30, 90.0, 1, 1, 2],
    [
        "中文",
        320,
        200,
        80,
        30,
        20.0,
        1,
        1,
        2,
    ],  # OCR debris the font has no glyph for: .notdef in PDFium's output
]
META = {
    "title": "Đơn khiếu nại H01.2023.HS-07.001",
    "author": "Nguyễn Văn Bình",
    "subject": "Khiếu nại việc thu hồi đất",
    "keywords": "Khiếu nại; Đất đai",
    "date": "2023-05-12",
    "created": "2023-05-15T00:00:00",
    "identifier": "H01.2023.HS-07.001",
    "maHoSo": "H01.2023.HS-07",
    "soThuTuVanBan": "001",
    "doPhanGiai": "300",
}


def _gray_scan() -> bytes:
    img = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
    ImageDraw.Draw(img).rectangle((300, 300, 1200, 390), fill=0)
    return archival_jpeg(img, 300)


def _rgb_screen_copy() -> bytes:
    img = Image.new("RGB", (1240, 1754), (250, 248, 240))
    ImageDraw.Draw(img).rectangle((100, 100, 400, 130), fill=(200, 30, 30))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


@pytest.fixture(scope="module")
def raw() -> bytes:
    """PDFium's searchable PDF: a grayscale page at 300 dpi (paper size) and a colour screen copy (A4 width)."""
    scaled = [[w[0], *(3 * v for v in w[1:5]), *w[5:]] for w in WORDS]
    return build_pdf(
        [PageSpec(_gray_scan(), 2480, 3508, scaled, dpi=300), PageSpec(_rgb_screen_copy(), 1240, 1754, WORDS)]
    )


@pytest.fixture(scope="module")
def archival(raw: bytes) -> bytes:
    return to_pdfa(raw, META)


def test_pdfium_output_is_not_pdfa_and_says_why(raw: bytes) -> None:
    problems = check_pdfa(raw)
    clauses = {p.split(":")[0] for p in problems}
    # no XMP, no output intent for the device colours, PDFium's missing CIDToGIDMap, the .notdef glyph
    assert {"6.6.2.1", "6.2.4.3", "6.2.11.3.2", "6.2.11.8"} <= clauses, problems


def test_our_pdfa_passes_and_keeps_pages_text_and_resolution(raw: bytes, archival: bytes) -> None:
    assert check_pdfa(archival) == []
    with pikepdf.open(io.BytesIO(archival)) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf finds the file sound
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.S) == "/GTS_PDFA1"
        profile = ImageCms.ImageCmsProfile(io.BytesIO(intent.DestOutputProfile.read_bytes()))
        assert "sRGB" in ImageCms.getProfileDescription(profile)
        assert str(pdf.Root.Lang) == "vi"
        assert "/Encrypt" not in pdf.trailer and len(pdf.trailer.ID) == 2
        page = pdf.pages[0]
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]  # 2480 px at 300 dpi: A4
    resolutions = page_resolutions(archival)
    assert resolutions[0] == pytest.approx(300, abs=1) and resolutions[1] == pytest.approx(150, abs=1)
    doc = pdfium.PdfDocument(archival)
    text = doc[0].get_textpage().get_text_range()
    assert "ĐƠN" in text and "KHIẾU" in text and "Nguyễn" in text and "中" not in text
    # the words stay where they were: "Nguyễn" at (100, 200) px of the 300-dpi page scaled by 3
    idx = text.index("Nguyễn")
    left, _bottom, _right, top = doc[0].get_textpage().get_charbox(idx)
    assert left == pytest.approx(300 * 72 / 300, abs=5) and 842 - top == pytest.approx(600 * 72 / 300, abs=6)
    assert doc[1].get_textpage().get_text_range().startswith("ĐƠN")


def test_metadata_is_in_the_xmp_and_the_info_dictionary(archival: bytes) -> None:
    with pikepdf.open(io.BytesIO(archival)) as pdf:
        xmp = parse_xmp(pdf.Root.Metadata.read_bytes(), lambda clause, msg: pytest.fail(f"{clause}: {msg}"))
        info = pdf.trailer.Info
        assert xmp is not None
        assert xmp.values[(NS_PDFAID, "part")] == "2" and xmp.values[(NS_PDFAID, "conformance")] == "B"
        assert xmp.values[(NS_DC, "title")] == META["title"] == str(info.Title)
        assert xmp.values[(NS_DC, "creator")] == META["author"] == str(info.Author)
        assert xmp.values[(NS_DC, "description")] == META["subject"] == str(info.Subject)
        assert xmp.values[(NS_DC, "language")] == "vi" and xmp.values[(NS_DC, "date")] == "2023-05-12"
        assert xmp.values[(NS_PDF, "Producer")] == str(info.Producer)
        assert str(info.CreationDate).startswith("D:20230515000000+07'00'")
        assert xmp.values[(ARCHIVE_NS, "maHoSo")] == "H01.2023.HS-07"
        assert xmp.values[(ARCHIVE_NS, "doPhanGiai")] == "300"
        assert "maHoSo" in xmp.declared[ARCHIVE_NS]  # described by the PDF/A extension schema


def test_unknown_metadata_keys_are_refused(raw: bytes) -> None:
    with pytest.raises(ValueError, match="tenNguoiViet"):
        to_pdfa(raw, {"title": "x", "tenNguoiViet": "y"})


def test_actions_interpolation_and_encryption_are_removed(raw: bytes) -> None:
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        pdf.pages[0].obj.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.Launch))
        for _n, xo in pdf.pages[0].Resources.XObject.items():
            xo.Interpolate = True
        buf = io.BytesIO()
        pdf.save(buf, encryption=pikepdf.Encryption(owner="owner", user="", R=4))
    assert {"6.5.1", "6.2.8", "6.1.3"} <= {p.split(":")[0] for p in check_pdfa(buf.getvalue())}
    assert check_pdfa(to_pdfa(buf.getvalue(), {"title": "x"})) == []


# ------------------------------------------------------------------------------------------ broken files


def _save(pdf: Any) -> bytes:
    buf = io.BytesIO()
    # streams as they are: qpdf would otherwise decode LZW and write it again with Flate
    pdf.save(buf, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
    return buf.getvalue()


def _page_xobject(pdf: Any) -> Any:
    return next(iter(pdf.pages[0].Resources.XObject.values()))


def _cid_font(pdf: Any) -> Any:
    return next(iter(pdf.pages[0].Resources.Font.values())).DescendantFonts[0]


def _visible_helvetica(pdf: Any) -> None:
    """Text drawn (mode 0) in Helvetica, a font whose program is not in the file."""
    page = pdf.pages[0]
    page.Resources.Font.FH = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.contents_add(pdf.make_stream(b"BT /FH 12 Tf 0 Tr 72 72 Td (Hello) Tj ET"), prepend=False)


def _xmp(pdf: Any, old: bytes, new: bytes) -> None:
    data = pdf.Root.Metadata.read_bytes()
    assert old in data
    pdf.Root.Metadata.write(data.replace(old, new, 1))


def _plain_title(pdf: Any) -> None:
    _xmp(pdf, b'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">', b"<dc:title>")
    _xmp(pdf, b"</rdf:li></rdf:Alt></dc:title>", b"</dc:title>")


def _content(pdf: Any, old: bytes, new: bytes) -> None:
    page = pdf.pages[0]
    data = page.obj.Contents.read_bytes()
    assert old in data
    page.obj.Contents = pdf.make_stream(data.replace(old, new))


def _wider_visible_text(pdf: Any) -> None:
    _content(pdf, b"3 Tr", b"0 Tr")  # the text is drawn now: its widths must agree with the font program's
    _cid_font(pdf).W = pikepdf.Array([0, pikepdf.Array([2000] * 3000)])


def _bad_profile(pdf: Any) -> None:
    profile = pdf.Root.OutputIntents[0].DestOutputProfile
    data = bytearray(profile.read_bytes())
    data[12:16] = b"scnr"  # an input (scanner) profile is no output intent
    profile.write(bytes(data))


def _lzw(pdf: Any) -> None:
    stream = pdf.make_stream(b"")
    stream.write(b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", filter=pikepdf.Name.LZWDecode)  # already encoded
    pdf.Root.PieceInfo = pdf.make_indirect(stream)


BREAKS: dict[str, tuple[Callable[[Any], None], str]] = {
    "nothing (the control)": (lambda pdf: None, ""),
    "no XMP": (lambda pdf: pdf.Root.__delitem__("/Metadata"), "6.6.2.1"),
    "no output intent": (lambda pdf: pdf.Root.__delitem__("/OutputIntents"), "6.2.4.3"),
    "an unembedded font": (_visible_helvetica, "6.2.11.4.1"),
    "JavaScript": (
        lambda pdf: setattr(pdf.Root, "OpenAction", pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="1")),
        "6.5.1",
    ),
    "additional actions": (lambda pdf: setattr(pdf.pages[0].obj, "AA", pikepdf.Dictionary()), "6.5.2"),
    "interpolation": (lambda pdf: setattr(_page_xobject(pdf), "Interpolate", True), "6.2.8"),
    "LZW": (_lzw, "6.1.7.2"),
    "PDF/A-1 claimed": (lambda pdf: _xmp(pdf, b"<pdfaid:part>2<", b"<pdfaid:part>1<"), "6.6.4"),
    "undeclared XMP property": (
        lambda pdf: _xmp(pdf, b"<dc:format>", b'<q:extra xmlns:q="urn:x-q:">v</q:extra><dc:format>'),
        "6.6.2.3.1",
    ),
    "dc:title not a language alternative": (_plain_title, "6.6.2.3.1"),
    "Info disagrees with XMP": (lambda pdf: setattr(pdf.trailer.Info, "Title", "khác"), "ISO 19005-1 6.7.3"),
    "no CIDToGIDMap": (lambda pdf: _cid_font(pdf).__delitem__("/CIDToGIDMap"), "6.2.11.3.2"),
    "the .notdef glyph": (lambda pdf: _content(pdf, b"[ () ] TJ", b"[ <0000> ] TJ"), "6.2.11.8"),
    "a huge page": (lambda pdf: setattr(pdf.pages[0].obj, "MediaBox", [0, 0, 20000, 842]), "6.1.13"),
    "widths that differ from the font": (_wider_visible_text, "6.2.11.5"),
    "a scanner profile as output intent": (_bad_profile, "6.2.3"),
}


@pytest.mark.parametrize("broken", list(BREAKS))
def test_each_broken_file_fails_on_its_clause(archival: bytes, broken: str) -> None:
    change, clause = BREAKS[broken]
    with pikepdf.open(io.BytesIO(archival)) as pdf:
        change(pdf)
        problems = check_pdfa(_save(pdf))
    if not clause:
        assert problems == []  # rewritten by qpdf and unchanged: still valid
        return
    assert any(p.startswith(clause + ":") for p in problems), problems


def test_encryption_and_trailing_data_fail(archival: bytes) -> None:
    with pikepdf.open(io.BytesIO(archival)) as pdf:
        buf = io.BytesIO()
        pdf.save(buf, encryption=pikepdf.Encryption(owner="o", user="", R=6))
    assert any(p.startswith("6.1.3:") and "Encrypt" in p for p in check_pdfa(buf.getvalue()))
    assert any(p.startswith("6.1.3:") and "end-of-file" in p for p in check_pdfa(archival + b"junk\n"))
    assert any(p.startswith("6.1.2:") for p in check_pdfa(b" " + archival))


# ------------------------------------------------------------------------------------------ resolution


def test_the_kept_scan_states_its_resolution_and_sizes_the_page() -> None:
    a5 = Image.new("L", (1748, 2480), 255)  # A5 at 300 dpi: the file's resolution is trusted
    assert archival_dpi(a5, 300) == 300
    assert jpeg_dpi(archival_jpeg(a5, 300)) == 300
    fine = Image.open(io.BytesIO(archival_jpeg(Image.new("L", (3496, 4960), 255), 600)))  # A5 at 600 dpi
    assert (
        fine.size == (1748, 2480) and fine.info["dpi"][0] == 300
    )  # kept at 300 dpi, the paper's size unchanged
    photo = Image.new("RGB", (3000, 4000), 255)  # a phone photo "at 72 dpi": an A4 sheet's width instead
    assert archival_dpi(photo, 72) == pytest.approx(3000 / 8.27)
    screen = io.BytesIO()
    a5.save(screen, "JPEG")  # the screen's copies state no resolution
    assert jpeg_dpi(screen.getvalue()) is None
    spec = archival_spec(screen.getvalue(), 874, 1240, [["x", 10, 10, 20, 20]], archival_jpeg(a5, 300))
    assert (spec.width, spec.dpi, list(spec.words[0])[1:5]) == (1748, 300, [20, 20, 40, 40])
    pdf = build_pdf([spec])
    assert page_resolutions(pdf) == [pytest.approx(300, abs=1)]
    with pikepdf.open(io.BytesIO(pdf)) as doc:  # A5: 148 mm = 419.5 pt
        assert float(doc.pages[0].mediabox[2]) == pytest.approx(1748 * 72 / 300, abs=0.5)
    fallback = archival_spec(screen.getvalue(), 1748, 2480, [], None)  # no kept copy: an A4 sheet's width
    assert fallback.dpi is None and page_resolutions(build_pdf([fallback]))[0] == pytest.approx(
        1748 / 8.27, abs=1
    )
