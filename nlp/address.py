"""Current administrative unit of an address (the administrative reform of 01/07/2025).

Old addresses (``phường Ngọc Lâm, quận Long Biên, Hà Nội``) are mapped with
``underthesea.address.convert_address`` (offline, shipped mapping). Addresses already in the new two-level form
(``xã Bình Phú, tỉnh Vĩnh Long``: a ward-level unit directly followed by the province) are checked against the
new-unit list from the same mapping file and returned as they are. The result is the current unit only
(``Phường Bồ Đề, Thành phố Hà Nội``), without the street part.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lang.normalize import fold_chars as fold
from ..lang.normalize import nfc

__all__ = ["current_unit", "has_admin_unit"]

_WARD_WORDS = ("phuong", "xa", "thi tran")
_DISTRICT_WORDS = ("quan", "huyen", "thi xa", "thanh pho")
_ADMIN_RE = re.compile(
    r"\b(phuong|xa|thi tran|quan|huyen|thi xa|thanh pho|tp|tinh|ap|thon|xom|to dan pho|khu pho|"
    r"ban|duong|pho|ngo|hem|kiet|so nha)\b"
)


def has_admin_unit(address: str) -> bool:
    return bool(_ADMIN_RE.search(fold(address or "")))


def _key(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(s))


@lru_cache(maxsize=1)
def _new_units() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(province key -> new province name, (province key, ward key) -> new ward name) from underthesea's data."""
    from underthesea.address import converter

    converter._load_data()
    data = converter._mapping_data
    provinces: dict[str, str] = {}
    for key, info in data["province_names"].items():
        provinces[key] = info["name"]
        provinces[_key(info["short"])] = info["name"]
    wards: dict[tuple[str, str], str] = {}
    short_of = {k: _key(v["short"]) for k, v in data["province_names"].items()}
    for r in data["ward_mapping"]:
        pk = r["new_province_key"]
        wk = r["new_ward_key"]
        wards[(pk, wk)] = r["new_ward"]
        wards[(short_of.get(pk, pk), wk)] = r["new_ward"]
        # without the unit word too ("Bình Phú" for "Xã Bình Phú")
        bare = re.sub(r"^(phuong|xa|thitran)", "", wk)
        wards.setdefault((pk, "?" + bare), r["new_ward"])
        wards.setdefault((short_of.get(pk, pk), "?" + bare), r["new_ward"])
    return provinces, wards


def _province_key(part: str) -> str | None:
    provinces, _ = _new_units()
    k = _key(re.sub(r"^(tinh|thanh pho|tp\.?)\s*", "", fold(part.strip())))
    full = _key(part)
    for cand in (full, k, "tinh" + k, "thanhpho" + k):
        if cand in provinces:
            return _key(provinces[cand])
    return None


@lru_cache(maxsize=4096)
def current_unit(address: str | None) -> str | None:
    """``"Phường X, Tỉnh Y"`` for the current (post-2025) unit of ``address``, or None when it cannot be told."""
    if not address:
        return None
    addr = nfc(address)
    parts = [p.strip() for p in re.split(r"[,;]", addr) if p.strip()]
    if len(parts) < 2:
        return None
    provinces, wards = _new_units()
    fparts = [fold(p) for p in parts]
    has_district = any(
        fp.startswith(_DISTRICT_WORDS) and not fp.startswith("thanh pho ho chi minh") for fp in fparts[:-1]
    )
    # already new-form: "..., xã X, tỉnh Y" with no district level
    if not has_district and fparts[-2].startswith(_WARD_WORDS):
        pk = _province_key(parts[-1])
        if pk:
            wk = _key(parts[-2])
            ward = wards.get((pk, wk))
            if ward:
                return f"{ward}, {provinces[pk]}"
    try:
        from underthesea.address import convert_address
    except Exception:  # pragma: no cover - underthesea is a hard dependency, but keep extraction alive
        return None
    try:
        res = convert_address(addr)
    except Exception:
        return None
    status = getattr(res.status, "value", str(res.status))
    if status == "success" and res.new.ward and res.new.province:
        return f"{res.new.ward}, {res.new.province}"
    if status in ("success", "partial") and res.new.province:
        return res.new.province
    return None
