"""Bad input: every kind is recorded as failed with a clerk-readable reason, kept, and the batch goes on."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from donthu.ingest.errors import IngestError
from donthu.ingest.filetypes import detect
from donthu.ingest.pipeline import ingest
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document
from donthu.storage.objects import make_store


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny file that claims to be a 30000 x 30000 image (decoding it would need ~900 MB)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (width + 1) * 4, 9)  # a few rows; a decoder would keep asking for more
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def small_pdf(text_lines: int = 0) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def encrypted_pdf(tmp: Path) -> bytes:
    import pikepdf

    src = tmp / "plain.pdf"
    src.write_bytes(small_pdf())
    out = tmp / "locked.pdf"
    with pikepdf.open(src) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner", R=4))
    return out.read_bytes()


def good_png() -> bytes:
    img = Image.new("L", (400, 300), 255)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture()
def bad_batch(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder of broken files plus one good (blank) page, and the word each reason must contain."""
    d = tmp_path / "inbox"
    d.mkdir()
    full = small_pdf()
    files = {
        "empty.pdf": (b"", "rỗng"),
        "truncated.pdf": (full[: len(full) // 3], "PDF bị hỏng"),
        "garbage.pdf": (b"%PDF-1.7\n" + b"\x00\x13garbage" * 50, "PDF bị hỏng"),
        "locked.pdf": (encrypted_pdf(tmp_path), "mật khẩu"),
        "letter.pdf": ("Đây là một bức thư, không phải PDF.".encode() * 10, "không phải PDF"),
        "bomb.png": (png_bomb(), "quá lớn"),
        "notes.docx": (b"PK\x03\x04" + b"\x00" * 200, "không được hỗ trợ"),
        "broken.jpg": (b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x12" * 300, "ảnh bị hỏng"),
    }
    for name, (data, _) in files.items():
        (d / name).write_bytes(data)
    (d / "good.png").write_bytes(good_png())
    return d, {name: word for name, (_, word) in files.items()}


def test_detect_by_content_not_extension() -> None:
    assert detect("scan.pdf", b"%PDF-1.4 ...")[0] == "pdf"
    kind, _mime, warning = detect("scan.pdf", good_png())
    assert kind == "png" and warning and ".pdf" in warning  # processed by its real type, with a note
    with pytest.raises(IngestError) as err:
        detect("scan.pdf", b"hello world, plain text")
    assert "không phải PDF" in err.value.reason
    with pytest.raises(IngestError) as err:
        detect("empty.png", b"")
    assert "rỗng" in err.value.reason


def test_bad_files_are_recorded_kept_and_do_not_stop_the_batch(data_dir: Path, bad_batch) -> None:
    folder, expected = bad_batch
    summary = ingest([folder], workers=1)
    reports = {f.name: f for f in summary.files}
    assert set(reports) == set(expected) | {"good.png"}
    for name, word in expected.items():
        rep = reports[name]
        assert rep.status == "failed", (name, rep)
        assert word in (rep.reason or ""), (name, rep.reason)
    # the good file in the same batch became a case
    assert reports["good.png"].status == "new" and len(reports["good.png"].case_ids) == 1
    store = make_store()
    with session_scope() as db:
        docs = {d.original_name: d for d in db.scalars(select(Document))}
        assert {n for n, d in docs.items() if d.status == "failed"} == set(expected)
        for name in expected:  # every original is kept, byte for byte
            assert store.get(docs[name].object_key) == (folder / name).read_bytes()
            assert docs[name].error
        assert db.scalar(select(Case).where(Case.document_id == docs["good.png"].id)) is not None

    # the same batch again: nothing new, failures reported as known
    again = ingest([folder], workers=1)
    statuses = {f.name: f.status for f in again.files}
    assert statuses["good.png"] == "already"
    assert all(statuses[n] == "previously_failed" for n in expected)
    with session_scope() as db:
        assert len(list(db.scalars(select(Document)))) == len(expected) + 1
        assert len(list(db.scalars(select(Case)))) == 1


def test_missing_path_is_reported_not_crashing(data_dir: Path, tmp_path: Path) -> None:
    summary = ingest([tmp_path / "does-not-exist.pdf"], workers=1)
    assert summary.files[0].status == "failed"
    assert "Không đọc được tệp" in (summary.files[0].reason or "")


def test_truncated_image_fails_with_its_reason_and_is_kept(data_dir: Path, tmp_path: Path) -> None:
    img = Image.new("L", (800, 1000), 255)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 2])  # the scanner stopped half way
    summary = ingest([path], workers=1)
    rep = summary.files[0]
    assert rep.status == "failed" and "ảnh bị hỏng" in (rep.reason or "")
    with session_scope() as db:
        doc = db.scalar(select(Document))
        assert doc.status == "failed" and make_store().get(doc.object_key) == path.read_bytes()
        assert db.scalar(select(Case)) is None
