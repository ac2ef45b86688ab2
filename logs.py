"""Logging setup: plain text, or one JSON object per line (``DONTHU_LOG_FORMAT=json``) for log collectors.

Context ids travel as ``extra`` on a record (``log.info("...", extra={"case_id": ..., "document": ...})``) or
for a whole block through :func:`log_context`; the JSON formatter writes them as top-level keys.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CONTEXT_KEYS = ("case_id", "case_ids", "document", "document_id", "sha256", "task_id", "task", "page")
_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "donthu_log_context", default=None
)


@contextmanager
def log_context(**ids: Any) -> Iterator[None]:
    """Attach ids (case_id, document_id, task_id, ...) to every record logged inside the block."""
    token = _context.set({**(_context.get() or {}), **{k: v for k, v in ids.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        out.update(_context.get() or {})
        for key in CONTEXT_KEYS:
            if key in record.__dict__:
                out[key] = record.__dict__[key]
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class _Handler(logging.StreamHandler):
    """The handler :func:`configure_logging` installs, so calling it again replaces it instead of adding one."""


def configure_logging(level: int = logging.WARNING, fmt: str | None = None) -> None:
    """Configure the root logger; ``fmt`` defaults to the ``log_format`` setting (DONTHU_LOG_FORMAT)."""
    if fmt is None:
        from .config import get_settings

        fmt = get_settings().log_format
    handler = _Handler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for h in list(root.handlers):
        if isinstance(h, _Handler):
            root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(level)
