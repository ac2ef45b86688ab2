"""Where on the page a field came from: extraction spans (character offsets into the case text) mapped to the
page words (OCR boxes), with a token match of the field's value as the fallback.

A case's text is its pages' texts joined by newlines (ingest/stages.py), and a page's text is its words
joined by spaces and newlines (ocr/engine.py, ocr/postcorrect.py), so each word's offset is found by searching
the page text forward from the previous word. Text-layer PDF pages order their words a little differently;
a word that is not found keeps no offset and the token match covers it.
"""

from __future__ import annotations

from typing import Any

from ..lang.normalize import token_key as fold_token
from ..ocr.words import as_word


def word_offsets(case_text: str, pages: list[Any]) -> dict[int, list[tuple[int, int] | None]]:
    """page_no -> for each word of the page, its [start, end) in ``case_text`` (None when not found)."""
    out: dict[int, list[tuple[int, int] | None]] = {}
    cursor = 0
    for p in pages:
        words = p.words or []
        text = p.text or ""
        if not text:
            out[p.page_no] = [None] * len(words)
            continue
        if case_text.startswith(text, cursor):
            base = cursor
        else:
            base = case_text.find(text)
        offs: list[tuple[int, int] | None] = []
        if base < 0:
            out[p.page_no] = [None] * len(words)
            continue
        pos = 0
        for w in words:
            token = str(as_word(w).text) if w else ""
            if not token:
                offs.append(None)
                continue
            found = text.find(token, pos)
            if found < 0 or found - pos > 200:  # not here (reordered text layer): leave it to the token match
                offs.append(None)
                continue
            offs.append((base + found, base + found + len(token)))
            pos = found + len(token)
        out[p.page_no] = offs
        cursor = base + len(text) + 1
    return out


def words_in_span(offsets: dict[int, list[tuple[int, int] | None]], start: int, end: int) -> list[list[int]]:
    hits: list[list[int]] = []
    for page_no, offs in offsets.items():
        for i, o in enumerate(offs):
            if o is not None and o[0] < end and o[1] > start:
                hits.append([page_no, i])
    return hits


def match_value(value: str, pages: list[Any]) -> list[list[int]]:
    """The longest run of page words that matches the value's tokens in order (at least 60% of them)."""
    tokens = [t for t in (fold_token(x) for x in str(value).split()) if t]
    if not tokens:
        return []
    best: list[list[int]] = []
    for p in pages:
        texts = [as_word(w).text if w else "" for w in (p.words or [])]
        folded = [fold_token(str(t)) if t else "" for t in texts]
        n = len(folded)
        for i in range(n):
            if folded[i] != tokens[0] and not (len(tokens) > 1 and folded[i] == tokens[1]):
                continue
            ti = 0 if folded[i] == tokens[0] else 1
            j, run = i, []
            while j < n and ti < len(tokens):
                if not folded[j]:
                    j += 1
                    continue
                if folded[j] != tokens[ti]:
                    break
                run.append([p.page_no, j])
                j += 1
                ti += 1
            if len(run) > len(best):
                best = run
    return best if len(best) >= max(1, round(len(tokens) * 0.6)) else []


def field_words(case: Any, pages: list[Any], values: dict[str, Any]) -> dict[str, list[list[int]]]:
    """field -> [[page_no, word index], ...]: the words a field came from.

    Order of preference: words the verifier selected on the page (``extra["sources"]``), the extraction span,
    a token match of the current value.
    """
    extra = case.extra or {}
    sources = extra.get("sources") or {}
    spans = extra.get("spans") or {}
    offsets = word_offsets(case.text or "", pages) if spans else {}
    out: dict[str, list[list[int]]] = {}
    for field, value in values.items():
        hits: list[list[int]] = []
        if sources.get(field):
            hits = [list(x) for x in sources[field]]
        elif spans.get(field):
            try:
                start, end = spans[field]
                hits = words_in_span(offsets, int(start), int(end))
            except (TypeError, ValueError):
                hits = []
        if (
            not hits
            and isinstance(value, str)
            and value.strip()
            and field not in ("category", "domain", "petition_date")
        ):
            hits = match_value(value, pages)
        if hits:
            out[field] = hits
    return out
