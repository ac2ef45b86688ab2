"""Peak memory of ingesting one big scanned PDF (default 500 pages, 300 dpi JPEG scans).

    python bench/memory_500.py [--pages 500] [--workers N]

Builds the PDF from generated petitions (each page's JPEG is embedded as is, so building costs little
memory), runs `donthu ingest` on it in an empty data directory, and samples the resident memory of the
whole process tree (the ingest process and its OCR workers, Tesseract included) every 0.2 s from /proc.
Prints the peak, the time and the pages per minute.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _pss(pid: int) -> int:
    """Proportional set size: shared pages are split between the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int, pss: bool = False) -> int:
    """Resident (or proportional) bytes of pid and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
        rss[int(d)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += _pss(p) if pss else rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def build_pdf(path: Path, n_pages: int, seed: int = 5) -> None:
    import pypdfium2 as pdfium

    from donthu.samples import make_petition, render_page

    rng = random.Random(seed)
    jpegs: list[bytes] = []
    profiles = ["clean", "office", "photocopy", "upside"]
    while len(jpegs) < 24:  # 24 distinct scanned pages, repeated to the length wanted
        pet = make_petition(rng)
        for text in pet.pages:
            img = render_page(text, profiles[len(jpegs) % len(profiles)], seed=len(jpegs), dpi=300)
            buf = io.BytesIO()
            img.convert("L").save(buf, "JPEG", quality=75)
            jpegs.append(buf.getvalue())
    pdf = pdfium.PdfDocument.new()
    w, h = 595.28, 841.89
    for i in range(n_pages):
        page = pdf.new_page(w, h)
        image = pdfium.PdfImage.new(pdf)
        image.load_jpeg(io.BytesIO(jpegs[i % len(jpegs)]), inline=True)
        image.set_matrix(pdfium.PdfMatrix().scale(w, h))
        page.insert_obj(image)
        page.gen_content()
        page.close()
    pdf.save(str(path))
    pdf.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="donthu-mem-"))
    try:
        pdf = tmp / f"archive-box-{args.pages}.pdf"
        build_pdf(pdf, args.pages)
        print(f"{pdf.name}: {args.pages} pages, {pdf.stat().st_size / 1e6:.0f} MB")
        env = {
            **os.environ,
            "DONTHU_DATA_DIR": str(tmp / "data"),
            "DONTHU_SETTINGS_FILE": str(tmp / "none.toml"),
        }
        env.pop("DONTHU_DATABASE_URL", None)
        env.pop("DONTHU_STORAGE", None)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "donthu.cli", "ingest", str(pdf), "--workers", str(args.workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        peak = peak_pss = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            peak_pss = max(peak_pss, tree_rss(proc.pid, pss=True))
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        print(
            f"exit code {proc.returncode}; {elapsed:.0f} s, {args.pages / elapsed * 60:.0f} pages/min, "
            f"{args.workers} workers"
        )
        print(
            f"peak memory of the ingest process tree: {peak_pss / 2**20:.0f} MiB proportional (PSS), "
            f"{peak / 2**20:.0f} MiB resident (RSS, shared pages counted in every process)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
