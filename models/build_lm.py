"""Build the Vietnamese syllable inventory and bigram model used by OCR post-correction.

    python -m donthu.models.build_lm        # writes models/vi_lm.json.gz

Sources (all offline, all reproducible; fixed seed):
  * the Viet74K word list shipped in the underthesea wheel (73,901 words and phrases): the syllable inventory
    and the syllable bigrams inside multi-syllable words;
  * the VLSP 2013 POS test corpus shipped in the same wheel (running Vietnamese text, ~68k tokens): bigrams in
    context;
  * petitions written by the project's own generator (samples/): the vocabulary of petitions
    ("ghi rõ họ tên", "Độc lập - Tự do - Hạnh phúc", "tố cáo");
  * generated sentences naming agencies and offices (samples.people's recipients and respondents, and the
    administrative terms of ocr/admin_terms.py in sentences written here: "Chi cục Thuế", "chi trả tiền bồi
    thường", "Chi bộ thôn"), beside the readings that are not terms ("chỉ đạo", "chỉ tiêu"), so the model
    knows which diacritic reading an agency name takes.
Counts are lower-cased NFC syllables; sentence and punctuation boundaries reset the context.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

OUT = Path(__file__).parent / "vi_lm.json.gz"
SEED = 20261122
GENERATED_PETITIONS = 600
GENERATED_CAP = 3  # at most this many counts of any unigram/bigram come from generated text
ADMIN_SENTENCES = 3000
ADMIN_CAP = 12  # at most this many counts of any unigram/bigram come from the administrative sentences
SYLLABLE_RE = re.compile(r"[^\W\d_]+")


def _underthesea_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("underthesea")
    assert spec and spec.origin, "underthesea is not installed"
    return Path(spec.origin).parent


def _segments(text: str) -> list[list[str]]:
    """Runs of syllables not broken by punctuation, digits or line ends."""
    text = unicodedata.normalize("NFC", text).lower()
    out: list[list[str]] = []
    for chunk in re.split(r"[\n.,;:!?()\[\]\"“”/\-–…]+|\d+", text):
        sylls = SYLLABLE_RE.findall(chunk)
        if sylls:
            out.append(sylls)
    return out


def viet74k() -> list[str]:
    return (_underthesea_dir() / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8").splitlines()


def vlsp_text() -> str:
    path = (
        _underthesea_dir()
        / "pipeline"
        / "pos_tag"
        / "models"
        / "pos_crf_vlsp2013_20230303"
        / "test_output.txt"
    )
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(" ".join(current))
            current = []
            continue
        current.append(line.split("\t")[0])
    if current:
        sentences.append(" ".join(current))
    return "\n".join(sentences)


def generated_text(n: int = GENERATED_PETITIONS) -> str:
    from donthu.samples import make_petition

    rng = random.Random(SEED)
    return "\n".join("\n".join(make_petition(rng).pages) for _ in range(n))


_AGENCIES = (
    "Chi cục Thuế {dist}",
    "Chi cục Thi hành án dân sự {dist}",
    "Chi cục Thống kê {dist}",
    "Chi nhánh Văn phòng đăng ký đất đai {dist}",
    "Chi nhánh Ngân hàng Chính sách xã hội {dist}",
    "Chi bộ thôn {hamlet}",
    "Chi bộ khu dân cư số {n}",
    "Chi hội nông dân thôn {hamlet}",
    "Chi hội cựu chiến binh {ward}",
    "Chi đoàn thanh niên thôn {hamlet}",
    "Cục Thuế {prov}",
    "Cục Thi hành án dân sự {prov}",
    "Sở Tài nguyên và Môi trường {prov}",
    "Sở Tư pháp {prov}",
    "Sở Xây dựng {prov}",
    "Sở Tài chính {prov}",
    "Phòng Tài nguyên và Môi trường {dist}",
    "Phòng Tư pháp {dist}",
    "Phòng Quản lý đô thị {dist}",
    "Ủy ban nhân dân {ward}",
    "Ủy ban nhân dân {dist}",
    "Ủy ban kiểm tra Đảng ủy {ward}",
    "Ủy ban Mặt trận Tổ quốc Việt Nam {ward}",
    "Hội đồng nhân dân {dist}",
    "Thanh tra {dist}",
    "Thanh tra {prov}",
    "Tòa án nhân dân {dist}",
    "Viện kiểm sát nhân dân {dist}",
    "Bảo hiểm xã hội {dist}",
    "Ban Tiếp công dân {prov}",
    "Trung tâm Phát triển quỹ đất {dist}",
    "Ban Quản lý dự án {dist}",
    "Công an {ward}",
    "Đoàn đại biểu Quốc hội {prov}",
)
_AGENCY_FRAMES = (
    "Kính gửi {a}",
    "Đồng kính gửi {a}",
    "đề nghị {a} xem xét giải quyết",
    "{a} đã ban hành văn bản trả lời",
    "{a} chưa giải quyết dứt điểm",
    "{a} chỉ đạo kiểm tra lại hồ sơ",
    "hồ sơ đã được chuyển đến {a}",
    "cán bộ {a} hướng dẫn gia đình tôi",
    "tôi đã nhiều lần đến {a} nhưng không được trả lời",
)
_MONEY_FRAMES = (
    "chậm chi trả tiền bồi thường",
    "chưa chi trả tiền hỗ trợ tái định cư",
    "dừng chi trả trợ cấp hằng tháng",
    "đề nghị chi trả đủ số tiền còn thiếu",
    "việc chi trả tiền bồi thường giải phóng mặt bằng",
    "chi trả chế độ bảo hiểm xã hội",
    "đơn vị đã chi trả một phần",
    "chi phí đo đạc và cấp Giấy chứng nhận",
    "gia đình tôi phải chịu chi phí thẩm định",
    "chi phí giải phóng mặt bằng",
    "chi phí khám chữa bệnh",
    "chi tiêu ngân sách xã không công khai",
    "vượt chỉ tiêu được giao",
    "tôi chỉ đề nghị được giải quyết đúng pháp luật",
    "cơ quan chỉ hướng dẫn bằng miệng",
    "theo chỉ đạo của cấp trên",
    "thực hiện chỉ thị của Ban Thường vụ",
    "không chỉ gia đình tôi mà nhiều hộ dân",
)


def admin_text(n: int = ADMIN_SENTENCES) -> str:
    """Generated sentences naming agencies and offices, and the money words beside them (fixed seed)."""
    from donthu.samples.people import HAMLET_N, _place, _recipient, _respondent

    rng = random.Random(SEED + 1)
    lines: list[str] = []
    for _ in range(n):
        pl = _place(rng)
        dist = pl.ward if pl.two_level else pl.district
        hamlet = rng.choice(HAMLET_N).format(n=rng.randint(1, 12)).split(" ", 1)[-1]
        agency = rng.choice(_AGENCIES).format(
            dist=dist, prov=pl.province, ward=pl.ward, hamlet=hamlet, n=rng.randint(1, 9)
        )
        lines.append(rng.choice(_AGENCY_FRAMES).format(a=agency))
        lines.append(rng.choice(_MONEY_FRAMES))
        kind = rng.choice(["authority", "chair", "insurance", "court"])
        respondent = _respondent(rng, kind, pl)
        domain = rng.choice(["dat_dai", "tu_phap", "chinh_sach", "dang_doan_the", "moi_truong"])
        category = rng.choice(["khieu_nai", "to_cao", "kien_nghi", "phan_anh"])
        lines.append(f"Kính gửi {_recipient(rng, domain, category, pl, kind, respondent)}")
        if respondent:
            lines.append(f"khiếu nại {respondent}")
    from donthu.ocr.admin_terms import ADMIN_TERMS

    lines.extend(ADMIN_TERMS)
    return "\n".join(lines)


def _capped(text: str, cap: int, uni: Counter[str], bi: Counter[str]) -> None:
    """Add the counts of ``text`` to ``uni``/``bi``, at most ``cap`` for any unigram or bigram: generated text
    attests a word pair, it does not make it frequent."""
    g_uni: Counter[str] = Counter()
    g_bi: Counter[str] = Counter()
    for seg in _segments(text):
        g_uni.update(seg)
        g_bi.update(f"{a} {b}" for a, b in zip(seg, seg[1:], strict=False))
    for k, c in g_uni.items():
        uni[k] += min(c, cap)
    for k, c in g_bi.items():
        bi[k] += min(c, cap)


def build() -> dict:
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    syllables: set[str] = set()
    for entry in viet74k():
        for seg in _segments(entry):
            syllables.update(seg)
            uni.update(seg)
            bi.update(f"{a} {b}" for a, b in zip(seg, seg[1:], strict=False))
    for seg in _segments(vlsp_text()):
        uni.update(seg)
        bi.update(f"{a} {b}" for a, b in zip(seg, seg[1:], strict=False))
    _capped(generated_text(), GENERATED_CAP, uni, bi)
    _capped(admin_text(), ADMIN_CAP, uni, bi)
    # the inventory: dictionary syllables, plus running-text syllables seen at least twice (names, loan words)
    syllables |= {s for s, c in uni.items() if c >= 2}
    return {
        "about": "Vietnamese syllable unigram/bigram counts for OCR post-correction; built by models/build_lm.py",
        "syllables": sorted(syllables),
        "unigrams": dict(sorted(uni.items())),
        "bigrams": {k: v for k, v in sorted(bi.items()) if v >= 1},
    }


def main() -> None:
    model = build()
    data = json.dumps(model, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(data)  # mtime 0: the same build gives the same bytes
    print(
        f"{len(model['syllables'])} syllables, {len(model['unigrams'])} unigrams, {len(model['bigrams'])} bigrams "
        f"-> {OUT} ({OUT.stat().st_size // 1024} KiB)"
    )


if __name__ == "__main__":
    main()
