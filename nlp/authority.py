"""Names of the authorities petitions are addressed to, and repair of OCR-damaged ones.

A petition's recipient ("Kính gửi: Chủ tịch Ủy ban nhân dân huyện X") is a standard authority name followed by
the place. The reception stamp is often printed over that line, so OCR drops a word ("Ban công dân" for "Ban
Tiếp công dân"), garbles one ("Cứ", "Chữ" for "Chủ tịch"; "nfiân" for "nhân") or glues stamp text to it. The
authority part is aligned word by word against an inventory of standard names (folded, fuzzy, with costs for
a dropped word and for a debris word); when the cheapest alignment is close enough, the damaged words are
replaced by the standard wording and the place is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ..lang.normalize import fold_chars as fold
from ..lang.normalize import nfc

__all__ = ["AUTHORITIES", "AuthorityMatch", "match_authority", "repair_authority"]

_BODIES = [
    "Ủy ban nhân dân",
    "UBND",
    "Hội đồng nhân dân",
    "Thanh tra",
    "Ban Tiếp công dân",
    "Trụ sở Tiếp công dân",
    "Ủy ban Kiểm tra",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Công an",
    "Tòa án nhân dân",
    "Viện kiểm sát nhân dân",
    "Chi cục Thi hành án dân sự",
    "Cục Thi hành án dân sự",
    "Phòng Thi hành án dân sự",
    "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Xây dựng",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Giao thông vận tải",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Kế hoạch và Đầu tư",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Quản lý đô thị",
    "Phòng Kinh tế",
    "Phòng Kinh tế, Hạ tầng và Đô thị",
    "Phòng Tư pháp",
    "Phòng Nội vụ",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Bảo hiểm xã hội",
    "Văn phòng Đăng ký đất đai",
    "Chi nhánh Văn phòng Đăng ký đất đai",
    "Ban Quản lý",
    "Ban Quản lý dự án",
    "Ban Bồi thường, giải phóng mặt bằng",
    "Trung tâm Phát triển quỹ đất",
]
_ROLES = {
    "Ủy ban nhân dân": ["Chủ tịch", "Phó Chủ tịch"],
    "UBND": ["Chủ tịch", "Phó Chủ tịch"],
    "Hội đồng nhân dân": ["Thường trực", "Chủ tịch"],
    "Thanh tra": ["Chánh"],
    "Ban Tiếp công dân": ["Trưởng"],
    "Ủy ban Kiểm tra": ["Chủ nhiệm"],
    "Công an": ["Giám đốc", "Trưởng", "Thủ trưởng"],
    "Tòa án nhân dân": ["Chánh án"],
    "Viện kiểm sát nhân dân": ["Viện trưởng"],
    "Chi cục Thi hành án dân sự": ["Chi cục trưởng"],
    "Cục Thi hành án dân sự": ["Cục trưởng"],
    "Bảo hiểm xã hội": ["Giám đốc"],
    "Ban Quản lý dự án": ["Giám đốc", "Trưởng"],
    "Văn phòng Đăng ký đất đai": ["Giám đốc"],
}
_OTHER = [
    "Đoàn đại biểu Quốc hội",
    "Thủ tướng Chính phủ",
    "Thanh tra Chính phủ",
    "Văn phòng Chính phủ",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy",
    "Ban Thường vụ",
    "Ban Nội chính",
    "Ban Dân vận",
    "Bí thư",
    "Bí thư Tỉnh ủy",
    "Bí thư Thành ủy",
    "Bí thư Huyện ủy",
    "Bí thư Đảng ủy",
    "Bí thư Chi bộ",
    "Chi bộ",
    "Cơ quan Cảnh sát điều tra",
    "Hội Nông dân",
    "Hội Liên hiệp Phụ nữ",
    "Hội Cựu chiến binh",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Liên đoàn Lao động",
]


def _inventory() -> list[str]:
    out: list[str] = []
    for body in _BODIES:
        out.append(body)
        for role in _ROLES.get(body, []):
            out.append(f"{role} {body}")
        if body.startswith(("Sở ", "Phòng ")):
            out.append(("Giám đốc " if body.startswith("Sở ") else "Trưởng ") + body)
    out += _OTHER
    return list(dict.fromkeys(out))


AUTHORITIES: list[str] = _inventory()

_DROP = 0.5  # a word of the standard name that OCR lost (under the stamp)
_DEBRIS = 0.9  # a word in the text that is not part of the standard name (stamp text, garbage)
_ADMIN_START = re.compile(
    r"^(tinh|huyen|xa|phuong|quan|thanh pho|thi xa|thi tran|tp|tx|tt|dac khu|trung uong|cap|quoc hoi)\b"
)


def _key(word: str) -> str:
    return "".join(re.findall(r"[a-z0-9]+", fold(nfc(word))))


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[str, list[str], list[str]]]:
    """(standard name, its words, their keys)"""
    out = []
    for p in AUTHORITIES:
        words = p.replace(" - ", " ").split()
        out.append((p, words, [_key(w) for w in words]))
    return out


@lru_cache(maxsize=65536)
def _sub_cost(word: str, key: str, target_word: str, target_key: str) -> float | None:
    if not key:
        return None
    if word.lower() == target_word.lower():
        return 0.0
    if key == target_key:
        return 0.1  # a tone or vowel mark misread
    sim = Levenshtein.normalized_similarity(key, target_key)
    if sim < 0.5 or (
        len(target_key) <= 2 and sim < 0.99 and not (len(key) == 1 and target_key.startswith(key))
    ):
        return None
    return round(1.0 - sim, 3)


def _sub_bound(word: str, key: str, target_word: str, target_key: str) -> float:
    sc = _sub_cost(word, key, target_word, target_key)
    return float("inf") if sc is None else sc


@dataclass
class AuthorityMatch:
    name: str  # the standard name
    n_tokens: int  # how many tokens of the text it covers
    cost: float
    matched: int  # words of the standard name found in the text
    exact: bool  # the text already writes the standard name (no repair)


def _align(
    words: Sequence[str], keys: Sequence[str], pw: Sequence[str], pk: Sequence[str]
) -> tuple[float, int, int] | None:
    """Cheapest alignment of the whole standard name against a prefix of the text words.

    Returns (cost, number of text words covered, number of name words matched)."""
    n, m = len(words), len(pk)
    inf = float("inf")
    # dp[i][j]: cost of aligning words[:i] with pk[:j]; cnt: matched name words
    dp = [[inf] * (m + 1) for _ in range(n + 1)]
    cnt = [[0] * (m + 1) for _ in range(n + 1)]
    dp[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            c = dp[i][j]
            if c == inf:
                continue
            if j < m and c + _DROP < dp[i][j + 1]:
                dp[i][j + 1], cnt[i][j + 1] = c + _DROP, cnt[i][j]
            if i < n:
                # debris may only precede the name's last word (it never ends the match)
                if j < m and c + _DEBRIS < dp[i + 1][j]:
                    dp[i + 1][j], cnt[i + 1][j] = c + _DEBRIS, cnt[i][j]
                if j < m:
                    sc = _sub_cost(words[i], keys[i], pw[j], pk[j])
                    if sc is not None and c + sc < dp[i + 1][j + 1]:
                        dp[i + 1][j + 1], cnt[i + 1][j + 1] = c + sc, cnt[i][j] + 1
                if j + 1 < m:
                    # two words glued by OCR ("Chủtịch")
                    sc = _sub_cost(words[i], keys[i], pw[j] + pw[j + 1], pk[j] + pk[j + 1])
                    if sc is not None and c + sc + 0.1 < dp[i + 1][j + 2]:
                        dp[i + 1][j + 2], cnt[i + 1][j + 2] = c + sc + 0.1, cnt[i][j] + 2
    best = None
    for i in range(1, n + 1):
        c = dp[i][m]
        if m > 1 and dp[i - 1][m - 1] + _sub_bound(words[i - 1], keys[i - 1], pw[-1], pk[-1]) > c + 1e-9:
            continue  # the name's last word must be read: a lost ending could be any longer name
        if m == 1 and c >= _DROP:
            continue
        if c == inf or cnt[i][m] == 0:
            continue
        if best is None or c < best[0] - 1e-9 or (abs(c - best[0]) < 1e-9 and cnt[i][m] > best[2]):
            best = (c, i, cnt[i][m])
    return best


@lru_cache(maxsize=1)
def _anchor_words() -> dict[str, set[int]]:
    """Word key (3+ letters) -> indexes of the standard names that contain it."""
    out: dict[str, set[int]] = {}
    for i, (_name, _pw, pk) in enumerate(_phrases()):
        for k in pk:
            if len(k) >= 3:
                out.setdefault(k, set()).add(i)
    return out


def match_authority(tokens: list[str], min_words: int = 1) -> AuthorityMatch | None:
    """The standard authority name a list of text tokens starts with (OCR damage tolerated), or None.

    The words after the match must begin the place ("tỉnh ...", "Hải Phòng", "Quận 9") or be absent."""
    return _match_authority(tuple(tokens[:12]), min_words)


@lru_cache(maxsize=4096)
def _match_authority(tokens: tuple[str, ...], min_words: int) -> AuthorityMatch | None:
    keys = [_key(t) for t in tokens]
    # only names with a word read (nearly) right among the first words are aligned
    phrases = _phrases()
    cand: set[int] = set()
    for k in keys[:8]:
        if len(k) < 2:
            continue
        for aw, idx in _anchor_words().items():
            if aw == k or Levenshtein.normalized_similarity(aw, k) >= 0.75:
                cand |= idx
    best: AuthorityMatch | None = None
    for i in sorted(cand):
        name, pw, pk = phrases[i]
        if len(pk) < min_words:
            continue
        r = _align(tokens, keys, pw, pk)
        if r is None:
            continue
        cost, n_tok, matched = r
        m = len(pk)
        if cost > 0.35 * m + 1e-9 or matched * 2 < m:
            continue
        if not any(
            (_sub_cost(t, k, w, wk) or 0.0) <= 0.2 and _sub_cost(t, k, w, wk) is not None
            for t, k in zip(tokens[:n_tok], keys[:n_tok], strict=False)
            for w, wk in zip(pw, pk, strict=False)
            if len(wk) >= 3
        ):
            continue  # at least one word of the name read (nearly) right
        rest = tokens[n_tok:]
        if rest:
            first = rest[0].lstrip("(\"'“")
            ok = first[:1].isupper() or first[:1].isdigit() or bool(_ADMIN_START.match(_key_phrase(rest[:2])))
            if not ok:
                continue
        exact = cost == 0.0 and n_tok == m
        found = AuthorityMatch(name, n_tok, round(cost, 3), matched, exact)
        if (
            best is None
            or found.cost < best.cost - 1e-9
            or (abs(found.cost - best.cost) < 1e-9 and found.matched > best.matched)
        ):
            best = found
    return best


def _key_phrase(tokens: Sequence[str]) -> str:
    return " ".join(k for k in (_key(t) for t in tokens) if k)


def repair_authority(value: str) -> tuple[str, float]:
    """(value with an OCR-damaged standard authority name restored, alignment cost); cost 0 = unchanged.

    ``"Ủ/ ban nfiân dân huyện Hạ Hòa"`` -> ``("Ủy ban nhân dân huyện Hạ Hòa", 0.9)``."""
    tokens = value.split()
    if not tokens:
        return value, 0.0
    m = match_authority(tokens)
    if m is None or m.exact or m.cost == 0.0:
        return value, 0.0
    name = m.name.upper() if "".join(tokens[: m.n_tokens]).isupper() and len(m.name) > 4 else m.name
    rest = " ".join(tokens[m.n_tokens :])
    return (name + (" " + rest if rest else "")), m.cost
