"""Build the Vietnamese syllable inventory and bigram model used by OCR post-correction.

    python -m donthu.models.build_lm        # writes models/vi_lm.json.gz

Sources (all offline, all reproducible; fixed seed):
  * the Viet74K word list shipped in the underthesea wheel (73,901 words and phrases): the syllable inventory
    and the syllable bigrams inside multi-syllable words;
  * the VLSP 2013 POS test corpus shipped in the same wheel (running Vietnamese text, ~68k tokens): bigrams in
    context;
  * petitions written by the project's own generator (samples/): the vocabulary of petitions
    ("ghi rõ họ tên", "Độc lập - Tự do - Hạnh phúc", "tố cáo").
Counts are lower-cased NFC syllables; sentence and punctuation boundaries reset the context.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

OUT = Path(__file__).parent / "vi_lm.json.gz"
SEED = 20261122
GENERATED_PETITIONS = 600
GENERATED_CAP = 3  # at most this many counts of any unigram/bigram come from generated text
SYLLABLE_RE = re.compile(r"[^\W\d_]+")


def _underthesea_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("underthesea")
    assert spec and spec.origin, "underthesea is not installed"
    return Path(spec.origin).parent


def _segments(text: str) -> list[list[str]]:
    """Runs of syllables not broken by punctuation, digits or line ends."""
    text = unicodedata.normalize("NFC", text).lower()
    out: list[list[str]] = []
    for chunk in re.split(r"[\n.,;:!?()\[\]\"“”/\-–…]+|\d+", text):
        sylls = SYLLABLE_RE.findall(chunk)
        if sylls:
            out.append(sylls)
    return out


def viet74k() -> list[str]:
    return (_underthesea_dir() / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8").splitlines()


def vlsp_text() -> str:
    path = (
        _underthesea_dir()
        / "pipeline"
        / "pos_tag"
        / "models"
        / "pos_crf_vlsp2013_20230303"
        / "test_output.txt"
    )
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(" ".join(current))
            current = []
            continue
        current.append(line.split("\t")[0])
    if current:
        sentences.append(" ".join(current))
    return "\n".join(sentences)


def generated_text(n: int = GENERATED_PETITIONS) -> str:
    from donthu.samples import make_petition

    rng = random.Random(SEED)
    return "\n".join("\n".join(make_petition(rng).pages) for _ in range(n))


def build() -> dict:
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    syllables: set[str] = set()
    for entry in viet74k():
        for seg in _segments(entry):
            syllables.update(seg)
            uni.update(seg)
            bi.update(f"{a} {b}" for a, b in zip(seg, seg[1:], strict=False))
    for seg in _segments(vlsp_text()):
        uni.update(seg)
        bi.update(f"{a} {b}" for a, b in zip(seg, seg[1:], strict=False))
    # generated petitions repeat their phrases: they attest a word pair, they do not make it frequent
    gen_uni: Counter[str] = Counter()
    gen_bi: Counter[str] = Counter()
    for seg in _segments(generated_text()):
        gen_uni.update(seg)
        gen_bi.update(f"{a} {b}" for a, b in zip(seg, seg[1:], strict=False))
    for k, c in gen_uni.items():
        uni[k] += min(c, GENERATED_CAP)
    for k, c in gen_bi.items():
        bi[k] += min(c, GENERATED_CAP)
    # the inventory: dictionary syllables, plus running-text syllables seen at least twice (names, loan words)
    syllables |= {s for s, c in uni.items() if c >= 2}
    return {
        "about": "Vietnamese syllable unigram/bigram counts for OCR post-correction; built by models/build_lm.py",
        "syllables": sorted(syllables),
        "unigrams": dict(sorted(uni.items())),
        "bigrams": {k: v for k, v in sorted(bi.items()) if v >= 1},
    }


def main() -> None:
    model = build()
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
    print(
        f"{len(model['syllables'])} syllables, {len(model['unigrams'])} unigrams, {len(model['bigrams'])} bigrams "
        f"-> {OUT} ({OUT.stat().st_size // 1024} KiB)"
    )


if __name__ == "__main__":
    main()
