"""Fakes that enter through the OCR engine seam (ocr/engine.py: engines by name, chosen by DONTHU_OCR_ENGINE)
and a pipeline that counts its runs (handed to the inbox watchers), instead of patching internals."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image

from donthu.ingest.pipeline import IngestSummary, Pipeline
from donthu.ocr.engine import OcrEngine, OcrResult, TesseractEngine, register_engine, unregister_engine
from donthu.ocr.words import Word


class FakeEngine:
    """Reads every page as ``text``: one word box per word, lines as Tesseract numbers them; no Tesseract."""

    def __init__(
        self, text: str = "ĐƠN KIẾN NGHỊ\nKính gửi: Ủy ban nhân dân xã", confidence: float = 95.0
    ) -> None:
        self.text = text
        self.confidence = confidence
        self.calls = 0

    def recognize(
        self, img: Image.Image, lang: str, postcorrect: bool, dpi: float | None
    ) -> tuple[OcrResult, Image.Image]:
        self.calls += 1
        words = [
            Word(w, 10 + 60 * i, 10 + 40 * n, 50, 30, self.confidence, 1, 1, n + 1)
            for n, line in enumerate(self.text.splitlines())
            for i, w in enumerate(line.split())
        ]
        result = OcrResult(text=self.text, words=words, confidence=self.confidence)
        return result, img.convert("L")


class FailingEngine:
    """Another engine (Tesseract by default) that raises on the given calls (1-based): a worker fault."""

    def __init__(self, fail_on: Iterable[int], inner: OcrEngine | None = None) -> None:
        self.fail_on = set(fail_on)
        self.inner = inner or TesseractEngine()
        self.calls = 0

    def recognize(
        self, img: Image.Image, lang: str, postcorrect: bool, dpi: float | None
    ) -> tuple[OcrResult, Image.Image]:
        self.calls += 1
        if self.calls in self.fail_on:
            raise RuntimeError("tesseract died")
        return self.inner.recognize(img, lang, postcorrect, dpi)


@contextmanager
def ocr_engine(name: str, engine: OcrEngine) -> Iterator[OcrEngine]:
    """``engine`` registered as ``name`` for the block (select it with DONTHU_OCR_ENGINE=name)."""
    register_engine(name, engine)
    try:
        yield engine
    finally:
        unregister_engine(name)


class CountingPipeline(Pipeline):
    """The local pipeline, recording the paths of every run."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.calls: list[list[Path]] = []

    def run(self, paths: Iterable[Path], retry_failed: bool = False) -> IngestSummary:
        paths = list(paths)
        self.calls.append(paths)
        return super().run(paths, retry_failed=retry_failed)
