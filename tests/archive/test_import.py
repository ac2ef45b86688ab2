"""The archive import end to end (archive/importer.py through the configured pipeline): a manifest gives each
historical case its received date and box, none reaches the live queue, stray files are skipped; the folder
layout, the reception stamp and the petition's own date when there is no manifest date; zips."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from archive_importkit import (
    batch_and_items,
    cases_by_path,
    junk,
    local_day,
    petition,
    petition_day,
    scan,
    text_pdf,
)
from sqlalchemy import select

from donthu.archive.importer import ArchiveImportError, import_archive
from donthu.config import get_settings
from donthu.ingest.pipeline import Pipeline
from donthu.ingest.provenance import ManifestError
from donthu.samples import render_page, write_document
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import ArchiveBatch, Case, Document, Unit

MANIFEST = (
    "file,received_date,box,folder,note,nguoi_quet\n"
    "Hop 1/don-001.pdf,12/05/2022,1,HS-03,rách góc,Lan\n"
    "Hop 1/don-002.png,2022-05-13,Hộp 1,,,\n"
    "Hop 2/don-001.pdf,30.11.2021,2,,,Minh\n"
    "Hop 9/mat.pdf,01/01/2020,9,,,\n"
)


def _box(root: Path) -> dict[str, object]:
    """Two boxes; the same file name in both; a scan; stray files."""
    pets = {
        "Hop 1/don-001.pdf": text_pdf(root / "Hop 1" / "don-001.pdf", petition(11, "khieu_nai")),
        "Hop 1/don-002.png": scan(root / "Hop 1" / "don-002.png", petition(12, "kien_nghi")),
        "Hop 2/don-001.pdf": text_pdf(root / "Hop 2" / "don-001.pdf", petition(13, "to_cao")),
    }
    junk(root / "Hop 2")
    (root / "danh-muc.csv").write_text(MANIFEST, encoding="utf-8")
    return pets


@pytest.mark.ocr
def test_manifest_import_dates_boxes_and_no_live_queue(db_url: str, tmp_path: Path) -> None:
    root = tmp_path / "kho"
    _box(root)
    live = tmp_path / "live"
    text_pdf(live / "moi.pdf", petition(14, "phan_anh"))
    Pipeline(get_settings(), workers=1).run([live])  # a petition of today's intake: the queue is not empty

    result = import_archive(
        [root],
        manifest=root / "danh-muc.csv",
        settings=get_settings(),
        actor="luutru",
        name="Phông UBND 2021-2022",
        agency="UBND xã Diễn Kỷ",
        unit_code="T.BTCD",
        workers=1,
    )
    assert result.summary.failures == []
    cases = cases_by_path()
    want = {
        "kho/Hop 1/don-001.pdf": (dt.date(2022, 5, 12), "1", "3", "rách góc", {"nguoi_quet": "Lan"}),
        "kho/Hop 1/don-002.png": (dt.date(2022, 5, 13), "1", "", "", {}),
        "kho/Hop 2/don-001.pdf": (dt.date(2021, 11, 30), "2", "", "", {"nguoi_quet": "Minh"}),
    }
    assert sorted(cases) == sorted(want)
    for path, (day, box, folder, note, columns) in want.items():
        (case,) = cases[path]
        info = case.extra["archive"]
        assert case.status == "archived" and case.handling_stage is None
        assert local_day(case.received_at) == day  # the manifest's day, as a local date
        assert case.case_id and case.case_id.startswith(f"DT-{day.year}-")
        assert (case.archive_box, case.archive_batch_id, case.unit_code) == (box, result.batch_id, "T.BTCD")
        assert (info["box"], info["folder"], info["note"], info["path"]) == (box, folder, note, path)
        assert {k: v for k, v in info["columns"].items() if k != "manifest_line"} == columns
        assert (info["date_source"], info["received_date"]) == ("manifest", day.isoformat())
        assert info["agency"] == "UBND xã Diễn Kỷ" and info["petition_index"] == 1
    # two files named don-001.pdf in two boxes: two items, each with its own provenance
    batch, items = batch_and_items(result.batch_id)
    assert {p: (i.box, i.sequence, i.status) for p, i in items.items()} == {
        "kho/Hop 1/don-001.pdf": ("1", 1, "new"),
        "kho/Hop 1/don-002.png": ("1", 2, "new"),
        "kho/Hop 2/don-001.pdf": ("2", 3, "new"),
    }
    assert len({i.document_id for i in items.values()}) == 3
    assert (batch.status, batch.name, batch.created_by, batch.manifest_name) == (
        "done",
        "Phông UBND 2021-2022",
        "luutru",
        "danh-muc.csv",
    )
    assert (batch.files_total, batch.files_done, batch.pages_done) == (3, 3, 3)
    assert batch.finished_at is not None
    skipped = {s["path"] for s in batch.skipped}
    assert skipped == {
        "kho/Hop 2/Thumbs.db",
        "kho/Hop 2/.DS_Store",
        "kho/Hop 2/ghi-chu.txt",
        "kho/danh-muc.csv",
    }
    assert [(m["line"], m["file"]) for m in batch.missing] == [(5, "Hop 9/mat.pdf")]
    # none in the live queue, which still holds today's petition
    with session_scope() as db:
        queue, total = repo.queue_cases(db)
        assert total == 1 and [c.archive_batch_id for c in queue] == [None]
        nxt = repo.next_case(db, "xacminh")
        assert nxt is not None and nxt.archive_batch_id is None
        assert repo.next_case(db, "xacminh2") is None  # the live one is claimed; nothing archived is offered


def test_the_same_import_again_links_the_files_and_leaves_their_cases(data_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "Hop 4"
    text_pdf(root / "a.pdf", petition(21))
    first = import_archive([root], manifest=None, settings=get_settings(), actor="a", workers=1)
    before = cases_by_path()
    again = import_archive([root], manifest=None, settings=get_settings(), actor="a", workers=1)
    assert again.already == 1 and [f.status for f in again.summary.files] == ["already"]
    assert cases_by_path().keys() == before.keys()
    assert [c.case_id for c in cases_by_path()["Hop 4/a.pdf"]] == [c.case_id for c in before["Hop 4/a.pdf"]]
    batch, items = batch_and_items(again.batch_id)
    assert items["Hop 4/a.pdf"].status == "already" and items["Hop 4/a.pdf"].document_id is not None
    assert "đã được nhập trước đây" in batch.note and batch.status == "done"
    with session_scope() as db:
        assert db.scalar(select(Case.archive_batch_id)) == first.batch_id  # the earliest item's batch


def test_folder_layout_stamp_and_petition_dates_without_manifest(data_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "kho"
    dated = text_pdf(root / "HOP_012" / "12-03-2021" / "x.pdf", petition(31))
    stamped = petition(32)
    stamp_day = petition_day(stamped) + dt.timedelta(days=6)
    text_pdf(root / "Hộp 5" / "Cặp 2" / "y.pdf", stamped, f"ĐẾN Số: 77 Ngày: {stamp_day:%d/%m/%Y}")
    own = text_pdf(root / "2022" / "Box 6" / "z.pdf", petition(33))
    # a stamp dated before the petition was written is a misreading: the petition's date is used
    early = petition(34)
    text_pdf(
        root / "Box 7" / "w.pdf",
        early,
        f"ĐẾN Số: 8 Ngày: {petition_day(early) - dt.timedelta(days=40):%d/%m/%Y}",
    )
    (root / "Box 7" / "v.pdf").parent.mkdir(parents=True, exist_ok=True)
    from donthu.samples import write_text_pdf

    write_text_pdf(
        root / "Box 7" / "v.pdf", ["Danh sách cán bộ trực\nTổ 1: anh Ba, chị Tư"]
    )  # no date at all
    result = import_archive([root], manifest=None, settings=get_settings(), actor="a", workers=1)
    assert result.summary.failures == []
    cases = {p: c[0] for p, c in cases_by_path().items()}
    got = {
        p: (c.archive_box, c.extra["archive"]["folder"], c.extra["archive"]["date_source"])
        for p, c in cases.items()
    }
    assert got == {
        "kho/HOP_012/12-03-2021/x.pdf": ("12", "", "folder"),
        "kho/Hộp 5/Cặp 2/y.pdf": ("5", "2", "stamp"),
        "kho/2022/Box 6/z.pdf": ("6", "", "petition"),
        "kho/Box 7/w.pdf": ("7", "", "petition"),
        "kho/Box 7/v.pdf": ("7", "", "none"),
    }
    day = {p: local_day(c.received_at) for p, c in cases.items()}
    assert day["kho/HOP_012/12-03-2021/x.pdf"] == dt.date(2021, 3, 12) != petition_day(dated)
    assert day["kho/Hộp 5/Cặp 2/y.pdf"] == stamp_day
    assert cases["kho/Hộp 5/Cặp 2/y.pdf"].extra["archive"]["stamp"] == {
        "number": "77",
        "date": stamp_day.isoformat(),
        "read_from": "text",
    }
    assert day["kho/2022/Box 6/z.pdf"] == petition_day(own)
    assert cases["kho/2022/Box 6/z.pdf"].extra["archive"]["columns"] == {"period": "2022"}
    assert day["kho/Box 7/w.pdf"] == petition_day(early)
    assert cases["kho/Box 7/v.pdf"].extra["archive"]["received_date"] is None
    assert (
        abs((dt.datetime.now(dt.UTC) - _aware(cases["kho/Box 7/v.pdf"].received_at)).total_seconds()) < 3600
    )
    assert all(c.status == "archived" and c.unit_code is None for c in cases.values())


@pytest.mark.ocr
def test_the_red_stamp_of_a_colour_scan_is_read_apart(data_dir: Path, tmp_path: Path) -> None:
    """The page's OCR drops red ink; the finalisation reads the stamp's red ink by itself (ocr/red_ink.py)."""
    pet = petition(35)
    folder = tmp_path / "Hop 8"
    folder.mkdir()
    write_document(folder / "mau.png", [render_page(pet.pages[0], "stamp", seed=3, dpi=150)], dpi=150)
    import_archive([folder], manifest=None, settings=get_settings(), actor="a", workers=1)
    (case,) = cases_by_path()["Hop 8/mau.png"]
    info = case.extra["archive"]
    assert "ĐẾN" not in case.text  # not in the page's text
    assert info["date_source"] == "stamp" and info["stamp"]["read_from"] == "red_ink"
    # samples/render.py stamps a petition 1 to 11 days after the date it bears
    received = local_day(case.received_at)
    assert dt.timedelta(days=1) <= received - petition_day(pet) <= dt.timedelta(days=11)
    assert info["stamp"]["date"] == received.isoformat() and info["stamp"]["number"]


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def test_a_bad_manifest_row_falls_back_to_the_folder_layout(data_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "kho"
    text_pdf(root / "Hop 3" / "2020-02-03" / "a.pdf", petition(41))
    text_pdf(root / "Hop 3" / "b.pdf", petition(42))
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "tep;ngay_den;hop\nHop 3/2020-02-03/a.pdf;31/02/2020;8\nb.pdf;04/02/2020;3\n", "utf-8"
    )
    result = import_archive([root], manifest=manifest, settings=get_settings(), actor="a", workers=1)
    assert [p.split(":")[0] for p in result.problems] == ["dòng 2"]
    cases = {p: c[0] for p, c in cases_by_path().items()}
    a, b = cases["kho/Hop 3/2020-02-03/a.pdf"], cases["kho/Hop 3/b.pdf"]
    assert (a.archive_box, local_day(a.received_at), a.extra["archive"]["date_source"]) == (
        "3",  # the folder's box, not the bad row's
        dt.date(2020, 2, 3),
        "folder",
    )
    assert (b.archive_box, local_day(b.received_at), b.extra["archive"]["date_source"]) == (
        "3",
        dt.date(2020, 2, 4),
        "manifest",
    )
    batch, items = batch_and_items(result.batch_id)
    assert "dòng 2" in batch.note and "không có thật" in (items["kho/Hop 3/2020-02-03/a.pdf"].reason or "")


# ---------------------------------------------------------------------------------------------- zips


class _Utf8NoFlag(zipfile.ZipInfo):
    """A member name in UTF-8 bytes without the UTF-8 flag (as many Windows tools write them)."""

    def _encodeFilenameFlags(self):  # zipfile's own name
        return self.filename.encode("utf-8"), self.flag_bits


def test_a_zipped_box_with_its_manifest_inside(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    pet = text_pdf(src / "đơn 1.pdf", petition(51))
    zpath = tmp_path / "Hop 3.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr(_Utf8NoFlag("Hộp 3/đơn 1.pdf"), (src / "đơn 1.pdf").read_bytes())
        zf.writestr("Hộp 3/Thumbs.db", b"\x00" * 20)
        zf.writestr("__MACOSX/Hộp 3/._đơn 1.pdf", b"\x00" * 20)
        zf.writestr("danh_muc.csv", "file,received_date,box\nHộp 3/đơn 1.pdf,07/08/2019,3\n")
    result = import_archive([zpath], manifest=None, settings=get_settings(), actor="a", workers=1)
    assert result.manifest_name == "danh_muc.csv"
    (case,) = cases_by_path()["Hộp 3/đơn 1.pdf"]
    assert (case.archive_box, local_day(case.received_at)) == ("3", dt.date(2019, 8, 7))
    assert case.extra["archive"]["date_source"] == "manifest" and case.petition_date == petition_day(pet)
    assert {s["path"] for s in result.skipped} == {"Hộp 3/Thumbs.db", "danh_muc.csv"}
    assert not any((data_dir / "archive-imports").iterdir())  # the extracted copy is gone


def test_a_zip_reaching_outside_is_refused(data_dir: Path, tmp_path: Path) -> None:
    zpath = tmp_path / "evil.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("Hop 1/a.pdf", b"%PDF-1.4\n")
        zf.writestr("../evil.pdf", b"%PDF-1.4\n")
    with pytest.raises(ArchiveImportError, match="không an toàn"):
        import_archive([zpath], manifest=None, settings=get_settings(), actor="a")
    assert not (data_dir.parent / "evil.pdf").exists() and not list(data_dir.rglob("evil.pdf"))
    with session_scope() as db:
        batch = db.scalar(select(ArchiveBatch))
        assert batch is not None and batch.status == "failed" and "../evil.pdf" in (batch.error or "")
        assert db.scalar(select(Document)) is None


def test_a_batch_created_elsewhere_is_continued(data_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "Hop 2"
    text_pdf(root / "a.pdf", petition(61))
    with session_scope() as db:
        batch = ArchiveBatch(name="Tải lên từ trang web", created_by="luutru", agency="Sở X")
        db.add(batch)
        db.flush()
        batch_id = batch.id
    result = import_archive(
        [root], manifest=None, settings=get_settings(), actor="luutru", batch_id=batch_id, workers=1
    )
    assert result.batch_id == batch_id
    batch, items = batch_and_items(batch_id)
    assert (batch.name, batch.agency, batch.status, batch.files_done) == (
        "Tải lên từ trang web",
        "Sở X",
        "done",
        1,
    )
    (case,) = cases_by_path()["Hop 2/a.pdf"]
    assert case.archive_batch_id == batch_id and case.extra["archive"]["agency"] == "Sở X"
    assert items["Hop 2/a.pdf"].agency == "Sở X"


def test_a_unit_outside_the_tree_or_a_bad_manifest_fails_a_batch_made_elsewhere(
    data_dir: Path, tmp_path: Path
) -> None:
    root = tmp_path / "Hop 2"
    text_pdf(root / "a.pdf", petition(62))
    bad = tmp_path / "m.csv"
    bad.write_text("ten,ngay\na.pdf,1/1/2020\n", encoding="utf-8")
    with session_scope() as db:
        db.add(Unit(code="T.BTCD", name="Ban tiếp công dân", kind="ban_tcd"))
        batch = ArchiveBatch(name="web", created_by="luutru")
        db.add(batch)
        db.flush()
        batch_id = batch.id
    with pytest.raises(ArchiveImportError, match="T.XX"):
        import_archive([root], manifest=None, settings=get_settings(), actor="a", unit_code="T.XX")
    with pytest.raises(ManifestError, match="dòng 1"):
        import_archive([root], manifest=bad, settings=get_settings(), actor="a", batch_id=batch_id)
    with session_scope() as db:
        assert [(b.id, b.status) for b in db.scalars(select(ArchiveBatch))] == [(batch_id, "failed")]
        assert "dòng 1" in (db.get(ArchiveBatch, batch_id).error or "")
        assert db.scalar(select(Document)) is None
