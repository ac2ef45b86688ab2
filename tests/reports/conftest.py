"""Fixtures of the report-form tests (helpers in reportkit.py): the sample agency tree and the clock that dates
the handling events."""

from __future__ import annotations

from pathlib import Path

import pytest

from donthu.config import reset_settings
from donthu.handling import events as handling_events

from .reportkit import UNITS, Clock


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(handling_events, "utcnow", c)
    return c


@pytest.fixture()
def units_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
