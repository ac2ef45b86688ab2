"""Learning from labelled petitions: the category/domain classifier and the confidence calibration, refitted.

Two halves, each pure functions over rows (no storage, no settings; files only where a path is given):

* the classifier (spaCy ``textcat``, see :mod:`.textcat`): :func:`build_pipeline` and :func:`train` train one from
  scratch on ``(model text, category, domain)`` rows (how ``models/train_classifier.py`` makes the shipped
  model); :func:`finetune` continues training a stored model on new rows for a few epochs, keeping the epoch that
  reads a validation slice best (the stored model itself when no epoch beats it); :func:`accuracy` measures;
* the calibration (see :mod:`.calibrate`): :func:`is_right` decides whether a value read equals the truth (exact
  for codes, dates and numbers, edit similarity for free text, as ``models/fit_calibration.py``);
  :func:`fit_isotonic` fits a conservative monotone map raw score -> probability right; :func:`calibration_scores`
  measures maps by Brier score and expected calibration error (ECE).

Everything is deterministic: a seed fixes spaCy's random state and every shuffle.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from ..contract import CATEGORIES, DOMAINS
from .textcat import CATEGORY_PIPE, DOMAIN_PIPE, content_text, model_text

__all__ = [
    "Row",
    "FineTuned",
    "petition_row",
    "build_pipeline",
    "train",
    "finetune",
    "load_pipeline",
    "accuracy",
    "model_digest",
    "data_digest",
    "is_right",
    "is_present",
    "fit_isotonic",
    "fit_maps",
    "apply_map",
    "calibration_scores",
]

# (model text, category, domain); a label left None is not learnt or measured for its head
Row = tuple[str, str | None, str | None]
PIPES = (CATEGORY_PIPE, DOMAIN_PIPE)
LABELS: dict[str, tuple[str, ...]] = {CATEGORY_PIPE: CATEGORIES, DOMAIN_PIPE: DOMAINS}
_COLUMN = {CATEGORY_PIPE: 1, DOMAIN_PIPE: 2}
HASH_LENGTH = 2**16
Z = 1.28  # one-sided ~90% Wilson lower bound for a pooled block's share of right values
MIN_N = 20  # fewer examples than this: no map for that key
ECE_BINS = 10


# ------------------------------------------------------------------------------------------------ classifier
def petition_row(text: str, category: str | None, domain: str | None) -> Row:
    """A petition's text as the classifier reads it (title lines left out, folded), with its labels."""
    return (model_text(content_text(text)), category, domain)


def build_pipeline(length: int = HASH_LENGTH) -> Any:
    """A blank pipeline with the two ``textcat`` heads (bag of hashed unigrams and bigrams, softmax)."""
    import spacy

    nlp = spacy.blank("xx")
    for name in PIPES:
        model = {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": 2,
            "no_output_layer": False,
            "length": length,
        }
        tc: Any = nlp.add_pipe("textcat", name=name, config={"model": model})
        for lab in LABELS[name]:
            tc.add_label(lab)
    return nlp


def load_pipeline(path: Path | str) -> Any:
    import spacy

    return spacy.load(path)


def _examples(nlp: Any, rows: Sequence[Row], pipe: str) -> dict[int, Any]:
    """Row index -> training example of one head, for the rows labelled for it."""
    from spacy.training import Example

    labels, col = LABELS[pipe], _COLUMN[pipe]
    out = {}
    for i, row in enumerate(rows):
        if row[col] in labels:
            cats = {lab: float(lab == row[col]) for lab in labels}
            out[i] = Example.from_dict(nlp.make_doc(row[0]), {"cats": cats})
    return out


def _epoch(
    nlp: Any, examples: dict[str, dict[int, Any]], order: list[int], optimizer: Any, size: int
) -> dict:
    from spacy.util import minibatch

    losses: dict[str, float] = {}
    for batch in minibatch(order, size=size):
        for name in PIPES:
            chosen = [examples[name][i] for i in batch if i in examples[name]]
            if chosen:
                nlp.get_pipe(name).update(chosen, sgd=optimizer, losses=losses)
    return losses


def train(
    rows: Sequence[Row],
    seed: int,
    epochs: int = 6,
    length: int = HASH_LENGTH,
    batch_size: int = 32,
    log: Callable[[str], None] | None = None,
    learn_rate: float | None = None,
) -> Any:
    """A pipeline trained from scratch; deterministic for a given seed and rows (``learn_rate``: the optimizer's,
    spaCy's default when None)."""
    from spacy.util import fix_random_seed

    fix_random_seed(seed)
    nlp = build_pipeline(length)
    examples = {name: _examples(nlp, rows, name) for name in PIPES}
    for name in PIPES:
        first = list(examples[name].values())[:64]
        nlp.get_pipe(name).initialize(lambda first=first: first, nlp=nlp)
    optimizer = nlp.create_optimizer()
    if learn_rate is not None:
        optimizer.learn_rate = learn_rate
    rng = random.Random(seed)
    order = list(range(len(rows)))
    for epoch in range(epochs):
        rng.shuffle(order)
        losses = _epoch(nlp, examples, order, optimizer, batch_size)
        if log:
            log(f"epoch {epoch + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in losses.items()))
    return nlp


@dataclass
class FineTuned:
    """The fine-tuned pipeline and how it was chosen: ``best_epoch`` 0 is the base model unchanged."""

    nlp: Any
    best_epoch: int
    epochs_run: int
    scores: list[tuple[float, float]] = field(default_factory=list)  # per epoch (0 = base): validation score


def finetune(
    base: Path | str,
    rows: Sequence[Row],
    validation: Sequence[Row],
    seed: int,
    max_epochs: int = 8,
    patience: int = 2,
    batch_size: int = 16,
    log: Callable[[str], None] | None = None,
) -> FineTuned:
    """The stored pipeline at ``base`` trained further on ``rows``, epoch by epoch, with early stopping.

    After each epoch the pipeline reads ``validation`` (:func:`_fit_score`: accuracy of both heads, then the mean
    log-probability of the right labels); the best epoch is kept, the base model (epoch 0) included, and training
    stops after ``patience`` epochs without a better one. Without validation rows every epoch is run and the last
    one kept. Deterministic for a given seed, base and rows."""
    from spacy.util import fix_random_seed

    fix_random_seed(seed)
    nlp = load_pipeline(base)
    examples = {name: _examples(nlp, rows, name) for name in PIPES}
    optimizer = nlp.create_optimizer()
    rng = random.Random(seed)
    order = list(range(len(rows)))
    best = _fit_score(nlp, validation) if validation else (0.0, 0.0)
    scores, best_epoch, best_bytes, stale, epoch = [best], 0, nlp.to_bytes(), 0, 0
    for epoch in range(1, max_epochs + 1):
        rng.shuffle(order)
        losses = _epoch(nlp, examples, order, optimizer, batch_size)
        score = _fit_score(nlp, validation) if validation else (float(epoch), 0.0)
        scores.append(score)
        if log:
            log(
                f"lượt học {epoch}/{max_epochs}: mất mát "
                + ", ".join(f"{k} {v:.2f}" for k, v in losses.items())
                + f"; phần kiểm tra: {score[0]:.0f} nhãn đúng, log-xác suất trung bình {score[1]:.3f}"
            )
        if score > best:
            best, best_epoch, best_bytes, stale = score, epoch, nlp.to_bytes(), 0
        else:
            stale += 1
            if stale >= patience:
                break
    nlp.from_bytes(best_bytes)
    return FineTuned(nlp, best_epoch, epoch, scores)


def _predict(nlp: Any, rows: Sequence[Row]) -> Iterable[tuple[Any, Row]]:
    """(spaCy Doc with ``cats``, row) per row."""
    return zip(nlp.pipe([r[0] for r in rows], batch_size=64), rows, strict=True)


def accuracy(nlp: Any, rows: Sequence[Row]) -> dict[str, Any]:
    """Share of rows whose most probable label is the row's, per head (rows without that label skipped)."""
    right = dict.fromkeys(PIPES, 0)
    seen = dict.fromkeys(PIPES, 0)
    for doc, row in _predict(nlp, rows):
        for name in PIPES:
            truth = row[_COLUMN[name]]
            if truth in LABELS[name]:
                seen[name] += 1
                right[name] += max(LABELS[name], key=lambda c: doc.cats.get(c, 0.0)) == truth
    out: dict[str, Any] = {name: round(right[name] / seen[name], 4) if seen[name] else None for name in PIPES}
    out["n"] = {name: seen[name] for name in PIPES}
    return out


def _fit_score(nlp: Any, rows: Sequence[Row]) -> tuple[float, float]:
    """(right answers of both heads, mean log-probability of the right labels): higher is better."""
    right, loglik, n = 0, 0.0, 0
    for doc, row in _predict(nlp, rows):
        for name in PIPES:
            truth = row[_COLUMN[name]]
            if truth in LABELS[name]:
                n += 1
                right += max(LABELS[name], key=lambda c: doc.cats.get(c, 0.0)) == truth
                loglik += math.log(max(doc.cats.get(truth, 0.0), 1e-9))
    return (float(right), round(loglik / max(1, n), 6))


def model_digest(nlp: Any) -> str:
    """SHA-256 of the pipeline's serialized weights and settings."""
    return hashlib.sha256(nlp.to_bytes()).hexdigest()


def data_digest(rows: Iterable[Sequence[Any]]) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update("\t".join("" if v is None else str(v) for v in row).encode("utf-8") + b"\n")
    return h.hexdigest()


# ------------------------------------------------------------------------------------------ right or wrong
def _norm(s: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(s or "")).replace("\u00a0", " ").split())


def _key(s: Any) -> str:
    return re.sub(r"[\s,.;:()\"'“”]+", " ", _norm(s).casefold()).strip()


def _sim(a: Any, b: Any) -> float:
    a, b = _key(a), _key(b)
    if not a and not b:
        return 1.0
    return Levenshtein.normalized_similarity(a, b)


def _digits(s: Any) -> str:
    return re.sub(r"\D", "", str(s or ""))


def _code(v: Any) -> str:
    return "" if v is None else str(v)


_SUBJ_PREFIX = re.compile(r"^(v/v|về việc|(khiếu nại|tố cáo|kiến nghị|phản ánh) về việc)\s*[:.]?\s*", re.I)


def is_right(field: str, truth: dict, got: dict) -> bool:
    """Is the value read (``got``, the extractor's fields) right? Codes, dates and numbers exactly, names after
    folding case and punctuation, addresses and free text by edit similarity; both absent counts as right."""
    tc, gc = truth.get("complainant") or {}, got.get("complainant") or {}
    if field in ("category", "domain", "petition_date"):
        return _code(truth.get(field)) == _code(got.get(field))
    if field == "name":
        return _key(tc.get("name")) == _key(gc.get("name"))
    if field in ("id_number", "phone"):
        return _digits(tc.get(field)) == _digits(gc.get(field))
    if field == "address":
        return _sim(tc.get("address"), gc.get("address")) >= 0.9
    if field == "subject":
        a = _SUBJ_PREFIX.sub("", _norm(truth.get("subject")))
        return _sim(a, _SUBJ_PREFIX.sub("", _norm(got.get("subject")))) >= 0.85
    if field in ("recipient", "respondent"):
        return _sim(truth.get(field), got.get(field)) >= 0.85
    if field == "signatory_count":
        return int(truth.get(field) or 0) == int(got.get(field) or (0 if got.get("anonymous") else 1))
    if field == "anonymous":
        return bool(truth.get(field)) == bool(got.get(field))
    raise KeyError(field)


def is_present(field: str, fields: dict) -> bool:
    """Did the extractor read a value for the field (maps are fitted apart for values and absences)?"""
    if field in ("name", "address", "id_number", "phone"):
        return (fields.get("complainant") or {}).get(field) is not None
    if field in ("signatory_count", "anonymous", "domain"):
        return True
    return fields.get(field) is not None


# ------------------------------------------------------------------------------------------ isotonic fit
def _wilson_lower(k: float, n: float, z: float = Z) -> float:
    if n <= 0:
        return 0.0
    p = k / n
    den = 1 + z * z / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - half) / den)


def _pav(values: list[float], weights: list[float]) -> list[list[float]]:
    """Pool adjacent violators: blocks [value, weight, first index, last index] with non-decreasing values."""
    blocks: list[list[float]] = []
    for i, (v, w) in enumerate(zip(values, weights, strict=True)):
        blocks.append([v, w, i, i])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            b = blocks.pop()
            a = blocks[-1]
            tot = a[1] + b[1]
            a[0] = (a[0] * a[1] + b[0] * b[1]) / tot
            a[1] = tot
            a[3] = b[3]
    return blocks


def fit_isotonic(pairs: list[tuple[float, bool]]) -> dict:
    """Breakpoints ``{"x", "y", "n", "accuracy"}`` of a conservative monotone map raw score -> probability right:
    isotonic regression, each pooled block's share replaced by its Wilson lower bound, pooled again."""
    pairs = sorted(pairs)
    groups: list[tuple[float, float, float]] = []  # (x, sum y, n): ties of the raw score stay together
    for x, right in pairs:
        y = 1.0 if right else 0.0
        if groups and abs(groups[-1][0] - x) < 1e-9:
            gx, gs, gn = groups[-1]
            groups[-1] = (gx, gs + y, gn + 1)
        else:
            groups.append((x, y, 1.0))
    blocks = _pav([g[1] / g[2] for g in groups], [g[2] for g in groups])
    lows = [(_wilson_lower(v * w, w), w, int(i0), int(i1)) for v, w, i0, i1 in blocks]
    pooled = _pav([lo[0] for lo in lows], [lo[1] for lo in lows])
    bx: list[float] = []
    by: list[float] = []
    for v, _w, j0, j1 in pooled:
        i0, i1 = lows[int(j0)][2], lows[int(j1)][3]
        for x in (groups[i0][0], groups[i1][0]):
            if not bx or x > bx[-1] + 1e-9:
                bx.append(round(x, 4))
                by.append(round(v, 4))
            else:
                by[-1] = round(max(by[-1], v), 4)
    n_right = sum(1 for _x, r in pairs if r)
    return {"x": bx, "y": by, "n": len(pairs), "accuracy": round(n_right / max(1, len(pairs)), 4)}


def fit_maps(rows: Iterable[tuple[str, float, bool]], min_n: int = MIN_N) -> dict[str, dict]:
    """One map per key (a field, or ``field:absent``) from ``(key, raw score, right)`` rows; keys with fewer than
    ``min_n`` rows get none."""
    by_key: dict[str, list[tuple[float, bool]]] = {}
    for key, raw, right in rows:
        by_key.setdefault(key, []).append((float(raw), bool(right)))
    return {k: fit_isotonic(pairs) for k, pairs in sorted(by_key.items()) if len(pairs) >= min_n}


def apply_map(m: dict | None, raw: float) -> float:
    """A map applied by linear interpolation between breakpoints (``nlp.calibrate``); the raw score without one."""
    if not m or not m.get("x"):
        return raw
    xs, ys = m["x"], m["y"]
    if raw <= xs[0]:
        return round(ys[0], 3)
    if raw >= xs[-1]:
        return round(ys[-1], 3)
    i = next(j for j, x in enumerate(xs) if x > raw)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    if x1 == x0:
        return round(y1, 3)
    return round(y0 + (y1 - y0) * (raw - x0) / (x1 - x0), 3)


def _brier_ece(pairs: list[tuple[float, bool]]) -> tuple[float, float]:
    if not pairs:
        return 0.0, 0.0
    brier = sum((p - (1.0 if r else 0.0)) ** 2 for p, r in pairs) / len(pairs)
    bins: dict[int, list[tuple[float, bool]]] = {}
    for p, r in pairs:
        bins.setdefault(min(int(p * ECE_BINS), ECE_BINS - 1), []).append((p, r))
    ece = sum(abs(sum(p for p, _ in b) - sum(1 for _, r in b if r)) for b in bins.values()) / len(pairs)
    return round(brier, 5), round(ece, 5)


def calibration_scores(rows: Sequence[tuple[str, float, bool]], maps: dict[str, dict]) -> dict[str, Any]:
    """Brier score and ECE (``ECE_BINS`` equal bins) of ``maps`` on ``(key, raw score, right)`` rows: over all
    rows and per key. Lower is better."""
    by_key: dict[str, list[tuple[float, bool]]] = {}
    for key, raw, right in rows:
        by_key.setdefault(key, []).append((apply_map(maps.get(key), raw), bool(right)))
    brier, ece = _brier_ece([p for pairs in by_key.values() for p in pairs])
    fields = {}
    for key, pairs in sorted(by_key.items()):
        b, e = _brier_ece(pairs)
        fields[key] = {"n": len(pairs), "brier": b, "ece": e}
    return {"n": len(rows), "brier": brier, "ece": ece, "fields": fields}
