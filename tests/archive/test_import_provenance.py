"""Provenance of archive files without a database: files that are not documents, the manifest CSV (headers,
encodings, delimiters, dates, line-numbered problems, matching rows to files), the folder layout, and the
reception stamp as OCR reads it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from donthu.ingest.provenance import (
    ManifestError,
    canonical_box,
    from_layout,
    is_not_document,
    parse_date,
    parse_manifest,
    read_manifest,
)
from donthu.nlp.received_stamp import find_received_stamp

TODAY = dt.date(2026, 1, 15)


# ---------------------------------------------------------------------------------------------- not documents


@pytest.mark.parametrize(
    "name",
    [
        "Thumbs.db",
        "THUMBS.DB",
        "ehthumbs.db",
        ".DS_Store",
        "desktop.ini",
        "._don-001.pdf",
        "~$danh-muc.xlsx",
        "don-001.txt",
        "don-001.pdf.xml",
        "meta.json",
        "hop12.md5",
        "hop12.sha1",
        "scan.log",
        "danh-muc.csv",
        "Hộp 3/Thumbs.db",
    ],
)
def test_system_and_sidecar_files_are_not_documents(name: str) -> None:
    reason = is_not_document(name)
    assert reason and "không phải bản quét" in reason
    assert is_not_document(Path("/x") / name) == reason


@pytest.mark.parametrize(
    "name", ["don-001.pdf", "Hộp 3/scan.TIF", "anh.jpg", "thumbs.pdf", "db.png", "ds.jpeg"]
)
def test_scans_are_documents(name: str) -> None:
    assert is_not_document(name) is None


def test_reasons_name_what_the_file_is() -> None:
    assert "Thumbs.db" in (is_not_document("Thumbs.db") or "")
    assert "macOS" in (is_not_document(".DS_Store") or "")
    assert ".txt" in (is_not_document("ghi-chu.txt") or "")
    assert "Office" in (is_not_document("~$x.docx") or "")


# ---------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15/03/2023", dt.date(2023, 3, 15)),
        ("5/3/2023", dt.date(2023, 3, 5)),
        ("2023-03-15", dt.date(2023, 3, 15)),
        ("15-03-2023", dt.date(2023, 3, 15)),
        ("15.03.2023", dt.date(2023, 3, 15)),
        (" 1/1/1945 ", dt.date(1945, 1, 1)),
    ],
)
def test_manifest_dates(text: str, day: dt.date) -> None:
    assert parse_date(text, TODAY) == day


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2023", "không có thật"),
        ("2023-13-01", "không có thật"),
        ("31/12/1944", "ngoài khoảng"),
        ("16/01/2026", "ngoài khoảng"),
        ("15/3/23", "không đọc được"),
        ("tháng 3 năm 2023", "không đọc được"),
        ("03/15/2023", "không có thật"),
    ],
)
def test_impossible_or_out_of_range_dates_are_refused(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_date(text, TODAY)


# ---------------------------------------------------------------------------------------------- manifest


def test_manifest_columns_aliases_and_kept_columns() -> None:
    text = (
        "Tệp;Ngày đến;Hộp;Hồ sơ;Ghi chú;Cơ quan;Người lập\n"
        "Hop 12/don-001.pdf;12/05/2023;Hộp 12;HS-07;rách góc;UBND xã A;Lan\n"
        "\n"
        "don-002.pdf;2022-01-03;012;;;;\n"
    )
    m = parse_manifest(text, "danh-muc.csv", today=TODAY)
    assert m.problems == []
    a, b = m.rows
    assert (a.line, a.file, a.received_date, a.box, a.folder) == (
        2,
        "Hop 12/don-001.pdf",
        dt.date(2023, 5, 12),
        "12",
        "7",
    )
    assert (a.note, a.agency, a.columns) == ("rách góc", "UBND xã A", {"Người lập": "Lan"})
    assert (b.line, b.box, b.received_date, b.columns) == (4, "12", dt.date(2022, 1, 3), {})


def test_manifest_bom_comma_and_english_headers(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes("\ufeffFILE,Received_Date,BOX,folder,note,scanner\nx.pdf,1/2/2020,3,1,,A4\n".encode())
    m = read_manifest(path)
    assert [(r.file, r.received_date, r.box, r.folder, r.columns) for r in m.rows] == [
        ("x.pdf", dt.date(2020, 2, 1), "3", "1", {"scanner": "A4"})
    ]


def test_bad_rows_are_reported_with_their_line_and_do_not_stop_the_others() -> None:
    text = (
        "file,received_date,box\n"
        "a.pdf,12/05/2023,1\n"
        "b.pdf,31/02/2023,1\n"  # line 3: impossible
        ",01/01/2023,1\n"  # line 4: no file name
        "c.pdf,01/01/2099,2\n"  # line 5: future
        'd.pdf,"01/01/2023",2\n'
        "a.pdf,13/05/2023,1\n"  # line 7: listed twice
    )
    m = parse_manifest(text, today=TODAY)
    lines = [p.split(":")[0] for p in m.problems]
    assert lines == ["dòng 3", "dòng 4", "dòng 5", "dòng 7"]
    assert "31/02/2023" in m.problems[0] and "không có thật" in m.problems[0]
    assert "thiếu tên tệp" in m.problems[1]
    assert "dòng 2" in m.problems[3]  # names the earlier line
    good = {r.file: r.received_date for r in m.rows if not r.problems}
    assert good == {"a.pdf": dt.date(2023, 5, 12), "d.pdf": dt.date(2023, 1, 1)}
    bad = next(r for r in m.rows if r.line == 3)
    assert bad.received_date is None and bad.box == "1"


@pytest.mark.parametrize(
    ("data", "line", "what"),
    [
        (b"", None, "tệp trống"),
        (b"ten,ngay\nx.pdf,1/1/2020\n", 1, "không có cột tên tệp"),
        (b"\n\nfile,file\nx.pdf,y.pdf\n", 3, "hai lần"),
        ("file,received_date\nđơn.pdf,1/1/2020\n".encode("cp1258"), 2, "UTF-8"),
    ],
)
def test_unusable_manifests_raise_naming_the_line(
    tmp_path: Path, data: bytes, line: int | None, what: str
) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(data)
    with pytest.raises(ManifestError, match=what) as err:
        read_manifest(path)
    assert err.value.line == line
    if line:
        assert f"dòng {line}" in str(err.value)


def test_rows_match_files_by_path_then_by_unique_name() -> None:
    text = (
        "file,received_date\n"
        "Hop 1/don.pdf,01/01/2020\n"  # full path
        "HOP 2\\DON.PDF,02/01/2020\n"  # Windows separator, other case
        "le.pdf,03/01/2020\n"  # bare name, unique
        "trung.pdf,04/01/2020\n"  # bare name in two boxes: ambiguous
        "2023-05/x.pdf,05/01/2020\n"  # relative to a box folder
        "khong-co.pdf,06/01/2020\n"  # no such file
    )
    files = [
        "Hop 1/don.pdf",
        "Hop 2/don.pdf",
        "Hop 2/a/le.pdf",
        "Hop 1/trung.pdf",
        "Hop 2/trung.pdf",
        "Kho/Hop 3/2023-05/x.pdf",
        "Hop 3/khac.pdf",
    ]
    m = parse_manifest(text, today=TODAY).match(files)
    got = {k: r.received_date.day for k, r in m.rows.items() if r.received_date}
    assert got == {"hop 1/don.pdf": 1, "hop 2/don.pdf": 2, "hop 2/a/le.pdf": 3, "kho/hop 3/2023-05/x.pdf": 5}
    assert [r.file for r in m.missing] == ["khong-co.pdf"]
    assert len(m.problems) == 1 and m.problems[0].startswith("dòng 5:") and "2 tệp" in m.problems[0]


def test_names_match_across_unicode_forms() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Hộp 1/đơn thư.pdf")
    m = parse_manifest("file\nHộp 1/Đơn thư.pdf\n").match([nfd])
    assert len(m.rows) == 1 and not m.missing


# ---------------------------------------------------------------------------------------------- folder layout


@pytest.mark.parametrize(
    ("folders", "box", "folder", "day", "period"),
    [
        (["Hop 12", "2023-05"], "12", "", None, "2023-05"),
        (["HOP_012", "HS-07"], "12", "7", None, ""),
        (["2022", "Hộp 3", "Cặp 1"], "3", "1", None, "2022"),
        (["Box 4"], "4", "", None, ""),
        (["Thùng 2", "Hồ sơ 15", "12-05-2023"], "2", "15", dt.date(2023, 5, 12), ""),
        (["kho", "Hop so 5", "Tháng 11-2021"], "5", "", None, "2021-11"),
        (["Hop 7B", "2021-03-04 nhan"], "7B", "", dt.date(2021, 3, 4), ""),
        (["Năm 2019", "hop 1"], "1", "", None, "2019"),
        (["hopdong", "cap nhat", "tap chi", "1890", "2099"], "", "", None, ""),
        (["scans", "31-02-2023"], "", "", None, ""),
    ],
)
def test_folder_layout(folders: list[str], box: str, folder: str, day: dt.date | None, period: str) -> None:
    info = from_layout(folders, today=TODAY)
    assert (info.box, info.folder, info.received_date, info.period) == (box, folder, day, period)


def test_boxes_are_grouped_alike() -> None:
    assert {canonical_box(x) for x in ("Hộp 12", "HOP_012", "012", "12", "hop 12")} == {"12"}
    assert canonical_box("Kho A") == "Kho A"


# ---------------------------------------------------------------------------------------------- reception stamp


@pytest.mark.parametrize(
    ("text", "number", "day"),
    [
        ("ĐẾN Số: 123 Ngày: 12/5/2023\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "123", dt.date(2023, 5, 12)),
        ("CÔNG VĂN ĐẾN\nSố: 45\nNgày 3 tháng 4 năm 2022\nChuyển: ....", "45", dt.date(2022, 4, 3)),
        ("Đến số 45 ngày 3-4-22\nĐƠN KIẾN NGHỊ", "45", dt.date(2022, 4, 3)),
        ("DEN So: 123 Ngay: 12/5/2023", "123", dt.date(2023, 5, 12)),
        ("ĐẾN Số: 12/TCD Ngày: O1/O2/2O2O", "12/TCD", dt.date(2020, 2, 1)),
        # OCR of a grey stamp printed over the header: its lines out of order, "Số" misread, digits noisy
        (
            "Ngày: 05/06/2025\nChuyển: .................-\n= Ộ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "ĐEN sẽ: 4s56 Độc lập - Tự do - Hạnh phúc\nĐƠN KHIẾU NẠI\nNgày 21/04/2025, Ủy ban nhân dân xã",
            "4556",
            dt.date(2025, 6, 5),
        ),
        (
            "cệ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1451 Độc lập - Tự do - Hạnh phúc\nĐEN\nNgày: 29/09/2024\n"
            "Chuyển:\nThái Bình, ngày 21 tháng 09 năm 2024",
            None,
            dt.date(2024, 9, 29),
        ),
    ],
)
def test_reception_stamp(text: str, number: str | None, day: dt.date) -> None:
    stamp = find_received_stamp(text, today=TODAY)
    assert stamp is not None and (stamp.number, stamp.date) == (number, day)


@pytest.mark.parametrize(
    "text",
    [
        "Từ năm 2010 đến ngày 5/3/2023 gia đình tôi sử dụng đất",
        "Hà Nội, ngày 5 tháng 3 năm 2024\nĐƠN KHIẾU NẠI",
        "Tôi đến số nhà 45 ngày 3/4/2022 để hỏi",
        "",
    ],
)
def test_no_stamp_in_ordinary_text(text: str) -> None:
    assert find_received_stamp(text, today=TODAY) is None


def test_a_stamp_without_a_readable_date() -> None:
    blank = find_received_stamp("CÔNG VĂN ĐẾN\nSố: ....\nNgày ... tháng ... năm ...", today=TODAY)
    assert blank is not None and blank.date is None
    future = find_received_stamp("ĐẾN Số: 9 Ngày: 12/05/2027", today=TODAY)
    assert future is not None and future.date is None and future.number == "9"
    impossible = find_received_stamp("ĐẾN Số: 9 Ngày: 31/02/2023", today=TODAY)
    assert impossible is not None and impossible.date is None
