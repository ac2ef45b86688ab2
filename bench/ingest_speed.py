"""Ingest throughput against plain Tesseract, side by side in one run.

    python bench/ingest_speed.py [FOLDER ...] [--workers N] [--ocrmypdf]

Without a folder, sample petitions are generated first. It times, over the same pages and the same number of
parallel processes:
  * baseline: plain `tesseract PAGE - -l vie` with OMP_THREAD_LIMIT=1, N processes at a time, on page images
    extracted beforehand (extraction not timed: the baseline gets its input for free);
  * optionally `ocrmypdf --jobs N --output-type pdf --optimize 0` on each file (images wrapped in a PDF first);
  * donthu: `donthu ingest` of the folder into an empty data directory (hashing, storage, page splitting,
    orientation, OCR, field extraction, database), the whole job.
and prints pages per minute of each and the ratios. Figures only: no pass/fail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from donthu.ingest.filetypes import detect
from donthu.ingest.pages import inspect, load_page
from donthu.ingest.pipeline import expand_paths


def extract_pages(files: list[Path], out: Path) -> list[Path]:
    pages: list[Path] = []
    for f in files:
        try:
            kind, _, _ = detect(f.name, f.read_bytes()[:4096])
            info = inspect(f, kind, 200_000_000, 300)
        except Exception:
            continue
        for i in range(info.page_count):
            img, _ = load_page(f, kind, i, 300)
            p = out / f"{f.stem}-{i + 1:04d}.png"
            img.save(p, compress_level=1)
            pages.append(p)
    return pages


def run_tesseract(pages: list[Path], workers: int) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(p: Path) -> None:
        subprocess.run(
            ["tesseract", str(p), "-", "-l", "vie"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, pages))
    return time.perf_counter() - start


def run_ocrmypdf(files: list[Path], workers: int, tmp: Path) -> float:
    """ocrmypdf on each file (images first wrapped into a PDF with img2pdf-like Pillow conversion)."""
    from PIL import Image

    inputs: list[Path] = []
    for f in files:
        if f.suffix.lower() == ".pdf":
            inputs.append(f)
            continue
        try:
            with Image.open(f) as im:
                frames = []
                for i in range(getattr(im, "n_frames", 1)):
                    im.seek(i)
                    frames.append(im.convert("RGB") if im.mode not in ("L", "RGB") else im.copy())
            pdf = tmp / f"{f.stem}.pdf"
            frames[0].save(pdf, save_all=True, append_images=frames[1:], resolution=300)
            inputs.append(pdf)
        except Exception:
            continue
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    for f in inputs:
        subprocess.run(
            [
                "ocrmypdf",
                "--jobs",
                str(workers),
                "--output-type",
                "pdf",
                "--optimize",
                "0",
                "-l",
                "vie",
                "--force-ocr",
                "-q",
                str(f),
                str(tmp / f"out-{f.name}"),
            ],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - start


def run_donthu(folders: list[Path], workers: int, tmp: Path) -> float:
    env = {**os.environ, "DONTHU_DATA_DIR": str(tmp / "data"), "DONTHU_SETTINGS_FILE": str(tmp / "none.toml")}
    env.pop("DONTHU_DATABASE_URL", None)
    env.pop("DONTHU_STORAGE", None)
    subprocess.run(
        [sys.executable, "-m", "donthu.cli", "db", "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "donthu.cli", "ingest", *map(str, folders), "--workers", str(workers)],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--samples", type=int, default=12, help="files to generate when no folder is given")
    ap.add_argument("--ocrmypdf", action="store_true", help="also time ocrmypdf (if installed)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="donthu-bench-"))
    try:
        folders = args.folders
        if not folders:
            from donthu.samples import write_samples

            sample_dir = tmp / "samples"
            write_samples(sample_dir, n=args.samples, seed=42, dpi=300)
            folders = [sample_dir]
        files = [
            f
            for f in expand_paths(folders)
            if f.suffix.lower() in {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
        ]
        page_dir = tmp / "pages"
        page_dir.mkdir()
        pages = extract_pages(files, page_dir)
        n = len(pages)
        print(f"{len(files)} files, {n} pages, {args.workers} parallel processes")
        from PIL import Image

        from donthu.ingest.page import BLANK_INK_RATIO
        from donthu.ocr.image import ink_ratio

        content = [p for p in pages if ink_ratio(Image.open(p)) >= BLANK_INK_RATIO]
        t_base = run_tesseract(pages, args.workers)
        t_content = run_tesseract(content, args.workers) if len(content) < n else t_base
        t_ours = run_donthu(folders, args.workers, tmp)
        print(
            f"({n - len(content)} blank separator pages: plain tesseract spends long on their speckle; "
            "donthu skips them)"
        )
        rows = [("tesseract -l vie (1 thread each)", t_base), ("donthu ingest (whole pipeline)", t_ours)]
        if args.ocrmypdf and shutil.which("ocrmypdf"):
            rows.insert(1, ("ocrmypdf --jobs N --optimize 0", run_ocrmypdf(files, args.workers, tmp)))
        print(f"{'run':40s} {'seconds':>9s} {'pages/min':>10s}")
        for name, t in rows:
            print(f"{name:40s} {t:9.1f} {n / t * 60:10.1f}")
        for name, t in rows[1:]:
            print(f"ratio {name} / tesseract: {t_base / t:.2f}")
        if len(content) < n:
            rate = len(content) / t_content * 60
            print(
                f"tesseract on the {len(content)} non-blank pages only: {t_content:.1f} s, {rate:.1f} pages/min; "
                f"ratio donthu / that (pages per minute, all pages counted for donthu): "
                f"{(n / t_ours) / (len(content) / t_content):.2f}"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
