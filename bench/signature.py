"""Signature / fingerprint detection (ocr/signature.py) on generated last pages of petitions.

    python bench/signature.py [--per-cell 4] [--seed 0] [--cache DIR] [--workers 2]

Generates petitions with the project's generator (``samples.make_petition``: labelled, prose, group and
anonymous forms, one or two pages) and draws the last page under each scan profile (clean, office, photocopy,
lowres, stamp, and a fax made here: binarised at low resolution) with each signer's mark the renderer offers
(``render_page(signature=...)``: none, scribble, fingerprint, both; in colour ink (blue pen, red or purple pad)
on the colour-capable profiles). Anonymous petitions have no "(Ký ...)" line, so nothing is drawn: they count as
unsigned. Pages are read by the project's OCR (``ocr.engine.recognize``, cached in ``--cache``), kept as ingest
keeps them (the upright page as a display JPEG, words scaled to it) and the detector runs the way ingest calls
it (``find_signature_in_file``).

Prints accuracy, false-present rate (unsigned pages called signed), false-absent rate (signed pages called
unsigned), per profile and per mark, the share of verdicts under 0.7 confidence, and the detector's time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from PIL import Image

from donthu.ocr.engine import recognize
from donthu.ocr.image import display_jpeg, rotate, straighten
from donthu.ocr.signature import find_signature_in_file
from donthu.ocr.words import as_words, scale_words
from donthu.samples import make_petition, render_page

PROFILES = ["clean", "office", "photocopy", "lowres", "stamp", "fax"]
MARKS = ["none", "scribble", "fingerprint", "both"]
COLOUR_PROFILES = {"clean", "office", "stamp"}
INKS = {
    "scribble": ["black", "blue"],
    "fingerprint": ["black", "red", "purple"],
    "both": ["black", "blue", "red"],
}
FORMS = ["labeled", "prose", "group", "labeled", "prose", "anonymous"]
DISPLAY_MAX_WIDTH = 1700  # as ingest/page.py keeps pages
SURE = 0.7


@dataclass(frozen=True)
class Case:
    n: int
    seed: int
    form: str
    n_pages: int
    profile: str
    signature: str
    ink: str
    dpi: int

    @property
    def key(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:20]


def make_cases(per_cell: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    out = []
    for profile in PROFILES:
        for mark in MARKS:
            for _ in range(per_cell):
                ink = "black"
                if mark != "none" and profile in COLOUR_PROFILES and rng.random() < 0.5:
                    ink = rng.choice(INKS[mark])
                out.append(
                    Case(
                        len(out),
                        seed,
                        rng.choice(FORMS),
                        rng.choice([1, 1, 2]),
                        profile,
                        mark,
                        ink,
                        rng.choice([150, 200]),
                    )
                )
    return out


def page_text(case: Case) -> str:
    pet = make_petition(random.Random(f"sig-{case.seed}-{case.n}"), form=case.form, n_pages=case.n_pages)
    return pet.pages[-1]


def signed(case: Case) -> bool:
    return case.signature != "none" and "(Ký" in page_text(case)


def fax(img: Image.Image, seed: int, dpi: int) -> Image.Image:
    """A fax in standard mode: 204 × 98 dpi, black and white at a fixed threshold (sensor noise makes ragged
    edges), a streak across the page; brought back to the page's size as a fax server would."""
    rng = np.random.default_rng(seed)
    g = img.convert("L")
    w, h = g.size
    small = g.resize((round(w * min(1.0, 204 / dpi)), round(h * 98 / dpi)), Image.Resampling.BOX)
    arr = np.asarray(small, dtype=np.float32) + rng.normal(0, 14, (small.height, small.width))
    bw = np.where(arr < 165, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(1, 3))):
        bw[int(rng.integers(0, bw.shape[0])), :] = 0
    return Image.fromarray(bw, "L").resize((w, h), Image.Resampling.NEAREST)


def render(case: Case) -> Image.Image:
    profile = "clean" if case.profile == "fax" else case.profile
    img = render_page(
        page_text(case), profile, seed=case.n, dpi=case.dpi, signature=case.signature, ink=case.ink
    )
    return fax(img, case.n, case.dpi) if case.profile == "fax" else img


def read(case: Case, cache: Path) -> tuple[bytes, list]:
    """The page as ingest stores it: the upright display JPEG and the OCR words in its pixels (cached)."""
    jpg, js = cache / f"{case.key}.jpg", cache / f"{case.key}.json"
    if jpg.exists() and js.exists():
        return jpg.read_bytes(), json.loads(js.read_text())
    img = render(case)
    result, upright = recognize(img, dpi=case.dpi)
    if img.mode == "RGB":
        upright = rotate(straighten(img, result.skew), result.rotation)
    data, scale = display_jpeg(upright, DISPLAY_MAX_WIDTH)
    words = [list(w) for w in scale_words(result.words, scale)]
    jpg.write_bytes(data)
    js.write_text(json.dumps(words, ensure_ascii=False))
    return data, words


def _read_job(args: tuple[Case, Path]) -> str:
    read(*args)
    return args[0].key


def _rate(num: int, den: int) -> str:
    return f"{100 * num / den:5.1f}% ({num}/{den})" if den else "   n/a"


def report(rows: list[dict]) -> float:
    def line(label: str, sel: list[dict]) -> None:
        right = sum(r["truth"] == r["present"] for r in sel)
        neg = [r for r in sel if not r["truth"]]
        pos = [r for r in sel if r["truth"]]
        fp = sum(r["present"] for r in neg)
        fn = sum(not r["present"] for r in pos)
        print(
            f"  {label:<12} right {_rate(right, len(sel))}  false-present {_rate(fp, len(neg))}  "
            f"false-absent {_rate(fn, len(pos))}"
        )

    print(
        f"pages: {len(rows)} (signed {sum(r['truth'] for r in rows)}, unsigned {sum(not r['truth'] for r in rows)})"
    )
    line("all", rows)
    print("by profile:")
    for p in PROFILES:
        line(p, [r for r in rows if r["profile"] == p])
    print("by mark drawn:")
    for m in MARKS:
        line(m, [r for r in rows if r["signature"] == m])
    line("anonymous", [r for r in rows if r["form"] == "anonymous"])
    line("colour ink", [r for r in rows if r["ink"] != "black"])
    anchors: dict[str, int] = defaultdict(int)
    for r in rows:
        anchors[r["anchor"]] += 1
    print("closing area found by:", dict(anchors))
    unsure = sum(r["confidence"] < SURE for r in rows)
    print(f"verdicts under {SURE} confidence: {_rate(unsure, len(rows))}")
    ms = [r["ms"] for r in rows]
    print(f"detector time per page: median {statistics.median(ms):.1f} ms, max {max(ms):.1f} ms")
    wrong = [r for r in rows if r["truth"] != r["present"]]
    for r in wrong[:20]:
        print(
            "  wrong:",
            {
                k: r[k]
                for k in ("n", "form", "profile", "signature", "ink", "dpi", "anchor", "confidence", "key")
            },
        )
    return sum(r["truth"] == r["present"] for r in rows) / max(1, len(rows))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-cell", type=int, default=4, help="pages per (profile, mark)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/donthu-signature-bench"))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    cases = make_cases(args.per_cell, args.seed)
    start = time.perf_counter()
    todo = [(c, args.cache) for c in cases if not (args.cache / f"{c.key}.json").exists()]
    if todo:
        print(f"reading {len(todo)} pages with OCR ...", file=sys.stderr)
        with Pool(max(1, args.workers)) as pool:
            for i, _ in enumerate(pool.imap_unordered(_read_job, todo), 1):
                if i % 10 == 0:
                    print(f"  {i}/{len(todo)}", file=sys.stderr)
    rows = []
    t = time.perf_counter()
    find_signature_in_file(*read(cases[0], args.cache))  # loads the syllable list once per process
    print(f"first call (loads the syllable list): {1000 * (time.perf_counter() - t):.0f} ms")
    for c in cases:
        data, words = read(c, args.cache)
        t = time.perf_counter()
        found = find_signature_in_file(data, as_words(words))
        ms = 1000 * (time.perf_counter() - t)
        rows.append(
            {
                **asdict(c),
                "key": c.key,
                "truth": signed(c),
                "present": found.present,
                "confidence": found.confidence,
                "anchor": found.anchor,
                "ms": ms,
            }
        )
    acc = report(rows)
    print(f"accuracy {100 * acc:.1f}% (target >= 95%); {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
