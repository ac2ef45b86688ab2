"""How the extractor runs, decided once by the caller and handed down (no module switches).

The defaults are the production behaviour: the shipped trained classifier (``models/textcat``) and the fitted
confidence calibration (``models/calibration.json``) are used when present. Switching them off is for measuring
and fitting (``models/fit_calibration.py`` reads raw scores) and for tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["DomainModel", "NlpOptions", "DEFAULT_OPTIONS"]


class DomainModel(Protocol):
    def predict_proba(self, regions: dict[str, str]) -> dict[str, float]:
        """Probability per domain code, given texts per region (``subject``, ``title``, ``body`` ...)."""
        ...


@dataclass(frozen=True)
class NlpOptions:
    trained_model: bool = True  # use the shipped category/domain classifier when it is installed
    calibration: bool = True  # map raw confidence scores through the fitted maps (False: raw scores)
    span_model: bool = True  # combine the rules' free-text fields with the trained span model (models/spans)
    domain_model: DomainModel | None = None  # a plugged-in domain model instead of the shipped one


DEFAULT_OPTIONS = NlpOptions()
