"""Tests of the trained category/domain classifier (models/textcat, trained by models/train_classifier.py).

The texts below are written for these tests; the domain texts on purpose contain no phrase of the keyword rule
list (checked), so only the trained model can classify them.
"""

from __future__ import annotations

import pytest

from donthu.models.petition_data import generate, ocr_noise, strip_title
from donthu.models.train_classifier import accuracy, make_data, train
from donthu.nlp import NlpOptions, extract_fields
from donthu.nlp.classify import (
    CATEGORIES,
    DOMAINS,
    KeywordDomainModel,
    classify_category,
    classify_domain,
    trained_model,
)
from donthu.nlp.textcat import load_default, model_text

NO_KEYWORD_TEXTS = [
    (
        "Nhà máy gạch ở đầu thôn ngày đêm thải khói đen, bụi than bay vào nhà dân, nhiều người bị ho, cây trồng "
        "chết khô. Nước giếng của các hộ xung quanh có màu đen, có váng dầu và bốc mùi khó chịu.",
        "moi_truong",
    ),
    (
        "Ông Bí thư thôn sinh con thứ ba, vi phạm quy định, nhưng vẫn được giới thiệu tái cử và không bị xem xét "
        "trách nhiệm trong kỳ kiểm điểm cuối năm.",
        "dang_doan_the",
    ),
    (
        "Hộ ông Bình tự ý cơi nới tầng 4 và đổ mái bê tông sát tường nhà tôi, làm tường nhà tôi bị nứt, thấm nước, "
        "có nguy cơ sập bất cứ lúc nào.",
        "nha_tai_san",
    ),
    (
        "Bố tôi tham gia kháng chiến, bị thương năm 1972, đã nộp hồ sơ từ lâu nhưng đến nay vẫn chưa nhận được "
        "khoản tiền hằng tháng nào dành cho người bị thương trong chiến tranh.",
        "chinh_sach",
    ),
    (
        "Tôi đến Ủy ban xã làm thủ tục đăng ký khai tử cho mẹ và xin trích lục nhưng cán bộ yêu cầu nộp thêm "
        "nhiều giấy tờ không có trong quy định.",
        "tu_phap",
    ),
    (
        "Đoạn đường liên xã dài 3 km bị hư hỏng nặng, ổ gà ổ voi khắp nơi, trời mưa thì lầy lội, các cháu nhỏ đi "
        "học rất nguy hiểm. Buổi tối không có đèn, tối om.",
        "khac",
    ),
]


def test_shipped_model_loads():
    model = load_default()
    assert model is not None, "models/textcat is missing: run python -m donthu.models.train_classifier"
    assert set(model.nlp.pipe_names) == {"category", "domain"}
    assert set(model.nlp.get_pipe("category").labels) == set(CATEGORIES)
    assert set(model.nlp.get_pipe("domain").labels) == set(DOMAINS)
    p = model.predict("Tôi làm đơn này tố cáo ông Nguyễn Văn A, cán bộ địa chính xã, đã nhận tiền của dân.")
    assert abs(sum(p["category"].values()) - 1.0) < 1e-3
    assert abs(sum(p["domain"].values()) - 1.0) < 1e-3


@pytest.mark.parametrize("text,domain", NO_KEYWORD_TEXTS)
def test_model_classifies_domain_without_rule_keywords(text, domain):
    keywords = KeywordDomainModel().scores({"body": text})
    assert max(keywords.values()) == 0, "the test text must not contain a rule keyword"
    res = classify_domain(text)
    assert res.source == "model"
    assert res.domain == domain


def test_content_decides_and_a_disagreeing_title_makes_it_unsure():
    # TT 05/2021 art. 6(1): the content decides, whatever the title says; the disagreement shows as unsure
    text = "Tôi làm đơn này tố cáo ông Nguyễn Văn A đã nhận tiền của dân để làm sổ đỏ, đề nghị xử lý nghiêm."
    titled = classify_category(text, "ĐƠN KIẾN NGHỊ")
    assert titled.category == "to_cao"
    assert titled.confidence <= 0.7
    # explicit wording beats the model
    assert classify_category(text, None).category == "to_cao"
    # keywords in the subject are strong evidence for the domain
    res = classify_domain(NO_KEYWORD_TEXTS[0][0], subject="tranh chấp quyền sử dụng đất, lấn chiếm đất")
    assert res.domain == "dat_dai"


def test_category_from_content_without_title_or_wording():
    text = (
        "Kính gửi: Chủ tịch Ủy ban nhân dân huyện\n"
        "Tôi tên là Trần Văn Hòa, trú tại thôn Đông, xã Nam Hồng.\n"
        "Ông Lê Văn Tùng, cán bộ địa chính xã, đã nhiều lần nhận tiền của các hộ dân để làm hồ sơ, "
        "không có biên lai, gây bức xúc trong nhân dân. Đề nghị cơ quan có thẩm quyền xác minh, xử lý nghiêm "
        "hành vi sai phạm của ông Tùng theo quy định của pháp luật."
    )
    rules_only = extract_fields(text, NlpOptions(trained_model=False)).fields["category"]
    ex = extract_fields(text)
    assert ex.fields["category"] == "to_cao"
    assert ex.fields["domain"] == "tham_nhung"
    assert rules_only in (None, "to_cao")


def test_disabling_the_model_falls_back_to_rules():
    off = NlpOptions(trained_model=False)
    assert trained_model(off) is None
    assert classify_domain(NO_KEYWORD_TEXTS[0][0], options=off).source == "default"
    assert trained_model() is not None


def test_model_text_is_folded():
    assert model_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐơn KHIẾU NẠI số 12/QĐ") == "don khieu nai so 0 qd"


def test_generated_data_is_deterministic():
    a = generate(6, seed=11)
    b = generate(6, seed=11)
    assert [(x.text, x.category, x.domain) for x in a] == [(x.text, x.category, x.domain) for x in b]
    assert {x.category for x in a} == set(CATEGORIES)
    assert make_data(8, seed=3) == make_data(8, seed=3)
    assert make_data(8, seed=3) != make_data(8, seed=4)


def test_ocr_noise_and_title_stripping():
    import random

    pet = generate(1, seed=5, noise_share=0.0)[0]
    noisy = ocr_noise(pet.text, random.Random(1), rate=0.02, stamp=1.0)
    assert noisy != pet.text
    assert noisy == ocr_noise(pet.text, random.Random(1), rate=0.02, stamp=1.0)
    assert "ĐƠN" in pet.text.split("\n", 8)[-1] or "ĐƠN" in pet.text
    stripped = strip_title(pet.text)
    assert not any(line.strip().startswith("ĐƠN") for line in stripped.split("\n")[:10])


def test_training_is_reproducible():
    data = make_data(48, seed=7)
    held = make_data(24, seed=8, mask=False)
    nlp1 = train(data, seed=7, epochs=2, length=2**12)
    nlp2 = train(data, seed=7, epochs=2, length=2**12)
    texts = [row[0] for row in held[:8]]
    cats1 = [doc.cats for doc in nlp1.pipe(texts)]
    cats2 = [doc.cats for doc in nlp2.pipe(texts)]
    assert cats1 == cats2
    assert accuracy(nlp1, held)["category"] > 0.5
