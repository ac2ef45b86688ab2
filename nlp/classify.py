"""Category (khiếu nại / tố cáo / kiến nghị / phản ánh) and domain (lĩnh vực) classification.

Category: the title decides when it names one category (``ĐƠN KHIẾU NẠI``, ``ĐƠN ĐỀ NGHỊ`` ...); a title naming
none (``ĐƠN``, ``ĐƠN TRÌNH BÀY``) or several (``ĐƠN KHIẾU NẠI, TỐ CÁO``) leaves it to the content wording
(``làm đơn này tố cáo ...``, the signature role ``NGƯỜI KHIẾU NẠI``, ``Nội dung phản ánh`` ...).

Domain: weighted keyword evidence (``DOMAIN_KEYWORDS``, per domain of ``contract.DOMAINS``) counted per region
of the petition, the subject and title weighing more than the body. The keyword scorer is the default
:class:`DomainModel`; a trained model with the same ``predict_proba`` interface can be handed in as
``NlpOptions.domain_model`` (and falls back to keywords when it is unsure). ``NlpOptions.trained_model`` switches
the shipped classifier (``models/textcat``) on (default) or off.

All matching runs on folded text (lower case, no diacritics), so OCR tone errors do not matter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..contract import CATEGORIES, DOMAINS
from ..lang.normalize import collapse_ws, nfc
from ..lang.normalize import fold_chars as fold
from .options import DEFAULT_OPTIONS, DomainModel, NlpOptions
from .textcat import TrainedClassifier, load_default

__all__ = [
    "CATEGORIES",
    "DOMAINS",
    "CategoryResult",
    "DomainResult",
    "DomainModel",
    "KeywordDomainModel",
    "category_from_title",
    "classify_category",
    "classify_domain",
    "get_domain_model",
    "trained_model",
]


# category words as they appear in titles and prose (folded)
_CATEGORY_WORDS: list[tuple[str, str]] = [
    ("khieu nai", "khieu_nai"),
    ("to cao", "to_cao"),
    ("to giac", "to_cao"),
    ("kien nghi", "kien_nghi"),
    ("de nghi", "kien_nghi"),
    ("yeu cau", "kien_nghi"),
    ("phan anh", "phan_anh"),
]
# single-word title heads that ask for something ("ĐƠN XIN ...") count as kiến nghị, weakly
_WEAK_TITLE_WORDS = {"xin": "kien_nghi"}


@dataclass
class CategoryResult:
    category: str | None
    confidence: float
    source: str  # "title" | "title+content" | "content" | "none"
    scores: dict = field(default_factory=dict)


def _title_words(title: str) -> list[str]:
    t = fold(nfc(title))
    t = re.sub(r"\(.*?\)", " ", t)  # "(lần 2)"
    t = re.sub(r"\blan\s*(thu\s*)?\d+\b", " ", t)
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    return t.split()


def category_from_title(title: str | None) -> tuple[list[str], float]:
    """Categories named by a title, in order, and how cleanly they were read (1.0 exact, less when fuzzy)."""
    if not title:
        return [], 0.0
    words = _title_words(title)
    # skip the leading "don" / "thu" / "don thu" (possibly OCR-garbled: "dcn", "d0n")
    while words and (
        words[0] in ("don", "thu") or (len(words[0]) == 3 and fuzz.ratio(words[0], "don") >= 66)
    ):
        words = words[1:]
    found: list[str] = []
    quality = 1.0
    i = 0
    while i < len(words):
        matched = False
        if i + 1 < len(words):
            pair = words[i] + " " + words[i + 1]
            best, best_score = None, 0.0
            for phrase, cat in _CATEGORY_WORDS:
                s = 100.0 if pair == phrase else fuzz.ratio(pair, phrase)
                if s > best_score:
                    best, best_score = cat, s
            if best is not None and best_score >= 80:
                if best not in found:
                    found.append(best)
                quality = min(quality, best_score / 100.0)
                i += 2
                matched = True
        if not matched:
            if i == 0 and words[i] in _WEAK_TITLE_WORDS and not found:
                found.append(_WEAK_TITLE_WORDS[words[i]])
                quality = min(quality, 0.75)
            i += 1
    return found, quality


_CONTENT_RULES: list[tuple[re.Pattern, float]] = [
    # "làm đơn (này) tố cáo ...", "viết đơn này khiếu nại", "gửi đơn đề nghị"
    (
        re.compile(
            r"\b(?:lam|viet|gui|lap)\s+(?:don|don thu|thu)\s*(?:nay\s*)?(?:de\s+|xin\s+)?"
            r"(khieu nai|to cao|to giac|kien nghi|de nghi|phan anh|yeu cau)"
        ),
        5.0,
    ),
    # signature role line: "NGƯỜI KHIẾU NẠI"
    (re.compile(r"(?m)^\s*nguoi\s+(khieu nai|to cao|to giac|kien nghi|de nghi|phan anh)\s*$"), 3.0),
    (re.compile(r"\bnoi dung\s+(?:don\s+)?(khieu nai|to cao|to giac|kien nghi|de nghi|phan anh)"), 3.0),
    (re.compile(r"\b(khieu nai|to cao|phan anh|kien nghi)\s+ve\s+viec\b"), 3.0),
    (re.compile(r"\bbi\s+(khieu nai|to cao|to giac|phan anh)"), 2.0),
    (re.compile(r"\bxin\s+(?:duoc\s+)?(khieu nai|to cao|kien nghi|phan anh|de nghi)"), 2.0),
]
_WORD_MAP = {p: c for p, c in _CATEGORY_WORDS}
_MENTION_RE = re.compile(r"\b(khieu nai|to cao|to giac|kien nghi|phan anh|de nghi)\b")
_DENOUNCE_RE = re.compile(r"\b(giau ten|nac danh|sai pham|hanh vi vi pham|vi pham phap luat|xu ly nghiem)\b")


def _content_scores(folded: str) -> dict[str, float]:
    scores = dict.fromkeys(CATEGORIES, 0.0)
    for rx, w in _CONTENT_RULES:
        for m in rx.finditer(folded):
            scores[_WORD_MAP[m.group(1)]] += w
    mentions = dict.fromkeys(CATEGORIES, 0.0)
    for m in _MENTION_RE.finditer(folded):
        cat = _WORD_MAP[m.group(1)]
        mentions[cat] += 0.15 if m.group(1) == "de nghi" else 0.6
    for cat, v in mentions.items():
        scores[cat] += min(v, 3.0)
    scores["to_cao"] += min(0.5 * len(_DENOUNCE_RE.findall(folded)), 1.5)
    return scores


MIN_CONTENT_WORDS = 25
_TITLE_LINE = re.compile(r"^\s*(?:đơn|don|ĐƠN|DON|Đơn)\b.{0,60}$")


def denunciation_probability(text: str, options: NlpOptions = DEFAULT_OPTIONS) -> float | None:
    """P(tố cáo) from the trained model on the petition's content, its title line(s) left out.

    A denunciation titled "ĐƠN PHẢN ÁNH" or "ĐƠN KIẾN NGHỊ" is classified by its title with high confidence;
    what it denounces still shows in its content. The identity policy (privacy/policy.py) protects a case whose
    content the model finds denunciation-like, whatever its title says. None without the model or the text.
    """
    model = trained_model(options)
    if model is None or not _enough_text(text):
        return None
    body = "\n".join(line for line in nfc(text).split("\n") if not _TITLE_LINE.match(line))
    if len(body.split()) < MIN_CONTENT_WORDS:  # headers and a name only: no content for the model to judge
        return None
    try:
        return round(float(model.category_proba(body).get("to_cao", 0.0)), 4)
    except Exception:  # pragma: no cover - a broken model: the policy then relies on its other signals
        return None


def classify_category(
    text: str, title: str | None = None, options: NlpOptions = DEFAULT_OPTIONS
) -> CategoryResult:
    cats, quality = category_from_title(title)
    if len(cats) == 1:
        return CategoryResult(cats[0], round(0.6 + 0.37 * quality, 3), "title", {cats[0]: 1.0})
    scores = _content_scores(fold(nfc(text)))
    candidates = cats if cats else list(CATEGORIES)
    model = trained_model(options)
    if model is not None and _enough_text(text):
        # explicit wording is strong evidence (a "làm đơn này tố cáo" rule outweighs any model preference); the
        # trained model decides between what the wording leaves open
        proba = model.category_proba(text)
        combined = _combine(proba, scores, candidates, CATEGORY_RULE_WEIGHT, CATEGORY_RULE_SCALE)
        best = max(combined, key=combined.__getitem__)
        by_rules = scores[best] > 0 and scores[best] == max(scores[c] for c in candidates)
        source = ("title+" if cats else "") + ("content" if by_rules else "model")
        return CategoryResult(best, round(min(combined[best], 0.99), 3), source, combined)
    ranked = sorted(candidates, key=lambda c: scores[c], reverse=True)
    best = ranked[0]
    top = scores[best]
    second = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if top <= 0:
        return CategoryResult(None, 0.0, "none", scores)
    margin = (top - second) / (top + 1.0)
    conf = 0.35 + 0.5 * margin + (0.1 if cats else 0.0)
    return CategoryResult(best, round(min(conf, 0.9), 3), "title+content" if cats else "content", scores)


# ---------------------------------------------------------------------------------------------- domain
# (folded phrase, weight). Multi-word phrases on purpose: single folded syllables are ambiguous (dat = đất/đạt).
DOMAIN_KEYWORDS: dict[str, list[tuple[str, float]]] = {
    "dat_dai": [
        ("thu hoi dat", 3),
        ("boi thuong", 1.5),
        ("giai phong mat bang", 3),
        ("gpmb", 3),
        ("tai dinh cu", 3),
        ("giay chung nhan quyen su dung dat", 2.5),
        ("quyen su dung dat", 1.5),
        ("so do", 1.5),
        ("so hong", 1),
        ("cap giay chung nhan", 2),
        ("tranh chap dat", 3),
        ("tranh chap quyen su dung dat", 3),
        ("lan chiem dat", 3),
        ("chiem dat", 2),
        ("dat cong", 2),
        ("thua dat", 1.5),
        ("dat dai", 1.5),
        ("dat nong nghiep", 2),
        ("dat o", 0.5),
        ("ranh gioi dat", 2),
        ("chuyen muc dich su dung dat", 3),
        ("do dac", 1.5),
        ("ban do dia chinh", 2),
        ("dat rung", 2),
        ("giao dat", 2),
        ("cho thue dat", 2),
        ("don dien doi thua", 3),
        ("ke khai dat", 2),
        ("mo rong duong", 0.5),
        ("ho tro tai dinh cu", 2),
        ("gia dat", 2),
        ("dat vuon", 2),
        ("dat tho cu", 2),
        ("tho cu", 2),
        ("cam moc", 2),
        ("lan dat", 2.5),
        ("lan chiem", 1.5),
        ("kenh muong", 1),
    ],
    "nha_tai_san": [
        ("xay dung trai phep", 3),
        ("xay dung khong phep", 3),
        ("khong phep", 1.5),
        ("giay phep xay dung", 2.5),
        ("trat tu xay dung", 3),
        ("linh vuc xay dung", 3),
        ("thao do", 2),
        ("cuong che thao do", 2),
        ("loi di chung", 2.5),
        ("loi di", 1),
        ("cong trinh", 1),
        ("xay dung", 1),
        ("nha o", 1),
        ("lan ra", 1.5),
        ("tranh chap nha", 3),
        ("chung cu", 2),
        ("tai san", 1),
        ("mua ban nha", 2),
        ("nut nha", 2.5),
        ("lun nut", 2.5),
        ("hu hong nha", 2),
        ("thi cong", 1),
        ("sai phep", 2.5),
        ("co noi", 2),
        ("ban cong", 1),
        ("nha chung cu", 2),
        ("ke bien tai san", 0.5),
        ("mai che", 1),
        ("tuong rao", 0.5),
        ("lan chiem loi di", 2),
    ],
    "chinh_sach": [
        ("nguoi co cong", 3),
        ("thuong binh", 2.5),
        ("liet si", 2.5),
        ("benh binh", 2),
        ("bao hiem xa hoi", 3),
        ("bhxh", 3),
        ("bao hiem y te", 2),
        ("bao hiem that nghiep", 3),
        ("tro cap", 2.5),
        ("che do", 1.5),
        ("che do chinh sach", 2.5),
        ("luong huu", 3),
        ("huu tri", 2),
        ("ky luat can bo", 2.5),
        ("can bo cong chuc", 1.5),
        ("cong chuc", 1),
        ("vien chuc", 1.5),
        ("ho ngheo", 2),
        ("bao tro xa hoi", 2.5),
        ("nguoi lao dong", 1.5),
        ("tien luong", 2),
        ("hop dong lao dong", 2),
        ("thoi viec", 2),
        ("nghi viec", 1),
        ("tuyen dung", 1.5),
        ("chat doc da cam", 3),
        ("phu cap", 2),
        ("lao dong thuong binh va xa hoi", 2),
        ("nang luong", 2),
        ("chinh sach", 1),
        ("cach mang", 1.5),
        ("nghi huu", 2),
        ("tuat", 1),
    ],
    "tu_phap": [
        ("thi hanh an", 3),
        ("chap hanh vien", 3),
        ("ban an", 2.5),
        ("toa an", 2.5),
        ("tand", 2),
        ("vien kiem sat", 2.5),
        ("xet xu", 2),
        ("ho tich", 3),
        ("khai sinh", 2),
        ("dang ky ket hon", 2),
        ("chung thuc", 1.5),
        ("cong chung", 2.5),
        ("ke bien", 2.5),
        ("thua ke", 1.5),
        ("an phi", 2),
        ("co quan dieu tra", 2),
        ("tam giam", 2),
        ("khoi to", 2),
        ("oan sai", 2),
        ("thi hanh an dan su", 3),
        ("tu phap", 2),
        ("quyet dinh thi hanh an", 3),
        ("luat su", 1.5),
        ("phuc tham", 2.5),
        ("so tham", 2),
        ("giam doc tham", 3),
        ("tai tham", 3),
        ("tro giup phap ly", 2.5),
        ("ly hon", 2),
    ],
    "tham_nhung": [
        ("tham nhung", 3),
        ("nhan tien", 3),
        ("nhan hoi lo", 3),
        ("hoi lo", 3),
        ("dua hoi lo", 3),
        ("loi dung chuc vu", 3),
        ("quyen han", 1),
        ("tham o", 3),
        ("chiem doat", 2),
        ("bien thu", 3),
        ("vu loi", 2.5),
        ("nhung nhieu", 3),
        ("tieu cuc", 2),
        ("phong bi", 2),
        ("lam dung chuc vu", 3),
        ("thu sai", 2),
        ("lap khong", 2),
        ("hop thuc hoa", 1.5),
        ("ngan sach", 1),
        ("lang phi", 2),
        ("loi ich nhom", 2),
        ("dua tien", 2),
        ("chay chot", 3),
        ("bo ngoai", 1),
        ("chi tien", 1),
        ("so tien", 0.5),
        ("ky quy", 0.5),
    ],
    "moi_truong": [
        ("o nhiem", 3),
        ("xa thai", 3),
        ("nuoc thai", 2.5),
        ("chat thai", 2.5),
        ("rac thai", 3),
        ("tieng on", 2.5),
        ("khoi bui", 2.5),
        ("mui hoi", 2.5),
        ("hoi thoi", 2),
        ("moi truong", 2),
        ("khai thac cat", 2.5),
        ("khai thac khoang san", 2.5),
        ("chat thai nguy hai", 3),
        ("bai rac", 3),
        ("khi thai", 3),
        ("ca chet", 2),
        ("nguon nuoc", 1.5),
        ("do thai", 2),
        ("dot rac", 2.5),
        ("thuoc tru sau", 2),
        ("chan nuoi", 1),
        ("ve sinh moi truong", 2),
        ("bui ban", 2),
        ("nuoc sinh hoat", 1),
        ("ho hap", 1),
    ],
    "dang_doan_the": [
        ("dang vien", 3),
        ("chi bo", 3),
        ("bi thu chi bo", 3),
        ("uy ban kiem tra", 3),
        ("dang uy", 2.5),
        ("tinh uy", 2),
        ("huyen uy", 2),
        ("thanh uy", 2),
        ("quan uy", 2),
        ("ky luat dang", 3),
        ("dieu le dang", 3),
        ("cua dang", 2),
        ("doan thanh nien", 2.5),
        ("hoi phu nu", 2.5),
        ("hoi cuu chien binh", 2.5),
        ("hoi nong dan", 2.5),
        ("mat tran to quoc", 2),
        ("cong doan", 2),
        ("sinh hoat dang", 3),
        ("dong chi", 1),
        ("to chuc dang", 3),
        ("dang bo", 2.5),
        ("cap uy", 2.5),
    ],
    "khac": [
        ("ha tang", 2),
        ("tuyen duong", 2),
        ("xuong cap", 2),
        ("giao duc", 2),
        ("truong hoc", 2),
        ("hoc sinh", 1.5),
        ("y te", 2),
        ("benh vien", 2),
        ("tram y te", 2),
        ("thu tuc hanh chinh", 3),
        ("mot cua", 3),
        ("thai do", 2.5),
        ("thai do lam viec", 3),
        ("cham tre", 1.5),
        ("cap nuoc", 2),
        ("chieu sang", 2),
        ("an ninh trat tu", 2),
        ("giao thong", 1),
        ("dien sinh hoat", 2),
        ("hoc phi", 2),
        ("kham chua benh", 2),
        ("tiep xuc cu tri", 1),
        ("sua chua duong", 2),
        ("ngap ung", 2),
        ("muong thoat nuoc", 2),
        ("cham giai quyet", 1),
    ],
}

# region weights: the subject names the matter, the body only describes it
REGION_WEIGHTS = {"subject": 3.0, "title": 2.0, "respondent": 1.5, "recipient": 1.0, "body": 1.0}


def _phrase_re(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])" + re.escape(fold(phrase)) + r"(?![a-z0-9])")


class KeywordDomainModel:
    """Weighted keyword evidence, turned into probabilities with a softmax over the scores."""

    def __init__(
        self,
        keywords: dict[str, list[tuple[str, float]]] | None = None,
        region_weights: dict[str, float] | None = None,
        temperature: float = 3.0,
    ):
        kw = keywords or DOMAIN_KEYWORDS
        self.region_weights = region_weights or REGION_WEIGHTS
        self.temperature = temperature
        self._compiled = {d: [(_phrase_re(p), w) for p, w in items if w > 0] for d, items in kw.items()}

    def scores(self, regions: dict[str, str]) -> dict[str, float]:
        out = dict.fromkeys(DOMAINS, 0.0)
        for region, text in regions.items():
            if not text:
                continue
            rw = self.region_weights.get(region, 1.0)
            f = collapse_ws(fold(nfc(text)))
            for dom, items in self._compiled.items():
                s = 0.0
                for rx, w in items:
                    n = len(rx.findall(f))
                    if n:
                        s += w * (1.0 + math.log(n))  # repeated mentions count, with diminishing returns
                out[dom] += rw * s
        return out

    def predict_proba(self, regions: dict[str, str]) -> dict[str, float]:
        sc = self.scores(regions)
        if max(sc.values()) <= 0:
            return {d: (1.0 if d == "khac" else 0.0) for d in DOMAINS}
        mx = max(sc.values())
        ex = {d: math.exp((v - mx) / self.temperature) for d, v in sc.items()}
        tot = sum(ex.values())
        return {d: v / tot for d, v in ex.items()}


_keyword_model = KeywordDomainModel()

# how rule evidence and the trained model's probabilities are combined: logit = max(log p, MODEL_FLOOR) +
# weight * rule score. With the floor at log(0.02), the model can at most outweigh a rule score of
# -MODEL_FLOOR / weight: one explicit "làm đơn này tố cáo" (5.0) or a subject keyword (>= 3 x 2.5) wins over it,
# a passing mention does not.
MODEL_FLOOR = math.log(0.02)
CATEGORY_RULE_WEIGHT = 1.0
CATEGORY_RULE_SCALE = 3.0
DOMAIN_KEYWORD_WEIGHT = 1.0
DOMAIN_KEYWORD_SCALE = 6.0


def _combine(
    proba: dict[str, float], scores: dict[str, float], labels: list[str], weight: float, scale: float
) -> dict:
    """Rule evidence first, the model for what it leaves open: the model's say shrinks as the rule evidence
    grows (``scale``: the rule score at which model and rules weigh the same)."""
    top = max([scores.get(lab, 0.0) for lab in labels] + [0.0])
    wm = 1.0 / (1.0 + top / scale)
    logits = {
        lab: wm * max(math.log(max(proba.get(lab, 0.0), 1e-12)), MODEL_FLOOR) + weight * scores.get(lab, 0.0)
        for lab in labels
    }
    mx = max(logits.values())
    ex = {lab: math.exp(v - mx) for lab, v in logits.items()}
    tot = sum(ex.values())
    return {lab: round(v / tot, 4) for lab, v in ex.items()}


def _enough_text(text: str) -> bool:
    """A trained model needs some running text to read (not a stray line or OCR garbage)."""
    return len(re.findall(r"[^\W\d_]{2,}", text or "")) >= 15


def trained_model(options: NlpOptions = DEFAULT_OPTIONS) -> TrainedClassifier | None:
    """The shipped trained classifier (:mod:`.textcat`), or None when switched off or not available."""
    if not options.trained_model:
        return None
    return load_default()


def get_domain_model(options: NlpOptions = DEFAULT_OPTIONS) -> DomainModel:
    """The plugged-in domain model, else the shipped trained one, else the keyword scorer."""
    return options.domain_model or trained_model(options) or _keyword_model


@dataclass
class DomainResult:
    domain: str
    confidence: float
    source: str  # "model" | "keywords" | "default"
    scores: dict = field(default_factory=dict)


def classify_domain(
    text: str,
    subject: str = "",
    title: str = "",
    respondent: str = "",
    recipient: str = "",
    options: NlpOptions = DEFAULT_OPTIONS,
) -> DomainResult:
    regions = {
        "subject": subject or "",
        "title": title or "",
        "respondent": respondent or "",
        "recipient": recipient or "",
        "body": text or "",
    }
    kw_scores = _keyword_model.scores(regions)
    model = get_domain_model(options)
    if model is not _keyword_model and (options.domain_model is not None or _enough_text(text)):
        # keywords of the subject/title are strong evidence; the model decides when they are weak or absent
        proba = model.predict_proba(regions)
        combined = _combine(proba, kw_scores, list(DOMAINS), DOMAIN_KEYWORD_WEIGHT, DOMAIN_KEYWORD_SCALE)
        best = max(combined, key=combined.__getitem__)
        return DomainResult(best, round(min(combined[best], 0.99), 3), "model", combined)
    if max(kw_scores.values()) <= 0:
        return DomainResult("khac", 0.2, "default", kw_scores)
    proba = _keyword_model.predict_proba(regions)
    best = max(proba, key=proba.__getitem__)
    ranked = sorted(kw_scores.values(), reverse=True)
    # evidence strength: weak total evidence caps the confidence even when the margin is large
    strength = 1.0 - math.exp(-ranked[0] / 6.0)
    conf = proba[best] * (0.5 + 0.5 * strength)
    return DomainResult(
        best, round(min(conf, 0.97), 3), "keywords", {d: round(v, 2) for d, v in kw_scores.items()}
    )
