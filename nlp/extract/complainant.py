"""Who wrote the petition: the complainant's name (label, self-introduction, or the name under the
signature), the signer list of a group petition, and the identity numbers and address read in the part of the
text where the complainant introduces themselves.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ...lang.normalize import clean_value, collapse_ws
from ...lang.normalize import fold_chars as fold
from ..address import has_admin_unit
from ..validate import IdCheck, PhoneCheck, check_id_number, check_phone
from .document import Doc
from .readers import (
    ADDR_INLINE_STOP_RE,
    ADMIN_UNIT_RE,
    fuzzy_anchor,
    name_key,
    name_plausibility,
    name_reading_score,
    ner_trim,
    number_after,
    read_address,
    read_name,
    read_number,
    same_name,
    valid_syllable_ratio,
)
from .result import Cand, Reading

_ADDR_FUZZY = (
    "dia chi",
    "cu tru tai",
    "thuong tru tai",
    "noi cu tru",
    "noi o hien nay",
    "cho o hien nay",
    "tam tru tai",
)
_ID_FUZZY = (
    "can cuoc cong dan",
    "chung minh nhan dan",
    "dinh danh ca nhan",
    "so can cuoc",
    "so cccd",
    "so cmnd",
)
_PHONE_FUZZY = ("dien thoai", "so dien thoai", "dien thoai lien he")


_NAME_STOP_RE = re.compile(
    r"(?:[,;(]|\s-\s|\s{2,}|\bsinh\s+nam\b|\bnam\s+sinh\b|\bsn\b|\bgioi tinh\b|\bdan toc\b)"
)


# anchors (folded text)
_NAME_ANCHORS = [
    (re.compile(r"\b(?:toi|chung toi)\s+(?:ten\s+)?la\s*[:]?\s*(?:(?:ong|ba|anh|chi|cu)\s+)?"), 0.85),
    (re.compile(r"\bten\s+(?:cua\s+)?toi\s+la\s*[:]?\s*(?:(?:ong|ba|anh|chi|cu)\s+)?"), 0.85),
    (re.compile(r"\btoi\s+ten\s*[:]?\s*(?:(?:ong|ba|anh|chi|cu)\s+)?"), 0.8),
    (re.compile(r"\bcu\s+(?:ong|ba|anh|chi)\s+"), 0.8),
    (
        re.compile(
            r"\b(?:nguoi\s+)?dai\s+dien\s+(?:cho\s+[^:\n]{0,40}?\s+)?(?:la\s*|:\s*)?(?:ong|ba|anh|chi)\s+"
        ),
        0.8,
    ),
    (re.compile(r"\b(?:toi|chung toi)\s+(?:la\s+)?(?:ong|ba|anh|chi)\s+"), 0.75),
]
_ADDR_ANCHORS = [
    re.compile(
        r"\b(?:hien\s+)?(?:dang\s+)?(?:cu tru|thuong tru|tam tru|sinh song|song|tru|o|ngu)\s+tai\s*[:]?\s*"
    ),
    re.compile(r"\b(?:hien|dang)\s+(?:cu|thuong|tam|sinh)\s+[a-z]{2,4}\s+tai\s*[:]?\s*"),
    re.compile(r"\b(?:hien\s+)?(?:dang\s+)?(?:cu tru|thuong tru|tam tru|tru)\s*:\s*"),
    re.compile(
        r"\b(?:dia chi|noi o|cho o|noi cu tru|hktt|ho khau thuong tru)(?:\s+(?:thuong tru|lien he|cu tru|"
        r"hien nay|hien tai))?\s*(?:tai|la|o)?\s*[:]?\s*"
    ),
    re.compile(
        r"\bhien\s+o\s*(?::|tai)?\s*(?=(?:so|thon|xom|ap|ban|to|khu|phuong|xa|thi tran|duong|pho|ngo)\b)"
    ),
]
_ID_ANCHOR = re.compile(
    r"\b(?:so\s+)?(?:cccd|cmnd|cmt|can cuoc cong dan|the can cuoc|can cuoc|chung minh nhan dan|"
    r"chung minh thu|dinh danh ca nhan|so dinh danh|ho chieu)(?:\s*/\s*(?:cccd|cmnd))?"
    r"(?:\s+so)?\s*[:.]?\s*(?:la\s*)?"
)
_PHONE_ANCHOR = re.compile(
    r"\b(?:so\s+)?(?:dien thoai|dt|sdt|dtdd|di dong)(?:\s+(?:lien he|lien lac|di dong|"
    r"ca nhan|co dinh))?\s*[:.]?\s*(?:la\s*)?"
)


# a third-person account (a newspaper's, a forwarding note's): "Ông X (address) gửi đơn ...", "2- Bà Y, trú tại ...,
# phản ánh ...": an honorific opening a sentence, a name, and in the same sentence the act of petitioning
_ACCOUNT_OPEN_RE = re.compile(
    r"(?:^|(?<=[.!?:]\s)|(?<=\n)|(?<=\d[-.)]\s))(?:ong|ba|anh|chi|cu|bac|em)\s+(?=\S)"
)
_ACCOUNT_VERB_RE = re.compile(
    r"\b(?:(?:gui|lam|viet|co|nop|dung)\s+(?:\w+\s+)?(?:don|thu|kien nghi|to cao)|phan anh|trinh bay|keu cuu|"
    r"cau cuu|keu oan|to cao|to giac|khieu nai|kien nghi|cho biet|ke lai|bao tin|lien he)\b"
)
ACCOUNT_CONF = 0.7


def find_account_name(doc: Doc, signers_start: int) -> Cand | None:
    """The writer of a third-person account: the first honorific + name opening a sentence that also says
    the person petitioned (an official named in an appositive, "Ông X, cán bộ ..., đã ...", does not)."""
    f, t = doc.f, doc.t
    for m in _ACCOUNT_OPEN_RE.finditer(f, 0, signers_start):
        if not t[m.start()].isupper():
            continue  # "... của ông X" mid-sentence: a mention, not the account's subject
        r = read_name(doc, m.end())
        if not r:
            continue
        end = f.find(". ", r[1])
        sentence = f[r[1] : (end if end != -1 else len(f))][:320]
        if not _ACCOUNT_VERB_RE.search(sentence):
            continue
        value = clean_value(t[r[0] : r[1]])
        return Cand(value, r[0], r[1], ACCOUNT_CONF * (0.5 + 0.5 * name_plausibility(value)), "prose:account")
    return None


_ACCOUNT_ADDR_RE = re.compile(
    r"\s*,?\s*(?:hien\s+)?(?:(?:cu |thuong |tam )?tru tai|ngu tai|o tai|song tai|dia chi tai|o|ngu|ngu o|tru|"
    r"tru o|que|que o|song o|cu tru o|dia chi)\s*:?\s+(?=\S)"
)


def _account_address(doc: Doc, name: Cand) -> Cand | None:
    """ "Ông X (số 5, phường Y, quận Z) gửi đơn", "bà Y ở thôn Z, xã T phản ánh": the address in brackets or
    after "ở / ngụ / trú / quê" right after the name (other anchors are read by ``find_address``)."""
    paren = _parenthesised_address(doc, name)
    if paren is not None:
        return paren
    m = _ACCOUNT_ADDR_RE.match(doc.f, name.end)
    if not m:
        return None
    r = read_address(doc, m.end())
    if not r:
        return None
    verb = _ACCOUNT_VERB_RE.search(doc.f, r[0], r[1])  # "... thành phố Hà Nội phản ánh việc ...": ends there
    r = doc.trim(r[0], verb.start()) if verb else r
    value = clean_value(doc.t[r[0] : r[1]]).rstrip(" ,;")
    if not value or not has_admin_unit(value):
        return None
    return Cand(value, r[0], r[1], 0.7, "prose:account")


def _parenthesised_address(doc: Doc, name: Cand) -> Cand | None:
    """ "Ông X (số 5, phường Y, quận Z) gửi đơn": the address in brackets right after the name."""
    m = re.match(r"\s*\(([^()\n]{6,160})\)", doc.t[name.end : name.end + 170])
    if not m:
        return None
    s, e = name.end + m.start(1), name.end + m.end(1)
    value = clean_value(doc.t[s:e])
    if not value or not has_admin_unit(value):
        return None
    return Cand(value, s, e, 0.75, "prose:account")


def _name_from_region(doc: Doc, s: int, e: int) -> tuple[int, int] | None:
    """Cut a labelled name value: drop honorific, stop at inline labels/commas."""
    f = doc.f
    m = _NAME_STOP_RE.search(f, s, e)
    if m:
        e = m.start()
    s, e = doc.trim(s, e)
    hm = re.match(r"(?:ong|ba|anh|chi|cu)\s*[/(]?\s*(?:ba|ong)?\s*[)]?\s+", f[s:e])
    if hm and e - s - hm.end() > 3:
        s += hm.end()
    return (s, e) if e > s else None


def find_name(doc: Doc, labelled, signers_start: int) -> tuple[Cand | None, int | None]:
    """Complainant name and the position where the self-introduction starts (for address/id/phone)."""
    for ln, hit in labelled.get("name", []):
        if hit.value_start >= signers_start:
            continue
        s, e = doc.value_region(ln, hit.value_start, max_lines=1)
        r = _name_from_region(doc, s, e)
        if not r:
            continue
        s2, e2 = r
        rn = read_name(doc, s2, allow_lower_start=True)
        if rn and rn[1] <= e2:
            s2, e2 = rn
        value = clean_value(doc.t[s2:e2])
        if not value:
            continue
        conf = hit.confidence * (0.55 + 0.45 * name_plausibility(value))
        return Cand(value, s2, e2, conf, "label:" + hit.method), hit.label_start
    best: Cand | None = None
    intro = None
    for rx, base in _NAME_ANCHORS:
        for m in rx.finditer(doc.f, 0, signers_start):
            r = read_name(doc, m.end())
            if not r:
                continue
            s, e = r
            if len(doc.t[s:e].split()) >= 5:
                e = ner_trim(doc, s, e)
            value = clean_value(doc.t[s:e])
            conf = base * (0.5 + 0.5 * name_plausibility(value))
            if best is None or s < best.start:
                best, intro = Cand(value, s, e, conf, "prose"), m.start()
            break
    return best, intro


def find_signature_name(doc: Doc) -> Cand | None:
    lines = doc.lines
    for i in range(len(lines) - 1, -1, -1):
        fl = lines[i].ftext.strip()
        if re.match(r"^\(?\s*(ky|da ky)\b.{0,30}(ten|\))", fl) or fl in ("(ky ten)", "(da ky)"):
            for j in range(i + 1, min(i + 5, len(lines))):
                ln = lines[j]
                if ln.blank:
                    continue
                r = read_name(doc, ln.start + len(ln.text) - len(ln.text.lstrip()))
                if r and r[1] <= ln.end and not doc.t[r[1] : ln.end].strip(" .,"):
                    v = clean_value(doc.t[r[0] : r[1]])
                    return Cand(v, r[0], r[1], 0.6 * name_plausibility(v), "signature")
            break
    return None


_SIGNERS_HEAD_RE = re.compile(
    r"^\s*(?:danh sach\b.*\b(?:ky|ky ten|chu ky|tham gia|dong ky)\b|danh sach (?:cac )?"
    r"(?:ho|nguoi|cong dan|ho dan)\b|(?:chu ky|ky ten) cua (?:cac )?(?:ho|nguoi|cong dan))"
)
_ENTRY_RE = re.compile(
    r"^\s*(\d{1,3})\s*[.)/:|-]?\s+(.*)$|^\s*([SOIlZB])\s*[.)]\s+(.*)$"
)  # "S." = OCR'd "5."


def _entry(text: str) -> tuple[int | None, int] | None:
    """(number or None when OCR garbled it, start of the rest) of a numbered list line."""
    m = _ENTRY_RE.match(text)
    if not m:
        return None
    if m.group(1) is not None:
        return int(m.group(1)), m.start(2)
    return None, m.start(4)


# a group's size stated with the act of signing or petitioning ("hơn 40 hộ dân cùng ký đơn", "đại diện cho 32 hộ
# gia đình"); a number of households that did not sign (the 44 houses of a lane) has no such verb
_GROUP_NOUNS = (
    r"ho dan|nguoi dan|cu dan|ho gia dinh|gia dinh|cong dan|ho|nguoi|can bo|vien chuc|giao vien|cong nhan|"
    r"xa vien|dang vien|hoc sinh|phu huynh|tieu thuong|hoi vien"
)
_STATED_SIGNERS_RE = re.compile(
    rf"\bdai dien\s+(?:cho\s+)?(\d{{1,4}})\s+(?:{_GROUP_NOUNS})\b|"
    rf"\b(\d{{1,4}})\s+(?:{_GROUP_NOUNS})\b[^.\n]{{0,80}}?\b(?:cung ky|ky ten|ky don|dong ky|gui don|lam don|"
    r"viet don|co don|dung don|gui thu|ky vao)\b"
)


def find_signers(doc: Doc) -> tuple[list[tuple[str, int, int]], int, int | None]:
    """Names listed in a group petition's signer list, the list's start position and a stated group size."""
    lines = doc.lines
    head_idx = None
    for ln in lines:
        if _SIGNERS_HEAD_RE.match(ln.ftext):
            head_idx = ln.idx
            break
    entries: list[tuple[str, int, int]] = []
    start_pos = len(doc.t)

    numbers: list[int] = []

    def collect(from_idx: int) -> list[tuple[str, int, int]]:
        numbers.clear()
        got: list[tuple[str, int, int]] = []
        misses = 0
        for ln in lines[from_idx:]:
            if ln.blank:
                continue
            m = _entry(ln.text)
            if not m:
                fl = ln.ftext.strip()
                if re.match(r"^(stt|ho va ten|ho ten|tt)\b", fl):
                    continue
                misses += 1
                if got and misses > 1:
                    break
                if not got and misses > 2:
                    break
                continue
            misses = 0
            if m[0] is not None:
                numbers.append(m[0])
            pos = ln.start + m[1]
            hm = re.match(r"(?:ong|ba|anh|chi)\s+", doc.f[pos : ln.end])
            if hm:
                pos += hm.end()
            r = read_name(doc, pos)
            if r and r[1] <= ln.end:
                got.append((clean_value(doc.t[r[0] : r[1]]), r[0], r[1]))
            elif got:
                break
        return got

    if head_idx is not None:
        entries = collect(head_idx + 1)
        start_pos = lines[head_idx].start
    else:
        # numbered names at the end of the petition without a heading
        for ln in lines[len(lines) // 2 :]:
            m = _entry(ln.text)
            if m and m[0] == 1:
                got = collect(ln.idx)
                if len(got) >= 3:
                    entries = got
                    start_pos = ln.start
                    break
    stated = None
    said = re.search(
        r"\b(?:chung toi\s+)?gom\s+(\d{1,3})\s+(?:ho|nguoi|cong dan|ho dan|ho gia dinh)\b", doc.f
    )
    said = said or _STATED_SIGNERS_RE.search(doc.f)
    if said:
        stated = int(next(g for g in said.groups() if g))
    # an entry OCR could not read still has its number counted ("1. ... 4. ... 6. ...": 6 signers)
    if entries and numbers and numbers == sorted(numbers) and len(entries) < max(numbers) <= len(entries) + 2:
        entries = entries + [("", -1, -1)] * (max(numbers) - len(entries))
    return entries, start_pos, stated


# ------------------------------------------------------------------------------------------ identity numbers
def find_id(doc: Doc, labelled, region: tuple[int, int]) -> tuple[Cand | None, IdCheck | None]:
    for _ln, hit in labelled.get("id", []):
        if not (region[0] <= hit.value_start < region[1]):
            continue
        r = read_number(doc, hit.value_start, "id")
        if r and len(r[2]) >= 8:
            s, e, digits, written = r
            chk = check_id_number(digits)
            conf = hit.confidence * (0.98 if chk.valid else 0.55 if chk.id_type else 0.3)
            return Cand(clean_value(written), s, e, conf, "label:" + hit.method), chk
    anchors = [m.end() for m in _ID_ANCHOR.finditer(doc.f, region[0], region[1])]
    anchors += [e for _, e, _ in fuzzy_anchor(doc, _ID_FUZZY, *region)] if not anchors else []
    for a in anchors:
        r = number_after(doc, a, "id")
        if r and len(r[2]) >= 8:
            s, e, digits, written = r
            chk = check_id_number(digits)
            conf = 0.85 * (0.98 if chk.valid else 0.55 if chk.id_type else 0.3)
            return Cand(clean_value(written), s, e, conf, "prose"), chk
    # unlabelled: a valid 12-digit CCCD standing alone in the identity part
    for m in re.finditer(r"(?<![\d/.\-])(\d{12})(?![\d/])", doc.t[region[0] : region[1]]):
        chk = check_id_number(m.group(1))
        if chk.valid:
            s, e = region[0] + m.start(1), region[0] + m.end(1)
            return Cand(m.group(1), s, e, 0.45, "pattern"), chk
    return None, None


def _phone_value(written: str) -> str:
    v = collapse_ws(written).strip(" .,;:-")
    if v.count("(") > v.count(")"):
        v = v.replace("(", "", 1).strip()
    return v


def _phone_factor(chk) -> float:
    if not chk.valid:
        return 0.4
    return 0.98 if chk.known_prefix else 0.8


def find_phone(doc: Doc, labelled, region: tuple[int, int]) -> tuple[Cand | None, PhoneCheck | None]:
    for _ln, hit in labelled.get("phone", []):
        if not (region[0] <= hit.value_start < region[1]):
            continue
        r = read_number(doc, hit.value_start, "phone")
        if r and len(r[2]) >= 8:
            s, e, digits, written = r
            chk = check_phone(digits)
            conf = hit.confidence * _phone_factor(chk)
            return Cand(_phone_value(written), s, e, conf, "label:" + hit.method), chk
    anchors = [m.end() for m in _PHONE_ANCHOR.finditer(doc.f, region[0], region[1])]
    anchors += [e for _, e, _ in fuzzy_anchor(doc, _PHONE_FUZZY, *region)] if not anchors else []
    for a in anchors:
        r = number_after(doc, a, "phone")
        if r and len(r[2]) >= 8:
            s, e, digits, written = r
            chk = check_phone(digits)
            conf = 0.85 * _phone_factor(chk)
            return Cand(_phone_value(written), s, e, conf, "prose"), chk
    for m in re.finditer(
        r"(?<![\d/.\-])((?:\+84|0)[35789]\d(?:[ .]?\d){7})(?![\d/])", doc.t[region[0] : region[1]]
    ):
        chk = check_phone(m.group(1))
        if chk.valid:
            s, e = region[0] + m.start(1), region[0] + m.end(1)
            return Cand(m.group(1), s, e, 0.45, "pattern"), chk
    return None, None


def find_address(doc: Doc, labelled, region: tuple[int, int]) -> Cand | None:
    for ln, hit in labelled.get("address", []):
        if not (region[0] <= hit.value_start < region[1]):
            continue
        s, e = doc.value_region(ln, hit.value_start, max_lines=3)
        m = ADDR_INLINE_STOP_RE.search(doc.f, s, e)
        if m and m.start() > s:
            e = m.start()
        s, e = doc.trim(s, e)
        value = clean_value(doc.t[s:e])
        if value:
            conf = hit.confidence * (0.95 if has_admin_unit(value) else 0.6)
            return Cand(value, s, e, conf, "label:" + hit.method)
    anchors = sorted((m.end(), 0.8) for rx in _ADDR_ANCHORS for m in rx.finditer(doc.f, region[0], region[1]))
    fz = [(e, 0.8 * sc / 100.0) for _, e, sc in fuzzy_anchor(doc, _ADDR_FUZZY, *region, min_score=82)]
    for a, base in anchors + [x for x in fz if x[0] not in {y[0] for y in anchors}]:
        m = re.match(r"\s*(?:tai|la|o)?\s*:?\s*", doc.f[a : a + 8])
        r = read_address(doc, a + (m.end() if m else 0), region[1])
        if r:
            s, e = r
            value = clean_value(doc.t[s:e])
            if len(value) >= 4:
                conf = base * (0.95 if has_admin_unit(value) else 0.55)
                return Cand(value, s, e, conf, "prose")
    # a labelled line whose label the stamp destroyed ("x;ày: chỉ: Số nhà 36, tổ 5, Phường 8, ...") : the head
    # still ends like an address label and the value names two or more administrative units
    for ln in doc.lines:
        if ln.blank or ln.end <= region[0] or ln.start >= region[1]:
            continue
        if ln.label is not None and ln.label.field not in ("other",):
            continue
        seps = [m.start() for m in re.finditer(r"[:;]", ln.text[:40])]
        for sep in reversed(seps):
            head = collapse_ws(re.sub(r"[^a-z ]", " ", ln.ftext[:sep]))
            value = clean_value(ln.text[sep + 1 :])
            if (
                re.search(r"(?:^|\s)(?:chi|tru|tru tai|o)$", head)
                and len(ADMIN_UNIT_RE.findall(fold(value))) >= 2
            ):
                s, e = doc.value_region(ln, ln.start + sep + 1, max_lines=2)
                m = ADDR_INLINE_STOP_RE.search(doc.f, s, e)
                if m and m.start() > s:
                    s, e = doc.trim(s, m.start())
                return Cand(clean_value(doc.t[s:e]), s, e, 0.5, "label-damaged")
    return None


# ------------------------------------------------------------------------------------ steps of extract_fields
_ANON_RE = re.compile(
    r"\b(giau ten|nac danh|khong (?:ghi|neu|de|ky) ten|xin (?:duoc )?(?:phep )?(?:duoc )?an danh|"
    r"an danh|khong tien neu ten)\b"
)
_CONTENT_START_RE = re.compile(
    r"(?m)^\s*(?:noi dung|nay\s+(?:toi|chung toi)|(?:toi|chung toi)\s+(?:lam|viet|gui)\s+don)"
)


def read_signers(r: Reading) -> None:
    """A group petition's signer list, where it starts, and the group size the text states."""
    r.signers, r.signers_start, r.stated = find_signers(r.doc)


def read_complainant(r: Reading) -> None:
    """The complainant's name, the part of the text where their identity is written, and what is read there."""
    _choose_name(r)
    r.region = _identity_region(r)
    r.anonymous_wording = bool(_ANON_RE.search(r.doc.f[: r.signers_start]))
    if r.name is not None or not r.anonymous_wording:
        # without a name there is no self-introduction to read an address from; numbers may still be labelled
        r.address = find_address(r.doc, r.labelled, r.region) if r.name is not None else None
        if r.name is not None and r.name.method == "prose:account":
            r.address = _account_address(r.doc, r.name) or r.address
        r.id_number, r.id_check = find_id(r.doc, r.labelled, r.region)
        r.phone, r.phone_check = find_phone(r.doc, r.labelled, r.region)


def _choose_name(r: Reading) -> None:
    """The name from a label or the self-introduction; else (unless the writer asks for anonymity) the name
    under the signature, whose identity is then read where that name is written earlier."""
    doc = r.doc
    r.name, r.intro = find_name(doc, r.labelled, r.signers_start)
    if r.name is None:
        account = find_account_name(doc, r.signers_start)
        if account is not None:
            r.name, r.intro = account, account.start
    r.signed_name = find_signature_name(doc)
    if r.name is None and r.signed_name is not None and not _ANON_RE.search(doc.f):
        r.name, r.intro = r.signed_name, None
    if r.name is not None and r.name.method == "signature":
        # the signer's name written earlier ("... cử bà X, số CCCD ..."): the identity is read from there
        i = _mention_before(doc, r.name, min(r.signers_start, r.name.start))
        if i != -1:
            r.intro = i


def _mention_before(doc: Doc, name: Cand, end: int) -> int:
    """Where ``name`` is written before ``end`` (exactly, or a close fuzzy alignment of a long name), or -1."""
    key = fold(name.value)
    flat = re.sub(r"\s", " ", doc.f[:end])
    i = flat.find(key)
    if i == -1 and len(key) >= 8:
        al = fuzz.partial_ratio_alignment(key, flat)
        i = al.dest_start if al is not None and al.score >= 85 else -1
    return i


def _identity_region(r: Reading) -> tuple[int, int]:
    """The part of the text where the complainant's identity is written: from the self-introduction to the
    start of the content (prose: the introduction's sentences), never into the signer list or the respondent's
    part ("Người bị tố cáo: ... Địa chỉ: ...")."""
    doc, intro, signers_start = r.doc, r.intro, r.signers_start
    content_m = _CONTENT_START_RE.search(doc.f, intro or 0)
    if intro is not None:
        id_region_start = intro
        id_region_end = min(
            signers_start,
            max(content_m.start() if content_m and content_m.start() > intro else intro + 700, intro + 120),
        )
        if r.name is not None and r.name.method == "prose":
            # prose: the self-introduction sentence(s)
            e = doc.sentence_end(intro, max_chars=700)
            if e - intro < 120:
                e = doc.sentence_end(e + 1, max_chars=700)
            id_region_end = min(id_region_end, max(e, intro + 60))
    else:
        id_region_start = 0
        id_region_end = min(signers_start, content_m.start() if content_m else len(doc.t))
    resp = [
        h.label_start
        for k in ("respondent", "respondent_address")
        for _, h in r.labelled.get(k, [])
        if h.label_start > id_region_start
    ]
    if resp:
        id_region_end = min(id_region_end, min(resp))
    return id_region_start, id_region_end


def decide_anonymity(r: Reading) -> None:
    """Anonymous: the text carries no personal name of a sender (a portal report, an unnamed collective, a
    writer who asks not to be named), whatever the category. An anonymous petition keeps no identity values."""
    if r.name is None:
        r.anonymous = True
        r.anonymous_conf = 0.95 if r.anonymous_wording else 0.6
    else:
        r.anonymous = False
        r.anonymous_conf = 0.6 + 0.35 * min(1.0, r.name.conf)
    if r.anonymous:
        r.address = r.id_number = r.phone = None
        r.id_check = r.phone_check = None


def count_signatories(r: Reading) -> None:
    """How many signed: none when anonymous, the signer list, the size the text states, or one."""
    if r.anonymous:  # no identity: the number the text states ("185 người dân ký đơn"), else none
        r.count, r.count_conf = (r.stated, 0.6) if r.stated and r.stated >= 2 else (0, r.anonymous_conf)
    elif len(r.signers) >= 2:
        r.count = len(r.signers)
        r.count_conf = 0.95 if r.stated in (None, r.count) else 0.7
    elif r.stated and r.stated >= 2:
        r.count, r.count_conf = r.stated, 0.6
    else:
        r.count, r.count_conf = 1, 0.85 if r.name is not None else 0.5


def check_name(r: Reading) -> None:
    """Compare the name read in the body with the one under the signature (keep the better reading of one
    name; doubt a single writer's name that differs), then lower the confidence of impossible syllables."""
    name, sig = r.name, r.signed_name
    if name is not None and sig is not None and name.extra.get("rule_method", name.method) != "signature":
        if name.value == sig.value:
            r.name_check = "same"
            name.conf = min(1.0, name.conf + 0.1)
        elif same_name(name.value, sig.value):
            # two readings of one name (the body's is often under the reception stamp): keep the better one
            r.name_check = "close"
            ka, kb = name_key(name.value), name_key(sig.value)
            # a reading cut short loses to the complete one (unless that one is garbled)
            cut = 0.1 if len(kb) > len(ka) and (kb.startswith(ka) or kb.endswith(ka)) else 0.0
            cut -= 0.1 if len(ka) > len(kb) and (ka.startswith(kb) or ka.endswith(kb)) else 0.0
            if name_reading_score(sig.value) + cut > name_reading_score(name.value):
                name.value, name.start, name.end = sig.value, sig.start, sig.end
                name.method += "+signature"
            name.conf = min(1.0, 0.5 * name.conf + 0.5 * name_plausibility(name.value))
        elif r.count <= 1:
            r.name_check = "different"
            name.conf *= 0.85
    if name is not None:
        # a syllable Vietnamese does not have ("Hồhg") is an OCR error: the name as read is wrong
        name.conf *= valid_syllable_ratio(name.value) ** 2
