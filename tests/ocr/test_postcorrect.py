"""OCR post-correction: repairs tone/vowel confusions by context, drops scribble debris, keeps valid words."""

from __future__ import annotations

from donthu.ocr.postcorrect import correct_words, fold, load_lm, words_to_text


def line(
    text: str, conf: float = 80.0, line_no: int = 1, confs: dict[int, float] | None = None
) -> list[list]:
    out = []
    for i, w in enumerate(text.split()):
        c = (confs or {}).get(i, conf)
        out.append([w, 10 * i, 10 * line_no, 9, 9, c, 1, 1, line_no])
    return out


def fixed(text: str, **kw) -> tuple[str, list]:
    words, changes = correct_words(line(text, **kw))
    return words_to_text(words), changes


def test_fold_strips_every_diacritic() -> None:
    assert fold("Đường") == "duong" and fold("ghỉ") == "ghi" and fold("TỐ") == "to"


def test_tone_confusions_are_repaired_in_context() -> None:
    assert fixed("(Ký và ghỉ rõ họ tên)")[0] == "(Ký và ghi rõ họ tên)"
    assert fixed("ĐƠN TỔ CÁO")[0] == "ĐƠN TỐ CÁO"
    text, changes = fixed("nội dưng đơn khiếu nại")
    assert text == "nội dung đơn khiếu nại"
    (change,) = changes
    assert (
        change.old == "dưng" and change.new == "dung" and change.kind == "tone" and 0 < change.confidence <= 1
    )


def test_valid_words_that_fit_are_never_changed() -> None:
    for sentence in (
        "hồ sơ đang chờ xem xét",
        "Tôi là Nguyễn Văn Phương, trú tại xã An Phú",
        "đề nghị cơ quan chức năng giải quyết",
        "tổ dân phố số 5",
        "Chi cục Thi hành án dân sự",
    ):
        text, changes = fixed(sentence, conf=95.0)
        assert text == sentence and not changes, changes


def test_capitalised_rare_names_are_kept() -> None:
    text, _ = fixed("thôn 2, xã Đạ Nhim, huyện Lạc Dương", conf=90.0)
    assert "Đạ Nhim" in text


def test_scribble_debris_is_dropped_but_acronyms_and_numbers_stay() -> None:
    words = line("vWwWN \\W~* UBND CCCD 025089217853 m2", confs={0: 30.0, 1: 20.0, 2: 40.0, 3: 45.0})
    out, changes = correct_words(words)
    assert words_to_text(out) == "UBND CCCD 025089217853 m2"
    assert {c.old for c in changes if c.kind == "debris"} == {"vWwWN", "\\W~*"}
    assert len(out) == len(words)  # boxes kept: the screen can still show what was dropped


def test_language_model_is_built_and_loaded() -> None:
    lm = load_lm()
    assert "nghĩa" in lm.syllables and "ngườí" not in lm.syllables
    assert lm.logp("khiếu", "nại") > lm.logp("khiếu", "nài")
