"""nlp.spans (the CRF span model) and nlp.extract.learned (its combination with the rules)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from donthu.models.petition_data import generate
from donthu.models.train_spans import Sample, align, bio, read_rules, to_sequences, train
from donthu.nlp.extract import extract_fields
from donthu.nlp.extract.learned import UNSURE_CAP, apply_span_model, combine, combine_all
from donthu.nlp.extract.result import Cand, Reading
from donthu.nlp.options import NlpOptions
from donthu.nlp.spans import (
    FIELDS,
    MODEL_PATH,
    SpanResult,
    SpanTagger,
    featurize,
    load_default,
    predict,
    tokenize,
)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Đức"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Tâm"]
PLACES = ["xã Tân Lập", "xã Hòa Bình", "phường Đông Ba", "thị trấn Phú Xuyên"]
BODIES = ["Báo Lao Động", "Ủy ban nhân dân huyện Gia Lâm", "Thanh tra tỉnh Bắc Giang"]
SENTENCES = [
    "Ông {name} (trú tại {addr}) gửi đơn đến {recip} phản ánh việc nhà máy xả nước thải.",
    "Bà {name}, ngụ tại {addr}, vừa có đơn gửi {recip} kêu cứu vì bị lấn chiếm lối đi.",
    "Theo đơn của ông {name} ở {addr}, gia đình ông chưa nhận được tiền bồi thường.",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def _news(rng: random.Random, name: str) -> Sample:
    addr = f"{rng.choice(PLACES)}, huyện {rng.choice(['Gia Lâm', 'Đông Anh', 'Mê Linh'])}"
    recip = rng.choice(BODIES)
    line = rng.choice(SENTENCES).format(name=name, addr=addr, recip=recip)
    text = "Bạn đọc phản ánh\n\n" + line + "\nSự việc kéo dài nhiều năm chưa được giải quyết."
    values = {"NAME": name, "ADDR": addr, "RECIP": recip if "{recip}" in line or recip in line else None}
    values.update({"RESP": None, "SUBJ": None})
    return Sample(text, values, False, "news")


def test_tokens_carry_exact_offsets():
    text = "Kính gửi: UBND xã Tân Lập\nÔng Trần Văn Bình (trú tại thôn 2) gửi đơn."
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert [t.text for t in toks[:4]] == ["Kính", "gửi", ":", "UBND"]
    assert toks[0].bol and toks[6].eol and toks[7].bol and toks[7].line == 1 and not toks[7].eol


def test_rule_readings_become_features_of_their_tokens():
    text = "Kính gửi: UBND xã Tân Lập\nTôi là Trần Văn Bình."
    toks = tokenize(text)
    s = text.index("Trần")
    feats = featurize(text, toks, {"NAME": (s, s + len("Trần Văn Bình"), "prose")})
    marked = [t.text for t, f in zip(toks, feats, strict=True) if "r=NAME|prose" in f]
    assert marked == ["Trần", "Văn", "Bình"]
    assert [t.text for t, f in zip(toks, feats, strict=True) if "rB=NAME" in f] == ["Trần"]
    assert not any(x.startswith("r=") for f in featurize(text, toks) for x in f)


def test_gold_alignment_is_whitespace_insensitive_and_skips_taken_spans():
    text = "Kính gửi: Chủ tịch UBND huyện A\nTôi khiếu nại Chủ tịch UBND\nhuyện A về việc cấp đất sai."
    values = {"NAME": None, "ADDR": None, "RECIP": "Chủ tịch UBND huyện A", "RESP": "Chủ tịch UBND huyện A"}
    values["SUBJ"] = "cấp đất sai"
    spans = align(text, values)
    assert spans is not None
    (rs, re_), (ps, pe) = spans["RECIP"][0], spans["RESP"][0]
    assert text[rs:re_] == "Chủ tịch UBND huyện A" and rs == text.index("Chủ")
    assert ps > re_ and " ".join(text[ps:pe].split()) == "Chủ tịch UBND huyện A"  # the second occurrence
    tags = bio(tokenize(text), spans)
    assert tags.count("B-RECIP") == 1 and tags.count("B-RESP") == 1 and tags.count("B-SUBJ") == 1


def test_tiny_model_finds_a_name_in_a_news_sentence(tmp_path):
    rng = random.Random(7)
    train_set = [_news(rng, _name(rng)) for _ in range(80)]
    seqs, dropped = to_sequences(train_set)
    assert dropped == 0 and len(seqs) == 80
    path, again = tmp_path / "tiny.crfsuite", tmp_path / "again.crfsuite"
    params = {"c1": 0.05, "c2": 0.01, "max_iterations": 60, "feature.possible_transitions": True}
    train(seqs, path, params)
    train(to_sequences(train_set)[0], again, params)
    assert path.read_bytes() == again.read_bytes()  # deterministic
    tagger = SpanTagger(path)
    unseen = "Nông Đình Khải"  # syllables never seen in training
    sample = _news(random.Random(99), unseen)
    res = tagger.predict(sample.text)
    best = res.best("NAME")
    assert best is not None and sample.text[best[0] : best[1]] == unseen and best[2] > 0.5
    assert res.absent["NAME"] < 0.5 and res.absent["SUBJ"] > 0.5


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="span model not trained")
def test_shipped_model_spans_cut_exactly_the_values():
    assert load_default() is not None
    ex = generate(1, 424242, noise_share=0.0)[0]
    text, marks = read_rules(ex.text)
    spans = predict(text, marks)
    assert set(spans) == set(FIELDS)
    name = spans["NAME"][0]
    assert text[name[0] : name[1]] == ex.truth["complainant"]["name"] and 0.5 < name[2] <= 1.0
    recip = spans["RECIP"][0]
    assert " ".join(text[recip[0] : recip[1]].split()) == ex.truth["recipient"]


# ------------------------------------------------------------------------------------------ combination
TEXT = (
    "Kính gửi: Ủy ban nhân dân xã Tân Lập\n"
    "Ông Trần Văn Bình (trú tại thôn 2, xã Tân Lập) gửi đơn đến Báo Lao Động phản ánh việc xả thải."
)


def _span(value: str, p: float) -> tuple[int, int, float]:
    s = TEXT.index(value)
    return (s, s + len(value), p)


def _res(**spans) -> SpanResult:
    out = SpanResult({f: [] for f in FIELDS}, {f: 0.5 for f in FIELDS})
    for k, v in spans.items():
        if k.startswith("absent_"):
            out.absent[k[7:]] = v
        else:
            out.spans[k] = [v]
    return out


def _cand(value: str, conf: float, method: str = "prose") -> Cand:
    s = TEXT.index(value)
    return Cand(value, s, s + len(value), conf, method)


def test_agreement_raises_confidence():
    rule = _cand("Trần Văn Bình", 0.7)
    got = combine(rule, _res(NAME=_span("Trần Văn Bình", 0.9)), "NAME", TEXT)
    assert got is not None and got.value == "Trần Văn Bình" and got.method == "rule+model"
    assert got.conf > 0.7 and got.extra["rule_method"] == "prose"


def test_disagreement_is_decided_by_probability_and_capped():
    # the model is surer than the rule: its span, unsure
    rule = _cand("Ủy ban nhân dân xã Tân Lập", 0.5)
    got = combine(rule, _res(RECIP=_span("Báo Lao Động", 0.95)), "RECIP", TEXT)
    assert got is not None and got.value == "Báo Lao Động" and got.method == "model"
    assert got.conf <= UNSURE_CAP < 0.9 and got.extra["rule_value"] == "Ủy ban nhân dân xã Tân Lập"
    # the rule is surer than the model: the rule's value, unsure
    rule = _cand("Ủy ban nhân dân xã Tân Lập", 0.98)
    got = combine(rule, _res(RECIP=_span("Báo Lao Động", 0.8)), "RECIP", TEXT)
    assert got is not None and got.value == "Ủy ban nhân dân xã Tân Lập" and got.method == "rule"
    assert got.conf < 0.9


def test_model_sure_of_absence_drops_a_weak_rule_value_and_caps_a_strong_one():
    weak = _cand("xả thải", 0.4)
    assert combine(weak, _res(absent_SUBJ=0.998), "SUBJ", TEXT) is None
    strong = _cand("xả thải", 0.999)
    got = combine(strong, _res(absent_SUBJ=0.998), "SUBJ", TEXT)
    assert got is not None and got.conf < 0.9 and got.method == "rule"


def test_absence_only_doubts_a_respondent_and_the_same_person_named_twice_agrees():
    # a respondent the rules read stays when the model is sure there is none: shown as unsure for review
    weak = _cand("xả thải", 0.4)
    got = combine(weak, _res(absent_RESP=0.998), "RESP", TEXT)
    assert got is not None and got.value == "xả thải" and got.conf < 0.9
    # the model names the same official another way: agreement, the rule's fuller value stays
    text = (
        "Đồng chí Ngô Ngọc Thắng đã nhận tiền. Tôi tố cáo đảng viên Ngô Ngọc Thắng, Bí thư Chi bộ thôn Đông."
    )
    value = "đảng viên Ngô Ngọc Thắng, Bí thư Chi bộ thôn Đông"
    s = text.index(value)
    rule = Cand(value, s, s + len(value), 0.55, "subject")
    res = SpanResult({"RESP": [(0, len("Đồng chí Ngô Ngọc Thắng"), 0.9)]}, {"RESP": 0.0})
    got = combine(rule, res, "RESP", text)
    assert got is not None and got.value == value and got.method == "rule+model"


def test_model_fills_an_empty_field_and_nothing_stays_nothing():
    got = combine(None, _res(ADDR=_span("thôn 2, xã Tân Lập", 0.9)), "ADDR", TEXT)
    assert got is not None and got.value == "thôn 2, xã Tân Lập" and got.method == "model" and got.conf < 0.9
    assert TEXT[got.start : got.end] == got.value
    assert combine(None, _res(ADDR=_span("thôn 2, xã Tân Lập", 0.3)), "ADDR", TEXT) is None
    assert combine(None, _res(), "ADDR", TEXT) is None


def test_one_span_serves_one_field():
    # the model reads the "Kính gửi" line as both recipient and respondent: the respondent does not take it
    body = _span("Ủy ban nhân dân xã Tân Lập", 0.9)
    r = Reading.start(TEXT, NlpOptions())
    combine_all(r, _res(RECIP=body, RESP=body))
    assert r.recipient is not None and r.recipient.value == "Ủy ban nhân dân xã Tân Lập"
    assert r.respondent is None


def test_a_signer_list_is_never_the_respondent():
    text = TEXT + "\nDANH SÁCH KÝ TÊN\n1. Trần Văn Bình\n2. Lê Thị Hà"
    a, b = text.index("1. Trần"), text.index("Lê Thị Hà") + len("Lê Thị Hà")
    r = Reading.start(text, NlpOptions())
    r.signers = [("Trần Văn Bình", a + 3, a + 16), ("Lê Thị Hà", b - 9, b)]
    res = SpanResult({f: [] for f in FIELDS}, {f: 0.5 for f in FIELDS})
    res.spans["RESP"] = [(a, b, 0.8)]
    res.spans["NAME"] = [(a + 3, a + 16, 0.8)]
    combine_all(r, res)
    assert r.respondent is None
    assert r.name is not None and r.name.value == "Trần Văn Bình"  # the complainant may be read there


@dataclass(frozen=True)
class _Off(NlpOptions):
    span_model: bool = False


class _FakeTagger:
    def __init__(self, res: SpanResult):
        self.res = res

    def predict(self, text: str, marks=None) -> SpanResult:
        self.marks = marks
        return self.res


def test_apply_on_a_reading_and_the_switch():
    res = _res(NAME=_span("Trần Văn Bình", 0.9), RECIP=_span("Báo Lao Động", 0.95))
    r = Reading.start(TEXT, NlpOptions())
    r.recipient = _cand("Ủy ban nhân dân xã Tân Lập", 0.5, "label:exact")
    fake = _FakeTagger(res)
    apply_span_model(r, fake)  # type: ignore[arg-type]
    assert fake.marks == {
        "RECIP": (TEXT.index("Ủy"), TEXT.index("Ủy") + 26, "label:exact")
    }  # the rule features
    assert r.name is not None and r.name.value == "Trần Văn Bình" and r.name.method == "model"
    assert r.recipient is not None and r.recipient.value == "Báo Lao Động" and r.recipient.conf < 0.9
    off = Reading.start(TEXT, _Off())
    apply_span_model(off, _FakeTagger(res))  # type: ignore[arg-type]
    assert off.name is None and off.recipient is None


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="span model not trained")
def test_extraction_with_the_model_keeps_filled_forms():
    ex = generate(1, 515151, noise_share=0.0)[0]
    with_model = extract_fields(ex.text)
    without = extract_fields(ex.text, _Off())
    assert with_model.fields["complainant"]["name"] == ex.truth["complainant"]["name"]
    assert with_model.fields["recipient"] == without.fields["recipient"] == ex.truth["recipient"]
