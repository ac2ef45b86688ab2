"""The engine: which tokens show the identity (every rule, first reason wins) and the boxes to mask on a page."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .labels import label_rule
from .matching import (
    ADDRESS_THRESHOLD,
    NAME_THRESHOLD,
    digit_runs,
    find_digits,
    fuzzy_find,
    number_rule,
    value_tokens,
)
from .model import Box, IdentityValues
from .signature import ink_mask, signature_box, signer_list
from .tokens import Line, Tok, word_tokens


def identity_tokens(toks: list[Tok], identity: IdentityValues, lines: list[Line]) -> dict[int, str]:
    """Token index -> reason, for every token that shows the identity."""
    out: dict[int, str] = {}
    stream = [i for i, t in enumerate(toks) if t.f]
    harvested: list[str] = []
    labelled = label_rule(toks, lines, harvested)
    known = {" ".join(value_tokens(v, name=True)) for v in (identity.name, *identity.others) if v}
    extra_names = [
        (h, "name") for h in dict.fromkeys(harvested) if " ".join(value_tokens(h, name=True)) not in known
    ]
    for value, reason in [(identity.name, "name")] + [(o, "signer") for o in identity.others] + extra_names:
        vt = value_tokens(value, name=True)
        for occ in fuzzy_find(toks, stream, vt, NAME_THRESHOLD, 2):
            for i in occ:
                out.setdefault(i, reason)
    for value in (identity.address, *identity.addresses):
        vt = value_tokens(value)
        if len(vt) < 2:
            continue
        for occ in fuzzy_find(toks, stream, vt, ADDRESS_THRESHOLD, 4):
            for i in occ:
                out.setdefault(i, "address")
    runs = digit_runs(toks)
    for value, reason in ((identity.id_number, "id_number"), (identity.phone, "phone")):
        for occ in find_digits(runs, value):
            for i in occ:
                out.setdefault(i, reason)
    for i, r in number_rule(toks, runs).items():
        out.setdefault(i, r)
    for i, r in labelled.items():
        out.setdefault(i, r)
    for i in signer_list(toks, lines):
        out.setdefault(i, "signer")
    return out


def _merge_boxes(
    words: Sequence[Sequence], toks: list[Tok], refs: list[int], marked: dict[int, str]
) -> list[Box]:
    """One box per run of marked words on a line (so the spaces between them are masked too)."""
    boxes: list[Box] = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        ws = [words[refs[i]] for i in run]
        x0 = min(int(w[1]) for w in ws)
        y0 = min(int(w[2]) for w in ws)
        x1 = max(int(w[1]) + int(w[3]) for w in ws)
        y1 = max(int(w[2]) + int(w[4]) for w in ws)
        boxes.append(Box(x0, y0, x1 - x0, y1 - y0, marked[run[0]]))
        run.clear()

    for i in range(len(toks)):
        if (
            i in marked
            and run
            and toks[run[-1]].line == toks[i].line
            and marked[run[-1]] == marked[i]
            and run[-1] == i - 1
        ):
            run.append(i)
            continue
        flush()
        if i in marked:
            run.append(i)
    flush()
    return boxes


def find_identity_boxes(
    words: Sequence[Sequence],
    identity: IdentityValues,
    page_height: int,
    *,
    page_width: int | None = None,
    is_last_page: bool = True,
    ink: np.ndarray | None = None,
) -> list[Box]:
    """Boxes (page pixels) to mask on a page: every occurrence of the identity values, labelled values, ID and
    phone numbers, and the signature block (on the last page, or wherever a closing label is found).

    ``ink``: the page as a grayscale array (optional) to follow the handwriting of the signature.
    """
    toks, lines, refs = word_tokens(words)
    if not toks:
        return []
    if page_width is None:
        page_width = ink.shape[1] if ink is not None else max(ln.right for ln in lines) + 20
    marked = identity_tokens(toks, identity, lines)
    boxes = _merge_boxes(words, toks, refs, marked)
    sig = signature_box(toks, lines, int(page_width), int(page_height), ink_mask(ink), is_last_page)
    if sig is not None:
        boxes.append(sig)
    return boxes
