"""Text damage seen on real petitions (catalogue §11), applied to the text and its labels alike.

Three kinds:

- ``flat``: the whole text on one line (a copy from a web page or a form field);
- ``wrap``: hard line breaks mid-sentence at a fixed width of 55-80 columns (PDF text, blog copy);
- ``legacy``: a text typed in a legacy Vietnamese font (TCVN3/VNI) or saved in a wrong code page and decoded
  as Unicode: a few letters come out as other letters. A small deterministic substitution model stands for it:
  each profile maps a handful of letters (or letter pairs) to the wrong ones, always the same way.

Whitespace damage leaves every labelled value verbatim once whitespace is collapsed. The legacy damage is
applied with the same mapping to the text and to every labelled string, so values stay verbatim: real damaged
text is labelled as it stands (``models/real_eval/README.md``). The mapping never produces combining marks, so
NFC normalisation cannot merge a damaged character with its neighbour.
"""

from __future__ import annotations

import random
import re
import textwrap

from .base import StyledPetition

DAMAGES = ("flat", "wrap", "legacy")

# legacy profiles: (from, to) pairs, applied in order; pairs first so "rì" -> "ŕ" wins over "ì" -> "´"
LEGACY: dict[str, list[tuple[str, str]]] = {
    # VNI/TCVN text decoded as Unicode: some letters with tone marks come out as other Latin letters
    "vni": [("rì", "ŕ"), ("ì", "´"), ("ã", "ă"), ("ý", "ư"), ("ẫ", "ã"), ("ỹ", "ÿ")],
    # stacked diacritics (circumflex/breve/horn + tone) are dropped by the font
    "dropped": [(c, "") for c in "ầấẩẫậềếểễệồốổỗộằắẳẵặờớởỡợừứửữựẦẤẨẪẬỀẾỂỄỆỒỐỔỖỘẰẮẲẴẶỜỚỞỠỢỪỨỬỮỰ"],
    # UTF-8 read through a Western code page, for a few letters only
    "codepage": [("Ô", "Ã”"), ("ơ", "Æ¡"), ("ư", "Æ°"), ("đ", "Ä‘"), ("ề", "ử")],
}


def legacy_map(profile: str, s: str) -> str:
    """``s`` as the legacy ``profile`` garbles it (upper-case forms of the lower-case pairs included)."""
    for a, b in LEGACY[profile]:
        s = s.replace(a, b)
        if a.upper() != a and b and profile == "vni":
            s = s.replace(a.upper(), b.upper())
    return s


def flatten(text: str) -> str:
    return " ".join(text.split())


def hard_wrap(text: str, width: int) -> str:
    """Every line longer than ``width`` broken at spaces so that no line passes ``width`` (words stay whole)."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def _map_labels(pet: StyledPetition, f) -> None:
    pet.text = f(pet.text)
    for k in ("recipient", "respondent", "subject", "title"):
        v = getattr(pet, k)
        if v is not None:
            setattr(pet, k, f(v))
    pet.complainant = {k: (f(v) if isinstance(v, str) else v) for k, v in pet.complainant.items()}


def damage(rng: random.Random, pet: StyledPetition, kind: str | None = None) -> StyledPetition:
    """``pet`` with one damage applied (``kind`` drawn when None), recorded in ``pet.notes["damage"]``."""
    kind = kind or rng.choice(DAMAGES)
    if kind == "flat":
        pet.text = flatten(pet.text)
    elif kind == "wrap":
        width = rng.randint(55, 80)
        pet.text = hard_wrap(pet.text, width)
        pet.notes["wrap"] = width
    elif kind == "legacy":
        profile = rng.choice(sorted(LEGACY))
        _map_labels(pet, lambda s: legacy_map(profile, s))
        pet.notes["legacy"] = profile
    else:
        raise ValueError(f"unknown damage {kind!r}")
    pet.notes["damage"] = kind
    return pet


def collapse(s: str) -> str:
    """Whitespace collapsed, as labels are compared with texts."""
    return re.sub(r"\s+", " ", s).strip()
