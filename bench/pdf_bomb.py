"""Peak memory of ingesting a PDF image bomb: a one-page PDF of a few hundred KB whose image is huge.

    python bench/pdf_bomb.py [--size 30000] [--code DIR]

Builds an A4 page showing one ``size`` x ``size`` 1-bit image (flate-compressed zeros, so the file stays small),
runs ``donthu ingest --workers 1`` on it (the pages are then read in the same process) in an empty data folder, and
prints the file size, the peak resident memory of that process (``ru_maxrss``), the time and the outcome.

``--code DIR`` runs another copy of the code instead (DIR holds a ``donthu`` package), e.g. the code before the fix:

    mkdir -p /tmp/old/donthu && git archive <commit> | tar -x -C /tmp/old/donthu
    python bench/pdf_bomb.py --code /tmp/old

Needs pikepdf (dev extra) to build the file.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path


def build(path: Path, size: int) -> None:
    import pikepdf

    co = zlib.compressobj(9)
    row = b"\x00" * ((size + 7) // 8)
    parts, left = [], size
    while left > 0:
        n = min(256, left)
        parts.append(co.compress(row * n))
        left -= n
    parts.append(co.flush())
    pdf = pikepdf.new()
    img = pikepdf.Stream(pdf, b"".join(parts))
    img.stream_dict = pikepdf.Dictionary(
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=size,
        Height=size,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=1,
        Filter=pikepdf.Name.FlateDecode,
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Contents=pikepdf.Stream(pdf, b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=img)),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=30000, help="image width and height in pixels")
    ap.add_argument("--code", type=Path, help="folder holding another copy of the donthu package")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="donthu-bomb-") as tmp:
        pdf = Path(tmp) / "bomb.pdf"
        build(pdf, args.size)
        mb = pdf.stat().st_size / 2**20
        env = {k: v for k, v in os.environ.items() if not k.startswith("DONTHU_")}
        env.update(
            DONTHU_DATA_DIR=str(Path(tmp) / "data"),
            DONTHU_SETTINGS_FILE=str(Path(tmp) / "none.toml"),
            COLUMNS="200",
        )
        if args.code:
            env["PYTHONPATH"] = str(args.code.resolve())
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "donthu", "ingest", "--workers", "1", str(pdf)],
            env=env,
            capture_output=True,
            text=True,
            cwd=tmp,
        )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"image {args.size} x {args.size} ({args.size * args.size / 1e6:.0f} Mpx) in a {mb:.2f} MB PDF")
    print(
        f"peak RSS of the ingest process: {peak / 2**20:.0f} MB, {seconds:.1f} s, exit code {proc.returncode}"
    )
    for line in proc.stdout.splitlines():
        if "bomb.pdf" in line:
            print("  " + line.strip())


if __name__ == "__main__":
    main()
