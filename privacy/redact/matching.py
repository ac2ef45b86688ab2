"""Matching the known values of the case: names and addresses (fuzzy, tolerant to OCR errors and to words split
or merged by OCR), ID and phone numbers (by digits), and numbers shaped like them that extraction missed."""

from __future__ import annotations

import re

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ...lang.normalize import fold_chars as fold
from ...lang.normalize import nfc
from .tokens import Tok, core

NAME_THRESHOLD = 82  # rapidfuzz ratio (folded) for a window of words to count as the name
ADDRESS_THRESHOLD = 80
KEYWORD_REACH = 8  # a number this many words after a CCCD / điện thoại word is masked

HONORIFIC = {"ong", "ba", "anh", "chi", "em", "co", "bac", "cu"}


def value_tokens(value: str | None, *, name: bool = False) -> list[str]:
    if not value:
        return []
    out = [c for c in (core(p) for p in fold(nfc(value)).split()) if c]
    while name and len(out) > 2 and out[0] in HONORIFIC:
        out = out[1:]
    return out


def fuzzy_find(
    toks: list[Tok], stream: list[int], vt: list[str], threshold: float, max_lines: int
) -> list[list[int]]:
    """Every occurrence of the token sequence ``vt`` in ``stream`` (token indices), tolerant to OCR errors
    (folded ratio) and to words split or merged by OCR; non-overlapping, best first."""
    n = len(vt)
    if n < 2:
        return []
    vjoin, vsolid = " ".join(vt), "".join(vt)
    lengths = {n, n - 1, n + 1} | ({n - 2, n + 2} if n >= 6 else set())
    lengths = {length for length in lengths if length >= max(1, n // 2)}
    heads = vt[:2]
    cands: list[tuple[float, int, int, int]] = []
    fs = [toks[i].f for i in stream]
    if not fs:
        return []
    near = process.cdist(fs, heads, scorer=fuzz.ratio, dtype=np.uint8).max(axis=1) >= 45
    for s in np.flatnonzero(near).tolist():
        for length in lengths:
            e = s + length
            if e > len(stream):
                continue
            if toks[stream[e - 1]].line - toks[stream[s]].line >= max_lines:
                continue
            window = fs[s:e]
            if length == n:
                score = fuzz.ratio(" ".join(window), vjoin)
                if score < threshold:
                    continue
                # every word must look like its counterpart: "nguyen van b" is not "nguyen van a"
                if any(
                    fuzz.ratio(a, b) < 50 or (len(b) == 1 and a != b) for a, b in zip(window, vt, strict=True)
                ):
                    continue
            else:
                solid = "".join(window)
                # words split or merged by OCR keep their letters: a window that lacks a word is no match
                if abs(len(solid) - len(vsolid)) > max(2, 0.08 * len(vsolid)):
                    continue
                score = fuzz.ratio(solid, vsolid) - 5
                if score < threshold:
                    continue
                if (
                    fuzz.ratio(window[-1], vt[-1]) < 50
                    and not vt[-1].startswith(window[-1])
                    and not window[-1].endswith(vt[-1])
                ):
                    continue
            cands.append((score, -abs(length - n), s, e))
    cands.sort(reverse=True)
    used: set[int] = set()
    found: list[list[int]] = []
    for _score, _d, s, e in cands:
        if any(k in used for k in range(s, e)):
            continue
        used.update(range(s, e))
        found.append([stream[k] for k in range(s, e)])
    return found


_OCR_DIGIT = str.maketrans({"o": "0", "O": "0", "D": "0", "l": "1", "I": "1", "|": "1", "i": "1"})


def _digits_of(raw: str) -> str | None:
    """The digits of a number-looking token ("0912.345.678", "(+84)", "O91234"), else None."""
    s = raw.strip(" ,;:()[]")
    if not s or not any(c.isdigit() for c in s):
        return None
    mapped = s.translate(_OCR_DIGIT)
    if not re.fullmatch(r"\+?[\d.\-/ ,()]+", mapped):
        return None
    if sum(c.isdigit() for c in s) * 2 < sum(c.isalnum() for c in s):
        return None
    return re.sub(r"\D", "", mapped)


def digit_runs(toks: list[Tok]) -> list[tuple[str, list[int]]]:
    """Runs of consecutive number tokens with their digits: [(digits, [token index per digit])]."""
    runs: list[tuple[str, list[int]]] = []
    cur, owners = "", []
    last = -2
    for i, t in enumerate(toks):
        d = _digits_of(t.raw)
        if d is not None and d and i == last + 1 and toks[last].line >= t.line - 1:
            cur += d
            owners += [i] * len(d)
        else:
            if cur:
                runs.append((cur, owners))
            cur, owners = (d, [i] * len(d)) if d else ("", [])
        last = i if d else -2
        if d is None:
            continue
    if cur:
        runs.append((cur, owners))
    return runs


def find_digits(runs: list[tuple[str, list[int]]], value: str | None) -> list[list[int]]:
    """Occurrences of a phone / ID number in the number runs, by digits only, one OCR digit error allowed."""
    v = re.sub(r"\D", "", value or "")
    if len(v) < 6:
        return []
    variants = {v}
    if v.startswith("0") and len(v) == 10:
        variants.add("84" + v[1:])
    found = []
    for digits, owners in runs:
        hit = None
        for var in variants:
            k = digits.find(var)
            if k >= 0:
                hit = (k, k + len(var))
                break
        if hit is None and len(v) >= 9:
            for var in variants:
                for length in (len(var) - 1, len(var), len(var) + 1):
                    for k in range(0, len(digits) - length + 1):
                        if Levenshtein.distance(digits[k : k + length], var, score_cutoff=1) <= 1:
                            hit = (k, k + length)
                            break
                    if hit:
                        break
                if hit:
                    break
        if hit:
            found.append(sorted(set(owners[hit[0] : hit[1]])))
    return found


_NUM_KEYWORDS = re.compile(
    r"^(cccd|cmnd|cmt|cc|cancuoc|cuoc|dinhdanh|dt|sdt|dtdd|dienthoai|thoai|didong|lienhe|hochieu|zalo|hotline|"
    r"tel|phone|mobile)$"
)


def number_rule(toks: list[Tok], runs: list[tuple[str, list[int]]]) -> dict[int, str]:
    """Numbers the extractor may have missed: 9-12 digits near an ID / phone word, or shaped like a phone or
    a CCCD anywhere."""
    keyword_at = [i for i, t in enumerate(toks) if _NUM_KEYWORDS.match(t.f)]
    out: dict[int, str] = {}
    for digits, owners in runs:
        n = len(digits)
        first = owners[0]
        near = any(0 < first - k <= KEYWORD_REACH for k in keyword_at)
        phone_shaped = (
            (n == 10 and re.match(r"0[35789]", digits))
            or (n == 11 and digits.startswith("84"))
            or (n == 11 and re.match(r"02\d", digits))
        )
        cccd_shaped = n == 12 and digits.startswith("0")
        if (near and 9 <= n <= 12) or phone_shaped or cccd_shaped:
            reason = "phone" if phone_shaped or n in (10, 11) else "id_number"
            for i in set(owners):
                out.setdefault(i, reason)
    return out
