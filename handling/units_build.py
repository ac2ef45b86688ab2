"""A province's agency tree built from the 2025 administrative mapping bundled in underthesea
(``underthesea/address/data/mapping.json``, from the vietnamadminunits data: the 34 provinces and, for every old
phường/xã/thị trấn, the new phường/xã/đặc khu that took it over on 01/7/2025).

The tree: the province (UBND), its Thanh tra, Ban tiếp công dân, Văn phòng UBND, the departments every province has
after the 2025 merger (NĐ 45/2025/NĐ-CP, plus the special ones of Hà Nội and Thành phố Hồ Chí Minh), the provincial
police, every new phường/xã/đặc khu, and every old district as history (abolished 01/7/2025; its successor is the
new unit that took most of its old wards). Codes are ASCII and stable: "HCM", "HCM.TTR", "HCM.P-BEN-THANH",
"HCM.H-CU-CHI".
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..lang.normalize import collapse_ws, fold_words, nfc
from .units import UnitRow

REFORM_DATE = dt.date(2025, 7, 1)
# short stable codes of the 34 provinces (keys of mapping.json's province_names)
PROVINCE_CODES = {
    "thanhphohanoi": "HNI",
    "thanhphohochiminh": "HCM",
    "thanhphohaiphong": "HPG",
    "thanhphodanang": "DNG",
    "thanhphocantho": "CTO",
    "thanhphohue": "HUE",
    "tinhlaichau": "LCU",
    "tinhdienbien": "DBN",
    "tinhquangninh": "QNH",
    "tinhcaobang": "CBG",
    "tinhcamau": "CMU",
    "tinhkhanhhoa": "KHA",
    "tinhlangson": "LSN",
    "tinhhatinh": "HTH",
    "tinhsonla": "SLA",
    "tinhquangtri": "QTI",
    "tinhthainguyen": "TNN",
    "tinhquangngai": "QNI",
    "tinhdongnai": "DNI",
    "tinhtayninh": "TNH",
    "tinhbacninh": "BNH",
    "tinhlaocai": "LCI",
    "tinhdongthap": "DTP",
    "tinhangiang": "AGG",
    "tinhdaklak": "DLK",
    "tinhhungyen": "HYN",
    "tinhlamdong": "LDG",
    "tinhtuyenquang": "TQG",
    "tinhvinhlong": "VLG",
    "tinhninhbinh": "NBH",
    "tinhnghean": "NAN",
    "tinhgialai": "GLI",
    "tinhphutho": "PTO",
    "tinhthanhhoa": "THA",
}
ALIASES = {"tphcm": "thanhphohochiminh", "hcm": "thanhphohochiminh", "saigon": "thanhphohochiminh"}
# (code suffix, name, symbol, signer title): NĐ 45/2025/NĐ-CP art. 9, the departments of every province
DEPARTMENTS = [
    ("VP", "Văn phòng Ủy ban nhân dân", "VP", "CHÁNH VĂN PHÒNG"),
    ("SNV", "Sở Nội vụ", "SNV", "GIÁM ĐỐC"),
    ("STP", "Sở Tư pháp", "STP", "GIÁM ĐỐC"),
    ("STC", "Sở Tài chính", "STC", "GIÁM ĐỐC"),
    ("SCT", "Sở Công Thương", "SCT", "GIÁM ĐỐC"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "SNNMT", "GIÁM ĐỐC"),
    ("SXD", "Sở Xây dựng", "SXD", "GIÁM ĐỐC"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "SKHCN", "GIÁM ĐỐC"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "GIÁM ĐỐC"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "SGDĐT", "GIÁM ĐỐC"),
    ("SYT", "Sở Y tế", "SYT", "GIÁM ĐỐC"),
]
# Hà Nội and Thành phố Hồ Chí Minh: culture and tourism apart, and the departments only they have (NĐ 45/2025)
BIG_CITIES = {"thanhphohanoi", "thanhphohochiminh"}
BIG_CITY_DEPARTMENTS = [
    ("SVHTT", "Sở Văn hóa và Thể thao", "SVHTT", "GIÁM ĐỐC"),
    ("SDL", "Sở Du lịch", "SDL", "GIÁM ĐỐC"),
    ("SQHKT", "Sở Quy hoạch - Kiến trúc", "SQHKT", "GIÁM ĐỐC"),
    ("SNGV", "Sở Ngoại vụ", "SNgV", "GIÁM ĐỐC"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "SDTTG", "GIÁM ĐỐC"),
]
# (prefix as written, code letters, kind) for the new communes and the old districts
WARD_PREFIXES = [("Phường", "P", "phuong"), ("Xã", "X", "xa"), ("Đặc khu", "DK", "dac_khu")]
DISTRICT_PREFIXES = [("Quận", "Q"), ("Huyện", "H"), ("Thị xã", "TX"), ("Thành phố", "TP")]
# names the mapping leaves empty (two new communes whose names differ only by accents) and that no other record
# spells out
NAME_OVERRIDES = {"xãlộcthạnh": "Xã Lộc Thạnh"}
MAX_CODE = 40


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    import underthesea.address

    path = Path(underthesea.address.__file__).parent / "data" / "mapping.json"
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def name_key(name: str) -> str:
    """How two unit names are compared: NFC (modern tone marks), caseless, single spaces."""
    return collapse_ws(nfc(name)).casefold()


def _squash(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().replace(" ", "")


def sort_key(name: str) -> str:
    """Alphabetical without accents, numbers in numeric order ("Quận 3" before "Quận 10")."""
    return re.sub(r"\d+", lambda m: m.group().zfill(4), fold_words(name))


def slug(text: str) -> str:
    return "-".join(fold_words(text).upper().split())


def split_prefix(name: str, prefixes: list[str]) -> tuple[str, str]:
    """("Thị xã", "Bến Cát") from "Thị Xã Bến Cát"; ("", name) when no prefix matches."""
    for p in sorted(prefixes, key=len, reverse=True):
        if name.casefold().startswith(p.casefold() + " "):
            return p, name[len(p) + 1 :].strip()
    return "", name


def resolve_province(text: str) -> str:
    """The mapping's key of a 2025 province named ``text`` ("Hồ Chí Minh", "Thành phố Hà Nội", "lai chau",
    "HCM"); ValueError listing the names otherwise."""
    names = mapping()["province_names"]
    key = fold_words(text).replace(" ", "")
    by_code = {c.lower(): k for k, c in PROVINCE_CODES.items()}
    for k, info in names.items():
        if key in (k, fold_words(info["name"]).replace(" ", ""), fold_words(info["short"]).replace(" ", "")):
            return str(k)
    found = by_code.get(key) or ALIASES.get(key)
    if found:
        return found
    known = ", ".join(sorted((info["short"] for info in names.values()), key=sort_key))
    raise ValueError(f"Không có tỉnh, thành phố “{text}” sau sắp xếp 2025. Các tên hợp lệ: {known}.")


def _province_code(key: str, short: str) -> str:
    return PROVINCE_CODES.get(key) or "".join(w[0] for w in fold_words(short).upper().split())


class _Codes:
    """Codes made unique (and at most 40 characters) in order of asking."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, base: str, alt: str = "") -> str:
        base = base[:MAX_CODE].rstrip("-.")
        for code in [base, f"{base[: MAX_CODE - len(alt) - 1]}-{alt}" if alt else ""]:
            if code and code not in self.used:
                self.used.add(code)
                return code
        n = 2
        while f"{base[: MAX_CODE - 4]}-{n}" in self.used:
            n += 1
        code = f"{base[: MAX_CODE - 4]}-{n}"
        self.used.add(code)
        return code


@lru_cache(maxsize=1)
def _known_names() -> dict[str, str]:
    """Squashed name → name (without its prefix) over every ward and district the mapping spells out."""
    out: dict[str, str] = {}
    prefixes = ["Phường", "Xã", "Đặc khu", "Thị trấn", "Quận", "Huyện", "Thị xã", "Thành phố"]
    for r in mapping()["ward_mapping"]:
        for name in (r["old_ward"], r["new_ward"], r["old_district"]):
            if name:
                rest = split_prefix(nfc(name), prefixes)[1]
                out.setdefault(_squash(rest), rest)
    return out


def new_ward_name(record: dict[str, Any]) -> str:
    """The record's new commune, spelled out from its accented key when the mapping left the name empty."""
    if record["new_ward"]:
        return nfc(record["new_ward"])
    key = _squash(record["new_ward_key"])
    if key in NAME_OVERRIDES:
        return NAME_OVERRIDES[key]
    for prefix, _, _ in WARD_PREFIXES:
        head = _squash(prefix)
        if key.startswith(head) and key[len(head) :] in _known_names():
            return f"{prefix} {_known_names()[key[len(head) :]]}"
    return ""


def _district_name(name: str) -> tuple[str, str, str]:
    """("Thị xã Bến Cát", "Thị xã", "Bến Cát") from the mapping's spelling ("Thị Xã Bến Cát")."""
    prefix, rest = split_prefix(nfc(name), [p for p, _ in DISTRICT_PREFIXES])
    return (f"{prefix} {rest}" if prefix else rest), prefix, rest


def _lower_first(name: str) -> str:
    return name if name.startswith("Thành phố Hồ Chí Minh") else name[:1].lower() + name[1:]


def _head_rows(key: str, info: dict[str, str], codes: _Codes) -> list[UnitRow]:
    """The province, its Thanh tra, Ban tiếp công dân, departments and police."""
    name, short = nfc(info["name"]), nfc(info["short"])
    pcode = codes.make(_province_code(key, short))
    place = name if key == "thanhphohochiminh" else short
    ubnd = f"UBND {name.upper()}"
    of = _lower_first(name)
    city = name.startswith("Thành phố")

    def row(
        suffix: str, unit_name: str, kind: str, symbol: str, signer: str, parent_name: str = ubnd
    ) -> UnitRow:
        return UnitRow(
            code=codes.make(f"{pcode}.{suffix}"),
            name=unit_name,
            kind=kind,
            parent_code=pcode,
            parent_name=parent_name,
            symbol=symbol,
            place=place,
            signer_title=signer,
            data={"agency": unit_name.upper()},
        )

    root = UnitRow(
        code=pcode,
        name=name,
        kind="tinh",
        symbol="UBND",
        place=place,
        signer_title="CHỦ TỊCH",
        data={"agency": f"ỦY BAN NHÂN DÂN {name.upper()}"},
    )
    rows = [
        root,
        row("TTR", f"Thanh tra {of}", "thanh_tra", "TTr", "CHÁNH THANH TRA"),
        row("BTCD", f"Ban Tiếp công dân {of}", "ban_tcd", "BTCD", "TRƯỞNG BAN"),
    ]
    departments = DEPARTMENTS
    if key in BIG_CITIES:
        departments = [d for d in DEPARTMENTS if d[0] != "SVHTTDL"] + BIG_CITY_DEPARTMENTS
    for suffix, dept, symbol, signer in departments:
        rows.append(row(suffix, f"{dept} {of}" if suffix == "VP" else dept, "so_nganh", symbol, signer))
    police = "CATP" if city else "CAT"
    rows.append(row("CA", f"Công an {of}", "so_nganh", police, "GIÁM ĐỐC", parent_name="BỘ CÔNG AN"))
    return rows


def _ward_rows(key: str, pcode: str, ubnd: str, codes: _Codes) -> tuple[list[UnitRow], dict[str, str]]:
    """Every new phường/xã/đặc khu of the province, and the mapping's new_ward_key → its code."""
    found: dict[str, str] = {}
    for r in mapping()["ward_mapping"]:
        if r["new_province_key"] == key and r["new_ward_key"] not in found:
            name = new_ward_name(r)
            if name:
                found[r["new_ward_key"]] = name
    order = {p: i for i, (p, _, _) in enumerate(WARD_PREFIXES)}
    rows: list[UnitRow] = []
    key_to_code: dict[str, str] = {}
    by_name: dict[str, str] = {}

    def position(item: tuple[str, str]) -> tuple[int, str, str]:  # names alike without accents: by spelling
        return order.get(split_prefix(item[1], list(order))[0], 9), sort_key(item[1]), item[1]

    for ward_key, name in sorted(found.items(), key=position):
        if name_key(name) in by_name:  # two keys for one name: one unit
            key_to_code[ward_key] = by_name[name_key(name)]
            continue
        prefix, rest = split_prefix(name, list(order))
        letters, kind = next(((c, k) for p, c, k in WARD_PREFIXES if p == prefix), ("X", "xa"))
        code = codes.make(f"{pcode}.{letters}-{slug(rest)}")
        key_to_code[ward_key] = by_name[name_key(name)] = code
        rows.append(
            UnitRow(
                code=code,
                name=name,
                kind=kind,
                parent_code=pcode,
                remote=kind == "dac_khu",  # island districts: the longer periods of vùng sâu, vùng xa
                parent_name=ubnd,
                symbol="UBND",
                place=name if rest.isdigit() else rest,
                signer_title="CHỦ TỊCH",
                data={"agency": f"ỦY BAN NHÂN DÂN {name.upper()}"},
            )
        )
    return rows, key_to_code


def _district_rows(key: str, pcode: str, key_to_code: dict[str, str], codes: _Codes) -> list[UnitRow]:
    """The old districts whose wards went to this province, abolished 01/7/2025, each succeeded by the new unit
    that took most of its old wards (a divided ward counts for its default new unit only)."""
    data = mapping()
    votes: dict[tuple[str, str], Counter[str]] = {}
    every: dict[tuple[str, str], Counter[str]] = {}
    names: dict[tuple[str, str], str] = {}
    for r in data["ward_mapping"]:
        if r["new_province_key"] != key or r["new_ward_key"] not in key_to_code:
            continue
        d = (r["old_province_key"], r["old_district_key"])
        names.setdefault(d, r["old_district"])
        target = key_to_code[r["new_ward_key"]]
        every.setdefault(d, Counter())[target] += 1
        if r["mapping_type"] != "divided" or r.get("is_default"):
            votes.setdefault(d, Counter())[target] += 1
    rows: list[UnitRow] = []
    ordered = sorted(
        names, key=lambda d: (d[0] != key, d[0], sort_key(_district_name(names[d])[2]), names[d])
    )
    for d in ordered:
        full, prefix, rest = _district_name(names[d])
        old = data["old_province_names"].get(d[0], {})
        old_name = nfc(old.get("name", ""))
        letters = next((c for p, c in DISTRICT_PREFIXES if p == prefix), "H")
        alt = _province_code(d[0], old.get("short", "")) if d[0] != key else ""
        label = full if d[0] == key else f"{full} ({_lower_first(old_name)} cũ)"
        successor = (votes.get(d) or every[d]).most_common(1)[0][0]
        rows.append(
            UnitRow(
                code=codes.make(f"{pcode}.{letters}-{slug(rest)}", alt),
                name=label,
                kind="huyen",
                parent_code=pcode,
                abolished_on=REFORM_DATE,
                successor_code=successor,
                parent_name=f"UBND {old_name.upper()}",
                symbol="UBND",
                place=full if rest.isdigit() else rest,
                signer_title="CHỦ TỊCH",
                data={"agency": f"ỦY BAN NHÂN DÂN {full.upper()}", "old_province": old_name},
            )
        )
    return rows


def build_province(province: str) -> list[UnitRow]:
    """The tree of one 2025 province (see the module docstring); ValueError for an unknown province."""
    key = resolve_province(province)
    info = mapping()["province_names"][key]
    codes = _Codes()
    head = _head_rows(key, info, codes)
    pcode = head[0].code
    wards, key_to_code = _ward_rows(key, pcode, f"UBND {nfc(info['name']).upper()}", codes)
    return head + wards + _district_rows(key, pcode, key_to_code, codes)


# ------------------------------------------------------------------------------------- addresses → 2025 communes


def _expand(part: str) -> str:
    low = part.casefold()
    for short, full in (("p.", "Phường "), ("x.", "Xã "), ("đk.", "Đặc khu ")):
        if low.startswith(short):
            return full + part[len(short) :].strip()
    return part


def ward_names_for_address(address: str, province: str, old_province: str = "") -> list[str]:
    """Names of the 2025 communes of ``province`` an address may point to, most likely first: its old ward
    converted by underthesea (as written, then with ``old_province`` or ``province`` as its province, for
    addresses that abbreviate or omit it), then any part of it that already names a commune, unless the address
    is plainly in another province."""
    from underthesea.address import convert_address

    text = collapse_ws(nfc(address))
    parts = [p.strip() for p in text.split(",") if p.strip()]
    tries = [text]
    for prov in dict.fromkeys(p for p in (old_province, province) if p):
        if len(parts) > 1:
            tries.append(", ".join([*parts[:-1], prov]))
        tries.append(f"{text}, {prov}")
    names: dict[str, str] = {}
    elsewhere = False
    for i, t in enumerate(tries):
        result = convert_address(t)
        new_province = nfc(result.new.province or "")
        if new_province and province and name_key(new_province) != name_key(province):
            elsewhere = elsewhere or i == 0
            continue
        ward = nfc(result.new.ward or "")
        if ward:
            names.setdefault(name_key(ward), ward)
    if not elsewhere:
        for part in parts:
            name = _expand(part)
            if split_prefix(name, [p for p, _, _ in WARD_PREFIXES])[0]:
                names.setdefault(name_key(name), name)
    return list(names.values())
