"""Hostile files (issue 10, findings 5, 7, 13, 14, 16): every limit is checked before decoding, names that are not
UTF-8, images that carry "%PDF-", links, oversized files; each is a failed document (or a refused entry) with a
reason, and the batch goes on."""

from __future__ import annotations

import io
import json
import os
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from sqlalchemy import select
from typer.testing import CliRunner

from donthu.cli import app as cli_app
from donthu.config import get_settings, reset_settings
from donthu.ingest import page as page_mod
from donthu.ingest import pages as pages_mod
from donthu.ingest.errors import SYMLINK, IngestError
from donthu.ingest.filetypes import detect
from donthu.ingest.inbox import InboxWatcher
from donthu.ingest.page import PageTask, read_page
from donthu.ingest.pipeline import Pipeline, ingest
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document
from donthu.storage.objects import make_store

NOT_UTF8 = b"\xff\xfe don.png"  # what a Windows scanner share can leave on a Linux disk
SHOWN = "\ufffd\ufffd don.png"


def blank_png(width: int = 400, height: int = 300, shade: int = 255) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (width, height), shade).save(buf, "PNG")
    return buf.getvalue()


def _deflate_zero_rows(width: int, height: int) -> bytes:
    """Flate data of ``height`` rows of a 1-bit ``width``-pixel image, all zero, compressed as it is made."""
    co = zlib.compressobj(9)
    row = b"\x00" * ((width + 7) // 8)
    parts, left = [], height
    while left > 0:
        n = min(256, left)
        parts.append(co.compress(row * n))
        left -= n
    parts.append(co.flush())
    return b"".join(parts)


def bomb_pdf(path: Path, width: int = 20000, height: int = 20000, nested: bool = False) -> None:
    """A one-page A4 PDF of a few hundred KB whose single image is ``width`` x ``height`` pixels (decoding it
    would take width*height bytes); with ``nested`` the image sits inside a Form XObject."""
    import pikepdf

    pdf = pikepdf.new()
    img = pikepdf.Stream(pdf, _deflate_zero_rows(width, height))
    img.stream_dict = pikepdf.Dictionary(
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=width,
        Height=height,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=1,
        Filter=pikepdf.Name.FlateDecode,
    )
    xobjects = pikepdf.Dictionary(Im0=img)
    if nested:
        form = pikepdf.Stream(pdf, b"q 595 0 0 842 0 0 cm /Im0 Do Q")
        form.stream_dict = pikepdf.Dictionary(
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(XObject=xobjects),
        )
        xobjects, content = pikepdf.Dictionary(Fm0=form), b"/Fm0 Do"
    else:
        content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Contents=pikepdf.Stream(pdf, content),
        Resources=pikepdf.Dictionary(XObject=xobjects),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)


# ----------------------------------------------------------------------------------------- 5: PDF image bombs


@pytest.fixture()
def decode_spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every page handed to the decoder (in-process, workers=1); a bomb must never get there."""
    calls: list[str] = []
    real = page_mod.load_page

    def spy(path, kind, index, dpi, *args, **kw):
        calls.append(Path(path).name)
        if "bomb" in Path(path).name:
            raise AssertionError("the bomb reached the decoder")  # and would take gigabytes
        return real(path, kind, index, dpi, *args, **kw)

    monkeypatch.setattr(page_mod, "load_page", spy)
    return calls


def test_pdf_with_a_huge_embedded_image_fails_before_any_page_is_decoded(
    data_dir: Path, tmp_path: Path, decode_spy: list[str]
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    bomb_pdf(folder / "a-bomb.pdf")
    assert (folder / "a-bomb.pdf").stat().st_size < 2 * 1024 * 1024
    (folder / "b-good.png").write_bytes(blank_png())
    summary = ingest([folder], workers=1)
    reports = {f.name: f for f in summary.files}
    bomb = reports["a-bomb.pdf"]
    assert bomb.status == "failed"
    assert "ảnh quá lớn" in (bomb.reason or "") and "20000 × 20000" in (bomb.reason or "")
    assert "a-bomb.pdf" not in decode_spy  # refused at inspection: no page of it was rasterized or decoded
    assert reports["b-good.png"].status == "new" and decode_spy == ["b-good.png"]  # the batch went on
    with session_scope() as db:
        doc = db.scalar(select(Document).where(Document.original_name == "a-bomb.pdf"))
        assert doc.status == "failed" and "ảnh quá lớn" in doc.error
        assert make_store().get(doc.object_key) == (folder / "a-bomb.pdf").read_bytes()  # original kept


def test_image_inside_a_form_xobject_is_measured_too(tmp_path: Path) -> None:
    bomb_pdf(tmp_path / "nested.pdf", 16000, 16000, nested=True)
    with pytest.raises(IngestError) as err:
        pages_mod.inspect(tmp_path / "nested.pdf", "pdf", 120_000_000, 300)
    assert "16000 × 16000" in err.value.reason
    # under the limit the same file passes (the check measures, it does not refuse every image)
    assert pages_mod.inspect(tmp_path / "nested.pdf", "pdf", 300_000_000, 300).page_count == 1


def test_worker_checks_the_limit_again_before_decoding(tmp_path: Path) -> None:
    """A page task for a file that was not inspected (or changed since) is refused by the worker itself."""
    bomb_pdf(tmp_path / "bomb.pdf")
    out = read_page(
        PageTask(
            1,
            str(tmp_path / "bomb.pdf"),
            "pdf",
            0,
            None,
            300,
            "vie",
            postcorrect=False,
            max_pixels=120_000_000,
        )
    )
    pages_mod.close_cached_pdfs()
    assert out.error and "ảnh quá lớn" in out.error and not out.image


# ----------------------------------------------------------------------------------------- 13: "%PDF-" in images


def png_with_pdf_text() -> bytes:
    info = PngInfo()
    info.add_text("Comment", "%PDF-1.4 scanned by a copier that writes this")
    buf = io.BytesIO()
    Image.new("L", (420, 300), 255).save(buf, "PNG", pnginfo=info)
    data = buf.getvalue()
    assert b"%PDF-1.4" in data[:1024]
    return data


def jpeg_with_pdf_comment() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (440, 300), 255).save(buf, "JPEG", quality=90, comment=b"%PDF-1.4")
    data = buf.getvalue()
    assert b"%PDF-1.4" in data[:1024]
    return data


def test_images_with_pdf_marker_in_metadata_are_read_as_images(data_dir: Path, tmp_path: Path) -> None:
    assert detect("scan.png", png_with_pdf_text())[0] == "png"
    assert detect("scan.jpg", jpeg_with_pdf_comment())[0] == "jpeg"
    assert detect("scan.pdf", b"junk\n%PDF-1.4\n")[0] == "pdf"  # a PDF after junk bytes is still a PDF
    (tmp_path / "comment.png").write_bytes(png_with_pdf_text())
    (tmp_path / "comment.jpg").write_bytes(jpeg_with_pdf_comment())
    summary = ingest([tmp_path / "comment.png", tmp_path / "comment.jpg"], workers=1)
    assert [(f.status, f.reason) for f in summary.files] == [("new", None), ("new", None)]


# ----------------------------------------------------------------------------------------- 14: word boxes


def test_text_layer_word_boxes_open_the_pdf_once_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pdfplumber

    from donthu.samples import write_text_pdf

    line = "Kính gửi Ủy ban nhân dân xã Nam Hồng, tôi là người làm đơn khiếu nại việc cấp đất. "
    path = tmp_path / "digital.pdf"
    write_text_pdf(path, [f"Trang {n}. " + line * 3 for n in range(1, 6)])
    opens: list[str] = []
    real_open = pdfplumber.open

    def counting_open(*args, **kw):
        opens.append(str(args[0]))
        return real_open(*args, **kw)

    monkeypatch.setattr(pdfplumber, "open", counting_open)
    pages_mod.close_cached_pdfs()
    try:
        info = pages_mod.inspect(path, "pdf", 120_000_000, 300)
        outs = [
            read_page(PageTask(1, str(path), "pdf", i, info.text_layers[i], 300, "vie", postcorrect=False))
            for i in range(info.page_count)
        ]
    finally:
        pages_mod.close_cached_pdfs()
    assert [o.source for o in outs] == ["text_layer"] * 5 and all(o.words for o in outs)
    assert [o.words[1][0] for o in outs] == ["1.", "2.", "3.", "4.", "5."]  # each page's own words
    assert len(opens) == 1  # was one parse of the whole file per page


# ----------------------------------------------------------------------------------------- 7: names not UTF-8


def _write_raw(folder: Path, raw_name: bytes, data: bytes) -> Path:
    path = Path(os.fsdecode(os.fsencode(folder) + b"/" + raw_name))
    path.write_bytes(data)
    return path


def test_cli_ingest_goes_on_past_a_name_that_is_not_utf8(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    _write_raw(folder, NOT_UTF8, blank_png(400, 300))
    (folder / "z-after.png").write_bytes(blank_png(410, 300))
    res = CliRunner().invoke(cli_app, ["ingest", str(folder), "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert res.exception is None and "UnicodeEncodeError" not in res.output
    assert SHOWN in res.output
    with session_scope() as db:
        docs = {d.original_name: d.status for d in db.scalars(select(Document))}
    assert docs == {SHOWN: "done", "z-after.png": "done"}  # nothing left "processing"
    again = CliRunner().invoke(cli_app, ["ingest", str(folder), "--workers", "1"])
    assert again.exit_code == 0 and "đã có" in again.output  # the rerun is quiet too


def test_inbox_watch_goes_on_past_a_name_that_is_not_utf8(data_dir: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    raw = _write_raw(inbox, NOT_UTF8, blank_png(400, 300))
    (inbox / "z-after.png").write_bytes(blank_png(410, 300))
    res = CliRunner().invoke(cli_app, ["inbox", "watch", str(inbox), "--once", "--settle", "0"])
    assert res.exit_code == 0, res.output
    assert res.exception is None
    processed = tmp_path / "processed"
    assert (processed / raw.name).is_file() and (
        processed / "z-after.png"
    ).is_file()  # moved under its own bytes
    state = (inbox / ".donthu-inbox-state.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["name"] for line in state} == {SHOWN, "z-after.png"}
    with session_scope() as db:
        assert {d.original_name for d in db.scalars(select(Document))} == {SHOWN, "z-after.png"}


# ----------------------------------------------------------------------------------------- 16: links, size, memory


def test_symlinks_are_refused_and_never_read(data_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "passwd.png"
    secret.parent.mkdir()
    secret.write_bytes(blank_png(300, 300))  # a readable file outside the batch
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    (folder / "link.png").symlink_to(secret)
    (folder / "linked-dir").symlink_to(secret.parent, target_is_directory=True)
    (folder / "sub" / "good.png").write_bytes(blank_png(320, 300))
    summary = ingest([folder, tmp_path / "batch" / "link.png"], workers=1)
    reports = [(f.name, f.status, f.reason) for f in summary.files]
    assert ("link.png", "failed", SYMLINK) in reports and ("linked-dir", "failed", SYMLINK) in reports
    assert ("good.png", "new", None) in reports
    assert [r for r in reports if r[0] == "passwd.png"] == []  # the linked folder was not walked
    with session_scope() as db:
        assert {d.original_name for d in db.scalars(select(Document))} == {
            "good.png"
        }  # nothing of the target


def test_inbox_moves_a_symlink_to_failed_without_reading_it(data_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(blank_png(300, 300))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "passwd.png").symlink_to(secret)
    (inbox / "good.png").write_bytes(blank_png(330, 300))
    watcher = InboxWatcher(
        inbox,
        tmp_path / "processed",
        tmp_path / "failed",
        settle_seconds=0,
        pipeline=Pipeline(get_settings(), workers=1),
    )
    results = {r.name: r for r in watcher.run(once=True)}
    assert results["passwd.png"].status == "failed" and results["passwd.png"].reason == SYMLINK
    moved = tmp_path / "failed" / "passwd.png"
    assert moved.is_symlink() and secret.read_bytes() == blank_png(
        300, 300
    )  # the link moved, the target alone
    assert "liên kết" in (tmp_path / "failed" / "passwd.png.reason.txt").read_text(encoding="utf-8")
    assert results["good.png"].status == "new"
    with session_scope() as db:
        assert {d.original_name for d in db.scalars(select(Document))} == {"good.png"}


def test_file_over_the_size_limit_is_a_failed_document(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DONTHU_MAX_FILE_MB", "1")
    reset_settings()
    big = tmp_path / "big.png"
    big.write_bytes(blank_png() + os.urandom(3 * 1024 * 1024))
    (tmp_path / "small.png").write_bytes(blank_png(350, 300))
    summary = ingest([big, tmp_path / "small.png"], workers=1)
    assert summary.files[0].status == "failed" and "quá lớn" in (summary.files[0].reason or "")
    assert summary.files[1].status == "new"
    with session_scope() as db:
        doc = db.scalar(select(Document).where(Document.original_name == "big.png"))
        assert doc is not None and doc.status == "failed" and "giới hạn 1 MB" in doc.error
        assert doc.size == big.stat().st_size and len(doc.sha256) == 64
    again = ingest([big], workers=1)
    assert again.files[0].status == "previously_failed"  # known by its hash, not a new row each time
    with session_scope() as db:
        assert len(list(db.scalars(select(Document).where(Document.original_name == "big.png")))) == 1


def test_registration_streams_the_original(data_dir: Path, tmp_path: Path) -> None:
    """An 8 MB file is hashed and stored in 1 MB pieces: Python never holds it whole (it did: read_bytes)."""
    path = tmp_path / "archive.png"
    path.write_bytes(blank_png() + os.urandom(8 * 1024 * 1024))  # a PNG with 8 MB of trailing bytes
    pipe = Pipeline(get_settings(), workers=1)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        summary = pipe.run([path])
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary.files[0].status == "new"
    assert peak < 5 * 1024 * 1024, peak
    with session_scope() as db:
        doc = db.scalar(select(Document))
        assert pipe.store.get(doc.object_key) == path.read_bytes()
        assert db.scalar(select(Case).where(Case.document_id == doc.id)) is not None


def test_stores_take_a_path_or_a_stream(data_dir: Path, tmp_path: Path, s3_settings) -> None:
    from donthu.storage.objects import LocalStore, S3Store

    data = os.urandom(3 * 1024 * 1024 + 7)
    src = tmp_path / "f.bin"
    src.write_bytes(data)
    s = s3_settings
    for store in (
        LocalStore(tmp_path / "objects"),
        S3Store(s.s3_endpoint, s.s3_access_key, s.s3_secret_key, s.s3_bucket),
    ):
        store.put_file("originals/a/path", src)
        with open(src, "rb") as fh:
            store.put_file("originals/a/stream", fh, len(data))
        assert store.get("originals/a/path") == data and store.get("originals/a/stream") == data


def test_png_header_claims_are_checked_without_decoding(tmp_path: Path) -> None:
    """TIFF/PNG/JPEG: PIL reads the size from the header; the limit is applied before any pixel is decoded."""
    ihdr = struct.pack(">IIBBBBB", 40000, 40000, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path = tmp_path / "claim.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )
    with pytest.raises(IngestError) as err:
        pages_mod.inspect(path, "png", 120_000_000, 300)
    assert "40000 × 40000" in err.value.reason
    with pytest.raises(IngestError):
        pages_mod.load_page(path, "png", 0, 300, 120_000_000)  # and again by the worker, before decoding
