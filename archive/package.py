"""A box of historical petitions exported as a folder an archive system takes in: one PDF/A-2b per petition,
named and described as the Vietnamese standard for digitised archive documents asks, with the metadata as CSV
and JSON and a SHA256SUMS file.

What the standard asks (Thông tư 02/2019/TT-BNV of 24/01/2019, "tiêu chuẩn dữ liệu thông tin đầu vào và yêu cầu
bảo quản tài liệu lưu trữ điện tử", in force 10/03/2019). The circular's own text could not be read from here
(only summaries and implementations of it); what follows is what those agree on, with the sources, and no
article or appendix number is cited that could not be checked:

* a digitised paper document: Portable Document Format (.pdf) version 1.4 or later, colour images ("ảnh màu"),
  at least 200 dpi, scale 100% (the page the paper's size), and the digitising agency's digital signature at
  the top right of the first page (its red seal as a PNG at actual size, the agency's name and the time). The
  same four values are Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II, Mục I, khoản 2 (standard of a digitised
  document) and Thông tư 01/2019/TT-BNV for digitised incoming paper; summaries of TT 02/2019 repeat them.
  Here: PDF/A-2b (ISO 19005-2 = TCVN 14159-2:2024, a PDF 1.7 file: a PDF "1.4 or later" made for long-term
  keeping), pages at the scan's own resolution and paper size (ocr/pdfa.py, kept at import: ingest/page.py),
  the resolution stated per file (doPhanGiai) and files under 200 dpi listed as warnings (a poor scan is not
  made better by upsampling: it needs scanning again). Colour: a colour scan stays colour; a grayscale scan
  stays grayscale (its colour cannot be recovered; the scanner setting is the archivist's). Not done: the
  agency's digital signature (it needs the agency's certificate; left to its signing system).
* the file name: "Mã hồ sơ" and "Số thứ tự văn bản trong hồ sơ", the parts separated by dots (e.g.
  ``H01.2023.7.003.pdf``: folder 7 of a 2023 box of unit H01); the mã hồ sơ is the mã phông, the year the file
  (hồ sơ) was formed, and the số và ký hiệu hồ sơ. The box's folder is ``Hop-<box>``.
* the metadata of a document (văn bản), as implementations of the circular list them: mã định danh văn bản,
  mã hồ sơ (mã phông, mục lục số hoặc năm hình thành hồ sơ, số và ký hiệu hồ sơ), số thứ tự văn bản trong hồ sơ,
  tên loại văn bản, số của văn bản, ký hiệu của văn bản, ngày tháng năm văn bản, tên cơ quan tổ chức ban hành,
  trích yếu nội dung, ngôn ngữ, số lượng trang, ký hiệu thông tin, từ khóa, chế độ sử dụng (Công khai / Sử dụng
  có điều kiện / Mật), mức độ tin cậy (Gốc điện tử / Số hóa / Hỗn hợp), bút tích, tình trạng vật lý (Tốt /
  Bình thường / Hỏng), ghi chú; of a file (hồ sơ): mã hồ sơ, tiêu đề, thời hạn bảo quản, chế độ sử dụng, ngôn
  ngữ, thời gian bắt đầu và kết thúc, tổng số văn bản, số lượng tờ và trang, tình trạng vật lý, mức độ tin cậy,
  ghi chú. Thông tư 05/2025/TT-BNV (under Luật Lưu trữ 2024, nghiệp vụ lưu trữ tài liệu lưu trữ số) now sets
  the digitisation process; whether it replaces these lists should be checked against its text.

How our data fills a document's fields (ocr/pdfa_xmp.ARCHIVE_FIELDS; the same names in the JSON, their labels in
the CSV; metadata.json adds each hồ sơ: its code, first and last received dates, documents and pages):
    mã phông            the batch's unit code ("KXD" when the batch has none: a warning)
    năm hình thành      the earliest received year among the folder's petitions (else the batch's year)
    số và ký hiệu hồ sơ the folder (cặp/hồ sơ) of the box, else "H" and the box, in ASCII
    số thứ tự           1, 2, ... in the folder, in the order of the manifest/walk and of the petition in its file
    mã định danh        mã hồ sơ.số thứ tự (the file name without .pdf)
    tên loại            "Đơn khiếu nại" / "Đơn tố cáo" / "Đơn kiến nghị" / "Đơn phản ánh" / "Đơn" (category)
    ngày văn bản        the petition's own date; trích yếu: its subject; ngôn ngữ: Tiếng Việt
    cơ quan ban hành    the complainant (a petition is written by a citizen), hidden on a redacted copy
    số lượng trang      the pages in the PDF; từ khóa: kind and domain of the petition
    chế độ sử dụng      "Sử dụng có điều kiện" for every petition (they all carry personal data; the circular's
                        list has no "hạn chế"); a protected one says why in ghi chú and is the redacted copy
    mức độ tin cậy      "Số hóa"
    left empty          số and ký hiệu của văn bản (a citizen's petition has none; the reception stamp's number
                        is given as "Số đến" in the provenance), ký hiệu thông tin, bút tích, tình trạng vật lý
                        (unless the manifest has a column for it)
and the provenance: case number, box, folder, original path, sequence in the batch, petition in its file,
received date and where it came from, stamp number, note, agency, the manifest's other columns, status.

Identity: a protected case (Case.identity_protected) leaves only as its redacted copy (masked pages, a text layer
without the masked words nor the identity's words, the complainant hidden, the original file name neutral, the
manifest's note and columns hidden) unless the person exporting may see it: ``privacy.policy.may_see_identity``
decides, with the ``viewer`` given (None: nobody cleared, every protected case redacted).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import CATEGORY_LABELS, DATE_SOURCE_LABELS, DOMAIN_LABELS, LOCAL_TZ, STATUS_LABELS
from ..ingest import redaction
from ..ingest.provenance import canonical_box
from ..ingest.stages import archival_key
from ..ocr.pdfa import ARCHIVE_FIELDS, MIN_DPI, check_pdfa, jpeg_dpi, to_pdfa
from ..ocr.searchable import PageSpec, archival_spec, build_pdf
from ..privacy import policy
from ..storage.models import ArchiveBatch, Case, Page
from ..storage.objects import ObjectNotFound, ObjectStore

__all__ = ["EmptyBox", "ExportResult", "ExportedFile", "export_box", "safe_part"]

NO_FONDS = "KXD"  # không xác định: a batch without a unit code
USE_MODE = "Sử dụng có điều kiện"
RELIABILITY = "Số hóa"
LANGUAGE = "Tiếng Việt"
# the provenance columns after the archive fields: machine name → CSV label
PROVENANCE: dict[str, str] = {
    "tenTep": "Tên tệp",
    "sha256": "SHA-256",
    "trangThai": "Trạng thái",
    "donThuTrongTep": "Đơn thứ (trong tệp gốc)",
    "trangTrongTep": "Trang trong tệp gốc",
    "soDen": "Số đến (dấu công văn đến)",
    "coQuan": "Cơ quan",
    "ghiChuNhap": "Ghi chú khi nhập",
}
MANIFEST_PREFIX = "Danh mục: "
SUMS = "SHA256SUMS"


class EmptyBox(LookupError):
    """The box has no cases (in the batch, if one is given)."""


@dataclass
class ExportedFile:
    case_id: str
    file_name: str
    pages: int
    dpi: float
    redacted: bool
    sha256: str
    problems: list[str] = field(default_factory=list)  # PDF/A-2b (ocr/pdfa_check.py); empty: valid


@dataclass
class ExportResult:
    box: str
    folder: Path
    files: list[ExportedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def invalid(self) -> list[ExportedFile]:
        return [f for f in self.files if f.problems]

    @property
    def low_resolution(self) -> list[ExportedFile]:
        return [f for f in self.files if f.dpi < MIN_DPI]


def safe_part(text: str, fallback: str = "0") -> str:
    """A piece of a file name: ASCII letters, digits and hyphens (Vietnamese letters without their marks)."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return text[:60] or fallback


def _vn_date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _received_day(case: Case) -> dt.date | None:
    info = (case.extra or {}).get("archive") or {}
    if info.get("received_date"):
        try:
            return dt.date.fromisoformat(str(info["received_date"]))
        except ValueError:
            pass
    if info.get("date_source") == "none" or case.received_at is None:
        return None
    when = case.received_at if case.received_at.tzinfo else case.received_at.replace(tzinfo=dt.UTC)
    return when.astimezone(LOCAL_TZ).date()


def _order_key(case: Case) -> tuple:
    info = (case.extra or {}).get("archive") or {}
    return (int(info.get("sequence") or 0), int(info.get("petition_index") or 0), case.id)


# ------------------------------------------------------------------------------------------ the pages


def _kept(store: ObjectStore, page: Page) -> bytes | None:
    try:
        return store.get(archival_key(page.image_key))
    except ObjectNotFound:
        return None


def _identity_tokens(case: Case) -> set[str]:
    from ..privacy.redact.matching import value_tokens

    ident = redaction.identity_of(case)
    values = [ident.name, *ident.others]
    tokens = {t for v in values for t in value_tokens(v, name=True)}
    for v in (ident.address, ident.id_number, ident.phone, *ident.addresses):
        tokens |= set(value_tokens(v))
    return {t for t in tokens if len(t) > 1}


def _visible_words(words: Iterable[Any], boxes: list[list], pad: float, hidden: set[str]) -> list[list]:
    """The words of a redacted page that may stay in its text layer: none under a masked box, none of the
    complainant's identity (its words anywhere on the page)."""
    from ..privacy.redact.matching import value_tokens

    out = []
    for w in words:
        left, top, width, height = float(w[1]), float(w[2]), float(w[3]), float(w[4])
        under = any(
            left < b[0] + b[2] + pad
            and b[0] - pad < left + width
            and top < b[1] + b[3] + pad
            and b[1] - pad < top + height
            for b in boxes
        )
        if not under and not set(value_tokens(str(w[0]))) & hidden:
            out.append(list(w))
    return out


def _redacted_spec(store: ObjectStore, page: Page, hidden: set[str]) -> PageSpec:
    """A redacted page: the copy at scan resolution masked with the boxes of the page's redaction (scaled), else
    the redacted screen copy; its words filtered."""
    from PIL import Image

    from ..privacy.redact.image import redact_image
    from ..privacy.redact.model import PAD

    boxes = [list(b[:4]) for b in (page.redaction or {}).get("boxes", [])]
    words = [] if page.id_card else list(page.words or [])
    kept = None if page.id_card else _kept(store, page)
    if kept is None:
        image = store.get(page.redacted_image_key or "")
        return PageSpec(image, page.width, page.height, _visible_words(words, boxes, PAD, hidden))
    with Image.open(io.BytesIO(kept)) as im:
        w, h = im.size
    f = w / max(1, page.width)
    scaled = [[round(v * f) for v in b] for b in boxes]
    image = redact_image(kept, scaled, pad=round(PAD * f))
    visible = _visible_words(
        [[x[0], *(round(float(v) * f) for v in x[1:5]), *x[5:]] for x in words], scaled, PAD * f, hidden
    )
    return PageSpec(image, w, h, visible, dpi=jpeg_dpi(kept))


def _specs(db: Session, store: ObjectStore, case: Case, identity: bool) -> list[PageSpec]:
    if identity:
        pages = redaction.case_pages(case)
        return [
            archival_spec(store.get(p.image_key), p.width, p.height, p.words or [], _kept(store, p))
            for p in pages
            if not p.blank and p.width
        ]
    hidden = _identity_tokens(case)
    pages = redaction.ensure_redacted(db, store, case)
    return [_redacted_spec(store, p, hidden) for p in pages if not p.blank and p.width]


def _dpi(spec: PageSpec) -> float:
    return spec.dpi or spec.width / (8.27 if spec.width <= spec.height else 11.69)


# ------------------------------------------------------------------------------------------ the metadata


@dataclass
class _Slot:
    """Where a petition goes: its hồ sơ (box and folder) and its number there."""

    case: Case
    fonds: str
    year: int
    file_code: str  # số và ký hiệu hồ sơ
    number: int

    @property
    def record_code(self) -> str:  # mã hồ sơ
        return f"{self.fonds}.{self.year}.{self.file_code}"

    @property
    def stem(self) -> str:  # mã định danh văn bản, the file name without .pdf
        return f"{self.record_code}.{self.number:03d}"


def _slots(cases: list[Case], batches: dict[int, ArchiveBatch]) -> list[_Slot]:
    """The petitions grouped by folder (cặp/hồ sơ) in their order, numbered from 1 in each."""
    groups: dict[str, list[Case]] = {}
    for case in sorted(cases, key=_order_key):
        info = (case.extra or {}).get("archive") or {}
        groups.setdefault(str(info.get("folder") or ""), []).append(case)
    out, codes = [], set()
    for folder, members in groups.items():
        first = members[0]
        batch = batches.get(first.archive_batch_id or 0)
        fonds = safe_part((batch.unit_code if batch else None) or first.unit_code or NO_FONDS)
        years = [d.year for d in (_received_day(c) for c in members) if d]
        year = (
            min(years)
            if years
            else (batch.created_at.year if batch and batch.created_at else dt.date.today().year)
        )
        code = safe_part(folder) if folder else "H" + safe_part(first.archive_box or "", "")
        while f"{fonds}.{year}.{code}" in codes:  # two folders whose names fold to the same ASCII
            code += "-b"
        codes.add(f"{fonds}.{year}.{code}")
        out += [_Slot(c, fonds, year, code, n) for n, c in enumerate(members, start=1)]
    return out


def _kind(case: Case) -> str:
    return f"Đơn {CATEGORY_LABELS[case.category].lower()}" if case.category in CATEGORY_LABELS else "Đơn"


def _note(case: Case, identity: bool) -> str:
    parts = [
        "Đã kiểm tra"
        if case.status in ("archive_verified", "verified")
        else "Chưa kiểm tra (dữ liệu máy đọc)"
    ]
    if case.identity_protected:
        parts.append("Đơn được bảo vệ danh tính người viết (Luật Tố cáo 2018, Điều 47, 56)")
        if not identity:
            parts.append("bản đã lược danh tính")
    return "; ".join(parts)


def _document_fields(slot: _Slot, identity: bool, pages: int, dpi: float) -> dict[str, str]:
    """The archive fields (ocr/pdfa_xmp.ARCHIVE_FIELDS) of one petition."""
    case = slot.case
    info = (case.extra or {}).get("archive") or {}
    author = case.complainant_name or ("" if not case.anonymous else "Đơn không ghi tên")
    keywords = [CATEGORY_LABELS.get(case.category or ""), DOMAIN_LABELS.get(case.domain or "")]
    path = str(info.get("path") or "")
    if not identity and path:  # an original file name often carries the writer's name
        head, _, name = path.rpartition("/")
        path = (head + "/" if head else "") + policy.neutral_file_name(case.document_id, name)
    columns = {str(k).lower(): v for k, v in (info.get("columns") or {}).items()}
    physical = next((str(v) for k, v in columns.items() if "tinh" in k and "trang" in k), "")
    return {
        "maDinhDanhVanBan": slot.stem,
        "maHoSo": slot.record_code,
        "maPhong": slot.fonds,
        "mucLucHoacNam": str(slot.year),
        "soVaKyHieuHoSo": slot.file_code,
        "soThuTuVanBan": f"{slot.number:03d}",
        "tenLoaiVanBan": _kind(case),
        "soVanBan": "",
        "kyHieuVanBan": "",
        "ngayThangNamVanBan": _vn_date(case.petition_date),
        "tenCoQuanBanHanh": author if identity else policy.HIDDEN,
        "trichYeuNoiDung": case.subject or "",
        "ngonNgu": LANGUAGE,
        "soLuongTrang": str(pages),
        "kyHieuThongTin": "",
        "tuKhoa": "; ".join(k for k in keywords if k),
        "cheDoSuDung": USE_MODE,
        "mucDoTinCay": RELIABILITY,
        "butTich": "",
        "tinhTrangVatLy": physical if identity else "",
        "ghiChu": _note(case, identity),
        "doPhanGiai": str(round(dpi)),
        "banLuocDanhTinh": "Không" if identity else "Có",
        "maDon": case.case_id or "",
        "hop": case.archive_box or str(info.get("box") or ""),
        "hoSo": str(info.get("folder") or ""),
        "ngayDen": _vn_date(_received_day(case)),
        "nguonNgayDen": DATE_SOURCE_LABELS.get(str(info.get("date_source") or ""), ""),
        "duongDanGoc": path,
        "thuTuTrongLo": str(info.get("sequence") or ""),
        "loSoHoa": str(case.archive_batch_id or ""),
    }


def _provenance(case: Case, identity: bool, file_name: str, digest: str) -> dict[str, str]:
    info = (case.extra or {}).get("archive") or {}
    stamp = info.get("stamp") or {}
    return {
        "tenTep": file_name,
        "sha256": digest,
        "trangThai": STATUS_LABELS.get(case.status, case.status),
        "donThuTrongTep": str(info.get("petition_index") or ""),
        "trangTrongTep": ", ".join(str(n) for n in case.source_pages or []),
        "soDen": str(stamp.get("number") or ""),
        "coQuan": str(info.get("agency") or ""),
        "ghiChuNhap": str(info.get("note") or "")
        if identity
        else (policy.HIDDEN if info.get("note") else ""),
    }


def _pdf_metadata(slot: _Slot, fields: dict[str, str], identity: bool) -> dict[str, str | None]:
    case = slot.case
    received = _received_day(case)
    return {
        **fields,
        "title": f"{fields['tenLoaiVanBan']} {fields['maDinhDanhVanBan']}",
        "author": (fields["tenCoQuanBanHanh"] or None) if identity else None,
        "subject": fields["trichYeuNoiDung"] or None,
        "keywords": fields["tuKhoa"] or None,
        "language": "vi",
        "date": case.petition_date.isoformat() if case.petition_date else None,
        "created": dt.datetime.combine(received, dt.time(), tzinfo=LOCAL_TZ).isoformat()
        if received
        else None,
        "identifier": fields["maDinhDanhVanBan"],
    }


# ------------------------------------------------------------------------------------------ the folder


def _box_cases(db: Session, box: str, batch_id: int | None) -> list[Case]:
    """The box's cases; the box as written in the manifest or as the import keeps it ("Hộp 12" is "12")."""
    q = select(Case).where(Case.archive_box.in_({box, canonical_box(box)}))
    if batch_id is not None:
        q = q.where(Case.archive_batch_id == batch_id)
    return list(db.scalars(q.order_by(Case.id)))


def _target(out_dir: Path, box: str) -> tuple[Path, Path]:
    """(the box's folder, a fresh folder to build it in). An existing folder is replaced only if it is an
    earlier export (it has our SHA256SUMS and metadata.json): never a folder of someone else's."""
    final = out_dir / ("Hop-" + safe_part(canonical_box(box)))
    if final.exists() and not ((final / SUMS).is_file() and (final / "metadata.json").is_file()):
        raise FileExistsError(f"Thư mục {final} đã có và không phải một lần xuất hộp trước: chọn --out khác")
    work = out_dir / f".{final.name}.partial"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    return final, work


def _export_one(
    db: Session, store: ObjectStore, slot: _Slot, identity: bool, work: Path
) -> tuple[ExportedFile, dict[str, str]]:
    specs = _specs(db, store, slot.case, identity)
    if not specs:
        raise ValueError(f"{slot.case.case_id}: no page to export")
    dpi = min(_dpi(s) for s in specs)
    fields = _document_fields(slot, identity, len(specs), dpi)
    data = to_pdfa(build_pdf(specs), _pdf_metadata(slot, fields, identity))
    name = f"{slot.stem}.pdf"
    (work / name).write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    done = ExportedFile(
        slot.case.case_id or "", name, len(specs), dpi, not identity, digest, check_pdfa(data)
    )
    row = {**fields, **_provenance(slot.case, identity, name, digest)}
    info = (slot.case.extra or {}).get("archive") or {}
    for key, value in (info.get("columns") or {}).items():
        row[MANIFEST_PREFIX + str(key)] = str(value) if identity else policy.HIDDEN
    return done, row


def _records(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The hồ sơ (files) of the box, as the circular describes a file: its code, when its documents were
    received (first and last), how many documents and pages, its use mode and language."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        rec = out.setdefault(
            r["maHoSo"],
            {
                "maHoSo": r["maHoSo"],
                "maPhong": r["maPhong"],
                "mucLucHoacNam": r["mucLucHoacNam"],
                "soVaKyHieuHoSo": r["soVaKyHieuHoSo"],
                "hop": r["hop"],
                "hoSo": r["hoSo"],
                "days": [],
                "tongSoVanBan": 0,
                "soLuongTrang": 0,
                "cheDoSuDung": USE_MODE,
                "ngonNgu": LANGUAGE,
                "mucDoTinCay": RELIABILITY,
            },
        )
        rec["tongSoVanBan"] += 1
        rec["soLuongTrang"] += int(r["soLuongTrang"] or 0)
        if r["ngayDen"]:
            rec["days"].append(dt.datetime.strptime(r["ngayDen"], "%d/%m/%Y").date())
    for rec in out.values():
        days = rec.pop("days")
        rec["thoiGianBatDau"] = _vn_date(min(days)) if days else ""
        rec["thoiGianKetThuc"] = _vn_date(max(days)) if days else ""
    return list(out.values())


def _write_tables(work: Path, box: str, rows: list[dict[str, str]], now: dt.datetime) -> None:
    extra = sorted({k for r in rows for k in r if k.startswith(MANIFEST_PREFIX)})
    keys = [*ARCHIVE_FIELDS, *PROVENANCE, *extra]
    labels = {**ARCHIVE_FIELDS, **PROVENANCE}
    with open(work / "metadata.csv", "w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel reads UTF-8
        writer = csv.writer(fh)
        writer.writerow([labels.get(k, k) for k in keys])
        writer.writerows([[r.get(k, "") for k in keys] for r in rows])
    doc = {
        "box": box,
        "exported_at": now.isoformat(timespec="seconds"),
        "standard": "Thông tư 02/2019/TT-BNV; PDF/A-2b (ISO 19005-2)",
        "fields": {k: labels.get(k, k) for k in keys},
        "files": [{k: r.get(k, "") for k in keys} for r in rows],
        "records": _records(rows),  # the hồ sơ: one per folder of the box
    }
    (work / "metadata.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    names = sorted(p.name for p in work.iterdir() if p.is_file())
    sums = "".join(f"{hashlib.sha256((work / n).read_bytes()).hexdigest()}  {n}\n" for n in names)
    (work / SUMS).write_text(sums, encoding="utf-8")


def export_box(
    db: Session,
    store: ObjectStore,
    box: str,
    out_dir: Path,
    *,
    batch_id: int | None = None,
    viewer: Any = None,
) -> ExportResult:
    """Write ``out_dir/<box>/``: a PDF/A-2b per petition of the box (of ``batch_id`` only, if given), named
    ``<mã hồ sơ>.<số thứ tự>.pdf``, ``metadata.csv`` (UTF-8 with a BOM), ``metadata.json`` and ``SHA256SUMS``.
    A protected case goes out as its redacted copy unless ``viewer`` (a user or a role) may see its identity
    (privacy.policy). Raises :class:`EmptyBox` when the box has no case."""
    cases = _box_cases(db, box, batch_id)
    if not cases:
        raise EmptyBox(f"Hộp {box!r} không có đơn nào" + (f" trong lô {batch_id}" if batch_id else ""))
    ids = {c.archive_batch_id for c in cases if c.archive_batch_id}
    batches = {b.id: b for b in db.scalars(select(ArchiveBatch).where(ArchiveBatch.id.in_(ids)))}
    final, work = _target(Path(out_dir), box)
    result = ExportResult(box, final)
    rows = []
    try:
        for slot in _slots(cases, batches):
            identity = policy.may_see_identity(viewer, slot.case)
            done, row = _export_one(db, store, slot, identity, work)
            result.files.append(done)
            rows.append(row)
        _write_tables(work, box, rows, dt.datetime.now(LOCAL_TZ))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if final.exists():
        shutil.rmtree(final)
    work.rename(final)
    result.warnings = _warnings(result, rows)
    return result


def _warnings(result: ExportResult, rows: list[dict[str, str]]) -> list[str]:
    out = []
    if any(r["maPhong"] == NO_FONDS for r in rows):
        out.append(f"Lô không có mã đơn vị: mã phông ghi {NO_FONDS}")
    for f in result.low_resolution:
        out.append(f"{f.file_name}: {round(f.dpi)} dpi, dưới {MIN_DPI} dpi (TT 02/2019): cần quét lại")
    for f in result.invalid:
        out.append(f"{f.file_name}: chưa đạt PDF/A-2b: {'; '.join(f.problems[:3])}")
    return out
