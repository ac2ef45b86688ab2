"""The project's trained category/domain classifier (spaCy ``textcat``, bag of words and word pairs).

The model is trained by ``models/train_classifier.py`` on petitions written by the project's own generator (with
simulated OCR noise, titles and explicit category words sometimes removed, so it learns the content) and stored
in ``models/textcat/``. Here it is loaded lazily, once, and used by :mod:`.classify` when the title and the
explicit wording leave the category or the domain open.

Input of the model: :func:`model_text` (folded: lower case, no diacritics, digits as ``0``), the same for
training and prediction, so OCR tone errors do not change the features.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from ..lang.lexicon import MOTTO_RE, TEXTCAT_DIR, textcat_dir
from ..lang.normalize import fold_chars as fold
from ..lang.normalize import nfc

__all__ = [
    "MODEL_DIR",
    "TrainedClassifier",
    "content_text",
    "model_text",
    "load_default",
    "CATEGORY_PIPE",
    "DOMAIN_PIPE",
]

MODEL_DIR = TEXTCAT_DIR
CATEGORY_PIPE = "category"
DOMAIN_PIPE = "domain"


_TITLE_LINE = re.compile(r"^\s*(?:đơn|don|ĐƠN|DON|Đơn|THƯ NGỎ|Thư ngỏ)\b.{0,60}$")


def content_text(text: str) -> str:
    """The petition without its title line(s): what the classifier reads (TT 05/2021 art. 6(1): the category
    follows the content, not the title), the same in training and prediction."""
    return "\n".join(line for line in nfc(text or "").split("\n") if not _TITLE_LINE.match(line))


def model_text(text: str, max_chars: int = 6000) -> str:
    """The text the classifier sees: folded words and digits-as-0, the national motto removed."""
    f = fold(nfc(text or ""))[:max_chars]
    f = MOTTO_RE.sub(" ", f)
    f = re.sub(r"\d+", "0", f)
    f = re.sub(r"[^a-z0 ]+", " ", f)
    return " ".join(f.split())


class TrainedClassifier:
    """A spaCy pipeline with two ``textcat`` components, ``category`` and ``domain``."""

    def __init__(self, nlp):
        self.nlp = nlp
        self._lock = threading.Lock()
        self._cache: dict[str, dict[str, dict[str, float]]] = {}

    @classmethod
    def load(cls, path: Path | str = MODEL_DIR) -> TrainedClassifier:
        import spacy

        return cls(spacy.load(path))

    def predict(self, text: str) -> dict[str, dict[str, float]]:
        """{"category": {label: p}, "domain": {label: p}} for a petition's text."""
        key = model_text(text)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                return hit
            doc = self.nlp(key)
            cats = dict(doc.cats)
            out = {}
            for name in (CATEGORY_PIPE, DOMAIN_PIPE):
                if name in self.nlp.pipe_names:
                    labels = self.nlp.get_pipe(name).labels
                    out[name] = {lab: float(cats.get(lab, 0.0)) for lab in labels}
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = out
            return out

    # the DomainModel protocol of .classify
    def predict_proba(self, regions: dict[str, str]) -> dict[str, float]:
        return self.predict(content_text(regions.get("body") or "")).get(DOMAIN_PIPE, {})

    def category_proba(self, text: str) -> dict[str, float]:
        return self.predict(text).get(CATEGORY_PIPE, {})


@lru_cache(maxsize=1)
def load_default() -> TrainedClassifier | None:
    """The shipped model, or None when it (or spaCy) is not available: the rules then work alone."""
    if not ((path := textcat_dir()) / "meta.json").exists():
        return None
    try:
        return TrainedClassifier.load(path)
    except Exception:  # pragma: no cover - a broken install falls back to the rules
        return None
