"""01/XLD-04/XLD (xử lý đơn): the figures of one row (the stays of a unit's subtree) from their facts
(reports/counting.py says what each fact means). Each function returns {column number: Fig}."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .counting import Facts, Reader, on
from .figures import Fig, count, matters, matters_where, sum_of
from .forms import KN, KNPA, TC

Figures = dict[int, Fig]


@dataclass(frozen=True)
class ReplyItem:
    """A phúc đáp received in the period about a petition the row's unit forwarded."""

    ref: str  # case number
    group: str
    cls: str
    event_id: int

    @property
    def sort_key(self) -> tuple[int, str]:
        return self.event_id, self.ref


def replies_fig(replies: Sequence[ReplyItem], cls: str | None = None) -> Fig:
    """Số văn bản phúc đáp: one per reply (a petition may get two), behind it the petitions."""
    chosen = [r for r in replies if cls is None or r.cls == cls]
    return Fig(len(chosen), frozenset(r.ref for r in chosen))


def collect_replies(reader: Reader) -> list[tuple[str, ReplyItem]]:
    """(unit that forwarded, reply) for every phúc đáp dated in the period answering a forwarding of a stay."""
    out = []
    for stay in reader.data.stays:
        forwards = {e.id for e in stay.events if e.kind == "chuyen_don"}
        if not forwards:
            continue
        cid = stay.case.case_id or ""
        for ev in reader.data.events.get(cid, []):
            answered = (ev.data or {}).get("in_reply_to") in forwards
            if ev.kind == "reply" and answered and reader.start <= on(ev) <= reader.end:
                item = ReplyItem(cid, reader.data.group_of.get(cid, cid), reader.stay_class(stay), ev.id)
                out.append((stay.unit, item))
    return out


def _signers(items: Sequence[Facts], first: int, other: bool) -> Figures:
    """Kỳ trước chuyển sang then tiếp nhận trong kỳ, each split by signers (with or without “đơn khác”)."""

    def kind(f: Facts) -> str:
        if other:
            return f.signers
        return "nhieu" if (f.stay.case.signatory_count or 1) > 1 else "mot"

    kinds = ("nhieu", "mot", "khac") if other else ("nhieu", "mot")
    out: Figures = {}
    n = first
    for when in ("carried", "received"):
        for k in kinds:
            out[n] = count(f for f in items if getattr(f, when) and kind(f) == k)
            n += 1
    return out


def _field_is(key: str) -> Callable[[Facts], bool]:
    return lambda f: f.field == key


def _by(items: Sequence[Facts], columns: dict[int, Callable[[Facts], bool]], vv: bool) -> Figures:
    if vv:
        return {n: matters_where(items, test) for n, test in columns.items()}
    return {n: count(f for f in items if test(f)) for n, test in columns.items()}


def _processed(items: Sequence[Facts], n: int) -> Figures:
    """Đơn đã xử lý: total, of which carried over, of which received in the period."""
    done = [f for f in items if f.processed]
    return {
        n: count(done),
        n + 1: count(f for f in done if f.carried),
        n + 2: count(f for f in done if f.received),
    }


def _not_competent(items: Sequence[Facts], n: int, vv: bool, guide: bool = True) -> Figures:
    """Không thuộc thẩm quyền: total, then Hướng dẫn (unless the form has none), Chuyển đơn, Đôn đốc."""
    tests: dict[int, Callable[[Facts], bool]] = {n: lambda f: not f.competent}
    if guide:
        tests[n + 1] = lambda f: not f.competent and f.handling == "huong_dan"
        tests[n + 2] = lambda f: not f.competent and f.handling == "chuyen_don"
        tests[n + 3] = lambda f: not f.competent and f.handling == "don_doc"
    else:  # 04/XLD: a kiến nghị, phản ánh guided or sent back is counted as sent on (chuyển)
        tests[n + 1] = lambda f: not f.competent and f.handling in ("huong_dan", "chuyen_don")
        tests[n + 2] = lambda f: not f.competent and f.handling == "don_doc"
    return _by(items, tests, vv)


def xld01(facts: Sequence[Facts], replies: Sequence[ReplyItem]) -> Figures:
    out = {1: count(facts), **_signers(facts, 2, other=True)}
    out[8] = count(f for f in facts if f.processed)
    ok = [f for f in facts if f.eligible]
    out[9], out[10] = count(ok), matters(ok)
    out |= _by(
        ok, {11: lambda f: f.cls == KN, 12: lambda f: f.cls == TC, 13: lambda f: f.cls == KNPA}, vv=False
    )
    out |= _by(
        ok,
        {
            14: lambda f: f.resolved == 1 or (f.court and f.resolved < 2),
            15: lambda f: f.resolved >= 2,
            16: lambda f: not f.resolved and not f.court and f.pending,
            17: lambda f: not f.resolved and not f.court and not f.pending,
        },
        vv=False,
    )
    mine = [f for f in ok if f.competent]
    out[18] = count(mine)
    out |= _by(
        mine, {19: lambda f: f.cls == KN, 20: lambda f: f.cls == TC, 21: lambda f: f.cls == KNPA}, vv=False
    )
    out |= _not_competent(ok, 22, vv=False)
    out[26] = replies_fig(replies)
    return out


_KN_FIELDS = {
    12: "hc_chinh_sach",
    13: "hc_dat_dai",
    14: "hc_khac",
    15: "tu_phap",
    16: "dang_doan_the",
    17: "khac",
}


def xld02(facts: Sequence[Facts], replies: Sequence[ReplyItem]) -> Figures:
    mine = [f for f in facts if f.cls == KN]
    out = {1: count(mine), **_signers(mine, 2, other=False), **_processed(mine, 6)}
    ok = [f for f in mine if f.eligible]
    out[9], out[10] = count(ok), matters(ok)
    out[11] = matters_where(ok, lambda f: f.field.startswith("hc_"))
    out |= {n: matters_where(ok, _field_is(key)) for n, key in _KN_FIELDS.items()}
    out |= _by(
        ok,
        {
            18: lambda f: not f.court and f.resolved == 1,
            19: lambda f: not f.court and f.resolved >= 2,
            20: lambda f: f.court,
            21: lambda f: not f.court and not f.resolved and f.pending,
            22: lambda f: not f.court and not f.resolved and not f.pending,
        },
        vv=True,
    )
    out |= _by(
        ok,
        {
            23: lambda f: f.competent,
            24: lambda f: f.competent and f.round == 1,
            25: lambda f: f.competent and f.round == 2,
        },
        vv=True,
    )
    out |= _not_competent(ok, 26, vv=True)
    out[30] = replies_fig(replies, KN)
    return out


_TC_FIELDS = {
    14: "hc_chinh_sach",
    15: "hc_dat_dai",
    16: "hc_cong_vu",
    17: "hc_khac",
    18: "tham_nhung",
    19: "tu_phap",
    20: "dang_doan_the",
    21: "khac",
}


def xld03(facts: Sequence[Facts], replies: Sequence[ReplyItem]) -> Figures:
    mine = [f for f in facts if f.cls == TC]
    out = {1: count(mine), **_signers(mine, 2, other=True), **_processed(mine, 8)}
    ok = [f for f in mine if f.eligible]
    out[11], out[12] = count(ok), matters(ok)
    out[13] = matters_where(ok, lambda f: f.field.startswith("hc_"))
    out |= {n: matters_where(ok, _field_is(key)) for n, key in _TC_FIELDS.items()}
    out |= _by(
        ok,
        {
            22: lambda f: not f.follow_up and not f.pending,
            23: lambda f: not f.follow_up and f.pending,
            24: lambda f: f.follow_up == "qua_han",
            25: lambda f: f.follow_up == "ket_luan",
        },
        vv=True,
    )
    out |= _by(
        ok,
        {
            26: lambda f: f.competent,
            27: lambda f: f.competent and not f.follow_up,
            28: lambda f: f.competent and bool(f.follow_up),
        },
        vv=True,
    )
    out |= _not_competent(ok, 29, vv=True)
    out[33] = replies_fig(replies, TC)
    return out


_KNPA_FIELDS = {13: "chinh_sach", 14: "dat_dai", 15: "tu_phap", 16: "khac"}


def xld04(facts: Sequence[Facts], replies: Sequence[ReplyItem]) -> Figures:
    mine = [f for f in facts if f.cls == KNPA]
    out = {1: count(mine), **_signers(mine, 2, other=True), **_processed(mine, 8)}
    ok = [f for f in mine if f.eligible]
    out[11], out[12] = count(ok), matters(ok)
    out |= {n: matters_where(ok, _field_is(key)) for n, key in _KNPA_FIELDS.items()}
    out |= _by(
        ok,
        {
            17: lambda f: bool(f.resolved or f.court),
            18: lambda f: not (f.resolved or f.court) and f.pending,
            19: lambda f: not (f.resolved or f.court) and not f.pending,
        },
        vv=True,
    )
    out[20] = matters_where(ok, lambda f: f.competent)
    out |= _not_competent(ok, 21, vv=True, guide=False)
    out[24] = replies_fig(replies, KNPA)
    return out


XLD_FORMS: dict[str, Callable[[Sequence[Facts], Sequence[ReplyItem]], Figures]] = {
    "01/XLD": xld01,
    "02/XLD": xld02,
    "03/XLD": xld03,
    "04/XLD": xld04,
}

__all__ = ["XLD_FORMS", "Figures", "ReplyItem", "sum_of"]
