"""Train the category/domain classifier (spaCy textcat) on petitions the project generates itself.

    nice -n 10 python -m donthu.models.train_classifier          # writes models/textcat/ and
                                                                 # models/textcat_training.json

Data: ``models.petition_data.generate`` (the project's generator, ``samples.make_petition``) with fixed seeds:
every form and category, half of the texts passed through the OCR-noise simulation, half without their title.
So that the model learns the *content* (the title and the explicit wording are handled by rules in
``nlp/classify.py`` and decide first), explicit category words are removed from a share of the training texts
and the strongest domain keywords of the rule list from another share.

Model: a blank spaCy pipeline with two ``textcat`` components (``category``: 4 labels, ``domain``: 8 labels),
each a ``TextCatBOW.v3`` (hashed unigrams and bigrams of the folded text, softmax), trained on CPU for a few
epochs with a small learning rate (so that it generalises to unseen wordings) and a fixed seed
(``spacy.util.fix_random_seed``, seeded shuffles): the same seed gives the same model.
The training report (data seeds and sizes, a SHA-256 of the training texts, held-out accuracy) is written to
``models/textcat_training.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

from donthu.nlp import learn
from donthu.nlp.classify import DOMAIN_KEYWORDS
from donthu.nlp.learn import accuracy, data_digest
from donthu.nlp.textcat import MODEL_DIR, content_text, model_text

from .petition_data import generate

HERE = Path(__file__).resolve().parent
REPORT = HERE / "textcat_training.json"

SEED = 20261201
TRAIN_N = 4000
STYLED_N = 4000  # petitions written the way real ones are (samples.styles, pool "train")
HELDOUT_N = 1000
HELDOUT_SEED = 20261202
EPOCHS = 5
# a small learning rate (spaCy's default is 0.001) stops the model from fitting the template phrases of the
# training wordings: on the styled held-out pool (unseen wordings) domain 0.717 -> 0.783 and category 0.665 ->
# 0.683 (means over 3 seeds), the classic held-out unchanged at 1.0 (scripts in issue 12)
LEARN_RATE = 1e-4
MIN_WORDS = 5  # a text masked down to a few words teaches nothing (and spaCy's n-gram layer needs words)
HASH_LENGTH = 2**16

_CATEGORY_WORDS_RE = re.compile(r"\b(?:khieu nai|to cao|to giac|kien nghi|de nghi|phan anh)\b")
_DOMAIN_PHRASES = sorted(
    {p for items in DOMAIN_KEYWORDS.values() for p, w in items if w >= 2}, key=len, reverse=True
)
_DOMAIN_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _DOMAIN_PHRASES) + r")\b")


_SECTORS = ("dat_dai", "nha_tai_san", "chinh_sach", "moi_truong", "khac")


def make_data(n: int, seed: int, mask: bool = True) -> list[tuple[str, str, str]]:
    """(model text, category, domain) for ``n`` petitions of the classic generator (filled forms)."""
    rng = random.Random(seed + 1)
    out = []
    examples = generate(n, seed, noise_share=0.5, title_share=0.5)
    sector_lines = [
        ln for ex in examples if ex.domain in _SECTORS for ln in ex.text.split("\n")[8:-8] if len(ln) > 40
    ]
    for ex in examples:
        raw = ex.text
        if mask and ex.domain == "tham_nhung" and sector_lines and rng.random() < 0.5:
            # corruption is the act, whatever the sector it happens in: bribes taken for land papers, building
            # permits or benefits are tham nhũng, so the sector's vocabulary must not outvote it
            lines = raw.split("\n")
            for _ in range(rng.randint(2, 5)):
                lines.insert(rng.randrange(6, max(7, len(lines))), rng.choice(sector_lines))
            raw = "\n".join(lines)
        out.append((_masked(raw, rng, mask), ex.category, ex.domain))
    return [row for row in out if len(row[0].split()) >= MIN_WORDS]


def make_styled(n: int, seed: int, pool: str, mask: bool = True) -> list[tuple[str, str, str]]:
    """(model text, category, domain) for ``n`` styled petitions (news accounts, letters, questions ...) whose
    category is labelled by content and whose title or type word may disagree with it."""
    from donthu.samples.styles import generate_styled

    rng = random.Random(seed + 2)
    rows = [(_masked(p.text, rng, mask), p.category, p.domain) for p in generate_styled(n, seed, pool)]
    return [row for row in rows if len(row[0].split()) >= MIN_WORDS]


def _masked(raw: str, rng: random.Random, mask: bool) -> str:
    """The model's text (title left out); with ``mask``, lines and words dropped and keywords removed at random
    so that no single template phrase carries the label."""
    raw = content_text(raw)
    if mask and rng.random() < 0.5:
        lines = raw.split("\n")
        keep = [ln for ln in lines if rng.random() > 0.35]
        raw = "\n".join(keep or lines)
    text = model_text(raw)
    if not mask:
        return text
    text = " ".join(w for w in text.split() if rng.random() > 0.1)  # word dropout
    r = rng.random()
    if r < 0.3:
        text = _CATEGORY_WORDS_RE.sub(" ", text)  # no explicit category wording: learn the content
    elif r < 0.5:
        text = _DOMAIN_RE.sub(lambda m: m.group(0) if rng.random() < 0.5 else " ", text)
    return " ".join(text.split())


def train(data: list[tuple[str, str, str]], seed: int = SEED, epochs: int = EPOCHS, log=None, **kw):
    """A trained pipeline (``nlp.learn.train`` with this script's learning rate); deterministic for a seed."""
    kw.setdefault("learn_rate", LEARN_RATE)
    return learn.train(data, seed=seed, epochs=epochs, log=log, **kw)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=TRAIN_N)
    ap.add_argument("--styled", type=int, default=STYLED_N)
    ap.add_argument("--heldout", type=int, default=HELDOUT_N)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    data = make_data(a.n, a.seed) + make_styled(a.styled, a.seed, "train")
    random.Random(a.seed).shuffle(data)
    held = {
        "classic": make_data(a.heldout, HELDOUT_SEED, mask=False),
        "classic_keywords_removed": make_data(a.heldout, HELDOUT_SEED),
        "styled_heldout_pool": make_styled(a.heldout, HELDOUT_SEED, "heldout", mask=False),
    }
    digest = data_digest(data)
    print(f"data: {len(data)} training texts ({time.perf_counter() - t0:.0f} s)")
    if REPORT.exists():
        prev = json.loads(REPORT.read_text(encoding="utf-8")).get("train", {})
        if prev.get("generator_seed") == a.seed and prev.get("n") == len(data):
            same = prev.get("sha256") == digest
            print("training data", "identical to" if same else "DIFFERENT from", "the shipped model's")
    nlp = train(data, seed=a.seed, epochs=a.epochs, log=print)
    acc = {name: accuracy(nlp, rows) for name, rows in held.items()}
    print("held-out accuracy:", json.dumps(acc))
    a.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(a.out)
    report = {
        "about": "spaCy textcat (TextCatBOW.v3, unigrams+bigrams of folded text, title lines left out) for category "
        "and domain; trained by models/train_classifier.py on generated petitions: the classic generator and the "
        "styled pool 'train' (samples.styles); measured on seeds and the pool 'heldout' never used in training",
        "seed": a.seed,
        "epochs": a.epochs,
        "learn_rate": LEARN_RATE,
        "hash_length": HASH_LENGTH,
        "train": {
            "n": len(data),
            "classic": a.n,
            "styled_train_pool": a.styled,
            "generator_seed": a.seed,
            "sha256": digest,
        },
        "heldout": {"n": a.heldout, "generator_seed": HELDOUT_SEED, "accuracy": acc},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    out_report = REPORT if a.out.resolve() == MODEL_DIR.resolve() else a.out / "training.json"
    out_report.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"saved {a.out} ({sum(p.stat().st_size for p in a.out.rglob('*') if p.is_file()) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
