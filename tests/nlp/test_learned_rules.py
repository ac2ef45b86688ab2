"""The hygiene rules applied after the span model (nlp/extract/learned.py): honorifics, the writer is not the
respondent, a body asked to act is not the respondent, an address broken at a bracket keeps the rule's extent."""

from __future__ import annotations

from donthu.lang.normalize import fold_chars as fold
from donthu.nlp.extract.learned import _ASKED_RE, _broken, _is_writer, _without_honorific
from donthu.nlp.extract.result import Cand


def _cand(value: str, start: int = 0) -> Cand:
    return Cand(value, start, start + len(value), 0.8, "model", {})


def test_honorific_is_dropped_from_a_name_but_not_a_surname() -> None:
    text = "Ông Lê Văn Tám gửi đơn."
    c = _without_honorific(_cand("Ông Lê Văn Tám"), text)
    assert (c.value, c.start, c.end) == ("Lê Văn Tám", 4, 14)
    assert c.extra["with_honorific"] == "Ông Lê Văn Tám"
    for surname in ("Chu Văn Tám", "Cù Thị Hoa"):  # surnames that fold like "chú" and "cụ"
        assert _without_honorific(_cand(surname), surname).value == surname
    assert _without_honorific(_cand("Bà Hoa"), "Bà Hoa").value == "Bà Hoa"  # one word left: kept as written


def test_the_writer_is_not_the_respondent() -> None:
    name = _cand("Lê Văn Tám", 10)
    assert _is_writer(_cand("Anh Lê Văn Tám", 6), name)  # overlapping spans
    assert _is_writer(_cand("anh Lê Văn Tám", 200), name)  # the same person named again
    assert not _is_writer(_cand("ông Trần Văn Bảy", 200), name)
    assert not _is_writer(_cand("ông Tám", 200), None)


def test_a_body_asked_to_act_is_no_respondent() -> None:
    assert _ASKED_RE.match(fold("Đề nghị UBND phường Tân Lập"))
    assert _ASKED_RE.match(fold("Kính mong Chủ tịch UBND huyện"))
    assert not _ASKED_RE.match(fold("UBND phường Tân Lập"))


def test_a_span_cut_at_a_bracket_is_broken() -> None:
    text = "ở phố Hòa Bình (quận Lê Chân) gửi đơn"
    inner = text.index("quận")
    assert _broken(text, (inner, text.index(")"), 0.9))  # starts just inside "("
    assert _broken(text, (inner, text.index(")") + 1, 0.9))  # leaves ")" unopened
    assert not _broken(text, (text.index("phố"), text.index(")") + 1, 0.9))
