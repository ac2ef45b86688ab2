"""Tokens: the words of a page (or the whitespace-separated tokens of a text), folded, grouped into lines, in
reading order. Every rule of the engine reads these, never the raw words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...lang.normalize import fold_chars as fold
from ...lang.normalize import nfc


@dataclass
class Tok:
    raw: str
    fr: str  # folded, punctuation kept
    f: str  # folded, letters and digits only
    line: int  # index of its line


def core(folded: str) -> str:
    return re.sub(r"[\W_]+", "", folded)


def _make_tok(raw: str, line: int) -> Tok:
    fr = fold(nfc(raw))
    return Tok(raw, fr, core(fr), line)


@dataclass
class Line:
    toks: list[int]  # token indices
    text: str = ""  # folded line, tokens joined by one space
    starts: list[int] | None = None  # offset of each token in text
    left: int = 0
    top: int = 0
    right: int = 0
    bottom: int = 0


def _finish_lines(toks: list[Tok], lines: list[Line]) -> None:
    for ln in lines:
        parts, starts, pos = [], [], 0
        for i in ln.toks:
            starts.append(pos)
            parts.append(toks[i].fr)
            pos += len(toks[i].fr) + 1
        ln.text = " ".join(parts)
        ln.starts = starts


def first_tok_after(toks: list[Tok], ln: Line, offset: int) -> int:
    """Position (within ``ln``) of the first token that ends after ``offset`` of the line's text."""
    assert ln.starts is not None
    for k, st in enumerate(ln.starts):
        if st + len(toks[ln.toks[k]].fr) > offset:
            return k
    return len(ln.toks)


def word_tokens(words: Sequence[Sequence]) -> tuple[list[Tok], list[Line], list[int]]:
    """Tokens of OCR words grouped into lines by Tesseract's (block, par, line); by geometry (consecutive words
    that overlap vertically and go right) when the words carry no usable line keys (a PDF's text layer numbers
    every word as its own line)."""
    toks: list[Tok] = []
    lines: list[Line] = []
    refs: list[int] = []
    kept = [(wi, w) for wi, w in enumerate(words) if w and len(w) >= 5 and str(w[0]).strip()]
    keys = [tuple(w[6:9]) if len(w) >= 9 else None for _wi, w in kept]
    use_keys = None not in keys and (len(kept) < 6 or len(set(keys)) <= 0.7 * len(kept))
    prev_key = None
    for (wi, w), key in zip(kept, keys, strict=True):
        left, top, width, height = (int(round(float(v))) for v in w[1:5])
        ln = lines[-1] if lines else None
        if use_keys:
            new = key != prev_key
        else:
            overlap = 0 if ln is None else min(ln.bottom, top + height) - max(ln.top, top)
            new = (
                ln is None or overlap < 0.5 * min(height, ln.bottom - ln.top) or left < ln.right - 2 * height
            )
        prev_key = key
        if new:
            lines.append(Line([], left=left, top=top, right=left + width, bottom=top + height))
        ln = lines[-1]
        ln.toks.append(len(toks))
        ln.left, ln.top = min(ln.left, left), min(ln.top, top)
        ln.right, ln.bottom = max(ln.right, left + width), max(ln.bottom, top + height)
        toks.append(_make_tok(str(w[0]), len(lines) - 1))
        refs.append(wi)
    _finish_lines(toks, lines)
    return toks, lines, refs


def text_tokens(text: str) -> tuple[list[Tok], list[Line], list[tuple[int, int]]]:
    toks: list[Tok] = []
    lines: list[Line] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for li, line in enumerate(text.split("\n")):
        ln = Line([])
        for m in re.finditer(r"\S+", line):
            ln.toks.append(len(toks))
            toks.append(_make_tok(m.group(0), li))
            spans.append((pos + m.start(), pos + m.end()))
        lines.append(ln)
        pos += len(line) + 1
    _finish_lines(toks, lines)
    return toks, lines, spans
