"""A box exported for the archive system (archive/package.py): cases imported through the real archive import
of generated scans (the OCR engine faked: no Tesseract), one PDF/A-2b per petition named as TT 02/2019/TT-BNV
asks, metadata.csv / metadata.json matching the files and the cases, SHA256SUMS, the resolution stated, and
protected petitions redacted unless the exporter is cleared."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from fakes import FakeEngine, ocr_engine
from sqlalchemy import select
from typer.testing import CliRunner

from donthu.archive.importer import import_archive
from donthu.archive.package import EmptyBox, export_box
from donthu.cli import app as cli_app
from donthu.config import get_settings, reset_settings
from donthu.ocr.pdfa import check_pdfa, page_resolutions
from donthu.ocr.pdfa_xmp import ARCHIVE_FIELDS, ARCHIVE_NS, parse_xmp
from donthu.privacy.policy import HIDDEN
from donthu.samples import make_petition, render_page, write_document, write_text_pdf
from donthu.storage.db import session_scope
from donthu.storage.models import Case
from donthu.storage.objects import make_store

# what the fake OCR reads on every scan: a complainant the redaction must mask (line 3, words 4 to 6)
TEXT = (
    "ĐƠN KHIẾU NẠI\nKính gửi: Ủy ban nhân dân xã An Phú\nTôi tên là: Nguyễn Văn Bình\n"
    "Địa chỉ: thôn 3, xã An Phú, huyện Diễn Châu\nNội dung: đề nghị xem xét việc thu hồi đất của gia đình tôi"
)
NAME_BOX = (
    10 + 60 * 3,
    10 + 40 * 2,
    60 * 3 - 10,
    30,
)  # FakeEngine's boxes of "Nguyễn Văn Bình" (scan pixels)
MANIFEST = (
    "file,received_date,box,folder,note,tinh_trang_vat_ly\n"
    "Hop 1/HS 01/don-a.png,12/05/2022,Hộp 1,HS 01,góc trái rách,Bình thường\n"
    "Hop 1/HS 01/don-b.jpg,13/05/2022,Hộp 1,HS 01,,\n"
    "Hop 1/HS 02/don-c.pdf,30/11/2021,Hộp 1,HS 02,,\n"
    "Hop 1/HS 02/don-d.png,01/12/2021,Hộp 1,HS 02,,\n"
    "Hop 2/don-e.png,02/01/2020,Hộp 2,,,\n"
)


def _scan(path: Path, seed: int, dpi: int) -> None:
    pet = make_petition(random.Random(seed), form="labeled", category="khieu_nai", n_pages=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_document(path, [render_page(pet.pages[0], "clean", seed=seed, dpi=dpi)], dpi=dpi)


@pytest.fixture()
def imported(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    root = tmp_path / "kho"
    _scan(root / "Hop 1/HS 01/don-a.png", 1, 200)
    _scan(root / "Hop 1/HS 01/don-b.jpg", 2, 200)
    pet = make_petition(random.Random(3), form="labeled", category="kien_nghi", n_pages=1)
    (root / "Hop 1/HS 02").mkdir(parents=True)
    write_text_pdf(root / "Hop 1/HS 02/don-c.pdf", pet.pages)  # born digital: rendered at 300 dpi to keep
    _scan(root / "Hop 1/HS 02/don-d.png", 4, 150)  # a poor scan: under 200 dpi
    _scan(root / "Hop 2/don-e.png", 5, 200)
    (root / "danh-muc.csv").write_text(MANIFEST, encoding="utf-8")
    monkeypatch.setenv("DONTHU_OCR_ENGINE", "fake-archive")
    reset_settings()
    with ocr_engine("fake-archive", FakeEngine(TEXT)):
        result = import_archive(
            [root],
            manifest=root / "danh-muc.csv",
            settings=get_settings(),
            actor="luutru",
            unit_code="H01",
            workers=1,
        )
    assert result.summary.failures == []
    with session_scope() as db:
        cases = {c.extra["archive"]["path"].rsplit("/", 1)[-1]: c for c in db.scalars(select(Case))}
        a = cases[
            "don-a.png"
        ]  # a cleared verifier confirmed it is a complaint: its identity is not protected
        a.category, a.confidence = "khieu_nai", {**(a.confidence or {}), "category": 0.97}
        a.identity_released_by = "xacminh"
        db.flush()
        assert not a.identity_protected and cases["don-b.jpg"].identity_protected
        ids = {name: c.case_id for name, c in cases.items()}
        names = {name: c.complainant_name for name, c in cases.items()}
    assert names["don-a.png"] == "Nguyễn Văn Bình"
    return {"ids": ids, "pet_c": pet}


def _export(tmp_path: Path, box: str = "Hộp 1", viewer: Any = None) -> Any:
    with session_scope() as db:
        return export_box(db, make_store(), box, tmp_path / "out", viewer=viewer)


def _rows(folder: Path) -> list[dict[str, str]]:
    raw = (folder / "metadata.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads the Vietnamese right
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _text(pdf: bytes) -> str:
    return "".join(page.get_textpage().get_text_range() for page in pdf_pages(pdf))


def pdf_pages(pdf: bytes) -> list[Any]:
    doc = pdfium.PdfDocument(pdf)
    return [doc[i] for i in range(len(doc))]


def _name_darkness(pdf: bytes) -> float:
    """Mean gray level where the fake OCR put the complainant's name (0 black, 255 white)."""
    page = pdf_pages(pdf)[0]
    scale = 200 / 72  # the scan's own resolution: one rendered pixel per scanned pixel
    img = np.asarray(page.render(scale=scale).to_pil().convert("L"))
    left, top, width, height = NAME_BOX
    return float(img[top : top + height, left : left + width].mean())


def test_box_is_a_folder_of_pdfa_files_with_matching_metadata(imported: dict, tmp_path: Path) -> None:
    result = _export(tmp_path)
    folder = tmp_path / "out" / "Hop-1"
    assert result.folder == folder
    ids = imported["ids"]
    # mã hồ sơ (mã phông . năm hình thành . số và ký hiệu hồ sơ) . số thứ tự, in the manifest's order
    want = {
        "H01.2022.1.001.pdf": ids["don-a.png"],
        "H01.2022.1.002.pdf": ids["don-b.jpg"],
        "H01.2021.2.001.pdf": ids["don-c.pdf"],
        "H01.2021.2.002.pdf": ids["don-d.png"],
    }
    assert {f.file_name: f.case_id for f in result.files} == want
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*want, "metadata.csv", "metadata.json", "SHA256SUMS"]
    )
    for f in result.files:
        data = (folder / f.file_name).read_bytes()
        assert check_pdfa(data) == [] and f.problems == []
        assert f.pages == len(pdf_pages(data)) == 1
        assert min(page_resolutions(data)) == pytest.approx(f.dpi, abs=1)
    dpi = {f.file_name: round(f.dpi) for f in result.files}
    assert dpi["H01.2022.1.001.pdf"] == 200 and dpi["H01.2021.2.001.pdf"] == 300  # text PDF: rendered
    assert dpi["H01.2021.2.002.pdf"] == 150
    assert [w for w in result.warnings if "dpi" in w] == [
        "H01.2021.2.002.pdf: 150 dpi, dưới 200 dpi (TT 02/2019): cần quét lại"
    ]
    # the born-digital petition keeps its text layer, read from the PDF itself
    assert imported["pet_c"].pages[0].split()[0] in _text((folder / "H01.2021.2.001.pdf").read_bytes())

    rows = _rows(folder)
    by_file = {r["Tên tệp"]: r for r in rows}
    assert set(by_file) == set(want)
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    for name, row in by_file.items():
        data = (folder / name).read_bytes()
        assert row["Mã đơn trong hệ thống Đơn Thư"] == want[name]
        assert row["SHA-256"] == sums[name] == hashlib.sha256(data).hexdigest()
        assert row["Mã định danh văn bản"] == name.removesuffix(".pdf")
        assert row["Số lượng trang của văn bản"] == "1" and row["Hộp"] == "1"  # the import's "Hộp 1"
        assert row["Độ phân giải thấp nhất của các trang (dpi)"] == str(dpi[name])
        with pikepdf.open(io.BytesIO(data)) as pdf:  # the PDF says the same of itself
            xmp = parse_xmp(pdf.Root.Metadata.read_bytes(), lambda c, m: pytest.fail(m))
            assert xmp is not None and xmp.values[(ARCHIVE_NS, "maHoSo")] == row["Mã hồ sơ"]
    a = by_file["H01.2022.1.001.pdf"]
    assert (a["Ngày đến"], a["Nguồn của ngày đến"], a["Số và ký hiệu hồ sơ"], a["Hồ sơ/cặp"]) == (
        "12/05/2022",
        "Danh mục (manifest)",
        "1",
        "1",  # the manifest's "HS 01", as the import keeps it
    )
    assert (a["Tên loại văn bản"], a["Chế độ sử dụng"], a["Mức độ tin cậy"]) == (
        "Đơn khiếu nại",
        "Sử dụng có điều kiện",
        "Số hóa",
    )
    assert (a["Tình trạng vật lý"], a["Danh mục: tinh_trang_vat_ly"]) == ("Bình thường", "Bình thường")
    assert a["Ghi chú khi nhập"] == "góc trái rách" and a["Mã phông/công trình/sưu tập lưu trữ"] == "H01"
    doc = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert doc["box"] == "Hộp 1" and set(ARCHIVE_FIELDS) <= set(doc["fields"])
    assert [
        {doc["fields"][k]: v for k, v in f.items()} for f in doc["files"]
    ] == rows  # the CSV, keyed by name
    records = {r["maHoSo"]: r for r in doc["records"]}  # the hồ sơ: one per folder
    assert records["H01.2021.2"]["tongSoVanBan"] == 2 and records["H01.2021.2"]["soLuongTrang"] == 2
    assert (records["H01.2022.1"]["thoiGianBatDau"], records["H01.2022.1"]["thoiGianKetThuc"]) == (
        "12/05/2022",
        "13/05/2022",
    )
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    with session_scope() as db:  # the copy stored at import is already PDF/A, at the scan's resolution
        case = db.scalar(select(Case).where(Case.case_id == ids["don-a.png"]))
        assert case is not None
        stored = make_store().get(case.extra["searchable_pdf"])
    assert check_pdfa(stored) == [] and page_resolutions(stored) == [pytest.approx(200, abs=1)]
    _check_empty_box_and_the_cli(tmp_path)  # on the same import (each import costs seconds)


def test_protected_petitions_leave_redacted_unless_the_exporter_is_cleared(
    imported: dict, tmp_path: Path
) -> None:
    result = _export(tmp_path)
    folder = result.folder
    redacted = {f.file_name: f.redacted for f in result.files}
    assert not redacted["H01.2022.1.001.pdf"] and redacted["H01.2022.1.002.pdf"]
    released = (folder / "H01.2022.1.001.pdf").read_bytes()
    protected = (folder / "H01.2022.1.002.pdf").read_bytes()
    assert "Bình" in _text(released) and "Nguyễn" in _text(released)
    assert "Bình" not in _text(protected) and "Nguyễn" not in _text(protected)
    assert "An Phú" not in _text(protected)  # the address, words of the identity, stays out of the text layer
    assert _name_darkness(released) > 200 and _name_darkness(protected) < 40  # masked on the scan itself
    rows = {r["Tên tệp"]: r for r in _rows(folder)}
    b = rows["H01.2022.1.002.pdf"]
    assert b["Tên cơ quan, tổ chức, cá nhân ban hành văn bản"] == HIDDEN
    assert b["Bản đã lược danh tính người viết đơn (Luật Tố cáo Điều 47, 56)"] == "Có"
    path = b["Đường dẫn tệp gốc trong lô số hóa"]
    assert path.startswith("kho/Hop 1/HS 01/tep-") and path.endswith(".jpg")  # no original file name
    assert "bản đã lược danh tính" in b["Ghi chú"]
    assert rows["H01.2022.1.001.pdf"]["Tên cơ quan, tổ chức, cá nhân ban hành văn bản"] == "Nguyễn Văn Bình"
    with pikepdf.open(io.BytesIO(protected)) as pdf:
        assert "Bình" not in pdf.Root.Metadata.read_bytes().decode() and "/Author" not in pdf.trailer.Info

    cleared = _export(
        tmp_path, viewer="admin"
    )  # a cleared role: the original pages (the same folder replaced)
    assert not any(f.redacted for f in cleared.files)
    again = (cleared.folder / "H01.2022.1.002.pdf").read_bytes()
    assert "Bình" in _text(again) and _name_darkness(again) > 200 and check_pdfa(again) == []


def _check_empty_box_and_the_cli(tmp_path: Path) -> None:
    with pytest.raises(EmptyBox):
        _export(tmp_path, box="Hộp 9")
    runner = CliRunner()
    out = tmp_path / "cli"
    res = runner.invoke(cli_app, ["archive", "export", "--box", "Hộp 9", "--out", str(out)])
    assert res.exit_code == 2 and "không có đơn" in res.output
    res = runner.invoke(cli_app, ["archive", "export", "--box", "Hộp 2", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "Đã xuất 1 đơn" in res.output and "1/1 tệp đạt" in res.output
    assert (out / "Hop-2" / "H01.2020.H2.001.pdf").is_file()  # no folder: the box names the hồ sơ
    res = runner.invoke(cli_app, ["archive", "export", "--box", "Hộp 2", "--out", str(out)])
    assert res.exit_code == 0  # an earlier export of the box is replaced
    (out / "Hop-1").mkdir()
    (out / "Hop-1" / "ghi-chu.txt").write_text("không phải bản xuất", encoding="utf-8")
    res = runner.invoke(cli_app, ["archive", "export", "--box", "Hộp 1", "--out", str(out)])
    assert (
        res.exit_code == 2 and (out / "Hop-1" / "ghi-chu.txt").is_file()
    )  # someone else's folder: untouched


def test_a_scanned_pdf_with_a_text_layer_keeps_its_scan_and_its_words_in_place(tmp_path: Path) -> None:
    """A scanner's PDF (one page image and an OCR text layer) is read from its text layer: the copy kept for the
    archive is the page image at its own resolution, and the words are placed on it by that resolution (not by
    the 150 dpi a born-digital page is rendered at for the screen)."""
    from PIL import Image, ImageDraw

    from donthu.ingest.page import DISPLAY_MAX_WIDTH, PageTask, read_page
    from donthu.ingest.pages import close_cached_pdfs
    from donthu.ocr.pdfa import archival_jpeg, jpeg_dpi
    from donthu.ocr.searchable import PageSpec, build_pdf

    img = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
    ImageDraw.Draw(img).rectangle((300, 300, 900, 390), fill=0)
    line = "ĐƠN KHIẾU NẠI về việc thu hồi đất ở thôn Ba xã An Phú huyện Diễn Châu".split()
    words = [[w, 300 + 160 * i, 300, 140, 90, 95.0, 1, 1, 1] for i, w in enumerate(line)]
    path = tmp_path / "scanner.pdf"
    path.write_bytes(build_pdf([PageSpec(archival_jpeg(img, 300), 2480, 3508, words, dpi=300)]))
    task = PageTask(1, str(path), "pdf", 0, " ".join(line), 300, "vie", archival=True)
    out = read_page(task)
    close_cached_pdfs()
    assert out.source == "text_layer" and out.error is None
    kept = Image.open(io.BytesIO(out.archival_image))
    assert kept.size == (2480, 3508) and jpeg_dpi(out.archival_image) == 300
    first = next(w for w in out.words if w[0] == "ĐƠN")
    scale = DISPLAY_MAX_WIDTH / 2480
    assert abs(first[1] - 300 * scale) < 4 and abs(first[2] - 300 * scale) < 8
