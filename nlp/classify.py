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
from .domain_keywords import DOMAIN_KEYWORDS
from .options import DEFAULT_OPTIONS, DomainModel, NlpOptions
from .textcat import TrainedClassifier, content_text, load_default

__all__ = [
    "CATEGORIES",
    "DOMAINS",
    "CategoryResult",
    "DOMAIN_KEYWORDS",
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
    source: str  # "title" | "title+content" | "content" | "model" | "title+model" | "none"
    scores: dict = field(default_factory=dict)
    contents: list[str] = field(default_factory=list)  # several for a mixed petition (TT 05/2021 art. 6(2))


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


def denunciation_probability(text: str, options: NlpOptions = DEFAULT_OPTIONS) -> float | None:
    """P(tố cáo) from the trained model on the petition's content, its title line(s) left out.

    A denunciation titled "ĐƠN PHẢN ÁNH" or "ĐƠN KIẾN NGHỊ" still shows what it denounces in its content. The
    identity policy (privacy/policy.py) protects a case whose content the model finds denunciation-like, whatever
    its title says. None without the model or the text.
    """
    model = trained_model(options)
    if model is None or not _enough_text(text):
        return None
    body = content_text(text)
    if len(body.split()) < MIN_CONTENT_WORDS:  # headers and a name only: no content for the model to judge
        return None
    try:
        return round(float(model.category_proba(body).get("to_cao", 0.0)), 4)
    except Exception:  # pragma: no cover - a broken model: the policy then relies on its other signals
        return None


# the title is a prior, not the decision: it adds TITLE_PRIOR (times how cleanly it was read) to the category it
# names; explicit content wording and the trained model on the content decide (TT 05/2021 art. 6(1))
TITLE_PRIOR = 2.0
# where title, content wording and model disagree, the result is shown as unsure (below the 0.9 "green" line)
DISAGREE_CAP = 0.7
# a second content is listed (mixed petition) when its share of the combined evidence reaches this
MIXED_SHARE = 0.3


# categories named together in the text: "đơn khiếu nại, tố cáo", "kiến nghị và phản ánh", "khiếu nại/tố cáo"
_PAIR_RE = re.compile(
    r"\b(khieu nai|to cao|to giac|kien nghi|phan anh)\s*(?:,|va|/|-|;)\s*(khieu nai|to cao|to giac|kien nghi|phan anh)\b"
)


def _named_together(folded: str) -> set[str]:
    return {_WORD_MAP[w] for m in _PAIR_RE.finditer(folded) for w in m.groups()}


def _mixed_contents(
    best: str, combined: dict[str, float], title_cats: list[str], rules: dict, together: set[str]
) -> list[str]:
    """The petition's contents: the best category, then any other one the title or the text names together
    with it ("ĐƠN KHIẾU NẠI, TỐ CÁO") or that both the wording and the combined evidence support."""
    out = [best]
    for cat in sorted(combined, key=combined.__getitem__, reverse=True):
        if cat == best:
            continue
        named = (len(title_cats) > 1 and cat in title_cats) or (best in together and cat in together)
        if named or (combined[cat] >= MIXED_SHARE and rules.get(cat, 0.0) >= 3.0):
            out.append(cat)
    return out


def classify_category(
    text: str, title: str | None = None, options: NlpOptions = DEFAULT_OPTIONS
) -> CategoryResult:
    """Category by content: the trained model on the content, explicit wording, the title as a prior."""
    cats, quality = category_from_title(title)
    scores = _content_scores(fold(nfc(text)))
    model = trained_model(options)
    body = content_text(text)  # the title lines left out (the title's own pairs are in ``cats``)
    if model is not None and _enough_text(body):
        evidence = dict(scores)
        for c in cats:
            evidence[c] = evidence.get(c, 0.0) + TITLE_PRIOR * quality / len(cats)
        proba = model.category_proba(body)
        combined = _combine(proba, evidence, list(CATEGORIES), CATEGORY_RULE_WEIGHT, CATEGORY_RULE_SCALE)
        best = max(combined, key=combined.__getitem__)
        conf = min(combined[best], 0.99)
        # independent signals: the model on the content, the explicit wording, the title
        signals = [max(proba, key=proba.__getitem__)]
        if max(scores.values()) > 0:
            signals.append(max(scores, key=scores.__getitem__))
        if len(cats) == 1:
            signals.append(cats[0])
        if any(s != best for s in signals):
            conf = min(conf, DISAGREE_CAP)
        by_rules = scores[best] > 0 and scores[best] == max(scores.values())
        source = ("title+" if best in cats else "") + ("content" if by_rules else "model")
        contents = _mixed_contents(best, combined, cats, scores, _named_together(fold(nfc(body))))
        return CategoryResult(best, round(conf, 3), source, combined, contents)
    if len(cats) == 1:  # no model or too little text: the title is all there is
        return CategoryResult(cats[0], round(0.5 + 0.3 * quality, 3), "title", {cats[0]: 1.0}, [cats[0]])
    candidates = cats if cats else list(CATEGORIES)
    ranked = sorted(candidates, key=lambda c: scores[c], reverse=True)
    best = ranked[0]
    top = scores[best]
    second = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if top <= 0:
        return CategoryResult(None, 0.0, "none", scores)
    margin = (top - second) / (top + 1.0)
    conf = 0.35 + 0.5 * margin + (0.1 if cats else 0.0)
    source = "title+content" if cats else "content"
    return CategoryResult(
        best, round(min(conf, 0.85), 3), source, scores, [best] + [c for c in cats if c != best]
    )


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
# the model reads unseen wordings better than the keyword list (styled held-out pool), so keywords weigh half
DOMAIN_KEYWORD_WEIGHT = 0.5
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
        conf = min(combined[best], 0.99)
        # two independent signals: the model and the keywords; where they disagree (or the keywords say nothing)
        # the domain is shown as unsure
        if max(kw_scores.values()) <= 0 or max(kw_scores, key=kw_scores.__getitem__) != best:
            conf = min(conf, DISAGREE_CAP)
        if max(proba, key=proba.__getitem__) != best:
            conf = min(conf, DISAGREE_CAP)
        return DomainResult(best, round(conf, 3), "model", combined)
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
