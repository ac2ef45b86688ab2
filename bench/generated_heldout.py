"""Field accuracy on generated petitions the models never saw, per set, with the calibration table.

    python bench/generated_heldout.py [--n 600] [--classic 400] [--seed 777] [--json]

Two sets, scored with the same field rules as the real-petition set (``bench/real_petitions.py``):

* **styled, pool "heldout"**: news accounts, legal questions, portal reports, letters, forms ... written by
  ``samples.styles`` with the wordings of the held-out pool only (no model was trained or calibrated on this pool
  with this seed; the calibration uses the same pool with another seed, ``models/fit_calibration.py``);
* **classic**: filled petitions of the classic generator (``samples.make_petition``) with a seed no training used,
  70% passed through the OCR-noise simulation.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_petitions import Tally, load_extractor, load_rules, print_report, results, score_one


def styled_rows(n: int, seed: int) -> list[tuple[str, dict]]:
    from donthu.samples.styles import generate_styled

    out = []
    for i, p in enumerate(generate_styled(n, seed, "heldout")):
        r = p.truth()
        r["id"] = f"s{i:04d}"
        r["alt_category"] = r["alt_domain"] = None
        out.append((p.text, r))
    return out


def classic_rows(n: int, seed: int) -> list[tuple[str, dict]]:
    from donthu.models.petition_data import generate

    out = []
    for i, ex in enumerate(generate(n, seed, noise_share=0.7)):
        r = dict(ex.truth)
        r.update(id=f"c{i:04d}", kind=f"classic {ex.truth.get('form', '')}".strip(), alt_category=None)
        r["alt_domain"] = None
        r["contents"] = [r["category"]]
        out.append((ex.text, r))
    return out


def run(rows: list[tuple[str, dict]], rules, rules_src: str, extract_fields) -> tuple[dict, Tally]:
    tally = Tally()
    for text, r in rows:
        score_one(tally, rules, extract_fields, text, r)
    return results(tally, len(rows), [], rules_src, False), tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=600, help="styled petitions of the held-out pool")
    ap.add_argument("--classic", type=int, default=400, help="classic generated petitions")
    ap.add_argument("--seed", type=int, default=777)
    ap.add_argument("--score", type=Path, default=None)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    rules, rules_src = load_rules(a.score)
    extract_fields = load_extractor()
    sets = {"styled-heldout": styled_rows(a.n, a.seed), "classic": classic_rows(a.classic, a.seed)}
    out = {}
    for name, rows in sets.items():
        res, tally = run(rows, rules, rules_src, extract_fields)
        out[name] = res
        if not a.json:
            print(f"\n===== {name}: {len(rows)} petitions =====")
            print_report(res, tally, Path(name), argparse.Namespace(labels="generated truth", errors=False))
    if a.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print("\nsummary: " + ", ".join(f"{k} {v['field_accuracy']:.4f}" for k, v in out.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
