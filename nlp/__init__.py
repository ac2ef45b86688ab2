"""The NLP stage: the fields of a petition read from its text.

Public entry: ``extract_fields(text, NlpOptions())`` → :class:`Extraction` (fields, confidence, extra, spans).
"""

from .extract import Extraction, extract_fields
from .options import NlpOptions

__all__ = ["Extraction", "NlpOptions", "extract_fields"]
