"""Tests for the newspaper, legal-question and portal styles of the styled-petition generator (issue 12)."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from donthu.samples.styles import generate_styled, make_styled
from donthu.samples.styles import news as N
from donthu.samples.styles.base import nfc

KINDS = ("news", "qa", "portal")
POOLS = ("train", "heldout")


def _sample(kind: str, pool: str, n: int = 300, seed: int = 7) -> list:
    return generate_styled(n, seed, pool, kinds=(kind,))


def _tables() -> dict[str, dict[str, list[str]]]:
    return {k: v for k, v in vars(N).items() if isinstance(v, dict) and set(v) == {"train", "heldout"}}


def test_phrase_tables_pooled_disjoint_and_wide():
    tables = _tables()
    assert len(tables) >= 25
    for name, t in tables.items():
        for pool in POOLS:
            assert len(t[pool]) >= 4, (name, pool)
            assert len(set(t[pool])) == len(t[pool]), (name, pool)
        shared = set(t["train"]) & set(t["heldout"]) - {"."}  # a bare full stop is punctuation, not a wording
        assert not shared, (name, shared)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("pool", POOLS)
def test_labels_occur_verbatim(kind, pool):
    for p in _sample(kind, pool):
        flat = N.flat(p.text)
        assert p.kind == kind and p.pool == pool
        values = [p.complainant["name"], p.complainant["address"], p.recipient, p.respondent, p.subject]
        for v in values:
            assert v is None or N.flat(v) in flat, (v, p.text)
        assert p.complainant["id_number"] is None and p.complainant["phone"] is None
        assert p.category in ("khieu_nai", "to_cao", "kien_nghi", "phan_anh")
        assert p.category == p.contents[0]


@pytest.mark.parametrize("pool", POOLS)
def test_anonymity_and_counts_agree(pool):
    for kind in KINDS:
        for p in _sample(kind, pool, 200):
            if p.complainant["name"] is None:
                assert p.anonymous
                assert p.complainant["address"] is None
            else:
                assert not p.anonymous and p.signatory_count >= 1
            if kind in ("qa", "portal"):
                assert p.signatory_count == (0 if p.anonymous else 1)
    portals = _sample("portal", pool, 200)
    assert all(p.anonymous and p.complainant["name"] is None for p in portals)


def test_determinism():
    a = [p.text for p in generate_styled(40, 3, "train", kinds=KINDS)]
    b = [p.text for p in generate_styled(40, 3, "train", kinds=KINDS)]
    c = [p.text for p in generate_styled(40, 4, "train", kinds=KINDS)]
    assert a == b and a != c


def test_news_honorific_stripped_and_later_mentions():
    seen = 0
    for p in _sample("news", "train", 300):
        name = p.complainant["name"]
        if not name:
            continue
        assert not re.match(r"(?i)(ông|bà|anh|chị|bác|cụ)\s", name)
        given = name.split()[-1]
        hon = re.search(rf"(?i)\b(ông|bà|anh|chị|bác|cụ) {re.escape(name)}", N.flat(p.text))
        assert hon, p.text
        if re.search(rf"\b{hon.group(1).lower()} {re.escape(given)}\b", N.flat(p.text)):
            seen += 1
    assert seen > 50


def test_news_group_counts():
    """A representative's N households count N; a writer with k others counts k + 1; sizes are ignored."""
    found = Counter()
    for p in _sample("news", "train", 600) + _sample("news", "heldout", 600):
        t = N.flat(p.text)
        m = re.search(r"(\d+) (?:hộ dân|hộ gia đình|hộ) (?:ở|tại)[^.]*?(?:do|đại diện|\(đại diện)", t)
        if m and p.complainant["name"]:
            found["rep"] += 1
            assert p.signatory_count == int(m.group(1)), t
        m = re.search(
            r"(?:cùng|và|của|chữ ký của|thêm) (\d+) (?:cư dân|hộ dân|người|hộ|công dân)[^.]*?khác", t
        )
        if m and p.complainant["name"]:
            found["cosign"] += 1
        if re.search(r"(?:có|khoảng) \d+ (?:hộ|nhân khẩu|người cùng)", t) and p.signatory_count in (0, 1):
            found["sizes_ignored"] += 1
        if p.signatory_count == 2:
            found["pair"] += 1
    assert min(found.values()) > 5 and len(found) == 4, found


def test_news_recipient_only_when_sent():
    """A recipient is named after a sending or receiving verb; 'các cơ quan chức năng' is none."""
    sent = received = none = 0
    for p in _sample("news", "heldout", 400):
        t = N.flat(p.text)
        if p.recipient is None:
            none += 1
            continue
        r = re.escape(p.recipient)
        if re.search(rf"{r} (?:nhận|vừa nhận|đã nhận|tiếp nhận|vừa tiếp nhận|có nhận|mới tiếp nhận)", t):
            received += 1
        else:
            assert re.search(rf"(?:đến|tới|lên|gửi|với) {r}", t), t
            sent += 1
    assert sent > 30 and received > 20 and none > 100


def test_news_subject_from_introducing_sentence_only():
    with_subject = passing = 0
    for p in _sample("news", "train", 400):
        t = N.flat(p.text)
        if p.subject:
            with_subject += 1
            i = t.index(p.subject)
            lead = t[max(0, i - 30) : i]
            assert re.search(r"(về việc|với nội dung|xung quanh việc|liên quan đến việc) $", lead), lead
        elif "về việc" in t:
            passing += 1
    assert with_subject > 120 and passing > 20


def test_news_petition_date_is_the_petitions():
    dated = forwarded = 0
    for p in _sample("news", "train", 500):
        t = N.flat(p.text)
        if p.petition_date:
            dated += 1
            y, m, d = (int(x) for x in p.petition_date.split("-"))
            assert re.search(rf"\b0?{d}[/-]0?{m}[/-]{y}\b", t), t
        if "chuyển đơn" in t:
            forwarded += 1
    assert dated > 40 and forwarded > 40


def test_qa_signatures_and_questions():
    modes = Counter()
    for p in _sample("qa", "train", 400):
        t = N.flat(p.text)
        modes[p.notes["mode"]] += 1
        assert "?" in t
        assert p.recipient is None and p.subject is None and p.petition_date is None
        if p.notes["mode"] == "plain":
            assert p.complainant["name"].isascii()
    assert len(modes) == 6 and modes["none"] > 80


def test_portal_heading_subject_and_no_reply():
    colon = 0
    for pool in POOLS:
        for p in _sample("portal", pool, 300):
            t = N.flat(p.text)
            if p.subject:
                colon += 1
                assert t.split(": ", 1)[1].startswith(p.subject), t
            assert not re.search(
                r"(?i)trả lời:|kết quả (?:xử lý|giải quyết):|đơn vị xử lý|ý kiến trả lời", p.text
            )
            assert p.signatory_count == 0 and p.petition_date is None
    assert colon > 200


def test_pools_do_not_share_wordings_in_text():
    """Text made from the held-out pool never uses a train-only phrase of the style tables."""
    tables = _tables()
    train_only = {
        s
        for t in tables.values()
        for s in t["train"]
        if "{" not in s and len(s) > 12 and s not in t["heldout"]
    }
    for p in generate_styled(300, 11, "heldout", kinds=KINDS):
        for s in train_only:
            assert s not in p.text, s


def test_writers_and_weights():
    assert set(N.WRITERS) == set(KINDS)
    weights = {k: w for k, (_, w) in N.WRITERS.items()}
    assert weights["news"] > weights["qa"] > 0 and weights["portal"] > 0  # news accounts dominate real texts
    rng = random.Random(5)
    for kind in KINDS:
        p = make_styled(rng, "heldout", kind)
        assert p.kind == kind and p.pool == "heldout" and p.text == nfc(p.text)
