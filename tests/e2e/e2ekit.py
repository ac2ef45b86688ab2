"""Shared by the end-to-end tests: browser settings, screenshots."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("DONTHU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(
    os.environ.get("DONTHU_SCREENSHOTS", Path(__file__).resolve().parents[2] / "data" / "screenshots")
)
SAVED: list[Path] = []


def shot(page, name: str, **kw) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), **kw)
    SAVED.append(path)
    return path
