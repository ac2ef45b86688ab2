"""The code-mapping table of the national database profile (Nghị định 55/2022/NĐ-CP): our codes → NĐ 55 codes.

No official data dictionary or code list of the national database on complaints and denunciations has been
published (DOMAIN §3), so every code the export sends comes from this table, which the administrator edits: a
CSV with the columns ``group,our_code,nd55_code,label,note`` (lines starting with ``#`` are comments). The shipped
default (``exchange/data/nd55-codes.csv``) holds placeholder codes, all starting with ``TAM-`` (tạm: to be
confirmed); the administrator copies it, replaces them with the codes Thanh tra Chính phủ gives, and points the
``nd55_codes_file`` setting (``DONTHU_ND55_CODES_FILE``) at the copy.

A code missing from the table is an error listed with its case, never a silent null (the export reports that
case as "chưa đồng bộ" and writes the others).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..contract import CONTENT_CLASS_LABELS, DIRECTION_LABELS, DOMAIN_LABELS, RESULT_LABELS
from ..lang.normalize import nfc

COLUMNS = ("group", "our_code", "nd55_code", "label", "note")
PLACEHOLDER_PREFIX = "TAM-"  # a shipped code nobody has confirmed yet

# our codes the export needs in every group but co_quan (units: one row per unit of the agency tree)
RECEIVER_KIND_LABELS: dict[str, str] = {  # DOMAIN §3, Điều 6(2)(d): who a forwarded petition goes to
    "quoc_hoi_hdnd": "Cơ quan của Quốc hội, đại biểu Quốc hội, Hội đồng nhân dân",
    "hanh_chinh": "Cơ quan hành chính nhà nước",
    "tu_phap": "Tòa án, Viện kiểm sát, cơ quan thi hành án",
    "kiem_toan": "Kiểm toán nhà nước",
    "to_chuc_ctxh": "Tổ chức chính trị, chính trị - xã hội, tôn giáo",
    "su_nghiep_dn": "Đơn vị sự nghiệp công lập, doanh nghiệp nhà nước",
    "khac": "Cơ quan, tổ chức khác",
}
PERSON_KIND_LABELS: dict[str, str] = {
    "ca_nhan": "Một cá nhân đứng tên",
    "nhieu_nguoi": "Nhiều người cùng đứng tên",
    "nac_danh": "Không rõ họ tên, địa chỉ (nặc danh)",
    "co_quan_to_chuc": "Cơ quan, tổ chức",
}
SOURCE_LABELS: dict[str, str] = {
    "truc_tiep_buu_chinh": "Công dân gửi trực tiếp hoặc qua bưu chính",
    "co_quan_chuyen_den": "Cơ quan, tổ chức, đại biểu, báo chí chuyển đến",
}
REQUIRED: dict[str, dict[str, str]] = {
    "loai_don": dict(CONTENT_CLASS_LABELS),
    "linh_vuc": dict(DOMAIN_LABELS),
    "huong_xu_ly": dict(DIRECTION_LABELS),
    "ket_qua": dict(RESULT_LABELS),
    "loai_nguoi": PERSON_KIND_LABELS,
    "nguon_don": SOURCE_LABELS,
    "loai_co_quan_nhan": RECEIVER_KIND_LABELS,
}
GROUP_LABELS: dict[str, str] = {
    "loai_don": "Loại đơn (MaLoaiDon)",
    "linh_vuc": "Lĩnh vực (MaLoaiDon1); mã riêng theo loại đơn viết “loai_don:linh_vuc”",
    "huong_xu_ly": "Hướng xử lý (MaHuongXuLy)",
    "ket_qua": "Kết quả giải quyết (MaKetQua)",
    "co_quan": "Cơ quan, đơn vị (MaCoQuan): mã đơn vị trong cây đơn vị",
    "loai_nguoi": "Loại người khiếu nại, tố cáo (LoaiNguoiKNTC, LoaiNguoiBiKNTC)",
    "nguon_don": "Nguồn đơn đến (MaNguonDonDen)",
    "loai_co_quan_nhan": "Loại cơ quan nhận đơn chuyển (Điều 6 khoản 2 điểm d NĐ 55)",
}
GROUPS = tuple(GROUP_LABELS)


class CodesFileError(ValueError):
    """The mapping file cannot be used; ``problems`` lists each one with its line (Vietnamese)."""

    def __init__(self, path: str, problems: list[str]) -> None:
        super().__init__(f"Bảng mã NĐ 55 {path}: " + "; ".join(problems[:5]))
        self.path = path
        self.problems = problems


@dataclass(frozen=True)
class CodeRow:
    group: str
    our_code: str
    nd55_code: str
    label: str = ""
    note: str = ""
    line: int = 0

    @property
    def placeholder(self) -> bool:
        return self.nd55_code.upper().startswith(PLACEHOLDER_PREFIX)


@dataclass
class CodeMap:
    """The table in use. ``lookup`` gives a code or None; the export turns None into a listed error."""

    source: str
    rows: dict[tuple[str, str], CodeRow] = field(default_factory=dict)

    def lookup(self, group: str, our_code: str) -> CodeRow | None:
        return self.rows.get((group, our_code))

    def in_group(self, group: str) -> list[CodeRow]:
        return [r for (g, _), r in self.rows.items() if g == group]

    def missing_required(self) -> list[str]:
        """``group:our_code`` of every code the export needs whatever the cases are, absent from the table."""
        return [f"{g}:{c}" for g, codes in REQUIRED.items() for c in codes if (g, c) not in self.rows]

    def placeholders(self) -> list[CodeRow]:
        return [r for r in self.rows.values() if r.placeholder]


def default_codes_path() -> Path:
    return Path(__file__).parent / "data" / "nd55-codes.csv"


def codes_path(settings: Settings) -> Path:
    return settings.nd55_codes_file or default_codes_path()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258"):  # Excel on Vietnamese Windows may save in the local code page
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", data, 0, 1, "not UTF-8")


def parse_codes(text: str, source: str = "") -> CodeMap:
    """Read a mapping table; raises CodesFileError listing every problem with its line (nothing half-loaded)."""
    problems: list[str] = []
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)]
    body = [(n, line) for n, line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not body:
        raise CodesFileError(source, ["tệp trống: cần dòng tiêu đề " + ",".join(COLUMNS)])
    reader = csv.reader(io.StringIO("\n".join(line for _, line in body)))
    header = [h.strip().lower() for h in next(reader)]
    absent = [c for c in COLUMNS if c not in header]
    if absent:
        raise CodesFileError(source, [f"dòng {body[0][0]}: thiếu cột {', '.join(absent)}"])
    index = {c: header.index(c) for c in COLUMNS}
    codes = CodeMap(source)
    for (line_no, _), cells in zip(body[1:], reader, strict=False):
        values = {c: nfc(cells[i].strip()) if i < len(cells) else "" for c, i in index.items()}
        where = f"dòng {line_no}"
        if values["group"] not in GROUP_LABELS:
            problems.append(f"{where}: nhóm “{values['group']}” không có (các nhóm: {', '.join(GROUPS)})")
            continue
        if not values["our_code"] or not values["nd55_code"]:
            problems.append(f"{where}: thiếu our_code hoặc nd55_code")
            continue
        if any(ch.isspace() for ch in values["nd55_code"]):
            problems.append(f"{where}: mã NĐ 55 “{values['nd55_code']}” có khoảng trắng")
            continue
        key = (values["group"], values["our_code"])
        if key in codes.rows:
            problems.append(
                f"{where}: {values['group']}:{values['our_code']} đã có ở dòng {codes.rows[key].line}"
            )
            continue
        codes.rows[key] = CodeRow(
            values["group"], values["our_code"], values["nd55_code"], values["label"], values["note"], line_no
        )
    if problems:
        raise CodesFileError(source, problems)
    return codes


def read_codes(path: Path) -> CodeMap:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CodesFileError(str(path), [f"không đọc được tệp: {exc.strerror or exc}"]) from exc
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        raise CodesFileError(str(path), ["tệp không phải văn bản UTF-8"]) from exc
    return parse_codes(text, str(path))


def load_codes(settings: Settings) -> CodeMap:
    """The table the settings name (``nd55_codes_file``), else the shipped default."""
    return read_codes(codes_path(settings))


def check_codes(codes: CodeMap, unit_codes: Iterable[str] = ()) -> list[str]:
    """What the export will miss with this table: required codes, and units of the tree without a MaCoQuan."""
    out = [f"thiếu mã {item}" for item in codes.missing_required()]
    out += [
        f"thiếu mã co_quan:{code}" for code in sorted(set(unit_codes)) if ("co_quan", code) not in codes.rows
    ]
    return out


def template_csv(codes: CodeMap, units: Iterable[tuple[str, str]]) -> str:
    """The table ``codes`` as a CSV to edit, with the shipped header's comments, every required code (a missing one
    gets a placeholder) and a placeholder row for each unit ``(code, name)`` of the tree not in it yet."""
    header = [
        line for line in default_codes_path().read_text(encoding="utf-8").splitlines() if line.startswith("#")
    ]
    out = io.StringIO()
    out.write("\n".join(header) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = dict(codes.rows)
    note = "mã tạm, chờ xác nhận"
    for group, labels in REQUIRED.items():
        for n, (our, label) in enumerate(labels.items(), start=1):
            rows.setdefault(
                (group, our), CodeRow(group, our, f"{PLACEHOLDER_PREFIX}{group}-{n:02d}", label, note)
            )
    taken = {r.nd55_code for r in rows.values()}
    n = 0
    for code, name in units:
        if ("co_quan", code) in rows:
            continue
        n += 1
        while f"{PLACEHOLDER_PREFIX}CQ-{n:04d}" in taken:
            n += 1
        rows[("co_quan", code)] = CodeRow("co_quan", code, f"{PLACEHOLDER_PREFIX}CQ-{n:04d}", name, note)
    order = {g: i for i, g in enumerate(GROUPS)}
    for row in sorted(rows.values(), key=lambda r: (order.get(r.group, 99), r.line or 10**9)):
        writer.writerow([row.group, row.our_code, row.nd55_code, row.label, row.note])
    return out.getvalue()
