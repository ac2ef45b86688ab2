"""Scanner inbox watcher: exactly once, never a half-written file, failures with their reason, restarts."""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import threading
import time
from pathlib import Path

import pytest
from fakes import CountingPipeline
from minio.commonconfig import CopySource
from PIL import Image
from sqlalchemy import func, select

from donthu.config import get_settings, reset_settings
from donthu.ingest import inbox as inbox_mod
from donthu.ingest.inbox import STATE_FILE, is_candidate, watch
from donthu.ingest.inbox_s3 import STATE_PREFIX, S3InboxWatcher
from donthu.samples import make_petition, write_text_pdf
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document
from donthu.storage.objects import s3_client


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

    def spy(self, paths):
        ingested_at.append(time.monotonic())
        for p in paths:  # the file handed to the pipeline is complete
            assert p.read_bytes() == data
        return real_process(self, paths)

    inbox_mod.InboxWatcher.process = spy
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
        results = watch(
            inbox, processed, failed, get_settings(), once=True, settle_seconds=1.0, poll_seconds=0.1
        )
        t.join()
    finally:
        inbox_mod.InboxWatcher.process = real_process
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
    assert (
        watch(inbox, processed, failed, get_settings(), once=True, settle_seconds=0.2, poll_seconds=0.05)
        == []
    )
    assert _counts() == (0, 0)
    (inbox / "scan.png.part").rename(inbox / "scan.png")
    results = watch(
        inbox, processed, failed, get_settings(), once=True, settle_seconds=0.2, poll_seconds=0.05
    )
    assert [r.name for r in results] == ["scan.png"]
    assert (processed / "scan.png").is_file()


def test_corrupt_file_goes_to_failed_with_reason(dirs: tuple[Path, Path, Path]) -> None:
    inbox, processed, failed = dirs
    inbox.mkdir(parents=True)
    (inbox / "hong.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00\x13garbage" * 50)
    (inbox / "rong.pdf").write_bytes(b"")
    (inbox / "tot.png").write_bytes(blank_png(shade=250))
    results = watch(
        inbox, processed, failed, get_settings(), once=True, settle_seconds=0.2, poll_seconds=0.05
    )
    by_name = {r.name: r for r in results}
    assert by_name["hong.pdf"].status == "failed" and by_name["rong.pdf"].status == "failed"
    assert (failed / "hong.pdf").is_file() and (failed / "rong.pdf").is_file()
    assert "PDF bị hỏng" in (failed / "hong.pdf.reason.txt").read_text(encoding="utf-8")
    assert "rỗng" in (failed / "rong.pdf.reason.txt").read_text(encoding="utf-8")
    assert (processed / "tot.png").is_file()
    assert not (processed / "tot.png.reason.txt").exists()
    assert sorted(p.name for p in inbox.iterdir()) == [STATE_FILE]


def test_restart_processes_nothing_twice(
    dirs: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
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
    counting = CountingPipeline(get_settings())
    calls = counting.calls
    again = watch(
        inbox,
        processed,
        failed,
        get_settings(),
        once=True,
        settle_seconds=0.2,
        poll_seconds=0.05,
        pipeline=counting,
    )
    assert sorted(r.status for r in again) == ["already", "already"]
    assert calls == []
    assert (processed / "a.1.png").is_file() and (failed / "bad.1.pdf").is_file()
    assert "PDF bị hỏng" in (failed / "bad.1.pdf.reason.txt").read_text(encoding="utf-8")
    assert _counts() == counts

    # even with the state file lost, the pipeline's content-hash dedup creates no second case
    (inbox / STATE_FILE).unlink()
    shutil.copy(processed / "b.png", inbox / "b.png")
    third = watch(
        inbox,
        processed,
        failed,
        get_settings(),
        once=True,
        settle_seconds=0.2,
        poll_seconds=0.05,
        pipeline=counting,
    )
    assert [r.status for r in third] == ["already"]
    assert len(calls) == 1
    assert _counts() == counts
    assert sorted(p.name for p in inbox.iterdir()) == [STATE_FILE]


def test_watch_loop_stops_on_event(dirs: tuple[Path, Path, Path]) -> None:
    inbox, processed, failed = dirs
    stop = threading.Event()
    out: list = []
    t = threading.Thread(
        target=lambda: out.extend(
            watch(inbox, processed, failed, get_settings(), settle_seconds=0.2, poll_seconds=0.05, stop=stop)
        )
    )
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


# ----------------------------------------------------------------------------------------------- S3 inbox


@pytest.fixture()
def s3_inbox(s3_settings, monkeypatch: pytest.MonkeyPatch):
    """An inbox bucket on the loopback S3 server (the archive bucket of the same server holds the originals)."""
    bucket = f"inbox-{s3_settings.s3_bucket}"
    monkeypatch.setenv("DONTHU_INBOX_BUCKET", bucket)
    monkeypatch.setenv("DONTHU_WORKERS", "1")
    reset_settings()
    settings = get_settings()
    client = s3_client(settings)
    client.make_bucket(bucket)
    return settings, client, bucket


def _put(client, bucket: str, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
    client.put_object(bucket, key, io.BytesIO(data), len(data), content_type=content_type)


def _get(client, bucket: str, key: str) -> bytes:
    resp = client.get_object(bucket, key)
    try:
        return resp.read()
    finally:
        resp.close()
        resp.release_conn()


def _keys(client, bucket: str, prefix: str = "") -> list[str]:
    return sorted(o.object_name for o in client.list_objects(bucket, prefix=prefix, recursive=True))


def _petition_pdf(tmp_path: Path, seed: int) -> bytes:
    """A born-digital petition (text layer: no OCR, fast)."""
    pet = make_petition(random.Random(seed), form="labeled", category="khieu_nai", n_pages=1)
    path = tmp_path / f"petition-{seed}.pdf"
    write_text_pdf(path, pet.pages)
    return path.read_bytes()


CORRUPT_PDF = b"%PDF-1.7\n" + b"\x00\x13garbage" * 50


def test_s3_inbox_processes_good_fails_bad_and_leaves_temp_objects(s3_inbox, tmp_path: Path) -> None:
    settings, client, bucket = s3_inbox
    good = _petition_pdf(tmp_path, 1)
    _put(client, bucket, "incoming/", b"")  # a "folder" marker, as consoles create
    _put(client, bucket, "incoming/don 001.pdf", good, "application/pdf")
    _put(client, bucket, "incoming/hong.pdf", CORRUPT_PDF)
    _put(client, bucket, "incoming/rong.pdf", b"")
    _put(client, bucket, "incoming/x.pdf.part", good)  # a multipart client's temp name
    _put(client, bucket, "incoming/.hidden.pdf", good)
    _put(client, bucket, "incoming/sub/deeper.pdf", good)  # not directly in the inbox
    _put(client, bucket, "elsewhere.pdf", good)  # outside the prefix

    watcher = S3InboxWatcher(settings, settle_seconds=0, poll_seconds=0.01)
    results = watcher.run(once=True)

    by_name = {r.name: r for r in results}
    assert sorted(by_name) == ["don 001.pdf", "hong.pdf", "rong.pdf"]
    assert (
        by_name["don 001.pdf"].status == "new"
        and by_name["don 001.pdf"].destination == "processed/don 001.pdf"
    )
    assert by_name["hong.pdf"].status == "failed" and by_name["rong.pdf"].status == "failed"
    # the good one: a case in the database, the object in processed/ with its hash, its type kept
    assert _get(client, bucket, "processed/don 001.pdf") == good
    st = client.stat_object(bucket, "processed/don 001.pdf")
    assert st.metadata.get("x-amz-meta-sha256") == hashlib.sha256(good).hexdigest()
    assert st.content_type == "application/pdf"
    case_ids = by_name["don 001.pdf"].case_ids
    assert case_ids
    with session_scope(settings.db_url) as db:
        cases = list(db.scalars(select(Case)))
        assert [c.case_id for c in cases] == case_ids
        assert cases[0].document.original_name == "don 001.pdf" and cases[0].document.status == "done"
    # the bad ones: in failed/ with the reason in Vietnamese, no case
    assert _get(client, bucket, "failed/hong.pdf") == CORRUPT_PDF
    assert "PDF bị hỏng" in _get(client, bucket, "failed/hong.pdf.reason.txt").decode("utf-8")
    assert "rỗng" in _get(client, bucket, "failed/rong.pdf.reason.txt").decode("utf-8")
    assert by_name["hong.pdf"].reason and "PDF bị hỏng" in by_name["hong.pdf"].reason
    assert not [k for k in _keys(client, bucket, "processed/") if k.endswith(".reason.txt")]
    # temp names, hidden names, deeper "folders" and other prefixes are left alone
    assert _keys(client, bucket, "incoming/") == [
        "incoming/",
        "incoming/.hidden.pdf",
        "incoming/sub/deeper.pdf",
        "incoming/x.pdf.part",
    ]
    assert "elsewhere.pdf" in _keys(client, bucket)
    # the finished hashes are kept in the bucket
    assert _keys(client, bucket, STATE_PREFIX) == sorted(
        f"{STATE_PREFIX}{hashlib.sha256(d).hexdigest()}.json" for d in (good, CORRUPT_PDF, b"")
    )
    # the temp object, once "renamed" (copied to its final name), is taken
    client.copy_object(bucket, "incoming/x.pdf", CopySource(bucket, "incoming/x.pdf.part"))
    client.remove_object(bucket, "incoming/x.pdf.part")
    again = S3InboxWatcher(settings, settle_seconds=0, poll_seconds=0.01).run(once=True)
    assert [(r.name, r.status) for r in again] == [("x.pdf", "already")]
    assert _get(client, bucket, "processed/x.pdf") == good
    assert _counts()[1] == len(case_ids)


def test_s3_object_is_taken_only_after_it_settles(s3_inbox) -> None:
    settings, client, bucket = s3_inbox
    v1, v2 = blank_png(300, 400, 255), blank_png(300, 400, 254)
    assert len(v1) == len(v2)  # same size: only the ETag tells the versions apart
    watcher = S3InboxWatcher(settings, settle_seconds=10)
    _put(client, bucket, "incoming/scan.png", v1)
    assert watcher.scan(now=100.0) == ([], 1)
    assert watcher.scan(now=105.0) == ([], 1)
    _put(client, bucket, "incoming/scan.png", v2)  # re-uploaded before it settled: the clock starts again
    assert watcher.scan(now=112.0) == ([], 1)
    assert watcher.scan(now=121.0) == ([], 1)
    ready, waiting = watcher.scan(now=122.5)
    assert waiting == 0 and [o.name for o in ready] == ["scan.png"]
    assert ready[0].etag == client.stat_object(bucket, "incoming/scan.png").etag
    assert _counts() == (0, 0)
    [result] = watcher.process(ready)
    assert result.status == "new" and _get(client, bucket, "processed/scan.png") == v2
    assert _keys(client, bucket, "incoming/") == []


def test_s3_object_replaced_after_settling_is_not_taken_stale(s3_inbox) -> None:
    settings, client, bucket = s3_inbox
    watcher = S3InboxWatcher(settings, settle_seconds=1)
    _put(client, bucket, "incoming/scan.png", blank_png(300, 400, 255))
    watcher.scan(now=0.0)
    ready, _ = watcher.scan(now=2.0)
    _put(
        client, bucket, "incoming/scan.png", blank_png(300, 400, 253)
    )  # replaced between listing and download
    assert watcher.process(ready) == []
    assert _counts() == (0, 0) and _keys(client, bucket, "processed/") == []
    ready, waiting = watcher.scan(now=3.0)  # the new version settles on its own
    assert (ready, waiting) == ([], 1)


def test_s3_restart_after_crash_only_moves(s3_inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings, client, bucket = s3_inbox
    good = _petition_pdf(tmp_path, 2)
    _put(client, bucket, "incoming/1-good.pdf", good)
    _put(client, bucket, "incoming/2-bad.pdf", CORRUPT_PDF)

    # the process dies after ingest, before the first move: the first file's state object is written, both
    # files are still in the inbox
    def crash(self, item, digest, bad, reason):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(S3InboxWatcher, "_move", crash)
    with pytest.raises(KeyboardInterrupt):
        S3InboxWatcher(settings, settle_seconds=0, poll_seconds=0.01).run(once=True)
    monkeypatch.undo()
    good_sha = hashlib.sha256(good).hexdigest()
    assert _keys(client, bucket, STATE_PREFIX) == [
        f"{STATE_PREFIX}{good_sha}.json"
    ]  # written before the move
    assert _keys(client, bucket, "incoming/") == ["incoming/1-good.pdf", "incoming/2-bad.pdf"]
    counts = _counts()
    assert counts[1] >= 1

    counting = CountingPipeline(settings)
    results = S3InboxWatcher(settings, settle_seconds=0, poll_seconds=0.01, pipeline=counting).run(once=True)
    calls = [[p.name for p in paths] for paths in counting.calls]
    by_name = {r.name: r for r in results}
    assert by_name["1-good.pdf"].status == "already"  # from the state: not read again
    assert (
        by_name["2-bad.pdf"].status == "previously_failed"
    )  # its hash was not recorded: the pipeline's dedupe
    assert calls == [["2-bad.pdf"]]
    assert _counts() == counts
    assert _get(client, bucket, "processed/1-good.pdf") == good
    assert "PDF bị hỏng" in _get(client, bucket, "failed/2-bad.pdf.reason.txt").decode("utf-8")
    assert _keys(client, bucket, "incoming/") == []

    # a crash between the copy and the delete: the copy is found by its hash and not made twice
    _put(client, bucket, "incoming/1-good.pdf", good)
    results = S3InboxWatcher(settings, settle_seconds=0, poll_seconds=0.01, pipeline=counting).run(once=True)
    assert [(r.status, r.destination) for r in results] == [("already", "processed/1-good.pdf")]
    assert _keys(client, bucket, "processed/") == ["processed/1-good.pdf"]
    assert _keys(client, bucket, "incoming/") == [] and len(counting.calls) == 1


def test_s3_same_bytes_again_make_no_new_case(
    s3_inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, client, bucket = s3_inbox
    good = _petition_pdf(tmp_path, 3)
    _put(client, bucket, "incoming/a.pdf", good)
    first = S3InboxWatcher(settings, settle_seconds=0, poll_seconds=0.01).run(once=True)
    assert [r.status for r in first] == ["new"]
    counts = _counts()
    assert counts[1] >= 1

    counting = CountingPipeline(settings)
    calls = counting.calls
    # the same scan uploaded again under a new name, and under the old name: moved, not ingested
    _put(client, bucket, "incoming/a (copy).pdf", good)
    _put(client, bucket, "incoming/a.pdf", good + b"")
    again = S3InboxWatcher(settings, settle_seconds=0, poll_seconds=0.01, pipeline=counting).run(once=True)
    assert sorted((r.name, r.status) for r in again) == [("a (copy).pdf", "already"), ("a.pdf", "already")]
    assert calls == []
    assert _counts() == counts
    assert _keys(client, bucket, "processed/") == ["processed/a (copy).pdf", "processed/a.pdf"]

    # even with the bucket's state lost, the pipeline's content-hash dedupe creates no second case
    for key in _keys(client, bucket, STATE_PREFIX):
        client.remove_object(bucket, key)
    _put(client, bucket, "incoming/b.pdf", good)
    third = S3InboxWatcher(settings, settle_seconds=0, poll_seconds=0.01, pipeline=counting).run(once=True)
    assert [(r.name, r.status) for r in third] == [("b.pdf", "already")]
    assert [len(paths) for paths in calls] == [1]
    assert _counts() == counts
    assert _get(client, bucket, "processed/b.pdf") == good
    assert _keys(client, bucket, "incoming/") == []


def test_s3_watch_loop_survives_server_errors(s3_inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    from urllib3.exceptions import MaxRetryError

    settings, client, bucket = s3_inbox
    watcher = S3InboxWatcher(settings, settle_seconds=0, poll_seconds=0.05)
    real = S3InboxWatcher._candidates
    failures = [2]

    def flaky(self):
        if failures[0]:
            failures[0] -= 1
            raise MaxRetryError(None, "/", "connection refused")
        return real(self)

    monkeypatch.setattr(S3InboxWatcher, "_candidates", flaky)
    with pytest.raises(MaxRetryError):  # --once reports the error
        watcher.run(once=True)
    stop = threading.Event()
    out: list = []
    t = threading.Thread(target=lambda: out.extend(watcher.run(stop=stop)))
    t.start()
    _put(client, bucket, "incoming/late.png", blank_png(300, 400))
    deadline = time.monotonic() + 30
    while "processed/late.png" not in _keys(client, bucket, "processed/") and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    t.join(10)
    assert not t.is_alive()
    assert failures == [0] and [r.name for r in out] == ["late.png"]


def test_cli_inbox_watch_s3_once(s3_inbox, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from donthu.cli import app as cli_app

    settings, client, bucket = s3_inbox
    _put(client, bucket, "scans/blank.png", blank_png(300, 400))
    _put(client, bucket, "scans/empty.pdf", b"")
    alive = tmp_path / "alive"
    res = CliRunner().invoke(
        cli_app,
        [
            "inbox",
            "watch-s3",
            "--once",
            "--settle",
            "0",
            "--poll",
            "0.05",
            "--prefix",
            "scans",
            "--heartbeat",
            str(alive),
        ],
    )
    assert res.exit_code == 0, res.output
    assert f"s3://{bucket}/scans/" in res.output
    assert _keys(client, bucket, "scans/") == []
    assert "processed/blank.png" in _keys(client, bucket, "processed/")
    assert "rỗng" in _get(client, bucket, "failed/empty.pdf.reason.txt").decode("utf-8")
    assert alive.is_file()


def test_cli_inbox_watch_s3_needs_a_bucket(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from donthu.cli import app as cli_app

    monkeypatch.delenv("DONTHU_INBOX_BUCKET", raising=False)
    reset_settings()
    res = CliRunner().invoke(cli_app, ["inbox", "watch-s3", "--once"])
    assert res.exit_code == 2
    assert "DONTHU_INBOX_BUCKET" in res.output
