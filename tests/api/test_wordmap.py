"""Where on the page a field came from (api/wordmap.py): extraction spans mapped to page words, a token match
as the fallback, and the words the verifier picked."""

from __future__ import annotations

from types import SimpleNamespace

from stationkit import PETITION, page_layout

from donthu.api.wordmap import field_words, match_value, word_offsets


def test_spans_map_to_page_words_and_token_fallback() -> None:
    text, words = page_layout(PETITION)
    page = SimpleNamespace(page_no=1, text=text, words=words)
    offs = word_offsets(text, [page])[1]
    assert all(o is not None for o in offs)
    start = text.index("Phan Thị Mai")
    case = SimpleNamespace(text=text, extra={"spans": {"name": [start, start + len("Phan Thị Mai")]}})
    hits = field_words(
        case,
        [page],
        {"name": "Phan Thị Mai", "subject": "thu hồi đất nông nghiệp", "recipient": "không có trên trang"},
    )
    assert [words[i][0] for _, i in hits["name"]] == ["Phan", "Thị", "Mai"]
    assert [words[i][0] for _, i in hits["subject"]] == ["thu", "hồi", "đất", "nông", "nghiệp"]
    assert "recipient" not in hits
    # a value typed with different case and punctuation still finds its words
    assert len(match_value("PHAN THỊ MAI.", [page])) == 3
    # words the verifier picked on the page win over the extraction span
    case.extra["sources"] = {"name": [[1, 0]]}
    assert field_words(case, [page], {"name": "x"})["name"] == [[1, 0]]
