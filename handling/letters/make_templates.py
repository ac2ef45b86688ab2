"""Writes the bundled letter templates: `python -m donthu.handling.letters.make_templates [DIR]`.

One DOCX per kind (handling/letters/templates/<kind>.docx) with docxtpl placeholders ({{ name }},
{%p if/for %} paragraphs), laid out as a Vietnamese administrative document (NĐ 30/2020/NĐ-CP, Phụ lục I):
A4, margins 20 mm top and bottom, 30 mm left, 15 mm right, Times New Roman; a header table (the agency and the
number on the left, the national motto, place and date on the right), the title, "V/v ...", "Kính gửi: ...",
the body of the form, and a bottom table (Nơi nhận on the left, the signer on the right). The files are
byte-for-byte reproducible (fixed zip timestamps), so rewriting them shows no change unless the layout did.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell

from .kinds import LETTER_KINDS, LetterKind

TEMPLATES_DIR = Path(__file__).with_name("templates")
FONT = "Times New Roman"
TEXT_WIDTH_MM = 165  # A4 210 mm less 30 + 15 mm margins
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY

# phrases the forms share
WHO = "{{ citizen_title|lower }} {{ citizen_name }}"
ADDRESS = "Địa chỉ: {{ citizen_address }}"
CASE = "(mã hồ sơ {{ case_id }})"
CATEGORY = "{% if category_label %} {{ category_label|lower }}{% endif %}"
TT05_BASIS = "Thông tư số 05/2021/TT-TTCP của Thanh tra Chính phủ"


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # body (justified, indented) · center (bold, centred) · plain (justified, no indent)
    when: str = ""  # a Jinja condition: the paragraph is left out when it is false


@dataclass(frozen=True)
class Layout:
    body: tuple[Para, ...]
    kinh_gui: str = "{{ kinh_gui }}"  # "" = none (a quyết định)
    address: bool = False  # "Địa chỉ: ..." under Kính gửi (letters to the citizen)
    first_recipient: str = "Như trên"
    approval: bool = False  # Mẫu 01's three signatures instead of Nơi nhận + signer
    authority: bool = False  # a quyết định: the issuing authority under the title
    vv: str = ""  # overrides the kind's V/v line (may hold placeholders)
    extra_top: tuple[Para, ...] = field(default_factory=tuple)


def _intro(what: str = f"đơn{CATEGORY} của {WHO}") -> Para:
    return Para(f"Ngày {{{{ received_date }}}}, {{{{ agency }}}} nhận được {what} {CASE}.")


CONTENT = Para("Nội dung đơn: {{ content }}")
RESPONDENT = Para("Người bị khiếu nại, bị tố cáo: {{ respondent }}.", when="respondent")
FORWARDED = Para(
    "Đơn do {{ forwarding_body }} chuyển đến"
    "{% if forwarding_letter %} theo văn bản số {{ forwarding_letter }}{% endif %}.",
    when="forwarding_body",
)
REASONS = Para("Lý do: {{ reasons }}", when="reasons")


LAYOUTS: dict[str, Layout] = {
    "de_xuat_thu_ly": Layout(
        approval=True,
        body=(
            _intro(),
            Para(ADDRESS + "."),
            CONTENT,
            RESPONDENT,
            FORWARDED,
            Para(
                "{% if legal_basis %}Căn cứ {{ legal_basis }}, {% endif %}{{ agency }} đề xuất "
                "{{ kinh_gui }} thụ lý đơn{% if round %} (giải quyết lần {{ round }}){% endif %} "
                "để giải quyết theo quy định của pháp luật."
            ),
            Para("Kính trình {{ kinh_gui }} xem xét, quyết định./."),
        ),
    ),
    "huong_dan": Layout(
        kinh_gui="{{ citizen_title }} {{ citizen_name }}",
        address=True,
        vv="V/v hướng dẫn gửi đơn{{ category_label and ' ' ~ category_label|lower }}",
        body=(
            _intro(f"đơn{CATEGORY} của {WHO}"),
            CONTENT,
            REASONS,
            Para(
                f"Căn cứ {{{{ legal_basis or '{TT05_BASIS}' }}}}, {{{{ agency }}}} hướng dẫn {WHO} "
                "{% if target_body %}gửi đơn đến {{ target_body }} để được xem xét, giải quyết theo quy định "
                "của pháp luật.{% else %}bổ sung, hoàn thiện đơn theo quy định của pháp luật.{% endif %}"
            ),
        ),
    ),
    "chuyen_don_to_cao": Layout(  # redacted: not one placeholder for the denouncer
        kinh_gui="{{ target_body }}",
        body=(
            Para(
                "Ngày {{ received_date }}, {{ agency }} nhận được đơn tố cáo "
                "{% if forwarding_body %}do {{ forwarding_body }} chuyển đến {% endif %}" + CASE + "."
            ),
            Para("Nội dung tố cáo: {{ content }}"),
            Para("Người bị tố cáo: {{ respondent }}.", when="respondent"),
            Para(
                "Sau khi xem xét nội dung đơn, căn cứ {{ legal_basis or 'khoản 2 Điều 24 Luật Tố cáo năm 2018' }}, "
                "{{ agency }} chuyển đơn tố cáo đến {{ target_body }} để giải quyết theo thẩm quyền."
            ),
            Para(
                "Kèm theo: đơn tố cáo đã lược bỏ họ tên, địa chỉ, bút tích và các thông tin cá nhân khác của "
                "người tố cáo, cùng các tài liệu, chứng cứ kèm theo (nếu có)."
            ),
            Para("Đề nghị {{ target_body }} thông báo kết quả giải quyết cho {{ agency }} biết."),
        ),
    ),
    "chuyen_don": Layout(
        kinh_gui="{{ target_body }}",
        vv="V/v chuyển đơn{{ category_label and ' ' ~ category_label|lower }}",
        body=(
            _intro(f"đơn{CATEGORY} của {WHO}, địa chỉ: {{{{ citizen_address }}}}"),
            CONTENT,
            FORWARDED,
            Para(
                "Căn cứ {{ legal_basis or 'quy định của pháp luật' }}, {{ agency }} chuyển đơn đến "
                "{{ target_body }} để xem xét, giải quyết theo thẩm quyền."
            ),
            Para(
                f"Đề nghị {{{{ target_body }}}} thông báo kết quả giải quyết cho {WHO} và {{{{ agency }}}} biết."
            ),
        ),
    ),
    "thong_bao_thu_ly_kn": Layout(
        kinh_gui="{{ citizen_title }} {{ citizen_name }}",
        address=True,
        body=(
            _intro(f"đơn khiếu nại của {WHO}, địa chỉ: {{{{ citizen_address }}}}"),
            Para("Khiếu nại về việc: {{ content }}"),
            Para("Người bị khiếu nại: {{ respondent }}.", when="respondent"),
            Para(
                "Sau khi xem xét nội dung đơn khiếu nại, căn cứ "
                "{{ legal_basis or 'Luật Khiếu nại năm 2011 và Nghị định số 124/2020/NĐ-CP' }}, đơn khiếu nại "
                "đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết{% if round %} lần {{ round }}{% endif %} "
                "của {{ agency }}."
            ),
            Para(f"{{{{ agency }}}} thụ lý giải quyết khiếu nại và thông báo để {WHO} biết."),
        ),
    ),
    "thong_bao_khong_thu_ly_kn": Layout(
        kinh_gui="{{ citizen_title }} {{ citizen_name }}",
        address=True,
        body=(
            _intro(f"đơn khiếu nại của {WHO}, địa chỉ: {{{{ citizen_address }}}}"),
            Para("Khiếu nại về việc: {{ content }}"),
            Para(
                "Sau khi xem xét nội dung đơn khiếu nại, căn cứ "
                "{{ legal_basis or 'Điều 11 Luật Khiếu nại năm 2011' }}, đơn khiếu nại không đủ điều kiện "
                "thụ lý giải quyết vì lý do sau:"
            ),
            Para("{{ reasons }}"),
            Para(f"Vậy thông báo để {WHO} biết."),
        ),
    ),
    "quyet_dinh_thu_ly_tc": Layout(  # redacted: the decision does not name the denouncer
        kinh_gui="",
        authority=True,
        first_recipient="Như Điều 3",
        body=(
            Para("Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018;"),
            Para(
                "Căn cứ Nghị định số 31/2019/NĐ-CP ngày 10 tháng 4 năm 2019 của Chính phủ quy định chi tiết "
                "một số điều và biện pháp tổ chức thi hành Luật Tố cáo;"
            ),
            Para("Căn cứ {{ legal_basis }};", when="legal_basis"),
            Para("Xét đơn tố cáo nhận ngày {{ received_date }} " + CASE + ","),
            Para("QUYẾT ĐỊNH:", style="center"),
            Para("Điều 1. Thụ lý tố cáo đối với {{ respondent }} về nội dung: {{ content }}"),
            Para(
                "Điều 2. Thời hạn giải quyết tố cáo theo quy định tại Điều 30 Luật Tố cáo năm 2018."
                "{% if officer %} Giao {{ officer }} tiến hành xác minh nội dung tố cáo.{% endif %}"
            ),
            Para(
                "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. {% if officer %}{{ officer }}, {% endif %}"
                "các cơ quan, tổ chức, đơn vị và cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./."
            ),
        ),
    ),
    "thong_bao_thu_ly_tc": Layout(
        kinh_gui="{{ citizen_title }} {{ citizen_name }}",
        address=True,
        body=(
            _intro(f"đơn tố cáo của {WHO}, địa chỉ: {{{{ citizen_address }}}}"),
            Para("Nội dung tố cáo: {{ content }}"),
            Para("Người bị tố cáo: {{ respondent }}.", when="respondent"),
            Para(
                "Căn cứ {{ legal_basis or 'Điều 29 Luật Tố cáo năm 2018' }}, {{ agency }} đã thụ lý tố cáo "
                "để giải quyết theo quy định của pháp luật."
            ),
            Para(f"Vậy thông báo để {WHO} biết."),
        ),
    ),
    "tra_lai": Layout(
        kinh_gui="{{ forwarding_body }}",
        body=(
            Para(
                "Ngày {{ received_date }}, {{ agency }} nhận được "
                "{% if forwarding_letter %}văn bản số {{ forwarding_letter }} của {{ forwarding_body }} chuyển "
                "đơn{% else %}đơn do {{ forwarding_body }} chuyển đến{% endif %}"
                f"{{% if citizen_name %}} của {WHO}{{% endif %}} {CASE}."
            ),
            CONTENT,
            Para("Sau khi xem xét, nội dung đơn không thuộc thẩm quyền giải quyết của {{ agency }}."),
            REASONS,
            Para(
                "{% if legal_basis %}Căn cứ {{ legal_basis }}, {% endif %}{{ agency }} trả lại đơn và tài liệu "
                "kèm theo để {{ forwarding_body }} xử lý theo quy định"
                "{% if target_body %} (cơ quan có thẩm quyền giải quyết: {{ target_body }}){% endif %}."
            ),
        ),
    ),
    "huong_dan_nhieu_noi_dung": Layout(
        kinh_gui="{{ citizen_title }} {{ citizen_name }}",
        address=True,
        body=(
            _intro(f"đơn của {WHO}"),
            CONTENT,
            Para(
                f"Đơn của {WHO} có nhiều nội dung khác nhau thuộc thẩm quyền giải quyết của nhiều cơ quan, tổ "
                f"chức, đơn vị. Căn cứ {{{{ legal_basis or '{TT05_BASIS}' }}}}, {{{{ agency }}}} hướng dẫn {WHO} "
                "tách riêng từng nội dung và gửi đơn đến cơ quan có thẩm quyền giải quyết như sau:"
            ),
            Para("{{ target_body }}"),
        ),
    ),
    "don_doc": Layout(
        kinh_gui="{{ target_body }}",
        body=(
            Para(
                f"{{{{ agency }}}} đã chuyển đơn{CATEGORY}{{% if citizen_name %}} của {WHO}{{% endif %}} "
                "(mã hồ sơ {{ case_id }}, nhận ngày {{ received_date }})"
                "{% if forwarding_letter %} theo văn bản số {{ forwarding_letter }}{% endif %} đến "
                "{{ target_body }} để giải quyết theo thẩm quyền."
            ),
            Para("Nội dung đơn: {{ subject or content }}"),
            Para(
                "Đến nay đã quá thời hạn giải quyết theo quy định nhưng {{ agency }} chưa nhận được báo cáo "
                "kết quả giải quyết."
            ),
            Para(
                "Căn cứ {{ legal_basis or 'Điều 14 Thông tư số 05/2021/TT-TTCP của Thanh tra Chính phủ' }}, "
                "{{ agency }} đề nghị {{ target_body }} khẩn trương xem xét, giải quyết và báo cáo kết quả, nêu "
                "rõ lý do chậm giải quyết (nếu có) về {{ agency }}."
            ),
        ),
    ),
    "thong_bao_ket_qua": Layout(
        kinh_gui="{{ citizen_title }} {{ citizen_name }}",
        address=True,
        body=(
            _intro(),
            CONTENT,
            Para("Kết quả giải quyết: {{ result_text }}"),
            Para("Căn cứ pháp lý: {{ legal_basis }}.", when="legal_basis"),
            Para(f"{{{{ agency }}}} thông báo để {WHO} biết."),
        ),
    ),
    "de_xuat_tieu_huy": Layout(
        approval=True,
        body=(
            Para(
                f"Đơn{CATEGORY} mã hồ sơ {{{{ case_id }}}}, nhận ngày {{{{ received_date }}}}, nội dung: "
                "{{ subject or content }}, đã được lưu theo quy định"
                "{% if reasons %} (lý do lưu đơn: {{ reasons }}){% endif %}."
            ),
            Para(
                "Đến nay thời hạn lưu đơn 01 năm đã hết. Căn cứ "
                f"{{{{ legal_basis or 'Điều 28 {TT05_BASIS}' }}}}, {{{{ agency }}}} kính trình {{{{ kinh_gui }}}} "
                "xem xét, quyết định việc tiêu hủy đơn nêu trên./."
            ),
        ),
    ),
}


def _font(run, size: float, bold: bool = False, italic: bool = False, caps: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    if caps:
        run.font.all_caps = True
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _add(container, text: str, size: float = 14, align=CENTER, **style) -> None:
    """A paragraph of one run (docxtpl reads a placeholder only when it is not split across runs)."""
    para = container.add_paragraph()
    para.alignment = align
    para.paragraph_format.space_after = Pt(0)
    para.paragraph_format.space_before = Pt(0)
    _font(para.add_run(text), size, **style)


def _first_para(cell: _Cell, text: str, size: float = 13, **style) -> None:
    para = cell.paragraphs[0]
    para.alignment = CENTER
    _font(para.add_run(text), size, **style)


def _table(doc: DocxDocument, widths_mm: tuple[int, ...], rows: int = 1):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")  # narrow cell margins: the header lines fit on one line each
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "28")  # twips, 0.5 mm
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    return table


def _header(doc: DocxDocument, kind: LetterKind, layout: Layout) -> None:
    left, right = _table(doc, (75, 100)).rows[0].cells  # a little wider than the text, as agencies print it
    _first_para(left, "{{ agency_parent }}", 12, caps=True)
    _add(left, "{{ agency }}", 13, bold=True, caps=True)
    _add(left, "Số: {{ number }}/{{ series }}", 13)
    if not kind.series and (layout.vv or kind.vv):  # a công văn: its V/v under the number (NĐ 30/2020)
        _add(left, layout.vv or kind.vv, 12)
    _first_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _add(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _add(right, "")
    _add(right, "{{ place }}, {{ date_text }}", 13, italic=True)


def _title(doc: DocxDocument, kind: LetterKind, layout: Layout) -> None:
    _add(doc, "")
    if kind.series:  # a công văn has no title
        _add(doc, kind.label.upper(), 14, bold=True)
        if layout.vv or kind.vv:
            _add(doc, layout.vv or kind.vv, 14, bold=True)
    if layout.authority:
        _add(doc, "")
        _add(doc, "{{ authority }}", 14, bold=True, caps=True)
    _add(doc, "")
    if layout.kinh_gui:
        _add(doc, f"Kính gửi: {layout.kinh_gui}", 14)
    if layout.address:
        _add(doc, ADDRESS, 14)
    if layout.kinh_gui:
        _add(doc, "")


def _body(doc: DocxDocument, paras: tuple[Para, ...]) -> None:
    for p in paras:
        if p.when:
            _add(doc, f"{{%p if {p.when} %}}", 14, align=JUSTIFY)
        para = doc.add_paragraph()
        para.alignment = CENTER if p.style == "center" else JUSTIFY
        fmt = para.paragraph_format
        fmt.first_line_indent = Cm(1) if p.style == "body" else None
        fmt.space_before, fmt.space_after = Pt(6), Pt(0)
        _font(para.add_run(p.text), 14, bold=p.style == "center")
        if p.when:
            _add(doc, "{%p endif %}", 14, align=JUSTIFY)


def _signer(title_cell: _Cell, name_cell: _Cell, title: str, name: str, size: float = 14) -> None:
    _first_para(title_cell, title, size, bold=True, caps=True)
    name_cell.paragraphs[0].paragraph_format.space_before = Pt(size * 5)  # room for the signature and seal
    _first_para(name_cell, name, size, bold=True)


def _bottom(doc: DocxDocument, layout: Layout) -> None:
    _add(doc, "")
    if layout.approval:  # Mẫu 01: three signatures, titles on one row and names on the next, aligned
        titles, names = _table(doc, (50, 65, 50), rows=2).rows
        _signer(titles.cells[0], names.cells[0], "Ý KIẾN PHÊ DUYỆT CỦA THỦ TRƯỞNG", "", 13)
        _signer(titles.cells[1], names.cells[1], "{{ signer_title }}", "{{ signer_name }}", 13)
        _signer(titles.cells[2], names.cells[2], "NGƯỜI ĐỀ XUẤT", "{{ officer }}", 13)
        return
    left, right = _table(doc, (80, 85)).rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    _font(left.paragraphs[0].add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for line in (
        f"- {layout.first_recipient};",
        "{%p for n in noi_nhan %}",
        "- {{ n }};",
        "{%p endfor %}",
        "- Lưu: VT, hồ sơ {{ case_id }}.",
    ):
        _add(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _first_para(right, "{{ signer_title }}", 14, bold=True, caps=True)
    _add(right, "{{ signer_name }}", 14, bold=True)
    right.paragraphs[-1].paragraph_format.space_before = Pt(70)  # room for the signature and seal


def _page(doc: DocxDocument, kind: LetterKind) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    doc.core_properties.title = kind.label
    doc.core_properties.subject = kind.form or kind.label
    doc.core_properties.author = "Đơn Thư"
    doc.core_properties.comments = (
        f"Mẫu văn bản '{kind.code}': sửa nội dung, giữ nguyên tên các trường trong dấu ngoặc nhọn kép."
    )


def build(kind: LetterKind) -> DocxDocument:
    """The template of one kind, as a python-docx document."""
    layout = LAYOUTS[kind.code]
    doc = Document()
    _page(doc, kind)
    _header(doc, kind, layout)
    _title(doc, kind, layout)
    _body(doc, layout.extra_top + layout.body)
    _bottom(doc, layout)
    body = doc.element.body
    first = body[0]
    if first.tag == qn("w:p") and not first.xpath("string(.)"):  # the default document's empty paragraph
        body.remove(first)
    return doc


def _reproducible(docx: bytes) -> bytes:
    """The same zip with fixed timestamps, so an unchanged template is byte-for-byte the same file."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_templates(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Writes every kind's template into `directory`; returns the files."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for code, kind in LETTER_KINDS.items():
        buf = io.BytesIO()
        build(kind).save(buf)
        path = directory / f"{code}.docx"
        path.write_bytes(_reproducible(buf.getvalue()))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    for path in write_templates(Path(args[0]) if args else TEMPLATES_DIR):
        print(path)


if __name__ == "__main__":
    main()
