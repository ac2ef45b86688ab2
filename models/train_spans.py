"""Train the span model of the free-text fields (``nlp.spans``: a CRF over tokens) and measure it.

    nice -n 10 python -m donthu.models.train_spans              # writes models/spans/spans.crfsuite and
                                                                # models/spans/training.json
    nice -n 10 python -m donthu.models.train_spans --evaluate   # rules only vs rules + model, per field (printed
                                                                # and added to training.json as "evaluation")

Data (pool "train" only; the "heldout" pool is never read for training or tuning):
``samples.styles.generate_styled(n, seed, "train")`` (newspaper accounts, legal questions, portal reports, letters,
forms) and ``models.petition_data.generate(n, seed)`` (filled forms; a share passed through the OCR-noise
simulation). The model sees a text the way the extractor does (``Reading.doc.t``: normalized, the
reception stamp blanked out) with the rules' readings of the fields as features (:func:`read_rules`: the rule
steps of ``extract_fields`` up to ``read_matter``, as at prediction time).

Gold spans: each labelled value (complainant name and address, recipient, respondent, subject) is looked up in
the text, whitespace-insensitive, first the exact words (then ignoring case), then the best approximate match
of the folded value (OCR noise, specks the extractor blanks out) (rapidfuzz alignment, score >= 85, snapped to whole tokens); fields are placed in the order
recipient, name, address, subject, respondent, each at its first occurrence not already taken by an earlier
field (a respondent that is also the recipient is found after the "Kính gửi" line). A value joined from several
("A; B") is looked up part by part. Tokens get BIO tags; a value that cannot be found drops the example from
training (counted in the report).

Training: CRFsuite L-BFGS with L1 + L2 regularization, a fixed number of iterations: deterministic for the data.
A validation set from the "train" pool with other seeds gives the per-field accuracy of the model alone in the
report. ``--evaluate`` compares the extractor with and without the model (``NlpOptions`` with
``span_model=False``) on the held-out styled pool, classic petitions of an unused seed, and the extraction time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from donthu.lang.normalize import fold_chars as fold
from donthu.nlp.extract import read_by_rules
from donthu.nlp.extract.learned import rule_marks
from donthu.nlp.options import NlpOptions
from donthu.nlp.spans import FIELDS, MODEL_DIR, MODEL_PATH, Marks, SpanTagger, featurize, tokenize

from .petition_data import generate

REPORT = MODEL_DIR / "training.json"
SEED = 20261212
N_CLASSIC = 2500
N_STYLED = 5000
NOISE_SHARE = 0.3
VALID_SEED = 777001  # validation: "train" pool, other seeds
N_VALID = 400
EVAL_SEED = 990017  # --evaluate: classic petitions of a seed no training uses
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True}
ORDER = ("RECIP", "NAME", "ADDR", "SUBJ", "RESP")
FIELD_KEYS = {
    "NAME": "name",
    "ADDR": "address",
    "RECIP": "recipient",
    "RESP": "respondent",
    "SUBJ": "subject",
}


@dataclass
class Sample:
    text: str  # the text as the extractor sees it (Reading.doc.t)
    values: dict[str, str | None]  # FIELDS -> gold value
    noisy: bool
    source: str  # "classic" or the styled kind
    marks: Marks | None = None  # where the rules read each field (None: no rule features)


def read_rules(raw: str) -> tuple[str, Marks]:
    """The text as the extractor sees it and the rules' readings (``read_by_rules``: the same steps
    ``extract_fields`` runs before the span model)."""
    r = read_by_rules(raw, NlpOptions(calibration=False))
    return r.doc.t, rule_marks(r)


def _sample(raw: str, truth: dict, noisy: bool, source: str) -> Sample:
    text, marks = read_rules(raw)
    return Sample(text, gold_values(truth), noisy, source, marks)


def gold_values(truth: dict) -> dict[str, str | None]:
    comp = truth.get("complainant") or {}
    return {
        "NAME": None if truth.get("anonymous") else comp.get("name"),
        "ADDR": comp.get("address"),
        "RECIP": truth.get("recipient"),
        "RESP": truth.get("respondent"),
        "SUBJ": truth.get("subject"),
    }


def _find_exact(work: str, value: str) -> tuple[int, int] | None:
    words = value.split()
    if not words:
        return None
    pattern = r"\s+".join(map(re.escape, words))
    m = re.search(pattern, work) or re.search(pattern, work, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _find_fuzzy(work: str, value: str) -> tuple[int, int] | None:
    from rapidfuzz import fuzz

    fv = " ".join(fold(value).split())
    if len(fv) < 6:
        return None
    hay = fold(work).replace("\n", " ")
    al = fuzz.partial_ratio_alignment(fv, hay, score_cutoff=85)
    if al is None:
        return None
    return al.dest_start, al.dest_end


def align(text: str, values: dict[str, str | None]) -> dict[str, list[tuple[int, int]]] | None:
    """Character spans of each gold value in ``text`` (None when a value cannot be found)."""
    work = text
    spans: dict[str, list[tuple[int, int]]] = {f: [] for f in FIELDS}
    for name in ORDER:
        value = values.get(name)
        if not value:
            continue
        parts = [value] if _find_exact(work, value) or ";" not in value else [p for p in value.split(";")]
        for part in parts:
            hit = _find_exact(work, part) or _find_fuzzy(work, part)
            if hit is None:
                return None
            s, e = hit
            spans[name].append((s, e))
            work = work[:s] + "\x00" * (e - s) + work[e:]
    return spans


def bio(tokens, spans: dict[str, list[tuple[int, int]]]) -> list[str]:
    tags = ["O"] * len(tokens)
    for name, ranges in spans.items():
        for s, e in ranges:
            inside = [i for i, t in enumerate(tokens) if t.start < e and t.end > s]
            for k, i in enumerate(inside):
                tags[i] = ("B-" if k == 0 else "I-") + name
    return tags


def classic_samples(n: int, seed: int, noise_share: float = NOISE_SHARE) -> list[Sample]:
    return [
        _sample(ex.text, ex.truth, ex.noisy, "classic") for ex in generate(n, seed, noise_share=noise_share)
    ]


def styled_samples(n: int, seed: int, pool: str = "train") -> list[Sample]:
    if n <= 0:
        return []
    from donthu.samples.styles import KINDS, generate_styled

    if not KINDS:
        return []
    return [_sample(p.text, p.truth(), False, p.kind) for p in generate_styled(n, seed, pool)]


def to_sequences(samples: list[Sample]) -> tuple[list[tuple[list, list[str]]], int]:
    """(features, tags) per sample that aligns; the number that did not."""
    out, dropped = [], 0
    for s in samples:
        spans = align(s.text, s.values)
        if spans is None:
            dropped += 1
            continue
        toks = tokenize(s.text)
        out.append((featurize(s.text, toks, s.marks), bio(toks, spans)))
    return out, dropped


def train(seqs: list[tuple[list, list[str]]], path: Path, params: dict | None = None) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in seqs:
        trainer.append(x, y)
    trainer.set_params(params or PARAMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def _same(a: str | None, b: str | None) -> bool:
    norm = lambda s: " ".join((s or "").split()).strip(" ,.;:")  # noqa: E731
    return norm(a) == norm(b)


def model_accuracy(tagger: SpanTagger, samples: list[Sample]) -> dict[str, float]:
    """Share of samples whose best span (or absence) equals the gold value, per field, for the model alone."""
    right = {f: 0 for f in FIELDS}
    for s in samples:
        res = tagger.predict(s.text, s.marks)
        for f in FIELDS:
            best = res.best(f)
            got = s.text[best[0] : best[1]] if best and best[2] >= 0.5 else None
            right[f] += _same(got, s.values[f])
    return {f: round(right[f] / max(1, len(samples)), 4) for f in FIELDS}


def _digest(samples: list[Sample]) -> str:
    h = hashlib.sha256()
    for s in samples:
        h.update(s.text.encode("utf-8"))
    return h.hexdigest()


def run_training(n_classic: int, n_styled: int, out: Path, log=print) -> dict:
    t0 = time.perf_counter()
    samples = classic_samples(n_classic, SEED) + styled_samples(n_styled, SEED + 1)
    seqs, dropped = to_sequences(samples)
    log(f"{len(seqs)} sequences ({dropped} not aligned), {time.perf_counter() - t0:.0f} s")
    train(seqs, out)
    log(f"trained in {time.perf_counter() - t0:.0f} s")
    tagger = SpanTagger(out)
    valid_c = classic_samples(N_VALID, VALID_SEED)
    valid_s = styled_samples(N_VALID, VALID_SEED + 1)
    kinds: dict[str, int] = {}
    for s in samples:
        kinds[s.source] = kinds.get(s.source, 0) + 1
    return {
        "about": "CRF span model (nlp/spans.py) trained by models/train_spans.py on generated petitions",
        "seed": SEED,
        "n_classic": n_classic,
        "n_styled": n_styled,
        "noise_share": NOISE_SHARE,
        "kinds": kinds,
        "sequences": len(seqs),
        "not_aligned": dropped,
        "params": PARAMS,
        "texts_sha256": _digest(samples),
        "seconds": round(time.perf_counter() - t0, 1),
        "validation_train_pool": {
            "classic": model_accuracy(tagger, valid_c),
            "styled": model_accuracy(tagger, valid_s) if valid_s else None,
            "n": N_VALID,
            "seed": VALID_SEED,
        },
    }


# ------------------------------------------------------------------------------------------ evaluation
@dataclass(frozen=True)
class _Options(NlpOptions):
    span_model: bool = True


EVAL_FIELDS = ("name", "address", "recipient", "respondent", "subject", "anonymous", "signatory_count")


def compare(items: list[tuple[str, dict]], log=print) -> dict:
    """Per-field accuracy and p95 time of the extractor with rules only and with rules + model."""
    from donthu.nlp.extract import extract_fields
    from donthu.nlp.learn import is_right

    out: dict[str, dict] = {}
    for label, opts in (("rules", _Options(span_model=False)), ("rules+model", _Options(span_model=True))):
        right = {f: 0 for f in EVAL_FIELDS}
        times = []
        for text, truth in items:
            t0 = time.perf_counter()
            got = extract_fields(text, opts)
            times.append(time.perf_counter() - t0)
            for f in EVAL_FIELDS:
                right[f] += is_right(f, truth, got.fields)
        acc = {f: round(right[f] / max(1, len(items)), 4) for f in EVAL_FIELDS}
        spans = [acc[f] for f in EVAL_FIELDS[:5]]
        out[label] = {
            "accuracy": acc,
            "span_fields_mean": round(statistics.mean(spans), 4),
            "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))] * 1000, 1),
        }
        log(
            f"  {label:12s} "
            + " ".join(f"{f}={v:.3f}" for f, v in acc.items())
            + f" p95={out[label]['p95_ms']}ms"
        )
    return out


def run_evaluation(n_styled: int = 1000, n_classic: int = 500, log=print) -> dict:
    from donthu.samples.styles import KINDS, generate_styled

    res: dict[str, dict] = {}
    if KINDS:
        log(f"styled, pool heldout, n={n_styled}")
        pets = generate_styled(n_styled, 1, "heldout")
        res["styled_heldout"] = compare([(p.text, p.truth()) for p in pets], log)
        by_kind: dict[str, list] = {}
        for p in pets:
            by_kind.setdefault(p.kind, []).append((p.text, p.truth()))
        for kind, items in sorted(by_kind.items()):
            log(f"  kind {kind} n={len(items)}")
            res[f"styled_heldout:{kind}"] = compare(items, log)
    log(f"classic, seed {EVAL_SEED}, n={n_classic}")
    res["classic"] = compare([(ex.text, ex.truth) for ex in generate(n_classic, EVAL_SEED)], log)
    return res


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n-classic", type=int, default=N_CLASSIC)
    ap.add_argument("--n-styled", type=int, default=N_STYLED)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--evaluate", action="store_true", help="compare rules only with rules + model")
    ap.add_argument("--eval-styled", type=int, default=1000)
    ap.add_argument("--eval-classic", type=int, default=500)
    a = ap.parse_args(argv)
    random.seed(SEED)
    report_path = a.out.parent / REPORT.name
    if a.evaluate:
        res = run_evaluation(a.eval_styled, a.eval_classic)
        if report_path.exists():  # kept beside the training figures
            report = json.loads(report_path.read_text(encoding="utf-8"))
            report["evaluation"] = {
                "styled_pool": "heldout",
                "styled_seed": 1,
                "classic_seed": EVAL_SEED,
                **res,
            }
            report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    report = run_training(a.n_classic, a.n_styled, a.out)
    report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report["validation_train_pool"], ensure_ascii=False))


if __name__ == "__main__":
    main()
