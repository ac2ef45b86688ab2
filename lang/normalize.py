"""Vietnamese text primitives shared by every stage: normalization and the three diacritic folds.

Everything downstream works on NFC text. OCR engines and word processors sometimes emit NFD (base letter plus
combining marks), non-breaking or zero-width spaces, and old fonts/keyboards place the tone mark on the second
vowel of ``oa``/``oe``/``uy`` (``hoà``, ``thuỷ``) where the modern convention puts it on the first (``hòa``,
``thủy``). :func:`nfc` fixes all of these. :func:`normalize_with_map` does the same and also returns, for every
character of the result, the offset of the character of the input it came from, so extracted spans can be
reported against the text the caller passed in.

:func:`fold_chars` lower-cases and strips diacritics **one character for one character** (``Đ`` -> ``d``,
``ệ`` -> ``e``), so a regular expression or fuzzy match run on the folded text gives offsets that are valid in the
normalized text too. That is how label anchors survive OCR tone errors (``KÉ`` for ``KẾ``).

Three folds, three meanings (they agree on NFC Vietnamese letters; they differ where the meaning needs it):

* :func:`fold_chars`: length-preserving, for offsets into the normalized text (a lone combining mark stays);
* :func:`skeleton`: every combining mark removed (so NFD input folds like NFC), for the classes of words OCR
  confuses within and for wording tests that need no offsets;
* :func:`fold_words`: diacritic-free lower-case words of letters and digits joined by single spaces (caseless:
  ``ß`` -> ``ss``), for comparing two readings of a text and finding the national motto.

:func:`token_key` keeps diacritics: the case-insensitive key of one OCR token (a word box against a value).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "nfc",
    "clean_value",
    "fold_chars",
    "fold_words",
    "skeleton",
    "token_key",
    "normalize_with_map",
    "normalize_with_spans",
    "collapse_ws",
    "strip_diacritics",
]

# combining tone marks used by Vietnamese: grave, acute, tilde, hook above, dot below
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# spaces that should be plain spaces, characters that should vanish
_SPACES = {
    "\u00a0",
    "\u2007",
    "\u202f",
    "\u2009",
    "\u200a",
    "\u2002",
    "\u2003",
    "\u3000",
    "\t",
    "\u000b",
    "\u000c",
}
_REMOVE = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
# old-style tone placement applies only when these vowel pairs close the syllable
_OLD_STYLE_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}
_VOWELS = set("aăâeêioôơuưy")
_WORD_RE = re.compile(r"[^\W\d_]+")


def _decompose(ch: str) -> tuple[str, str]:
    """Split one character into (base letter, combining marks)."""
    d = unicodedata.normalize("NFD", ch)
    return d[0], d[1:]


# final letters that can carry an old-style tone: a/e/y with one of the five tone marks, any case
_TONED_END = {unicodedata.normalize("NFC", b + t) for b in "aeyAEY" for t in _TONES}


def _fix_tone_word(word: str) -> str:
    """``hoà`` -> ``hòa``, ``thuỷ`` -> ``thủy``, ``Uỷ`` -> ``Ủy``; leave ``hoàng``, ``quý``, ``khuya`` alone."""
    if len(word) < 2 or word[-1] not in _TONED_END:
        return word
    b1, m1 = _decompose(word[-2])
    b2, m2 = _decompose(word[-1])
    if (b1.lower(), b2.lower()) not in _OLD_STYLE_PAIRS or m1 or len(m2) != 1 or m2 not in _TONES:
        return word
    if len(word) >= 3:
        prev = _decompose(word[-3])[0].lower()
        if prev in _VOWELS or (b1.lower() == "u" and prev == "q"):
            return word  # "quý": u belongs to the consonant qu; three-vowel clusters are not this case
    return word[:-2] + unicodedata.normalize("NFC", b1 + m2) + b2


def _fix_tones(text: str) -> str:
    return _WORD_RE.sub(lambda m: _fix_tone_word(m.group(0)), text)


def normalize_with_spans(text: str) -> tuple[str, list[int], list[int]]:
    """Like :func:`normalize_with_map`, with both the start and the end offset in ``text`` of each character."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if cluster[0] in _REMOVE:
            i = j
            continue
        if cluster[0] in _SPACES:
            cluster = " " + cluster[1:]
        elif cluster[0] == "\r":
            if j < n and text[j] == "\n":
                i = j  # CRLF -> LF
                continue
            cluster = "\n"
        norm = unicodedata.normalize("NFC", cluster)
        for ch in norm:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return _fix_tones("".join(out)), starts, ends


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """NFC-normalize ``text`` and return ``(normalized, offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced ``normalized[i]``;
    ``offsets[len(normalized)] == len(text)``. Tone placement fixing is length-preserving.
    """
    norm, starts, _ = normalize_with_spans(text)
    return norm, starts + [len(text)]


_SPACE_TABLE = {ord(c): " " for c in _SPACES} | {ord(c): None for c in _REMOVE}


def nfc(text: str) -> str:
    """NFC, plain spaces for NBSP and friends, no zero-width characters, modern tone placement.

    Same result as ``normalize_with_map(text)[0]``, without building the offset map.
    """
    s = (text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_SPACE_TABLE)
    return _fix_tones(unicodedata.normalize("NFC", s))


def collapse_ws(text: str) -> str:
    return " ".join(text.split())


_STRIP_CHARS = " \t\n:;,.-–—_*•·+=|\"'“”‘’`"


def clean_value(text: str) -> str:
    """NFC, collapse whitespace, strip surrounding punctuation (``:``, ``,``, ``.``, dashes, quotes, bullets)
    and unbalanced brackets."""
    s = collapse_ws(re.sub(r"(?:[._…]\s?){3,}", " ", nfc(text or "")))  # dotted leaders of printed forms
    prev = None
    while s != prev:
        prev = s
        s = s.strip(_STRIP_CHARS)
        if s.endswith(")") and s.count(")") > s.count("("):
            s = s[:-1]
        if s.startswith("(") and s.count("(") > s.count(")"):
            s = s[1:]
        if s.endswith("]") and s.count("]") > s.count("["):
            s = s[:-1]
    return s


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


_FOLD_CACHE: dict[str, str] = {}


def fold_chars(text: str) -> str:
    """Lower-case, strip diacritics, ``đ`` -> ``d``; the result has exactly ``len(text)`` characters."""
    out = []
    for ch in text:
        f = _FOLD_CACHE.get(ch)
        if f is None:
            f = _fold_char(ch) if not ch.isascii() else ch.lower()
            _FOLD_CACHE[ch] = f
        out.append(f)
    return "".join(out)


def strip_diacritics(text: str) -> str:
    """Folded form with whitespace collapsed (for comparing label wordings)."""
    return collapse_ws(fold_chars(nfc(text)))


def skeleton(text: str) -> str:
    """Remove every diacritic (tones and vowel marks) and map đ to d: the skeleton OCR confuses within."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return unicodedata.normalize("NFC", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


def fold_words(text: str | None) -> str:
    """Diacritic-free caseless words of ``a-z0-9`` joined by one space (punctuation and line ends dropped)."""
    text = unicodedata.normalize("NFD", (text or "").casefold()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


_PUNCT = ".,;:!?()[]{}\"'“”‘’«»…-–—/\\"


def token_key(text: str) -> str:
    """One token, NFC, surrounding punctuation stripped, caseless; diacritics kept."""
    return unicodedata.normalize("NFC", text).strip(_PUNCT).casefold()
