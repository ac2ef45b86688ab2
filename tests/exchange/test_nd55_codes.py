"""The NĐ 55 code-mapping table (exchange/nd55_codes.py): the shipped default, the admin's file with every problem
on its line, the template for the units tree, and ``donthu nd55 codes``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from donthu.cli import app
from donthu.exchange.nd55_codes import (
    REQUIRED,
    CodesFileError,
    check_codes,
    default_codes_path,
    parse_codes,
    read_codes,
    template_csv,
)
from donthu.handling.units import default_units_path

HEADER = "group,our_code,nd55_code,label,note\n"


def test_the_shipped_table_is_complete_and_says_its_codes_are_placeholders() -> None:
    codes = read_codes(default_codes_path())
    assert codes.missing_required() == []
    with default_units_path().open(encoding="utf-8-sig") as f:
        units = [row["code"] for row in csv.DictReader(f)]
    assert check_codes(codes, units) == []  # every unit of the bundled sample tree has a MaCoQuan
    assert len(codes.placeholders()) == len(codes.rows)  # nothing is confirmed: no official list exists
    head = default_codes_path().read_text(encoding="utf-8").split("group,our_code", 1)[0]
    assert "CHƯA CÓ DANH MỤC MÃ CHÍNH THỨC" in head and "TAM-" in head


def test_every_problem_of_a_file_is_listed_with_its_line() -> None:
    text = (
        "# comment\n"
        + HEADER
        + "loai_don,khieu_nai,KN1,,\n"
        + "loai_don,khieu_nai,KN2,,\n"  # line 4: the same code twice
        + "nhom_la,x,y,,\n"  # line 5: no such group
        + "huong_xu_ly,thu_ly,,,\n"  # line 6: no code
        + "ket_qua,kn_dung,K 1,,\n"  # line 7: a space in the code
    )
    with pytest.raises(CodesFileError) as err:
        parse_codes(text, "f.csv")
    lines = [p.split(":")[0] for p in err.value.problems]
    assert lines == ["dòng 4", "dòng 5", "dòng 6", "dòng 7"], err.value.problems
    assert "dòng 3" in err.value.problems[0]  # where the first one is
    with pytest.raises(CodesFileError, match="thiếu cột nd55_code"):
        parse_codes("group,our_code,label,note\n", "f.csv")


def test_a_file_saved_by_excel_reads(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_bytes(("\ufeff" + HEADER + "loai_don,khieu_nai,KN-01,Khiếu nại,\n").encode("utf-8"))
    codes = read_codes(path)
    row = codes.lookup("loai_don", "khieu_nai")
    assert row is not None and row.nd55_code == "KN-01" and not row.placeholder
    assert "thiếu mã loai_don:to_cao" in check_codes(codes)


def test_the_template_adds_the_units_and_reads_back() -> None:
    codes = parse_codes(HEADER + "co_quan,A,CQ-A,Đơn vị A,\n", "x")
    text = template_csv(codes, [("A", "Đơn vị A"), ("B", "Đơn vị B")])
    again = parse_codes(text, "template")
    assert again.lookup("co_quan", "A").nd55_code == "CQ-A"  # type: ignore[union-attr]
    assert again.lookup("co_quan", "B").placeholder  # type: ignore[union-attr]
    assert again.missing_required() == [] and check_codes(again, ["A", "B"]) == []
    assert sum(len(v) for v in REQUIRED.values()) + 2 == len(again.rows)


def test_codes_check_and_template_commands(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["nd55", "codes", "check"])
    assert ok.exit_code == 0, ok.output
    short = tmp_path / "short.csv"
    lines = default_codes_path().read_text(encoding="utf-8").splitlines()
    short.write_text(
        "\n".join(line for line in lines if not line.startswith("co_quan,HCM.TTR,")), encoding="utf-8"
    )
    bad = runner.invoke(app, ["nd55", "codes", "check", str(short)])
    assert bad.exit_code == 1 and "co_quan:HCM.TTR" in bad.output
    made = runner.invoke(
        app, ["nd55", "codes", "template", "--from", str(short), "-o", str(tmp_path / "t.csv")]
    )
    assert made.exit_code == 0, made.output
    assert read_codes(tmp_path / "t.csv").lookup("co_quan", "HCM.TTR") is not None
