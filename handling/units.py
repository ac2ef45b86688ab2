"""The agency tree as data: the admin's CSV file, its checks, loading it into ``units``, and walking the tree.

The tree: tỉnh/thành phố → sở, ban, ngành (Thanh tra, Ban tiếp công dân); phường, xã, đặc khu; the districts
(quận, huyện, thị xã, thành phố thuộc tỉnh) kept as history: abolished on 01/7/2025, each with the unit that took
over its work (DOMAIN §6). Rows are never deleted: a code missing from a newer file is only marked inactive.

File columns: ``code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,
signer_name``; any other column is kept in ``Unit.data``. UTF-8 (with or without BOM), comma or semicolon.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ..contract import LOCAL_TZ, UNIT_KIND_LABELS
from ..lang.normalize import collapse_ws, fold_words, nfc
from ..storage.models import Unit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..config import Settings

COLUMNS = (
    "code",
    "name",
    "kind",
    "parent",
    "abolished_on",
    "successor",
    "remote",
    "parent_name",
    "symbol",
    "place",
    "signer_title",
    "signer_name",
)
REQUIRED = ("code", "name", "kind")
WARD_KINDS = ("phuong", "xa", "dac_khu")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_TRUE = {"1", "co", "true", "x", "yes", "y"}
_FALSE = {"", "0", "khong", "false", "no", "n"}
# a kind may be written as its key or its label, with or without accents ("Phường", "Ban tiếp công dân")
_KIND_ALIASES = {fold_words(k): k for k in UNIT_KIND_LABELS} | {
    fold_words(label): k for k, label in UNIT_KIND_LABELS.items()
}
_KIND_ALIASES |= {
    "so": "so_nganh",
    "quan": "huyen",
    "tinh": "tinh",
    "thanh pho": "tinh",
    "dac khu": "dac_khu",
}


class UnitsFileError(ValueError):
    """The units file cannot be loaded; ``problems`` are Vietnamese messages, each naming its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class UnitRow:
    """One unit as written in the file (``parent``/``successor`` columns are ``parent_code``/``successor_code``)."""

    code: str
    name: str
    kind: str
    parent_code: str | None = None
    abolished_on: dt.date | None = None
    successor_code: str | None = None
    remote: bool = False
    parent_name: str = ""
    symbol: str = ""
    place: str = ""
    signer_title: str = ""
    signer_name: str = ""
    data: dict[str, str] = field(default_factory=dict)
    line: int = 0  # the file line it came from (0: made in code)

    def values(self) -> dict[str, Any]:
        """The ``Unit`` columns this row sets (NFC text)."""
        return {
            "name": nfc(self.name),
            "kind": self.kind,
            "parent_code": self.parent_code or None,
            "abolished_on": self.abolished_on,
            "successor_code": self.successor_code or None,
            "remote": bool(self.remote),
            "parent_name": nfc(self.parent_name),
            "symbol": nfc(self.symbol),
            "place": nfc(self.place),
            "signer_title": nfc(self.signer_title),
            "signer_name": nfc(self.signer_name),
            "data": {nfc(k): nfc(v) for k, v in self.data.items()},
        }


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


class UnitOption(NamedTuple):
    code: str
    label: str
    depth: int


# ---------------------------------------------------------------------------------------------- reading the file


def default_units_path() -> Path:
    """The bundled sample tree (Thành phố Hồ Chí Minh, built by ``donthu units build``)."""
    return Path(__file__).parent / "data" / "units-default.csv"


def _decode(source: Path | bytes) -> str:
    if isinstance(source, Path):
        try:
            raw = source.read_bytes()
        except OSError as exc:
            raise UnitsFileError([f"Không đọc được tệp {source}: {exc.strerror or exc}"]) from None
    else:
        raw = source
    try:
        return nfc(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UnitsFileError(
            [
                f"Dòng {line}: tệp không ở dạng UTF-8; trong Excel chọn Lưu thành (Save As) kiểu "
                "“CSV UTF-8 (Comma delimited)”."
            ]
        ) from None


def _parse_date(text: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _row_from_cells(cells: dict[str, str], line: int, problems: list[str]) -> UnitRow | None:
    at = f"Dòng {line}"
    code, name = cells.get("code", ""), collapse_ws(cells.get("name", ""))
    kind_text = cells.get("kind", "")
    count = len(problems)
    if not code:
        problems.append(f"{at}: thiếu mã đơn vị (cột code).")
    elif not CODE_RE.match(code):
        problems.append(
            f"{at}: mã “{code}” không hợp lệ (chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang, "
            "gạch dưới; tối đa 40 ký tự)."
        )
    if not name:
        problems.append(f"{at}: thiếu tên đơn vị (cột name).")
    kind = _KIND_ALIASES.get(fold_words(kind_text))
    if kind is None:
        problems.append(
            f"{at}: loại đơn vị “{kind_text}” không hợp lệ; dùng một trong: {', '.join(UNIT_KIND_LABELS)}."
        )
    abolished = None
    if cells.get("abolished_on"):
        abolished = _parse_date(cells["abolished_on"])
        if abolished is None:
            problems.append(
                f"{at}: ngày giải thể “{cells['abolished_on']}” không hợp lệ (dạng 2025-07-01 hoặc 01/07/2025)."
            )
    remote_key = fold_words(cells.get("remote", ""))
    if remote_key not in _TRUE | _FALSE:
        problems.append(f"{at}: cột remote “{cells['remote']}” phải là 1/0, có/không hoặc true/false.")
    if len(problems) > count:
        return None
    data = {k: v for k, v in cells.items() if k not in COLUMNS and v}
    return UnitRow(
        code=code,
        name=name,
        kind=kind or "",
        parent_code=cells.get("parent") or None,
        abolished_on=abolished,
        successor_code=cells.get("successor") or None,
        remote=remote_key in _TRUE,
        parent_name=cells.get("parent_name", ""),
        symbol=cells.get("symbol", ""),
        place=cells.get("place", ""),
        signer_title=cells.get("signer_title", ""),
        signer_name=cells.get("signer_name", ""),
        data=data,
        line=line,
    )


def _parse(text: str) -> tuple[list[UnitRow], list[str], set[str]]:
    """The rows that can be read, the problems of the others and the codes those others had."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel with a Vietnamese list separator
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[UnitRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    unreadable: set[str] = set()
    while True:
        line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"Dòng {line}: không đọc được dòng CSV ({exc}).")
            break
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if header is None:
            header = [c.lower() for c in cells]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                problems.append(f"Dòng {line}: thiếu cột {', '.join(missing)} ở dòng tiêu đề.")
                return [], problems, unreadable
            continue
        values = dict(zip(header, cells, strict=False))
        row = _row_from_cells(values, line, problems)
        if row is None:
            unreadable.add(values.get("code", ""))
            continue
        if row.code in seen:
            problems.append(f"Dòng {line}: mã “{row.code}” trùng với dòng {seen[row.code]}.")
            continue
        seen[row.code] = line
        rows.append(row)
    if header is None:
        problems.append("Dòng 1: tệp trống; cần dòng tiêu đề code,name,kind,… và ít nhất một đơn vị.")
    elif not rows and not problems:
        problems.append("Dòng 2: tệp không có đơn vị nào dưới dòng tiêu đề.")
    return rows, problems, unreadable


def _chain(start: UnitRow, by_code: dict[str, UnitRow], attr: str) -> tuple[list[str], bool]:
    """Codes followed through ``attr`` from ``start`` (itself first) and whether the walk came back on itself."""
    codes = [start.code]
    row: UnitRow | None = start
    while row is not None:
        nxt = getattr(row, attr)
        if not nxt or nxt not in by_code:
            return codes, False
        if nxt in codes:
            return codes + [nxt], True
        codes.append(nxt)
        row = by_code[nxt]
    return codes, False


def check_units(rows: list[UnitRow], unreadable: set[str] | None = None) -> list[str]:
    """Problems of the tree as a whole: parents and successors that are missing, loops, abolished units with no
    living successor. Empty when the rows can be loaded. Codes of ``unreadable`` rows (reported already) count
    as present."""
    by_code = {r.code: r for r in rows}
    unreadable = unreadable or set()
    problems: list[str] = []
    cycles: set[frozenset[str]] = set()
    for r in rows:
        at = f"Dòng {r.line}" if r.line else f"Đơn vị {r.code}"
        if r.parent_code in unreadable or r.successor_code in unreadable:
            continue
        if r.parent_code and r.parent_code not in by_code:
            problems.append(f"{at}: đơn vị cấp trên “{r.parent_code}” không có trong tệp.")
        elif r.parent_code:
            codes, loop = _chain(r, by_code, "parent_code")
            if loop and codes[-1] == r.code and frozenset(codes) not in cycles:
                cycles.add(frozenset(codes))
                problems.append(f"{at}: vòng lặp đơn vị cấp trên: {' → '.join(codes)}.")
        if r.successor_code and r.successor_code not in by_code:
            problems.append(f"{at}: đơn vị kế thừa “{r.successor_code}” không có trong tệp.")
            continue
        if r.abolished_on is None:
            if r.successor_code:
                problems.append(f"{at}: có đơn vị kế thừa “{r.successor_code}” nhưng thiếu ngày giải thể.")
            continue
        if not r.successor_code:
            problems.append(
                f"{at}: đơn vị đã giải thể ngày {r.abolished_on:%d/%m/%Y} nhưng thiếu đơn vị kế thừa (cột successor)."
            )
            continue
        codes, loop = _chain(r, by_code, "successor_code")
        if loop:
            problems.append(f"{at}: chuỗi đơn vị kế thừa lặp lại: {' → '.join(codes)}.")
        elif by_code[codes[-1]].abolished_on is not None:
            problems.append(
                f"{at}: chuỗi đơn vị kế thừa {' → '.join(codes)} dừng ở đơn vị đã giải thể “{codes[-1]}”."
            )
    return problems


def _line_of(problem: str) -> int:
    m = re.match(r"Dòng (\d+):", problem)
    return int(m.group(1)) if m else 0


def read_units_csv(source: Path | bytes) -> list[UnitRow]:
    """The rows of a units file, or UnitsFileError listing every problem with its line number."""
    rows, problems, unreadable = _parse(_decode(source))
    if rows:
        problems += check_units(rows, unreadable)
        problems.sort(key=_line_of)
    if problems:
        raise UnitsFileError(problems)
    return rows


def write_units_csv(rows: Iterable[UnitRow], target: Path | None = None) -> bytes:
    """The file for ``rows`` (UTF-8 with BOM, so Excel shows the accents); written to ``target`` when given."""
    rows = list(rows)
    extra: list[str] = []
    for r in rows:
        extra += [k for k in r.data if k not in extra and k not in COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *extra])
    for r in rows:
        writer.writerow(
            [
                r.code,
                nfc(r.name),
                r.kind,
                r.parent_code or "",
                r.abolished_on.isoformat() if r.abolished_on else "",
                r.successor_code or "",
                "1" if r.remote else "0",
                nfc(r.parent_name),
                nfc(r.symbol),
                nfc(r.place),
                nfc(r.signer_title),
                nfc(r.signer_name),
                *(nfc(r.data.get(k, "")) for k in extra),
            ]
        )
    data = ("\ufeff" + out.getvalue()).encode("utf-8")
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return data


def build_from_underthesea(province: str) -> list[UnitRow]:
    """A province's tree from the 2025 mapping bundled in underthesea (see ``handling/units_build.py``)."""
    from .units_build import build_province

    return build_province(province)


# ------------------------------------------------------------------------------------------- loading the table


def sync_units(db: Session, rows: list[UnitRow]) -> SyncReport:
    """Upsert ``rows`` by code; a code that is no longer in the file becomes inactive (never deleted)."""
    problems = check_units(rows)
    if problems:
        raise UnitsFileError(problems)
    report = SyncReport()
    existing = {u.code: u for u in db.scalars(select(Unit))}
    for row in rows:
        values = row.values()
        unit = existing.get(row.code)
        if unit is None:
            db.add(Unit(code=row.code, active=True, **values))
            report.added.append(row.code)
            continue
        diff = {k: v for k, v in values.items() if getattr(unit, k) != v}
        if diff or not unit.active:
            for k, v in diff.items():
                setattr(unit, k, v)
            unit.active = True
            report.changed.append(row.code)
    in_file = {r.code for r in rows}
    for code, unit in existing.items():
        if code not in in_file and unit.active:
            unit.active = False
            report.retired.append(code)
    db.flush()
    return report


def ensure_units(db: Session, settings: Settings) -> None:
    """Load the tree when the table is empty (``settings.units_file``, else the bundled one); one cheap query
    otherwise. A process that loses the race to another one loading the same file keeps the other's rows."""
    if db.scalar(select(Unit.id).limit(1)) is not None:
        return
    rows = read_units_csv(settings.units_file or default_units_path())
    try:
        with db.begin_nested():
            sync_units(db, rows)
    except IntegrityError:
        pass  # loaded meanwhile by another process


# ---------------------------------------------------------------------------------------------- the tree


def _today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def is_abolished(unit: Unit, on: dt.date | None = None) -> bool:
    return unit.abolished_on is not None and unit.abolished_on <= (on or _today())


def _units(db: Session) -> list[Unit]:
    return list(db.scalars(select(Unit).order_by(Unit.id)))


def get_unit(db: Session, code: str) -> Unit | None:
    return db.scalar(select(Unit).where(Unit.code == code))


def home_unit_code(db: Session, settings: Settings) -> str:
    """The unit new cases and accounts belong to: ``settings.home_unit`` when it exists, else the first Ban tiếp
    công dân right under the root, else the root ("" when the table is empty)."""
    today = _today()
    rows = db.execute(
        select(Unit.code, Unit.parent_code, Unit.kind)
        .where(Unit.active.is_(True), or_(Unit.abolished_on.is_(None), Unit.abolished_on > today))
        .order_by(Unit.id)
    ).all()  # plain rows, not ORM objects: asked on every request
    if settings.home_unit and any(code == settings.home_unit for code, _, _ in rows):
        return settings.home_unit
    roots = [code for code, parent, _ in rows if not parent]
    if not roots:
        return ""
    for code, parent, kind in rows:
        if parent == roots[0] and kind == "ban_tcd":
            return code
    return roots[0]


def subtree_codes(db: Session, code: str) -> set[str]:
    """``code`` and every unit below it (through ``parent_code``; inactive and abolished ones included, so a
    parent keeps seeing its children's old cases). An unknown code gives just itself."""
    children: dict[str, list[str]] = {}
    for c, parent in db.execute(select(Unit.code, Unit.parent_code)):
        if parent:
            children.setdefault(parent, []).append(c)
    found = {code}
    todo = [code]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def ancestors(db: Session, code: str) -> list[Unit]:
    """The units above ``code``, nearest first (empty for a root or an unknown code)."""
    by_code = {u.code: u for u in _units(db)}
    out: list[Unit] = []
    unit = by_code.get(code)
    seen = {code}
    while unit is not None and unit.parent_code and unit.parent_code not in seen:
        seen.add(unit.parent_code)
        unit = by_code.get(unit.parent_code)
        if unit is not None:
            out.append(unit)
    return out


def current_unit(db: Session, code: str, on: dt.date | None = None) -> Unit | None:
    """The unit doing ``code``'s work today: itself, or the end of its successor chain when it was abolished.
    None for an unknown code, or when the chain ends at a unit that is gone (retired or abolished)."""
    unit = get_unit(db, code)
    seen: set[str] = set()
    while unit is not None and is_abolished(unit, on):
        if unit.code in seen or not unit.successor_code:
            return None
        seen.add(unit.code)
        unit = get_unit(db, unit.successor_code)
    if unit is None or not unit.active:
        return None
    return unit


def successor_for(db: Session, code: str, address: str | None, on: dt.date | None = None) -> str:
    """Where a matter of the unit ``code`` goes now. For an abolished district: the phường, xã or đặc khu of
    the tree where the matter arose (the address's old ward converted to the 2025 one by underthesea and matched
    by name), else the file's successor chain. A unit working today gives its own code.

    Raises LookupError when ``code`` is unknown or its chain leads nowhere."""
    unit = get_unit(db, code)
    if unit is None:
        raise LookupError(f"Không có đơn vị mã “{code}”.")
    if is_abolished(unit, on) and unit.kind == "huyen" and address:
        found = _ward_for_address(db, unit, address, on)
        if found is not None:
            return found.code
    target = current_unit(db, code, on)
    if target is None:
        raise LookupError(f"Đơn vị “{unit.name}” đã giải thể và không tìm được đơn vị kế thừa còn hoạt động.")
    return target.code


def _ward_for_address(db: Session, district: Unit, address: str, on: dt.date | None) -> Unit | None:
    from .units_build import name_key, ward_names_for_address

    wards = [u for u in _units(db) if u.kind in WARD_KINDS and u.active and not is_abolished(u, on)]
    if not wards:
        return None
    root = ancestors(db, district.code)
    scope = subtree_codes(db, root[-1].code) if root else None
    by_name: dict[str, Unit] = {}
    for u in wards:  # the district's own province first, then any other of the tree
        if scope is None or u.code in scope:
            by_name.setdefault(name_key(u.name), u)
    for u in wards:
        by_name.setdefault(name_key(u.name), u)
    province = root[-1].name if root else ""
    for name in ward_names_for_address(address, province, (district.data or {}).get("old_province", "")):
        unit = by_name.get(name_key(name))
        if unit is not None:
            return unit
    return None


# -------------------------------------------------------------------------------------------- display


def unit_label(unit: Unit, on: dt.date | None = None) -> str:
    """The unit's name, with its end date when it was abolished or a note when it left the file."""
    if is_abolished(unit, on) and unit.abolished_on is not None:
        return f"{unit.name} (giải thể từ {unit.abolished_on:%d/%m/%Y})"
    if not unit.active:
        return f"{unit.name} (không còn trong danh sách đơn vị)"
    return unit.name


def tree_order(units: list[Unit]) -> list[tuple[Unit, int]]:
    """``units`` depth first (children in file order) with their depth; a unit whose parent is not among them
    starts a tree of its own."""
    codes = {u.code for u in units}
    children: dict[str | None, list[Unit]] = {}
    for u in units:
        parent = u.parent_code if u.parent_code in codes else None
        children.setdefault(parent, []).append(u)
    out: list[tuple[Unit, int]] = []
    seen: set[str] = set()

    def walk(parent: str | None, depth: int) -> None:
        for u in children.get(parent, []):
            if u.code not in seen:
                seen.add(u.code)
                out.append((u, depth))
                walk(u.code, depth + 1)

    walk(None, 0)
    return out


def units_for_select(db: Session, on: dt.date | None = None) -> list[UnitOption]:
    """Units working today (in the file, not abolished), as a tree with depths, for a dropdown."""
    units = [u for u in _units(db) if u.active and not is_abolished(u, on)]
    return [UnitOption(u.code, unit_label(u, on), depth) for u, depth in tree_order(units)]
