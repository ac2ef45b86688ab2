"""Where a file came from: files that are not documents, the archive manifest (CSV) and the folder layout.

Used by every ingest (:func:`is_not_document`: ``Thumbs.db``, ``.DS_Store``, sidecar ``.txt`` files are
skipped and listed, never failed) and by the archive import (archive/importer.py), which records for each file its
box, folder, original path and received date:

- a **manifest** (:func:`read_manifest`): a CSV with the columns ``file,received_date,box,folder,note`` (header
  names case- and accent-insensitive, Vietnamese aliases such as ``tep``, ``ngay_den``, ``hop``, ``ho_so``,
  ``ghi_chu``, ``co_quan``; other columns kept per row), UTF-8 with or without BOM, comma, semicolon or tab;
  dates ``dd/mm/yyyy``, ``yyyy-mm-dd``, ``dd-mm-yyyy``, ``dd.mm.yyyy`` between 1945 and today. A row with a
  problem is reported with its line and does not stop the others (its file takes the folder layout's
  provenance); a manifest that cannot be read at all raises :class:`ManifestError` naming the line.
- the **folder layout** (:func:`from_layout`) when a file has no manifest row: ``Hop 12/2023-05/don-001.pdf``,
  ``HOP_012/HS-07/…``, ``2022/Hộp 3/Cặp 1/x.pdf``, ``Box 4/…``: a box (hộp, hop, box, thùng), a folder (cặp, hồ
  sơ, hs, folder, tập) and a date (a full day gives the received date; a year or a month is only a period).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath

from ..contract import LOCAL_TZ
from ..lang.normalize import fold_words

__all__ = [
    "FolderInfo",
    "Manifest",
    "ManifestError",
    "ManifestMatch",
    "ManifestRow",
    "canonical_box",
    "from_layout",
    "is_not_document",
    "parse_date",
    "path_key",
    "read_manifest",
]

# ---------------------------------------------------------------------------------------------- not documents

_NOT_SCAN = "không phải bản quét"
_SYSTEM_FILES = {
    "thumbs.db": f"Tệp ảnh thu nhỏ của Windows (Thumbs.db), {_NOT_SCAN}",
    "ehthumbs.db": f"Tệp ảnh thu nhỏ của Windows Media Center (ehthumbs.db), {_NOT_SCAN}",
    "ehthumbs_vista.db": f"Tệp ảnh thu nhỏ của Windows (ehthumbs_vista.db), {_NOT_SCAN}",
    ".ds_store": f"Tệp hệ thống của macOS (.DS_Store), {_NOT_SCAN}",
    "desktop.ini": f"Tệp cấu hình thư mục của Windows (desktop.ini), {_NOT_SCAN}",
    ".directory": f"Tệp cấu hình thư mục (.directory), {_NOT_SCAN}",
}
_SIDECARS = {
    ".txt": "ghi chú hoặc chữ nhận dạng đi kèm",
    ".xml": "siêu dữ liệu đi kèm",
    ".json": "siêu dữ liệu đi kèm",
    ".md5": "mã kiểm tra",
    ".sha1": "mã kiểm tra",
    ".sha256": "mã kiểm tra",
    ".ini": "tệp cấu hình",
    ".log": "nhật ký của máy quét",
    ".db": "tệp cơ sở dữ liệu",
    ".csv": "danh mục hoặc bảng kê",
}


def is_not_document(path: str | PurePath) -> str | None:
    """Why a file is not a document to read (Vietnamese, for the clerk), or None when it may be one.

    System files (``Thumbs.db``, ``.DS_Store``, ``desktop.ini``), macOS AppleDouble files (``._*``), Office lock
    files (``~$*``) and sidecar files (``.txt``, ``.xml``, ``.json``, checksums, ``.ini``, ``.log``, ``.db``,
    ``.csv``: the manifest itself) are skipped by every ingest, not failed."""
    name = unicodedata.normalize("NFC", PurePath(path).name if not isinstance(path, str) else _basename(path))
    low = name.lower()
    if low in _SYSTEM_FILES:
        return _SYSTEM_FILES[low]
    if low.startswith("._"):
        return f"Tệp phụ của macOS (._…) đi kèm tệp khác, {_NOT_SCAN}"
    if low.startswith("~$"):
        return f"Tệp khóa tạm của Microsoft Office (~$…), {_NOT_SCAN}"
    suffix = PurePosixPath(low).suffix
    if suffix in _SIDECARS:
        return f"Tệp {suffix} ({_SIDECARS[suffix]}), {_NOT_SCAN}"
    return None


def _basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------- dates

MIN_DATE = dt.date(1945, 1, 1)
_DATE_FORMATS = (
    (re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), "dmy"),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
)


def local_today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """A received date as an archivist writes it; ``ValueError`` with the Vietnamese reason otherwise."""
    raw = unicodedata.normalize("NFC", text or "").strip()
    for rx, order in _DATE_FORMATS:
        m = rx.fullmatch(raw)
        if m is None:
            continue
        a, b, c = (int(g) for g in m.groups())
        y, mo, d = (c, b, a) if order == "dmy" else (a, b, c)
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            raise ValueError(f"ngày «{raw}» không có thật") from None
        today = today or local_today()
        if not MIN_DATE <= day <= today:
            raise ValueError(f"ngày «{raw}» nằm ngoài khoảng từ năm 1945 đến hôm nay ({today:%d/%m/%Y})")
        return day
    raise ValueError(f"không đọc được ngày «{raw}» (viết dd/mm/yyyy, ví dụ 15/03/2023, hoặc yyyy-mm-dd)")


# ---------------------------------------------------------------------------------------------- boxes, paths

# on folded words (fold_words: "Hộp 12" → "hop 12", "HOP_012" → "hop 012", "HS-07" → "hs 07")
_LABEL = r"\s*(?:so\s*)?([a-z]?\d+[a-z]?|[a-z])(?:\s|$)"
_BOX_RE = re.compile(r"^(?:hop|box|thung|carton)" + _LABEL)
_FOLDER_RE = re.compile(r"^(?:cap|ho so|hs|folder|tap)" + _LABEL)


def _number_or_text(value: str) -> str:
    value = value.strip()
    return str(int(value)) if value.isdigit() else value


def canonical_box(text: str) -> str:
    """A box as the batch groups it: ``Hộp 12``, ``HOP_012``, ``012`` and ``12`` are all ``12``; any other
    label is kept as written (NFC, trimmed)."""
    raw = unicodedata.normalize("NFC", text or "").strip()
    m = _BOX_RE.match(fold_words(raw))
    if m:
        return _number_or_text(m.group(1)).upper()
    return _number_or_text(raw)


def canonical_folder(text: str) -> str:
    """A folder (cặp, hồ sơ) the same way: ``HS-07``, ``Cặp 7`` and ``7`` are ``7``."""
    raw = unicodedata.normalize("NFC", text or "").strip()
    m = _FOLDER_RE.match(fold_words(raw))
    if m:
        return _number_or_text(m.group(1)).upper()
    return _number_or_text(raw)


def path_key(path: str) -> str:
    """A relative path as manifests and files are matched: ``/`` separators, NFC, case-insensitive, no ``./``."""
    p = unicodedata.normalize("NFC", path or "").replace("\\", "/").strip()
    parts = [s for s in p.split("/") if s not in ("", ".")]
    return "/".join(parts).casefold()


# ---------------------------------------------------------------------------------------------- folder layout

_YEAR_RE = re.compile(r"^(?:nam\s*)?(\d{4})$")
_MONTH_RE = re.compile(r"^(?:thang\s*)?(?:(\d{4})\s(\d{1,2})|(\d{1,2})\s(\d{4}))$")
_DAY_RES = (
    (re.compile(r"(?<!\d)(\d{1,2})\s(\d{1,2})\s(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{4})\s(\d{1,2})\s(\d{1,2})(?!\d)"), "ymd"),
)


@dataclass
class FolderInfo:
    """What the folder layout says of one file."""

    box: str = ""
    folder: str = ""
    received_date: dt.date | None = None  # only when a folder names a full day
    period: str = ""  # "2023" or "2023-05" when a folder names only a year or a month


def _day_in(part: str, today: dt.date) -> dt.date | None:
    for rx, order in _DAY_RES:
        m = rx.search(part)
        if m:
            a, b, c = (int(g) for g in m.groups())
            y, mo, d = (c, b, a) if order == "dmy" else (a, b, c)
            try:
                day = dt.date(y, mo, d)
            except ValueError:
                continue
            if MIN_DATE <= day <= today:
                return day
    return None


def _period_in(part: str, today: dt.date) -> str:
    m = _YEAR_RE.match(part)
    if m and MIN_DATE.year <= int(m.group(1)) <= today.year:
        return m.group(1)
    m = _MONTH_RE.match(part)
    if m:
        y, mo = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if (
            MIN_DATE.year <= int(y) <= today.year
            and 1 <= int(mo) <= 12
            and (int(y), int(mo))
            <= (
                today.year,
                today.month,
            )
        ):
            return f"{int(y):04d}-{int(mo):02d}"
    return ""


def from_layout(folders: Iterable[str], today: dt.date | None = None) -> FolderInfo:
    """Box, folder and date read from the folder names a file sits in (outermost first; the innermost that
    names a box, a folder or a date wins)."""
    today = today or local_today()
    info = FolderInfo()
    for raw in folders:
        part = fold_words(raw)
        if not part:
            continue
        m = _BOX_RE.match(part)
        if m:
            info.box = _number_or_text(m.group(1)).upper()
        m = _FOLDER_RE.match(part)
        if m:
            info.folder = _number_or_text(m.group(1)).upper()
        day = _day_in(part, today)
        if day is not None:
            info.received_date, info.period = day, ""
            continue
        period = _period_in(part, today)
        if period and not (info.received_date and period == f"{info.received_date:%Y}"):
            info.period = period
            if info.received_date and not f"{info.received_date:%Y-%m}".startswith(period):
                info.received_date = None
    return info


# ---------------------------------------------------------------------------------------------- manifest


class ManifestError(ValueError):
    """A manifest that cannot be used at all (not UTF-8, no header, no file column); names the line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"Danh mục, dòng {line}: {message}" if line else f"Danh mục: {message}")


_ALIASES: dict[str, tuple[str, ...]] = {
    "file": (
        "file",
        "tep",
        "ten tep",
        "tap tin",
        "ten tap tin",
        "filename",
        "file name",
        "path",
        "duong dan",
    ),
    "received_date": (
        "received date",
        "ngay den",
        "ngay nhan",
        "ngay tiep nhan",
        "ngay nhan don",
        "received",
        "date",
        "ngay",
    ),
    "box": ("box", "hop", "so hop", "hop so"),
    "folder": ("folder", "ho so", "cap", "so ho so", "hs", "so cap"),
    "note": ("note", "notes", "ghi chu"),
    "agency": ("agency", "co quan", "don vi", "phong", "co quan nop luu"),
}
_HEADER = {alias: key for key, names in _ALIASES.items() for alias in names}


@dataclass
class ManifestRow:
    line: int
    file: str  # as written (NFC, "/")
    received_date: dt.date | None = None
    box: str = ""
    folder: str = ""
    note: str = ""
    agency: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # the other columns, by their header
    problems: list[str] = field(default_factory=list)  # "dòng N: …"

    @property
    def key(self) -> str:
        return path_key(self.file)


@dataclass
class ManifestMatch:
    """Manifest rows matched to files (by the file's key), the rows with no file, and what was ambiguous."""

    rows: dict[str, ManifestRow] = field(default_factory=dict)
    missing: list[ManifestRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    name: str
    rows: list[ManifestRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # every row's problem, "dòng N: …", in order

    def match(self, paths: Iterable[str]) -> ManifestMatch:
        """Each row to one of ``paths`` (files relative to the import root): by its relative path (either one may
        be relative to a folder the other names), else by its bare name when that name is unique in the batch.
        A row matching several files is reported, not guessed."""
        keys = sorted({path_key(p) for p in paths})
        by_name: dict[str, list[str]] = {}
        for k in keys:
            by_name.setdefault(k.rsplit("/", 1)[-1], []).append(k)
        out = ManifestMatch()
        taken: dict[str, int] = {}
        for row in self.rows:
            if not row.key:
                continue
            found = _candidates(row.key, keys, by_name)
            if not found:
                out.missing.append(row)
                continue
            if len(found) > 1:
                shown = ", ".join(found[:3]) + (" …" if len(found) > 3 else "")
                out.problems.append(
                    f"dòng {row.line}: tên tệp «{row.file}» khớp với {len(found)} tệp ({shown}); hãy ghi đường "
                    "dẫn đầy đủ (kể cả thư mục hộp)"
                )
                continue
            key = found[0]
            if key in taken:
                out.problems.append(f"dòng {row.line}: tệp «{row.file}» đã được ghi ở dòng {taken[key]}")
                continue
            taken[key] = row.line
            out.rows[key] = row
        return out


def _candidates(key: str, keys: list[str], by_name: dict[str, list[str]]) -> list[str]:
    if key in keys:
        return [key]
    within = [k for k in keys if k.endswith("/" + key) or key.endswith("/" + k)]
    if within:
        return within
    return list(by_name.get(key.rsplit("/", 1)[-1], []))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ManifestError(
            "tệp không phải UTF-8 (có thể lưu từ Excel dạng «CSV» thường); hãy lưu lại bằng «CSV UTF-8».",
            line,
        ) from None


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_key(name: str) -> str | None:
    return _HEADER.get(fold_words(name))


def read_manifest(path: Path) -> Manifest:
    """Read a manifest CSV; rows with problems are kept with their problems (``row.problems``), a manifest that
    cannot be used raises :class:`ManifestError`."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ManifestError(f"không mở được tệp ({exc.strerror or exc})") from None
    return parse_manifest(_decode(data), name=Path(path).name)


def parse_manifest(text: str, name: str = "", today: dt.date | None = None) -> Manifest:
    text = unicodedata.normalize("NFC", text)
    lines = text.splitlines()
    head_no = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if head_no is None:
        raise ManifestError("tệp trống, không có dòng tiêu đề (file,received_date,box,folder,note).")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[head_no]))
    header: list[str] = []
    for header in reader:
        if any(h.strip() for h in header):
            break
    line = reader.line_num
    keys = [_header_key(h) for h in header]
    if "file" not in keys:
        raise ManifestError(
            "không có cột tên tệp (cần cột «file» hoặc «tep»; các cột: file,received_date,box,folder,note).",
            line,
        )
    dup = next((k for k in set(keys) if k and keys.count(k) > 1), None)
    if dup:
        raise ManifestError(f"cột «{dup}» xuất hiện hai lần trong dòng tiêu đề.", line)
    manifest = Manifest(name=name)
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            row = _row(reader.line_num, header, keys, values, today)
            manifest.rows.append(row)
            manifest.problems.extend(row.problems)
    except csv.Error as exc:
        raise ManifestError(f"dòng CSV không đúng ({exc}).", reader.line_num) from None
    _check_duplicates(manifest)
    return manifest


def _row(
    line: int, header: list[str], keys: list[str | None], values: list[str], today: dt.date | None
) -> ManifestRow:
    row = ManifestRow(line=line, file="")
    if len(values) > len(header):
        row.problems.append(f"dòng {line}: có {len(values)} cột, nhiều hơn dòng tiêu đề ({len(header)})")
    for head, key, raw in zip(header, keys, values, strict=False):
        value = raw.strip()
        if key == "file":
            row.file = value.replace("\\", "/")
        elif key == "received_date":
            if value:
                try:
                    row.received_date = parse_date(value, today)
                except ValueError as exc:
                    row.problems.append(f"dòng {line}: {exc}")
        elif key == "box":
            row.box = canonical_box(value)
        elif key == "folder":
            row.folder = canonical_folder(value)
        elif key == "note":
            row.note = value
        elif key == "agency":
            row.agency = value
        elif value and head.strip():
            row.columns[head.strip()] = value
    if not row.file:
        row.problems.append(f"dòng {line}: thiếu tên tệp")
    return row


def _check_duplicates(manifest: Manifest) -> None:
    seen: dict[str, int] = {}
    for row in manifest.rows:
        if not row.key:
            continue
        if row.key in seen:
            msg = f"dòng {row.line}: tệp «{row.file}» đã được ghi ở dòng {seen[row.key]}; dòng này bị bỏ qua"
            row.problems.append(msg)
            manifest.problems.append(msg)
            row.file = ""
        else:
            seen[row.key] = row.line
