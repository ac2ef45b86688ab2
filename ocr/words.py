"""OCR words: one recognised word and its box, as a typed tuple.

A ``Word`` is a ``NamedTuple``, so it is stored exactly as before: a JSON list of nine values
``[text, left, top, width, height, conf, block, par, line]`` (``Page.words``). Readers take stored rows with
:func:`as_words` and read fields by name; code that still indexes a word (``w[0]``) keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple


class Word(NamedTuple):
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float = 0.0  # Tesseract's word confidence 0..100 (a PDF text layer: 100)
    block: int = 0  # Tesseract's (block, paragraph, line) keys; a text layer numbers words in `line`
    par: int = 0
    line: int = 0


def as_word(row: Sequence[Any]) -> Word:
    """A stored word (a JSON list of five to nine values) as a :class:`Word`."""
    return row if isinstance(row, Word) else Word(*row[:9])


def as_words(rows: Iterable[Sequence[Any]] | None) -> list[Word]:
    return [as_word(r) for r in rows or ()]


def scale_words(words: list[Word], scale: float) -> list[Word]:
    """Boxes multiplied by ``scale`` (rounded to pixels); the rest unchanged."""
    if scale == 1.0:
        return words
    return [
        w._replace(
            left=round(w.left * scale),
            top=round(w.top * scale),
            width=round(w.width * scale),
            height=round(w.height * scale),
        )
        for w in words
    ]
