"""Petitions as others tell them: newspaper accounts, legal questions to a lawyer, citizen-portal reports.

Patterns from ``models/real_eval/catalogue.md`` §4–§8 and §13 in the project's own words:

* ``news``: a newspaper's account in the third person: an optional headline (not a title), honorific + full
  name + address (in parentheses or after "trú tại / ở / địa chỉ ..."), the petition sent, received or merely
  made, its matter after "về việc / với nội dung / xung quanh việc ..." or not stated, the honorific before every
  later mention; groups (a representative of N households, a writer with k co-signers, two writers, unnamed
  collectives, anonymous readers); digest item numbers; the petition's date or only other dates (forwarding
  notes, events); numbers that are not signer counts.
* ``qa``: a legal question: greeting, the grievance in the first person, the question, a signature (full name,
  name + province, name without diacritics, or none).
* ``portal``: a citizen-portal report: heading (alone or with a topic after the colon, or a prefix "... báo:"),
  the report in the first person or impersonal, no personal name, a closing request; never the agency's reply.

Labels follow ``models/real_eval/README.md``: every labelled string occurs verbatim in the text (whitespace
collapsed), recipient only where the text says where the petition went, subject only from the introducing
sentence or the heading.
"""

from __future__ import annotations

import random
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from ..people import _address, _cap, _person, _Place, _place, _recipient
from .base import StyledPetition, Writer, pick
from .content import Grievance, grievance


def _P(train: str, heldout: str) -> dict[str, list[str]]:
    """A pooled phrase table from two " | "-separated lists."""
    return {
        "train": [s.strip() for s in train.split(" | ")],
        "heldout": [s.strip() for s in heldout.split(" | ")],
    }


# ------------------------------------------------------------------------------------------- news phrases
PAPERS = _P(
    "Báo Lao Động | Báo Tiền Phong | Báo Nhân Dân | Báo điện tử Dân trí | Báo Đời sống và Pháp luật",
    "Báo Tuổi Trẻ | Báo Người Lao Động | Báo Sài Gòn Giải Phóng | Báo Pháp luật Việt Nam | Báo điện tử Công lý",
)
HEADLINES = _P(
    "Dân {ward} kêu cứu vì đơn thư không được giải quyết | Hồi âm đơn thư bạn đọc | "
    "Người dân {ward} mòn mỏi chờ câu trả lời | Chuyện dài ở {district} | Bạn đọc viết: cần làm rõ sự việc ở {ward}",
    "Đơn thư gửi tòa soạn | Bao giờ {ward} trả lời dân? | Một hộ dân {district} bức xúc kéo dài | "
    "Cần sớm xem xét đơn của người dân {ward} | Từ lá đơn gửi về tòa soạn",
)
LINKERS = _P("trú tại | ngụ tại | ở | thường trú tại", "cư trú tại | ngụ ở | địa chỉ | hiện ở")
SEND_TO = _P(  # the petition went to {to}
    "gửi {doc} đến {to} | có {doc} gửi {to} | làm {doc} gửi tới {to} | đã gửi {doc} lên {to} | phản ánh với {to} qua {doc}",
    "chuyển {doc} đến {to} | gửi thẳng {doc} tới {to} | gửi tới {to} lá {doc} | tìm đến {to} trao {doc} | trình bày với {to} trong {doc}",
)
SEND_NONE = _P(  # a petition made, nobody named as its receiver
    "có {doc} | làm {doc} | gửi {doc} đến các cơ quan chức năng | vừa có {doc}",
    "đã viết {doc} | gửi {doc} tới nhiều nơi | liên tục gửi {doc} | đứng tên {doc}",
)
RECEIVED = _P(  # {paper} received the petition of {writer}
    "{paper} nhận được {doc} của {writer} | {paper} vừa nhận được {doc} của {writer} | "
    "{paper} đã nhận {doc} của {writer} | Mới đây, {paper} nhận được {doc} của {writer}",
    "{paper} tiếp nhận {doc} của {writer} | Tòa soạn {paper} vừa tiếp nhận {doc} của {writer} | "
    "Gần đây, {paper} có nhận {doc} của {writer} | {paper} mới tiếp nhận {doc} do {writer} gửi",
)
SUBJECT = _P(
    "về việc {m} | với nội dung {m} | xung quanh việc {m} | liên quan đến việc {m}",
    "với nội dung về việc {m} | xoay quanh việc {m} | đề cập đến việc {m} | nêu việc {m}",
)
AFTER_SUBJECT = _P(  # what may follow the matter in the same sentence (not part of it)
    ". | , cụ thể như sau: | , nhưng đến nay vẫn chưa được giải quyết. | , sự việc đã kéo dài nhiều năm.",
    ". | , nội dung chính như sau: | , song tới nay chưa có hồi âm. | , vụ việc dai dẳng từ lâu.",
)
NO_SUBJECT_END = _P(
    ". | , phản ánh: | , trình bày như sau: | . Nội dung đơn như sau:",
    ". | , cho biết: | , kể lại: | . Theo đơn:",
)
DATE_LEAD = _P(
    "Ngày {d}, | Hôm {d}, | Ngày {d} vừa qua, | Cuối ngày {d},",
    "Vào ngày {d}, | Sáng {d}, | Chiều {d}, | Trong ngày {d},",
)
DATED = _P(
    "đề ngày {d} | ghi ngày {d} | lập ngày {d} | viết ngày {d}",
    "có ngày {d} | ký ngày {d} | làm ngày {d} | ghi rõ ngày {d}",
)
PASSING = _P(  # "về việc" in passing: not the subject
    "{Who} đã nhiều lần lên xã hỏi về việc này nhưng không được trả lời. | "
    "Khi được hỏi về việc đó, cán bộ địa phương hẹn sẽ kiểm tra lại. | "
    "Trước đó, {who} từng được mời lên làm việc về việc này. | "
    "Phóng viên đã liên hệ với chính quyền địa phương về việc này.",
    "Nhiều lần {who} đến trụ sở hỏi về việc ấy nhưng chỉ nhận được lời hẹn. | "
    "Đại diện địa phương cho biết sẽ báo cáo cấp trên về việc này. | "
    "{Who} kể đã có lần được gọi lên giải trình về việc đó. | "
    "Báo đã đề nghị cơ quan chức năng thông tin về việc này.",
)
NOT_SIGNERS = _P(  # sizes that are not signer counts
    "Khu dân cư này có {m} hộ dân sinh sống. | Gia đình {who} có {k} nhân khẩu. | "
    "Con ngõ dài khoảng {l} m, có {m} hộ sử dụng chung. | Cả xóm có {m} hộ thì đã {k} hộ bị ảnh hưởng.",
    "Toàn thôn hiện có khoảng {m} hộ. | Nhà {who} có {k} người cùng sinh sống. | "
    "Tuyến hẻm này có {m} hộ dân qua lại hằng ngày. | Tổ dân phố có {m} hộ, riêng dãy nhà này có {k} hộ.",
)
QUOTES = _P(
    "“Gia đình tôi đã đi lại nhiều lần nhưng không ai giải quyết” | “Chúng tôi chỉ mong được đối xử công bằng” | "
    "“Tôi không biết phải kêu ai nữa” | “Sự việc đã kéo dài quá lâu rồi”",
    "“Cả nhà tôi sống trong lo lắng suốt mấy năm nay” | “Chỉ mong chính quyền xem xét thấu tình đạt lý” | "
    "“Đơn gửi đi rồi mà như muối bỏ biển” | “Chúng tôi đã hết cách”",
)
QUOTE_FRAMES = _P(
    "{Who} bức xúc: {q}. | {Who} chia sẻ với phóng viên: {q}. | {Who} nói: {q}. | {q}, {who} nói.",
    "Trao đổi với phóng viên, {who} cho hay: {q}. | {Who} than thở: {q}. | {q}, {who} kể. | {Who} tâm sự: {q}.",
)
FORWARD = _P(  # the paper's forwarding note: its date is not the petition's, its addressee not the recipient
    "Ngày {d}, {paper} đã chuyển đơn đến {agency} đề nghị xem xét, giải quyết theo quy định. | "
    "{paper} đã có Công văn số {n}/CV-BĐT ngày {d} chuyển đơn đến {agency}. | "
    "Ngày {d}, tòa soạn đã chuyển đơn tới {agency} đề nghị trả lời bạn đọc. | "
    "{paper} chuyển đơn đến {agency} (văn bản số {n} ngày {d}) và sẽ thông tin kết quả.",
    "Tòa soạn đã gửi văn bản số {n}/BĐ ngày {d} kèm đơn đến {agency}. | "
    "Ngày {d}, báo đã chuyển đơn tới {agency} để giải quyết theo thẩm quyền. | "
    "Văn bản chuyển đơn số {n} ngày {d} của {paper} đã gửi {agency}. | "
    "Đơn được tòa soạn chuyển {agency} ngày {d}, đề nghị sớm có câu trả lời.",
)
ASK_ACT = _P(  # a body asked to act: not a recipient
    "{Who} đề nghị {agency} xem xét, giải quyết dứt điểm. | {Who} mong {agency} vào cuộc làm rõ. | "
    "{paper} đề nghị {agency} kiểm tra, trả lời người dân. | Người dân mong {agency} sớm có câu trả lời.",
    "{Who} kiến nghị {agency} sớm vào cuộc. | Rất mong {agency} quan tâm chỉ đạo. | "
    "{paper} kính đề nghị {agency} xác minh và thông tin lại. | {Who} chờ {agency} phản hồi.",
)
GROUP_REP = _P(  # a representative of {n} households: count n
    "{n} hộ dân ở {loc} do {rep} đại diện | {rep}, đại diện {n} hộ dân ở {loc}, | "
    "{rep}, người được {n} hộ dân tại {loc} cử làm đại diện, | {n} hộ dân {loc}, đại diện là {rep},",
    "{rep} thay mặt {n} hộ dân ở {loc} | {rep}, đại diện cho {n} hộ tại {loc}, | "
    "{n} hộ gia đình ở {loc} (đại diện {rep}) | {rep}, người đứng đơn thay cho {n} hộ dân {loc},",
)
GROUP_COSIGN = _P(  # a named writer and k others: count k + 1
    "{w} cùng {k} cư dân khác | {w} và {k} hộ dân cùng ký tên | {w}, cùng sự xác nhận của {k} hộ dân khác, | "
    "{w} cùng {k} người khác ký tên",
    "{w} và {k} hộ lân cận cùng ký đơn | {w}, với chữ ký của {k} hộ khác, | {w} cùng {k} công dân khác | "
    "{w}, có thêm {k} hộ cùng ký,",
)
GROUP_UNNAMED = _P(  # no name: anonymous; count n when stated, else 0
    "{n} hộ dân ở {loc} | hơn {n} người dân {loc} | nhiều hộ dân ở {loc} | người dân {loc}",
    "{n} hộ gia đình tại {loc} | tập thể {n} người dân ở {loc} | một số hộ dân {loc} | bà con {loc}",
)
ANON_READER = _P(
    "một bạn đọc (xin giấu tên) | một bạn đọc đề nghị giấu tên | bạn đọc giấu tên | một người dân giấu tên",
    "một độc giả không muốn nêu tên | một bạn đọc (đề nghị không nêu tên) | độc giả giấu tên | "
    "một công dân xin giữ kín danh tính",
)
ITEM_MARKS = ["1. ", "2. ", "3. ", "1- ", "2- ", "4. "]


@dataclass
class _Who:
    """How a news account introduces its writer(s), and the labels that follow."""

    phrase: str  # mid-sentence form: "ông Nguyễn Văn Hùng (thôn Đông, ...)"
    name: str | None
    address: str | None
    count: int
    who: str  # later mentions: "ông Hùng", "các hộ dân"


def _honorific(rng: random.Random, female: bool) -> str:
    if female:
        return rng.choices(["bà", "chị", "cụ"], [65, 30, 5])[0]
    return rng.choices(["ông", "anh", "bác", "cụ"], [70, 20, 5, 5])[0]


def _news_address(rng: random.Random, pl: _Place, paren: bool) -> str:
    """The writer's address as a newspaper gives it: full, without the province, or short."""
    full = _address(rng, pl)
    parts = full.split(", ")
    r = rng.random()
    if r < 0.4:
        return full
    if r < 0.65 and len(parts) > 2:
        return ", ".join(parts[:-1])
    if r < 0.85 and not paren and not pl.two_level:
        return f"{pl.ward}, {pl.district} ({pl.place})"
    return ", ".join(parts[-3:-1]) if len(parts) > 2 else full


def _one_writer(rng: random.Random, pool: str, pl: _Place) -> _Who:
    name, female = _person(rng)
    hon = _honorific(rng, female)
    who = f"{hon} {name.split()[-1]}"
    r = rng.random()
    if r < 0.35:
        addr: str | None = _news_address(rng, pl, paren=True)
        phrase = f"{hon} {name} ({addr})"
    elif r < 0.75:
        addr = _news_address(rng, pl, paren=False)
        phrase = f"{hon} {name}, {pick(rng, LINKERS, pool)} {addr},"
    else:
        addr, phrase = None, f"{hon} {name}"
    return _Who(phrase, name, addr, 1, who)


def _group_writer(rng: random.Random, pool: str, pl: _Place) -> _Who:
    loc = [p for p in _address(rng, pl).split(", ") if not p.startswith(("Số ", "hẻm ", "ngõ "))]
    loc_s = ", ".join(loc[: rng.randint(2, len(loc))])
    loc_s = loc_s[:1].lower() + loc_s[1:]
    r = rng.random()
    if r < 0.3:
        rep_name, female = _person(rng)
        hon = _honorific(rng, female)
        n = rng.randint(5, 80)
        tpl = pick(rng, GROUP_REP, pool)
        return _Who(
            tpl.format(n=n, loc=loc_s, rep=f"{hon} {rep_name}"),
            rep_name,
            loc_s,
            n,
            f"{hon} {rep_name.split()[-1]}",
        )
    if r < 0.55:
        w = _one_writer(rng, pool, pl)
        k = rng.randint(2, 60)
        return _Who(
            pick(rng, GROUP_COSIGN, pool).format(w=w.phrase.rstrip(","), k=k), w.name, w.address, k + 1, w.who
        )
    if r < 0.7:  # two writers joined by "và"
        (n1, f1), (n2, f2) = _person(rng), _person(rng)
        while n2.split()[-1] == n1.split()[-1]:
            n2, f2 = _person(rng)
        h1, h2 = _honorific(rng, f1), _honorific(rng, f2)
        addr = _news_address(rng, pl, paren=True)
        phrase = f"{h1} {n1} và {h2} {n2} (cùng {pick(rng, LINKERS, pool)} {addr})"
        return _Who(phrase, n1, addr, 2, f"{h1} {n1.split()[-1]}")
    tpl = pick(rng, GROUP_UNNAMED, pool)
    n = rng.randint(5, 200)
    return _Who(
        tpl.format(n=n, loc=loc_s),
        None,
        None,
        n if "{n}" in tpl else 0,
        rng.choice(["các hộ dân", "người dân"]),
    )


def _news_writer(rng: random.Random, pool: str, pl: _Place) -> _Who:
    r = rng.random()
    if r < 0.62:
        return _one_writer(rng, pool, pl)
    if r < 0.9:
        return _group_writer(rng, pool, pl)
    return _Who(pick(rng, ANON_READER, pool), None, None, 0, rng.choice(["bạn đọc", "người này"]))


# ------------------------------------------------------------------------------------------------ helpers
def _doc(type_word: str) -> str:
    return type_word if type_word.startswith(("đơn", "thư")) else f"đơn {type_word}"


def _day(rng: random.Random) -> date:
    return date(rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28))


def _dstr(rng: random.Random, d: date) -> str:
    return rng.choice(
        [f"{d.day}/{d.month}/{d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day}-{d.month}-{d.year}"]
    )


def flat(s: str) -> str:
    """Whitespace collapsed: the form labels are compared in."""
    return " ".join(s.split())


def _tidy(s: str) -> str:
    s = re.sub(r",\s*([.:,])", r"\1", s)
    return re.sub(r" {2,}", " ", s).strip()


def _as_written(text: str, value: str | None) -> str | None:
    """``value`` spelled as the text has it (case may differ at a sentence start), or None when absent."""
    if not value:
        return None
    t = flat(text)
    i = t.casefold().find(flat(value).casefold())
    return t[i : i + len(flat(value))] if i >= 0 else None


def _layout(rng: random.Random, head: str | None, paras: list[str]) -> str:
    """One paragraph, paragraphs on lines, blank lines between them, or hard-wrapped mid-sentence."""
    style = rng.choice(["one", "lines", "blank", "wrap", "wrap"])
    if style == "one":
        body = " ".join(paras)
    elif style == "wrap":
        width = rng.randint(60, 90)
        sep = rng.choice(["\n", "\n\n"])
        body = sep.join(
            textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False) for p in paras
        )
    else:
        body = ("\n" if style == "lines" else "\n\n").join(paras)
    return f"{head}\n{body}" if head else body


def _respondent(text: str, g: Grievance) -> str | None:
    return _as_written(text, g.respondent)


# --------------------------------------------------------------------------------------------------- news
@dataclass
class _Intro:
    sentence: str
    recipient: str | None
    subject: str | None
    petition_date: str | None


def _news_intro(rng: random.Random, pool: str, pl: _Place, w: _Who, g: Grievance, paper: str) -> _Intro:
    """The sentence that introduces the petition: who, to whom, when, about what."""
    doc = _doc(g.type_word)
    pdate: str | None = None
    if rng.random() < 0.1:
        d = _day(rng)
        doc = f"{doc} {pick(rng, DATED, pool).format(d=_dstr(rng, d))}"
        pdate = d.isoformat()
    r = rng.random()
    if r < 0.22:
        recipient: str | None = paper
        core = pick(rng, RECEIVED, pool).format(paper=paper, doc=doc, writer=w.phrase.rstrip(","))
    else:
        if r < 0.42:
            recipient = paper
        elif r < 0.55:
            recipient = _recipient(rng, g.domain, g.category, pl, "", g.respondent)
        else:
            recipient = None
        send = pick(rng, SEND_TO if recipient else SEND_NONE, pool).format(doc=doc, to=recipient)
        core = f"{w.phrase} {send}"
        if pdate is None and rng.random() < 0.1:
            d = _day(rng)
            core = f"{pick(rng, DATE_LEAD, pool).format(d=_dstr(rng, d))} {core}"
            pdate = d.isoformat()
    subject = None
    if rng.random() < 0.42:
        marker = pick(rng, SUBJECT, pool)
        subject = g.matter[5:] if marker.endswith("việc {m}") and g.matter.startswith("việc ") else g.matter
        core = f"{core} {marker.format(m=subject)}{pick(rng, AFTER_SUBJECT, pool)}"
    else:
        core += pick(rng, NO_SUBJECT_END, pool)
    return _Intro(_cap(_tidy(core)), recipient, subject, pdate)


def _news_body(
    rng: random.Random, pool: str, pl: _Place, w: _Who, g: Grievance, paper: str, after: str | None
) -> list[str]:
    """Paragraphs after the introduction: the story, quotes, passing mentions, the request, notes."""
    fill = {"who": w.who, "Who": _cap(w.who), "paper": paper}
    story = list(g.narrative)
    if rng.random() < 0.3:
        q = pick(rng, QUOTES, pool)
        story.insert(rng.randint(0, len(story)), pick(rng, QUOTE_FRAMES, pool).format(q=q, **fill))
    if rng.random() < 0.25:
        story.append(pick(rng, PASSING, pool).format(**fill))
    if rng.random() < 0.2:
        n = {"m": rng.randint(12, 90), "k": rng.randint(2, 9), "l": rng.randint(40, 300)}
        story.insert(rng.randint(0, len(story)), pick(rng, NOT_SIGNERS, pool).format(**n, **fill))
    tail = [g.request]
    agency = _recipient(rng, g.domain, g.category, pl, "", g.respondent)
    if rng.random() < 0.3:
        tail.append(pick(rng, ASK_ACT, pool).format(agency=agency, **fill))
    if rng.random() < 0.25:
        fd = date.fromisoformat(after) + timedelta(days=rng.randint(5, 90)) if after else _day(rng)
        note = pick(rng, FORWARD, pool).format(
            d=_dstr(rng, fd), n=rng.randint(12, 980), agency=agency, **fill
        )
        tail.append(_cap(note))
    paras = [" ".join(story)] if rng.random() < 0.5 else story
    return [*paras, " ".join(tail)]


def write_news(rng: random.Random, pool: str) -> StyledPetition:
    """A newspaper's account of one petition (article lead or digest item)."""
    pl = _place(rng)
    w = _news_writer(rng, pool, pl)
    g = grievance(rng, pool, pl, voice="third", who=w.who, mixed=rng.random() < 0.1)
    paper = pick(rng, PAPERS, pool)
    intro = _news_intro(rng, pool, pl, w, g, paper)
    first = intro.sentence
    if rng.random() < 0.2:
        first = rng.choice(ITEM_MARKS) + first
    head = None
    if rng.random() < 0.35:
        head = pick(rng, HEADLINES, pool).format(ward=pl.ward, district=pl.district)
        head = head.upper() if rng.random() < 0.3 else head
    body = _news_body(rng, pool, pl, w, g, paper, intro.petition_date)
    paras = [f"{first} {body[0]}", *body[1:]] if rng.random() < 0.5 else [first, *body]
    text = _layout(rng, head, paras)
    return StyledPetition(
        text=text,
        category=g.category,
        domain=g.domain,
        contents=list(g.contents),
        complainant={"name": w.name, "address": w.address, "id_number": None, "phone": None},
        recipient=intro.recipient,
        respondent=_respondent(text, g),
        subject=intro.subject,
        petition_date=intro.petition_date,
        signatory_count=w.count,
        anonymous=w.name is None,
        notes={"headline": head, "type_word": g.type_word},
    )


# ----------------------------------------------------------------------------------------------------- Q&A
GREETINGS = _P(
    "Chào luật sư, | Thưa luật sư, | Xin hỏi luật sư: | Chào Ban biên tập, | Kính chào luật sư, tôi có việc muốn hỏi.",
    "Luật sư cho tôi hỏi: | Xin chào, tôi cần tư vấn. | Nhờ luật sư tư vấn giúp trường hợp sau: | Chào chuyên mục, | "
    "Mong Ban tư vấn giải đáp giúp tôi.",
)
QUESTIONS = _P(
    "Tôi phải gửi đơn đến đâu? | Như vậy có đúng luật không? | Xin hỏi tôi cần làm đơn gì và nộp ở cơ quan nào? | "
    "Trường hợp của tôi có được bồi thường không? | Tôi có quyền khởi kiện không?",
    "Việc làm đó có trái pháp luật không ạ? | Tôi nên nộp đơn ở đâu để được giải quyết? | "
    "Xin luật sư cho biết thủ tục như thế nào? | Tôi có thể tố cáo hay khiếu nại được không? | "
    "Pháp luật quy định thế nào về trường hợp này?",
)
THANKS = _P(
    "Xin cảm ơn luật sư. | Cảm ơn! | Mong sớm nhận được hồi âm. | Tôi xin chân thành cảm ơn.",
    "Trân trọng cảm ơn. | Rất mong được giải đáp. | Tôi xin cảm ơn! | Cảm ơn Ban biên tập nhiều.",
)
QA_TOP = _P(  # the asker named above the question
    "Bạn đọc {name} ({prov}) hỏi: | {Hon} {name} ở {prov} hỏi: | {Hon} {name} ({prov}) hỏi: | Hỏi: ({name}, {prov})",
    "Độc giả {name} ở {prov} gửi câu hỏi: | {Hon} {name} - {prov} hỏi: | Câu hỏi của bạn {name} ({prov}): | Người gửi: {name}, {prov}",
)
QA_SIGN = _P(  # a signature under the question, {prov} optional
    "{name} | {name} - {prov} | {name} ({prov}) | Người hỏi: {name}",
    "{name} (bạn đọc) | {name}, {prov} | Bạn đọc {name} - {prov} | Từ {name} ({prov})",
)
QA_NAMED = _P(
    "Tôi là {name}, hiện sống ở {prov}. | Tôi tên là {name}. | Tôi là {name}, năm nay {age} tuổi. | "
    "Tôi là {name}, {age} tuổi, sống tại {prov}.",
    "Tên tôi là {name}, {age} tuổi. | Tôi là {name}, đang ở {prov}. | Mình là {name}. | Em là {name}, nhà ở {prov}.",
)


def _no_marks(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def write_qa(rng: random.Random, pool: str) -> StyledPetition:
    """A legal question: greeting, the grievance in the first person, questions, a signature or none."""
    pl = _place(rng)
    g = grievance(rng, pool, pl, voice="first", mixed=rng.random() < 0.08)
    name, female = _person(rng)
    hon = "Bà" if female else "Ông"
    prov = rng.choice([pl.place, pl.province, _cap(pl.province)])
    mode = rng.choices(["top", "sign", "sign_prov", "plain", "intro", "none"], [12, 16, 18, 10, 8, 36])[0]
    addr: str | None = None
    if mode == "plain":
        name = _no_marks(rng.choice([name, f"{name.split()[-1]} {name.split()[0]}"]))
    head = sign = None
    paras = [pick(rng, GREETINGS, pool)] if mode != "top" or rng.random() < 0.4 else []
    if mode == "top":
        head, addr = pick(rng, QA_TOP, pool).format(name=name, prov=prov, Hon=hon), prov
    elif mode == "intro":
        intro = pick(rng, QA_NAMED, pool).format(name=name, prov=prov, age=rng.randint(25, 78))
        addr = prov if prov in intro else None
        paras.append(intro)
    elif mode in ("sign", "sign_prov", "plain"):
        tpls = [t for t in QA_SIGN[pool] if ("{prov}" in t) == (mode == "sign_prov")]
        sign = rng.choice(tpls).format(name=name, prov=prov)
        addr = prov if mode == "sign_prov" else None
    story = list(g.narrative)
    if rng.random() < 0.35:
        story.append(g.request)
    qs = rng.sample(QUESTIONS[pool], rng.choice([1, 1, 2]))
    if rng.random() < 0.5:
        paras += [" ".join(story), " ".join(qs)]
    else:
        paras += [" ".join(story + qs)]
    if rng.random() < 0.6:
        paras.append(pick(rng, THANKS, pool))
    if sign:
        paras.append(sign)
    named = mode != "none"
    text = _layout(rng, head, paras)
    return StyledPetition(
        text=text,
        category=g.category,
        domain=g.domain,
        contents=list(g.contents),
        complainant={"name": name if named else None, "address": addr, "id_number": None, "phone": None},
        recipient=None,
        respondent=_respondent(text, g),
        subject=None,
        petition_date=None,
        signatory_count=1 if named else 0,
        anonymous=not named,
        notes={"mode": mode},
    )


# -------------------------------------------------------------------------------------------------- portal
PORTAL_HEADS = _P(  # {topic} after the colon is the subject
    "Phản ánh, kiến nghị | Phản ánh, kiến nghị: {topic} | Người dân báo: {topic}. | Phản ánh hiện trường: {topic}",
    "Kiến nghị, phản ánh | Góp ý, phản ánh: {topic} | Người dân phản ánh: {topic}. | Tin báo của người dân: {topic}",
)
PORTAL_PLACE = _P(  # where the problem is: not the writer's address
    "Địa điểm: {loc}. | Vị trí phản ánh: {loc}. | Sự việc xảy ra tại {loc}. | Khu vực phản ánh thuộc {loc}.",
    "Nơi xảy ra: {loc}. | Địa bàn: {loc}. | Tình trạng trên diễn ra ở {loc}. | Điểm cần xử lý nằm tại {loc}.",
)
PORTAL_CLOSE = _P(
    "Kính đề nghị các cơ quan chức năng kiểm tra, xử lý. | Đề nghị chính quyền địa phương sớm vào cuộc. | "
    "Rất mong cơ quan chức năng quan tâm giải quyết. | Kính mong các cấp có thẩm quyền xem xét.",
    "Mong các ngành liên quan sớm có biện pháp khắc phục. | Đề nghị cơ quan có thẩm quyền xác minh và trả lời công khai. | "
    "Kính đề nghị lãnh đạo địa phương chỉ đạo xử lý dứt điểm. | Người dân mong được quan tâm giải quyết sớm.",
)
PORTAL_SENT = _P(  # the report sent to {to}: a recipient
    "Tôi gửi phản ánh này đến {to} để được xem xét. | Kính gửi: {to} | Phản ánh gửi {to}. | "
    "Xin gửi nội dung này tới {to}.",
    "Nội dung này được gửi tới {to}. | Kính gửi {to}: | Chúng tôi chuyển phản ánh đến {to}. | "
    "Người dân gửi thông tin đến {to}.",
)
PORTAL_MEDIA = _P(  # photo or video times: not the petition's date
    "(Video ghi lúc {h} giờ ngày {d}) | Ảnh chụp ngày {d}. | Hình ảnh ghi nhận lúc {h} giờ ngày {d}. | (Clip quay ngày {d})",
    "(Ảnh người dân chụp lúc {h}h ngày {d}) | Video kèm theo quay ngày {d}. | Ghi hình lúc {h} giờ {d}. | (Hình chụp ngày {d})",
)


def write_portal(rng: random.Random, pool: str) -> StyledPetition:
    """A citizen-portal report: heading, report in the first person or impersonal, closing request; no name."""
    pl = _place(rng)
    voice = rng.choice(["first", "group", "third"])
    who = rng.choice(["người dân", "bà con", "các hộ dân"])
    g = grievance(rng, pool, pl, voice=voice, who=who, mixed=rng.random() < 0.06)
    heading = pick(rng, PORTAL_HEADS, pool)
    topic = _cap(g.matter)
    subject = topic if "{topic}" in heading else None
    heading = heading.format(topic=topic)
    paras: list[str] = []
    story = list(g.narrative)
    if rng.random() < 0.5:
        loc = ", ".join(_address(rng, pl).split(", ")[: rng.randint(2, 4)])
        where = pick(rng, PORTAL_PLACE, pool).format(loc=loc)
        story.insert(len(story) if "trên" in where else rng.choice([0, len(story)]), where)
    recipient = None
    if rng.random() < 0.15:
        recipient = _recipient(rng, g.domain, g.category, pl, "", g.respondent)
        sent = pick(rng, PORTAL_SENT, pool).format(to=recipient)
        if sent.startswith("Kính gửi"):  # an addressee line goes on top
            paras.append(sent)
        else:
            story.append(sent)
    joiner = " • " if rng.random() < 0.1 else " "
    paras.append(joiner.join(story))
    close = pick(rng, PORTAL_CLOSE, pool)
    if rng.random() < 0.25:
        d = _dstr(rng, _day(rng))
        close += " " + pick(rng, PORTAL_MEDIA, pool).format(d=d, h=rng.randint(6, 22))
    paras.append(close)
    if heading.endswith(".") and rng.random() < 0.6:  # the prefix form runs on into the report
        text = _layout(rng, None, [f"{heading} {paras[0]}", *paras[1:]])
    else:
        text = _layout(rng, heading, paras)
    return StyledPetition(
        text=text,
        category=g.category,
        domain=g.domain,
        contents=list(g.contents),
        complainant={"name": None, "address": None, "id_number": None, "phone": None},
        recipient=recipient,
        respondent=_respondent(text, g),
        subject=subject,
        petition_date=None,
        signatory_count=0,
        anonymous=True,
        notes={"voice": voice},
    )


WRITERS: dict[str, tuple[Writer, float]] = {
    "news": (write_news, 0.30),
    "qa": (write_qa, 0.08),
    "portal": (write_portal, 0.08),
}
