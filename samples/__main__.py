"""python -m donthu.samples OUTDIR [N]: write N sample files (default 6) and their truth.jsonl."""

import sys
from pathlib import Path

from .files import write_samples

out = Path(sys.argv[1] if len(sys.argv) > 1 else "samples_out")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 6
for r in write_samples(out, n=count):
    print(r["file"], [d["pages"] for d in r["documents"]])
