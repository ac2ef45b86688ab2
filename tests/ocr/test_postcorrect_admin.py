"""OCR post-correction knows administrative vocabulary (issue 12): agency and money terms read with a wrong tone
("Chỉ cục", "chỉ trả") are repaired toward the term, readings that are right stay, and the structure extraction
needs (list numbers, "(V/v:", "Số:", document codes, dates) is never dropped as debris."""

from __future__ import annotations

import pytest

from donthu.models import build_lm
from donthu.ocr.admin_terms import ADMIN_TERMS, is_structure, term_sides
from donthu.ocr.postcorrect import correct_words, load_lm, words_to_text


def page(text: str, conf: float = 95.0, confs: dict[str, float] | None = None) -> list[list]:
    """Words of ``text`` (one Tesseract line per text line, one paragraph) at confidence ``conf``."""
    out = []
    for ln, line in enumerate(text.split("\n"), start=1):
        for i, w in enumerate(line.split()):
            out.append([w, 10 * i, 10 * ln, 9, 9, (confs or {}).get(w, conf), 1, 1, ln])
    return out


def fixed(text: str, conf: float = 95.0, confs: dict[str, float] | None = None) -> str:
    words, _ = correct_words(page(text, conf, confs))
    return words_to_text(words)


@pytest.mark.parametrize("conf", [95.0, 70.0])
@pytest.mark.parametrize(
    ("read", "meant"),
    [
        (
            "Kính gửi: Chỉ cục Thi hành án dân sự huyện Gia Lâm",
            "Kính gửi: Chi cục Thi hành án dân sự huyện Gia Lâm",
        ),
        ("Bí thư Chỉ bộ thôn Đông", "Bí thư Chi bộ thôn Đông"),
        ("việc chậm chỉ trả tiền bồi thường", "việc chậm chi trả tiền bồi thường"),
        ("đề nghị Chỉ nhánh Văn phòng đăng ký đất đai", "đề nghị Chi nhánh Văn phòng đăng ký đất đai"),
        ("hoàn trả chỉ phí đo đạc", "hoàn trả chi phí đo đạc"),
        ("Chí hội nông dân xã", "Chi hội nông dân xã"),
        ("Số Tư pháp tỉnh Nam Định", "Sở Tư pháp tỉnh Nam Định"),
        ("Tòa an nhân dân huyện", "Tòa án nhân dân huyện"),
        ("Ủy bạn nhân dân xã", "Ủy ban nhân dân xã"),
        ("cán bộ Phòng Tài nguyên và Mội trường", "cán bộ Phòng Tài nguyên và Môi trường"),
    ],
)
def test_agency_and_money_terms_are_repaired_toward_the_term(read: str, meant: str, conf: float) -> None:
    assert fixed(read, conf) == meant


def test_a_repaired_term_is_recorded_as_a_tone_change() -> None:
    words, changes = correct_words(page("Đề nghị Chỉ cục Thuế và Chỉ nhánh ngân hàng chỉ trả chỉ phí."))
    assert words_to_text(words) == "Đề nghị Chi cục Thuế và Chi nhánh ngân hàng chi trả chi phí."
    assert [(c.old, c.new, c.kind) for c in changes] == [("Chỉ", "Chi", "tone")] * 2 + [
        ("chỉ", "chi", "tone")
    ] * 2
    assert all(0 < c.confidence <= 1 for c in changes)


@pytest.mark.parametrize("conf", [95.0, 70.0])
@pytest.mark.parametrize(
    "sentence",
    [
        "Kính gửi: Chi cục Thi hành án dân sự",
        "vượt chỉ tiêu được giao",
        "chi tiêu ngân sách không công khai",
        "theo chỉ đạo của huyện",
        "đình chỉ thi công công trình",
        "Ủy ban chỉ trả lời chung chung",
        "Ủy ban chỉ trả\nlời chung chung",  # the phrase runs on across the line end
        "không có công ăn việc làm",
        "tôi chỉ bộ phận một cửa",
        "chính sách an dân",
        "Sở Tư pháp tỉnh",
    ],
)
def test_readings_that_are_right_are_kept(sentence: str, conf: float) -> None:
    words, changes = correct_words(page(sentence, conf))
    assert words_to_text(words) == sentence and not changes, changes


def test_term_sides_needs_the_whole_term_as_written() -> None:
    assert term_sides("chi", [], ["cục", "thuế"]) == (False, True)
    assert term_sides("án", ["hành", "thi"], ["dân", "sự"]) == (True, True)
    assert term_sides("án", ["sách"], ["dân"]) is None  # "án dân" is only a piece of "thi hành án dân sự"
    assert term_sides("chi", [], ["trả", "lời"]) is None  # "chỉ trả lời": only answers
    assert term_sides("chỉ", [], ["trả", "lời"], keep=True) == (False, True)


@pytest.mark.parametrize(
    "line",
    [
        "1. Huỳnh Hồng Hạnh",
        "2) Nguyễn Văn Bình",
        "3- Trần Thị Lan",
        "a) Lê Văn Đức",
        "(1) Phạm Thị Hoa",
        "(V/v: chi trả tiền bồi thường)",
        "V/v khiếu nại quyết định thu hồi đất",
        "(V/v khiếu nại",
        "K/g: Ủy ban nhân dân xã",
        "Số: 15/QĐ-UBND ngày 12/3/2024",
        "Căn cứ Nghị định 43/2014/NĐ-CP",
    ],
)
def test_structure_is_kept_at_any_confidence(line: str) -> None:
    for conf in (95.0, 50.0, 20.0):
        words, changes = correct_words(page(line, conf))
        assert words_to_text(words) == line, (conf, changes)
        assert not [c for c in changes if c.kind == "debris"]


def test_structure_with_a_speck_is_kept_but_scribbles_still_go() -> None:
    text = "1.| Huỳnh Hồng Hạnh\n(\\/v: khiếu nại\nngày 12/3/2024_ vWwWN \\W~*"
    words, changes = correct_words(page(text, 40.0, confs={"vWwWN": 30.0, "\\W~*": 20.0}))
    out = words_to_text(words)
    assert out.startswith("1.| Huỳnh Hồng Hạnh\n") and "12/3/2024_" in out
    assert {c.old for c in changes if c.kind == "debris"} == {"vWwWN", "\\W~*"}


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("(VW: chi trả tiền bồi thường)", "(V/v: chi trả tiền bồi thường)"),
        ("(V/: khiếu nại", "(V/v: khiếu nại"),
        ("(V⁄: khiếu nại", "(V/v: khiếu nại"),
        ("|. Huỳnh Hồng Hạnh", "1. Huỳnh Hồng Hạnh"),
        ("l) Nguyễn Văn Bình", "1) Nguyễn Văn Bình"),
        ("Số: 15/QĐÐ-UBND", "Số: 15/QĐ-UBND"),
    ],
)
def test_misread_markers_and_codes_are_repaired(read: str, meant: str) -> None:
    words, changes = correct_words(page(read, 45.0))
    assert words_to_text(words) == meant
    assert any(c.kind == "char" for c in changes)


def test_markers_are_only_markers_at_a_line_start() -> None:
    assert is_structure("1.", line_start=True) and is_structure("a)", line_start=True)
    assert not is_structure("a)", line_start=False)
    assert fixed("thửa đất VW: x", 95.0) == "thửa đất VW: x"  # not a line start: left as read


def test_the_language_model_learned_the_agency_bigrams() -> None:
    lm = load_lm()
    for word in ("cục", "bộ", "trả", "nhánh", "hội", "phí"):
        assert lm.logp("chi", word) > lm.logp("chỉ", word) + 1.0, word
    assert (
        lm.bi.get("chi cục", 0) >= build_lm.ADMIN_CAP
    )  # the shipped model was built with the admin sentences
    assert lm.logp("chỉ", "đạo") > lm.logp("chi", "đạo")


def test_the_admin_sentences_are_reproducible_and_name_the_terms() -> None:
    a, b = build_lm.admin_text(200), build_lm.admin_text(200)
    assert a == b
    assert "Chi cục" in a and "chi trả" in a and "Chi bộ" in a
    assert all(term in a for term in ADMIN_TERMS)
