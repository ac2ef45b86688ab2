"""Calibrated field confidence: raw scores of the extractor mapped to the probability that the value is right.

``models/fit_calibration.py`` runs the extractor on petitions the project generates itself (with simulated OCR
noise, reception stamps and missing titles) and fits, per field, an isotonic (monotone, pool-adjacent-violators)
map from the raw score to the share of right values, stored in ``models/calibration.json`` as breakpoints. The map
is applied here by linear interpolation between breakpoints. Without the file the raw scores are used as they
are.
"""

from __future__ import annotations

import bisect
import json
from functools import lru_cache

from ..lang.lexicon import CALIBRATION_PATH, calibration_path

__all__ = ["CALIBRATION_PATH", "calibrate", "load", "map_key", "method_key"]


@lru_cache(maxsize=1)
def load() -> dict[str, tuple[list[float], list[float]]]:
    try:
        data = json.loads(calibration_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {f: (list(m["x"]), list(m["y"])) for f, m in data.get("fields", {}).items()}


def map_key(field: str, present: bool = True) -> str:
    """Maps are fitted separately for a value read (``name``) and for a field found absent (``name:absent``)."""
    return field if present else field + ":absent"


def method_key(field: str, present: bool, method: str) -> str:
    """The map of a value read in one way (``respondent@rule+model``, ``category@title+model``)."""
    return map_key(field, present) + "@" + method


def calibrate(field: str, raw: float, present: bool = True, method: str | None = None) -> float:
    """Calibrated confidence of a field's raw score (the raw score when no map is fitted).

    A map fitted for the way the value was read (``name:absent``, ``name@rule+model``) is used when there is one,
    else the field's map. Whether to calibrate at all is the caller's choice (``NlpOptions.calibration``)."""
    maps = load()
    m = (maps.get(method_key(field, present, method)) if method else None) or maps.get(
        map_key(field, present)
    )
    if not m:
        return raw
    xs, ys = m
    if raw <= xs[0]:
        return round(ys[0], 3)
    if raw >= xs[-1]:
        return round(ys[-1], 3)
    i = bisect.bisect_right(xs, raw)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    if x1 == x0:
        return round(y1, 3)
    return round(y0 + (y1 - y0) * (raw - x0) / (x1 - x0), 3)
