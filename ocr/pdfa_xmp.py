"""The XMP metadata of the archival PDFs: written by ocr/pdfa.py, checked by ocr/pdfa_check.py.

A PDF/A file describes itself in an XMP packet (ISO 19005-2 6.6): its PDF/A identification (pdfaid:part 2,
pdfaid:conformance B), Dublin Core (title, creator, description, language, date, subject, identifier), the XMP
basic dates and creator tool, the PDF producer and keywords, mirrored in the document information dictionary.
The fields of Thông tư 02/2019/TT-BNV (archive/package.py explains them) go in our own namespace
(:data:`ARCHIVE_NS`, prefix ``tt02``), which PDF/A allows only when the packet describes it with a PDF/A
extension schema (6.6.2.3.2-3: pdfaExtension:schemas → pdfaSchema → pdfaProperty name, valueType, category,
description); every file carries the same description of every field, filled or not.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_X = "adobe:ns:meta/"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_XMP = "http://ns.adobe.com/xap/1.0/"
NS_PDF = "http://ns.adobe.com/pdf/1.3/"
NS_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
NS_EXT = "http://www.aiim.org/pdfa/ns/extension/"
NS_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
NS_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
NS_TYPE = "http://www.aiim.org/pdfa/ns/type#"
NS_FIELD = "http://www.aiim.org/pdfa/ns/field#"
ARCHIVE_NS = "http://ns.donthu.invalid/tt02-2019/1.0/"  # ours (.invalid: a name no one else can own)
ARCHIVE_PREFIX = "tt02"
# schemas predefined by the XMP specification (2005) and ISO 19005: no extension schema needed
PREDEFINED_NS = frozenset(
    {NS_DC, NS_XMP, NS_PDF, NS_PDFAID, NS_EXT, NS_SCHEMA, NS_PROPERTY, NS_TYPE, NS_FIELD}
    | {
        "http://ns.adobe.com/xap/1.0/rights/",
        "http://ns.adobe.com/xap/1.0/mm/",
        "http://ns.adobe.com/xap/1.0/bj/",
        "http://ns.adobe.com/xap/1.0/t/pg/",
        "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
        "http://ns.adobe.com/photoshop/1.0/",
        "http://ns.adobe.com/tiff/1.0/",
        "http://ns.adobe.com/exif/1.0/",
        "http://ns.adobe.com/exif/1.0/aux/",
        "http://ns.adobe.com/camera-raw-settings/1.0/",
        "http://ns.adobe.com/xmp/Identifier/qual/1.0/",
    }
)
DC_TYPES = {"title": "Alt", "description": "Alt", "rights": "Alt", "creator": "Seq", "date": "Seq"}
DC_TYPES |= {"language": "Bag", "subject": "Bag", "contributor": "Bag", "publisher": "Bag", "relation": "Bag"}

PRODUCER = "Đơn Thư — PDFium, pikepdf/qpdf (PDF/A-2b)"
CREATOR_TOOL = "Đơn Thư (số hóa đơn thư)"
# the keys of to_pdfa's metadata that are not archive fields: Dublin Core, dates, identifier
STANDARD_KEYS = ("title", "author", "subject", "keywords", "language", "date", "created", "identifier")
# the archive fields (tt02 namespace): name → its label in Thông tư 02/2019/TT-BNV (or ours, for provenance)
ARCHIVE_FIELDS: dict[str, str] = {
    "maDinhDanhVanBan": "Mã định danh văn bản",
    "maHoSo": "Mã hồ sơ",
    "maPhong": "Mã phông/công trình/sưu tập lưu trữ",
    "mucLucHoacNam": "Mục lục số hoặc năm hình thành hồ sơ",
    "soVaKyHieuHoSo": "Số và ký hiệu hồ sơ",
    "soThuTuVanBan": "Số thứ tự văn bản trong hồ sơ",
    "tenLoaiVanBan": "Tên loại văn bản",
    "soVanBan": "Số của văn bản",
    "kyHieuVanBan": "Ký hiệu của văn bản",
    "ngayThangNamVanBan": "Ngày, tháng, năm văn bản",
    "tenCoQuanBanHanh": "Tên cơ quan, tổ chức, cá nhân ban hành văn bản",
    "trichYeuNoiDung": "Trích yếu nội dung",
    "ngonNgu": "Ngôn ngữ",
    "soLuongTrang": "Số lượng trang của văn bản",
    "kyHieuThongTin": "Ký hiệu thông tin",
    "tuKhoa": "Từ khóa",
    "cheDoSuDung": "Chế độ sử dụng",
    "mucDoTinCay": "Mức độ tin cậy",
    "butTich": "Bút tích",
    "tinhTrangVatLy": "Tình trạng vật lý",
    "ghiChu": "Ghi chú",
    # digitisation and provenance (ours)
    "doPhanGiai": "Độ phân giải thấp nhất của các trang (dpi)",
    "banLuocDanhTinh": "Bản đã lược danh tính người viết đơn (Luật Tố cáo Điều 47, 56)",
    "maDon": "Mã đơn trong hệ thống Đơn Thư",
    "hop": "Hộp",
    "hoSo": "Hồ sơ/cặp",
    "ngayDen": "Ngày đến",
    "nguonNgayDen": "Nguồn của ngày đến",
    "duongDanGoc": "Đường dẫn tệp gốc trong lô số hóa",
    "thuTuTrongLo": "Thứ tự trong lô số hóa",
    "loSoHoa": "Lô số hóa",
}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: Any) -> str:
    """Text as XML 1.0 and PDF can carry it: NFC, no control characters, trimmed."""
    return _XML_BAD.sub("", unicodedata.normalize("NFC", str(value))).strip()


def xmp_datetime(when: dt.datetime) -> str:
    return when.isoformat(timespec="seconds")


def pdf_datetime(when: dt.datetime) -> str:
    """A PDF date string: D:YYYYMMDDHHmmSS+HH'mm'."""
    off = when.utcoffset() or dt.timedelta(0)
    sign = "-" if off < dt.timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"D:{when:%Y%m%d%H%M%S}{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def parse_pdf_date(text: str) -> dt.datetime | None:
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?", text.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    hour, minute, second = (int(g or 0) for g in m.group(4, 5, 6))
    tz: dt.tzinfo = dt.UTC
    if m.group(7) and m.group(7) != "Z":
        digits = re.sub(r"\D", "", m.group(7))
        delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        tz = dt.timezone(delta if m.group(7)[0] == "+" else -delta)
    try:
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def parse_xmp_date(text: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


# ------------------------------------------------------------------------------------------ writing


def _alt(value: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'


def _list(kind: str, values: list[str]) -> str:
    return f"<rdf:{kind}>" + "".join(f"<rdf:li>{escape(v)}</rdf:li>" for v in values) + f"</rdf:{kind}>"


def keywords_of(meta: Mapping[str, str]) -> list[str]:
    return [k for k in (clean(x) for x in re.split(r"[;,]", meta.get("keywords", ""))) if k]


def _extension_schema() -> str:
    props = "".join(
        '<rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{name}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>{escape(label)}</pdfaProperty:description>"
        "</rdf:li>"
        for name, label in ARCHIVE_FIELDS.items()
    )
    return (
        f'<rdf:Description rdf:about="" xmlns:pdfaExtension="{NS_EXT}" xmlns:pdfaSchema="{NS_SCHEMA}"'
        f' xmlns:pdfaProperty="{NS_PROPERTY}"><pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
        "<pdfaSchema:schema>Thông tin đầu vào của tài liệu lưu trữ số hóa (Thông tư 02/2019/TT-BNV)"
        f"</pdfaSchema:schema><pdfaSchema:namespaceURI>{ARCHIVE_NS}</pdfaSchema:namespaceURI>"
        f"<pdfaSchema:prefix>{ARCHIVE_PREFIX}</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
    )


def build_xmp(meta: Mapping[str, str], created: dt.datetime, now: dt.datetime) -> bytes:
    """The XMP packet (UTF-8, no bytes/encoding attributes) for ``meta`` (cleaned, non-empty values)."""
    dc = ["<dc:format>application/pdf</dc:format>", f"<dc:title>{_alt(meta.get('title', ''))}</dc:title>"]
    if meta.get("author"):
        dc.append(f"<dc:creator>{_list('Seq', [meta['author']])}</dc:creator>")
    if meta.get("subject"):
        dc.append(f"<dc:description>{_alt(meta['subject'])}</dc:description>")
    if keywords_of(meta):
        dc.append(f"<dc:subject>{_list('Bag', keywords_of(meta))}</dc:subject>")
    dc.append(f"<dc:language>{_list('Bag', [meta.get('language') or 'vi'])}</dc:language>")
    if meta.get("date"):
        dc.append(f"<dc:date>{_list('Seq', [meta['date']])}</dc:date>")
    if meta.get("identifier"):
        dc.append(f"<dc:identifier>{escape(meta['identifier'])}</dc:identifier>")
    xmp = (
        f"<xmp:CreateDate>{xmp_datetime(created)}</xmp:CreateDate>"
        f"<xmp:ModifyDate>{xmp_datetime(now)}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{xmp_datetime(now)}</xmp:MetadataDate>"
        f"<xmp:CreatorTool>{escape(CREATOR_TOOL)}</xmp:CreatorTool>"
    )
    pdf = f"<pdf:Producer>{escape(PRODUCER)}</pdf:Producer>"
    if meta.get("keywords"):
        pdf += f"<pdf:Keywords>{escape(meta['keywords'])}</pdf:Keywords>"
    archive = "".join(
        f"<{ARCHIVE_PREFIX}:{name}>{escape(meta[name])}</{ARCHIVE_PREFIX}:{name}>"
        for name in ARCHIVE_FIELDS
        if meta.get(name)
    )
    body = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        f'<x:xmpmeta xmlns:x="{NS_X}"><rdf:RDF xmlns:rdf="{NS_RDF}">'
        f'<rdf:Description rdf:about="" xmlns:pdfaid="{NS_PDFAID}">'
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>"
        f'<rdf:Description rdf:about="" xmlns:dc="{NS_DC}">{"".join(dc)}</rdf:Description>'
        f'<rdf:Description rdf:about="" xmlns:xmp="{NS_XMP}">{xmp}</rdf:Description>'
        f'<rdf:Description rdf:about="" xmlns:pdf="{NS_PDF}">{pdf}</rdf:Description>'
        f"{_extension_schema()}"
        f'<rdf:Description rdf:about="" xmlns:{ARCHIVE_PREFIX}="{ARCHIVE_NS}">{archive}</rdf:Description>'
        "</rdf:RDF></x:xmpmeta>\n"
        + " " * 2000  # padding: an editor may grow the packet in place
        + '\n<?xpacket end="w"?>'
    )
    return body.encode("utf-8")


def info_entries(meta: Mapping[str, str], created: dt.datetime, now: dt.datetime) -> dict[str, str]:
    """The document information dictionary, equivalent to the XMP (ISO 19005-1 6.7.3 mapping)."""
    out = {"/Title": meta.get("title", ""), "/Creator": CREATOR_TOOL, "/Producer": PRODUCER}
    out |= {"/CreationDate": pdf_datetime(created), "/ModDate": pdf_datetime(now)}
    if meta.get("author"):
        out["/Author"] = meta["author"]
    if meta.get("subject"):
        out["/Subject"] = meta["subject"]
    if meta.get("keywords"):
        out["/Keywords"] = meta["keywords"]
    return out


# ------------------------------------------------------------------------------------------ reading and checks


@dataclass
class Xmp:
    """What the checks read of a packet: simple values by (namespace, name), and the declared extensions."""

    values: dict[tuple[str, str], str] = field(default_factory=dict)
    containers: dict[tuple[str, str], str] = field(default_factory=dict)  # property → Alt/Seq/Bag/"" (text)
    declared: dict[str, set[str]] = field(default_factory=dict)  # extension namespace URI → property names


def _split(tag: str) -> tuple[str, str]:
    return (tag[1:].split("}", 1)[0], tag.split("}", 1)[1]) if tag.startswith("{") else ("", tag)


def _text_of(el: ET.Element) -> tuple[str, str]:
    """(container kind, first value) of a property element."""
    for kind in ("Alt", "Seq", "Bag"):
        c = el.find(f"{{{NS_RDF}}}{kind}")
        if c is not None:
            li = c.find(f"{{{NS_RDF}}}li")
            return kind, (li.text or "").strip() if li is not None else ""
    return "", (el.text or "").strip()


def _declared(desc: ET.Element, xmp: Xmp, add: Callable[[str, str], None]) -> None:
    for schema in desc.iter(f"{{{NS_EXT}}}schemas"):
        for li in schema.iter(f"{{{NS_RDF}}}li"):
            uri = li.findtext(f"{{{NS_SCHEMA}}}namespaceURI")
            if uri is None:
                continue
            if li.findtext(f"{{{NS_SCHEMA}}}prefix") is None or li.findtext(f"{{{NS_SCHEMA}}}schema") is None:
                add("6.6.2.3.3", "an extension schema shall give pdfaSchema:schema, namespaceURI and prefix")
            names = xmp.declared.setdefault(uri.strip(), set())
            for prop in li.iter(f"{{{NS_SCHEMA}}}property"):
                for p in prop.iter(f"{{{NS_RDF}}}li"):
                    name = p.findtext(f"{{{NS_PROPERTY}}}name")
                    fields = [
                        p.findtext(f"{{{NS_PROPERTY}}}{k}") for k in ("valueType", "category", "description")
                    ]
                    if (
                        name is None
                        or any(f is None for f in fields)
                        or fields[1] not in ("external", "internal")
                    ):
                        add(
                            "6.6.2.3.3",
                            "an extension property shall give name, valueType, category, description",
                        )
                    if name:
                        names.add(name.strip())


def parse_xmp(packet: bytes, add: Callable[[str, str], None]) -> Xmp | None:
    """Read a metadata stream, reporting the 6.6.2.1 problems; None when it cannot be read at all."""
    head = re.match(rb"\s*<\?xpacket ([^?]*)\?>", packet)
    if head and (b"bytes=" in head.group(1) or b"encoding=" in head.group(1)):
        add("6.6.2.1", "the bytes and encoding attributes shall not be used in the xpacket header")
    try:
        packet.decode("utf-8")
    except UnicodeDecodeError:
        add("6.6.2.1", "the XMP packet shall be encoded as UTF-8")
        return None
    if b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        add("6.6.2.1", "the XMP packet shall be well-formed XMP (no DOCTYPE or entity declarations)")
        return None
    try:
        root = ET.fromstring(packet)
    except ET.ParseError as exc:
        add("6.6.2.1", f"the XMP packet is not well-formed XML: {exc}")
        return None
    xmp = Xmp()
    for desc in root.iter(f"{{{NS_RDF}}}Description"):
        if desc.find(f"{{{NS_EXT}}}schemas") is not None:
            _declared(desc, xmp, add)
        for key, value in desc.attrib.items():
            ns, name = _split(key)
            if ns and ns != NS_RDF:
                xmp.values[(ns, name)], xmp.containers[(ns, name)] = value, ""
        for child in desc:
            ns, name = _split(child.tag)
            kind, value = _text_of(child)
            xmp.values[(ns, name)], xmp.containers[(ns, name)] = value, kind
    return xmp


def check_xmp(xmp: Xmp, add: Callable[[str, str], None]) -> None:
    """6.6.4 identification, 6.6.2.3 schemas and value types."""
    part, conformance = xmp.values.get((NS_PDFAID, "part")), xmp.values.get((NS_PDFAID, "conformance"))
    if part is None or conformance is None:
        add("6.6.4", "the PDF/A identification schema (pdfaid:part, pdfaid:conformance) is missing")
    elif part != "2":
        add("6.6.4", f"pdfaid:part is {part}, not 2")
    elif conformance not in ("A", "B", "U"):
        add("6.6.4", f"pdfaid:conformance is {conformance}, not A, B or U")
    for (ns, name), kind in xmp.containers.items():
        if ns in PREDEFINED_NS:
            if ns == NS_DC and name in DC_TYPES and kind != DC_TYPES[name]:
                add("6.6.2.3.1", f"dc:{name} shall be an rdf:{DC_TYPES[name]}")
        elif name not in xmp.declared.get(ns, set()):
            add("6.6.2.3.1", f"the property {name} of {ns} is neither predefined nor in an extension schema")


def check_info(info: Mapping[str, Any], xmp: Xmp, add: Callable[[str, str], None]) -> None:
    """The document information dictionary agrees with the XMP (ISO 19005-1 6.7.3, carried into our profile)."""
    pairs = {
        "/Title": (NS_DC, "title"),
        "/Author": (NS_DC, "creator"),
        "/Subject": (NS_DC, "description"),
        "/Keywords": (NS_PDF, "Keywords"),
        "/Creator": (NS_XMP, "CreatorTool"),
        "/Producer": (NS_PDF, "Producer"),
    }
    for key, prop in pairs.items():
        if key in info and str(info[key]) != xmp.values.get(prop, None):
            add("ISO 19005-1 6.7.3", f"Info {key[1:]} does not match its XMP property {prop[1]}")
    for key, name in (("/CreationDate", "CreateDate"), ("/ModDate", "ModifyDate")):
        if key not in info:
            continue
        a = parse_pdf_date(str(info[key]))
        b = parse_xmp_date(xmp.values.get((NS_XMP, name), ""))
        if a is None or b is None or a != b:
            add("ISO 19005-1 6.7.3", f"Info {key[1:]} does not match xmp:{name}")
