"""Learning from the agency's own verified cases (``donthu models retrain``): the category/domain classifier and
the confidence calibration refitted, measured before/after on a held-out share, and kept only when not worse.

Rung 4 of the layering (ARCHITECTURE.md): it reads cases from ``storage`` and refits with ``nlp.learn``.
Public entry: ``retrain(settings, RetrainOptions(...))`` → the report; ``format_report(report)`` → a table.
"""

from .report import format_report
from .run import DEFAULT_SEED, REPORT_NAME, RetrainOptions, RetrainRefused, retrain

__all__ = ["DEFAULT_SEED", "REPORT_NAME", "RetrainOptions", "RetrainRefused", "format_report", "retrain"]
