"""The report's types (Report, ReportRow, ReportCell, HeaderCell) and the column trees of a form (Col, Group,
FormLayout): merged headers, the numbers row with its sums, the full label of each column. The forms themselves
are data in reports/forms.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------- the report's types


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class ReportCell:
    """One figure and what is behind it: case numbers (``Report.refs == "case"``) or reception visit ids
    (``"visit"``, 01/TCD and 02/TCD), distinct and sorted."""

    key: str
    value: int | float
    case_ids: tuple[str, ...] = ()


@dataclass
class ReportRow:
    stt: str
    label: str
    cells: list[ReportCell]
    key: str = ""
    total: bool = False


@dataclass
class Report:
    code: str  # "01/XLD"
    title: str  # "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN"
    unit_name: str
    start: dt.date
    end: dt.date
    header: list[list[HeaderCell]]  # the merged header, row by row (STT and Đơn vị first)
    rows: list[ReportRow]
    columns: list[str]  # column keys, c1…cN
    agency: str = ""  # the line above the unit's name (the body it belongs to)
    numbers: list[str] = field(default_factory=list)  # the "MS" row: "", "MS", "1=2+...+7", "2", …
    labels: dict[str, str] = field(default_factory=dict)  # column key → full label (groups / column (n))
    refs: str = "case"  # what a cell's case_ids are: "case" numbers or reception "visit" ids
    notes: list[str] = field(default_factory=list)  # how the figures were counted (printed under the table)
    place: str = ""  # printed before the date of the signature block
    signer_title: str = ""
    signer_name: str = ""
    _index: dict[str, ReportCell] = field(default_factory=dict, repr=False)

    @property
    def form_ref(self) -> str:
        return f"Biểu số {self.code}"

    @property
    def period_text(self) -> str:
        return f"(Số liệu tính từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y})"

    def cell(self, key: str) -> ReportCell:
        """The cell ``"{row key}:c{n}"`` (KeyError for an unknown key)."""
        if not self._index:
            self._index = {c.key: c for r in self.rows for c in r.cells}
        return self._index[key]

    def describe(self, key: str) -> str:
        """“Phường Một – Đủ điều kiện xử lý / Số đơn (9)”: what a cell counts, for a drill-down page's heading."""
        row_key, _, col = key.partition(":")
        row = next((r for r in self.rows if r.key == row_key), None)
        if row is None or col not in self.labels:
            raise KeyError(key)
        return f"{row.label} – {self.labels[col]}"


# ---------------------------------------------------------------------------------------------- the column trees


@dataclass(frozen=True)
class Col:
    n: int
    label: str
    sums: tuple[tuple[int, ...], ...] = ()  # each tuple: columns whose sum equals this one


@dataclass(frozen=True)
class Group:
    label: str
    children: tuple[Col | Group, ...]


Node = Col | Group


@dataclass(frozen=True)
class FormLayout:
    code: str
    title: str
    family: str  # xld | tcd | kqgq (the CLI's groups)
    tree: tuple[Node, ...]
    refs: str = "case"

    def columns(self) -> list[Col]:
        return list(_leaves(self.tree))

    def depth(self) -> int:
        return max(_depth(n) for n in self.tree)

    def header(self) -> list[list[HeaderCell]]:
        """The merged header: every group spans its leaves; a leaf reaches down to the last header row."""
        depth = self.depth()
        rows: list[list[HeaderCell]] = [[] for _ in range(depth)]
        rows[0] += [HeaderCell("STT", 1, depth), HeaderCell("Đơn vị", 1, depth)]
        for node in self.tree:
            _place(node, 0, depth, rows)
        return rows

    def numbers(self) -> list[str]:
        return ["", "MS", *(number_text(c) for c in self.columns())]

    def labels(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for path, col in _paths(self.tree, ()):
            out[f"c{col.n}"] = " / ".join((*path, col.label)) + f" ({col.n})"
        return out


def _leaves(nodes: tuple[Node, ...]) -> Iterator[Col]:
    for node in nodes:
        if isinstance(node, Col):
            yield node
        else:
            yield from _leaves(node.children)


def _paths(nodes: tuple[Node, ...], path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Col]]:
    for node in nodes:
        if isinstance(node, Col):
            yield path, node
        else:
            yield from _paths(node.children, (*path, node.label))


def _depth(node: Node) -> int:
    return 1 if isinstance(node, Col) else 1 + max(_depth(c) for c in node.children)


def _width(node: Node) -> int:
    return 1 if isinstance(node, Col) else sum(_width(c) for c in node.children)


def _place(node: Node, level: int, depth: int, rows: list[list[HeaderCell]]) -> None:
    if isinstance(node, Col):
        rows[level].append(HeaderCell(node.label, 1, depth - level))
        return
    rows[level].append(HeaderCell(node.label, _width(node), 1))
    for child in node.children:
        _place(child, level + 1, depth, rows)


def _run_text(parts: tuple[int, ...]) -> str:
    consecutive = all(b == a + 1 for a, b in zip(parts, parts[1:], strict=False))
    if consecutive and len(parts) > 3:
        return f"{parts[0]}+...+{parts[-1]}"
    return "+".join(str(p) for p in parts)


def number_text(col: Col) -> str:
    """“1=2+...+7”, “9=11+12+13=14+...+17=18+22”, or just “8”."""
    return "=".join([str(col.n), *(_run_text(s) for s in col.sums)])
