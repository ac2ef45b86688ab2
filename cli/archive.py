"""``donthu archive``: an archive batch's sampled quality control and its boxes exported for the archive system
(archive/). The import itself is ``donthu ingest PATH --archive [--manifest FILE.csv]``."""

from __future__ import annotations

import typer

archive_app = typer.Typer(
    help="Lưu trữ: quality control by sampling (ISO 2859-1) and boxes exported as PDF/A with their metadata."
)

# --- quality control (archive/sampling.py, archive/qc.py) ------------------------------------------------------

# --- boxes exported (archive/package.py) ------------------------------------------------------------------------
