"""Is reading a colour scan's red reception stamp apart worth it? (ocr/red_ink.py, used by the archive import.)

Renders generated petitions with the red «ĐẾN Số … Ngày …» stamp (samples profile ``stamp``), reads each page as
ingest does (the page's OCR drops red ink) and then reads its red ink alone; prints on how many pages each read
a stamp date that can be right (samples/render.py stamps a page 1-11 days after its petition date) and the
seconds each took.

    .venv/bin/python bench/red_stamp.py --pages 8 --dpi 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from donthu.nlp.received_stamp import find_received_stamp
from donthu.ocr.engine import engine_named
from donthu.ocr.red_ink import read_red_ink
from donthu.samples import make_petition, render_page


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--dpi", type=int, default=200)
    args = ap.parse_args()
    std_ok = red_ok = 0
    t_std = t_red = 0.0
    for seed in range(args.pages):
        pet = make_petition(random.Random(200 + seed), form=("labeled", "prose")[seed % 2], n_pages=1)
        img = render_page(pet.pages[0], "stamp", seed=seed, dpi=args.dpi)
        written = dt.date.fromisoformat(pet.petition_date)
        t = time.perf_counter()
        result, _ = engine_named("tesseract").recognize(img, "vie", True, args.dpi)
        t_std += time.perf_counter() - t
        t = time.perf_counter()
        red_text = read_red_ink(img)
        t_red += time.perf_counter() - t
        for text, which in ((result.text, "page OCR"), (red_text, "red ink")):
            stamp = find_received_stamp(text)
            ok = stamp is not None and stamp.date is not None and 1 <= (stamp.date - written).days <= 11
            if which == "page OCR":
                std_ok += ok
            else:
                red_ok += ok
            print(f"page {seed} {which:8}: {stamp.date if stamp else None} (petition {written})")
    n = args.pages
    print(
        f"{n} colour stamped pages at {args.dpi} dpi: stamp date read by the page OCR on {std_ok}, by the red-ink "
        f"pass on {red_ok}; page OCR {t_std / n:.2f} s/page, red-ink pass {t_red / n:.2f} s/page "
        f"({t_red / max(t_std, 1e-9):.0%} of the page OCR)"
    )


if __name__ == "__main__":
    main()
