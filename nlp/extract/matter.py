"""What the petition is about: the subject (label, ``(V/v ...)``, prose ``làm đơn này ... về việc X``), the
respondent (label, or the prose constructs that name the person or body complained about) and the attachments.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ...lang.lexicon import ORG_NAME_WORDS
from ...lang.normalize import clean_value, collapse_ws
from ...lang.normalize import fold_chars as fold
from ..classify import classify_category, classify_domain
from .document import Doc
from .readers import TOKEN_RE, fuzzy_anchor, read_name
from .result import Cand, Reading
from .vocab import CAT_VERBS, ORG_HEAD_KEYS, PERSON_HEADS

_SUBJ_PROSE = [
    (
        re.compile(
            r"\b(?:lam|viet|gui|lap)\s+(?:don|don thu|thu)\s*(?:nay\s*)?(?:[a-z]{1,6}\s+){1,3}?"
            r"(?:[^.;:]{0,160}?\s)??(?:ve|doi voi)\s+viec\s*[:]?\s*"
        ),
        0.8,
    ),
    (
        re.compile(
            r"\b(?:lam|viet|gui|lap)\s+(?:don|don thu|thu)\s*(?:nay\s*)?(?:(?:de|xin|kinh)\s+)?"
            r"(?P<cat>[a-z]{2,6}\s+[a-z]{2,5})\s*(?:(?:ve|doi voi)\s+viec|viec)?\s*[:]?\s*"
        ),
        0.8,
    ),
    (re.compile(r"\b(?:khieu nai|to cao|kien nghi|phan anh|de nghi)\s+ve\s+viec\s*[:]?\s*"), 0.75),
    # "Nay tôi làm <OCR debris> về việc X"
    (re.compile(r"\b(?:nay|toi|chung toi)\b[^.\n]{0,45}?\bve\s+viec\s*[:]?\s*"), 0.5),
    # "Tôi xin phản ánh với UBND phường về tình trạng ...", "Tôi tố cáo đồng chí X ..."
    (
        re.compile(
            r"\b(?:toi|chung toi)\s+(?:xin\s+|kinh\s+|muon\s+)?(?:khieu nai|to cao|to giac|phan anh|kien nghi)"
            r"\s+(?:voi\s+[^.\n]{0,80}?\s+(?=ve\s))?(?:ve\s+(?:viec\s+)?)?[:]?\s*"
        ),
        0.65,
    ),
]


def find_subject(doc: Doc, labelled, title: Cand | None) -> Cand | None:
    for ln, hit in labelled.get("subject", []):
        s, e = doc.value_region(ln, hit.value_start, max_lines=4)
        fv = doc.f[s:e]
        if ln.ftext.lstrip().startswith("(") or re.match(r"^\s*\(", doc.t[ln.start : hit.label_start + 1]):
            close = doc.t.find(")", s, e + 1)
            if close != -1:
                e = close
        s, e = doc.trim(s, e)
        value = clean_value(doc.t[s:e])
        if len(value) >= 3 and fv.strip():
            conf = hit.confidence * (0.95 if 3 <= len(value.split()) <= 60 else 0.6)
            return Cand(value, s, e, conf, "label:" + hit.method)
    # "(V/v ...)" lines that the label matcher did not take (no colon, parenthesis)
    for ln in doc.lines[:25]:
        m = re.match(r"^\s*\(?\s*v\s*[/.]\s*v\s*[:.]?\s*", ln.ftext)
        if m and ln.end - ln.start > m.end() + 3:
            s, e = doc.value_region(ln, ln.start + m.end(), max_lines=3)
            close = doc.t.find(")", s, e + 1)
            if close != -1:
                e = close
            s, e = doc.trim(s, e)
            return Cand(clean_value(doc.t[s:e]), s, e, 0.85, "vv")
    for rx, base in _SUBJ_PROSE:
        for m in rx.finditer(doc.f):
            if m.groupdict().get("cat") and max(fuzz.ratio(m.group("cat"), c) for c in CAT_VERBS) < 75:
                continue
            s = m.end()
            vm = re.match(r"ve\s+([a-z]{3,5})\s*:?\s*", doc.f[s : s + 14])
            if vm and fuzz.ratio(vm.group(1), "viec") >= 75:
                s += vm.end()  # "về viêc" / "về vicc" damaged by OCR
            e = doc.sentence_end(s, max_chars=400)
            s, e = doc.trim(s, e)
            value = clean_value(doc.t[s:e])
            if len(value.split()) >= 2:
                conf = base * (0.95 if len(value.split()) <= 50 else 0.6)
                return Cand(value, s, e, conf, "prose")
            break
    # OCR-damaged wording: "lam don hay to cao ve viee ..."
    for _, e0, sc in fuzzy_anchor(doc, ("lam don nay", "viet don nay", "gui don nay"), 0, len(doc.t)):
        ws = [w for w in doc.words if w[0] >= e0][:7]
        start = None
        for j in range(len(ws) - 1):
            if fuzz.ratio(ws[j][2] + " " + ws[j + 1][2], "ve viec") >= 80:
                start = ws[j + 1][1]
                break
        if (
            start is None
            and len(ws) >= 2
            and max(fuzz.ratio(ws[0][2] + " " + ws[1][2], c) for c in CAT_VERBS) >= 75
        ):
            start = ws[1][1]
        if start is None:
            continue
        e = doc.sentence_end(start, max_chars=400)
        s, e = doc.trim(start, e)
        value = clean_value(doc.t[s:e])
        if len(value.split()) >= 2:
            return Cand(value, s, e, 0.6 * sc / 100.0, "prose-fuzzy")
    return None


# matched on lower-cased NFC text: folded forms are ambiguous here (đang/Đăng, bị/bì, đã/da)
_ENTITY_STOP_RE = re.compile(
    r"\s(?:trong việc|về việc|đối với|khi |gây |vì |nhằm |để |theo |với |tại địa bàn|"
    r"ngày \d|năm \d|trái |không |đã |đang |bị |có hành vi)"
)
_VERBISH = re.compile(
    r"^(đã|đang|là|có|thường|nhiều|tự ý|không|liên tục|hoạt động|vẫn|còn|chưa|cũng|sẽ|được|bị|"
    r"xây|lấn|tiến hành|cho|ký|ban hành|yêu cầu|nhận|gây|sử dụng|lợi dụng|thu|chiếm|khai thác|xả|đổ|"
    r"vi phạm|làm|tổ chức|bán|mở)(?!\w)"
)


_VERBISH_F = re.compile(
    r"^(da|dang|la|co|thuong|nhieu|tu y|khong|lien tuc|hoat dong|van|chua|cung|se|duoc|bi|"
    r"xay|lan|tien hanh|ban hanh|yeu cau|nhan|gay|su dung|loi dung|chiem)\b"
)


def _match_head(f: str, pos: int) -> str | None:
    for h in ORG_HEAD_KEYS:
        if f.startswith(h, pos) and (pos + len(h) >= len(f) or not f[pos + len(h)].isalnum()):
            return h
    return None


def _read_entity(doc: Doc, pos: int, limit: int) -> tuple[int, int] | None:
    """An organisation/person phrase starting at pos: head word, then words up to a clause boundary."""
    f = doc.f
    head = _match_head(doc.ff, pos)
    if head is None:
        return None
    hend = pos + len(head)
    if head in PERSON_HEADS or head in (
        "chu tich",
        "pho chu tich",
        "bi thu",
        "giam doc",
        "truong",
        "chu",
        "can bo",
        "cong chuc",
        "chap hanh vien",
        "hieu truong",
    ):
        # role words may be followed by an honorific and a personal name, or by an organisation
        m = re.match(r"\s+(?:(?:ong|ba|anh|chi)\s+)?", f[hend:limit])
        name_pos = hend + (m.end() if m else 0)
        r = read_name(doc, name_pos)
        if r and r[1] <= limit:
            end = r[1]
            return pos, end
        if head in PERSON_HEADS:
            return None
    # organisation: up to a clause stop; keep through the last capitalised word before lower-case verbs
    sm = _ENTITY_STOP_RE.search(doc.low, hend, limit)
    end = sm.start() if sm else limit
    sent = doc.sentence_end(pos, max_chars=end - pos)
    end = min(end, sent)
    toks = list(TOKEN_RE.finditer(doc.t, hend, end))
    last = hend
    for k, tm in enumerate(toks):
        w = tm.group(0).rstrip(",.;:")
        fw = fold(w)
        if w[:1].isupper() or w[:1].isdigit() or fw in ORG_NAME_WORDS or re.fullmatch(r"[A-ZĐ&\-]+", w):
            last = tm.start() + len(w)
            if tm.group(0).endswith((",", ";", ".")):
                break
            continue
        # lower-case common nouns inside a name ("Cơ sở chế biến thủy sản Tân Phát", "Công ty Vật liệu xây dựng
        # Hồng Hà") are kept when a capitalised word follows soon, or when a verb closes the name soon
        # ("Trạm y tế phường thu tiền ...")
        verb = _VERBISH.match(doc.low[tm.start() : end])
        if any(x.group(0)[:1].isupper() for x in toks[k + 1 : k + (3 if verb else 6)]):
            continue
        if verb:
            break
        verb_at = next(
            (
                j
                for j in range(k + 1, min(k + 5, len(toks)))
                if _VERBISH.match(doc.low[toks[j].start() : end])
            ),
            None,
        )
        if verb_at is not None and k < 4:
            last = toks[verb_at - 1].start() + len(toks[verb_at - 1].group(0).rstrip(",.;:"))
            break
        break
    s, e = doc.trim(pos, last)
    return (s, e) if e > s else None


def _extend_appositive(doc: Doc, s: int, e: int, body_from: int) -> tuple[str, int, int] | None:
    """'Bà X, công chức địa chính UBND xã Y, đã ...' -> 'Bà X, công chức địa chính UBND xã Y'."""
    key = fold(collapse_ws(doc.t[s:e]))
    if len(key) < 4:
        return None
    f = doc.f
    flat = re.sub(r"\s", " ", f)
    pos = body_from
    tries = 0
    while tries < 6:
        tries += 1
        i = flat.find(key, pos)
        if i == -1:
            if tries > 1 or len(key) < 10:
                return None
            # OCR-damaged mention: best fuzzy alignment of the key in the rest of the text
            al = fuzz.partial_ratio_alignment(key, flat[pos:])
            if al is None or al.score < 85:
                return None
            i = pos + al.dest_start
            key = flat[i : pos + al.dest_end]
        j = i + len(key)
        rest = flat[j : j + 140]
        m = re.match(r"\s*,\s*([^,.;]{3,110}?)\s*,\s*", rest)
        if m and (_VERBISH.match(doc.low[j + m.end() : j + 140]) or _VERBISH_F.match(rest[m.end() :])):
            a, b = j + m.start(1), j + m.end(1)
            return clean_value(doc.t[i : i + len(key)] + ", " + doc.t[a:b]), i, b
        # role with a personal name after it: "Chấp hành viên ông Nguyễn Văn A"
        m2 = re.match(r"\s+(ong|ba)\s+", rest)
        if m2:
            r = read_name(doc, j + m2.end())
            if r:
                return clean_value(doc.t[i : r[1]]), i, r[1]
        # organisation continued by its parent body: "bộ phận một cửa Ủy ban nhân dân xã X"
        h = _match_head(doc.ff, j + 1) if rest[:1] == " " else None
        if h and h in (
            "uy ban nhan dan",
            "ubnd",
            "uy ban",
            "so",
            "phong",
            "chi cuc",
            "cuc",
            "truong",
            "cong ty",
        ):
            ent = _read_entity(doc, j + 1, min(len(f), j + 120))
            if ent:
                return clean_value(doc.t[i : ent[1]]), i, ent[1]
        pos = j
    return None


def _trailing_appositive(doc: Doc, e: int, limit: int) -> int:
    """Include ', <role>' when it closes the phrase: '... của đảng viên X, Bí thư Chi bộ' (end of subject)."""
    am = re.match(r"\s*,\s*([^,;.]{3,80}?)\s*[.;]?\s*$", doc.t[e:limit])
    if am and (am.group(1)[:1].isupper() or _match_head(doc.ff, e + am.start(1))):
        return e + am.end(1)
    return e


def find_respondent(
    doc: Doc, labelled, subject: Cand | None, category: str | None, body_from: int
) -> Cand | None:
    """The person or body complained about: its label, else (not for a recommendation, which has none) the
    first of the prose constructs that name it, tried from the most to the least explicit."""
    found = _respondent_by_label(doc, labelled)
    if found is not None or category == "kien_nghi":
        return found
    return (
        _respondent_between(doc)
        or _respondent_after_verb(doc)
        or _respondent_in_subject(doc, subject, body_from)
        or _respondent_leading_subject(doc, subject)
        or (_respondent_issuer(doc, body_from) if category == "khieu_nai" else None)
        or _respondent_leading_content(doc, body_from)
    )


def _respondent_by_label(doc: Doc, labelled) -> Cand | None:
    """``Người bị khiếu nại: X`` (up to the next inline label of the respondent's part)."""
    for ln, hit in labelled.get("respondent", []):
        s, e = doc.value_region(ln, hit.value_start, max_lines=3)
        m = re.search(r"\s(?:dia chi|chuc vu|noi cong tac|dien thoai|so dien thoai)\s*:", doc.f[s:e])
        if m:
            e = s + m.start()
        s, e = doc.trim(s, e)
        value = clean_value(doc.t[s:e])
        if value:
            return Cand(value, s, e, hit.confidence * 0.95, "label:" + hit.method)
    return None


def _respondent_between(doc: Doc) -> Cand | None:
    """ "làm đơn này tố cáo <X> về việc ...", "làm đơn này khiếu nại đối với <X> về việc ...": X is named between
    the category word and the matter."""
    m = re.search(
        r"\b(?:lam|viet|gui|lap)\s+(?:don|don thu|thu)\s*(?:nay\s*)?(?:de\s+|xin\s+)?"
        r"(?:to cao|to giac|khieu nai|phan anh)\s+(?:(?:doi voi|hanh vi cua)\s+)?"
        r"(?P<x>[^.;:]{3,160}?)\s+(?:ve\s+viec|ve\s+hanh\s+vi)\b",
        doc.f,
    )
    if m:
        s, e = doc.trim(m.start("x"), m.end("x"))
        first = doc.t[s : s + 1]
        if e > s and (first.isupper() or _match_head(doc.ff, s)) and not doc.line_of(s).header:
            return Cand(clean_value(doc.t[s:e]), s, e, 0.7, "prose-between")
    return None


def _respondent_after_verb(doc: Doc) -> Cand | None:
    """ "tố cáo ông Nguyễn Văn B ...", "khiếu nại Chủ tịch UBND ..."."""
    f = doc.f
    for m in re.finditer(
        r"\b(?:to cao|to giac|khieu nai|phan anh)\s+(?:doi voi\s+)?(?:hanh vi\s+(?:vi pham\s+)?(?:cua\s+)?)?",
        f,
    ):
        if doc.line_of(m.start()).header or doc.line_of(m.start()).idx != doc.line_of(m.end()).idx:
            continue  # the title ("ĐƠN KHIẾU NẠI") followed by the next line is not "khiếu nại <someone>"
        ent = _read_entity(doc, m.end(), min(len(f), m.end() + 160))
        if ent and _match_head(doc.ff, m.end()) not in (None, "so", "to", "ban", "hoi"):
            s, e = ent
            e = _trailing_appositive(doc, e, doc.sentence_end(e, max_chars=120))
            return _entity_cand(doc, s, e, s, 0.55, "prose", 0.6)
    return None


def _respondent_in_subject(doc: Doc, subject: Cand | None, body_from: int) -> Cand | None:
    """The subject names the target: "... của ông X", "... từ Công ty Y", "... tại bộ phận một cửa"."""
    if subject is None:
        return None
    ss, se = subject.start, subject.end
    for m in reversed(list(re.finditer(r"\b(?:cua|tu|tai)\s+", doc.f[ss:se]))):
        p = ss + m.end()
        h = _match_head(doc.ff, p)
        if h is None or h in ("so", "to", "hoi") or (m.group(0).startswith("tai") and h in PERSON_HEADS):
            continue
        ent = _read_entity(doc, p, se)
        if not ent:
            continue
        s, e = ent
        e = _trailing_appositive(doc, e, se)
        return _entity_cand(doc, s, e, body_from, 0.55, "subject", 0.6)
    return None


def _respondent_leading_subject(doc: Doc, subject: Cand | None) -> Cand | None:
    """The subject itself starts with the actor: "Trạm y tế phường thu tiền khám bệnh ..."."""
    if subject is not None and doc.t[subject.start : subject.start + 1].isupper():
        h = _match_head(doc.ff, subject.start)
        if h and h not in ("so", "to", "ban", "hoi", "chu"):
            ent = _read_entity(doc, subject.start, subject.end)
            if ent and ent[1] < subject.end - 3:
                s, e = ent
                return Cand(clean_value(doc.t[s:e]), s, e, 0.45, "subject-actor")
    return None


def _respondent_issuer(doc: Doc, body_from: int) -> Cand | None:
    """ "X ban hành Quyết định ...": X is the body complained about (a complaint)."""
    f = doc.f
    m = re.search(
        r"([^.,;]{3,120}?)\s+(?:da\s+)?ban\s+hanh\s+(?:quyet dinh|qd|van ban|thong bao)", f[body_from:]
    )
    if m:
        seg_s = body_from + m.start(1)
        seg_e = body_from + m.end(1)
        for hm in re.finditer(r"\b", f[seg_s:seg_e]):
            p = seg_s + hm.start()
            if p < seg_e and f[p].isalpha() and doc.t[p].isupper() and _match_head(doc.ff, p):
                s, e = doc.trim(p, seg_e)
                return Cand(clean_value(doc.t[s:e]), s, e, 0.5, "issuer")
    return None


def _respondent_leading_content(doc: Doc, body_from: int) -> Cand | None:
    """The subject of the first content sentence: "Hộ bà X đang xây dựng ...", "Công ty Y hoạt động ..."."""
    for ln in doc.lines:
        if ln.start < body_from or ln.blank or ln.label is not None:
            continue
        p = ln.start + len(ln.text) - len(ln.text.lstrip())
        if not doc.t[p : p + 1].isupper():
            continue
        h = _match_head(doc.ff, p)
        if h and h not in ("so", "to", "ban", "hoi", "chu", "truong", "pho", "can bo", "cong chuc"):
            ent = _read_entity(doc, p, min(len(doc.f), p + 160))
            if ent:
                s, e = ent
                return _entity_cand(doc, s, e, s, 0.4, "content", 0.45)
        break
    return None


def _entity_cand(
    doc: Doc, s: int, e: int, mentions_from: int, conf: float, method: str, conf_ext: float
) -> Cand:
    """The entity [s, e), with the appositive of its mention from ``mentions_from`` on when there is one."""
    ext = _extend_appositive(doc, s, e, mentions_from)
    if ext:
        return Cand(ext[0], ext[1], ext[2], conf_ext, method + "+appositive")
    return Cand(clean_value(doc.t[s:e]), s, e, conf, method)


def find_attachments(doc: Doc, labelled) -> list[str]:
    out: list[str] = []
    for ln, hit in labelled.get("attachments", []):
        if fold(doc.t[hit.label_start : hit.value_start]).strip().startswith("noi nhan"):
            continue
        s, e = doc.value_region(ln, hit.value_start, max_lines=3)
        text = doc.t[s:e]
        if text.strip():
            out.extend(p for p in (clean_value(x) for x in re.split(r"[;,]\s+|\n", text)) if p)
        j = doc.line_of(e).idx + 1
        while j < len(doc.lines):
            nl = doc.lines[j]
            mm = re.match(r"^\s*(?:[-+•*·]|\d{1,2}[.)])\s*", nl.text)
            if not mm or nl.label is not None:
                break
            out.append(clean_value(nl.text[mm.end() :]))
            j += 1
        break
    return [x for x in out if x]


def read_matter(r: Reading) -> None:
    """The subject, the category (title and content), the respondent, the domain, and the attachments."""
    doc, title = r.doc, r.title
    r.subject = find_subject(doc, r.labelled, title)
    r.category = classify_category(doc.t, title.value if title else None, r.options)
    body_from = r.subject.end if r.subject is not None else (r.intro or 0)
    r.respondent = find_respondent(doc, r.labelled, r.subject, r.category.category, body_from)
    if r.respondent is not None and r.name is not None and fold(r.name.value) in fold(r.respondent.value):
        r.respondent = None  # the writer is not the one complained about (an account names the writer again)
    r.domain = classify_domain(
        doc.t,
        subject=r.subject.value if r.subject else "",
        title=title.value if title else "",
        respondent=r.respondent.value if r.respondent else "",
        recipient=r.recipient.value if r.recipient else "",
        options=r.options,
    )
    r.attachments = find_attachments(doc, r.labelled)
