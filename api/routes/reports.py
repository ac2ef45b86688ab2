"""Issue 14 routes (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
