"""Zips of archive boxes extracted without trusting them (archive/importer.py): a name that is absolute or
climbs out with ``..`` refuses the whole zip, as do too many members or too many bytes; links are never created;
member names are decoded as the archivist wrote them (UTF-8, flagged or not, else code page 437) and kept NFC."""

from __future__ import annotations

import stat
import unicodedata
import zipfile
from pathlib import Path

from ..ingest.provenance import path_key

__all__ = ["ZIP_MAX_MEMBERS", "ZIP_MAX_RATIO", "ZIP_MAX_TOTAL_BYTES", "UnsafeZip", "extract_zip"]

ZIP_MAX_MEMBERS = 50_000  # files in one zip
ZIP_MAX_TOTAL_BYTES = 32 * 1024**3  # uncompressed, all members together
ZIP_MAX_RATIO = 200  # uncompressed / compressed size of a member larger than 1 MB: more is a zip bomb


class UnsafeZip(Exception):
    """The zip cannot be extracted safely (Vietnamese message)."""


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as the archivist wrote it: UTF-8 when flagged, else UTF-8 when its bytes are (tools
    that write UTF-8 without the flag), else code page 437; "/"-separated, NFC."""
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", errors="replace")
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return unicodedata.normalize("NFC", name.replace("\\", "/"))


def _unsafe(name: str) -> bool:
    parts = name.split("/")
    return name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in parts or "\x00" in name


def extract_zip(zip_path: Path, dest: Path, max_member_bytes: int) -> list[dict[str, str]]:
    """Extract a zip into ``dest`` without trusting it: an absolute name or one with ``..`` refuses the whole
    zip, as do too many members or too many bytes in all; links are skipped, never created. Returns the members
    skipped (``{"path", "reason"}``)."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafeZip(f"Tệp nén «{zip_path.name}» bị hỏng hoặc không phải tệp ZIP ({exc}).") from None
    skipped: list[dict[str, str]] = []
    with zf:
        infos = zf.infolist()
        if len(infos) > ZIP_MAX_MEMBERS:
            raise UnsafeZip(
                f"Tệp nén «{zip_path.name}» có {len(infos)} tệp, quá giới hạn {ZIP_MAX_MEMBERS}; hãy chia nhỏ."
            )
        names = [_member_name(i) for i in infos]
        bad = next((n for n in names if _unsafe(n)), None)
        if bad is not None:
            raise UnsafeZip(
                f"Tệp nén «{zip_path.name}» chứa đường dẫn không an toàn «{bad}» (đường dẫn tuyệt đối hoặc «..»); "
                "không giải nén tệp này."
            )
        if sum(i.file_size for i in infos) > ZIP_MAX_TOTAL_BYTES:
            raise UnsafeZip(f"Tệp nén «{zip_path.name}» quá lớn khi giải nén; hãy chia nhỏ.")
        seen: set[str] = set()
        total = 0
        for info, name in zip(infos, names, strict=True):
            if info.is_dir():
                continue
            why = _member_problem(info, name, seen, max_member_bytes)
            if why:
                skipped.append({"path": name, "reason": why})
                continue
            seen.add(path_key(name))
            total += _copy_member(zf, info, dest / name, max_member_bytes)
            if total > ZIP_MAX_TOTAL_BYTES:
                raise UnsafeZip(f"Tệp nén «{zip_path.name}» quá lớn khi giải nén; hãy chia nhỏ.")
    return skipped


def _member_problem(info: zipfile.ZipInfo, name: str, seen: set[str], limit: int) -> str | None:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "Liên kết (symlink) trong tệp nén: không giải nén."
    if path_key(name) in seen:
        return "Trùng tên với một tệp khác trong tệp nén (khác chữ hoa/thường): không giải nén."
    if info.file_size > limit:
        return f"Tệp quá lớn ({info.file_size // (1024 * 1024)} MB)."
    if info.file_size > 1024**2 and info.file_size > ZIP_MAX_RATIO * max(1, info.compress_size):
        return "Tỉ lệ nén bất thường (có thể là «bom nén»): không giải nén."
    return None


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int) -> int:
    """Copy one member, counting the bytes really written (a header may lie about the size)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with zf.open(info) as src, open(target, "wb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > max(limit, info.file_size):
                raise UnsafeZip(f"Tệp «{info.filename}» trong tệp nén lớn hơn kích thước khai báo.")
            out.write(chunk)
    return written
