"""Vietnamese personal names: repair an OCR-damaged family name against the closed set of surnames.

About 95% of Vietnamese people share a few dozen family names, so a first syllable that is not one of them
but differs from exactly one only in diacritics ("Trân", "Tràn" → "Trần"; "Nguyện" → "Nguyễn") is an OCR
confusion, not a rare surname.
"""

from __future__ import annotations

from ..lang.lexicon import SURNAMES
from ..lang.normalize import fold_chars as _fold

__all__ = ["SURNAMES", "repair_surname"]


_BY_FOLD: dict[str, list[str]] = {}
for _s in SURNAMES:
    _BY_FOLD.setdefault(_fold(_s), []).append(_s)


def repair_surname(name: str) -> str:
    """The name with its first syllable restored to a known surname when OCR garbled only its diacritics."""
    parts = name.split(" ")
    if len(parts) < 2:
        return name
    first = parts[0]
    if first in SURNAMES or first.upper() in (s.upper() for s in SURNAMES):
        return name
    options = _BY_FOLD.get(_fold(first), [])
    if len(options) != 1:
        return name
    fixed = options[0].upper() if first.isupper() and len(first) > 1 else options[0]
    return " ".join([fixed, *parts[1:]])
