"""/luu-tru: the archivist's pages (issue 15): upload a zipped box with its manifest, follow each batch's progress,
draw a quality-control sample, see the batch's estimated accuracy and decision, export a box."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
