"""OCR words are typed (ocr/words.py) and stored exactly as before: a JSON list of nine values."""

from __future__ import annotations

import json

from donthu.ocr.words import Word, as_words, scale_words


def test_a_word_is_stored_as_the_same_json_list() -> None:
    w = Word("Kính", 10, 20, 30, 40, 91.5, 1, 2, 3)
    assert json.dumps([w]) == json.dumps([["Kính", 10, 20, 30, 40, 91.5, 1, 2, 3]])
    assert as_words(json.loads(json.dumps([w]))) == [w]
    assert w[0] == w.text and tuple(w[6:9]) == (1, 2, 3)  # readers that index still work (privacy/redact/)


def test_scaling_changes_the_box_only() -> None:
    w = Word("gửi", 10, 21, 30, 41, 88.0, 1, 1, 1)
    assert scale_words([w], 0.5) == [Word("gửi", 5, 10, 15, 20, 88.0, 1, 1, 1)]
    assert scale_words([w], 1.0) == [w]
