"""A trained sequence labeller for the free-text fields (issue 12): complainant name and address, recipient,
respondent and subject, as character spans of a petition's text.

The model is a linear-chain CRF (``python-crfsuite``) trained by ``models/train_spans.py`` on petitions written by
the project's own generators (filled forms, newspaper accounts, legal questions, portal reports, letters), with
BIO tags per token (``B-NAME``, ``I-NAME``, ..., ``O``). It is stored in ``models/spans/`` and loaded lazily, once.

Tokens are words and punctuation marks with their character offsets (:func:`tokenize`); the features of a token
(:func:`featurize`) are computed on *folded* text (lower case, no diacritics: OCR tone errors do not change them)
plus its case shape, digits, punctuation, line start and end, parentheses, the relative position of its line,
a window of two words each side, the last anchor phrase before it in its sentence (``kính gửi``, ``trú tại``,
``ông``, ``về việc``, ``tố cáo`` ...) with the distance to it, and where the rule extractor read each field
("the rules put NAME here, from a label": ``marks``). The same code makes the features at training and at
prediction time.

:func:`predict` returns, per field, the spans of the most probable labelling with a probability from the CRF's
marginals (the least sure token of the span, including the token after its end not continuing it), and the
probability that the field is absent: for a field without a span, the product over tokens of not starting it;
for a field with one, one minus the best span's probability.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..lang.lexicon import MODEL_DIR as _MODELS
from ..lang.normalize import fold_chars as fold

__all__ = [
    "FIELDS",
    "LABELS",
    "Marks",
    "MODEL_PATH",
    "SpanResult",
    "SpanTagger",
    "Token",
    "featurize",
    "load_default",
    "predict",
    "predict_full",
    "tokenize",
]

FIELDS: tuple[str, ...] = ("NAME", "ADDR", "RECIP", "RESP", "SUBJ")
LABELS: tuple[str, ...] = ("O", *(f"{p}-{f}" for f in FIELDS for p in ("B", "I")))
MODEL_DIR = _MODELS / "spans"
MODEL_PATH = MODEL_DIR / "spans.crfsuite"

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")

# anchor phrases (folded, as token tuples): the last strong and the last weak one before a token in its sentence
_STRONG_TEXT = """
kinh gui|gui den|gui toi|gui don|tru tai|cu tru tai|thuong tru tai|tam tru tai|ngu tai|o tai|song tai|dia chi
noi cu tru|ve viec|v / v|to cao|khieu nai|kien nghi|phan anh|de nghi|doi voi|ho va ten|ho ten|ten toi la
toi ten la|toi la|chung toi la|nguoi bi to cao|nguoi bi khieu nai|bi to cao|bi khieu nai|ban doc|duong day nong
don thu|noi dung|lam don|sinh nam|cccd|dien thoai|dai dien|nguoi dai dien|tra loi|cong dan|nguoi dan|ho dan
nhan duoc|tiep nhan|voi noi dung|keu cuu|phan anh ve|gui phan anh|trinh bay|xin hoi|luat su|can bo
"""
_WEAK_TEXT = "ong|ba|anh|chi|cu|em|bac|cua|va|nhung|da|bi|la|o|viec|don|bao|hoi|neu|gui|tai|ve|den|toi"


_Table = dict[str, list[tuple[str, ...]]]


def _phrases(text: str) -> _Table:
    """Phrases by their last word, longest first."""
    out: _Table = {}
    for a in re.split(r"[|\n]", text):
        t = tuple(a.split())
        if t:
            out.setdefault(t[-1], []).append(t)
    for v in out.values():
        v.sort(key=len, reverse=True)
    return out


_STRONG = _phrases(_STRONG_TEXT)
_WEAK = _phrases(_WEAK_TEXT)
_SENT_END = {".", "!", "?", ";"}
_OPEN, _CLOSE = set("([{"), set(")]}")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    fold: str
    line: int  # index of its line
    bol: bool  # first token of its line
    eol: bool  # last token of its line


def tokenize(text: str) -> list[Token]:
    """Words and punctuation marks of ``text`` with their character offsets (``text[t.start:t.end] == t.text``)."""
    f = fold(text)
    tokens: list[Token] = []
    line_no = 0
    pos = 0
    for line in text.split("\n"):
        found = list(_TOKEN_RE.finditer(line))
        for k, m in enumerate(found):
            s, e = pos + m.start(), pos + m.end()
            tokens.append(Token(s, e, m.group(0), f[s:e], line_no, k == 0, k == len(found) - 1))
        pos += len(line) + 1
        line_no += 1
    return tokens


def _shape(w: str) -> str:
    if w.isdigit():
        return "D"
    if not w[0].isalnum():
        return "P"
    if w.isupper():
        return "UU" if len(w) > 1 else "U"
    if w[0].isupper():
        return "Ul"
    if any(c.isdigit() for c in w):
        return "Dx"
    return "l"


def _dist(d: int) -> str:
    return str(d) if d <= 3 else ("4-6" if d <= 6 else ("7-12" if d <= 12 else "13+"))


def _anchors(words: list[str], stops: list[bool], blank_before: set[int], table: _Table) -> list[str]:
    """For each token: the last anchor phrase of ``table`` ending before it in its sentence, with the distance."""
    out: list[str] = []
    last, last_end = "", -1
    for i, w in enumerate(words):
        if i in blank_before:
            last = ""
        out.append(f"{last}|{_dist(i - last_end)}" if last else "")
        if stops[i]:
            last = ""
            continue
        for phrase in table.get(w, ()):
            n = len(phrase)
            if n <= i + 1 and (n == 1 or tuple(words[i - n + 1 : i + 1]) == phrase):
                last, last_end = " ".join(phrase), i
                break
    return out


def _line_info(text: str, toks: list[Token]) -> tuple[int, set[int], dict[int, str]]:
    """The number of lines, tokens that follow a blank line, and each line's label (the words before a colon)."""
    lines = text.split("\n")
    blank_before: set[int] = set()
    heads: dict[int, str] = {}
    prev_line = -1
    for i, t in enumerate(toks):
        if t.bol:
            if prev_line >= 0 and t.line - prev_line > 1:
                blank_before.add(i)
            prev_line = t.line
            ln = lines[t.line]
            c = ln.find(":")
            if 0 < c <= 50:
                heads[t.line] = "_".join(fold(ln[:c]).split()[-3:])
    return len(lines), blank_before, heads


def _colon_ends(text: str) -> dict[int, int]:
    lines = text.split("\n")
    pos, out = 0, {}
    for k, ln in enumerate(lines):
        c = ln.find(":")
        if 0 < c <= 50:
            out[k] = pos + c
        pos += len(ln) + 1
    return out


def _cap_runs(shapes: list[str]) -> list[int]:
    """For each token, the length of the run of capitalised words it is in (names, bodies), else 0."""
    n = len(shapes)
    run = [0] * n
    k = 0
    while k < n:
        j = k
        while j < n and shapes[j] in ("Ul", "U", "UU"):
            j += 1
        for m in range(k, j):
            run[m] = j - k
        k = max(j, k + 1)
    return run


# where the rule extractor read each field: {field: (start, end, method)}, offsets in the same text
Marks = dict[str, tuple[int, int, str]]


def _rule_features(toks: list[Token], marks: Marks | None) -> list[list[str]]:
    """ "The rules put FIELD here (read as METHOD)" on the tokens of each rule candidate."""
    out: list[list[str]] = [[] for _ in toks]
    for name, (s, e, method) in (marks or {}).items():
        family = method.split(":")[0].split("+")[0]
        first = True
        for i, t in enumerate(toks):
            if t.start < e and t.end > s:
                out[i] += [f"r={name}", f"r={name}|{family}", *([f"rB={name}"] if first else [])]
                first = False
    return out


def featurize(text: str, toks: list[Token], marks: Marks | None = None) -> list[list[str]]:
    """The CRF features of each token (same code at training and prediction time); ``marks``: where the rule
    extractor read each field (None: no rule features, as for a model trained without them)."""
    rule_feats = _rule_features(toks, marks)
    n_lines, blank_before, heads = _line_info(text, toks)
    colon_at = _colon_ends(text)
    words = [t.fold for t in toks]
    stops = [t.text in _SENT_END for t in toks]
    strong = _anchors(words, stops, blank_before, _STRONG)
    weak = _anchors(words, stops, blank_before, _WEAK)
    shapes = [_shape(t.text) for t in toks]
    n = len(toks)
    run = _cap_runs(shapes)
    n_lines = max(1, n_lines)
    line_rel = [f"lr={min(4, 5 * t.line // n_lines)}" for t in toks]
    wf = ["w=" + w for w in words]
    sf = ["sh=" + sh for sh in shapes]
    window = {
        off: [
            [f"w{off}={words[i + off]}", f"sh{off}={shapes[i + off]}"]
            if 0 <= i + off < n
            else [f"w{off}=<edge>"]
            for i in range(n)
        ]
        for off in (-2, -1, 1, 2)
    }
    bigrams = [f"{a}|{b}" for a, b in zip(words, words[1:], strict=False)]
    depth = 0
    feats: list[list[str]] = []
    for i, t in enumerate(toks):
        if t.text in _CLOSE:
            depth = max(0, depth - 1)
        sh = shapes[i]
        f = ["b", wf[i], sf[i], line_rel[i]]
        sent_start = i == 0 or stops[i - 1] or (t.bol and toks[i - 1].text in (":", "-"))
        if sent_start:
            f.append("ss")
        elif sh in ("Ul", "U", "UU"):
            f.append("capmid")
        if run[i]:
            f.append("run=" + _dist(run[i]))
        if t.bol:
            f.append("bol")
        if t.eol:
            f.append("eol")
        if i in blank_before:
            f.append("afterblank")
        if depth:
            f.append("paren")
        head = heads.get(t.line)
        if head is not None:
            f.append("head=" + head if t.start > colon_at[t.line] else "inhead")
        if sh == "D":
            f.append(f"dlen={min(len(words[i]), 13)}")
        if strong[i]:
            f += ["anc=" + strong[i].split("|")[0], "anc=" + strong[i]]
        if weak[i]:
            f.append("wk=" + weak[i])
        for off in (-2, -1, 1, 2):
            f += window[off][i]
            j = i + off
            if 0 <= j < n and toks[j].line != t.line:
                f.append(f"nl{off}")
        if i > 0:
            f.append("bg-1=" + bigrams[i - 1])
        if i + 1 < n:
            f.append("bg+1=" + bigrams[i])
        if t.text in _OPEN:
            depth += 1
        feats.append(f + rule_feats[i])
    return feats


@dataclass
class SpanResult:
    """Per field: spans (start, end, probability), most probable first; and the probability the field is absent."""

    spans: dict[str, list[tuple[int, int, float]]] = field(default_factory=dict)
    absent: dict[str, float] = field(default_factory=dict)

    def best(self, name: str) -> tuple[int, int, float] | None:
        got = self.spans.get(name) or []
        return got[0] if got else None


class SpanTagger:
    """A loaded CRF; :meth:`predict` is thread-safe (one tagger, used under a lock)."""

    def __init__(self, path: Path | str = MODEL_PATH):
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._lock = threading.Lock()
        self.labels = set(self._tagger.labels())

    def predict(self, text: str, marks: Marks | None = None) -> SpanResult:
        """Spans and absence probabilities; ``marks``: the rule extractor's readings (see :func:`featurize`)."""
        toks = tokenize(text)
        if not toks:
            return SpanResult({f: [] for f in FIELDS}, {f: 1.0 for f in FIELDS})
        xseq = featurize(text, toks, marks)
        with self._lock:
            self._tagger.set(xseq)
            tags = self._tagger.tag()
            # the marginals the spans need: their own tokens, and the token after each span (does it go on?)
            own = [self._tagger.marginal(tag, i) if tag != "O" else 1.0 for i, tag in enumerate(tags)]
            conts: dict[int, float] = {}
            for i, tag in enumerate(tags):
                if tag != "O" and i + 1 < len(tags) and tags[i + 1] != "I-" + tag[2:]:
                    conts[i + 1] = self._tagger.marginal("I-" + tag[2:], i + 1)
            # a field without a span: how likely is it that none starts anywhere?
            found = {tag[2:] for tag in tags if tag != "O"}
            starts = {
                f: [self._tagger.marginal("B-" + f, i) for i in range(len(toks))]
                for f in FIELDS
                if f not in found and "B-" + f in self.labels
            }
        return _decode(toks, tags, own, starts, conts)


def _decode(
    toks: list[Token],
    tags: list[str],
    own: list[float],
    starts: dict[str, list[float]],
    conts: dict[int, float],
) -> SpanResult:
    res = SpanResult({f: [] for f in FIELDS}, {})
    i = 0
    while i < len(tags):
        tag = tags[i]
        if tag == "O":
            i += 1
            continue
        name = tag[2:]
        j = i + 1
        while j < len(tags) and tags[j] == "I-" + name:
            j += 1
        p = min(own[i:j])
        if j in conts:
            p = min(p, 1.0 - conts[j])
        res.spans[name].append((toks[i].start, toks[j - 1].end, round(p, 4)))
        i = j
    for name in FIELDS:
        spans = res.spans[name]
        spans.sort(key=lambda s: -s[2])
        if spans:  # the labelling has a span: absent unless it is wrong
            res.absent[name] = round(1.0 - spans[0][2], 4)
            continue
        q = 1.0
        for p in starts.get(name, []):
            q *= 1.0 - p
        res.absent[name] = round(q, 4)
    return res


_LOCK = threading.Lock()
_DEFAULT: list[SpanTagger | None] = []


def load_default() -> SpanTagger | None:
    """The shipped model, loaded once (None when it is not installed)."""
    if not _DEFAULT:
        with _LOCK:
            if not _DEFAULT:
                try:
                    _DEFAULT.append(SpanTagger(MODEL_PATH) if MODEL_PATH.exists() else None)
                except (ImportError, OSError):
                    _DEFAULT.append(None)
    return _DEFAULT[0]


def predict_full(text: str, marks: Marks | None = None) -> SpanResult | None:
    """Spans and absence probabilities of the shipped model (None when it is not installed)."""
    tagger = load_default()
    return tagger.predict(text, marks) if tagger is not None else None


def predict(text: str, marks: Marks | None = None) -> dict[str, list[tuple[int, int, float]]]:
    """``{field: [(start, end, prob)]}`` for NAME, ADDR, RECIP, RESP, SUBJ (empty lists without a model)."""
    res = predict_full(text, marks)
    return res.spans if res is not None else {f: [] for f in FIELDS}
