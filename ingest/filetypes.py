"""What a file really is, judged by its bytes (the extension may lie)."""

from __future__ import annotations

from pathlib import Path

import filetype

from . import errors
from .errors import IngestError

SUPPORTED = {"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png", "image/tiff": "tiff"}
EXTENSIONS = {
    "pdf": "pdf",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "png": "png",
    "tif": "tiff",
    "tiff": "tiff",
}
LABELS = {"pdf": "PDF", "jpeg": "ảnh JPEG", "png": "ảnh PNG", "tiff": "ảnh TIFF"}


def sniff(head: bytes) -> tuple[str | None, str]:
    """(kind, description) from the first bytes; kind is None for unsupported content."""
    if not head:
        return None, "tệp rỗng"
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    # leading magic bytes first: a JPEG or PNG may carry "%PDF-" in its metadata (a comment, a text chunk)
    guess = filetype.guess(head)
    if guess is not None and guess.mime in SUPPORTED:
        return SUPPORTED[guess.mime], guess.mime
    # the PDF header may follow some junk bytes (allowed by readers)
    if b"%PDF-" in head[:1024]:
        return "pdf", "application/pdf"
    if guess is None:
        try:
            head[:512].decode("utf-8")
            return None, "văn bản thuần"
        except UnicodeDecodeError:
            return None, "không rõ định dạng"
    return SUPPORTED.get(guess.mime), guess.mime


def detect(name: str, head: bytes) -> tuple[str, str, str | None]:
    """Return (kind, media_type, warning) or raise IngestError with a clerk-readable reason."""
    if not head:
        raise IngestError(errors.EMPTY, "zero-byte file")
    kind, mime = sniff(head)
    ext = Path(name).suffix.lower().lstrip(".")
    claimed = EXTENSIONS.get(ext)
    if kind is None:
        if claimed:
            raise IngestError(
                errors.EXT_LIES.format(ext=ext, expected=LABELS[claimed], what=mime),
                f"extension .{ext} but content is {mime}",
            )
        raise IngestError(
            errors.UNSUPPORTED.format(what=mime if not ext else f".{ext}, {mime}"),
            f"unsupported content {mime}",
        )
    warning = None
    if claimed and claimed != kind:
        warning = f"Tên tệp có đuôi .{ext} nhưng thực chất là {LABELS[kind]}; đã xử lý theo nội dung thật."
    return kind, mime, warning
