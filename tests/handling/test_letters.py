"""Letters: every kind fills its bundled template, redaction, admin templates and their checks, PDF."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document

from donthu.handling.letters import (
    LETTER_KINDS,
    NO_LIBREOFFICE,
    LetterContext,
    LetterError,
    check_template,
    context_names,
    date_text,
    export_templates,
    find_soffice,
    kinds_for,
    render,
    render_docx,
    series_for,
    template_placeholders,
    to_pdf,
)
from donthu.handling.letters.make_templates import write_templates

NAME, ADDRESS = "Nguyễn Thị Hồng Nhung", "số 12 đường Lê Lợi, phường Bến Thành"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def full_context(**changes: object) -> LetterContext:
    """Every field set; the Vietnamese values decomposed (NFD), as an OCR'd or pasted text may be."""
    ctx = LetterContext(
        agency_parent=nfd("UBND THÀNH PHỐ HỒ CHÍ MINH"),
        agency=nfd("Thanh tra Thành phố"),
        number="27",
        series=nfd("PĐX-TTr"),
        place=nfd("Thành phố Hồ Chí Minh"),
        date_text=date_text(dt.date(2026, 12, 1)),
        kinh_gui=nfd("Chánh Thanh tra Thành phố"),
        citizen_title="Bà",
        citizen_name=nfd(NAME),
        citizen_address=nfd(ADDRESS),
        received_date="03/11/2026",
        case_id="DT-2026-000481",
        subject=nfd("Bồi thường khi thu hồi đất"),
        content=nfd(f"Bà {NAME} phản đối mức bồi thường & hỗ trợ <tái định cư>\x0c tại {ADDRESS}."),
        respondent=nfd("Ủy ban nhân dân phường Bến Thành"),
        category_label=nfd("Khiếu nại"),
        legal_basis=nfd("Điều 27 Luật Khiếu nại năm 2011"),
        target_body=nfd("Ủy ban nhân dân phường Sài Gòn"),
        forwarding_body=nfd("Ban Dân nguyện"),
        forwarding_letter="45/BDN ngày 20/10/2026",
        reasons=nfd("Đã hết thời hiệu khiếu nại"),
        result_text=nfd("Khiếu nại đúng một phần"),
        officer=nfd("Trần Văn Bình"),
        signer_title=nfd("KT. CHÁNH THANH TRA\nPHÓ CHÁNH THANH TRA"),
        signer_name=nfd("Lê Minh Cường"),
        round="1",
        noi_nhan=[nfd("Thanh tra Chính phủ"), nfd(f"Bà {NAME} (để biết)")],
    )
    for key, value in changes.items():
        setattr(ctx, key, value)
    return ctx


def docx_text(data: bytes) -> str:
    """All the document's text: body paragraphs and table cells (python-docx), one paragraph a line."""
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    lines += [p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(lines)


def all_xml(data: bytes) -> str:
    """Every XML part of the DOCX (body, properties, ...): what a curious reader of the file could see."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


# the values each kind must show, beside the ones every kind shows (agency, number, date, case, signer)
SHOWN = {
    "de_xuat_thu_ly": ["kinh_gui", "citizen_name", "citizen_address", "content", "respondent", "officer"],
    "huong_dan": ["citizen_name", "citizen_address", "content", "target_body", "legal_basis"],
    "chuyen_don_to_cao": ["target_body", "respondent", "legal_basis", "forwarding_body"],
    "chuyen_don": ["target_body", "citizen_name", "citizen_address", "content", "forwarding_letter"],
    "thong_bao_thu_ly_kn": ["citizen_name", "citizen_address", "content", "respondent", "legal_basis"],
    "thong_bao_khong_thu_ly_kn": ["citizen_name", "content", "reasons", "legal_basis"],
    "quyet_dinh_thu_ly_tc": ["respondent", "legal_basis", "officer"],
    "thong_bao_thu_ly_tc": ["citizen_name", "citizen_address", "content", "respondent", "legal_basis"],
    "tra_lai": ["forwarding_body", "forwarding_letter", "citizen_name", "content", "reasons", "target_body"],
    "huong_dan_nhieu_noi_dung": ["citizen_name", "citizen_address", "content", "target_body", "legal_basis"],
    "don_doc": ["target_body", "subject", "forwarding_letter", "legal_basis"],
    "thong_bao_ket_qua": ["citizen_name", "citizen_address", "content", "result_text", "legal_basis"],
    "de_xuat_tieu_huy": ["kinh_gui", "subject", "reasons", "legal_basis", "officer"],
}


def test_every_kind_has_a_template_and_expectations() -> None:
    assert set(SHOWN) == set(LETTER_KINDS)
    for code in LETTER_KINDS:
        assert check_template(code, render.BUNDLED_DIR / f"{code}.docx") == []


@pytest.mark.parametrize("kind", sorted(LETTER_KINDS))
def test_every_kind_renders_the_values_in_nfc(kind: str) -> None:
    ctx = full_context()
    text = docx_text(render_docx(kind, ctx))
    for leftover in ("{{", "}}", "{%", "%}"):
        assert leftover not in text
    assert unicodedata.is_normalized("NFC", text)
    assert "\x0c" not in text
    nfc = {k: unicodedata.normalize("NFC", v) for k, v in ctx.as_dict().items() if isinstance(v, str)}
    nfc["content"] = nfc["content"].replace("\x0c", "")  # a control character is dropped, the rest stays
    for name in ["agency_parent", "agency", "place", "date_text", "case_id", "signer_name", *SHOWN[kind]]:
        assert nfc[name] in text, (kind, name)
    assert f"Số: 27/{nfc['series']}" in text
    assert "PHÓ CHÁNH THANH TRA" in text.splitlines()  # a line break in a value: a paragraph of its own
    if LETTER_KINDS[kind].series:  # a công văn (đôn đốc) has no title
        assert LETTER_KINDS[kind].label.upper() in text


def test_recipients_are_listed_once() -> None:
    ctx = full_context(noi_nhan=["Như trên", "Ban Dân nguyện;", " ", "Lưu: VT, hồ sơ DT-2026-000481"])
    lines = docx_text(render_docx("thong_bao_thu_ly_kn", ctx)).splitlines()
    start = lines.index("Nơi nhận:")
    assert lines[start + 1 : start + 4] == [
        "- Như trên;",
        "- Ban Dân nguyện;",
        "- Lưu: VT, hồ sơ DT-2026-000481.",
    ]


def test_special_characters_are_escaped_not_markup() -> None:
    text = docx_text(render_docx("thong_bao_thu_ly_kn", full_context()))
    assert "mức bồi thường & hỗ trợ <tái định cư> tại" in text


@pytest.mark.parametrize("kind", ["chuyen_don_to_cao", "quyet_dinh_thu_ly_tc"])
def test_redacted_kinds_never_hold_the_denouncer(kind: str) -> None:
    ctx = full_context(category_label="Tố cáo", extra={"note": f"người gửi: {NAME}"})
    data = render_docx(kind, ctx)
    xml = all_xml(data).casefold()
    for secret in (NAME, ADDRESS, "Hồng Nhung"):
        assert secret.casefold() not in xml
    text = docx_text(data)
    assert "phản đối mức bồi thường" in text  # the content stays, the name is cut from it
    assert "Bà [đã lược bỏ] phản đối" not in text and "[đã lược bỏ] phản đối" in text
    assert "Thanh tra Chính phủ" in text  # a recipient that does not name the denouncer stays


def test_redacted_templates_have_no_identity_placeholder() -> None:
    for code, kind in LETTER_KINDS.items():
        names = template_placeholders(render.BUNDLED_DIR / f"{code}.docx")
        if kind.redacted:
            assert not names & set(render.IDENTITY_FIELDS), code
        assert names <= context_names(), code


def test_redact_on_request_hides_the_citizen_in_another_kind() -> None:
    plain = docx_text(render_docx("don_doc", full_context()))
    assert NAME in plain
    hidden = render_docx("don_doc", full_context(), redact=True)
    assert NAME.casefold() not in all_xml(hidden).casefold()
    assert " của  " not in docx_text(hidden)  # the sentence reads without the name, no gap


def make_docx(path: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_an_admin_template_wins_over_the_bundled_one(tmp_path: Path) -> None:
    make_docx(tmp_path / "huong_dan.docx", "MẪU CỦA ĐƠN VỊ {{ case_id }} gửi {{ citizen_name }}")
    text = docx_text(render_docx("huong_dan", full_context(), template_dir=tmp_path))
    assert text.strip() == f"MẪU CỦA ĐƠN VỊ DT-2026-000481 gửi {NAME}"
    other = docx_text(render_docx("chuyen_don", full_context(), template_dir=tmp_path))  # not overridden
    assert "PHIẾU CHUYỂN ĐƠN" in other


def test_an_unknown_placeholder_is_an_error_not_a_blank(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "huong_dan.docx", "Kính gửi {{ citizen_nmae }}", "{{ case_id }}")
    problems = check_template("huong_dan", path)
    assert len(problems) == 1 and "citizen_nmae" in problems[0] and "không tồn tại" in problems[0]
    with pytest.raises(LetterError, match="citizen_nmae"):
        render_docx("huong_dan", full_context(), template_dir=tmp_path)


def test_a_syntax_error_is_reported(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "tra_lai.docx", "{% if reasons %}Lý do: {{ reasons }}", "{{ case_id }}")
    problems = check_template("tra_lai", path)
    assert len(problems) == 1 and "lỗi cú pháp" in problems[0]
    with pytest.raises(LetterError, match="lỗi cú pháp"):
        render_docx("tra_lai", full_context(), template_dir=tmp_path)


def test_a_redacted_admin_template_may_not_name_the_denouncer(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "chuyen_don_to_cao.docx", "Đơn của {{ citizen_name }}, {{ citizen_address }}")
    problems = check_template("chuyen_don_to_cao", path)
    assert len(problems) == 2 and all("người tố cáo" in p for p in problems)
    assert check_template("chuyen_don", make_docx(tmp_path / "x.docx", "{{ citizen_name }}")) == []


def test_not_a_docx_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "huong_dan.docx"
    bad.write_bytes(b"not a zip")
    assert "không đọc được tệp DOCX" in check_template("huong_dan", bad)[0]


def test_extra_values_for_an_admin_template(tmp_path: Path) -> None:
    make_docx(tmp_path / "thong_bao_thu_ly_tc.docx", "Quyết định số {{ extra.decision }}")
    filled = render_docx("thong_bao_thu_ly_tc", full_context(extra={"decision": "15/QĐ-TTr"}), tmp_path)
    assert "Quyết định số 15/QĐ-TTr" in docx_text(filled)
    with pytest.raises(LetterError):  # a value the template needs and the context lacks: no silent blank
        render_docx("thong_bao_thu_ly_tc", full_context(), template_dir=tmp_path)


def test_export_templates_copies_and_keeps_edits(tmp_path: Path) -> None:
    edited = make_docx(tmp_path / "huong_dan.docx", "{{ case_id }}")
    before = edited.read_bytes()
    written = export_templates(tmp_path)
    assert {p.name for p in written} == {f"{k}.docx" for k in LETTER_KINDS} - {"huong_dan.docx"}
    assert edited.read_bytes() == before
    assert (tmp_path / "don_doc.docx").read_bytes() == (render.BUNDLED_DIR / "don_doc.docx").read_bytes()


def test_the_bundled_templates_are_what_make_templates_writes(tmp_path: Path) -> None:
    write_templates(tmp_path)
    for code in LETTER_KINDS:
        assert (tmp_path / f"{code}.docx").read_bytes() == (
            render.BUNDLED_DIR / f"{code}.docx"
        ).read_bytes(), f"{code}: run python -m donthu.handling.letters.make_templates"


def test_date_text_follows_nd30() -> None:
    assert date_text(dt.date(2026, 12, 1)) == "ngày 01 tháng 12 năm 2026"
    assert date_text(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert date_text(dt.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"


def test_kinds_for_events_and_series() -> None:
    assert [k.code for k in kinds_for("chuyen_don", "to_cao")] == ["chuyen_don_to_cao"]
    assert [k.code for k in kinds_for("chuyen_don", "kien_nghi_phan_anh")] == ["chuyen_don"]
    thu_ly_kn = {k.code for k in kinds_for("thu_ly", "khieu_nai")}
    assert thu_ly_kn == {"de_xuat_thu_ly", "thong_bao_thu_ly_kn"}
    assert {k.code for k in kinds_for("thu_ly", "to_cao")} == {
        "de_xuat_thu_ly",
        "quyet_dinh_thu_ly_tc",
        "thong_bao_thu_ly_tc",
    }
    assert series_for("de_xuat_thu_ly", "TTr") == "PĐX-TTr"
    assert series_for("don_doc", "TTr") == "TTr"
    assert [k.code for k in LETTER_KINDS.values() if k.redacted] == [
        "chuyen_don_to_cao",
        "quyet_dinh_thu_ly_tc",
    ]


def test_context_round_trips_through_a_dict() -> None:
    ctx = full_context()
    assert LetterContext.from_dict({**ctx.as_dict(), "unknown": 1}) == ctx
    stored = LetterContext.from_dict({**ctx.as_dict(), "number": 7, "respondent": None, "noi_nhan": None})
    text = docx_text(render_docx("thong_bao_thu_ly_kn", stored))
    assert "Số: 7/" in text and "Người bị khiếu nại" not in text


def test_no_libreoffice_is_a_vietnamese_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(LetterError, match="^Máy chủ chưa cài LibreOffice: chỉ tải được bản DOCX"):
        to_pdf(b"PK", soffice="/khong/co/soffice")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert find_soffice() is None
    with pytest.raises(LetterError) as err:
        to_pdf(b"PK")
    assert str(err.value) == NO_LIBREOFFICE


def test_a_failed_conversion_is_a_letter_error(tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(LetterError, match="không chuyển được văn bản sang PDF.*could not be loaded"):
        to_pdf(b"PK", soffice=str(fake))


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    """One conversion for the module (LibreOffice takes seconds)."""
    ctx = full_context(
        content="Khiếu nại Quyết định số 1234/QĐ-UBND về bồi thường\nDòng thứ hai của nội dung"
    )
    return to_pdf(render_docx("thong_bao_thu_ly_kn", ctx))


def test_pdf_text_holds_the_letter(letter_pdf: bytes) -> None:
    assert letter_pdf.startswith(b"%PDF")
    pdf = pdfium.PdfDocument(letter_pdf)
    text = unicodedata.normalize("NFC", "\n".join(page.get_textpage().get_text_range() for page in pdf))
    for value in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "THÔNG BÁO",
        "DT-2026-000481",
        NAME,
        "Khiếu nại Quyết định số 1234/QĐ-UBND",
        "ngày 01 tháng 12 năm 2026",
        "Lê Minh Cường",
    ):
        assert value in text, value


def test_pdf_renders_to_a_page_with_ink(letter_pdf: bytes, tmp_path: Path) -> None:
    page = pdfium.PdfDocument(letter_pdf)[0]
    width, height = page.get_size()
    assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4 in points
    image = page.render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "letter.png")
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.width * image.height  # text on the page, not a blank sheet
    top = image.crop((0, 0, image.width, image.height // 5))
    assert sum(top.histogram()[:128]) > 0  # the header is at the top
