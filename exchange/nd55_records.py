"""The records of the national database profile (Nghị định 55/2022/NĐ-CP), built from a case and its handling
timeline (``handling_events``) and letters.

Per case (đơn), in this order:

- ``capNhatVuViec``: VuViec (Id = the duplicate group's root case, so every đơn of a vụ việc updates the same
  one), NguonDonDen, NguoiKNTC, NguoiBiKNTC, NguoiUyQuyen, CoQuanDaGiaiQuyet, PhanLoaiDon, NoiDungDon, DonViNhap;
- ``capNhatKQXuLy``: one per hướng xử lý (thụ lý, hướng dẫn, chuyển đơn, trả lại, lưu đơn, không xử lý, rút đơn);
- ``capNhatQuyetDinhThuLy``: one per thụ lý, with the resolution deadline (HanGiaiQuyet) after extensions;
- ``capNhatKQGiaiQuyet``: one per result, with money and land to recover and people to discipline;
- ``capNhatThiHanh``: one per closing of a case that has a result (what the decision requires; the execution
  itself is not tracked by the timeline, so its "đã thi hành" figures are null).

Every record's ``record_id`` is a UUID v5 of (case, operation, event): the same case and event give the same id in
every run. ``updated_at`` is the last change of what the record was built from. Codes come from the mapping table
(``nd55_codes``); a code missing there is a problem listed with the case, never a null. Free-text notes of the
officers are never sent; the legal basis and the reason labels are.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import Settings
from ..contract import DIRECTIONS
from ..handling.clocks import Clock
from ..handling.eligibility import reason_label
from ..handling.events import local_date
from ..handling.letters import LETTER_KINDS
from ..lang.normalize import fold_words
from ..storage.models import Case, HandlingEvent, Letter, Unit
from .nd55_codes import CodeMap

PROFILE = "nd55"
VERSION = 1
NAMESPACE = uuid.UUID("6f1c2b8e-5d55-4b55-9d55-0d0a55ee0055")  # fixed: record ids never change
OPERATIONS = (
    "capNhatVuViec",
    "capNhatKQXuLy",
    "capNhatQuyetDinhThuLy",
    "capNhatKQGiaiQuyet",
    "capNhatThiHanh",
)
RESOLVE_CLOCKS = ("kn_giai_quyet_1", "kn_giai_quyet_2", "tc_giai_quyet", "kn_pa_tra_loi")
WARD_KINDS = ("phuong", "xa", "dac_khu")
_ORG_RE = re.compile(
    r"^(?:uy ban|ubnd|hdnd|cong ty|tong cong ty|tap doan|so|phong|ban|hoi dong|truong|benh vien|cong an|toa an"
    r"|vien kiem sat|chi cuc|cuc|ngan hang|hop tac xa|doanh nghiep|co quan|to chuc|don vi|thanh tra|trung tam"
    r"|chi nhanh|van phong|bo|dang uy|cong doan|hoi)\b"
)
# who a petition forwarded outside the installation goes to (NĐ 55 art. 6(2)(d)), from the body's name
_RECEIVER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("quoc_hoi_hdnd", re.compile(r"\b(quoc hoi|hoi dong nhan dan|hdnd|dai bieu|dbqh|ban dan nguyen)\b")),
    ("tu_phap", re.compile(r"\b(toa an|tand|vien kiem sat|vksnd|thi hanh an|co quan dieu tra)\b")),
    ("kiem_toan", re.compile(r"\bkiem toan\b")),
    (
        "to_chuc_ctxh",
        re.compile(
            r"\b(mat tran|cong doan|hoi nong dan|hoi (?:lien hiep )?phu nu|doan thanh nien|cuu chien binh"
            r"|giao hoi|ton giao|dang uy|uy ban kiem tra|tinh uy|thanh uy|huyen uy)\b"
        ),
    ),
    (
        "su_nghiep_dn",
        re.compile(
            r"\b(benh vien|truong|dai hoc|cong ty|tong cong ty|tap doan|ngan hang|trung tam|doanh nghiep)\b"
        ),
    ),
    (
        "hanh_chinh",
        re.compile(
            r"\b(uy ban nhan dan|ubnd|so|bo|thanh tra|cong an|chi cuc|cuc|phong|chinh phu|van phong|ban tiep cong dan)\b"
        ),
    ),
)


def record_id(case_id: str, operation: str, event_id: int | None = None) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{PROFILE}|{case_id}|{operation}|{event_id or ''}"))


def utc_text(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def aware(value: dt.datetime) -> dt.datetime:
    """A stored time as UTC-aware (SQLite gives naive UTC back; rows made in this session are aware)."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _latest(*values: dt.datetime | None) -> dt.datetime:
    return max(aware(v) for v in values if v is not None)


def receiver_kind(body: str | None) -> str:
    """The NĐ 55 receiver type of a body outside the installation, from its name (``khac`` when unknown)."""
    folded = fold_words(body)
    for kind, pattern in _RECEIVER_RULES:
        if pattern.search(folded):
            return kind
    return "khac"


def is_organisation(name: str | None) -> bool:
    return bool(_ORG_RE.search(fold_words(name)))


def id_number_text(value: str | None) -> str | None:
    """The ID number as the national database takes it: spaces, dots and dashes removed (nothing else changed,
    so a passport number stays what it is and the schema reports it)."""
    if not value:
        return None
    return re.sub(r"[\s.\-]", "", value) or None


@lru_cache(maxsize=1)
def _province_codes() -> dict[str, str]:
    """Folded province name (full and short) → its administrative code (the 34 provinces after 01/7/2025), from
    the vietnamadminunits data bundled in underthesea (read as a file: importing underthesea takes seconds)."""
    import importlib.util

    spec = importlib.util.find_spec("underthesea")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    if not folders:
        return {}
    try:
        with (Path(folders[0]) / "address" / "data" / "mapping.json").open(encoding="utf-8") as f:
            provinces = json.load(f)["province_names"]
    except (OSError, ValueError, KeyError):
        return {}
    out: dict[str, str] = {}
    for info in provinces.values():
        for name in (info["name"], info["short"]):
            out[fold_words(name)] = str(info["code"])
    return out


def area_codes(address_current: str | None, wards: dict[str, str]) -> tuple[str | None, str | None]:
    """(MaTinh, MaXa) of an address's current unit ("Phường X, Thành phố Y"): the province's administrative code,
    and the ward's ``ma_xa`` from the units tree where it is there; None when not known. Never a district."""
    if not address_current:
        return None, None
    parts = [p.strip() for p in address_current.split(",") if p.strip()]
    if not parts:
        return None, None
    province = _province_codes().get(fold_words(parts[-1]))
    ward = wards.get(fold_words(parts[0])) if len(parts) >= 2 and province else None
    return province, ward


@dataclass
class CaseSource:
    """What one case's records are built from."""

    case: Case
    events: list[HandlingEvent]
    letters: list[Letter]
    root: str  # the duplicate group's root case id (VuViec.Id)
    clocks: list[Clock] = field(default_factory=list)


@dataclass
class Built:
    records: list[dict[str, Any]]
    problems: list[str]  # missing codes: the case is not synced


class _Coder:
    """Looks codes up, remembering what is missing (the case's problems) and whether a placeholder was used."""

    def __init__(self, codes: CodeMap) -> None:
        self.codes = codes
        self.missing: list[str] = []
        self.placeholder = False

    def __call__(self, group: str, our: str | None, *, also: Sequence[str] = ()) -> str | None:
        if our is None or our == "":
            self._miss(group, "(trống)")
            return None
        for key in (*also, our):
            row = self.codes.lookup(group, key)
            if row is not None:
                self.placeholder = self.placeholder or row.placeholder
                return row.nd55_code
        self._miss(group, our)
        return None

    def _miss(self, group: str, our: str) -> None:
        problem = f"Bảng mã NĐ 55 thiếu mã nhóm {group} cho “{our}”"
        if problem not in self.missing:
            self.missing.append(problem)


class RecordBuilder:
    """Builds the records of one case at a time (``build``); the units tree and the mapping are read once."""

    def __init__(self, settings: Settings, codes: CodeMap, units: Iterable[Unit]) -> None:
        self.settings = settings
        self.codes = codes
        self.units = {u.code: u for u in units}
        self.wards: dict[str, str] = {}
        for u in self.units.values():
            code = str((u.data or {}).get("ma_xa") or "").strip()
            if u.kind in WARD_KINDS and code:
                self.wards[fold_words(u.name)] = code

    # ------------------------------------------------------------------------------------------ the case
    def build(self, src: CaseSource, identity: bool) -> Built:
        """The case's records, in timeline order. ``identity`` False: the complainant's personal data is left out
        and the capNhatVuViec record is flagged ``identity_withheld``."""
        coder = _Coder(self.codes)
        records = [self._vu_viec(src, identity, coder)]
        classify: dict[str, Any] = {}
        result: HandlingEvent | None = None
        for ev in src.events:
            if ev.kind == "classify":
                classify = dict(ev.data or {})
            elif ev.kind in DIRECTIONS:
                records.append(self._xu_ly(src, ev, classify, coder))
                if ev.kind == "thu_ly":
                    records.append(self._thu_ly(src, ev, classify, coder))
            elif ev.kind == "result":
                result = ev
                records.append(self._ket_qua(src, ev, coder))
            elif ev.kind == "close" and result is not None:
                records.append(self._thi_hanh(src, ev, result, coder))
        return Built(records, coder.missing)

    def _envelope(
        self,
        src: CaseSource,
        operation: str,
        event: HandlingEvent | None,
        updated: dt.datetime,
        data: dict[str, Any],
        coder: _Coder,
        flags: Sequence[str] = (),
    ) -> dict[str, Any]:
        case_id = str(src.case.case_id)
        marks = list(flags) + (["placeholder_codes"] if coder.placeholder else [])
        coder.placeholder = False
        return {
            "profile": PROFILE,
            "version": VERSION,
            "operation": operation,
            "record_id": record_id(case_id, operation, event.id if event is not None else None),
            "vu_viec_id": src.root,
            "case_id": case_id,
            "event_id": event.id if event is not None else None,
            "updated_at": utc_text(updated),
            "flags": marks,
            "data": data,
        }

    def _documents(self, src: CaseSource, ev: HandlingEvent) -> list[dict[str, Any]]:
        return [
            {
                "SoKyHieu": f"{let.number}/{let.series}",
                "NgayBanHanh": local_date(let.issued_at).isoformat(),
                "TenVanBan": LETTER_KINDS[let.kind].label if let.kind in LETTER_KINDS else let.kind,
            }
            for let in src.letters
            if let.event_id == ev.id
        ]

    def _issued(self, src: CaseSource, ev: HandlingEvent) -> list[dt.datetime]:
        return [let.issued_at for let in src.letters if let.event_id == ev.id]

    # ------------------------------------------------------------------------------------------ capNhatVuViec
    def _vu_viec(self, src: CaseSource, identity: bool, coder: _Coder) -> dict[str, Any]:
        case = src.case
        first = next((e for e in src.events if e.kind == "received"), None)
        classify = next((e for e in reversed(src.events) if e.kind == "classify"), None)
        info = dict(classify.data or {}) if classify is not None else {}
        entry_unit = (first.unit_code if first is not None else None) or case.unit_code
        forwarded = bool(info.get("forwarded_by_authority"))
        data = {
            "VuViec": {
                "Id": src.root,
                "MaDon": case.case_id,
                "NgayNhapDon": local_date(case.received_at).isoformat(),
                "NgayVietDon": case.petition_date.isoformat() if case.petition_date else None,
                "GanVuViec": src.root != case.case_id,
                "LanhDaoTiep": None,  # reception details belong to the sổ tiếp công dân, not to the đơn
                "TiepDinhKy": None,
                "UyQuyen": None,
            },
            "NguonDonDen": {
                "MaNguonDonDen": coder(
                    "nguon_don", "co_quan_chuyen_den" if forwarded else "truc_tiep_buu_chinh"
                ),
                "MaCoQuanChuyenDon": None,
                "SoVanBanDen": None,
                "NgayVanBan": None,
            },
            "NguoiKNTC": self._complainants(case, identity, coder),
            "NguoiBiKNTC": self._respondent(case, coder),
            "NguoiUyQuyen": None,
            "CoQuanDaGiaiQuyet": (
                {
                    "MaCoQuan": None,
                    "LanGiaiQuyet": 1,
                    "MaLoaiQuyetDinh": None,
                    "NgayBanHanh": None,
                    "KetQuaGiaiQuyet": None,
                }
                if int(info.get("round") or 1) == 2
                else None
            ),
            "PhanLoaiDon": self._classes(case, info, coder),
            "NoiDungDon": case.subject,
            "DonViNhap": coder("co_quan", entry_unit),
        }
        changed = [e.at for e in src.events if e.kind in ("received", "classify")]
        flags = [] if identity else ["identity_withheld"]
        return self._envelope(
            src, "capNhatVuViec", None, _latest(case.updated_at, *changed), data, coder, flags
        )

    def _complainants(self, case: Case, identity: bool, coder: _Coder) -> dict[str, Any]:
        extra = case.extra or {}
        if case.anonymous:
            kind = "nac_danh"
        elif is_organisation(case.complainant_name):
            kind = "co_quan_to_chuc"
        else:
            kind = "nhieu_nguoi" if (case.signatory_count or 1) > 1 else "ca_nhan"
        persons: list[dict[str, Any]] = []
        if identity and not case.anonymous and case.complainant_name:
            address_current = extra.get("address_current")
            ma_tinh, ma_xa = area_codes(
                address_current if isinstance(address_current, str) else None, self.wards
            )
            persons.append(
                self._person(
                    case.complainant_name,
                    id_number_text(case.complainant_id_number),
                    ma_tinh,
                    ma_xa,
                    case.complainant_address,
                )
            )
            seen = {fold_words(case.complainant_name)}
            for name in extra.get("signers") or []:
                if isinstance(name, str) and name.strip() and fold_words(name) not in seen:
                    seen.add(fold_words(name))
                    persons.append(self._person(name.strip(), None, None, None, None))
        return {
            "LoaiNguoiKNTC": coder("loai_nguoi", kind),
            "SoNguoiKNTC": 0 if case.anonymous else int(case.signatory_count or 1),
            "SoNguoiDaiDien": None,
            "DanhSachNguoi": persons,
        }

    @staticmethod
    def _person(
        name: str, id_number: str | None, ma_tinh: str | None, ma_xa: str | None, address: str | None
    ) -> dict[str, Any]:
        return {
            "HoTen": name[:300],
            "GioiTinh": None,
            "SoDinhDanhCaNhan": id_number,
            "NgayCap": None,
            "NoiCap": None,
            "MaTinh": ma_tinh,
            "MaXa": ma_xa,
            "DiaChiChiTiet": address,
            "MaDanToc": None,
            "MaQuocTich": None,
            "LaNguoiDaiDien": False,
        }

    def _respondent(self, case: Case, coder: _Coder) -> dict[str, Any] | None:
        if not (case.respondent or "").strip():
            return None
        kind = "co_quan_to_chuc" if is_organisation(case.respondent) else "ca_nhan"
        return {
            "LoaiNguoiBiKNTC": coder("loai_nguoi", kind),
            "HoTen": str(case.respondent).strip()[:300],
            "DiaChiChiTiet": None,
        }

    def _classes(self, case: Case, info: dict[str, Any], coder: _Coder) -> list[dict[str, Any]]:
        from ..handling.eligibility import content_class_of

        contents = (case.extra or {}).get("contents")
        cls = str(info.get("content_class") or content_class_of(case.category or "to_cao", contents))
        domain = case.domain or "khac"
        entries = [cls]
        if cls == "nhieu_noi_dung":  # one more entry per content the petition names
            for c in contents or []:
                sub = content_class_of(str(c))
                if sub != "nhieu_noi_dung" and sub not in entries:
                    entries.append(sub)
        return [
            {
                "MaLoaiDon": coder("loai_don", c),
                "MaLoaiDon1": coder("linh_vuc", domain, also=(f"{c}:{domain}",)),
                "MaLoaiDon2": None,
                "MaLoaiDon3": None,
            }
            for c in entries
        ]

    # ------------------------------------------------------------------------------------------ the timeline
    def _next_holder(self, src: CaseSource, ev: HandlingEvent) -> str | None:
        """The unit of this installation a forwarding or a return moved the case to."""
        if ev.to_unit:
            return ev.to_unit
        moved = next(
            (e for e in src.events if e.kind == "received" and (e.data or {}).get("via") == ev.id), None
        )
        return moved.unit_code if moved is not None else None

    def _xu_ly(
        self, src: CaseSource, ev: HandlingEvent, classify: dict[str, Any], coder: _Coder
    ) -> dict[str, Any]:
        data = ev.data or {}
        inside = self._next_holder(src, ev) if ev.kind in ("chuyen_don", "tra_lai") else None
        receiver = None
        if ev.kind == "chuyen_don":
            receiver = coder("loai_co_quan_nhan", "hanh_chinh" if inside else receiver_kind(ev.to_body))
        reasons = [reason_label(str(r)) for r in classify.get("reasons") or []]
        if data.get("reason"):
            from ..handling.decisions import KHONG_XU_LY_REASONS

            reasons.append(KHONG_XU_LY_REASONS.get(str(data["reason"]), reason_label(str(data["reason"]))))
        body = {
            "XuLy": {
                "CanBoXuLy": ev.actor,
                "CanBoDuyetKQXL": None,
                "DonDuDKXuLy": classify.get("eligible"),
                "DonThuocThamQuyen": classify.get("competent"),
                "DonNacDanh": bool(src.case.anonymous),
                "NgayXuLy": local_date(ev.at).isoformat(),
                "LyDo": reasons,
                "CanCu": ev.basis or None,
                "HuongXuLy": {
                    "MaHuongXuLy": coder("huong_xu_ly", ev.kind),
                    "MaCoQuanXuLy": coder("co_quan", ev.unit_code),
                    "MaCoQuanXuLyTiep": coder("co_quan", inside) if inside else None,
                    "LoaiCoQuanNhan": receiver,
                    "TenCoQuanXuLyTiep": ev.to_body if not inside else None,
                },
                "VanBan": self._documents(src, ev),
            }
        }
        return self._envelope(src, "capNhatKQXuLy", ev, _latest(ev.at, *self._issued(src, ev)), body, coder)

    def _resolve_clock(self, src: CaseSource, on: dt.date) -> Clock | None:
        started = [c for c in src.clocks if c.key in RESOLVE_CLOCKS and c.start >= on]
        return min(started, key=lambda c: c.start, default=None)

    def _thu_ly(
        self, src: CaseSource, ev: HandlingEvent, classify: dict[str, Any], coder: _Coder
    ) -> dict[str, Any]:
        on = local_date(ev.at)
        clock = self._resolve_clock(src, on)
        extensions = [e.at for e in src.events if e.kind == "extend" and aware(e.at) >= aware(ev.at)]
        body = {
            "ThuLy": {
                "MaCoQuanThuLy": coder("co_quan", ev.unit_code),
                "NgayThuLy": on.isoformat(),
                "LanGiaiQuyet": int((ev.data or {}).get("round") or classify.get("round") or 1),
                "HanGiaiQuyet": clock.due.isoformat() if clock is not None else None,
                "SoNgayGiaHan": clock.extended_days if clock is not None else 0,
                "VanBan": self._documents(src, ev),
            }
        }
        updated = _latest(ev.at, *self._issued(src, ev), *extensions)
        return self._envelope(src, "capNhatQuyetDinhThuLy", ev, updated, body, coder)

    def _ket_qua(self, src: CaseSource, ev: HandlingEvent, coder: _Coder) -> dict[str, Any]:
        data = ev.data or {}
        on = local_date(ev.at)
        accepted = next(
            (e for e in reversed(src.events) if e.kind == "thu_ly" and aware(e.at) <= aware(ev.at)), None
        )
        clock = self._resolve_clock(src, local_date(accepted.at)) if accepted is not None else None
        notice = next((e for e in src.events if e.kind == "notice" and aware(e.at) >= aware(ev.at)), None)
        body = {
            "KetQuaGiaiQuyet": {
                "MaKetQua": coder("ket_qua", str(data.get("result") or "")),
                "MaCoQuanGiaiQuyet": coder("co_quan", ev.unit_code),
                "NgayCoKetQua": on.isoformat(),
                "HanGiaiQuyet": clock.due.isoformat() if clock is not None else None,
                "DungHan": (on <= clock.due) if clock is not None else None,
                "SoTienThuHoi": data.get("amount_recovered"),
                "DienTichDatThuHoi": data.get("land_recovered_m2"),
                "SoNguoiBiXuLy": data.get("people_disciplined"),
                "NgayThongBao": local_date(notice.at).isoformat() if notice is not None else None,
                "VanBan": self._documents(src, ev)
                + (self._documents(src, notice) if notice is not None else []),
            }
        }
        issued = self._issued(src, ev) + (self._issued(src, notice) if notice is not None else [])
        updated = _latest(ev.at, notice.at if notice is not None else None, *issued)
        return self._envelope(src, "capNhatKQGiaiQuyet", ev, updated, body, coder)

    def _thi_hanh(
        self, src: CaseSource, ev: HandlingEvent, result: HandlingEvent, coder: _Coder
    ) -> dict[str, Any]:
        data = result.data or {}
        body = {
            "ThiHanh": {
                "MaCoQuanThiHanh": coder("co_quan", ev.unit_code),
                "NgayKetThucHoSo": local_date(ev.at).isoformat(),
                "MaKetQua": coder("ket_qua", str(data.get("result") or "")),
                "SoTienPhaiThuHoi": data.get("amount_recovered"),
                "DienTichDatPhaiThuHoi": data.get("land_recovered_m2"),
                "SoNguoiPhaiXuLy": data.get("people_disciplined"),
                "SoTienDaThuHoi": None,
                "DienTichDatDaThuHoi": None,
                "SoNguoiDaXuLy": None,
                "DaThiHanhXong": None,
            }
        }
        return self._envelope(src, "capNhatThiHanh", ev, _latest(ev.at, result.at), body, coder)
