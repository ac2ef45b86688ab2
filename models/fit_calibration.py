"""Fit the per-field confidence calibration of the NLP stage (writes models/calibration.json).

    nice -n 10 python -m donthu.models.fit_calibration

The extractor (``nlp.extract.extract_fields``, calibration off) reads petitions written by the project's own
generator, 70% of them passed through the OCR-noise simulation (``models.petition_data``: misread tone marks,
confused letters, reception stamps over the first lines, lost titles), with a seed used by nothing else. For each
field, whether the value read is right (the same comparison as the evaluation: exact for codes, dates and
numbers, edit similarity for names, addresses and free text) is regressed on the raw score with isotonic
regression (pool adjacent violators), separately for a value read and for a field found absent (``name``,
``name:absent``: "nothing to read" and "a doubtful value" are different events). Each pooled block's accuracy is replaced by a lower confidence bound
(Wilson, z = 1.28), and monotonicity restored, so a small block of lucky examples cannot claim a high
confidence. The map is stored as breakpoints (raw -> calibrated) and applied by ``nlp.calibrate``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import time
import unicodedata
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from ..nlp.extract import CONFIDENCE_KEYS
from .petition_data import generate

HERE = Path(__file__).resolve().parent
OUT = HERE / "calibration.json"
SEED = 31337
N = 1500
STYLED_N = 1500  # styled petitions of the pool "heldout" (samples.styles): never used to train any model
NOISE_SHARE = 0.7
Z = 1.28
MIN_N = 20  # fewer examples than this: no map (raw scores are used)

FIELDS = CONFIDENCE_KEYS


# ------------------------------------------------------------------------------------------ right or wrong
def _norm(s) -> str:
    return " ".join(unicodedata.normalize("NFC", str(s or "")).replace("\u00a0", " ").split())


def _key(s) -> str:
    return re.sub(r"[\s,.;:()\"'“”]+", " ", _norm(s).casefold()).strip()


def _sim(a, b) -> float:
    a, b = _key(a), _key(b)
    if not a and not b:
        return 1.0
    return Levenshtein.normalized_similarity(a, b)


def _digits(s) -> str:
    return re.sub(r"\D", "", str(s or ""))


_SUBJ_PREFIX = re.compile(r"^(v/v|về việc|(khiếu nại|tố cáo|kiến nghị|phản ánh) về việc)\s*[:.]?\s*", re.I)


def is_right(field: str, truth: dict, got: dict) -> bool:
    """Is the value read right? (a value must equal the truth; names exactly, free text nearly)"""
    tc, gc = truth.get("complainant") or {}, got.get("complainant") or {}
    if field in ("category", "domain", "petition_date"):
        if truth.get(field) is None:  # nothing to find: right when nothing was extracted
            return not got.get(field)
        return str(truth.get(field)) == str(got.get(field) or "")
    if field == "name":
        return _key(tc.get("name")) == _key(gc.get("name"))
    if field in ("id_number", "phone"):
        return _digits(tc.get(field)) == _digits(gc.get(field))
    if field == "address":
        return _sim(tc.get("address"), gc.get("address")) >= 0.9
    if field == "subject":
        return (
            _sim(
                _SUBJ_PREFIX.sub("", _norm(truth.get("subject"))),
                _SUBJ_PREFIX.sub("", _norm(got.get("subject"))),
            )
            >= 0.85
        )
    if field in ("recipient", "respondent"):
        return _sim(truth.get(field), got.get(field)) >= 0.85
    if field == "signatory_count":
        return int(truth.get(field) or 0) == int(got.get(field) or (0 if got.get("anonymous") else 1))
    if field == "anonymous":
        return bool(truth.get(field)) == bool(got.get(field))
    raise KeyError(field)


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
    """Breakpoints of a conservative monotone map raw score -> probability right."""
    pairs = sorted(pairs)
    xs = [p[0] for p in pairs]
    ys = [1.0 if p[1] else 0.0 for p in pairs]
    # ties of the raw score stay together
    groups: list[tuple[float, float, float]] = []  # (x, sum y, n)
    for x, y in zip(xs, ys, strict=True):
        if groups and abs(groups[-1][0] - x) < 1e-9:
            gx, gs, gn = groups[-1]
            groups[-1] = (gx, gs + y, gn + 1)
        else:
            groups.append((x, y, 1.0))
    blocks = _pav([g[1] / g[2] for g in groups], [g[2] for g in groups])
    lows = []
    for v, w, i0, i1 in blocks:
        k = v * w
        lows.append((_wilson_lower(k, w), w, int(i0), int(i1)))
    # lower bounds can break monotonicity: pool again
    pooled = _pav([lo[0] for lo in lows], [lo[1] for lo in lows])
    bx: list[float] = []
    by: list[float] = []
    for v, _w, j0, j1 in pooled:
        i0, i1 = lows[int(j0)][2], lows[int(j1)][3]
        x0, x1 = groups[i0][0], groups[i1][0]
        for x in (x0, x1):
            if not bx or x > bx[-1] + 1e-9:
                bx.append(round(x, 4))
                by.append(round(v, 4))
            else:
                by[-1] = round(max(by[-1], v), 4)
    return {"x": bx, "y": by, "n": len(pairs), "accuracy": round(sum(ys) / max(1, len(ys)), 4)}


def _present(field: str, fields: dict) -> bool:
    if field in ("name", "address", "id_number", "phone"):
        return (fields.get("complainant") or {}).get(field) is not None
    if field in ("signatory_count", "anonymous", "domain"):
        return True
    return fields.get(field) is not None


def _examples(n: int, styled: int, seed: int):
    """(text, truth) pairs: classic petitions (70% with OCR noise) and styled ones of the held-out pool."""
    from donthu.samples.styles import generate_styled

    for ex in generate(n, seed, noise_share=NOISE_SHARE):
        yield ex.text, ex.truth
    for p in generate_styled(styled, seed, "heldout"):
        yield p.text, p.truth()


def collect(
    n: int = N, seed: int = SEED, log=print, styled: int = STYLED_N
) -> dict[str, list[tuple[float, bool]]]:
    from donthu.nlp import NlpOptions, calibrate, extract_fields

    raw = NlpOptions(calibration=False)
    out: dict[str, list[tuple[float, bool]]] = {}
    t0 = time.perf_counter()
    for i, (text, truth) in enumerate(_examples(n, styled, seed)):
        got = extract_fields(text, raw)
        for f in FIELDS:
            key = calibrate.map_key(f, _present(f, got.fields))
            out.setdefault(key, []).append((float(got.confidence[f]), is_right(f, truth, got.fields)))
        if log and (i + 1) % 250 == 0:
            log(f"{i + 1}/{n + styled} petitions ({time.perf_counter() - t0:.0f} s)")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=N)
    ap.add_argument("--styled", type=int, default=STYLED_N)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    data = collect(a.n, a.seed, styled=a.styled)
    fields = {f: fit_isotonic(pairs) for f, pairs in sorted(data.items()) if len(pairs) >= MIN_N}
    doc = {
        "about": "per-field isotonic map raw confidence -> probability right (Wilson lower bound, z=1.28), "
        "fitted by models/fit_calibration.py on generated petitions",
        "seed": a.seed,
        "n": a.n,
        "styled_heldout_pool": a.styled,
        "noise_share": NOISE_SHARE,
        "fields": fields,
    }
    a.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for f, m in fields.items():
        print(f"{f:16s} n={m['n']} accuracy={m['accuracy']:.3f} breakpoints={len(m['x'])}")


if __name__ == "__main__":
    main()
