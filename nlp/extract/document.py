"""The petition text as the readers see it: :class:`Doc`, a list of :class:`Line` with their labels.

The text is NFC-normalized with an offset map back to the input, and folded (one character per character), so
patterns run on folded text while values are cut from the normalized text at the same offsets. A reception
stamp and OCR specks are blanked out (same length: offsets stay valid). Each line gets its label, if any
(:mod:`..labels`); the document answers where a labelled value ends (wrapped lines), where a sentence ends,
and which offsets of the caller's text a range came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...lang.normalize import fold_chars as fold
from ...lang.normalize import normalize_with_spans
from ..labels import classify_head, match_bare_label
from .vocab import ABBREV, CONNECTORS, PROSE_OPENINGS_F, PROSE_STARTERS, VI_LETTERS


@dataclass
class Line:
    idx: int
    start: int
    end: int
    text: str
    ftext: str
    label: LabelHit | None = None
    header: bool = False

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class LabelHit:
    field: str
    label_start: int
    value_start: int
    confidence: float
    method: str


_STAMP_LINE_RE = re.compile(
    r"^\s*(?:cong van\s+)?den\s*[:.]?\s*(?:so\s*[:.]?\s*[\w/.\-]*)?\s*"
    r"(?:ngay\s*[:.]?\s*[\d/.\- ]*)?\s*$"
)
_STAMP_FOLLOW_RE = re.compile(
    r"^\s*(?:so|ngay|chuyen|luu ho so so|nguoi nhan|gio)\s*[:.]?\s*[\w/.\- ]{0,30}$"
)
_STAMP_INLINE_RE = re.compile(
    r"\bden\s*[:.]?\s*so[ \t]*[:.]?[ \t]*\d[\w/.\-]*(?:\s*ngay[ \t]*[:.]?[ \t]*"
    r"\d{1,2}[ \t]*[/.\-][ \t]*\d{1,2}(?:[ \t]*[/.\-][ \t]*\d{2,4})?)?"
)


_STAMP_WORDS_RE = re.compile(r"\b(?:den|ban tiep|cong van)\b|\b(?:so|ngay)\s*:")


def _debris_before(text: str, folded: str) -> bool:
    """Is the text in front of a label OCR debris (non-Vietnamese letters, symbols) or stamp wording?"""
    if not text.strip():
        return False
    if any(c.isalpha() and c.lower() not in VI_LETTERS for c in text):
        return True
    if re.search(r"[^\w\s,.:;()/\-]", text):
        return True
    m = _STAMP_WORDS_RE.search(folded)
    return (
        m is not None and len(text) <= 30 and (":" in m.group(0) or text[m.start() : m.start() + 3].isupper())
    )


_TRAILING_JUNK_RE = re.compile(r"(?:\s+[:|;'\"_~\-—•]+)+\s*$")


class Doc:
    def __init__(self, text: str):
        self.raw = text or ""
        norm, self.starts, self.ends = normalize_with_spans(self.raw)
        f = fold(norm)
        self.t, self.f, self.stamps = self._mask_stamps(norm, f)
        self.t, self.f = self._mask_specks(self.t, self.f)
        self.lines: list[Line] = []
        pos = 0
        for i, part in enumerate(self.t.split("\n")):
            end = pos + len(part)
            self.lines.append(Line(i, pos, end, part, self.f[pos:end]))
            pos = end + 1
        letters = [c for c in self.t if c.isalpha()]
        self.all_caps = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
        lens = sorted(len(ln.text.strip()) for ln in self.lines if len(ln.text.strip()) >= 15)
        self.width = lens[int(len(lens) * 0.85)] if len(lens) >= 5 else (lens[-1] if lens else 80)
        for ln in self.lines:
            ln.header = self._is_header(ln)
        for ln in self.lines:
            ln.label = None if ln.blank else self._match_label(ln)
        self._mask_line_ends()
        self.ff = self.f.replace("\n", " ")  # folded, one line (heads split by a line break)
        self.low = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.t)
        self.line_at = self._line_index()
        self.words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[a-z0-9/]+", self.f)]

    # -- setup ------------------------------------------------------------------------------------
    @staticmethod
    def _mask_stamps(t: str, f: str) -> tuple[str, str, list[tuple[int, int]]]:
        spans: list[tuple[int, int]] = []
        pos = 0
        lines = f.split("\n")
        starts = []
        for ln in lines:
            starts.append(pos)
            pos += len(ln) + 1
        i = 0
        while i < len(lines):
            ln = lines[i]
            if (
                ln.strip()
                and _STAMP_LINE_RE.match(ln)
                and t[starts[i] : starts[i] + len(ln)].strip()[:3].isupper()
            ):
                spans.append((starts[i], starts[i] + len(ln)))
                j = i + 1
                while j < len(lines) and j <= i + 4 and lines[j].strip() and _STAMP_FOLLOW_RE.match(lines[j]):
                    spans.append((starts[j], starts[j] + len(lines[j])))
                    j += 1
                i = j
                continue
            i += 1
        for m in _STAMP_INLINE_RE.finditer(f):
            if t[m.start() : m.start() + 3].isupper():
                spans.append((m.start(), m.end()))
        if not spans:
            return t, f, []
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1] + 1 and "\n" not in t[merged[-1][1] : a]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        spans = merged
        tl, fl = list(t), list(f)
        for s, e in spans:
            for k in range(s, e):
                if tl[k] != "\n":
                    tl[k] = " "
                    fl[k] = " "
        return "".join(tl), "".join(fl), spans

    def _mask_line_ends(self) -> None:
        """Blank out specks OCR leaves at line ends ("Ủy ban nhân :", "Chi bộ |"), not a label's own colon."""
        tl, fl = list(self.t), list(self.f)
        changed = False
        for ln in self.lines:
            m = _TRAILING_JUNK_RE.search(ln.text)
            if not m or (ln.label is not None and ln.start + m.start() < ln.label.value_start):
                continue
            for k in range(ln.start + m.start(), ln.end):
                tl[k] = fl[k] = " "
            changed = True
        if changed:
            self.t, self.f = "".join(tl), "".join(fl)
            for ln in self.lines:
                ln.text, ln.ftext = self.t[ln.start : ln.end], self.f[ln.start : ln.end]

    @staticmethod
    def _mask_specks(t: str, f: str) -> tuple[str, str]:
        """Blank out OCR specks and rules: tokens of only punctuation with one of _ | ` ~ ^ ¬ ("_._.", "|")."""
        spans = [
            m.span()
            for m in re.finditer(r"\S+", t)
            if not any(c.isalnum() for c in m.group(0)) and any(c in "_|`~^¬" for c in m.group(0))
        ]
        if not spans:
            return t, f
        tl, fl = list(t), list(f)
        for a, b in spans:
            for k in range(a, b):
                tl[k] = fl[k] = " "
        return "".join(tl), "".join(fl)

    def _line_index(self) -> list[int]:
        out = [0] * (len(self.t) + 1)
        for ln in self.lines:
            for k in range(ln.start, min(ln.end + 1, len(out))):
                out[k] = ln.idx
        return out

    def _is_header(self, ln: Line) -> bool:
        letters = [c for c in ln.text if c.isalpha()]
        if len(letters) < 4 or self.all_caps:
            return False
        return sum(c.isupper() for c in letters) / len(letters) >= 0.8

    def _match_label(self, ln: Line) -> LabelHit | None:
        ft = ln.ftext
        m = re.match(r"^\s*(?:[-+•*·(]\s*|\d{1,2}\s*[.)]\s+|[a-e]\s*\)\s*)?", ft)
        off = m.end() if m else 0
        seps = [off + x.start() for x in re.finditer(r"[:;]", ft[off : off + 110])][:4]
        if seps:
            hm = classify_head(ln.text[off : seps[0]])
            if hm:
                return LabelHit(hm.field, ln.start + off, ln.start + seps[0] + 1, hm.confidence, hm.method)
        for sep in seps:
            # a label behind OCR debris (a reception stamp printed over the line: "ĐÉN Số:Ñf®à tên: ...",
            # "Ngày: 149 Ö]A chỉ: ..."): try the last words before the separator, and the tail of the first of
            # them, when what precedes is debris or stamp wording
            words = list(re.finditer(r"\S+", ln.text[off:sep]))
            for n in (1, 2, 3, 4):
                if len(words) <= n or words[-n].start() > 40:
                    continue
                w0 = words[-n]
                for cut in range(0, min(len(w0.group(0)), 12)):
                    st = off + w0.start() + cut
                    if not _debris_before(ln.text[off:st], ft[off:st]):
                        continue
                    hm = classify_head(ln.text[st:sep], strict=True)
                    if hm and hm.field not in ("other", "content", "request", "cc"):
                        conf = round(0.7 * hm.confidence, 3)
                        return LabelHit(
                            hm.field, ln.start + st, ln.start + sep + 1, conf, "inline:" + hm.method
                        )
        if ln.header:
            return None  # a signature role line ("NGƯỜI KHIẾU NẠI"), a title
        prev = self.lines[ln.idx - 1] if ln.idx > 0 else None
        after_wrap = prev is not None and not prev.blank and self.wraps(prev)
        bare = match_bare_label(ft[off:])
        if bare:
            fld, n, score = bare
            # in the middle of a wrapped sentence only a capitalised, long label counts ("..., số\nđiện thoại")
            if after_wrap and not (ln.text[off : off + 1].isupper() and n >= 7):
                return None
            rest = ft[off + n : off + n + 2]
            if not rest or not rest[0].isalpha():
                return LabelHit(fld, ln.start + off, ln.start + off + n, round(0.75 * score, 3), "bare")
        return None

    # -- helpers ----------------------------------------------------------------------------------
    def span(self, s: int, e: int) -> tuple[int, int]:
        """Offsets in the caller's text of the normalized range [s, e)."""
        if e <= s:
            p = self.starts[s] if s < len(self.starts) else len(self.raw)
            return p, p
        return self.starts[s], self.ends[e - 1]

    def trim(self, s: int, e: int) -> tuple[int, int]:
        """Shrink [s, e) to the part clean_value keeps (for spans)."""
        strip = " \t\n:;,.-–—_*•·+=|\"'“”‘’`"
        while s < e and self.t[s] in strip:
            s += 1
        while e > s and self.t[e - 1] in strip + ")":
            if self.t[e - 1] == ")" and self.t[s:e].count("(") >= self.t[s:e].count(")"):
                break
            e -= 1
        return s, e

    def line_of(self, pos: int) -> Line:
        return self.lines[self.line_at[min(max(pos, 0), len(self.t))]]

    def is_stop_line(self, ln: Line, allow_bullets: bool = False) -> bool:
        if ln.blank or ln.label is not None or ln.header:
            return True
        s = ln.text.lstrip()
        if not allow_bullets and re.match(r"^([-+•*·]|\d{1,2}[.)]\s)", s):
            return True
        fs = ln.ftext.lstrip()
        if re.match(r"^\(?\s*ky\b", fs) or re.match(r"^v\s*/\s*v\b", fs):
            return True
        first = re.match(r"[^\W\d_]+", s)
        if first and first.group(0)[0].isupper():
            # "Trong", "Nay", "Tôi" ... start a sentence; a wrapped value continues in lower case
            if first.group(0).lower() in PROSE_STARTERS:
                return True
            if " ".join(re.findall(r"[a-z]+", fs)[:2]) in PROSE_OPENINGS_F:
                return True
        return False

    def wraps(self, ln: Line) -> bool:
        """Did the writer's text continue past the end of this line (line was full or ends mid-phrase)?"""
        s = _TRAILING_JUNK_RE.sub("", ln.text.rstrip())  # OCR specks: "Ủy ban nhân :", "... Chi bộ |"
        if not s:
            return False
        if s[-1] in ".!?:;":
            return False
        if s[-1] in ",-–(&/":
            return True
        last = fold(re.split(r"\s+", s)[-1])
        if last in CONNECTORS:
            return True
        return len(s.strip()) >= 0.72 * self.width

    def value_region(
        self,
        ln: Line,
        vstart: int,
        max_lines: int = 4,
        allow_bullets: bool = False,
        first_if_empty: bool = True,
    ) -> tuple[int, int]:
        """[vstart, end) of a labelled value, following wrapped lines."""
        end = ln.end
        cur = ln
        used = 0
        if not self.t[vstart : ln.end].strip() and first_if_empty:
            # value starts on the next line ("Kính gửi:" / "- A")
            nxt = self.next_nonblank(ln.idx)
            if nxt is None or (nxt.label is not None):
                return vstart, vstart
            end = nxt.end
            cur = nxt
            used = 1
        while used < max_lines:
            if not self.wraps(cur):
                break
            # Tesseract often puts an empty line between the wrapped lines of one paragraph
            nxt = self.next_nonblank(cur.idx, max_skip=2)
            if nxt is None or self.is_stop_line(nxt, allow_bullets=allow_bullets):
                break
            end = nxt.end
            cur = nxt
            used += 1
        return vstart, end

    def next_nonblank(self, idx: int, max_skip: int = 2) -> Line | None:
        for j in range(idx + 1, min(idx + 2 + max_skip, len(self.lines))):
            if not self.lines[j].blank:
                return self.lines[j]
        return None

    def sentence_end(self, pos: int, max_chars: int = 500) -> int:
        """End of the sentence starting at pos (exclusive), stopping at labels, headings, blank lines."""
        t = self.t
        n = min(len(t), pos + max_chars)
        i = pos
        while i < n:
            c = t[i]
            if c == "\n":
                cur = self.line_of(i)
                ln = self.line_of(i + 1)
                if ln.blank:
                    # an empty line ends the paragraph unless the line before it was cut mid-sentence
                    nxt = self.next_nonblank(cur.idx, max_skip=2)
                    if nxt is None or not self.wraps(cur):
                        return i
                    ln = nxt
                    if ln.label is None and not ln.header and not re.match(r"^\s*[-+•*·]\s", ln.text):
                        i = ln.start
                        continue
                if ln.blank or ln.label is not None or ln.header or re.match(r"^\s*[-+•*·]\s", ln.text):
                    return i
                if re.match(r"^\(?\s*ky\b", ln.ftext.lstrip()):
                    return i
            elif c in ".!?;":
                after = t[i + 1 : i + 3]
                if (
                    i + 1 >= len(t)
                    or after[:1] in ("\n", "")
                    or (after[:1] == " " and (after[1:2].isupper() or after[1:2] == "\n"))
                ):
                    tok = re.search(r"([^\W\d_]+)$", t[max(pos, i - 6) : i])
                    if c == "." and tok and fold(tok.group(1)) in ABBREV and after[:1] == " ":
                        i += 1
                        continue
                    return i
            i += 1
        return n


def labelled_by_field(doc: Doc) -> dict[str, list[tuple[Line, LabelHit]]]:
    out: dict[str, list[tuple[Line, LabelHit]]] = {}
    for ln in doc.lines:
        if ln.label is not None:
            out.setdefault(ln.label.field, []).append((ln, ln.label))
    return out
