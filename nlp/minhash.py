"""MinHash signatures of petition texts, for finding repeated petitions by content (datasketch).

A petition's text is folded (lower case, no diacritics, so OCR tone errors do not matter), split into words, and
described by its set of 3-word shingles; the MinHash signature (64 permutations, fixed seed) estimates the
Jaccard similarity of two such sets as the share of equal signature values. Two OCR readings of the same paper
share most shingles (a misread word breaks only the three shingles it is in); different petitions written from a
common template share far fewer. The signature is computed at extraction time and stored with the case
(``extra["minhash"]``, a list of ints), so duplicate search compares stored signatures, not texts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lang.lexicon import MOTTO_RE
from ..lang.normalize import fold_chars as fold
from ..lang.normalize import nfc

__all__ = ["NUM_PERM", "SEED", "SHINGLE", "shingles", "signature", "jaccard", "lean"]

NUM_PERM = 64
SEED = 20261122
SHINGLE = 3

_WORD_RE = re.compile(r"[a-z0-9]+")


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    f = MOTTO_RE.sub(" ", fold(nfc(text or "")))
    words = _WORD_RE.findall(f)
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED)


def signature(text: str) -> list[int]:
    """The MinHash signature of a text (empty list for a text without words)."""
    from datasketch import MinHash

    sh = shingles(text)
    if not sh:
        return []
    t = _template()
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=t.permutations, scheme=t.scheme)
    m.update_batch(sorted(sh))
    return [int(v) for v in m.hashvalues]


def lean(sig: list[int]):
    """A datasketch LeanMinHash of a stored signature (for an LSH index)."""
    import numpy as np
    from datasketch import LeanMinHash

    t = _template()
    return LeanMinHash(seed=SEED, hashvalues=np.asarray(sig, dtype=t.hashvalues.dtype), scheme=t.scheme)


def jaccard(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
