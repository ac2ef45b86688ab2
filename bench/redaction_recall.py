"""How much of a denouncer's identity the redacted copies hide, and how much else they hide, on OCR'd pages.

    python bench/redaction_recall.py [--pages 30] [--seed 0] [--cache DIR]

Generates tố cáo petitions with the project's generator (``samples.make_petition``, every form: labelled, prose,
group, anonymous), draws their pages under scan profiles (clean, office, photocopy, stamp), reads them with the
project's OCR (``ocr.engine.recognize``, cached in ``--cache``) and runs the redaction engine three ways:
  * truth: the identity values from the generator's ground truth;
  * extracted: the values the project's extractor (``nlp.extract.extract_fields``) reads from the OCR text,
    the way ingest gets them;
  * none: no values at all (only the fail-closed rules: labels, numbers, signature block).
The identity words of a page are the words of the truth's name, address, ID number, phone and signers' names,
located in the page's text and mapped onto the OCR words by aligning the two token sequences. Figures:
  * recall: share of those OCR words covered (>= 90 % of the word's box) by the masked boxes;
  * over-redaction: share of the other OCR words covered (the signature block's labels, "Người tố cáo",
    "(Ký, ghi rõ họ tên)", count here; they are also given without the signature box);
  * text recall: share of the identity words of the OCR text that the redacted text no longer has;
  * ID-card detection on these pages (should be 0 positives) and on generated CCCD/CMND copies (front, back).
Figures only: no pass/fail.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import io
import json
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from donthu.lang.normalize import fold_chars as fold
from donthu.privacy.idcard import id_card_score
from donthu.privacy.redact import PAD, IdentityValues, find_identity_boxes, redact_page, redact_text

PROFILES = ["clean", "office", "photocopy", "stamp"]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

CARD_FRONT = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
SOCIALIST REPUBLIC OF VIET NAM
CĂN CƯỚC CÔNG DÂN
Citizen Identity Card
Số / No.: {id}
Họ và tên / Full name:
{name}
Ngày sinh / Date of birth: 12/03/1985
Giới tính / Sex: Nam   Quốc tịch / Nationality: Việt Nam
Quê quán / Place of origin:
Đông Anh, Hà Nội
Nơi thường trú / Place of residence:
{addr}
Có giá trị đến: 12/03/2045 Date of expiry"""
CARD_BACK = """Đặc điểm nhân dạng / Personal identification:
Nốt ruồi C:1cm trên sau đầu mày phải
Ngày, tháng, năm / Date, month, year: 10/05/2021
CỤC TRƯỞNG CỤC CẢNH SÁT
QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI
Ngón trỏ trái        Ngón trỏ phải
Left index finger    Right index finger
IDVNM0850123456{id}<<2
8503127M4503129VNM<<<<<<<<<<<4
NGUYEN<<VAN<BINH<<<<<<<<<<<<<<"""
CMND_FRONT = """CHỨNG MINH NHÂN DÂN
Số {id9}
Họ tên {name}
Sinh ngày 12-03-1985
Nguyên quán Đông Anh, Hà Nội
Nơi ĐKHK thường trú
{addr}"""


def card_page(text: str, seed: int) -> Image.Image:
    """A copy of one side of an ID card on an A4 sheet (150 dpi), slightly tilted, photocopy-grey."""
    rng = np.random.default_rng(seed)
    page = Image.new("L", (1240, 1754), 250)
    card = Image.new("L", (860, 543), 235)  # 85.6 x 54 mm
    d = ImageDraw.Draw(card)
    d.rounded_rectangle([0, 0, 859, 542], radius=30, outline=90, width=3)
    lines = text.split("\n")
    size = max(17, min(26, 500 // (len(lines) + 1)))
    f = ImageFont.truetype(FONT, size)
    y = 20
    for ln in lines:
        d.text((30, y), ln, fill=25, font=f)
        y += int(size * 1.3)
    card = card.rotate(float(rng.uniform(-1.5, 1.5)), expand=True, fillcolor=250)
    page.paste(card, (int(rng.integers(120, 250)), int(rng.integers(150, 500))))
    arr = np.asarray(page, dtype=np.float32) + rng.normal(0, 5, (1754, 1240))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")


def ocr_cached(img: Image.Image, cache: Path, key: str) -> tuple[dict, bytes]:
    from donthu.ocr.engine import recognize

    path = cache / f"{key}.json"
    jpg = cache / f"{key}.jpg"
    if path.exists() and jpg.exists():
        return json.loads(path.read_text()), jpg.read_bytes()
    res, upright = recognize(img)
    buf = io.BytesIO()
    upright.save(buf, "JPEG", quality=80)
    data = {"text": res.text, "words": res.words, "seconds": res.seconds}
    path.write_text(json.dumps(data, ensure_ascii=False))
    jpg.write_bytes(buf.getvalue())
    return data, buf.getvalue()


def _core(s: str) -> str:
    return re.sub(r"[\W_]+", "", fold(s))


def identity_spans(text: str, truth: dict) -> list[tuple[int, int, str]]:
    """Character spans of the truth's identity values in the page text (line breaks as spaces)."""
    c = truth["complainant"]
    out = []

    def words_rx(value: str) -> str:
        return r"\s+".join(re.escape(p) for p in value.split())

    values = []
    if c.get("name"):
        values.append((words_rx(c["name"]), "name"))
    for s in truth.get("signers") or []:
        if s and s != c.get("name"):
            values.append((words_rx(s), "signer"))
    if c.get("address"):
        values.append((words_rx(c["address"]), "address"))
    for key, reason in (("id_number", "id_number"), ("phone", "phone")):
        if c.get(key):
            values.append((r"[ .]?".join(re.escape(d) for d in c[key]), reason))
    for rx, reason in values:
        for m in re.finditer(rx, text, flags=re.IGNORECASE):
            out.append((m.start(), m.end(), reason))
    return out


def label_words(src_text: str, spans: list[tuple[int, int, str]], ocr_words: list[list]) -> list[str | None]:
    """For every OCR word, the identity reason of the source word it reads, or None."""
    src = [(m.start(), m.end(), _core(m.group(0))) for m in re.finditer(r"\S+", src_text)]
    src = [s for s in src if s[2]]
    src_reason = []
    for s, e, _ in src:
        r = next((reason for a, b, reason in spans if s < b and e > a), None)
        src_reason.append(r)
    ocr = [_core(str(w[0])) for w in ocr_words]
    out: list[str | None] = [None] * len(ocr_words)
    sm = difflib.SequenceMatcher(None, [s[2] for s in src], ocr, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(j2 - j1):
                out[j1 + k] = src_reason[i1 + k]
        elif tag == "replace":
            # split / merged words: every OCR word of the block takes the reason if any source word has one
            rs = [r for r in src_reason[i1:i2] if r]
            if rs and len(rs) == i2 - i1:
                for k in range(j1, j2):
                    out[k] = rs[0]
    return out


def removed_tokens(text: str, redacted: str, words: list[list]) -> list[bool] | None:
    """Per OCR word, whether the redacted text dropped it (the page text is the non-empty words joined)."""
    orig = text.split()
    idx = [i for i, w in enumerate(words) if str(w[0]).strip()]
    if orig != [str(words[i][0]) for i in idx]:
        return None
    sm = difflib.SequenceMatcher(None, orig, redacted.split(), autojunk=False)
    gone = [False] * len(words)
    for k in idx:
        gone[k] = True
    for a, _b, size in sm.get_matching_blocks():
        for k in range(a, a + size):
            gone[idx[k]] = False
    return gone


def coverage(words: list[list], boxes, size: tuple[int, int], pad: int = PAD) -> np.ndarray:
    w, h = size
    mask = np.zeros((h, w), dtype=bool)
    for b in boxes:
        x0, y0 = max(0, int(b[0]) - pad), max(0, int(b[1]) - pad)
        x1, y1 = min(w, int(b[0]) + int(b[2]) + pad), min(h, int(b[1]) + int(b[3]) + pad)
        mask[y0:y1, x0:x1] = True
    cov = np.zeros(len(words))
    for i, wd in enumerate(words):
        x, y, ww, hh = (int(v) for v in wd[1:5])
        region = mask[max(0, y) : y + hh, max(0, x) : x + ww]
        cov[i] = region.mean() if region.size else 0.0
    return cov >= 0.9


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/donthu-redaction-bench"))
    ap.add_argument(
        "--show", action="store_true", help="print the lines with over-redacted words (truth mode)"
    )
    return ap.parse_args()


@dataclass
class Tally:
    """What the run counts, page after page."""

    stats: dict[str, dict] = field(
        default_factory=lambda: {
            mode: {
                "id": 0,
                "id_cov": 0,
                "other": 0,
                "other_cov": 0,
                "other_cov_words": 0,
                "text_id": 0,
                "text_gone": 0,
                "by_reason": {},
            }
            for mode in ("truth", "extracted", "none")
        }
    )
    timings: list[float] = field(default_factory=list)
    full_timings: list[float] = field(default_factory=list)
    card_false: int = 0
    pages_done: int = 0
    forms: dict[str, int] = field(default_factory=dict)
    pet_no: int = 0
    misses: list[str] = field(default_factory=list)
    over_lines: dict[str, list[str]] = field(default_factory=dict)


def ocr_petition(pet, pet_no: int, cache: Path) -> list[tuple[str, dict, bytes]]:
    """Each page of the petition drawn under a scan profile and read by the project's OCR (cached)."""
    from donthu.samples import render_page

    ocr_pages = []
    for k, src in enumerate(pet.pages):
        profile = PROFILES[(pet_no + k) % len(PROFILES)]
        key = hashlib.sha1(f"{src}|{profile}|{pet_no}".encode()).hexdigest()[:16]
        img = render_page(src, profile, seed=pet_no * 10 + k)
        data, jpeg = ocr_cached(img, cache, key)
        ocr_pages.append((src, data, jpeg))
    return ocr_pages


def identities(pet, truth: dict, ocr_pages: list[tuple[str, dict, bytes]]) -> dict[str, IdentityValues]:
    """The three ways of running the engine: the truth's values, the extractor's values, no values."""
    from donthu.nlp.extract import extract_fields

    ext = extract_fields("\n".join(d["text"] for _, d, _ in ocr_pages))
    ec = ext.fields["complainant"]
    c = truth["complainant"]
    return {
        "truth": IdentityValues(
            name=c["name"],
            address=c["address"],
            id_number=c["id_number"],
            phone=c["phone"],
            others=tuple(s for s in pet.signers if s != c["name"]),
        ),
        "extracted": IdentityValues.from_case(
            ec.get("name"), ec.get("address"), ec.get("id_number"), ec.get("phone"), ext.extra
        ),
        "none": IdentityValues(),
    }


def score_page(
    tally: Tally,
    args: argparse.Namespace,
    pet,
    k: int,
    page: tuple[str, dict, bytes],
    last: bool,
    truth: dict,
    idents: dict[str, IdentityValues],
) -> None:
    """Runs the engine on one page in every mode and counts what its boxes and its text hide."""
    src, data, jpeg = page
    words = data["words"]
    size = Image.open(io.BytesIO(jpeg)).size
    if id_card_score(data["text"], words, size)[0]:
        tally.card_false += 1
    reasons = label_words(src, identity_spans(src, truth), words)
    for mode, ident in idents.items():
        t0 = time.perf_counter()
        gray = np.asarray(Image.open(io.BytesIO(jpeg)).convert("L"))
        boxes = find_identity_boxes(words, ident, size[1], page_width=size[0], is_last_page=last, ink=gray)
        red_text = redact_text(data["text"], ident, is_last_page=last)
        if mode == "truth":
            tally.timings.append(time.perf_counter() - t0)
            t1 = time.perf_counter()
            redact_page(jpeg, words, data["text"], ident, is_last_page=last)
            tally.full_timings.append(time.perf_counter() - t1)
        cov = coverage(words, boxes, size)
        cov_words = coverage(words, [b for b in boxes if b.reason != "signature"], size)
        removed = removed_tokens(data["text"], red_text, words)
        for i, r in enumerate(reasons):
            if r:
                count_identity_word(tally, mode, pet.form, r, words[i], bool(cov[i]), removed, i)
            else:
                st = tally.stats[mode]
                st["other"] += 1
                st["other_cov"] += bool(cov[i])
                st["other_cov_words"] += bool(cov_words[i])
                if args.show and mode == "truth" and cov_words[i]:
                    tally.over_lines.setdefault(f"{tally.pet_no}.{k}.{tuple(words[i][6:9])}", []).append(
                        str(words[i][0])
                    )


def count_identity_word(
    tally: Tally, mode: str, form: str, r: str, word: list, covered: bool, removed: list[bool] | None, i: int
) -> None:
    st = tally.stats[mode]
    misses = tally.misses
    st["id"] += 1
    st["id_cov"] += covered
    br = st["by_reason"].setdefault(r, [0, 0])
    br[0] += 1
    br[1] += covered
    if removed is not None and _core(str(word[0])):
        st["text_id"] += 1
        st["text_gone"] += removed[i]
        if not removed[i] and mode == "truth" and len(misses) < 15:
            misses.append(f"text {form}/{r}: {word[0]!r}")
    if not covered and mode == "truth" and len(misses) < 15:
        misses.append(f"{form}/{r}: {word[0]!r}")


def print_figures(tally: Tally) -> None:
    print(f"pages: {tally.pages_done} from {tally.pet_no} tố cáo petitions, forms (pages): {tally.forms}")
    for mode, st in tally.stats.items():
        rec = st["id_cov"] / st["id"] if st["id"] else float("nan")
        over = st["other_cov"] / st["other"] if st["other"] else float("nan")
        over_w = st["other_cov_words"] / st["other"] if st["other"] else float("nan")
        trec = st["text_gone"] / st["text_id"] if st["text_id"] else float("nan")
        by = ", ".join(f"{r} {v[1]}/{v[0]}" for r, v in sorted(st["by_reason"].items()))
        print(f"[{mode:9}] image recall {rec:.1%} ({st['id_cov']}/{st['id']} identity words; {by})")
        print(
            f"            over-redaction {over:.1%} of {st['other']} other words "
            f"({over_w:.1%} without the signature box); text recall {trec:.1%} ({st['text_gone']}/{st['text_id']})"
        )
    for key, ws in tally.over_lines.items():
        print(f"  over-redacted {key}: {' '.join(ws)}")
    if tally.misses:
        print("missed (truth):", "; ".join(tally.misses))
    timings, full_timings = tally.timings, tally.full_timings
    print(
        f"engine per page (boxes + text, ink from the decoded page): mean {statistics.mean(timings) * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms; redact_page with JPEG decode+encode: mean "
        f"{statistics.mean(full_timings) * 1000:.1f} ms"
    )
    print(f"ID-card detection on these petition pages: {tally.card_false} positive of {tally.pages_done}")


def card_detection(cache: Path) -> None:
    """ID-card detection on generated copies of CCCD and CMND cards (front, back)."""
    cards = [("cccd front", CARD_FRONT), ("cccd back", CARD_BACK), ("cmnd front", CMND_FRONT)]
    found = 0
    for n, (label, tmpl) in enumerate(cards * 2):
        text = tmpl.format(
            id="001203004567",
            id9="012345678",
            name="NGUYỄN VĂN BÌNH",
            addr="Số 12 Lê Lợi, Phúc Xá, Ba Đình, Hà Nội",
        )
        img = card_page(text, n)
        key = "card-" + hashlib.sha1(f"{text}|{n}".encode()).hexdigest()[:16]
        data, jpeg = ocr_cached(img, cache, key)
        ok, score, why = id_card_score(data["text"], data["words"], Image.open(io.BytesIO(jpeg)).size)
        found += ok
        print(f"  card copy {label} #{n}: detected={ok} score={score} {why}")
    print(f"ID-card detection on generated card copies: {found} of {len(cards) * 2}")


def main() -> None:
    args = parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    from donthu.samples import make_petition

    rng = random.Random(args.seed)
    tally = Tally()
    while tally.pages_done < args.pages:
        pet = make_petition(rng, category="to_cao")
        tally.pet_no += 1
        truth = pet.truth()
        tally.forms[pet.form] = tally.forms.get(pet.form, 0) + len(pet.pages)
        ocr_pages = ocr_petition(pet, tally.pet_no, args.cache)
        idents = identities(pet, truth, ocr_pages)
        for k, page in enumerate(ocr_pages):
            if tally.pages_done >= args.pages:
                break
            tally.pages_done += 1
            score_page(tally, args, pet, k, page, k == len(ocr_pages) - 1, truth, idents)
    print_figures(tally)
    card_detection(args.cache)


if __name__ == "__main__":
    sys.exit(main())
