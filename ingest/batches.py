"""Batch separation: split one scanned file into petitions.

A file from an archive box holds several petitions; they are split on blank separator sheets and where a new
petition visibly starts (a page opening with the national motto), even without a separator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rapidfuzz import fuzz

from ..lang.lexicon import MOTTO_FOLDED
from ..lang.normalize import fold_words as _fold

MOTTO, MOTTO2 = MOTTO_FOLDED


class PageLike(Protocol):
    page_no: int
    blank: bool
    text: str


def starts_petition(text: str) -> bool:
    """Does the page open like a petition's first page (national motto in its first lines)?"""
    head = [_fold(line) for line in text.splitlines()[:8] if line.strip()]
    for line in head[:6]:
        if fuzz.partial_ratio(MOTTO, line) >= 85 or fuzz.partial_ratio(MOTTO2, line) >= 88:
            return True
    return False


def split_petitions(pages: Sequence[PageLike]) -> list[list[int]]:
    """Group page numbers into petitions; blank pages are separators and belong to none."""
    groups: list[list[int]] = []
    current: list[int] = []
    for page in sorted(pages, key=lambda p: p.page_no):
        if page.blank:
            if current:
                groups.append(current)
            current = []
            continue
        if current and starts_petition(page.text):
            groups.append(current)
            current = []
        current.append(page.page_no)
    if current:
        groups.append(current)
    if not groups and pages:
        # an all-blank file still becomes a case so that nothing received is lost
        groups.append([p.page_no for p in sorted(pages, key=lambda p: p.page_no)])
    return groups
