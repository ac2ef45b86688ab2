"""Labelled petition texts made by the project's own generator, for training and calibrating the NLP stage.

    from donthu.models.petition_data import generate, ocr_noise, strip_title

``generate(n, seed)`` writes petitions with :func:`donthu.samples.make_petition` (every form and category,
so every domain), and passes a share of them through :func:`ocr_noise`, a simulation of what Tesseract and the
reception desk do to a scanned page (README "OCR"): tone and vowel marks misread, letters confused (``rn``/``m``,
``h``/``fi``), characters lost or doubled, specks, words glued or split, and a reception stamp
(``ĐẾN Số: ... Ngày: ...``, ``BAN TIẾP CÔNG DÂN``) printed over the top of the page, destroying the words under
it. Everything is decided by the seed.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Example", "generate", "ocr_noise", "strip_title", "TITLE_RE"]

# vowels with their tone/shape variants (OCR confuses marks within a family)
_FAMILIES = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
]
_SHAPES = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư"}
_VOWEL_OF: dict[str, tuple[int, int]] = {}
for _fi, _fam in enumerate(_FAMILIES):
    for _ti, _ch in enumerate(_fam):
        _VOWEL_OF[_ch] = (_fi, _ti)
        _VOWEL_OF[_ch.upper()] = (_fi, _ti)

_CONFUSIONS = [
    ("m", "rn"),
    ("rn", "m"),
    ("h", "li"),
    ("h", "fi"),
    ("n", "ri"),
    ("c", "e"),
    ("e", "c"),
    ("đ", "d"),
    ("Đ", "D"),
    ("l", "I"),
    ("i", "l"),
    ("t", "f"),
    ("u", "ii"),
    ("g", "q"),
    ("0", "O"),
    ("1", "l"),
    ("5", "S"),
    ("8", "B"),
    ("3", "8"),
    ("6", "5"),
]
_SPECKS = [".", ",", "'", "`", "-", ":", ";", "_", "|", "„", "~"]


def _retone(ch: str, rng: random.Random) -> str:
    """The same vowel with another tone mark or another vowel shape (â/ă/a), as OCR misreads them."""
    fi, ti = _VOWEL_OF[ch]
    upper = ch.isupper()
    if rng.random() < 0.7:
        fam = _FAMILIES[fi]
        out = fam[rng.choice([k for k in range(len(fam)) if k != ti])]
    else:
        base = _FAMILIES[fi][0]
        shapes = next((v for v in _SHAPES.values() if base in v), base)
        others = [s for s in shapes if s != base] or [base]
        pick = rng.choice(others)
        fam2 = next(f for f in _FAMILIES if f[0] == pick)
        out = fam2[ti]
    return out.upper() if upper else out


def _noisy_line(line: str, rng: random.Random, rate: float) -> str:
    out: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        r = rng.random()
        if r < rate * 0.45 and ch in _VOWEL_OF:
            out.append(_retone(ch, rng))
        elif r < rate * 0.65 and ch.isalnum():
            for a, b in _CONFUSIONS:
                if line.startswith(a, i):
                    out.append(b)
                    i += len(a) - 1
                    break
            else:
                out.append(ch)
        elif r < rate * 0.75 and ch.isalpha():
            pass  # lost
        elif r < rate * 0.82 and ch == " ":
            pass  # words glued
        elif r < rate * 0.88 and ch.isalpha():
            out.append(ch + " ")  # word split
        elif r < rate * 0.95:
            out.append(ch + rng.choice(_SPECKS))
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_STAMP_DEBRIS = "ĐẾN Số Ngày BAN TIẾP CÔNG DÂN ›Ñ®Ö]„;:.-—".split()


def _stamp(lines: list[str], rng: random.Random) -> list[str]:
    """A red reception stamp over 3-5 lines near the top: its text interleaved, the words under it damaged."""
    top = [k for k, ln in enumerate(lines[:14]) if ln.strip()]
    if len(top) < 6:
        return lines
    first = rng.choice(top[3 : min(len(top), 9)])
    n = rng.randint(3, 5)
    number = str(rng.randint(1, 9999))
    day = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2015, 2026)}"
    stamp_text = [
        rng.choice(["BAN TIẾP CÔNG DÂN", "BẠN TIẾP CÔNG DÂN", "CÔNG VĂN ĐẾN", "BAN TIẾP"]),
        f"ĐẾN Số: {number}",
        f"Ngày: {day}",
    ]
    out = list(lines)
    side = rng.random() < 0.5  # stamp text on the left of the covered lines, or on lines of its own
    for k in range(first, min(len(out), first + n)):
        words = out[k].split(" ")
        if not words:
            continue
        # the stamp covers the start of the line: 0-3 words lost or garbled
        lost = rng.randint(0, min(3, max(0, len(words) - 2)))
        for j in range(lost):
            r = rng.random()
            if r < 0.4:
                words[j] = ""
            elif r < 0.8 and words[j]:
                w = list(words[j])
                for _ in range(max(1, len(w) // 2)):
                    w[rng.randrange(len(w))] = rng.choice("›Ñ®Ö]„;:.-—ĩỹỷ")
                words[j] = "".join(w)
        line = " ".join(w for w in words if w)
        if side and stamp_text:
            line = stamp_text.pop(0).split(" ")[0 : rng.randint(1, 3)][0] + " " + line
        out[k] = line
    if not side:
        for j, st in enumerate(stamp_text[: rng.randint(1, 3)]):
            out.insert(first + j, st)
    return out


def ocr_noise(text: str, rng: random.Random, rate: float | None = None, stamp: float = 0.3) -> str:
    """Simulated OCR of a scanned page of ``text``: character error rate about ``rate`` (default 0.3-2%)."""
    rate = rng.uniform(0.003, 0.02) if rate is None else rate
    lines = text.split("\n")
    if rng.random() < stamp:
        lines = _stamp(lines, rng)
    out = [_noisy_line(ln, rng, rate) for ln in lines]
    # Tesseract sometimes leaves an empty line inside a paragraph
    res: list[str] = []
    for ln in out:
        res.append(ln)
        if ln.strip() and rng.random() < 0.03:
            res.append("")
    return unicodedata.normalize("NFC", "\n".join(res))


TITLE_RE = re.compile(
    r"(?im)^\s*(?:ĐƠN|ĐƠN THƯ|THƯ)\b[^\n]{0,60}$\n?(?:^\s*\((?:lần|Đơn tập thể)[^\n]*\)\s*$\n?)?"
)


def strip_title(text: str) -> str:
    """The petition without its title line(s) ("ĐƠN KHIẾU NẠI", "(lần 2)"): for measuring content-only
    classification."""
    return TITLE_RE.sub("", text, count=1)


@dataclass
class Example:
    text: str
    category: str
    domain: str
    form: str
    noisy: bool
    truth: dict


def generate(
    n: int,
    seed: int,
    noise_share: float = 0.5,
    title_share: float = 1.0,
    forms: tuple[str, ...] | None = None,
) -> list[Example]:
    """``n`` generated petitions, categories balanced, a ``noise_share`` of them OCR-noised; a
    ``1 - title_share`` of them lose their title (the content must decide)."""
    from donthu.samples import CATEGORIES, FORMS, make_petition

    rng = random.Random(seed)
    out: list[Example] = []
    for i in range(n):
        category = CATEGORIES[i % len(CATEGORIES)]
        allowed = [f for f in (forms or FORMS) if f != "anonymous" or category == "to_cao"]
        form = rng.choice(allowed)
        pet = make_petition(random.Random(rng.randrange(2**31)), form=form, category=category)
        text = pet.text
        if rng.random() >= title_share:
            text = strip_title(text)
        noisy = rng.random() < noise_share
        if noisy:
            text = ocr_noise(text, random.Random(rng.randrange(2**31)))
        out.append(Example(text, pet.category, pet.domain, pet.form, noisy, pet.truth()))
    return out
