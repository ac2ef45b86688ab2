"""One petition: its text (one string per page, as a perfect OCR would read it) and the truth of its fields."""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from ..contract import CATEGORIES
from ..lang.lexicon import MOTTO
from .matters import CATEGORY_DOMAINS, CATEGORY_WORD, FILLERS, MATTERS, SIGN_HEAD, TITLES
from .people import (
    PROJECTS,
    PROVINCES,
    _address,
    _cap,
    _cccd,
    _cmnd,
    _ddmmyyyy,
    _money,
    _nfc,
    _person,
    _phone,
    _place,
    _recipient,
    _respondent,
)

FORMS = ("labeled", "prose", "group", "anonymous")
MOTTO_1, MOTTO_2 = MOTTO
LINES_PER_PAGE = 47  # text lines (blank lines included) that fit an A4 page at ~11.5 pt

# --------------------------------------------------------------------------------------------------------------
# The petition
# --------------------------------------------------------------------------------------------------------------


@dataclass
class SamplePetition:
    form: str
    category: str
    domain: str
    complainant: dict
    recipient: str
    respondent: str | None
    subject: str
    petition_date: str
    place: str
    signatory_count: int
    anonymous: bool
    signers: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def truth(self) -> dict:
        """All fields as a JSON-able dict (a deep copy)."""
        return json.loads(json.dumps(asdict(self), ensure_ascii=False))

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def _date_line(rng: random.Random, place: str, d: date) -> str:
    if rng.random() < 0.5:
        return f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    return f"{place}, ngày {d.day} tháng {d.month} năm {d.year}"


@dataclass
class _Draft:
    """A petition being written: each step of :func:`make_petition` reads what the earlier ones decided and adds
    its part. The steps draw from the one ``rng`` in a fixed order, so a seed gives the same petition."""

    form: str
    category: str
    n_pages: int
    domain: str = ""
    matter: dict = field(default_factory=dict)
    pl: Any = None  # people._Place
    width: int = 0
    pdate: date = date(2022, 1, 1)
    before: date = date(2022, 1, 1)
    before2: date = date(2022, 1, 1)
    name: str = ""
    female: bool = False
    birth_year: int = 0
    id_number: str = ""
    phone_shown: str = ""
    address: str = ""
    complainant: dict = field(default_factory=dict)
    place: str = ""
    respondent: str | None = None
    recipient: str = ""
    values: dict = field(default_factory=dict)
    subject: str = ""
    facts: list[str] = field(default_factory=list)
    request: str = ""
    fillers: list[str] = field(default_factory=list)
    word: str = ""
    header: list[str] = field(default_factory=list)
    ident: list[str] = field(default_factory=list)
    opening: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    sig: list[str] = field(default_factory=list)
    signers: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    @property
    def group(self) -> bool:
        return self.form == "group"

    @property
    def anonymous(self) -> bool:
        return self.form == "anonymous"


def make_petition(
    rng: random.Random, form: str | None = None, category: str | None = None, n_pages: int | None = None
) -> SamplePetition:
    """Build a random petition. ``rng`` alone decides everything not forced by the arguments."""
    d = _choose_kind(rng, form, category, n_pages)
    _choose_matter(rng, d)
    _choose_dates(rng, d)
    _choose_complainant(rng, d)
    _choose_parties(rng, d)
    _fill_matter(rng, d)
    _write_header(rng, d)
    if d.form == "labeled":
        _write_labeled_identity(rng, d)
    else:
        _write_opening(rng, d)
    _write_closing(rng, d)
    _write_signature(rng, d)
    _paginate(rng, d)
    return _normalize(_finish(d))


def _choose_kind(rng: random.Random, form: str | None, category: str | None, n_pages: int | None) -> _Draft:
    """The form, the category and the number of pages (each drawn unless given)."""
    if form is not None and form not in FORMS:
        raise ValueError(f"unknown form {form!r}")
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if form is None:
        form = (
            rng.choices(FORMS, [5, 4, 2, 1])[0]
            if category in (None, "to_cao")
            else rng.choices(FORMS[:3], [5, 4, 2])[0]
        )
    if category is None:
        category = "to_cao" if form == "anonymous" else rng.choices(CATEGORIES, [5, 3, 3, 2])[0]
    if n_pages is None:
        n_pages = 2 if rng.random() < 0.25 else 1
    return _Draft(form=form, category=category, n_pages=max(1, int(n_pages)))


def _choose_matter(rng: random.Random, d: _Draft) -> None:
    """The domain, the matter (a group petition never takes one only a person can have), the place, the width."""

    def usable(dom: str) -> list[dict]:
        return [m for m in MATTERS[dom].get(d.category, []) if not (d.group and m.get("solo"))]

    d.domain = rng.choice([dom for dom in CATEGORY_DOMAINS[d.category] if usable(dom)])
    d.matter = rng.choice(usable(d.domain))
    d.pl = _place(rng)
    d.width = rng.randint(70, 78)


def _choose_dates(rng: random.Random, d: _Draft) -> None:
    """The petition's date (after 1 July 2025 for a two-level address) and two earlier dates of its events."""
    d.pdate = date(2022, 1, 1) + timedelta(days=rng.randrange(1300))
    if d.pl.two_level and d.pdate < date(2025, 7, 1):
        d.pdate = date(2025, 7, 1) + timedelta(days=rng.randrange(150))
    d.before = d.pdate - timedelta(days=rng.randint(40, 700))
    d.before2 = d.pdate - timedelta(days=rng.randint(5, 35))


def _choose_complainant(rng: random.Random, d: _Draft) -> None:
    """Who writes: name, birth year, ID number, phone, address (the truth is empty for an anonymous petition)."""
    pl, form = d.pl, d.form
    d.name, d.female = _person(rng)
    d.birth_year = rng.randint(1945, 1998)
    id_kind = rng.random()
    d.id_number = (
        _cmnd(rng)
        if id_kind < 0.15
        else _cccd(rng, pl.code if rng.random() < 0.85 else rng.choice(PROVINCES)[0], d.birth_year, d.female)
    )
    phone, d.phone_shown = _phone(rng)
    address = _address(rng, pl)
    if form in ("prose", "group") and not address.startswith(("Tổ", "Khu")):
        address = address[0].lower() + address[1:]  # mid-sentence: "hiện cư trú tại số 12 đường ..."
    d.address = address
    if d.anonymous:
        d.complainant = {"name": None, "address": None, "id_number": None, "phone": None}
    else:
        d.complainant = {"name": d.name, "address": address, "id_number": d.id_number, "phone": phone}
        if form == "prose" and rng.random() < 0.25:
            d.complainant["phone"] = None
        if form == "prose" and rng.random() < 0.15:
            d.complainant["id_number"] = None
        if form == "labeled" and rng.random() < 0.1:
            d.complainant["phone"] = None


def _choose_parties(rng: random.Random, d: _Draft) -> None:
    """The place written in the date line, the respondent and the recipient."""
    pl = d.pl
    place = pl.place
    if rng.random() < 0.3 and not pl.two_level:
        place = (
            pl.district.split(" ", 2)[-1]
            if pl.district.startswith("thành phố")
            else pl.district.split(" ", 1)[1]
        )
    if place == "Thành phố Hồ Chí Minh" and rng.random() < 0.5:
        place = "TP. Hồ Chí Minh"
    d.place = place
    d.respondent = _respondent(rng, d.matter["resp"], pl)
    d.recipient = _recipient(rng, d.domain, d.category, pl, d.matter["resp"], d.respondent)


def _fill_matter(rng: random.Random, d: _Draft) -> None:
    """The matter's placeholders filled with this petition's people, places, dates, numbers and amounts."""
    pl, group, before = d.pl, d.group, d.before
    other, _ = _person(rng, female=False)
    d.values = values = {
        "toi": "chúng tôi" if group else "tôi",
        "gd": "các hộ gia đình chúng tôi" if group else "gia đình tôi",
        "resp": d.respondent or "",
        "unit": pl.unit,
        "ward": pl.ward,
        "district": pl.district,
        "so": str(rng.randint(12, 4899)),
        "ngay": _ddmmyyyy(before, rng),
        "ngay2": _ddmmyyyy(d.before2, rng),
        "thua": str(rng.randint(15, 980)),
        "to": str(rng.randint(1, 45)),
        "dt": f"{rng.randint(80, 900)},{rng.randint(0, 9)}",
        "dt2": str(rng.randint(40, 300)),
        "dt_nho": str(rng.randint(3, 40)),
        "nam_sd": str(min(before.year - 1, d.birth_year + rng.randint(20, 32))),
        "nam": str(before.year),
        "nam2": str(min(d.pdate.year, before.year + 1)),
        "thang": str(before.month),
        "gia": f"{rng.randint(2, 30) * 100_000:,}".replace(",", "."),
        "tien": _money(rng, 80, 4800),
        "tien_nho": _money(rng, 5, 60),
        "project": rng.choice(PROJECTS),
        "other": other,
        "tang": str(rng.randint(3, 6)),
        "so_ho": str(rng.randint(6, 25)),
        "nam_bh": str(rng.randint(15, 32)),
        "tuoi": str(rng.randint(80, 92)),
        "km": str(rng.randint(2, 9)),
        "khoang_cach": str(rng.randint(30, 150)),
    }

    def fill(s: str) -> str:
        vals = dict(values)
        for k in ("toi", "gd", "resp"):
            vals[k.capitalize()] = _cap(vals[k])
        return s.format(**vals)

    d.subject = fill(d.matter["subject"])
    d.facts = [fill(f) for f in d.matter["facts"]]
    d.request = fill(d.matter["request"])
    d.fillers = [fill(f) for f in FILLERS]
    rng.shuffle(d.fillers)
    d.word = CATEGORY_WORD[d.category]


def _write_header(rng: random.Random, d: _Draft) -> None:
    """Motto, date line, title, (group mark, subject line), recipient."""
    titles = TITLES[d.category]
    title = rng.choices([t for t, _ in titles], [w for _, w in titles])[0]
    header = [MOTTO_1, MOTTO_2, "", _date_line(rng, d.place, d.pdate), "", title]
    if d.group and rng.random() < 0.5:
        header.append("(Đơn tập thể)")
    if rng.random() < 0.3:
        header += _wrap(f"(V/v: {_cap(d.subject)})", d.width - 6)
    header.append("")
    header += _wrap(f"Kính gửi: {d.recipient}", d.width)
    header.append("")
    d.header = header


def _write_labeled_identity(rng: random.Random, d: _Draft) -> None:
    """A printed form: one labelled line per value (name, birth year, address, ID, phone, respondent, subject)."""
    width, word, id_number, respondent = d.width, d.word, d.id_number, d.respondent
    ident: list[str] = []
    name_label = rng.choice(["Họ và tên", f"Họ tên người {word}", "Tên tôi là", "Họ và tên người làm đơn"])
    addr_label = rng.choice(["Địa chỉ", "Nơi cư trú", "Địa chỉ thường trú", "Địa chỉ liên hệ"])
    if len(id_number) == 9:
        id_label = "CMND số"
    else:
        id_label = rng.choice(["Số CCCD", "Căn cước công dân số", "Số định danh cá nhân", "Số CCCD/CMND"])
    ident += _wrap(f"{name_label}: {d.name}", width)
    if rng.random() < 0.5:
        ident.append(f"Năm sinh: {d.birth_year}")
    ident += _wrap(f"{addr_label}: {d.address}", width)
    id_line = f"{id_label}: {id_number}"
    if rng.random() < 0.4:
        issued = date(rng.randint(2016, max(2016, d.pdate.year - 1)), rng.randint(1, 12), rng.randint(1, 28))
        id_line += f", cấp ngày {_ddmmyyyy(issued, rng)}"
    ident += _wrap(id_line, width)
    if d.complainant["phone"]:
        ident.append(
            f"{rng.choice(['Số điện thoại', 'Điện thoại', 'Số điện thoại liên hệ'])}: {d.phone_shown}"
        )
    if respondent:
        resp_label = {
            "khieu_nai": rng.choice(
                [
                    "Tên cơ quan, tổ chức, cá nhân bị khiếu nại",
                    "Người bị khiếu nại",
                    "Cơ quan bị khiếu nại",
                ]
            ),
            "to_cao": rng.choice(
                ["Người bị tố cáo", "Tên cơ quan, tổ chức, cá nhân bị tố cáo", "Đối tượng bị tố cáo"]
            ),
        }.get(d.category, rng.choice(["Tổ chức, cá nhân có liên quan", "Đối tượng bị phản ánh"]))
        ident += _wrap(f"{resp_label}: {_cap(respondent)}", width)
    subj_label = rng.choice([f"{_cap(word)} về việc", "Về việc", "Nội dung về việc"])
    ident += _wrap(f"{subj_label}: {d.subject}", width)
    ident.append(f"Nội dung {word}:")
    d.ident = ident
    d.opening = []


def _write_opening(rng: random.Random, d: _Draft) -> None:
    """Prose: who writes (or why they do not say), then what the petition is about."""
    pl, word, name, id_number, phone_shown = d.pl, d.word, d.name, d.id_number, d.phone_shown
    if d.anonymous:
        opening = [
            f"Tôi là người dân đang sinh sống tại {pl.unit}. Vì lý do an toàn cho bản thân và gia "
            f"đình, tôi xin phép không nêu tên."
        ]
    elif d.group:
        title_p = "bà" if d.female else "ông"
        opening = [f"Chúng tôi gồm {rng.randint(6, 40)} hộ dân đang sinh sống tại {pl.unit}."]
        rep_label = rng.choice(["Người đại diện", "Đại diện các hộ dân", "Người đại diện theo ủy quyền"])
        rep = f"{rep_label}: {_cap(title_p)} {name}, sinh năm {d.birth_year}"
        if d.complainant["id_number"]:
            rep += f", số CCCD {id_number}" if len(id_number) == 12 else f", CMND số {id_number}"
        rep += f", điện thoại {phone_shown}, địa chỉ: {d.address}."
        opening.append(rep)
    else:
        parts = [f"Tôi tên là {name}, sinh năm {d.birth_year}, hiện cư trú tại {d.address}"]
        if d.complainant["id_number"]:
            parts.append(
                rng.choice(["số CCCD", "Căn cước công dân số", "số định danh cá nhân"]) + " " + id_number
                if len(id_number) == 12
                else f"CMND số {id_number}"
            )
        if d.complainant["phone"]:
            parts.append(f"điện thoại {phone_shown}")
        opening = [", ".join(parts) + "."]
    toi = "Chúng tôi" if d.group else "Tôi"
    if d.respondent and d.category in ("khieu_nai", "to_cao"):
        target = f"đối với {d.respondent}" if d.category == "khieu_nai" else d.respondent
        opening.append(f"{toi} làm đơn này {word} {target} về việc {d.subject}.")
    else:
        opening.append(f"{toi} làm đơn này {rng.choice(['kính', 'xin'])} {word} về việc {d.subject}.")
    opening.append(
        rng.choice(["Nội dung sự việc như sau:", "Sự việc cụ thể như sau:", f"Nội dung {word} như sau:"])
    )
    d.ident = []
    d.opening = opening


def _write_closing(rng: random.Random, d: _Draft) -> None:
    """The request, the closing formula and (often) the list of attached documents."""
    toi, word, request = d.values["toi"], d.word, d.request
    closing = [
        rng.choice(
            [
                f"Vì vậy, {toi} kính đề nghị {{r}} {request}.",
                f"Đề nghị {{r}} {request}.",
                f"{_cap(toi)} kính đề nghị {{r}} {request}.",
            ]
        ).format(r=rng.choice(["Quý cơ quan", "lãnh đạo", "Quý cấp", "cơ quan có thẩm quyền"]))
    ]
    closing.append(
        rng.choice(
            [
                f"{_cap(toi)} xin cam đoan những nội dung trình bày trên là đúng sự thật và hoàn toàn chịu "
                "trách nhiệm trước pháp luật.",
                f"{_cap(toi)} xin chịu trách nhiệm trước pháp luật về nội dung {word} của mình.",
                f"Rất mong nhận được sự quan tâm giải quyết của Quý cơ quan. {_cap(toi)} xin chân thành cảm ơn!",
            ]
        )
    )
    d.closing = closing
    if not d.anonymous and rng.random() < 0.6:
        docs = [
            "Bản sao Căn cước công dân",
            "Bản photo các giấy tờ liên quan",
            "Ảnh chụp hiện trạng",
            f"Bản sao văn bản số {d.values['so']}",
            "Biên bản làm việc ngày " + d.values["ngay2"],
        ]
        d.attachments = ["Tài liệu kèm theo:"] + [f"- {x}." for x in rng.sample(docs, rng.randint(1, 3))]


def _write_signature(rng: random.Random, d: _Draft) -> None:
    """The signature block, and for a group petition the list of signers."""
    category, name = d.category, d.name
    if d.group:
        sig = [
            rng.choice(["NGƯỜI ĐẠI DIỆN", "ĐẠI DIỆN CÁC HỘ DÂN", f"ĐẠI DIỆN NHỮNG NGƯỜI {d.word.upper()}"])
        ]
    elif d.anonymous:
        sig = [SIGN_HEAD[category]]
    else:
        sig = [rng.choice([SIGN_HEAD[category], "NGƯỜI LÀM ĐƠN", SIGN_HEAD[category]])]
    if d.anonymous:
        sig += [""]
    else:
        sig += [rng.choice(["(Ký và ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"]), "", "", name]
    d.sig = sig
    if d.group:
        signers = [name]
        used = {name}
        while len(signers) < rng.randint(5, 10) or len(signers) < 5:
            s, _ = _person(rng)
            if s not in used:
                used.add(s)
                signers.append(s)
        d.signers = signers
        d.tail = ["", "DANH SÁCH NGƯỜI KÝ ĐƠN"] + [f"{i}. {s}" for i, s in enumerate(signers, 1)]
    elif not d.anonymous:
        d.signers = [name]


def _paginate(rng: random.Random, d: _Draft) -> None:
    """Fit the body into ``n_pages``: trim (one page) or pad with fillers (more pages), then cut the pages."""
    width, n_pages, signers, tail, attachments = d.width, d.n_pages, d.signers, d.tail, d.attachments

    def n_lines(blocks: list[list[str]]) -> int:
        return sum(len(b) for b in blocks)

    open_w = [_wrap(p, width) for p in d.opening]
    fact_w = [_wrap(p, width) for p in d.facts]
    close_w = [_wrap(p, width) for p in d.closing]

    def body_len() -> int:
        return len(d.header) + len(d.ident) + n_lines(open_w) + n_lines(fact_w) + n_lines(close_w)

    def after_len() -> int:
        return len(attachments) + 1 + len(d.sig) + len(tail)

    if n_pages == 1:
        # trim facts, attachments and (for groups) signers until one page holds it all
        while body_len() + after_len() > LINES_PER_PAGE and len(fact_w) > 1:
            fact_w.pop()
        while body_len() + after_len() > LINES_PER_PAGE and len(attachments) > 2:
            attachments.pop()
        while body_len() + after_len() > LINES_PER_PAGE and len(signers) > 5:
            signers.pop()
            tail.pop()
        if rng.random() < 0.5 and body_len() + after_len() + 2 < LINES_PER_PAGE - 4:
            fact_w.insert(max(1, len(fact_w) - 1), _wrap(d.fillers.pop(), width))
    else:
        # every continued page is (nearly) full; the last page gets >= 4 body lines, then the signature
        need = (n_pages - 1) * (LINES_PER_PAGE - 4) + 4
        fi = 0
        while body_len() < need:
            fact_w.insert(max(1, len(fact_w) - 1), _wrap(d.fillers[fi % len(d.fillers)], width))
            fi += 1
        while len(signers) > 5 and LINES_PER_PAGE - after_len() < 8:
            signers.pop()
            tail.pop()

    body = d.header + d.ident + [ln for b in open_w + fact_w + close_w for ln in b]
    d.pages = _cut_pages(rng, body, attachments + [""] + d.sig + tail, n_pages)


def _cut_pages(rng: random.Random, body: list[str], after: list[str], n_pages: int) -> list[str]:
    """Body lines over ``n_pages`` pages (continued pages nearly full), ``after`` (signature) on the last."""
    pages: list[str] = []
    rest = body
    for p in range(n_pages - 1):
        later = n_pages - 1 - p  # pages still to come after this one
        room_last = LINES_PER_PAGE - len(after)
        take = min(LINES_PER_PAGE - 2, len(rest) - 4 * later) - rng.randint(0, 3)
        take = max(take, len(rest) - (later - 1) * (LINES_PER_PAGE - 2) - room_last, 8)
        chunk, rest = rest[:take], rest[take:]
        while chunk and chunk[-1] == "":
            chunk.pop()
        while rest and rest[0] == "":
            rest = rest[1:]
        pages.append("\n".join(chunk))
    pages.append("\n".join(rest + after))
    return pages


def _finish(d: _Draft) -> SamplePetition:
    return SamplePetition(
        form=d.form,
        category=d.category,
        domain=d.domain,
        complainant=d.complainant,
        recipient=d.recipient,
        respondent=d.respondent,
        subject=d.subject,
        petition_date=d.pdate.isoformat(),
        place=d.place,
        signatory_count=len(d.signers),
        anonymous=d.anonymous,
        signers=d.signers,
        pages=d.pages,
    )


def _normalize(pet: SamplePetition) -> SamplePetition:
    for k, v in list(pet.complainant.items()):
        pet.complainant[k] = _nfc(v) if isinstance(v, str) else v
    pet.recipient = _nfc(pet.recipient)
    pet.respondent = _nfc(pet.respondent) if pet.respondent else None
    pet.subject = _nfc(pet.subject)
    pet.place = _nfc(pet.place)
    pet.signers = [_nfc(s) for s in pet.signers]
    pet.pages = [_nfc(p) for p in pet.pages]
    return pet
