"""The sampling plans are the standard's: ISO 2859-1:1999 (= ANSI/ASQ Z1.4-2008, MIL-STD-105E) Table 1 (sample
size code letters) and Table 2-A (single sampling, normal inspection), arrows included.

The expected values are the published ones (the tables as printed, and worked examples), written out here one by
one rather than derived from the module's own table."""

from __future__ import annotations

import pytest

from donthu.archive.sampling import AQLS, LEVELS, SAMPLE_SIZES, code_letter, plan, table_cell

# Table 1, general inspection level II: (smallest lot, largest lot, letter)
LEVEL_II = [
    (2, 8, "A"),
    (9, 15, "B"),
    (16, 25, "C"),
    (26, 50, "D"),
    (51, 90, "E"),
    (91, 150, "F"),
    (151, 280, "G"),
    (281, 500, "H"),
    (501, 1_200, "J"),
    (1_201, 3_200, "K"),
    (3_201, 10_000, "L"),
    (10_001, 35_000, "M"),
    (35_001, 150_000, "N"),
    (150_001, 500_000, "P"),
    (500_001, 5_000_000, "Q"),
]
LOT_OF = {letter: low for low, _high, letter in LEVEL_II}


@pytest.mark.parametrize(("low", "high", "letter"), LEVEL_II)
def test_level_ii_code_letters_at_both_ends_of_each_lot_range(low: int, high: int, letter: str) -> None:
    assert code_letter(low) == letter
    assert code_letter(high) == letter
    assert code_letter(low, "II") == letter


@pytest.mark.parametrize(
    ("lot", "level", "letter"),
    [
        (8, "S-1", "A"),
        (51, "S-1", "B"),
        (600_000, "S-1", "D"),
        (50, "S-2", "B"),
        (2_000, "S-2", "D"),
        (20, "S-3", "B"),
        (5_000, "S-3", "F"),
        (600_000, "S-3", "H"),
        (40, "S-4", "C"),
        (2_000, "S-4", "G"),
        (20_000, "S-4", "H"),
        (600_000, "S-4", "K"),
        (5, "I", "A"),
        (300, "I", "F"),
        (20_000, "I", "K"),
        (600_000, "I", "N"),
        (5, "III", "B"),
        (100, "III", "G"),
        (1_000, "III", "K"),
        (600_000, "III", "R"),
    ],
)
def test_special_and_other_general_levels(lot: int, level: str, letter: str) -> None:
    assert code_letter(lot, level) == letter


# (lot size, AQL, Table 1 letter, letter of the plan used, n, Ac, Re): published values
PUBLISHED = [
    (5_000, 1.0, "L", "L", 200, 5, 6),
    (1_000, 2.5, "J", "J", 80, 5, 6),
    (2_000, 0.65, "K", "K", 125, 2, 3),
    (100, 4.0, "F", "F", 20, 2, 3),
    (1_000, 0.65, "J", "J", 80, 1, 2),
    (120, 2.5, "F", "F", 20, 1, 2),
    (400, 1.5, "H", "H", 50, 2, 3),
    (20_000, 0.40, "M", "M", 315, 3, 4),
    (20_000, 4.0, "M", "M", 315, 21, 22),
    (20_000, 6.5, "M", "L", 200, 21, 22),  # ↑: M has no plan at 6.5
    (200_000, 0.65, "P", "P", 800, 10, 11),
    (600_000, 1.0, "Q", "Q", 1250, 21, 22),
    # ↓: G has no plan at AQL 1.0; the first one below is H's
    (200, 1.0, "G", "H", 50, 1, 2),
    # ↓ down to the 0/1 diagonal: F at AQL 0.10 → K (n = 125), not a larger letter
    (120, 0.10, "F", "K", 125, 0, 1),
    # ↑: F at AQL 1.0 points up to E's 0/1
    (100, 1.0, "F", "E", 13, 0, 1),
    # ↑ in the last rows: L at AQL 10 and K at AQL 15 use the 21/22 plans above them
    (5_000, 10, "L", "K", 125, 21, 22),
    (2_000, 15, "K", "J", 80, 21, 22),
    # the bottom left corner: R has no 0/1 plan; 0.010 → Q (1250), 0.015 → P (800)
    (600_000, 0.010, "Q", "Q", 1250, 0, 1),
]


@pytest.mark.parametrize(("lot", "aql", "letter", "used", "n", "ac", "re"), PUBLISHED)
def test_published_plans(lot: int, aql: float, letter: str, used: str, n: int, ac: int, re: int) -> None:
    p = plan(lot, aql)
    got = (p.code_letter, p.plan_letter, p.table_sample_size, p.accept, p.reject)
    assert got == (letter, used, n, ac, re)
    assert (p.code, p.ac, p.re) == (letter, ac, re)  # the short names
    # a table sample not smaller than the lot: every item (F at 0.10 asks for 125 of a lot of 120)
    assert p.sample_size == p.n == min(n, lot) and p.full_inspection == (n >= lot)
    assert p.lot_size == lot and p.level == "II"


@pytest.mark.parametrize(
    ("letter", "aql", "used", "n", "ac"),
    [
        ("R", 0.010, "Q", 1250, 0),
        ("R", 0.015, "P", 800, 0),
        ("R", 0.025, "R", 2000, 1),
        ("R", 0.65, "R", 2000, 21),
        ("R", 1.0, "Q", 1250, 21),
        ("N", 0.025, "N", 500, 0),
        ("M", 0.040, "M", 315, 0),
        ("A", 6.5, "A", 2, 0),
        ("A", 1000, "A", 2, 30),
        ("B", 1000, "B", 3, 44),
        ("C", 1000, "B", 3, 44),
        ("E", 250, "E", 13, 44),
        ("E", 150, "E", 13, 30),
        ("F", 100, "E", 13, 21),
        ("F", 150, "E", 13, 30),
        ("D", 400, "D", 8, 44),
        ("H", 25, "H", 50, 21),
        ("J", 25, "H", 50, 21),
    ],
)
def test_plans_by_code_letter_including_arrows(letter: str, aql: float, used: str, n: int, ac: int) -> None:
    # a lot whose letter is ``letter``: the low end of its level II row (R exists at level III only)
    lot, level = (600_000, "III") if letter == "R" else (LOT_OF[letter], "II")
    p = plan(lot, aql, level)
    assert p.code_letter == letter
    assert (p.plan_letter, p.table_sample_size, p.accept, p.reject) == (used, n, ac, ac + 1)


def test_the_printed_cells_and_their_arrows() -> None:
    assert table_cell("G", 1.0) == "v"  # ↓
    assert table_cell("F", 1.0) == "^"  # ↑
    assert table_cell("F", 0.10) == "v"
    assert table_cell("R", 0.010) == "^"
    assert table_cell("L", 1.0) == "5"
    assert table_cell("K", 0.65) == "2"


def test_the_zero_acceptance_diagonal() -> None:
    """The 0/1 plans of Table 2-A: Q at 0.010, P at 0.015, … A at 6.5 (n × AQL ≈ 0.1-0.2 item)."""
    diagonal = dict(zip(AQLS[:15], "QPNMLKJHGFEDCBA", strict=True))
    for aql, letter in diagonal.items():
        assert table_cell(letter, aql) == "0", (aql, letter)
        for other in SAMPLE_SIZES:
            if other != letter:
                assert table_cell(other, aql) != "0", (aql, other)


def test_every_row_runs_through_the_standards_acceptance_numbers() -> None:
    """Row by row the plans are 0/1, then 1/2, 2/3, 3/4, 5/6, 7/8, 10/11, 14/15, 21/22 (30/31, 44/45 only for the
    small samples at the nonconformities-per-hundred AQLs), with the arrows between 0/1 and 1/2."""
    sequence = [1, 2, 3, 5, 7, 10, 14, 21, 30, 44]
    longest = {"A": 9, "B": 10, "C": 10, "D": 10, "E": 10}
    for letter in SAMPLE_SIZES:
        cells = [table_cell(letter, a) for a in AQLS]
        numbers = [int(c) for c in cells if c not in ("v", "^")]
        if letter == "R":
            assert numbers == sequence[:8]
            continue
        assert numbers == [0, *sequence[: longest.get(letter, 8)]], letter
        zero = cells.index("0")
        assert cells[zero + 1 : zero + 3] == ["^", "v"], letter


def test_acceptance_never_falls_down_a_column_and_re_is_ac_plus_one() -> None:
    for aql in AQLS:
        previous = -1
        for letter in "ABCDEFGHJKLMNPQ":
            p = plan(LOT_OF[letter], aql)
            assert p.reject == p.accept + 1
            assert p.accept >= previous, (aql, letter)
            previous = p.accept


def test_a_sample_as_large_as_the_lot_means_every_item_is_inspected() -> None:
    p = plan(5, 1.0)  # A, ↓ to E: 13 items from a lot of 5
    assert (p.code_letter, p.plan_letter, p.table_sample_size) == ("A", "E", 13)
    assert p.full_inspection and p.sample_size == 5 and (p.accept, p.reject) == (0, 1)
    one = plan(1, 2.5)
    assert one.sample_size == 1 and one.full_inspection
    exact = plan(13, 4.0)  # B at 4.0 is 0/1 with n = 3; not a full inspection
    assert exact.sample_size == 3 and not exact.full_inspection


def test_the_one_arrow_that_points_to_no_plan() -> None:
    """A / AQL 10 carries its diagonal's ↑ but there is no row above: the column's first plan below is used."""
    assert table_cell("A", 10) == "^"
    small = plan(8, 10)
    assert (small.code_letter, small.plan_letter, small.table_sample_size, small.accept) == ("A", "C", 5, 1)
    assert small.sample_size == 5 and not small.full_inspection


def test_aql_and_level_spellings_and_refusals() -> None:
    assert plan(5_000, 1) == plan(5_000, 1.0)
    assert plan(5_000, 0.1) == plan(5_000, 0.10)
    assert plan(5_000, 1.0, "ii") == plan(5_000, 1.0, "II")
    assert plan(600_000, 1.0, "s4").level == "S-4"
    assert LEVELS == ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
    with pytest.raises(ValueError, match="AQL"):
        plan(5_000, 0.5)
    with pytest.raises(ValueError, match="Mức kiểm tra"):
        plan(5_000, 1.0, "IV")
    with pytest.raises(ValueError, match="không có hồ sơ"):
        plan(0, 1.0)


def test_plan_round_trips_through_its_dict() -> None:
    from donthu.archive.sampling import SamplingPlan

    p = plan(3_000, 2.5, "I")
    assert SamplingPlan.from_dict(p.to_dict()) == p
    assert p.to_dict()["aql"] == 2.5
