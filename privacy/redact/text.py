"""The redacted text of a page: identity tokens and the names of the signature block replaced by REDACTED."""

from __future__ import annotations

import re

from ...lang.normalize import nfc
from .engine import identity_tokens
from .model import REDACTED, IdentityValues
from .signature import DATE_LINE_RE, SIGNERS_HEAD_RE, closing_lines, is_closing
from .tokens import Line, text_tokens


def redact_text(text: str, identity: IdentityValues, *, is_last_page: bool = True) -> str:
    """``text`` with every identity value (tolerant), labelled value, ID / phone number and the names of the
    signature block replaced by ``[đã lược bỏ]``; the rest stays readable."""
    text = nfc(text or "")
    toks, lines, spans = text_tokens(text)
    if not toks:
        return text
    marked = set(identity_tokens(toks, identity, lines))
    # the signature block: what follows the closing label (the name, the list of signers) except labels
    nonblank = [li for li, ln in enumerate(lines) if ln.toks]
    group = closing_lines(toks, lines)
    tail: list[Line] = []
    if group:
        tail = lines[group[-1] + 1 :]
    elif is_last_page and nonblank:
        # no closing label: the short lines after the last dated line of the lower part (fail closed)
        lower = nonblank[len(nonblank) * 2 // 5]
        dated = [li for li in nonblank if li >= lower and DATE_LINE_RE.search(lines[li].text)]
        if dated:
            tail = [ln for ln in lines[dated[-1] + 1 :] if len(ln.toks) <= 6]
    in_list = False
    for ln in tail:
        if not ln.toks or is_closing(toks, ln):
            continue
        if SIGNERS_HEAD_RE.match(ln.text):
            in_list = True
            continue
        if len(ln.toks) > 10 and not in_list:
            break  # body text again: the label was a heading, not a signature block
        k = 1 if re.fullmatch(r"\d{1,3}[.)]?", toks[ln.toks[0]].raw) else 0
        marked.update(ln.toks[k:])
    if not marked:
        return text
    out: list[str] = []
    pos = 0
    order = sorted(marked)
    k = 0
    while k < len(order):
        s = order[k]
        e = s
        # merge marked tokens separated only by whitespace / punctuation into one replacement
        while k + 1 < len(order) and order[k + 1] == e + 1 and toks[e + 1].line == toks[s].line:
            k += 1
            e = order[k]
        start, end = spans[s][0], spans[e][1]
        raw_end = toks[e].raw
        trail = re.search(r"[,.;:)]+$", raw_end)
        if trail and len(trail.group(0)) < len(raw_end):
            end -= len(trail.group(0))
        out.append(text[pos:start])
        out.append(REDACTED)
        pos = end
        k += 1
    out.append(text[pos:])
    return "".join(out)
