"""Units as data (handling/units.py, handling/units_build.py, `donthu units`): the CSV file and its checks, loading
it, walking the tree, successors of the abolished districts, and building a province from underthesea's mapping."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from donthu.config import get_settings
from donthu.handling.units import (
    UnitRow,
    UnitsFileError,
    ancestors,
    build_from_underthesea,
    check_units,
    current_unit,
    default_units_path,
    ensure_units,
    home_unit_code,
    read_units_csv,
    subtree_codes,
    successor_for,
    sync_units,
    unit_label,
    units_for_select,
    write_units_csv,
)
from donthu.storage.db import session_scope
from donthu.storage.models import Unit

HEADER = (
    "code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name"
)
BASE = [HEADER, "T,Tỉnh Mẫu,tinh,,,,,,UBND,Mẫu,CHỦ TỊCH,", "T.P1,Phường Một,phuong,T,,,,,UBND,Một,CHỦ TỊCH,"]


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def problems_of(*extra: str) -> list[str]:
    with pytest.raises(UnitsFileError) as info:
        read_units_csv(csv_bytes(*BASE, *extra))
    return info.value.problems


@pytest.fixture()
def db(data_dir: Path) -> Iterator[Session]:
    with session_scope() as session:
        yield session


# ------------------------------------------------------------------------------------------------ the file


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        (["T.X,Sở X,sở giáo dục,T"], 4, "loại đơn vị “sở giáo dục” không hợp lệ"),
        (["T.P1,Phường Khác,phuong,T"], 4, "mã “T.P1” trùng với dòng 3"),
        (["T.Y,,so_nganh,T"], 4, "thiếu tên đơn vị"),
        (["T.Y,Sở Y,so_nganh,T.KHONG"], 4, "đơn vị cấp trên “T.KHONG” không có trong tệp"),
        (["A,Đơn vị A,phong,B", "B,Đơn vị B,phong,A"], 4, "vòng lặp đơn vị cấp trên: A → B → A"),
        (["T.H,Huyện H,huyen,T,2025-07-01,T.KHONG"], 4, "đơn vị kế thừa “T.KHONG” không có trong tệp"),
        (["T.H,Huyện H,huyen,T,2025-07-01,"], 4, "đã giải thể ngày 01/07/2025 nhưng thiếu đơn vị kế thừa"),
        (
            ["T.H,Huyện H,huyen,T,2025-07-01,T.K", "T.K,Huyện K,huyen,T,2025-07-01,T.H"],
            4,
            "chuỗi đơn vị kế thừa lặp lại: T.H → T.K → T.H",
        ),
        (
            ["T.H,Huyện H,huyen,T,2025-07-01,T.K", "T.K,Huyện K,huyen,T,2025-07-01,"],
            4,
            "chuỗi đơn vị kế thừa T.H → T.K dừng ở đơn vị đã giải thể “T.K”",
        ),
        (["T.H,Huyện H,huyen,T,31/02/2025,T.P1"], 4, "ngày giải thể “31/02/2025” không hợp lệ"),
        (["T.H,Huyện H,huyen,T,,,có lẽ"], 4, "cột remote “có lẽ”"),
        (["mã có dấu,Đơn vị,phong,T"], 4, "mã “mã có dấu” không hợp lệ"),
    ],
)
def test_each_problem_is_reported_with_its_line(extra: list[str], line: int, words: str) -> None:
    problems = problems_of(*extra)
    assert any(p.startswith(f"Dòng {line}: ") and words in p for p in problems), problems


def test_every_problem_of_a_file_is_listed_at_once() -> None:
    problems = problems_of(
        "T.Y,,so_nganh,T", "T.Z,Sở Z,khong_co,T", "T.H,Huyện H,huyen,T,2025-07-01,", "T.Z.1,Phòng 1,phong,T.Z"
    )
    # line 7's parent is line 5, unreadable but there: no second problem for it
    assert [p.split(":")[0] for p in problems] == ["Dòng 4", "Dòng 5", "Dòng 6"]


def test_a_line_is_counted_in_the_file_even_after_blank_lines_and_quoted_breaks() -> None:
    lines = [*BASE, "", 'T.X,"Sở X\nhai dòng",so_nganh,T', "T.Y,Sở Y,nope,T"]
    with pytest.raises(UnitsFileError) as info:
        read_units_csv(csv_bytes(*lines))
    assert info.value.problems == [
        "Dòng 7: loại đơn vị “nope” không hợp lệ; dùng một trong: "
        "tinh, so_nganh, thanh_tra, ban_tcd, xa, phuong, dac_khu, huyen, phong."
    ]


def test_an_excel_file_is_read_bom_semicolons_labels_dates_and_extra_columns() -> None:
    text = (
        "\ufeffcode;name;kind;parent;abolished_on;successor;remote;ghi_chu\n"
        "T;Tỉnh Mẫu;Tỉnh, thành phố;;;;;\n"
        "T.DK;Đặc khu Đảo;Đặc khu;T;;;có;ngoài khơi\n"
        "T.H;Huyện Cũ;huyen;T;01/07/2025;T.DK;không;\n"
    )
    rows = read_units_csv(text.encode("utf-8"))
    assert [(r.code, r.kind, r.line) for r in rows] == [
        ("T", "tinh", 2),
        ("T.DK", "dac_khu", 3),
        ("T.H", "huyen", 4),
    ]
    assert rows[1].remote is True and rows[2].remote is False
    assert rows[1].data == {"ghi_chu": "ngoài khơi"}
    assert rows[2].abolished_on == dt.date(2025, 7, 1) and rows[2].successor_code == "T.DK"


def test_a_file_that_is_not_utf8_says_how_to_save_it() -> None:
    with pytest.raises(UnitsFileError) as info:
        read_units_csv("code,name,kind\nT,Tây Ninh,tinh\n".encode("cp1252"))
    assert (
        info.value.problems[0].startswith("Dòng 2: tệp không ở dạng UTF-8")
        and "CSV UTF-8" in info.value.problems[0]
    )


def test_a_missing_column_and_a_missing_file_are_problems(tmp_path: Path) -> None:
    with pytest.raises(UnitsFileError) as info:
        read_units_csv(csv_bytes("code,name", "T,Tỉnh"))
    assert info.value.problems == ["Dòng 1: thiếu cột kind ở dòng tiêu đề."]
    with pytest.raises(UnitsFileError) as info:
        read_units_csv(tmp_path / "none.csv")
    assert "Không đọc được tệp" in info.value.problems[0]


def test_written_file_reads_back_the_same(tmp_path: Path) -> None:
    rows = read_units_csv(
        csv_bytes(*BASE, "T.H,Huyện H,huyen,T,2025-07-01,T.P1,1,UBND TỈNH MẪU,UBND,H,CHỦ TỊCH,Ông A")
    )
    data = write_units_csv(rows, tmp_path / "u.csv")
    assert data.startswith(b"\xef\xbb\xbf")  # Excel shows the accents
    back = read_units_csv(tmp_path / "u.csv")
    assert [r.values() for r in back] == [r.values() for r in rows]


# ------------------------------------------------------------------------------------------------ loading


def tree(*extra: str) -> list[UnitRow]:
    return read_units_csv(csv_bytes(*BASE, *extra))


def test_sync_adds_changes_retires_and_is_idempotent(db: Session) -> None:
    first = tree("T.S,Sở S,so_nganh,T", "T.Q,Sở Q,so_nganh,T")
    report = sync_units(db, first)
    assert report.added == ["T", "T.P1", "T.S", "T.Q"] and not report.changed and not report.retired
    again = sync_units(db, first)
    assert (again.added, again.changed, again.retired) == ([], [], [])

    second = tree("T.S,Sở S mới,so_nganh,T")
    report = sync_units(db, second)
    assert (report.added, report.changed, report.retired) == ([], ["T.S"], ["T.Q"])
    gone = db.scalar(select(Unit).where(Unit.code == "T.Q"))
    assert gone is not None and gone.active is False  # kept, never deleted
    assert db.scalar(select(Unit.name).where(Unit.code == "T.S")) == "Sở S mới"

    report = sync_units(db, first)  # the code comes back: active again
    assert report.changed == ["T.S", "T.Q"] and gone.active is True


def test_sync_stores_nfc_names(db: Session) -> None:
    decomposed = unicodedata.normalize("NFD", "Phường Bến Thành")
    sync_units(db, [UnitRow("T", "Tỉnh", "tinh"), UnitRow("T.B", decomposed, "phuong", parent_code="T")])
    assert db.scalar(select(Unit.name).where(Unit.code == "T.B")) == "Phường Bến Thành"


def test_sync_refuses_rows_with_problems(db: Session) -> None:
    with pytest.raises(UnitsFileError) as info:
        sync_units(db, [UnitRow("T", "Tỉnh", "tinh", parent_code="KHONG")])
    assert "Đơn vị T: đơn vị cấp trên “KHONG” không có trong tệp." in info.value.problems


def test_ensure_units_loads_the_default_once(db: Session) -> None:
    settings = get_settings()
    ensure_units(db, settings)
    count = len(list(db.scalars(select(Unit.code))))
    assert count == len(read_units_csv(default_units_path())) > 200
    db.execute(Unit.__table__.update().where(Unit.code == "HCM").values(name="Đã sửa"))
    ensure_units(db, settings)  # a loaded table is left alone
    assert db.scalar(select(Unit.name).where(Unit.code == "HCM")) == "Đã sửa"
    assert len(list(db.scalars(select(Unit.code)))) == count


def test_ensure_units_reads_the_configured_file(db: Session, tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(csv_bytes(*BASE))
    ensure_units(db, get_settings().model_copy(update={"units_file": path}))
    assert sorted(db.scalars(select(Unit.code))) == ["T", "T.P1"]


def test_home_unit(db: Session) -> None:
    sync_units(db, tree("T.TTR,Thanh tra,thanh_tra,T", "T.BTCD,Ban Tiếp công dân,ban_tcd,T"))
    settings = get_settings()
    assert home_unit_code(db, settings) == "T.BTCD"
    assert home_unit_code(db, settings.model_copy(update={"home_unit": "T.TTR"})) == "T.TTR"
    assert home_unit_code(db, settings.model_copy(update={"home_unit": "KHONG"})) == "T.BTCD"
    sync_units(db, tree("T.TTR,Thanh tra,thanh_tra,T"))
    assert home_unit_code(db, settings) == "T"


# ------------------------------------------------------------------------------------------------ the tree


def test_subtree_and_ancestors(db: Session) -> None:
    sync_units(
        db,
        tree(
            "T.S,Sở S,so_nganh,T",
            "T.S.A,Phòng A,phong,T.S",
            "T.S.A.1,Tổ 1,phong,T.S.A",
            "T.H,Huyện H,huyen,T,2025-07-01,T.P1",
            "T.H.B,Phòng B của huyện,phong,T.H",
        ),
    )
    assert subtree_codes(db, "T.S") == {"T.S", "T.S.A", "T.S.A.1"}
    assert subtree_codes(db, "T") == {"T", "T.P1", "T.S", "T.S.A", "T.S.A.1", "T.H", "T.H.B"}  # history too
    assert subtree_codes(db, "T.P1") == {"T.P1"}
    assert subtree_codes(db, "KHONG") == {"KHONG"}
    assert [u.code for u in ancestors(db, "T.S.A.1")] == ["T.S.A", "T.S", "T"]
    assert ancestors(db, "T") == []


def test_current_unit_follows_the_successor_chain(db: Session) -> None:
    sync_units(
        db,
        tree(
            "T.H,Huyện H,huyen,T,2025-07-01,T.X",
            "T.X,Xã X,xa,T,2026-01-01,T.P1",
            "T.K,Huyện K,huyen,T,2025-07-01,T.X",
        ),
    )
    after = dt.date(2026, 3, 1)
    unit = current_unit(db, "T.H", on=after)
    assert unit is not None and unit.code == "T.P1"
    between = current_unit(db, "T.H", on=dt.date(2025, 9, 1))  # Xã X still works then
    assert between is not None and between.code == "T.X"
    before = current_unit(db, "T.H", on=dt.date(2025, 6, 30))
    assert before is not None and before.code == "T.H"
    assert current_unit(db, "KHONG") is None
    assert successor_for(db, "T.K", None, on=after) == "T.P1"
    assert successor_for(db, "T.P1", "bất kỳ") == "T.P1"
    with pytest.raises(LookupError):
        successor_for(db, "KHONG", None)
    sync_units(db, tree("T.H,Huyện H,huyen,T,2025-07-01,T.P1"))
    end = db.scalar(select(Unit).where(Unit.code == "T.P1"))
    assert end is not None
    end.active = False
    assert current_unit(db, "T.H") is None  # the end of the chain left the file


def test_units_for_select_is_the_working_tree_with_depths(db: Session) -> None:
    sync_units(
        db,
        tree("T.S,Sở S,so_nganh,T", "T.S.A,Phòng A,phong,T.S", "T.H,Huyện H,huyen,T,2025-07-01,T.P1"),
    )
    options = units_for_select(db, on=dt.date(2025, 8, 1))
    assert [(o.code, o.depth) for o in options] == [("T", 0), ("T.P1", 1), ("T.S", 1), ("T.S.A", 2)]
    assert [o.code for o in units_for_select(db, on=dt.date(2025, 6, 1))][-1] == "T.H"  # not yet abolished
    district = db.scalar(select(Unit).where(Unit.code == "T.H"))
    assert district is not None and unit_label(district) == "Huyện H (giải thể từ 01/07/2025)"


# ------------------------------------------------------------------------------------------------ building


def test_build_a_small_province_gives_its_communes_and_districts_with_successors() -> None:
    rows = build_from_underthesea("Lai Châu")  # 38 communes since 01/7/2025, 8 districts before
    assert check_units(rows) == []
    by_code = {r.code: r for r in rows}
    assert len(by_code) == len(rows)
    assert all(r.code.isascii() and len(r.code) <= 40 for r in rows)
    root = rows[0]
    assert (root.code, root.name, root.kind, root.parent_code) == ("LCU", "Tỉnh Lai Châu", "tinh", None)
    assert by_code["LCU.TTR"].kind == "thanh_tra" and by_code["LCU.BTCD"].kind == "ban_tcd"
    assert by_code["LCU.TTR"].signer_title == "CHÁNH THANH TRA"
    assert by_code["LCU.SNNMT"].name == "Sở Nông nghiệp và Môi trường"
    assert by_code["LCU.SNNMT"].parent_name == "UBND TỈNH LAI CHÂU"
    communes = [r for r in rows if r.kind in ("phuong", "xa", "dac_khu")]
    assert len(communes) == 38 and sum(r.kind == "phuong" for r in communes) == 2
    assert all(r.name.split()[0] in ("Phường", "Xã") for r in communes)
    districts = [r for r in rows if r.kind == "huyen"]
    assert len(districts) == 8
    assert "Huyện Tam Đường" in {r.name for r in districts}
    for d in districts:
        assert d.abolished_on == dt.date(2025, 7, 1) and d.parent_code == "LCU"
        assert d.successor_code is not None and by_code[d.successor_code].kind in ("phuong", "xa")
    # the town's old wards went to the new phường Tân Phong and Đoàn Kết
    assert by_code["LCU.TP-LAI-CHAU"].successor_code in {"LCU.P-TAN-PHONG", "LCU.P-DOAN-KET"}


def test_build_keeps_same_named_districts_of_merged_provinces_apart() -> None:
    rows = build_from_underthesea("tinh tay ninh")  # Long An and Tây Ninh both had a Huyện Châu Thành
    chau_thanh = [r for r in rows if r.kind == "huyen" and r.name.startswith("Huyện Châu Thành")]
    assert len(chau_thanh) == 2 and len({r.code for r in chau_thanh}) == 2
    assert {r.data["old_province"] for r in chau_thanh} == {"Tỉnh Tây Ninh", "Tỉnh Long An"}


def test_build_refuses_an_unknown_province() -> None:
    with pytest.raises(ValueError, match="Atlantis"):
        build_from_underthesea("Atlantis")


def test_the_default_file_is_the_built_hcmc_tree() -> None:
    rows = read_units_csv(default_units_path())
    assert [r.values() for r in rows] == [r.values() for r in build_from_underthesea("Hồ Chí Minh")]
    kinds = [r.kind for r in rows]
    assert kinds.count("phuong") == 113 and kinds.count("xa") == 54 and kinds.count("dac_khu") == 1


# ------------------------------------------------------------------------------------------------ successors


def test_successor_for_an_old_ward_address(db: Session) -> None:
    ensure_units(db, get_settings())  # the bundled Thành phố Hồ Chí Minh
    address = "12 Lê Lợi, phường Linh Trung, thành phố Thủ Đức, Thành phố Hồ Chí Minh"
    assert successor_for(db, "HCM.TP-THU-DUC", address) == "HCM.P-LINH-XUAN"
    # abbreviated province, old commune kept its name
    assert (
        successor_for(db, "HCM.H-BINH-CHANH", "Ấp 3, xã Tân Nhựt, huyện Bình Chánh, TP.HCM")
        == "HCM.X-TAN-NHUT"
    )
    # no address, or one outside the tree: the file's successor
    assert successor_for(db, "HCM.TP-THU-DUC", None) == "HCM.P-THU-DUC"
    hanoi = "phường Phương Mai, quận Đống Đa, thành phố Hà Nội"
    assert successor_for(db, "HCM.TP-THU-DUC", hanoi) == "HCM.P-THU-DUC"


# ------------------------------------------------------------------------------------------------ the CLI


def test_cli_load_reports_problems_and_exits_1(data_dir: Path, tmp_path: Path) -> None:
    from donthu.cli import app

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(*BASE, "T.H,Huyện H,huyen,T,2025-07-01,"))
    res = CliRunner().invoke(app, ["units", "load", str(bad)])
    assert res.exit_code == 1
    assert "Dòng 4: đơn vị đã giải thể ngày 01/07/2025 nhưng thiếu đơn vị kế thừa" in res.output
    with session_scope() as db:
        assert db.scalar(select(Unit.id)) is None  # nothing loaded

    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(*BASE))
    res = CliRunner().invoke(app, ["units", "load", str(good)])
    assert res.exit_code == 0, res.output
    assert "2 thêm mới" in res.output
    res = CliRunner().invoke(app, ["units", "list"])
    assert res.exit_code == 0 and "  T.P1  Phường Một" in res.output
