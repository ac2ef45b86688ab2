"""Acceptance-sampling plans for an archive batch: single sampling, normal inspection, by attributes.

The plans are those of ISO 2859-1:1999 "Sampling procedures for inspection by attributes — Part 1: Sampling
schemes indexed by acceptance quality limit (AQL) for lot-by-lot inspection" (identical tables in ANSI/ASQ
Z1.4-2008 and the former MIL-STD-105E; TCVN 7790-1 is the Vietnamese adoption):

* Table 1 — sample size code letters: the lot size and the inspection level (special S-1 … S-4, general I, II,
  III; II unless there is a reason for another) give a code letter A … R.
* Table 2-A — single sampling plans for normal inspection (master table): the code letter gives the sample size
  (A = 2 … R = 2000) and, with the AQL (0.010 … 1000), the acceptance number Ac and the rejection number Re
  (Re = Ac + 1 in single sampling). Where the table has an arrow instead of a plan, the first plan below (↓) or
  above (↑) the arrow in the same column is used, *with its own sample size*. When the sample size equals or
  exceeds the lot size, every item is inspected (100 %).

A lot here is a batch's historical petitions; an item is nonconforming (defective) when the verifier corrected
any of its fields (archive/qc.py). The AQL is a percentage of nonconforming items (up to 10) or nonconformities
per hundred items (any of the 26 preferred values).

Table 2-A is kept below as the standard prints it: one row per code letter, one cell per AQL, each cell an
acceptance number or an arrow; the plan is read by following the arrows. It was checked cell by cell against an
independent transcription of the resolved table (tests/archive/test_sampling.py holds the published values).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["AQLS", "LEVELS", "SAMPLE_SIZES", "SamplingPlan", "code_letter", "plan", "table_cell"]

LEVELS: tuple[str, ...] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")

# Table 1: the largest lot of each row (the last row has no limit) and its code letter at each level, in the
# order of LEVELS
_TABLE_1: tuple[tuple[int | None, str], ...] = (
    (8, "AAAAAAB"),
    (15, "AAAAABC"),
    (25, "AABBBCD"),
    (50, "ABBCCDE"),
    (90, "BBCCCEF"),
    (150, "BBCDDFG"),
    (280, "BCDEEGH"),
    (500, "BCDEFHJ"),
    (1_200, "CCEFGJK"),
    (3_200, "CDEGHKL"),
    (10_000, "CDFGJLM"),
    (35_000, "CDFHKMN"),
    (150_000, "DEGJLNP"),
    (500_000, "DEGJMPQ"),
    (None, "DEHKNQR"),
)

# Table 2-A: the sample size of each code letter (there is no letter I or O)
SAMPLE_SIZES: dict[str, int] = {
    "A": 2,
    "B": 3,
    "C": 5,
    "D": 8,
    "E": 13,
    "F": 20,
    "G": 32,
    "H": 50,
    "J": 80,
    "K": 125,
    "L": 200,
    "M": 315,
    "N": 500,
    "P": 800,
    "Q": 1250,
    "R": 2000,
}
_LETTERS = tuple(SAMPLE_SIZES)

# the AQL columns of Table 2-A (percent nonconforming up to 10, nonconformities per 100 items above)
AQLS: tuple[float, ...] = (
    0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40, 0.65, 1.0, 1.5, 2.5, 4.0, 6.5,
    10, 15, 25, 40, 65, 100, 150, 250, 400, 650, 1000,
)  # fmt: skip

# Table 2-A, cell by cell: the acceptance number (Re = Ac + 1), "v" = use the first plan below the arrow,
# "^" = use the first plan above the arrow. Columns in the order of AQLS.
#                 0.010 …                       0.40 0.65 1.0 1.5 2.5 4.0 6.5 10  15  25  40  65 100 150 250 400 650 1000
_TABLE_2A: dict[str, str] = {
    "A": "v  v  v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 30",
    "B": "v  v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 30 44",
    "C": "v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 30 44 ^",
    "D": "v  v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 30 44 ^  ^",
    "E": "v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 30 44 ^  ^  ^",
    "F": "v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^",
    "G": "v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^",
    "H": "v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^  ^",
    "J": "v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "K": "v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "L": "v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "M": "v  v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "N": "v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "P": "v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "Q": "0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
    "R": "^  ^  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^",
}
_CELLS: dict[str, tuple[str, ...]] = {letter: tuple(row.split()) for letter, row in _TABLE_2A.items()}
assert all(len(cells) == len(AQLS) for cells in _CELLS.values())


@dataclass(frozen=True)
class SamplingPlan:
    """A single sampling plan for one lot: inspect ``sample_size`` items drawn at random, accept the lot with at
    most ``accept`` nonconforming items, reject it with ``reject`` or more.

    ``code_letter`` is Table 1's letter for the lot; ``plan_letter`` the letter whose plan Table 2-A gives once
    the arrows are followed (its sample size is the one used). ``full_inspection``: the table's sample size
    (``table_sample_size``) is not smaller than the lot, so every item is inspected."""

    code_letter: str
    sample_size: int
    accept: int
    reject: int
    lot_size: int
    aql: float
    level: str
    plan_letter: str
    table_sample_size: int
    full_inspection: bool

    # the short names of the design note (issue 15): code, n, ac, re
    @property
    def code(self) -> str:
        return self.code_letter

    @property
    def n(self) -> int:
        return self.sample_size

    @property
    def ac(self) -> int:
        return self.accept

    @property
    def re(self) -> int:
        return self.reject

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SamplingPlan:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


def normalize_level(level: str) -> str:
    """``"ii"``, ``" II "``, ``"s1"`` → the level as Table 1 names it; ValueError for an unknown level."""
    key = str(level).strip().upper().replace("S-", "S").replace("S", "S-", 1)
    if key not in LEVELS:
        raise ValueError(f"Mức kiểm tra không hợp lệ: {level!r} (chọn một trong {', '.join(LEVELS)}).")
    return key


def aql_index(aql: float) -> int:
    """The column of Table 2-A for ``aql`` (one of the preferred values: 1 and 1.0 are the same AQL)."""
    for i, value in enumerate(AQLS):
        if abs(float(aql) - value) <= value * 1e-9:
            return i
    shown = ", ".join(f"{a:g}" for a in AQLS)
    raise ValueError(f"AQL {aql:g} không có trong bảng của ISO 2859-1 (các giá trị: {shown}).")


def code_letter(lot_size: int, level: str = "II") -> str:
    """Table 1: the sample size code letter of a lot of ``lot_size`` items at an inspection level. A lot of one
    item reads the first row (2 to 8)."""
    if lot_size < 1:
        raise ValueError("Lô không có hồ sơ nào để kiểm tra.")
    column = LEVELS.index(normalize_level(level))
    for largest, letters in _TABLE_1:
        if largest is None or lot_size <= largest:
            return letters[column]
    raise AssertionError("unreachable: the last row of Table 1 has no limit")


def table_cell(letter: str, aql: float) -> str:
    """Table 2-A as printed: the acceptance number, or "v" (↓) / "^" (↑) for an arrow."""
    return _CELLS[letter][aql_index(aql)]


def _follow_arrows(letter: str, column: int) -> tuple[str, int]:
    """(the letter whose plan the arrows lead to, its acceptance number).

    One cell of the table points to no plan: A / AQL 10 has the ↑ of its diagonal but no row above it; the only
    plans of that column are below, so the first of them is used (C: n = 5, Ac 1, Re 2)."""
    row = _LETTERS.index(letter)
    for _ in range(len(_LETTERS)):
        cell = _CELLS[_LETTERS[row]][column]
        if cell == "v" or (cell == "^" and row == 0):
            row += 1
        elif cell == "^":
            row -= 1
        else:
            return _LETTERS[row], int(cell)
    raise AssertionError(f"Table 2-A: the arrows from {letter} / {AQLS[column]:g} lead nowhere")


def plan(lot_size: int, aql: float, level: str = "II") -> SamplingPlan:
    """The single sampling plan for normal inspection of a lot (ISO 2859-1:1999 Tables 1 and 2-A).

    >>> p = plan(5000, 1.0)
    >>> (p.code_letter, p.sample_size, p.accept, p.reject)
    ('L', 200, 5, 6)
    """
    level = normalize_level(level)
    column = aql_index(aql)
    letter = code_letter(lot_size, level)
    used, accept = _follow_arrows(letter, column)
    n = SAMPLE_SIZES[used]
    return SamplingPlan(
        code_letter=letter,
        sample_size=min(n, lot_size),
        accept=accept,
        reject=accept + 1,
        lot_size=lot_size,
        aql=float(AQLS[column]),
        level=level,
        plan_letter=used,
        table_sample_size=n,
        full_inspection=n >= lot_size,
    )
