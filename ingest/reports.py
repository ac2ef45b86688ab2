"""What a run tells its caller: a report per file, the batch summary, and progress events."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileReport:
    name: str
    # new | resumed | already | failed | previously_failed | skipped (not a document: ingest/provenance.py)
    status: str = "new"
    reason: str | None = None
    warning: str | None = None
    case_ids: list[str] = field(default_factory=list)
    pages: int = 0
    doc_id: int | None = None  # the document row of these bytes, once registration found or made it


@dataclass
class IngestSummary:
    files: list[FileReport] = field(default_factory=list)
    pages_read: int = 0
    seconds: float = 0.0

    @property
    def petitions(self) -> int:
        return sum(len(f.case_ids) for f in self.files)

    @property
    def failures(self) -> list[FileReport]:
        """The files that failed (a skipped file, not a document, is no failure)."""
        return [f for f in self.files if f.status in ("failed", "previously_failed")]

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.files)


class Progress:
    """Receives progress events; the CLI draws a Rich progress bar from them."""

    def add_total(self, pages: int) -> None: ...
    def advance(self, pages: int = 1) -> None: ...
    def message(self, text: str) -> None: ...
