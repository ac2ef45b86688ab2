"""What every stage is handed: the settings and the object store of a run (frozen), a registered file, and the
bookkeeping of one run (which documents were started and which finished, for the outage report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..storage.objects import ObjectStore, make_store
from .errors import ServiceDown
from .reports import FileReport, IngestSummary


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def store_down(exc: BaseException) -> ServiceDown:
    return ServiceDown("store", _why(exc), repr(exc)[:2000])


def database_down(exc: BaseException) -> ServiceDown:
    return ServiceDown("database", _why(getattr(exc, "orig", None) or exc), repr(exc)[:2000])


@dataclass(frozen=True)
class IngestContext:
    """Settings read once and the object store, handed to every stage (picklable settings, no session)."""

    settings: Settings
    store: ObjectStore

    @classmethod
    def create(cls, settings: Settings, store: ObjectStore | None = None) -> IngestContext:
        if store is None:
            try:
                store = make_store(settings)
            except Exception as exc:  # the S3 server down, the store folder not writable
                raise store_down(exc) from exc
        return cls(settings, store)

    @property
    def db_url(self) -> str:
        return self.settings.db_url


@dataclass(frozen=True)
class Registration:
    """A file whose document row exists (new or resumed): what its pages are read from and reported to."""

    doc_id: int
    path: Path
    kind: str  # pdf | jpeg | png | tiff (ingest/filetypes.py)
    sha: str  # SHA-256 of the original: its object key and the Celery task ids
    report: FileReport
    page_count: int
    text_layers: tuple[str | None, ...] = ()  # a PDF page's usable text layer, by page index


@dataclass
class RunState:
    """One run: the files registered so far (an outage midway knows which were started) and those finished."""

    summary: IngestSummary
    pending: dict[int, Registration] = field(default_factory=dict)
    completed: set[int] = field(default_factory=set)
