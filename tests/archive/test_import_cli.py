"""``donthu ingest`` on the real CLI: stray files are skipped and listed with exit 0 (plain and --archive), the
archive options, manifest errors with their line (exit 2), an unsafe zip (exit 2)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from archive_importkit import cases_by_path, junk, local_day, petition, text_pdf
from sqlalchemy import select
from typer.testing import CliRunner

from donthu.cli import app as cli_app
from donthu.storage.db import session_scope
from donthu.storage.models import ArchiveBatch, ArchiveItem, Case, Document


def _run(*args: str):
    return CliRunner().invoke(cli_app, ["ingest", *args, "--workers", "1"], catch_exceptions=False)


def test_stray_files_are_skipped_and_listed_with_exit_0(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    text_pdf(folder / "don.pdf", petition(71))
    stray = junk(folder) + ["desktop.ini"]
    (folder / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    res = _run(str(folder))
    assert res.exit_code == 0, res.output
    for name in stray:
        assert name in res.output
    assert "bỏ qua" in res.output and "4 bỏ qua" in res.output
    with session_scope() as db:
        assert [d.original_name for d in db.scalars(select(Document))] == ["don.pdf"]  # no failed documents
        (case,) = db.scalars(select(Case))
        assert case.status == "pending_verification" and case.archive_batch_id is None
    again = _run(str(folder))
    assert again.exit_code == 0, again.output  # reruns stay quiet


def test_archive_import_on_the_cli(data_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "Hop 7"
    text_pdf(root / "a.pdf", petition(72))
    junk(root)
    manifest = tmp_path / "danh-muc.csv"
    manifest.write_text(
        "file;received_date;note\na.pdf;03/04/2023;đơn gốc\nb.pdf;04/04/2023;\n", encoding="utf-8"
    )
    res = _run(
        str(root),
        "--archive",
        "--manifest",
        str(manifest),
        "--batch-name",
        "Hộp 7 năm 2023",
        "--agency",
        "UBND phường",
        "--unit-code",
        "T.P2",
    )
    assert res.exit_code == 0, res.output
    with session_scope() as db:
        batch = db.scalar(select(ArchiveBatch))
        assert batch is not None
        assert (batch.name, batch.agency, batch.unit_code, batch.created_by) == (
            "Hộp 7 năm 2023",
            "UBND phường",
            "T.P2",
            "cli",
        )
    assert f"Lô lưu trữ số {batch.id}" in res.output
    assert "Thumbs.db" in res.output and "ghi-chu.txt" in res.output and "bỏ qua" in res.output
    assert "dòng 3: b.pdf" in res.output  # the manifest row with no file
    (case,) = cases_by_path()["Hop 7/a.pdf"]
    assert (case.status, case.archive_box, case.unit_code) == ("archived", "7", "T.P2")
    assert local_day(case.received_at) == dt.date(2023, 4, 3) and case.extra["archive"]["note"] == "đơn gốc"


def test_archive_options_need_archive(data_dir: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text("file\na.pdf\n", encoding="utf-8")
    res = _run(str(tmp_path), "--manifest", str(manifest))
    assert res.exit_code == 2 and "--archive" in res.output
    res = _run(str(tmp_path), "--archive", "--manifest", str(tmp_path / "khong-co.csv"))
    assert res.exit_code == 2 and "Không tìm thấy danh mục" in res.output


def test_manifest_errors_name_the_line(data_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "Hop 1"
    text_pdf(root / "a.pdf", petition(73))
    text_pdf(root / "b.pdf", petition(74))
    unusable = tmp_path / "hong.csv"
    unusable.write_text("ten;ngay\na.pdf;1/1/2020\n", encoding="utf-8")
    res = _run(str(root), "--archive", "--manifest", str(unusable))
    assert res.exit_code == 2 and "dòng 1" in res.output and "cột tên tệp" in res.output
    with session_scope() as db:
        assert db.scalar(select(ArchiveBatch)) is None and db.scalar(select(Document)) is None  # nothing ran
    bad_row = tmp_path / "m.csv"
    bad_row.write_text("file,received_date\na.pdf,12/05/2023\nb.pdf,30/02/2023\n", encoding="utf-8")
    res = _run(str(root), "--archive", "--manifest", str(bad_row))
    assert res.exit_code == 2, res.output  # imported, but the archivist must fix line 3
    assert "dòng 3" in res.output and "30/02/2023" in res.output
    cases = cases_by_path()
    assert cases["Hop 1/a.pdf"][0].extra["archive"]["date_source"] == "manifest"
    assert cases["Hop 1/b.pdf"][0].extra["archive"]["date_source"] != "manifest"
    with session_scope() as db:
        item = db.scalar(select(ArchiveItem).where(ArchiveItem.path == "Hop 1/b.pdf"))
        assert item is not None and "dòng 3" in (item.reason or "")


def test_an_unsafe_zip_exits_2(data_dir: Path, tmp_path: Path) -> None:
    zpath = tmp_path / "hop.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("/etc/cron.d/x.pdf", b"%PDF-1.4\n")
    res = _run(str(zpath), "--archive")
    assert res.exit_code == 2 and "không an toàn" in res.output


def test_the_inbox_leaves_stray_files_alone(data_dir: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    text_pdf(inbox / "don.pdf", petition(75))
    stray = junk(inbox) + ["desktop.ini"]
    (inbox / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    res = CliRunner().invoke(cli_app, ["inbox", "watch", str(inbox), "--once", "--settle", "0"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "processed" / "don.pdf").is_file()
    assert all((inbox / name).is_file() for name in stray)  # not read, not moved to failed/
    assert not (tmp_path / "failed").exists() or not any((tmp_path / "failed").iterdir())
    with session_scope() as db:
        assert [d.original_name for d in db.scalars(select(Document))] == ["don.pdf"]
