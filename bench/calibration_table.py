"""Calibration of field confidences: accuracy per confidence bin, per field.

    python bench/calibration_table.py ../shared/corpus/dev export.jsonl [--score ../shared/eval/score.py] [--gen 400]

Re-runs the field extraction on each exported case's recognised text, judges each field with the scorer's own
rules against the set's truth.jsonl, and prints n / accuracy in the bins [0,0.5) [0.5,0.7) [0.7,0.9) [0.9,1].
With --gen N it does the same on N generated petitions (70% with simulated OCR noise, a seed not used in fitting).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import defaultdict
from pathlib import Path

BINS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def pairs(set_dir: Path, export: Path) -> list[tuple[dict, dict]]:
    truth = [json.loads(line) for line in open(set_dir / "truth.jsonl", encoding="utf-8")]
    by_file: dict[str, list[dict]] = defaultdict(list)
    for line in open(export, encoding="utf-8"):
        if line.strip():
            c = json.loads(line)
            by_file[Path(str(c.get("source_file", ""))).name].append(c)
    out = []
    for row in truth:
        for d in row["documents"]:
            best, overlap = None, 0
            for c in by_file.get(row["file"], []):
                pages = (
                    (c.get("source_pages") or d["pages"])
                    if len(row["documents"]) == 1
                    else (c.get("source_pages") or [])
                )
                o = len(set(d["pages"]) & set(pages))
                if o > overlap:
                    best, overlap = c, o
            if best is not None and not d.get("text_only"):
                out.append((d, best))
    return out


def table(rows: list[tuple[str, float, bool]], fields: list[str], title: str) -> None:
    per: dict[str, list[list[int]]] = defaultdict(lambda: [[0, 0] for _ in BINS])
    for f, conf, ok in rows:
        for i, (lo, hi) in enumerate(BINS):
            if lo <= conf < hi:
                for key in (f, "ALL"):
                    per[key][i][0] += 1
                    per[key][i][1] += ok
    print(f"\n{title}")
    print(
        f"{'field':16s}"
        + "".join(f"  [{lo:.1f},{min(hi, 1.0):.1f}{')' if hi < 1 else ']'} n / acc " for lo, hi in BINS)
    )
    for f in [*fields, "ALL"]:
        cells = [f"{n:4d} / {k / n:5.3f}" if n else f"{0:4d} /   -  " for n, k in per[f]]
        print(f"{f:16s}" + "".join(f"  {c:>18s}" for c in cells))
    n, k = per["ALL"][3]
    print(f"confidence >= 0.9: {k}/{n} right = {k / max(1, n):.4f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set_dir", type=Path)
    ap.add_argument("export", type=Path)
    ap.add_argument(
        "--score", type=Path, default=None, help="the scorer (default: SET_DIR/../../eval/score.py)"
    )
    ap.add_argument("--gen", type=int, default=0)
    ap.add_argument("--seed", type=int, default=91919)
    a = ap.parse_args()
    scorer = load_scorer(a.score or a.set_dir.resolve().parent.parent / "eval" / "score.py")
    from donthu.nlp.extract import extract_fields

    def collect(items: list[tuple[str, dict]]) -> list[tuple[str, float, bool]]:
        rows = []
        for text, truth in items:
            ex = extract_fields(text)
            for f in scorer.FIELDS:
                ok, _ = scorer.field_ok(f, truth, ex.fields)
                rows.append((f, ex.confidence[f], bool(ok)))
        return rows

    items = [(c["text"], d) for d, c in pairs(a.set_dir, a.export)]
    table(collect(items), list(scorer.FIELDS), f"{a.export} ({len(items)} petitions)")
    if a.gen:
        from donthu.models.petition_data import generate

        gen = [(e.text, e.truth) for e in generate(a.gen, a.seed, noise_share=0.7)]
        table(
            collect(gen), list(scorer.FIELDS), f"generated petitions ({a.gen}, 70% OCR-noised, seed {a.seed})"
        )


if __name__ == "__main__":
    main()
