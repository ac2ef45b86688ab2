"""The head of a petition: its title (``ĐƠN KHIẾU NẠI``), the date line (``Place, ngày D tháng M năm Y``) and
the recipient (``Kính gửi``, or the authority named between the title and the complainant when the reception
stamp destroyed the label).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ...lang.lexicon import MOTTO_FOLDED
from ...lang.normalize import clean_value, collapse_ws
from ...lang.normalize import fold_chars as fold
from ..authority import match_authority, repair_authority
from ..validate import fix_ocr_digits, make_date
from .document import Doc, LabelHit, Line
from .readers import TOKEN_RE
from .result import Cand, Reading
from .vocab import AUTHORITY, STAMP_TOKENS

_DATE_RE = re.compile(
    r"\b[a-z]{3,5}\s*[:.]?\s*([0-9OoIl]{1,2})\s*[,.]?\s*[a-z]{4,6}\s*[:.]?\s*([0-9OoIl]{1,2})"
    r"\s*[,.]?\s*[a-z]{2,4}\s*[:.]?\s*([0-9OoIl]{4})\b"
)
_DATE_NUM_RE = re.compile(r"\b(?:ngay\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\b")


def find_date(doc: Doc) -> tuple[Cand | None, str | None, tuple[int, int] | None]:
    """Petition date from a 'Place, ngày D tháng M năm Y' line; also the place."""
    cands = []
    nlines = max(1, len(doc.lines))
    for rx, kind in ((_DATE_RE, "words"), (_DATE_NUM_RE, "numeric")):
        for m in rx.finditer(doc.f):
            d, mo, y = (fix_ocr_digits(g) for g in m.groups())
            date = make_date(d, mo, y)
            if date is None:
                continue
            ln = doc.line_of(m.start())
            before = doc.t[ln.start : m.start()]
            after = doc.t[m.end() : ln.end].strip(" .,)")
            fb = fold(before).strip()
            score = 0.0
            place = None
            if not fb:
                score += 2
            elif before.rstrip().endswith(",") and len(before) <= 45 and not re.search(r"\d", before):
                score += 3
                place = before.rstrip().rstrip(",")
            elif len(before) <= 35 and not re.search(r"\d", before) and before.strip()[:1].isupper():
                score += 1.5
                place = before
            else:
                score -= 3
            if after:
                score -= 2
            if re.search(r"\b(tu|den|cua|so|ban hanh|quyet dinh|qd|thong bao|nop|vao|sau|truoc)\s*$", fb):
                score -= 4
            if kind == "numeric":
                score -= 1
            rel = ln.idx / nlines
            score += 1.0 if rel < 0.3 else (0.5 if rel > 0.7 else 0.0)
            cands.append((score, m.start(), m.end(), date, place, ln))
    if not cands:
        return None, None, None
    cands.sort(key=lambda c: (-c[0], c[1]))
    score, s, e, date, place, ln = cands[0]
    if score < 1.5:
        return None, None, None
    conf = 0.95 if score >= 4 else 0.8 if score >= 3 else 0.6
    ds, de = doc.trim(ln.start if place else s, e)
    pspan = None
    if place:
        place_clean = clean_value(place)
        ps = ln.start + doc.t[ln.start : ln.end].find(place_clean) if place_clean else ln.start
        pspan = (ps, ps + len(place_clean))
        place = place_clean or None
    return Cand(date.isoformat(), s, e, conf, "date", {"line_span": (ds, de)}), place, pspan


def find_title(doc: Doc) -> Cand | None:
    seen = 0
    for ln in doc.lines:
        if ln.blank:
            continue
        seen += 1
        if seen > 16:
            break
        fl = collapse_ws(re.sub(r"[^a-z0-9 ]", " ", ln.ftext))
        if any(fuzz.ratio(fl, mt) >= 75 for mt in MOTTO_FOLDED):
            continue
        words = fl.split()
        if not words:
            continue
        # the reception stamp's text may stand in front of the title on the same line ("BAN TIẾP CÔNG DÂN ĐƠN
        # PHẢN ÁNH", "ĐẾN Số: 3032 ĐƠN KHIẾU NẠI"): skip capitalised stamp words and numbers
        skip = 0
        toks = list(TOKEN_RE.finditer(ln.text))
        while (
            skip < min(len(toks) - 1, 6)
            and fold(re.sub(r"[^\w]", "", toks[skip].group(0))) in STAMP_TOKENS | {"so", ""}
            and not re.sub(r"[^\w]", "", toks[skip].group(0)).islower()
        ) or (skip < min(len(toks) - 1, 6) and re.fullmatch(r"[\d/.:\-]+", toks[skip].group(0))):
            skip += 1
        line_start = ln.start
        if skip:
            rest = collapse_ws(re.sub(r"[^a-z0-9 ]", " ", fold(ln.text[toks[skip].start() :])))
            if rest.split()[:1] in (["don"], ["thu"]) and ln.label is None:
                words = rest.split()
                line_start = ln.start + toks[skip].start()
        first_ok = words[0] in ("don", "thu") or (len(words[0]) == 3 and fuzz.ratio(words[0], "don") >= 66)
        upper = sum(c.isupper() for c in ln.text if c.isalpha()) / max(1, sum(c.isalpha() for c in ln.text))
        if first_ok and (upper >= 0.7 or len(words) <= 4) and len(words) <= 12 and ln.label is None:
            s, e = doc.trim(line_start, ln.end)
            nxt = doc.next_nonblank(ln.idx)
            if (
                len(words) <= 2
                and nxt is not None
                and nxt.header
                and nxt.label is None
                and len(nxt.text.split()) <= 6
            ):
                e = doc.trim(nxt.start, nxt.end)[1]  # "ĐƠN" / "KHIẾU NẠI" on two lines
            return Cand(clean_value(doc.t[s:e]), s, e, 0.9, "title")
    return None


def _stamp_debris_token(tok: str, line: str) -> bool:
    """A token in front of the recipient that is stamp text or OCR debris: no letters, or a capitalised stamp
    word ("ĐẾN", "BAN", "Số:") on a line that is not itself all capitals."""
    if not any(c.isalpha() for c in tok):
        return True
    core = re.sub(r"[^\w]", "", tok)
    letters = [c for c in line if c.isalpha()]
    mixed = letters and sum(c.isupper() for c in letters) / len(letters) < 0.7
    return bool(mixed and core.isupper() and len(core) >= 2 and fold(core) in STAMP_TOKENS)


def _recipient_by_position(doc: Doc, title: Cand | None) -> tuple[Line, LabelHit] | None:
    """No readable "Kính gửi": the addressed authority is named on a line between the title and the
    complainant's part (the label is often under the reception stamp). Look for an authority phrase there."""
    first = doc.line_of(title.end).idx + 1 if title is not None else 0
    seen = 0
    for ln in doc.lines[first:]:
        if ln.blank:
            continue
        seen += 1
        if seen > 5 or (ln.label is not None and ln.label.field not in ("other", "cc")):
            break
        if re.search(r"\b(toi|chung toi)\s+(ten\s+)?la\b|\bten toi\b", ln.ftext) or _DATE_RE.search(ln.ftext):
            if not re.search(r"\b(uy ban|ubnd|chu tich|thanh tra)\b", ln.ftext):
                break
            continue
        # a standard authority name at the start of the line, after stamp debris ("ĐẾN Ban công dân Hải
        # Phòng", "BAN tra tỉnh Nam Định", "- ;„ bạn Kiếm tra Tỉnh ủy ..."), words lost under the stamp allowed
        toks = list(TOKEN_RE.finditer(ln.text))
        k = 0
        while k < len(toks) and k < 4 and _stamp_debris_token(toks[k].group(0), ln.text):
            k += 1
        if k < len(toks):
            am = match_authority([t.group(0) for t in toks[k:]], min_words=2)
            if am is not None and (am.matched >= 2 or am.cost <= 0.5):
                st = ln.start + toks[k].start()
                return ln, LabelHit("recipient", st, st, 0.5 if am.cost < 0.6 else 0.4, "position")
        words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[a-z0-9]+", ln.ftext)]
        for i in range(len(words)):
            for phrase in AUTHORITY:
                k = len(phrase.split())
                if i + k > len(words):
                    continue
                ws = words[i : i + k]
                first_word = ws[0][2]
                lead = phrase.split()[0]
                # OCR may glue debris to the first word ("EffCHủ tịch"): compare its tail
                trim = (
                    len(first_word) - len(lead)
                    if first_word.endswith(lead) and len(first_word) > len(lead)
                    else 0
                )
                cand = " ".join([first_word[trim:]] + [w[2] for w in ws[1:]])
                if len(phrase) < 6 or Levenshtein.distance(cand, phrase) > (1 if len(phrase) < 12 else 2):
                    continue
                st = ln.start + ws[0][0] + trim
                orig = doc.t[st : ln.start + ws[-1][1]]
                if orig.isupper() and len(orig) > 4:
                    continue  # "BAN TIẾP CÔNG DÂN": the stamp's own heading
                return ln, LabelHit("recipient", st, st, 0.5, "position")
    return None


def find_recipient(
    doc: Doc, labelled, title: Cand | None = None
) -> tuple[Cand | None, list[str], list[tuple[int, int]]]:
    hits = labelled.get("recipient", [])
    if not hits:
        # badly damaged "Kính gửi:" ("Kíhh gvi:") near the top of the page: accept a looser match there
        for ln in doc.lines[:20]:
            m = re.match(r"^\s*([a-z]{3,5}\s+[a-z]{2,4})\s*[:;]", ln.ftext)
            if m and ln.label is None and fuzz.ratio(m.group(1), "kinh gui") >= 70:
                hits = [
                    (ln, LabelHit("recipient", ln.start + m.start(1), ln.start + m.end(), 0.6, "fuzzy-top"))
                ]
                break
    if not hits:
        hit_line = _recipient_by_position(doc, title)
        if hit_line is None:
            return None, [], []
        hits = [hit_line]
    ln, hit = hits[0]
    items: list[tuple[int, int]] = []
    s, e = doc.value_region(ln, hit.value_start, max_lines=2)
    if doc.t[s:e].strip():
        items.append(doc.trim(s, e))
    # following "- A" / "+ B" lines are further recipients
    j = doc.line_of(e).idx + 1
    while j < len(doc.lines):
        nl = doc.lines[j]
        if nl.blank:
            j += 1
            continue
        mm = re.match(r"^\s*[-+•*·]\s*", nl.text)
        if not mm or nl.label is not None:
            break
        s2, e2 = doc.value_region(nl, nl.start + mm.end(), max_lines=1)
        items.append(doc.trim(s2, e2))
        j = doc.line_of(e2).idx + 1
    # "Kính gửi: Thanh tra tỉnh; Công an tỉnh" -> two recipients
    split: list[tuple[int, int]] = []
    for a, b in items:
        cur = a
        for m in re.finditer(r";", doc.t[a:b]):
            split.append(doc.trim(cur, a + m.start()))
            cur = a + m.end()
        split.append(doc.trim(cur, b))
    items = [(a, b) for a, b in split if b > a]
    if not items:
        return None, [], []
    values = [clean_value(re.sub(r"^\s*[-+•*·]\s*", "", doc.t[a:b])).rstrip(";") for a, b in items]
    # restore a standard authority name damaged by OCR or the stamp ("Ủ/ ban nfiân dân" -> "Ủy ban nhân dân")
    repairs = [repair_authority(v) for v in values]
    values = [v for v, _ in repairs]
    first = values[0]
    a, b = items[0]
    if doc.t[a] in "-+•*·":
        a += 1
        a, b = doc.trim(a, b)
    conf = hit.confidence * (0.9 if 3 <= len(first.split()) <= 20 else 0.6)
    if repairs[0][1] > 0:
        conf *= max(0.5, 1.0 - 0.3 * repairs[0][1])
    elif match_authority(first.split()) is None:
        conf *= 0.6  # a recipient is an authority: one not recognised is likely misread (or unusual)
    return Cand(first, a, b, conf, "label:" + hit.method), values, items


def read_heading(r: Reading) -> None:
    """The title, the date line (and the place written before the date) and the recipients."""
    r.title = find_title(r.doc)
    r.date, r.place, r.place_span = find_date(r.doc)
    r.recipient, r.recipients, _ = find_recipient(r.doc, r.labelled, r.title)
