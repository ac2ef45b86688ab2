"""What a grievance says, per category (by content) and domain, in two disjoint wording pools.

``grievance(rng, pool, place, ...)`` returns a :class:`Grievance`: the true category and domain, the word the
writer (or the newspaper) uses for it, which may disagree with the content (``type_word``), the matter as a
short phrase (to follow "về việc"), the respondent as written (or None), narrative sentences and the request,
in the voice the writer needs.

Voices: ``"first"`` (tôi / gia đình tôi), ``"group"`` (chúng tôi / các hộ dân), ``"third"`` (ông X / gia đình
ông: a newspaper account; ``who`` is the short form used after the first mention, e.g. "ông Hùng").

The category is decided by what the text says (TT 05/2021/TT-TTCP art. 6(1)): a khiếu nại contests a decision
or act that affects the writer's own rights, a tố cáo reports someone's violation of law, a kiến nghị asks for
something to be done, a phản ánh informs about a situation. The domain follows the matter, not the words (party
titles without party discipline are not ``dang_doan_the``; police misconduct is ``khac``; money taken for land
papers is ``tham_nhung``). The wordings live in :mod:`.content_tables_train` and
:mod:`.content_tables_heldout` (one pool each, no sentence shared); this module only draws and fills them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..people import COMPANIES, PROJECTS, _ddmmyyyy, _person, _Place
from . import content_tables_heldout, content_tables_train

VOICES = ("first", "group", "third")
CATEGORY_WORD = {
    "khieu_nai": "khiếu nại",
    "to_cao": "tố cáo",
    "kien_nghi": "kiến nghị",
    "phan_anh": "phản ánh",
}
# the words that name the category rightly ("đề nghị" is the everyday word for a kiến nghị)
RIGHT_WORDS = {
    "khieu_nai": ("khiếu nại",),
    "to_cao": ("tố cáo",),
    "kien_nghi": ("kiến nghị", "đề nghị"),
    "phan_anh": ("phản ánh",),
}
# a wrong category word writers use for each content (catalogue §2), when the template names none of its own
WRONG_WORDS = {
    "khieu_nai": ("phản ánh", "phản ánh", "tố cáo", "kiến nghị"),
    "to_cao": ("khiếu nại", "khiếu nại", "phản ánh", "kiến nghị"),
    "kien_nghi": ("phản ánh", "khiếu nại"),
    "phan_anh": ("kiến nghị", "khiếu nại", "tố cáo"),
}
# words that name no category at all; "kêu oan" fits contested judgments and accusations
NEUTRAL_WORDS = ("kêu cứu", "trình bày", "xin", "thư ngỏ", "cầu cứu")
P_RIGHT, P_WRONG = 0.65, 0.25  # the rest: a neutral word

TABLES = {"train": content_tables_train, "heldout": content_tables_heldout}
# the (category, domain) pairs that occur in real petitions and have templates in both pools
CELLS: tuple[tuple[str, str], ...] = tuple(
    sorted({(t["cat"], t["dom"]) for t in content_tables_train.TEMPLATES})
)


@dataclass
class Grievance:
    category: str
    domain: str
    contents: list[str]
    type_word: str  # "khiếu nại", "tố cáo", "kiến nghị", "phản ánh", "kêu cứu", "đề nghị", "trình bày" ...
    matter: str  # short noun phrase: "Ủy ban nhân dân xã X thu hồi đất nhưng không bồi thường"
    respondent: str | None  # as written in the narrative, None when unnamed
    narrative: list[str]  # sentences, in the voice asked for
    request: str  # one sentence: what the writer asks
    extra: dict = field(default_factory=dict)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _voice_words(voice: str, who: str) -> dict[str, str]:
    if voice == "first":
        return {"toi": "tôi", "Toi": "Tôi", "gd": "gia đình tôi", "Gd": "Gia đình tôi"}
    if voice == "group":
        return {
            "toi": "chúng tôi",
            "Toi": "Chúng tôi",
            "gd": "các hộ dân chúng tôi",
            "Gd": "Các hộ dân chúng tôi",
        }
    return {"toi": who, "Toi": _cap(who), "gd": f"gia đình {who}", "Gd": f"Gia đình {who}"}


# --------------------------------------------------------------------------------------------------------------
# Respondents: the kinds a template names, written the way petitions write them
# --------------------------------------------------------------------------------------------------------------

RESPONDENT_KINDS = (
    "none",
    "ubnd",  # Ủy ban nhân dân (UBND) of the district or commune
    "chair",  # Chủ tịch UBND, by title only
    "cadre",  # a named commune official (chairman, vice-chairman, village head, justice officer)
    "land_officer",  # a named land officer
    "police",  # a named police officer, or the commune police as a body
    "police_officer",  # a named police officer only (who beat someone)
    "court",  # Tòa án nhân dân of the district
    "enforcement",  # Chi cục Thi hành án dân sự, or a named enforcement officer
    "enforcement_officer",  # a named enforcement officer only
    "social",  # Bảo hiểm xã hội / Phòng Lao động - Thương binh và Xã hội
    "company",
    "shop",  # hộ kinh doanh
    "neighbor",  # hộ ông T., ông Nguyễn Văn T., bà ...
    "party_member",  # a named party official (title in the party)
    "party_body",  # Ủy ban kiểm tra, chi bộ, đảng ủy
    "school",  # a named school head
    "health",  # a named hospital or health-centre head
    "agency_head",  # a named head of a district office
)


def _named(rng: random.Random) -> tuple[str, str]:
    """(reference as written, short reference): "ông Nguyễn Văn T." / "ông T.", or the full name."""
    name, female = _person(rng)
    title = "bà" if female else "ông"
    if rng.random() < 0.3:
        title = _cap(title)
    parts = name.split()
    if rng.random() < 0.5:  # newspapers hide the given name: Nguyễn Văn T.
        return f"{title} {' '.join(parts[:-1])} {parts[-1][0]}.", f"{title.lower()} {parts[-1][0]}."
    return f"{title} {name}", f"{title.lower()} {parts[-1]}"


def _short_unit(unit: str) -> str:
    return unit.replace("Ủy ban nhân dân", "UBND") if unit else unit


def _respondent(rng: random.Random, kind: str, pl: _Place) -> tuple[str | None, str]:
    """(respondent as written, short reference used after the first mention)."""
    dist = pl.ward if pl.two_level else pl.district
    ward = pl.ward
    ubnd = rng.choice(["Ủy ban nhân dân", "Ủy ban nhân dân", "UBND"])
    if kind == "none":
        return None, ""
    if kind == "ubnd":
        return f"{ubnd} {rng.choice([dist, ward])}", "chính quyền"
    if kind == "chair":
        return f"Chủ tịch {ubnd} {rng.choice([dist, ward])}", "người ký quyết định"
    if kind == "court":
        return f"Tòa án nhân dân {dist}", "Tòa án"
    if kind == "social":
        body = rng.choice([f"Bảo hiểm xã hội {dist}", f"Phòng Lao động - Thương binh và Xã hội {dist}"])
        return body, "cơ quan này"
    if kind == "company":
        return rng.choice(COMPANIES), "doanh nghiệp này"
    if kind == "shop":
        shop = rng.choice(
            ["karaoke Hoàng Gia", "quán nhậu Gió Biển", "xưởng mộc Tân Phát", "cơ khí Minh Tâm"]
        )
        return f"hộ kinh doanh {shop}", "cơ sở này"
    if kind == "party_body":
        dname = dist.split(" ", 1)[1] if dist.startswith("huyện") else None
        opts = [f"Chi bộ thôn {rng.choice(['Đông', 'Trung', 'Hạ', '3', '5'])}", f"Đảng ủy {ward}"]
        opts.append(f"Ủy ban kiểm tra Huyện ủy {dname}" if dname else f"Ủy ban kiểm tra Đảng ủy {ward}")
        return rng.choice(opts), "cấp ủy"
    if kind == "police" and rng.random() < 0.35:
        return f"Công an {ward}", "lực lượng công an"
    if kind == "enforcement" and rng.random() < 0.6:
        return f"Chi cục Thi hành án dân sự {dist}", "cơ quan thi hành án"
    if kind == "neighbor" and rng.random() < 0.4:
        name, _ = _person(rng, female=False)
        return f"hộ ông {name.split()[-1][0]}.", "hộ này"
    ref, short = _named(rng)
    if kind == "neighbor":
        return ref, short
    role = _role(
        rng,
        {"police_officer": "police", "enforcement_officer": "enforcement"}.get(kind, kind),
        pl,
        dist,
        ubnd,
    )
    return f"{ref}, {role}", short


def _role(rng: random.Random, kind: str, pl: _Place, dist: str, ubnd: str) -> str:
    ward = pl.ward
    village = "Trưởng thôn" if ward.startswith("xã") else "Tổ trưởng tổ dân phố"
    roles = {
        "cadre": [
            f"Chủ tịch {ubnd} {ward}",
            f"Phó Chủ tịch {ubnd} {ward}",
            f"{village} {rng.randint(1, 9)}, {ward}",
            f"công chức tư pháp - hộ tịch {ward}",
        ],
        "land_officer": [
            f"cán bộ địa chính {ward}",
            f"công chức địa chính - xây dựng {ward}",
            f"viên chức Văn phòng đăng ký đất đai chi nhánh {dist}",
        ],
        "police": [f"Trưởng Công an {ward}", f"cán bộ Công an {ward}", f"Phó trưởng Công an {ward}"],
        "enforcement": [f"Chấp hành viên Chi cục Thi hành án dân sự {dist}"],
        "party_member": [
            f"Bí thư Chi bộ thôn {rng.choice(['Đông', 'Trung', 'Hạ', '2', '4'])}",
            f"Phó Bí thư Thường trực Đảng ủy {ward}",
            f"Bí thư Đảng ủy {ward}",
        ],
        "school": [
            f"Hiệu trưởng Trường Tiểu học {ward.split(' ', 1)[1]}",
            f"Hiệu trưởng Trường Trung học cơ sở {ward.split(' ', 1)[1]}",
        ],
        "health": [f"Giám đốc Trung tâm Y tế {dist}", f"Trạm trưởng Trạm Y tế {ward}"],
        "agency_head": [
            f"Trưởng phòng Tài nguyên và Môi trường {dist}",
            f"Trưởng phòng Quản lý đô thị {dist}",
            f"Trưởng phòng Nội vụ {dist}",
        ],
    }
    return rng.choice(roles[kind])


# --------------------------------------------------------------------------------------------------------------
# Filling
# --------------------------------------------------------------------------------------------------------------


def _values(rng: random.Random, pl: _Place) -> dict[str, str]:
    """Every placeholder a table may use, drawn in a fixed order (same seed, same values)."""
    dist = pl.ward if pl.two_level else pl.district
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    day2 = day + timedelta(days=rng.randint(20, 400))
    hamlet = rng.choice(
        ["thôn 3", "thôn Đông", "xóm 5", "tổ dân phố 7", "ấp Tân Lập", "khu phố 2", "thôn Trung"]
    )
    other, _ = _person(rng)
    name2, _ = _person(rng)
    money = rng.randint(40, 900) * 1_000_000
    small = rng.randint(2, 60) * 1_000_000
    return {
        "ward": pl.ward,
        "dist": dist,
        "prov": pl.province,
        "unit": pl.unit,
        "hamlet": hamlet,
        "so": str(rng.randint(12, 4890)),
        "so2": str(rng.randint(5, 999)),
        "ngay": _ddmmyyyy(day, rng),
        "ngay2": _ddmmyyyy(day2, rng),
        "nam": str(day.year),
        "thang": str(day.month),
        "nam_cu": str(rng.randint(1982, 2010)),
        "tien": f"{money:,}".replace(",", ".") + " đồng",
        "tien_nho": f"{small:,}".replace(",", ".") + " đồng",
        "trieu": f"{rng.randint(3, 80)} triệu đồng",
        "gia": f"{rng.randint(3, 60) * 100_000:,}".replace(",", "."),
        "dt": str(rng.randint(60, 900)),
        "dt_nho": f"{rng.randint(3, 45)}",
        "thua": str(rng.randint(11, 980)),
        "to": str(rng.randint(1, 62)),
        "project": rng.choice(PROJECTS),
        "company": rng.choice(COMPANIES),
        "other": other,
        "name2": name2,
        "n_ho": str(rng.randint(12, 160)),
        "n": str(rng.randint(2, 9)),
        "gio": str(rng.randint(22, 23)),
        "km": str(rng.randint(1, 6)),
        "tang": str(rng.randint(3, 7)),
    }


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"unknown placeholder {{{key}}} in a content table")


def _fill(s: str, vals: dict[str, str]) -> str:
    return s.format_map(_Missing(vals))


def _alt(rng: random.Random, slot: str | tuple[str, ...]) -> str:
    return slot if isinstance(slot, str) else rng.choice(slot)


def _narrative(rng: random.Random, slots: tuple, vals: dict[str, str]) -> list[str]:
    """One sentence per slot; a slot starting with "?" is optional (kept about 60 % of the time)."""
    out = []
    for slot in slots:
        s = _alt(rng, slot)
        if s.startswith("?"):
            if rng.random() < 0.4:
                continue
            s = s[1:]
        out.append(_fill(s, vals))
    return out


def _type_word(rng: random.Random, category: str, domain: str, traps: tuple[str, ...]) -> str:
    r = rng.random()
    if r < P_RIGHT:
        right = RIGHT_WORDS[category]
        return right[0] if len(right) == 1 or rng.random() < 0.7 else right[1]
    if r < P_RIGHT + P_WRONG:
        return rng.choice(traps or WRONG_WORDS[category])
    neutral = list(NEUTRAL_WORDS)
    if category != "kien_nghi":
        neutral.append("đề nghị")
    if category in ("khieu_nai", "to_cao") and domain in ("tu_phap", "khac", "dang_doan_the"):
        neutral += ["kêu oan", "kêu oan"]
    return rng.choice(neutral)


def _pick_template(rng: random.Random, table, category: str | None, domain: str | None, voice: str) -> dict:
    cands = [t for t in table.TEMPLATES if (category is None or t["cat"] == category)]
    if domain is not None:  # a category that never occurs in the domain keeps the category
        cands = [t for t in cands if t["dom"] == domain] or cands
    if voice == "group":  # a matter one person only can have reads oddly in a group's voice
        shared = [t for t in cands if not t.get("solo")]
        cands = shared or cands
    return rng.choice(cands)


def grievance(
    rng: random.Random,
    pool: str,
    place: _Place,
    voice: str = "first",
    who: str = "ông",
    category: str | None = None,
    domain: str | None = None,
    mixed: bool = False,
) -> Grievance:
    """A grievance of ``category`` and ``domain`` (drawn when None) in the wordings of ``pool`` only.

    ``mixed`` adds a second content of another category (a complaint and a denunciation of the official who
    decided; a denunciation and a request); ``contents`` then lists both, the first being the main one.
    A category that never occurs in the asked domain (phản ánh about party discipline) keeps the category and
    takes one of its domains (``CELLS`` lists the pairs that occur).
    """
    if pool not in TABLES:
        raise ValueError(f"unknown pool {pool!r}")
    if voice not in VOICES:
        raise ValueError(f"unknown voice {voice!r}")
    table = TABLES[pool]
    tpl = _pick_template(rng, table, category, domain, voice)
    resp, short = _respondent(rng, tpl["resp"], place)
    vals = _values(rng, place) | _voice_words(voice, who)
    vals |= {"resp": resp or "", "Resp": _cap(resp or ""), "rs": short, "Rs": _cap(short)}
    vals["body"] = _fill(rng.choice(table.BODIES), vals)
    narrative = _narrative(rng, tpl["narr"], vals)
    if rng.random() < 0.35 and len(narrative) < 6:
        narrative.insert(rng.randint(2, len(narrative)), _fill(rng.choice(table.CONTEXT[tpl["cat"]]), vals))
    matter = _fill(_alt(rng, tpl["matter"]), vals)
    req = _fill(_alt(rng, tpl["req"]), vals)
    contents = [tpl["cat"]]
    extra: dict = {"template": tpl["id"]}
    if mixed:
        add = rng.choice([a for a in table.ADDONS[tpl["cat"]] if resp or not a.get("needs_resp")])
        contents.append(add["cat"])
        narrative.append(_fill(rng.choice(table.LINKS), vals) + " " + _fill(_alt(rng, add["narr"]), vals))
        req = req + ", " + _fill(rng.choice(table.JOINS), vals) + " " + _fill(_alt(rng, add["req"]), vals)
        extra["addon"] = add["id"]
    request = _fill(rng.choice(table.REQUEST_FRAMES), vals | {"req": req})
    respondent = _as_written(resp, narrative)
    return Grievance(
        category=tpl["cat"],
        domain=tpl["dom"],
        contents=contents,
        type_word=_type_word(rng, tpl["cat"], tpl["dom"], tuple(tpl.get("traps", ()))),
        matter=matter,
        respondent=respondent,
        narrative=narrative,
        request=request,
        extra=extra,
    )


def _as_written(resp: str | None, narrative: list[str]) -> str | None:
    """The respondent exactly as the narrative writes it (capitalised when it only opens sentences)."""
    if resp is None:
        return None
    text = " ".join(narrative)
    for form in (resp, _cap(resp)):
        if form in text:
            return form
    raise AssertionError(f"respondent {resp!r} missing from the narrative")  # a table error, caught by tests
