"""Small readers over a :class:`Doc`: a personal name, a number, an address, fuzzy anchors; and the
plausibility of what was read (Vietnamese syllables from Viet74K, the language model's syllable counts).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from rapidfuzz import fuzz

from ...lang.lexicon import SURNAME_KEYS, read_lm, viet74k_path
from ...lang.normalize import collapse_ws, nfc
from ...lang.normalize import fold_chars as fold
from ..validate import check_phone, ocr_digit
from .document import Doc
from .vocab import (
    ABBREV,
    ID_ACRONYMS,
    MIDDLE_ONLY,
    NOT_NAME_START,
    PROSE_OPENINGS_F,
    PROSE_STARTERS,
    STOP_BIGRAMS,
    VI_LETTERS,
)

TOKEN_RE = re.compile(r"\S+")


def read_name(
    doc: Doc, pos: int, max_tokens: int = 6, allow_lower_start: bool = False
) -> tuple[int, int] | None:
    """A run of capitalised syllables starting at pos: (start, end) or None.

    The run ends at a lower-case word, punctuation, a digit, an acronym after a Title-case name
    ("Trần Văn Bình SN 1955"), or a stop bigram ("... SINH NĂM", "... Trú tại").
    """
    t = doc.t
    toks = []
    for m in TOKEN_RE.finditer(t, pos, min(len(t), pos + 120)):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip('("“'))
        core = raw[lead:].rstrip(',.;:)!?"”')
        s = m.start() + lead
        toks.append((s, s + len(core), core, s + len(core) < m.end()))
    out: list[tuple[int, int, str]] = []
    for k, (s, e, core, punct_after) in enumerate(toks):
        if not core or not re.fullmatch(r"[^\W\d_]+", core) or any(c not in VI_LETTERS for c in core.lower()):
            break  # digits, punctuation, or letters Vietnamese does not use ("Š", "Ñ"): not part of a name
        if not (core[0].isupper() or (allow_lower_start and not out)):
            break
        if out:
            if fold(core) in ID_ACRONYMS:
                break
            if len(core) > 1 and core.isupper() and not doc.all_caps and not all(x[2].isupper() for x in out):
                break
            nxt = toks[k + 1][2] if k + 1 < len(toks) else ""
            pair = fold(core + " " + nxt)
            # a stop bigram ("... Tạm trú", "... Năm sinh") does not reach across punctuation ("Lê Văn Tám, trú
            # tại": the comma ends the name after "Tám"), and a name does not end with its middle name ("Trần
            # Văn Năm sinh năm ...": "Năm" is the given name)
            stop_pair = pair in STOP_BIGRAMS and not punct_after and fold(out[-1][2]) not in MIDDLE_ONLY
            if stop_pair or pair in PROSE_OPENINGS_F or core.lower() in PROSE_STARTERS:
                break
        out.append((s, e, core))
        if punct_after or len(out) >= max_tokens:
            break
        if k + 1 < len(toks) and "\n\n\n" in t[e : toks[k + 1][0]]:
            break  # a line break inside a name is fine (OCR may add an empty line), a paragraph gap is not
    if len(out) < 2 or out[0][2].lower() in NOT_NAME_START:
        return None
    return out[0][0], out[-1][1]


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Vietnamese syllables from the Viet74K word list shipped with underthesea (empty set if unavailable)."""
    try:
        text = viet74k_path().read_text(encoding="utf-8").lower()
    except Exception:  # pragma: no cover - the word list ships with underthesea
        return frozenset()
    return frozenset(nfc(text).split())


def valid_syllable_ratio(text: str) -> float:
    """Share of the words of ``text`` that are Vietnamese syllables (OCR damage makes impossible ones)."""
    syl = _syllables()
    toks = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    if not toks or not syl:
        return 1.0
    return sum(w in syl for w in toks) / len(toks)


def text_quality(text: str) -> float:
    """0..1: squared share of real syllables, lowered by debris (symbols, letters glued to digits)."""
    q = valid_syllable_ratio(text) ** 2
    debris = len(re.findall(r"[^\w\s,.;:()/\-–&'\"]|[^\W\d_]\d|\d[^\W\d_]{2,}", text))
    if any(c.isalpha() and c.lower() not in VI_LETTERS for c in text):
        debris += 1
    return q * (0.8**debris)


def name_plausibility(name: str) -> float:
    toks = name.split()
    if not (2 <= len(toks) <= 6):
        return 0.3
    if not all(re.fullmatch(r"[^\W\d_]+", x) and x[0].isupper() for x in toks):
        return 0.3
    score = 0.75
    if fold(toks[0]) in SURNAME_KEYS:
        score += 0.2
    if 3 <= len(toks) <= 4:
        score += 0.05
    # an impossible syllable ("Hạhh", "Lợỉ") is an OCR error inside the name
    ratio = valid_syllable_ratio(name)
    return min(score, 1.0) * (0.3 + 0.7 * ratio * ratio)


@lru_cache(maxsize=1)
def _unigrams() -> dict[str, int]:
    """Syllable counts of the project's Vietnamese language model (lexicon.LM_PATH, read only)."""
    try:
        return dict(read_lm().get("unigrams", {}))
    except Exception:  # pragma: no cover - the model ships with the project
        return {}


def name_reading_score(name: str) -> float:
    """How good a reading of a personal name is: plausibility first, then how common its syllables are
    (OCR turns "Thị" into the rarer "Tị", "Oanh" into the impossible "Oiinh")."""
    uni = _unigrams()
    toks = [w.lower() for w in re.findall(r"[^\W\d_]+", name)]
    freq = sum(math.log1p(uni.get(w, 0)) for w in toks) / max(1, len(toks)) if uni else 0.0
    return name_plausibility(name) + 0.01 * freq


def name_key(name: str) -> str:
    return " ".join(re.findall(r"[a-z]+", fold(name)))


def same_name(a: str, b: str) -> bool:
    """Two readings of the same personal name: equal, one cut short (a stamp or a page edge hid the start or
    the end: "Nam" / "Nguyễn Quốc Nam", "Ng" / "Nguyễn Thị Hiền"), or close (OCR letter errors)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 2 and (long_.startswith(short) or long_.endswith(short)):
        return True
    return fuzz.ratio(ka, kb) >= 75


@lru_cache(maxsize=1)
def _ner():
    from underthesea import ner  # slow import, done once and only when needed

    return ner


def ner_trim(doc: Doc, s: int, e: int) -> int:
    """Use underthesea NER on a long capitalised run to find where the person's name ends."""
    try:
        ner = _ner()
        snippet = collapse_ws(doc.t[s:e])
        tags = ner(snippet)
    except Exception:
        return e
    words: list[str] = []
    started = False
    for tok in tags:
        w, tag = tok[0], tok[-1]
        if tag.endswith("PER"):
            started = True
            words.append(w)
        elif started:
            break
        else:
            break
    n = len(" ".join(words).split())
    if started and 2 <= n < len(snippet.split()):
        toks = list(TOKEN_RE.finditer(doc.t, s, e))
        return toks[n - 1].end()
    return e


def read_number(doc: Doc, pos: int, kind: str, max_chars: int = 40) -> tuple[int, int, str, str] | None:
    """Digits starting near pos, allowing spaces, dots, dashes and one line break between groups.

    kind "id": stop at 12 digits (or 9 if the run ends there); kind "phone": stop once a valid number is read.
    Letters OCR confuses with digits ("80A" for "804") count as digits inside a digit run.
    Returns (start, end, digits, written form with those letters read as digits).
    """
    t = doc.t
    i = pos
    n = min(len(t), pos + max_chars)
    while i < n and t[i] in " :.\t" or (i < n and t[i] == "\n" and i == pos):
        i += 1
    start = i
    if kind == "phone" and i < n and t[i] in "+(":
        i += 1
    digits = ""
    last = i
    newlines = 0
    fixes: dict[int, str] = {}
    while i < n:
        c = t[i]
        if (
            c.isdigit()
            or (
                c in "OoIl|SBAZgqD"
                and digits
                and t[i - 1].isdigit()
                and (i + 1 >= len(t) or t[i + 1].isdigit() or not t[i + 1].isalpha())
            )
            or (c in "()" and digits and t[i - 1].isdigit() and i + 1 < n and t[i + 1].isdigit())
        ):
            # a bracket between two digits is a misread "0" ("086(76347516")
            d = c if c.isdigit() else "0" if c in "()" else ocr_digit(c)
            digits += d
            if d != c:
                fixes[i] = d
            last = i + 1
            i += 1
            if kind == "id" and len(digits) == 12:
                break
            if kind == "phone":
                pc = check_phone(digits)
                if pc.valid and (len(pc.digits) == 11 or not digits.startswith(("02", "842"))):
                    # a mobile number is complete at 10 digits; a landline needs 11
                    if not (i < len(t) and t[i].isdigit()):
                        break
            continue
        if c in " .-–)" and digits:
            if i + 1 < n and (t[i + 1].isdigit() or t[i + 1] in " .-"):
                i += 1
                continue
            break
        if c == "\n" and digits and newlines == 0 and i + 1 < n and t[i + 1].isdigit():
            newlines += 1
            i += 1
            continue
        break
    if not digits:
        return None
    written = collapse_ws("".join(fixes.get(k, t[k]) for k in range(start, last)))
    return start, last, digits, written


def fuzzy_anchor(
    doc: Doc, phrases: tuple[str, ...], start: int, end: int, min_score: float = 80.0
) -> list[tuple[int, int, float]]:
    """Approximate occurrences of folded phrases (OCR-damaged anchors such as 'dia ehi', 'can cuoc eong dan').

    Windows of the same number of words (and one more or less, for split/merged words) are compared with
    rapidfuzz; phrases shorter than 7 characters are not searched fuzzily (too many false hits).
    Returns (start, end, score) sorted by position.
    """
    words = [w for w in doc.words if w[0] >= start and w[1] <= end]
    out = []
    for phrase in phrases:
        if len(phrase) < 7:
            continue
        k = len(phrase.split())
        for i in range(len(words)):
            best = None
            for n in (k, k - 1, k + 1):
                if n < 1 or i + n > len(words):
                    continue
                cand = " ".join(w[2] for w in words[i : i + n])
                sc = fuzz.ratio(cand, phrase)
                if sc >= min_score and (best is None or sc > best[2]):
                    best = (words[i][0], words[i + n - 1][1], sc)
            if best:
                out.append(best)
    out.sort()
    return out


def number_after(doc: Doc, pos: int, kind: str) -> tuple[int, int, str, str] | None:
    """A number right after an anchor, or after up to three OCR-garbled words of it ("căn cuớc eông dân 0071...")."""
    r = read_number(doc, pos, kind)
    if r and len(r[2]) >= 8:
        return r
    m = re.match(r"\s*(?:[a-z]{1,6}[\s:.,]+){1,3}", doc.f[pos : pos + 40])
    if m:
        r = read_number(doc, pos + m.end(), kind)
        if r and len(r[2]) >= 8:
            return r
    return None


ADDR_INLINE_STOP_RE = re.compile(
    r"(?:[,;.]?\s*|\s{2,})\b(?:so dien thoai|dien thoai|sdt|so dt|dt\s*[:.]|dtdd|so cccd|so cmnd|cccd|cmnd|"
    r"so can cuoc|can cuoc cong dan|so dinh danh|chung minh nhan dan|email|ngay cap|noi cap|cap ngay|"
    r"lam nguoi dai dien|la nguoi dai dien|sinh nam|nam sinh|nghe nghiep|quoc tich)\b"
)
ADMIN_UNIT_RE = re.compile(
    r"\b(?:phuong|xa|thi tran|quan|huyen|thi xa|thanh pho|tinh|ap|thon|xom|to dan pho|khu pho|to|so nha|"
    r"duong|ngo|hem)\b"
)
_ADDR_PART_START = re.compile(
    r"^(so\s*\d|so nha|\d|thon|xom|ap|ban|bon|buon|lang|to\b|to dan pho|khu|kp|duong|pho|ngo|ngach|hem|kiet|"
    r"phuong|xa|thi tran|thi xa|quan|huyen|thanh pho|tp|tinh|p\.|q\.|h\.|tx|tt|khom|doi|cum|lo|can ho|chung cu|"
    r"toa|tang|kdc|khu dan cu|khu do thi|km|quoc lo|tinh lo)"
)
_CLAUSE_STOP = re.compile(
    r"^(so dien|dien thoai|dt\b|sdt|so dt|sinh nam|nam sinh|so cmnd|so cccd|cmnd|cccd|so can cuoc|can cuoc|"
    r"so dinh danh|chung minh|nghe nghiep|la |lam |toi|nay|xin|co |da |email|quoc tich|dan toc|ngay cap|"
    r"cap ngay|hien la|dang |va |nhung|vi |do |den nay|trinh bay|kinh)"
)


def read_address(doc: Doc, pos: int, limit: int | None = None) -> tuple[int, int] | None:
    """Comma-separated address parts starting at pos, while they look like address parts."""
    limit = min(limit or len(doc.t), pos + 260)
    end_sent = doc.sentence_end(pos, max_chars=limit - pos)
    region_end = min(end_sent, limit)
    f = doc.f
    m = ADDR_INLINE_STOP_RE.search(f, pos, region_end)
    if m:
        region_end = m.start()
    # walk the parts
    end = pos
    first = True
    # a full stop followed by a lower-case word ends the address even when OCR lost the capital of the next
    # sentence ("... Tỉnh Quảng NHh. số Tum thoại liên hệ ..."); abbreviations ("tp. Huế", "p. 5") do not
    for dm in re.finditer(r"([^\W\d_]+)\.\s+(?=[^\W\d_])", doc.t[pos:region_end]):
        if doc.t[pos + dm.end()].islower() and fold(dm.group(1)) not in ABBREV:
            region_end = pos + dm.start() + len(dm.group(1))
            break
    for pm in re.finditer(r"[^,;]+", doc.t[pos:region_end]):
        ps, pe = pos + pm.start(), pos + pm.end()
        part = doc.t[ps:pe].strip(" \n_.-|~`'\"")
        fpart = collapse_ws(f[ps:pe]).strip(" _.-|~`'\"")
        if not part:
            continue
        if not first:
            looks = bool(_ADDR_PART_START.match(fpart)) or (
                part[0].isupper() and not _CLAUSE_STOP.match(fpart)
            )
            if not looks or _CLAUSE_STOP.match(fpart) and not _ADDR_PART_START.match(fpart):
                break
        elif _CLAUSE_STOP.match(fpart) and not _ADDR_PART_START.match(fpart):
            return None
        end = pe
        first = False
    s, e = doc.trim(pos, end)
    if e <= s:
        return None
    return s, e
