"""Vietnamese OCR post-correction on recognised words.

Two steps, both recorded so the verification screen can show them:
  1. debris: signature scribbles and speckle read as words ("vWwWN", "\\W~*") are dropped from the text when
     they are low-confidence, contain symbols no Vietnamese text uses or mix cases inside a word, and are not
     Vietnamese syllables (they stay in the word list, marked, with their boxes). What extraction needs is never
     debris: list numbers at a line start ("1.", "2)", "a)"), "(V/v:", "K/g", "Số:", codes ("15/QĐ-UBND") and
     dates; misread markers and codes are repaired first ("(VW:" -> "(V/v:", "|." -> "1.", "QĐÐ" -> "QĐ": kind
     "char"), see ocr/admin_terms.py;
  2. tone and vowel repair: a word is compared with the Vietnamese syllables that differ from it only in
     diacritics (ghỉ/ghi, TỔ/TỐ, Hanh/Hạnh, dưng/dung); a bigram model of Vietnamese (models/vi_lm.json.gz, built
     by models/build_lm.py) scores each in its context, and the word changes only when a candidate fits the
     context clearly better. A valid word that fits its context is never changed. Administrative terms
     (ocr/admin_terms.py) are context evidence: a word whose variant completes a term with its neighbours is
     repaired toward it ("Chỉ cục Thuế" -> "Chi cục Thuế"), a valid word that completes one is kept.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..lang.lexicon import read_lm
from ..lang.normalize import skeleton as fold
from .admin_terms import is_structure, repair_eth, repair_marker, term_sides

VI_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
ODD_SYMBOLS = re.compile(r"[\\^~*#+|¡¿©®¬œ°§¶¤†‡•_=<>{}\[\]@$%`]")
WORD_CORE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.S)

# decisions (log-probability margins)
KEEP_VALID = 2.5  # prior for keeping a word that is a valid syllable
KEEP_INVALID = -3.0  # prior for keeping a word that is not a Vietnamese syllable
CONF_BONUS_FROM = 85.0  # above this word confidence, keeping the word gets CONF_BONUS per point
CONF_BONUS = 0.3
MIN_GAIN = 1.0  # a candidate must beat the original by this much
TITLED_MAX_CONF = 75.0  # capitalised unknown words (rare names) read at or above this confidence are kept
TERM_BONUS = 3.0  # a candidate that completes an administrative term ("chi trả") gains this much
TERM_REACH = 4  # words either side that can complete a term with the word
RIVAL_RATIO = 3  # a pair read this many times rarer than the term's pair gives way to the term outright


@dataclass
class Change:
    index: int  # index into the page's word list
    old: str
    new: str
    confidence: float  # 0..1: how much more likely the new word is than the alternatives
    kind: str  # "tone" (diacritic repair), "char" (a misread marker or code) or "debris" (dropped from the text)


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
MIN_CANDIDATE_COUNT = 3  # a repair never produces a syllable seen fewer times than this


def well_formed(syllable: str) -> bool:
    """At most one tone mark: 'ngườí' is not a Vietnamese syllable whatever a word list says."""
    return sum(ch in TONE_MARKS for ch in unicodedata.normalize("NFD", syllable)) <= 1


class LanguageModel:
    """Syllable bigrams with absolute discounting (backing off to unigrams)."""

    DISCOUNT = 0.75

    def __init__(self, data: dict) -> None:
        self.syllables: frozenset[str] = frozenset(s for s in data["syllables"] if well_formed(s))
        self.uni: dict[str, int] = data["unigrams"]
        self.bi: dict[str, int] = data["bigrams"]
        self.total = sum(self.uni.values())
        self.vocab = len(self.uni)
        followers: dict[str, int] = {}
        history: dict[str, int] = {}
        for pair, c in self.bi.items():
            a = pair.split(" ", 1)[0]
            followers[a] = followers.get(a, 0) + 1
            history[a] = history.get(a, 0) + c
        self.followers = followers
        self.history = history
        index: dict[str, list[str]] = {}
        for s in self.syllables:
            if self.uni.get(s, 0) >= MIN_CANDIDATE_COUNT:
                index.setdefault(fold(s), []).append(s)
        self.by_skeleton = index

    def p_uni(self, w: str) -> float:
        return (self.uni.get(w, 0) + 0.5) / (self.total + 0.5 * self.vocab)

    def logp(self, prev: str | None, w: str) -> float:
        """log P(w | prev)."""
        pu = self.p_uni(w)
        if prev is None:
            return math.log(pu)
        c_h = self.history.get(prev, 0)
        if c_h == 0:
            return math.log(pu)
        c_bi = self.bi.get(f"{prev} {w}", 0)
        reserve = self.DISCOUNT * self.followers.get(prev, 0) / c_h
        return math.log(max(c_bi - self.DISCOUNT, 0.0) / c_h + reserve * pu)

    def seen(self, a: str | None, b: str | None, at_least: int = 2) -> bool:
        return a is not None and b is not None and self.bi.get(f"{a} {b}", 0) >= at_least

    def candidates(self, w: str) -> list[str]:
        return self.by_skeleton.get(fold(w), [])


@lru_cache(maxsize=1)
def load_lm() -> LanguageModel:
    return LanguageModel(read_lm())


def _split(token: str) -> tuple[str, str, str]:
    m = WORD_CORE.match(token)
    assert m
    return m.group(1), m.group(2), m.group(3)


def _is_alpha_vi(core: str) -> bool:
    return bool(core) and all(ch.lower() in VI_LETTERS for ch in core)


def _is_name_like(core: str) -> bool:
    """Capitalised (not all-caps) words are mostly names: weak context for their neighbours."""
    return core[:1].isupper() and not core.isupper()


def _recase(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def is_debris(token: str, conf: float, lm: LanguageModel) -> bool:
    """A recognised 'word' that is really a scribble, a speckle or a stamp fragment."""
    _, core, _ = _split(token)
    if not core:
        return bool(ODD_SYMBOLS.search(token)) and conf < 80
    low = core.lower()
    if ODD_SYMBOLS.search(token) and conf < 85 and not (len(low) > 1 and low in lm.syllables):
        return True
    if low in lm.syllables or core.isdigit():
        return False
    letters = [ch for ch in core if ch.isalpha()]
    inner_case_flips = sum(1 for a, b in zip(core, core[1:], strict=False) if a.islower() and b.isupper())
    if inner_case_flips >= 1 and conf < 70 and len(letters) >= 3:
        return True
    if any(ch.isalpha() and ch.lower() not in VI_LETTERS for ch in core) and conf < 60:
        return True
    return False


def _mark_debris(out: list[list[Any]], lm: LanguageModel) -> list[Change]:
    """Step 1: character repairs of markers and codes, then debris dropped (structure markers never are)."""
    changes: list[Change] = []
    seen_lines: set[tuple] = set()
    for i, w in enumerate(out):
        key = (w[6], w[7], w[8])
        line_start = key not in seen_lines
        seen_lines.add(key)
        token = str(w[0])
        fixed = repair_eth(token) or repair_marker(token, line_start)
        if fixed:
            changes.append(Change(i, token, fixed, 0.9, "char"))
            out[i][0] = token = fixed
        if is_structure(token, line_start):
            continue
        if is_debris(token, float(w[5]), lm):
            changes.append(Change(i, token, "", 0.9, "debris"))
            out[i][0] = ""
    return changes


def correct_words(
    words: Sequence[Sequence[Any]], lm: LanguageModel | None = None
) -> tuple[list[list[Any]], list[Change]]:
    """Return (words with corrected text, changes). Each word: [text, l, t, w, h, conf, block, par, line, ...].

    Dropped debris keeps its entry with an empty text at index 0 and the original in the change list.
    """
    lm = lm or load_lm()
    out = [list(w) for w in words]
    # 1. character repairs and debris
    changes = _mark_debris(out, lm)
    # lines as sequences of word indices, for context
    lines: dict[tuple, list[int]] = {}
    for i, w in enumerate(out):
        if w[0]:
            lines.setdefault((w[6], w[7], w[8]), []).append(i)
    # 2. tone / vowel repair, left to right with the corrected left context
    for idxs in lines.values():
        for pos, i in enumerate(idxs):
            change = _repair(out, idxs, pos, lm)
            if change is not None:
                changes.append(change)
                out[i][0] = change.new
    return out, changes


def _phrase(out: list[list[Any]], i: int) -> tuple[list[str], list[str]]:
    """The words around word ``i`` that can form a term with it (nearest first, lower case), cut at punctuation
    and at words that are not Vietnamese letters; a phrase runs on across a line end inside a paragraph
    ("chỉ trả" at a line's end, "lời" on the next line)."""
    pre, _, post = _split(str(out[i][0]))
    para = (out[i][6], out[i][7])
    left: list[str] = []
    j = i - 1
    while not pre and j >= 0 and len(left) < TERM_REACH and (out[j][6], out[j][7]) == para:
        if out[j][0]:
            p_pre, p_core, p_post = _split(str(out[j][0]))
            if p_post or not _is_alpha_vi(p_core):
                break
            left.append(p_core.lower())
            if p_pre:
                break
        j -= 1
    right: list[str] = []
    j = i + 1
    while not post and j < len(out) and len(right) < TERM_REACH and (out[j][6], out[j][7]) == para:
        if out[j][0]:
            n_pre, n_core, n_post = _split(str(out[j][0]))
            if n_pre or not _is_alpha_vi(n_core):
                break
            right.append(n_core.lower())
            if n_post:
                break
        j += 1
    return left, right


def _context(out: list[list[Any]], idxs: list[int], pos: int) -> tuple[str | None, str | None]:
    """The neighbours the language model scores with: none across punctuation or next to a name."""
    pre, _, post = _split(str(out[idxs[pos]][0]))
    prev = None
    if pos > 0 and not pre:
        _, p_core, p_post = _split(str(out[idxs[pos - 1]][0]))
        if _is_alpha_vi(p_core) and not p_post and not _is_name_like(p_core):
            prev = p_core.lower()
    nxt = None
    if pos + 1 < len(idxs) and not post:
        n_pre, n_core, _ = _split(str(out[idxs[pos + 1]][0]))
        if _is_alpha_vi(n_core) and not n_pre and not _is_name_like(n_core):
            nxt = n_core.lower()
    return prev, nxt


def _rivals(lm: LanguageModel, read: str, term: str) -> bool:
    """Whether the pair as read is attested nearly as well as the term's pair (both can be meant)."""
    n = lm.bi.get(read, 0)
    return n >= 2 and n * RIVAL_RATIO >= lm.bi.get(term, 0)


def _term_evidence(
    low: str, pool: set[str], left: list[str], right: list[str], lm: LanguageModel
) -> tuple[set[str], bool]:
    """(candidates that complete an administrative term, whether the word as read must give way to them).

    The word as read gives way outright unless its pair on the term's side is attested nearly as often as the
    term's pair ("chỉ cục", "chỉ phí" are not; a frequent reading such as "không chỉ" would be): then the term
    only weighs in the language model's score.
    """
    terms: set[str] = set()
    must = True
    for c in pool - {low}:
        sides = term_sides(c, left, right)
        if sides is None:
            continue
        terms.add(c)
        if sides[0] and _rivals(lm, f"{left[0]} {low}", f"{left[0]} {c}"):
            must = False
        if sides[1] and _rivals(lm, f"{low} {right[0]}", f"{c} {right[0]}"):
            must = False
        # the word as read binds to its neighbour on the other side ("đình chỉ thi công"): the model decides
        if not sides[0] and left and lm.seen(left[0], low) and not lm.seen(left[0], c):
            must = False
        if not sides[1] and right and lm.seen(low, right[0]) and not lm.seen(c, right[0]):
            must = False
    return terms, bool(terms) and must


def _repair(out: list[list[Any]], idxs: list[int], pos: int, lm: LanguageModel) -> Change | None:
    """Step 2 for one word: the diacritic variant that fits its context and the administrative terms."""
    i = idxs[pos]
    pre, core, post = _split(str(out[i][0]))
    if not _is_alpha_vi(core) or len(core) > 7:
        return None
    low = core.lower()
    cands = lm.candidates(low)
    if not cands or (len(cands) == 1 and cands[0] == low):
        return None
    valid = low in lm.syllables
    left, right = _phrase(out, i)
    if valid and term_sides(low, left, right, keep=True) is not None:
        return None  # a valid word that completes a known term is never changed away from it
    pool = set(cands) | {low}
    terms, must = _term_evidence(low, pool, left, right, lm)
    prev, nxt = _context(out, idxs, pos)
    if prev is None and nxt is None and not terms:
        return None  # no context to judge by
    conf = float(out[i][5])
    titled = core[:1].isupper() and not core.isupper()
    if valid and titled and not terms:
        return None  # a capitalised valid word is most often a name: names are not repaired by context

    def score(c: str) -> float:
        s = lm.logp(prev, c) if prev is not None else 0.0
        if nxt is not None:
            s += lm.logp(c, nxt)
        if c in terms:
            s += TERM_BONUS
        if c == low:
            s += KEEP_VALID if valid else KEEP_INVALID
            s += max(0.0, conf - CONF_BONUS_FROM) * CONF_BONUS
        return s

    scored = sorted(((score(c), c) for c in (terms if must else pool)), reverse=True)
    best_score, best = scored[0]
    if not must:
        if best == low or best_score - score(low) < MIN_GAIN:
            return None
        if best not in terms and titled:
            if conf >= TITLED_MAX_CONF or not (lm.seen(prev, best) or lm.seen(best, nxt)):
                return None  # an unknown capitalised word (a rare name) changes only with attested support
    z = sum(math.exp(s - best_score) for s, _ in scored) + (
        math.exp(score(low) - best_score) if must else 0.0
    )
    return Change(i, str(out[i][0]), pre + _recase(core, best) + post, round(1.0 / z, 3), "tone")


def words_to_text(words: Sequence[Sequence[Any]]) -> str:
    lines: list[str] = []
    current: tuple | None = None
    buf: list[str] = []
    for w in words:
        if not w[0]:
            continue
        key = (w[6], w[7], w[8])
        if key != current:
            if buf:
                lines.append(" ".join(buf))
            buf, current = [], key
        buf.append(str(w[0]))
    if buf:
        lines.append(" ".join(buf))
    return "\n".join(lines)
