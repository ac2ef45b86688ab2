"""lang: the three folds agree where they must and differ where their meaning needs it; the lexicon loads."""

from __future__ import annotations

import unicodedata

from donthu.lang.lexicon import (
    LM_PATH,
    MOTTO,
    MOTTO_FOLDED,
    MOTTO_RE,
    SURNAME_KEYS,
    SURNAMES,
    read_lm,
    viet74k_path,
)
from donthu.lang.normalize import fold_chars, fold_words, nfc, skeleton, token_key
from donthu.privacy.policy import fold as policy_fold

TEXT = "Nguyễn Thị Hoà, ĐỒNG THÁP — Ủy ban nhân dân xã Phú Thành A (số 12/QĐ)"
LETTERS = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"


def test_the_folds_agree_on_nfc_vietnamese():
    text = nfc(TEXT)
    assert len(fold_chars(text)) == len(text)
    assert fold_chars(text) == skeleton(text) == policy_fold(text)
    assert fold_words(text) == "nguyen thi hoa dong thap uy ban nhan dan xa phu thanh a so 12 qd"
    for ch in LETTERS + LETTERS.upper():
        assert fold_chars(ch) == skeleton(ch) == policy_fold(ch) == fold_words(ch), ch


def test_only_fold_chars_keeps_length_on_nfd_input():
    nfd = unicodedata.normalize("NFD", "Nguyễn Hòa")
    assert len(fold_chars(nfd)) == len(nfd)
    assert skeleton(nfd) == "nguyen hoa" and fold_words(nfd) == "nguyen hoa"


def test_token_key_keeps_diacritics():
    assert token_key("«Nguyễn,»") == "nguyễn"


def test_motto_and_surnames():
    assert tuple(fold_words(m) for m in MOTTO) == MOTTO_FOLDED
    assert all(MOTTO_RE.search(fold_chars(m)) for m in MOTTO)
    assert {fold_chars(s) for s in SURNAMES} <= SURNAME_KEYS
    assert {"ksor", "nie", "rmah", "siu"} <= SURNAME_KEYS


def test_language_resources_load():
    assert LM_PATH.exists() and viet74k_path().exists()
    lm = read_lm()
    assert {"syllables", "unigrams", "bigrams"} <= set(lm) and lm["unigrams"]
