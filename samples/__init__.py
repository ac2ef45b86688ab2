"""Synthetic Vietnamese petitions (đơn thư) for tests and demos.

``make_petition`` builds a petition's text (one string per page, the way a perfect OCR would read it) together
with the ground truth of the fields the NLP stage extracts. ``render_page`` draws one page as a scanned A4 image
under a scan *profile* (clean, office, photocopy, lowres, upside, sideways, stamp, blank), with the signer's
marks it asks for (:mod:`.marks`: a scribble by default, none, a fingerprint, both; in colour ink).
``write_document``, ``write_text_pdf`` and ``write_samples`` put pages into PDF / JPEG / PNG / TIFF files with a
``truth.jsonl``.

Everything is deterministic for a given seed / ``random.Random`` state. Nothing here reads project data.

Truth conventions: text values are NFC and exactly as written in the page text (once line breaks are turned
into spaces); ``complainant["phone"]`` is digits only (pages may show "0912 345 678" or "0912.345.678");
``id_number`` is digits (12 for CCCD, 9 for old CMND); ``petition_date`` is ISO; ``place`` is the text before
", ngày" in the date line. ``render_page`` finds the layout (motto, date, title, signature block...) from the
text itself, so it also draws any petition-like text.

The package: :mod:`.people` (names, ID numbers, addresses, the parties), :mod:`.matters` (what petitions are about
and the wording per category), :mod:`.petition` (``make_petition`` as a list of named steps), :mod:`.render`
(scan profiles, fonts, image and PDF writers), :mod:`.files` (``write_samples``).
"""

from ..contract import CATEGORIES, DOMAINS
from .files import write_samples
from .marks import INKS, SIGNATURES
from .petition import FORMS, LINES_PER_PAGE, SamplePetition, make_petition
from .render import PROFILES, available_fonts, render_page, write_document, write_text_pdf

__all__ = [
    "CATEGORIES",
    "DOMAINS",
    "FORMS",
    "INKS",
    "LINES_PER_PAGE",
    "PROFILES",
    "SIGNATURES",
    "SamplePetition",
    "available_fonts",
    "make_petition",
    "render_page",
    "write_document",
    "write_samples",
    "write_text_pdf",
]
