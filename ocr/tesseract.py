"""Tesseract's process settings.

One Tesseract thread per process: parallelism comes from running pages in several processes (the local pool in
ingest/local.py, the Celery worker's children), and OpenMP threads inside each would only fight over the cores.
Each runner calls :func:`one_thread_per_process` once, in the process that reads pages; the ``tesseract``
subprocesses that pytesseract starts inherit it.
"""

from __future__ import annotations

import os


def one_thread_per_process() -> None:
    """The only place OMP_THREAD_LIMIT is set (an instruction to the tesseract child processes)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
