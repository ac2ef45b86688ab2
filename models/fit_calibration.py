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
import time
from pathlib import Path

from ..nlp.extract import CONFIDENCE_KEYS
from ..nlp.learn import fit_isotonic, is_present, is_right
from .petition_data import generate

HERE = Path(__file__).resolve().parent
OUT = HERE / "calibration.json"
SEED = 31337
N = 1500
STYLED_N = 1500  # styled petitions of the pool "heldout" (samples.styles): never used to train any model
NOISE_SHARE = 0.7
MIN_N = 20  # fewer examples than this: no map (raw scores are used)

FIELDS = CONFIDENCE_KEYS


# how a field is judged right (is_right, is_present) and the isotonic fit live in nlp.learn, shared with
# `donthu models retrain`


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
        methods = got.extra.get("methods") or {}
        for f in FIELDS:
            present = is_present(f, got.fields)
            row = (float(got.confidence[f]), is_right(f, truth, got.fields))
            out.setdefault(calibrate.map_key(f, present), []).append(row)
            if present and methods.get(f):  # and per way of reading, used where it has enough examples
                out.setdefault(calibrate.method_key(f, present, methods[f]), []).append(row)
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
