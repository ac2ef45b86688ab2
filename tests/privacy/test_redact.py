"""Redacted copies of a denunciation (Luật Tố cáo 2018 art. 8(3), 47, 56(2)) and ID-card page detection.

Pages are drawn here with PIL, word by word, so the test knows every word's box; the pixel values of the
redacted JPEG under each box prove what is masked and what is not.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from donthu.lang.normalize import fold_chars as fold
from donthu.privacy.idcard import id_card_score
from donthu.privacy.redact import (
    REDACTED,
    IdentityValues,
    find_identity_boxes,
    redact_image,
    redact_page,
    redact_text,
)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
W, H = 1240, 1754
LEFT = 120
SIG_X = 760

NAME = "Nguyễn Văn Bình"
ADDRESS = "Số 12 đường Lê Lợi, phường Phúc Xá, quận Ba Đình, thành phố Hà Nội"
ID_NUMBER = "001203004567"
PHONE = "0912345678"
IDENTITY = IdentityValues(name=NAME, address=ADDRESS, id_number=ID_NUMBER, phone=PHONE)
RESPONDENT = "ông Trần Văn Hùng, Chủ tịch UBND phường Phúc Xá"


class Page:
    """A page drawn word by word: JPEG, words in Tesseract's shape, text, and where the scribble is."""

    def __init__(self, lines: list, size: int = 24):
        img = Image.new("L", (W, H), 255)
        d = ImageDraw.Draw(img)
        f = ImageFont.truetype(FONT, size)
        lh = int(size * 1.45)
        self.words: list[list] = []
        self.scribbles: list[tuple[int, int, int, int]] = []
        text_lines: list[str] = []
        y = 100
        for li, spec in enumerate(lines):
            s, x = (spec, LEFT) if isinstance(spec, str) else spec
            if s == "":
                y += lh // 2
                continue
            if s == "<scribble>":
                x0, y0 = x, y + 6
                pts = [
                    (x0 + t * 1.6, y0 + 30 + 26 * math.sin(t / 7.0) * (1 - t / 260)) for t in range(0, 150)
                ]
                d.line(pts, fill=30, width=4, joint="curve")
                d.line([(x0 - 10, y0 + 62), (x0 + 250, y0 + 48)], fill=30, width=4)
                self.scribbles.append((x0 - 12, y0, 264, 68))  # x, y, width, height
                y += 3 * lh
                continue
            cx = x
            for wtext in s.split():
                b = d.textbbox((cx, y), wtext, font=f)
                d.text((cx, y), wtext, fill=0, font=f)
                x0, y0, x1, y1 = math.floor(b[0]), math.floor(b[1]), math.ceil(b[2]), math.ceil(b[3])
                self.words.append([wtext, x0, y0, x1 - x0, y1 - y0, 93.0, 1, 1, li])
                cx = b[2] + d.textlength(" ", font=f)
            text_lines.append(s)
            y += lh
        self.text = "\n".join(text_lines)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90)
        self.jpeg = buf.getvalue()

    def boxes_of(self, phrase: str, nth: int | None = None) -> list[tuple[int, int, int, int]]:
        """Boxes of the words of every occurrence of ``phrase`` (consecutive words), or of the nth one."""
        toks = phrase.split()
        texts = [w[0] for w in self.words]
        found = []
        for i in range(len(texts) - len(toks) + 1):
            if texts[i : i + len(toks)] == toks:
                found.append([tuple(self.words[k][1:5]) for k in range(i, i + len(toks))])
        assert found, phrase
        if nth is not None:
            return found[nth]
        return [b for occ in found for b in occ]


def _pixels(jpeg: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(jpeg)).convert("L"))


def assert_masked(jpeg: bytes, boxes, what: str = "") -> None:
    a = _pixels(jpeg)
    for x, y, w, h in boxes:
        region = a[y : y + h, x : x + w]
        assert region.size and region.max() < 60, (
            f"{what} box {(x, y, w, h)} shows pixels up to {region.max()}"
        )


def assert_visible(jpeg: bytes, boxes, what: str = "") -> None:
    a = _pixels(jpeg)
    for x, y, w, h in boxes:
        region = a[y : y + h, x : x + w]
        assert region.max() > 200 and region.min() < 100, f"{what} box {(x, y, w, h)} was masked"


def _denunciation(name_in_body: str = "Nguyễn Vàn Binh", phone_body: str = "0912.345.678") -> Page:
    return Page(
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 330),
            ("Độc lập - Tự do - Hạnh phúc", 400),
            ("Hà Nội, ngày 05 tháng 03 năm 2024", 640),
            ("ĐƠN TỐ CÁO", 520),
            "Kính gửi: Chánh Thanh tra quận Ba Đình",
            f"Họ và tên: {NAME}",
            "Địa chỉ: Số 12 đường Lê Lợi, phường Phúc Xá, quận Ba Đình,",
            "thành phố Hà Nội",
            f"Số CCCD: {ID_NUMBER}",
            "Số điện thoại: 0912 345 678",
            f"Người bị tố cáo: {RESPONDENT}",
            "Nội dung tố cáo: nhận tiền để xác nhận hồ sơ đất đai trái quy định.",
            f"Ngày 12/01/2024, tôi là {name_in_body} đến nộp hồ sơ thì ông Hùng đòi",
            "20 triệu đồng. Ông Trần Văn Hùng nói nếu không nộp thì hồ sơ sẽ bị trả lại.",
            f"Tôi đã nhiều lần liên hệ qua số {phone_body} nhưng không được trả lời.",
            "Đề nghị Chánh Thanh tra xem xét, xử lý nghiêm theo quy định của pháp luật.",
            "",
            ("NGƯỜI TỐ CÁO", SIG_X + 40),
            ("(Ký, ghi rõ họ tên)", SIG_X + 10),
            ("<scribble>", SIG_X),
            ("NGUYỄN VĂN BÌNH", SIG_X + 10),
        ]
    )


def test_every_occurrence_of_the_identity_is_masked_and_the_respondent_is_not():
    page = _denunciation()
    out = redact_page(page.jpeg, page.words, page.text, IDENTITY, is_last_page=True)
    assert Image.open(io.BytesIO(out.image)).size == (W, H)
    # the labelled name, the OCR-damaged name in the body and the name under the signature
    assert_masked(out.image, page.boxes_of(NAME), "name")
    assert_masked(out.image, page.boxes_of("Nguyễn Vàn Binh"), "damaged name")
    assert_masked(out.image, page.boxes_of("NGUYỄN VĂN BÌNH"), "signature name")
    assert_masked(out.image, page.boxes_of("Số 12 đường Lê Lợi, phường Phúc Xá, quận Ba Đình,"), "address")
    assert_masked(out.image, page.boxes_of("thành phố Hà Nội"), "address (wrapped)")
    assert_masked(out.image, page.boxes_of(ID_NUMBER), "id")
    assert_masked(out.image, page.boxes_of("0912 345 678"), "phone with spaces")
    assert_masked(out.image, page.boxes_of("0912.345.678"), "phone with dots")
    assert_masked(out.image, page.scribbles, "signature scribble")
    # the respondent, the subject, the title and the closing request stay readable
    assert_visible(out.image, page.boxes_of(RESPONDENT), "respondent")
    assert_visible(out.image, page.boxes_of("Ông Trần Văn Hùng"), "respondent in the body")
    assert_visible(out.image, page.boxes_of("nhận tiền để xác nhận hồ sơ đất đai"), "subject")
    assert_visible(out.image, page.boxes_of("ĐƠN TỐ CÁO"), "title")
    assert_visible(out.image, page.boxes_of("Hà Nội, ngày 05 tháng 03 năm 2024"), "date line")
    assert_visible(out.image, page.boxes_of("Đề nghị Chánh Thanh tra xem xét,"), "request")
    reasons = {b.reason for b in out.boxes}
    assert {"name", "address", "id_number", "phone", "signature"} <= reasons


def test_text_redaction_removes_every_occurrence_and_keeps_the_rest():
    page = _denunciation(name_in_body="Nguyen Van Blnh")
    text = redact_text(page.text, IDENTITY)
    f = fold(text)
    for gone in ("binh", "blnh", "le loi", "0912", "345 678", "345.678", ID_NUMBER, "ha noi\n"):
        assert gone not in f, (gone, text)
    assert REDACTED in text
    assert RESPONDENT in text and "Ông Trần Văn Hùng nói" in text
    assert "nhận tiền để xác nhận hồ sơ đất đai trái quy định" in text
    assert "Hà Nội, ngày 05 tháng 03 năm 2024" in text  # the place of the date line is no identity
    assert "Họ và tên: [đã lược bỏ]" in text and "NGƯỜI TỐ CÁO" in text


def test_text_layer_words_without_line_keys_are_grouped_by_geometry():
    # a born-digital PDF's words: every word numbered as its own "line" (ingest.pipeline._text_layer_words)
    page = _denunciation()
    flat = [[*w[:6], 1, 1, n] for n, w in enumerate(page.words)]
    out = redact_page(page.jpeg, flat, page.text, IDENTITY, is_last_page=True)
    assert_masked(out.image, page.boxes_of(NAME) + page.boxes_of("NGUYỄN VĂN BÌNH"), "name")
    assert_masked(
        out.image, page.boxes_of("thành phố Hà Nội") + page.boxes_of("0912 345 678"), "address, phone"
    )
    assert_masked(out.image, page.scribbles, "scribble")
    assert_visible(out.image, page.boxes_of(RESPONDENT), "respondent")
    empty = redact_page(page.jpeg, flat, page.text, IdentityValues(), is_last_page=True)
    assert_masked(empty.image, page.boxes_of(NAME, nth=0), "labelled name without extraction")
    card = Page([(ln, 300) for ln in CCCD_FRONT.split("\n")[2:9]])
    assert id_card_score("", [[*w[:6], 1, 1, n] for n, w in enumerate(card.words)], (W, H))[0]


def test_a_closing_label_used_as_a_heading_does_not_swallow_the_body_text():
    body = "Ông Trần Văn Hùng đã nhận tiền của nhiều hộ dân để xác nhận hồ sơ đất đai trái quy định của pháp luật."
    text = f"NGƯỜI TỐ CÁO\nHọ và tên: {NAME}\n{body}\nNGƯỜI TỐ CÁO\n(Ký, ghi rõ họ tên)\nBình\n{NAME}"
    out = redact_text(text, IdentityValues())
    assert body in out
    # only the heading, no signature block (a page in the middle of a petition)
    middle = redact_text(
        f"NGƯỜI TỐ CÁO\nHọ và tên: {NAME}\n{body}\n{body}", IdentityValues(), is_last_page=False
    )
    assert middle.count(body) == 2 and "binh" not in fold(middle)
    assert out.endswith("(Ký, ghi rõ họ tên)\n[đã lược bỏ]\n[đã lược bỏ]"), out
    assert "Họ và tên: [đã lược bỏ]" in out


def test_ocr_damaged_values_are_found():
    page = Page(
        [
            "Tôi tên là Nguyển Vàn Bình, sinh năm 1980, trú tại số 12 đường Lê Lợi,",
            "phường Phúc Xá, quận Ba Đình, thành phố Hà Nội.",
            "Nội dung: ông Trần Văn Hùng đã thu tiền sai quy định.",
            "Liên hệ: 0912 345 679 hoặc O912.345.678; ông Nguyen Van Blnh có mặt.",
            "Ông Nguyễn Văn Bính tổ trưởng cũng biết việc này.",
        ]
    )
    boxes = find_identity_boxes(page.words, IDENTITY, H)
    out = redact_image(page.jpeg, boxes)
    assert_masked(out, page.boxes_of("Nguyển Vàn Bình,"))
    assert_masked(out, page.boxes_of("phường Phúc Xá, quận Ba Đình, thành phố Hà Nội."))
    assert_masked(out, page.boxes_of("0912 345 679"), "phone with one wrong digit")
    assert_masked(out, page.boxes_of("O912.345.678;"), "phone with O for 0")
    assert_masked(out, page.boxes_of("Nguyen Van Blnh"))
    assert_visible(out, page.boxes_of("ông Trần Văn Hùng đã thu tiền sai quy định."))


def test_fail_closed_when_extraction_missed_the_values():
    # nothing was extracted: labels, numbers near ID / phone words and the signature block are still masked
    page = _denunciation()
    out = redact_page(page.jpeg, page.words, page.text, IdentityValues(), is_last_page=True)
    assert_masked(out.image, page.boxes_of(NAME, nth=0), "labelled name")
    assert_masked(out.image, page.boxes_of("Số 12 đường Lê Lợi, phường Phúc Xá, quận Ba Đình,"), "address")
    assert_masked(out.image, page.boxes_of("thành phố Hà Nội"), "address (wrapped)")
    assert_masked(out.image, page.boxes_of(ID_NUMBER), "id")
    assert_masked(out.image, page.boxes_of("0912.345.678"), "phone-shaped number in the body")
    assert_masked(out.image, page.scribbles + page.boxes_of("NGUYỄN VĂN BÌNH"), "signature block")
    assert_visible(out.image, page.boxes_of(RESPONDENT), "respondent")
    text = fold(out.text)
    assert "binh" not in text and ID_NUMBER not in text and "0912" not in text and "le loi" not in text
    # an unlabelled 9-12 digit number near an ID word, anywhere in a line
    other = Page(["Tôi có CMND 123456789 và hộ khẩu tại địa phương, số thửa 123456789 tờ 5."])
    boxes = find_identity_boxes(other.words, IdentityValues(), H, is_last_page=False)
    out2 = redact_image(other.jpeg, boxes)
    assert_masked(out2, other.boxes_of("123456789", nth=0))
    assert_visible(out2, other.boxes_of("123456789", nth=1), "a land plot number is no ID")


def test_signature_block_without_a_label_is_masked_after_the_dated_line():
    lines = [
        f"Dòng nội dung số {i} của đơn trình bày sự việc cụ thể và yêu cầu giải quyết." for i in range(18)
    ]
    page = Page(
        [
            *lines,
            "",
            ("Hà Nội, ngày 05 tháng 03 năm 2024", 640),
            ("<scribble>", SIG_X),
            ("Nguyễn Văn Bình", SIG_X + 20),
        ]
    )
    boxes = find_identity_boxes(page.words, IdentityValues(), H, page_width=W, is_last_page=True)
    out = redact_image(page.jpeg, boxes)
    assert_masked(out, page.scribbles + page.boxes_of("Nguyễn Văn Bình"), "unlabelled signature")
    assert_visible(out, page.boxes_of(lines[3]), "body")
    # not the last page and no closing label: no signature box
    boxes = find_identity_boxes(page.words, IdentityValues(), H, page_width=W, is_last_page=False)
    assert not [b for b in boxes if b.reason == "signature"]
    text = redact_text(page.text, IdentityValues(), is_last_page=True)
    assert "Bình" not in text and lines[3] in text


def test_group_signers_are_masked():
    signers = ["Lê Thị Hoa", "Phạm Quốc Tuấn", "Đỗ Minh Châu"]
    page = Page(
        [
            "Chúng tôi gồm 3 hộ dân tố cáo ông Trần Văn Hùng về việc lấn chiếm lối đi chung.",
            "",
            ("ĐẠI DIỆN CÁC HỘ DÂN", SIG_X),
            ("(Ký, ghi rõ họ tên)", SIG_X + 10),
            ("<scribble>", SIG_X),
            (NAME, SIG_X + 10),
            "",
            ("DANH SÁCH NGƯỜI KÝ ĐƠN", 420),
            *[f"{i}. {s}" for i, s in enumerate([NAME, *signers], 1)],
        ]
    )
    ident = IdentityValues(name=NAME, others=tuple(signers))
    out = redact_page(page.jpeg, page.words, page.text, ident, is_last_page=True)
    for s in signers:
        assert_masked(out.image, page.boxes_of(s), s)
        assert fold(s) not in fold(out.text)
    assert_masked(out.image, page.scribbles, "scribble")
    assert_visible(out.image, page.boxes_of("DANH SÁCH NGƯỜI KÝ ĐƠN"), "list heading")
    assert_visible(out.image, page.boxes_of("ông Trần Văn Hùng"), "respondent")
    assert "1. [đã lược bỏ]" in out.text and "DANH SÁCH NGƯỜI KÝ ĐƠN" in out.text


def test_redact_image_keeps_size_strips_metadata_and_leaves_no_original_pixel():
    rng = np.random.default_rng(3)
    arr = rng.integers(90, 256, (300, 400, 3), dtype=np.uint8)
    img = Image.fromarray(arr, "RGB")
    exif = Image.Exif()
    exif[0x013B] = "Nguyen Van Binh"  # Artist
    exif[0x010E] = "CCCD 001203004567"  # ImageDescription
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes(), comment=b"Nguyen Van Binh")
    assert b"Nguyen Van Binh" in buf.getvalue()
    out = redact_image(buf.getvalue(), [(50, 60, 120, 40, "name"), (0, 250, 400, 50, "signature")], pad=3)
    assert b"Nguyen Van Binh" not in out and b"001203004567" not in out and b"Exif" not in out
    red = Image.open(io.BytesIO(out))
    assert red.size == (400, 300) and not red.getexif()
    a = np.asarray(red.convert("L"))
    assert a[57:103, 47:173].max() < 40 and a[247:300, :].max() < 40
    assert a[150:200, 200:380].mean() > 120  # the rest is the picture


# ------------------------------------------------------------------------------------------------------------
# ID cards
# ------------------------------------------------------------------------------------------------------------

CCCD_FRONT = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
SOCIALIST REPUBLIC OF VIET NAM
CĂN CƯỚC CÔNG DÂN
Citizen Identity Card
Số / No.: 001203004567
Họ và tên / Full name:
NGUYỄN VĂN BÌNH
Ngày sinh / Date of birth: 12/03/1985
Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam
Quê quán / Place of origin: Đông Anh, Hà Nội
Nơi thường trú / Place of residence: Số 12 Lê Lợi, Phúc Xá, Ba Đình, Hà Nội
Có giá trị đến: 12/03/2045 Date of expiry"""

CCCD_BACK = """Đặc điểm nhân dạng / Personal identification:
Nốt ruồi C:1cm trên sau đầu mày phải
Ngày, tháng, năm / Date, month, year: 10/05/2021
CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI
Ngón trỏ trái Ngón trỏ phải
Left index finger Right index finger
IDVNM0850123456001203004567<<2
8503127M4503129VNM<<<<<<<<<<<4
NGUYEN<<VAN<BINH<<<<<<<<<<<<<<"""

# as a poor OCR reads a photocopy of the front: lost tones, l for I, rn for m
CCCD_NOISY = """CONG HOA XA HOI CHU NGHIA VIET NAM
SOClALIST REPUBLlC OF VlET NAM
CĂN CƯỚC CÒNG DÂN
Citizen ldentity Card
Sô / No.: OO1203004567
Ho và tên / Full narne: NGUYÈN VĂN BlNH
Ngày sinh / Date of brth: 12/03/1985"""

CMND_OLD = """CHỨNG MINH NHÂN DÂN
Số 012345678
Họ tên NGUYỄN VĂN BÌNH
Sinh ngày 12-03-1985
Nguyên quán Đông Anh, Hà Nội
Nơi ĐKHK thường trú Phúc Xá, Ba Đình, Hà Nội"""

CMND_BACK = """Dân tộc Kinh Tôn giáo Không
DẤU VẾT RIÊNG VÀ DỊ HÌNH
Nốt ruồi cách 2cm dưới mép phải
Ngày 10 tháng 5 năm 2010
GIÁM ĐỐC CA HÀ NỘI
NGÓN TRỎ TRÁI NGÓN TRỎ PHẢI"""


@pytest.mark.parametrize(
    "text",
    [CCCD_FRONT, CCCD_BACK, CCCD_NOISY, CMND_OLD, CMND_BACK],
    ids=["front", "back", "noisy", "cmnd", "cmnd_back"],
)
def test_id_card_pages_are_detected(text):
    is_card, score, reasons = id_card_score(text, [], (1240, 1754))
    assert is_card, reasons
    assert score >= 0.5


def test_id_card_detected_from_words_of_a_drawn_page():
    page = Page([(ln, 300) for ln in CCCD_FRONT.split("\n")[2:9]])
    is_card, _score, reasons = id_card_score("", page.words, (W, H))
    assert is_card and "small_text_area" in reasons


def test_petitions_are_not_id_cards():
    page = _denunciation()
    assert not id_card_score(page.text, page.words, (W, H))[0]
    labelled = """ĐƠN TỐ CÁO
Kính gửi: Chủ tịch UBND phường Phúc Xá
Họ và tên: Nguyễn Văn Bình Giới tính: Nam Quốc tịch: Việt Nam
Ngày sinh: 12/03/1985 Quê quán: Đông Anh, Hà Nội
Nơi thường trú: Số 12 Lê Lợi, Phúc Xá, Ba Đình, Hà Nội
Số CCCD: 001203004567, cấp ngày 10/05/2021, có giá trị đến 12/03/2045
Căn cước công dân số 001203004567 do Cục Cảnh sát cấp.
Tài liệu kèm theo:
- Bản sao Căn cước công dân.
NGƯỜI TỐ CÁO"""
    is_card, _score, reasons = id_card_score(labelled, [], (W, H))
    assert not is_card, reasons
    body = (
        "Tôi tên là Nguyễn Văn Bình. Số CCCD: 001203004567. Tôi đề nghị giải quyết dứt điểm việc tranh chấp."
    )
    assert not id_card_score(body, [], (W, H))[0]
    # a page with only the number and a label, no petition wording either
    assert not id_card_score("Số CCCD: 001203004567\nHọ và tên: Nguyễn Văn Bình", [], (W, H))[0]


@pytest.mark.ocr
def test_end_to_end_with_tesseract_on_a_generated_denunciation():
    import random

    from donthu.ocr.engine import recognize
    from donthu.samples import make_petition, render_page

    pet = make_petition(random.Random(7), form="labeled", category="to_cao", n_pages=1)
    res, upright = recognize(render_page(pet.pages[0], "office", seed=7))
    buf = io.BytesIO()
    upright.save(buf, "JPEG", quality=85)
    c = pet.complainant
    ident = IdentityValues(name=c["name"], address=c["address"], id_number=c["id_number"], phone=c["phone"])
    out = redact_page(buf.getvalue(), res.words, res.text, ident, is_last_page=True)
    name_words = set(fold(c["name"]).split())
    hits = [w for w in res.words if fold(w[0]).strip(",.") in name_words]
    assert len(hits) >= 2 * len(name_words)  # the labelled line and the signature
    assert_masked(out.image, [tuple(w[1:5]) for w in hits], "name as OCR read it")
    assert fold(c["name"]) not in fold(out.text)
    assert c["id_number"] not in out.text
