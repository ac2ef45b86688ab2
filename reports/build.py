"""Build a report form of Thông tư 02/2021/TT-TTCP for units and a period: ``build_report``.

The rows are units: the unit reported on (what it handled itself) and each unit directly under it with its whole
subtree, then "Tổng cộng", the sum of the rows in every column. A unit that has left the tree (abolished, not in
the units file) gets a row only when it has figures. Several roots (codes whose parent is not among them) each
get a row with their subtree. reports/counting.py, xld.py, kqgq.py and tcd.py say what each column counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import Settings
from ..handling import units as unit_tree
from ..storage.models import Unit
from .counting import Reader, load
from .figures import Fig
from .forms import FAMILIES, FORMS
from .kqgq import KQGQ_FORMS, resolutions
from .layout import FormLayout, HeaderCell, Report, ReportCell, ReportRow
from .xld import XLD_FORMS, collect_replies

FORM_CODES: tuple[str, ...] = (
    "01/XLD",
    "02/XLD",
    "03/XLD",
    "04/XLD",
    "01/TCD",
    "02/TCD",
    "01/KQGQ",
    "03/KQGQ",
)
TOTAL_KEY = "tong"

__all__ = [
    "FAMILIES",
    "FORMS",
    "FORM_CODES",
    "HeaderCell",
    "Report",
    "ReportCell",
    "ReportError",
    "ReportRow",
    "build_report",
    "build_reports",
    "form_code",
]


class ReportError(ValueError):
    """A report that cannot be made as asked; the message is Vietnamese, for the user."""


@dataclass
class RowPlan:
    key: str
    label: str
    codes: set[str]
    optional: bool  # shown only with figures (a unit no longer in the tree)


def form_code(text: str, family: str | None = None) -> str:
    """ "01/XLD", "01xld", "xld01" or "01" (with the family) → "01/XLD"; ReportError otherwise."""
    raw = text.strip().upper().replace(" ", "").replace("-", "/").replace("_", "/")
    if family and raw.isdigit():
        raw = f"{int(raw):02d}/{family.upper()}"
    if "/" not in raw:
        letters = "".join(ch for ch in raw if ch.isalpha())
        digits = "".join(ch for ch in raw if ch.isdigit())
        raw = f"{int(digits or 0):02d}/{letters}"
    if raw not in FORMS:
        choices = ", ".join(FAMILIES[family] if family in FAMILIES else FORM_CODES)
        raise ReportError(f"Không có biểu “{text}”. Chọn một trong: {choices}.")
    return raw


def _plan(db: Session, unit_codes: set[str], end: dt.date) -> tuple[list[RowPlan], list[Unit]]:
    """The rows (see the module's docstring) and the root units reported on."""
    units = {u.code: u for u in db.scalars(select(Unit).order_by(Unit.id))}
    children: dict[str, list[str]] = {}
    for u in units.values():
        if u.parent_code:
            children.setdefault(u.parent_code, []).append(u.code)
    order = {code: i for i, code in enumerate(units)}

    def parent(code: str) -> str | None:
        unit = units.get(code)
        return unit.parent_code if unit is not None else None

    def subtree(code: str) -> set[str]:
        found, todo = {code}, [code]
        while todo:
            for child in children.get(todo.pop(), []):
                if child in unit_codes and child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    def row(code: str, codes: set[str]) -> RowPlan:
        unit = units.get(code)
        label = unit_tree.unit_label(unit, end) if unit is not None else code
        gone = unit is None or not unit.active or unit_tree.is_abolished(unit, end)
        return RowPlan(code, label, codes, gone)

    roots = sorted(
        (c for c in unit_codes if parent(c) not in unit_codes), key=lambda c: (order.get(c, 10**9), c)
    )
    if len(roots) != 1:
        return [row(c, subtree(c)) for c in roots], [units[c] for c in roots if c in units]
    root = roots[0]
    kids = [c for c in children.get(root, []) if c in unit_codes]
    plan = [row(root, {root})]
    plan[0].optional = bool(kids)
    plan += [row(c, subtree(c)) for c in kids]
    return plan, [units[root]] if root in units else []


def _per_row(plan: Sequence[RowPlan], items: Sequence[tuple[str, object]]) -> dict[str, list[object]]:
    where = {code: p.key for p in plan for code in p.codes}
    out: dict[str, list[object]] = {p.key: [] for p in plan}
    for unit, item in items:
        if unit in where:
            out[where[unit]].append(item)
    return out


def _figures(
    db: Session, settings: Settings, layout: FormLayout, unit_codes: set[str], start: dt.date, end: dt.date,
    plan: Sequence[RowPlan],
) -> dict[str, Mapping[int, Fig]]:  # fmt: skip
    if layout.family == "tcd":
        from .tcd import TCD_FORMS, visit_items

        rows = _per_row(plan, visit_items(db, unit_codes, start, end))
        return {k: TCD_FORMS[layout.code](v) for k, v in rows.items()}  # type: ignore[arg-type]
    reader = Reader(db, settings, load(db, settings, unit_codes, start, end), start, end)
    if layout.family == "kqgq":
        rows = _per_row(plan, resolutions(reader))
        return {k: KQGQ_FORMS[layout.code](v) for k, v in rows.items()}  # type: ignore[arg-type]
    facts = [(s.unit, f) for s in reader.data.stays if (f := reader.facts(s)) is not None]
    rows, replies = _per_row(plan, facts), _per_row(plan, collect_replies(reader))
    return {k: XLD_FORMS[layout.code](v, replies[k]) for k, v in rows.items()}  # type: ignore[arg-type]


def _cells(row_key: str, n_cols: int, figs: Mapping[int, Fig]) -> list[ReportCell]:
    out = []
    for n in range(1, n_cols + 1):
        fig = figs.get(n, Fig())
        out.append(ReportCell(f"{row_key}:c{n}", fig.value, tuple(sorted(fig.ids))))
    return out


def build_report(
    db: Session, settings: Settings, code: str, unit_codes: set[str], start: dt.date, end: dt.date
) -> Report:
    """The form ``code`` (FORM_CODES) for the units ``unit_codes`` (a unit and its subtree: handling.units.
    subtree_codes; the caller decides what the user may see) from ``start`` to ``end`` (local dates, included)."""
    layout = FORMS.get(code)
    if layout is None:
        raise ReportError(f"Không có biểu “{code}”. Chọn một trong: {', '.join(FORM_CODES)}.")
    if not unit_codes:
        raise ReportError("Chưa chọn đơn vị báo cáo.")
    if end < start:
        raise ReportError(f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.")
    plan, roots = _plan(db, set(unit_codes), end)
    figures = _figures(db, settings, layout, set(unit_codes), start, end, plan)
    n_cols = len(layout.columns())
    rows: list[ReportRow] = []
    for p in plan:
        figs = figures.get(p.key, {})
        if p.optional and not any(f.value or f.ids for f in figs.values()):
            continue
        rows.append(ReportRow(str(len(rows) + 1), p.label, _cells(p.key, n_cols, figs), key=p.key))
    sums: dict[int, Fig] = {}
    for p in plan:
        if any(r.key == p.key for r in rows):
            for n, fig in figures.get(p.key, {}).items():
                sums[n] = sums.get(n, Fig()) + fig
    rows.append(ReportRow("", "Tổng cộng", _cells(TOTAL_KEY, n_cols, sums), key=TOTAL_KEY, total=True))
    return Report(
        code=layout.code,
        title=layout.title,
        unit_name="; ".join(u.name for u in roots) or ", ".join(sorted(unit_codes)),
        start=start,
        end=end,
        header=layout.header(),
        rows=rows,
        columns=[f"c{c.n}" for c in layout.columns()],
        agency=roots[0].parent_name if len(roots) == 1 else "",
        numbers=layout.numbers(),
        labels=layout.labels(),
        refs=layout.refs,
        notes=list(NOTES.get(layout.family, ())),
        place=roots[0].place if len(roots) == 1 else "",
        signer_title=roots[0].signer_title if len(roots) == 1 else "",
        signer_name=roots[0].signer_name if len(roots) == 1 else "",
    )


def build_reports(
    db: Session, settings: Settings, codes: Sequence[str], unit_codes: set[str], start: dt.date, end: dt.date
) -> list[Report]:
    return [build_report(db, settings, c, unit_codes, start, end) for c in codes]


NOTES: dict[str, tuple[str, ...]] = {
    "xld": (
        "Đơn khác: đơn nặc danh (không rõ họ tên, địa chỉ người viết). Đơn có nhiều nội dung được tính theo loại "
        "đơn ghi trên đơn. Số vụ việc: các đơn trùng nhau (cùng vụ việc) tính là một.",
        "Đơn chuyển giữa hai đơn vị trong phạm vi báo cáo được tính ở mỗi đơn vị đã xử lý.",
    ),
    "kqgq": ("Tiền tính bằng triệu đồng (Trđ), đất tính bằng mét vuông (m²).",),
    "tcd": ("Số liệu lấy từ sổ tiếp công dân; lượt tiếp đã hủy không được tính.",),
}
