"""What a search box's text means (words, numbers, a case number) and the highlighted snippet of a hit.

Both work on folded text (storage/search_index.fold: one character for one character), so a match found in the
folded copy is highlighted at the same place in the original, with its diacritics.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..lang.normalize import nfc
from ..storage.search_index import case_number_word, fold

MAX_QUERY = 200  # characters of the search box taken
MAX_TOKENS = 12
MIN_DIGITS = 3  # a number this long also matches inside the ID and phone numbers
SNIPPET = 200  # characters of a snippet (about)

_CASE_NO_RE = re.compile(r"[a-z]{1,5}-\d{4}-\d{1,10}")
# digit groups a phone or ID number is written in: "0912 345 678", "0912.345.678"
_GROUPED_RE = re.compile(r"(?<![a-z0-9])\d+(?:[ .]\d+)+(?![a-z0-9])")
_TOKEN_RE = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Query:
    """A search text, folded: ``words`` must each be in the text the user may match, ``numbers`` (digits only,
    ≥ 3) in that text or inside the ID/phone digits; the last token is a prefix. ``case_no`` is set when the
    whole text is a case number (that case ranks first)."""

    words: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    last: str | None = None  # the last token typed (a prefix)
    case_no: str | None = None

    @property
    def empty(self) -> bool:
        return not self.words and not self.numbers

    def tokens(self) -> tuple[str, ...]:
        return self.words + self.numbers


def clean(q: str | None) -> str:
    return nfc((q or "").replace("\x00", "")).strip()[:MAX_QUERY]


def _join_groups(m: re.Match[str]) -> str:
    joined = re.sub(r"[ .]", "", m.group(0))
    return joined if len(joined) >= 9 else m.group(0)


def parse(q: str | None) -> Query:
    text = clean(q)
    folded = fold(text)
    if _CASE_NO_RE.fullmatch(folded):  # a case number typed in full: its one index word
        word = case_number_word(folded)
        return Query((word,), (), None, text.upper())
    folded = _GROUPED_RE.sub(_join_groups, folded)
    tokens = list(dict.fromkeys(_TOKEN_RE.findall(folded)))[:MAX_TOKENS]
    words = tuple(t for t in tokens if not (t.isdigit() and len(t) >= MIN_DIGITS))
    numbers = tuple(t for t in tokens if t.isdigit() and len(t) >= MIN_DIGITS)
    last = _TOKEN_RE.findall(folded)[-1] if tokens else None
    return Query(words, numbers, last, None)


# ------------------------------------------------------------------------------------------------- snippets
def _patterns(query: Query, numbers_inside: bool) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for t in query.tokens():
        if query.case_no and t == case_number_word(query.case_no):
            out.append((t, re.compile(re.escape(fold(query.case_no)))))
            continue
        tail = "[a-z0-9]*" if t == query.last else ""
        pats = [rf"(?<![a-z0-9]){re.escape(t)}{tail}(?![a-z0-9])"]
        if numbers_inside and t in query.numbers:
            pats.append(r"[ .\-]?".join(re.escape(ch) for ch in t))
        out.append((t, re.compile("|".join(pats))))
    return out


def _spans(folded: str, query: Query, numbers_inside: bool) -> list[tuple[int, int, str]]:
    found = []
    for token, pat in _patterns(query, numbers_inside):
        found += [(m.start(), m.end(), token) for m in pat.finditer(folded) if m.end() > m.start()]
    return sorted(found)


def _window(spans: list[tuple[int, int, str]], length: int) -> tuple[int, int]:
    """The ~SNIPPET-character window holding the most different query words (the earliest of equals)."""
    if length <= SNIPPET + 20 or not spans:
        return 0, min(length, SNIPPET + 20)
    best, best_start = -1, 0
    for start, _end, _tok in spans:
        s = max(0, start - 40)
        inside = {tok for a, b, tok in spans if a >= s and b <= s + SNIPPET}
        if len(inside) > best:
            best, best_start = len(inside), s
    return best_start, min(length, best_start + SNIPPET)


def _word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    if start > 0:
        cut = text.find(" ", start, start + 15)
        start = cut + 1 if cut >= 0 else start
    if end < len(text):
        cut = text.rfind(" ", end - 15, end)
        end = cut if cut > start else end
    return start, end


def snippet(parts: Sequence[str | None], query: Query, *, numbers_inside: bool) -> str:
    """About SNIPPET characters of ``parts`` (only what the user may see), HTML-escaped, the matched words
    wrapped in ``<mark>``; ``numbers_inside``: numbers also highlighted inside written ID/phone numbers."""
    source = " · ".join(
        p for p in (" ".join(unicodedata.normalize("NFC", x or "").split()) for x in parts) if p
    )
    if not source:
        return ""
    folded = fold(source)
    spans = _spans(folded, query, numbers_inside)
    start, end = _word_edges(source, *_window(spans, len(source)))
    out: list[str] = ["…" if start > 0 else ""]
    pos = start
    for a, b, _tok in spans:
        a, b = max(a, pos), min(b, end)
        if a >= b:
            continue
        out += [html.escape(source[pos:a]), "<mark>", html.escape(source[a:b]), "</mark>"]
        pos = b
    out.append(html.escape(source[pos:end]))
    out.append("…" if end < len(source) else "")
    return "".join(out)
