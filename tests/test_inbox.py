"""Scanner inbox watcher: exactly once, never a half-written file, failures with their reason, restarts."""

from __future__ import annotations

import io
import shutil
import threading
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from donthu.config import get_settings, reset_settings
from donthu.ingest import inbox as inbox_mod
from donthu.ingest.inbox import STATE_FILE, is_candidate, watch
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document


def blank_png(width: int = 600, height: int = 800, shade: int = 255) -> bytes:
    """A blank page (the pipeline skips OCR on it) padded with PNG noise-free rows; a few dozen KB."""
    img = Image.new("L", (width, height), shade)
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=0)  # uncompressed: big enough to be written in several chunks
    return buf.getvalue()


@pytest.fixture()
def dirs(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    monkeypatch.setenv("DONTHU_WORKERS", "1")
    reset_settings()
    return tmp_path / "inbox", tmp_path / "processed", tmp_path / "failed"


def _counts() -> tuple[int, int]:
    with session_scope(get_settings().db_url) as db:
        return (db.scalar(select(func.count(Document.id))) or 0, db.scalar(select(func.count(Case.id))) or 0)


def test_temp_names_are_ignored(tmp_path: Path) -> None:
    for name in ("a.pdf.part", "b.tmp", ".~lock.c.pdf#", ".hidden.png", "d.crdownload", "~$e.pdf"):
        (tmp_path / name).write_bytes(b"x")
        assert not is_candidate(tmp_path / name), name
    (tmp_path / "scan 001.pdf").write_bytes(b"x")
    assert is_candidate(tmp_path / "scan 001.pdf")


def test_slowly_written_file_is_ingested_only_when_complete(dirs: tuple[Path, Path, Path]) -> None:
    inbox, processed, failed = dirs
    inbox.mkdir(parents=True)
    data = blank_png()
    chunks = [data[i : i + len(data) // 6 + 1] for i in range(0, len(data), len(data) // 6 + 1)]
    assert len(chunks) >= 5
    target = inbox / "scan-0001.png"
    finished = threading.Event()
    ingested_at: list[float] = []

    real_process = inbox_mod.InboxWatcher.process

    def spy(self, paths):  # noqa: ANN001, ANN202
        ingested_at.append(time.monotonic())
        for p in paths:  # the file handed to the pipeline is complete
            assert p.read_bytes() == data
        return real_process(self, paths)

    inbox_mod.InboxWatcher.process = spy  # type: ignore[method-assign]
    try:
        with open(target, "wb") as fh:
            fh.write(chunks[0])
            fh.flush()

        def writer() -> None:
            with open(target, "ab") as fh:
                for c in chunks[1:]:
                    time.sleep(0.3)
                    fh.write(c)
                    fh.flush()
            finished.set()

        t = threading.Thread(target=writer)
        t.start()
        results = watch(inbox, processed, failed, get_settings(), once=True, settle_seconds=1.0, poll_seconds=0.1)
        t.join()
    finally:
        inbox_mod.InboxWatcher.process = real_process  # type: ignore[method-assign]
    assert finished.is_set()
    assert len(ingested_at) == 1
    assert [r.status for r in results] == ["new"]
    assert (processed / "scan-0001.png").read_bytes() == data
    assert not target.exists()
    with session_scope(get_settings().db_url) as db:
        docs = list(db.scalars(select(Document)))
        assert len(docs) == 1 and docs[0].size == len(data) and docs[0].status == "done"


def test_part_file_waits_for_rename(dirs: tuple[Path, Path, Path]) -> None:
    inbox, processed, failed = dirs
    inbox.mkdir(parents=True)
    (inbox / "scan.png.part").write_bytes(blank_png())
    assert watch(inbox, processed, failed, get_settings(), once=True, settle_seconds=0.2, poll_seconds=0.05) == []
    assert _counts() == (0, 0)
    (inbox / "scan.png.part").rename(inbox / "scan.png")
    results = watch(inbox, processed, failed, get_settings(), once=True, settle_seconds=0.2, poll_seconds=0.05)
    assert [r.name for r in results] == ["scan.png"]
    assert (processed / "scan.png").is_file()


def test_corrupt_file_goes_to_failed_with_reason(dirs: tuple[Path, Path, Path]) -> None:
    inbox, processed, failed = dirs
    inbox.mkdir(parents=True)
    (inbox / "hong.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00\x13garbage" * 50)
    (inbox / "rong.pdf").write_bytes(b"")
    (inbox / "tot.png").write_bytes(blank_png(shade=250))
    results = watch(inbox, processed, failed, get_settings(), once=True, settle_seconds=0.2, poll_seconds=0.05)
    by_name = {r.name: r for r in results}
    assert by_name["hong.pdf"].status == "failed" and by_name["rong.pdf"].status == "failed"
    assert (failed / "hong.pdf").is_file() and (failed / "rong.pdf").is_file()
    assert "PDF bị hỏng" in (failed / "hong.pdf.reason.txt").read_text(encoding="utf-8")
    assert "rỗng" in (failed / "rong.pdf.reason.txt").read_text(encoding="utf-8")
    assert (processed / "tot.png").is_file()
    assert not (processed / "tot.png.reason.txt").exists()
    assert sorted(p.name for p in inbox.iterdir()) == [STATE_FILE]


def test_restart_processes_nothing_twice(dirs: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, processed, failed = dirs
    inbox.mkdir(parents=True)
    (inbox / "a.png").write_bytes(blank_png(shade=255))
    (inbox / "b.png").write_bytes(blank_png(shade=254))
    (inbox / "bad.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00\x13garbage" * 50)
    first = watch(inbox, processed, failed, get_settings(), once=True, settle_seconds=0.2, poll_seconds=0.05)
    assert sorted(r.status for r in first) == ["failed", "new", "new"]
    counts = _counts()
    assert counts[0] == 3

    # a crash between ingest and move leaves the files in the inbox: the restarted watcher only moves them
    shutil.copy(processed / "a.png", inbox / "a.png")
    shutil.copy(failed / "bad.pdf", inbox / "bad.pdf")
    calls: list[list[Path]] = []
    real_run = inbox_mod.Pipeline.run

    def counting_run(self, paths, retry_failed=False):  # noqa: ANN001, ANN202
        calls.append(list(paths))
        return real_run(self, paths, retry_failed=retry_failed)

    monkeypatch.setattr(inbox_mod.Pipeline, "run", counting_run)
    again = watch(inbox, processed, failed, get_settings(), once=True, settle_seconds=0.2, poll_seconds=0.05)
    assert sorted(r.status for r in again) == ["already", "already"]
    assert calls == []
    assert (processed / "a.1.png").is_file() and (failed / "bad.1.pdf").is_file()
    assert "PDF bị hỏng" in (failed / "bad.1.pdf.reason.txt").read_text(encoding="utf-8")
    assert _counts() == counts

    # even with the state file lost, the pipeline's content-hash dedup creates no second case
    (inbox / STATE_FILE).unlink()
    shutil.copy(processed / "b.png", inbox / "b.png")
    third = watch(inbox, processed, failed, get_settings(), once=True, settle_seconds=0.2, poll_seconds=0.05)
    assert [r.status for r in third] == ["already"]
    assert len(calls) == 1
    assert _counts() == counts
    assert sorted(p.name for p in inbox.iterdir()) == [STATE_FILE]


def test_watch_loop_stops_on_event(dirs: tuple[Path, Path, Path]) -> None:
    inbox, processed, failed = dirs
    stop = threading.Event()
    out: list = []
    t = threading.Thread(target=lambda: out.extend(
        watch(inbox, processed, failed, get_settings(), settle_seconds=0.2, poll_seconds=0.05, stop=stop)))
    t.start()
    time.sleep(0.2)
    (inbox / "late.png").write_bytes(blank_png())
    deadline = time.monotonic() + 60
    while not (processed / "late.png").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    t.join(10)
    assert not t.is_alive()
    assert [r.name for r in out] == ["late.png"]


def test_cli_inbox_watch_once(data_dir: Path, tmp_path: Path) -> None:
    from PIL import Image
    from typer.testing import CliRunner

    from donthu.cli import app as cli_app

    inbox = tmp_path / "scanner" / "inbox"
    inbox.mkdir(parents=True)
    Image.new("L", (300, 400), 255).save(inbox / "blank.png")
    (inbox / "empty.pdf").write_bytes(b"")
    res = CliRunner().invoke(cli_app, ["inbox", "watch", str(inbox), "--once", "--settle", "0"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "scanner" / "processed" / "blank.png").is_file()
    assert (tmp_path / "scanner" / "failed" / "empty.pdf").is_file()
    assert "rỗng" in (tmp_path / "scanner" / "failed" / "empty.pdf.reason.txt").read_text(encoding="utf-8")
    assert [p.name for p in inbox.iterdir() if not p.name.startswith(".")] == []
