"""Letters (DOCX from admin-editable templates, PDF through LibreOffice)."""

from .kinds import LETTER_KINDS, LetterKind, kinds_for, series_for
from .render import (
    NO_LIBREOFFICE,
    LetterContext,
    LetterError,
    check_template,
    context_names,
    date_text,
    export_templates,
    find_soffice,
    render_docx,
    template_path,
    template_placeholders,
    to_pdf,
)

__all__ = [
    "LETTER_KINDS",
    "NO_LIBREOFFICE",
    "LetterContext",
    "LetterError",
    "LetterKind",
    "check_template",
    "context_names",
    "date_text",
    "export_templates",
    "find_soffice",
    "kinds_for",
    "render_docx",
    "series_for",
    "template_path",
    "template_placeholders",
    "to_pdf",
]
