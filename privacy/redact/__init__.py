"""Redacted copies of a denunciation's pages: the complainant's identity and the signature block masked.

Luật Tố cáo 2018 art. 8(3), 47 and 56(2): before a denunciation is handed on, the name, address, handwriting
(bút tích) and other personal data of the person who denounces are removed from the petition and its attachments.
This module is pure (no database, no web): it takes a page's OCR words (``[text, left, top, width, height, conf,
block, par, line]`` in the page image's pixels), its JPEG and its text, and the identity values of the case, and
returns the boxes to mask, the masked JPEG and the text with the values replaced by ``[đã lược bỏ]``.

It fails closed: besides every occurrence of the known values (folded, tolerant to OCR errors), it masks
- the value after identity labels ("Tôi tên là", "Họ và tên", "Địa chỉ", "Số CCCD", "Điện thoại", ...) to the
  end of the line (the intro sentence "Tôi tên là ..." to its end), in case extraction missed the value;
- any 9-12 digit number near CCCD/CMND/căn cước/điện thoại/ĐT/SĐT words, and phone- or CCCD-shaped numbers
  anywhere;
- the signature block on the last page: from the closing label ("Người tố cáo", "(Ký, ghi rõ họ tên)", ...)
  down to the last line of its column and the ink of the signature below it, across the column; without a
  label, the bottom-right block after the last dated line.

The package, in the order a page goes through it: :mod:`.model` (IdentityValues, Box, RedactedPage),
:mod:`.tokens` (words and lines, folded), :mod:`.matching` (the known values, numbers), :mod:`.labels`
(labelled values), :mod:`.signature` (the signature block, lists of signers), :mod:`.engine`
(``find_identity_boxes``), :mod:`.text` (``redact_text``), :mod:`.image` (``redact_image``, ``redact_page``).
"""

from .engine import find_identity_boxes
from .image import redact_image, redact_page
from .model import PAD, REASONS, REDACTED, Box, IdentityValues, RedactedPage
from .text import redact_text

__all__ = [
    "PAD",
    "REASONS",
    "REDACTED",
    "Box",
    "IdentityValues",
    "RedactedPage",
    "find_identity_boxes",
    "redact_image",
    "redact_page",
    "redact_text",
]
