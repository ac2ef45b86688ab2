"""Labelled values, fail closed: the value after an identity label ("Họ và tên:", "Địa chỉ:", "Tôi tên là ...",
"Số CCCD", "Điện thoại", ...) to the end of its line, whether or not extraction found it."""

from __future__ import annotations

import re

from .matching import HONORIFIC
from .tokens import Line, Tok, first_tok_after

_LEAD = r"^[\W_]*(?:(?:\d{1,2}|[ivx]{1,4}|[a-e])\s*[.)/]\s*)?[-+•*–]?\s*"
# labels at the start of a line, by the reason of the value that follows
_LINE_LABELS = [
    ("intro", r"(?:toi|chung toi) ten la|ten toi la|toi la"),
    # these only with a colon: "NGƯỜI TỐ CÁO" alone is the signature block's heading
    ("intro:", r"nguoi dai dien(?: theo uy quyen)?|dai dien(?: cac ho| ho)?(?: dan)?"),
    (
        "name:",
        r"nguoi (?:to cao|lam don|viet don|gui don|khieu nai|kien nghi|phan anh)|ong\s*/\s*ba|ten(?= ?:)",
    ),
    ("name", r"ho va ten|ho ten|ho, ten|ten nguoi \w+ \w+"),
    (
        "address",
        r"dia chi(?: thuong tru| lien he| cu tru| hien nay| hien tai| noi o)?|noi cu tru|noi o(?: hien nay)?|"
        r"cho o(?: hien nay)?|thuong tru|tam tru|que quan|tru tai|cu tru tai|hien cu tru tai|"
        r"hien tru tai|noi thuong tru",
    ),
    ("phone", r"(?:so )?dien thoai(?: lien he| di dong)?|sdt|s dt|so dt|dt|dtdd|email|e-mail|zalo"),
    (
        "id_number",
        r"(?:so )?(?:cccd|cmnd|cmt)(?:\s*/\s*(?:cccd|cmnd|ho chieu))?(?: so)?|"
        r"(?:so )?can cuoc(?: cong dan)?(?: so)?|(?:so )?chung minh (?:nhan dan|thu)(?: so)?|"
        r"so dinh danh(?: ca nhan)?|ma dinh danh|ho chieu so|so ho chieu",
    ),
    ("name", r"nam sinh|ngay sinh|sinh nam|sinh ngay"),
]
_LINE_LABEL_RE = [(reason, re.compile(_LEAD + r"(?:" + rx + r")\b")) for reason, rx in _LINE_LABELS]
# labels that may sit in the middle of a line ("Tôi tên là ...", ", điện thoại 0912...")
_MID_LABEL_RE = re.compile(
    r"\b(?:(?:toi|chung toi) ten la|ten toi la|(?:so )?dien thoai|sdt|"
    r"(?:hien )?(?:dang )?(?:cu )?tru tai|dia chi lien he|thuong tru tai)\b"
)
_RESPONDENT_RE = re.compile(r"\bbi (?:to cao|khieu nai|phan anh|kien nghi)\b|\bdoi tuong\b|\bnguoi bi\b")
_ABBREV = {"tp", "p", "q", "tx", "tt", "h", "x", "ng", "st", "dt", "so", "sn"}


def _sentence_end(toks: list[Tok], i: int) -> bool:
    raw = toks[i].raw.rstrip(")\"'”")
    if not raw.endswith((".", ";", "!", "?")) or raw.endswith(".."):
        return False
    return toks[i].f not in _ABBREV and not re.fullmatch(r"[A-ZĐ]{1,3}\.", raw)


def _harvest_name(toks: list[Tok], value: list[int]) -> str | None:
    """The capitalised words opening a labelled value ("Nguyễn Văn Bình, sinh năm ..."): a name to look for
    elsewhere on the page when extraction missed it."""
    got: list[str] = []
    for i in value:
        raw = toks[i].raw.strip("\"'“”()")
        word = raw.rstrip(",.;:")
        if not word or not word[0].isupper() or not word.isalpha():
            break
        if toks[i].f in HONORIFIC and not got:
            continue
        got.append(word)
        if raw != word or len(got) == 5:
            break
    return " ".join(got) if 2 <= len(got) <= 5 else None


def label_rule(toks: list[Tok], lines: list[Line], names: list[str] | None = None) -> dict[int, str]:
    """Values after identity labels, to the end of the line (the intro sentence to its end), fail closed.
    Names read after name labels are appended to ``names``.

    Once a line names the respondent ("Người bị tố cáo: ...", "đối tượng ..."), addresses are theirs, not the
    complainant's, until a name label starts another person."""
    out: dict[int, str] = {}
    respondent = False
    for li, ln in enumerate(lines):
        if not ln.toks:
            continue
        hit = _find_label(ln.text, respondent)
        if hit is None:
            respondent = respondent or _names_respondent(ln.text)
            continue
        reason, end, with_colon = _label_end(ln.text, hit)
        if reason == _RESPONDENT:
            respondent = True
            continue
        if reason is None or (reason == "address" and respondent):
            continue
        if reason in ("name", "intro"):
            respondent = False
        value, nxt = _value_at(toks, lines, li, end)
        if not value or (
            reason == "intro" and not with_colon and _no_name_follows(toks, ln.text, hit, value)
        ):
            continue
        if reason == "intro" and with_colon:
            reason = "name"  # "Tên tôi là: ..." in a form: the value is the rest of the line
        if (
            reason in ("intro", "name")
            and names is not None
            and (hit[0] != "name" or "sinh" not in ln.text[:end])
        ):
            found = _harvest_name(toks, value)
            if found:
                names.append(found)
        if reason == "intro":
            value = _intro_sentence(toks, lines, value, nxt)
            reason = "name"
        elif reason == "address":
            value = _wrapped_address(toks, lines, value, nxt)
        for i in value:
            out.setdefault(i, reason)
    return out


_RESPONDENT = "respondent"  # _label_end: the label belongs to the respondent


def _find_label(text: str, respondent: bool) -> tuple[str, int] | None:
    """The identity label of a line, as (reason, where it ends): the longest one at the start of the line, else
    one in the middle ("Tôi tên là ...", ", điện thoại ..."; an address there not while reading the respondent)."""
    hit = None
    for reason, rx in _LINE_LABEL_RE:
        m = rx.match(text)
        if m and (hit is None or m.end() > hit[1]):
            hit = (reason, m.end())
    if hit is not None:
        return hit
    m = _MID_LABEL_RE.search(text)
    if not m:
        return None
    ft = m.group(0)
    reason = "phone" if "thoai" in ft or ft == "sdt" else "intro" if "ten" in ft else "address"
    if reason == "address" and respondent:
        return None
    return reason, m.end()


def _names_respondent(text: str) -> bool:
    """A line without an identity label that opens the respondent's part ("Người bị tố cáo", "Đối tượng bị ...")."""
    return bool(
        re.match(_LEAD + r"(?:nguoi bi|doi tuong bi|ten co quan|co quan bi|to chuc bi)", text)
        or (re.match(_LEAD + r"[^:]{0,60}\bbi (?:to cao|khieu nai|phan anh)", text) and ":" in text)
    )


def _label_end(text: str, hit: tuple[str, int]) -> tuple[str | None, int, bool]:
    """(reason, where the value starts, whether the label has its colon). The reason is None for a label that
    counts only with a colon and has none, ``_RESPONDENT`` for a label about the respondent."""
    reason, end = hit
    colon = text.find(":", end)
    between = text[end:colon] if colon >= 0 else ""
    with_colon = colon >= 0 and len(between) <= 45 and not re.search(r"\d", between)
    if reason.endswith(":"):
        if not with_colon:
            return None, end, with_colon
        reason = reason[:-1]
    if with_colon:
        if _RESPONDENT_RE.search(between) or _RESPONDENT_RE.search(text[:end]):
            return _RESPONDENT, end, with_colon
        end = colon + 1
    elif _RESPONDENT_RE.search(text[:end]):
        return _RESPONDENT, end, with_colon
    return reason, end, with_colon


def _value_at(toks: list[Tok], lines: list[Line], li: int, end: int) -> tuple[list[int], int]:
    """The tokens after the label (or, for a label alone on its line, the next line) and the next line to read."""
    ln = lines[li]
    value = ln.toks[first_tok_after(toks, ln, end) :]
    nxt = li + 1
    if not value and nxt < len(lines) and lines[nxt].toks:
        value = list(lines[nxt].toks)
        nxt += 1
    return value, nxt


def _no_name_follows(toks: list[Tok], text: str, hit: tuple[str, int], value: list[int]) -> bool:
    """ "Tôi là người dân ...": the intro without its colon, and no capital letter after it."""
    return bool(re.search(r"\btoi la$", text[: hit[1]])) and not toks[value[0]].raw[:1].isupper()


def _intro_sentence(toks: list[Tok], lines: list[Line], value: list[int], nxt: int) -> list[int]:
    """The whole intro sentence ("Tôi tên là ..., sinh năm ..., trú tại ..., điện thoại ....")."""
    extra = 0
    while not _sentence_end(toks, value[-1]) and nxt < len(lines) and extra < 4 and lines[nxt].toks:
        if any(_sentence_end(toks, i) for i in lines[nxt].toks):
            stop = next(j for j, i in enumerate(lines[nxt].toks) if _sentence_end(toks, i))
            value += lines[nxt].toks[: stop + 1]
            break
        value += lines[nxt].toks
        nxt += 1
        extra += 1
    return value


def _wrapped_address(toks: list[Tok], lines: list[Line], value: list[int], nxt: int) -> list[int]:
    """An address wrapped onto the next line(s): the previous line ends with a comma, or the next starts in lower
    case (or with "Thành phố"/"Tỉnh")."""
    extra = 0
    while nxt < len(lines) and lines[nxt].toks and extra < 2:
        nl = lines[nxt]
        if any(rx.match(nl.text) for _r, rx in _LINE_LABEL_RE):
            break
        first = toks[nl.toks[0]].raw
        if (
            toks[value[-1]].raw.endswith(",")
            or first[:1].islower()
            or re.match(r"(?:thanh pho|tinh|tp)\b", nl.text)
        ):
            value += nl.toks
            nxt += 1
            extra += 1
        else:
            break
    return value
