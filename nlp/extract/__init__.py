"""Field extraction from the OCR text of one petition.

``extract_fields(text)`` returns an :class:`Extraction` holding the export contract's fields
(``contract.FIELDS``), a confidence per field, normalized extras and the character span in ``text`` each value
was read from.

How it works:

* The text is NFC-normalized with an offset map back to the input, and *folded* (lower case, no diacritics,
  one character per character) so regular expressions and fuzzy label matching run on text where OCR tone
  errors (``KÉ`` for ``KẾ``) do not matter, while values are cut from the normalized text at the same offsets.
* A reception stamp (``ĐẾN Số: 123 Ngày: ...``, ``CÔNG VĂN ĐẾN`` blocks) and OCR specks (``_._.``, ``|``) are
  blanked out (same length, so offsets stay valid).
* Labelled lines are recognised by :mod:`.labels` (exact, folded, fuzzy or keyword-rule label match; a label
  behind stamp debris is found from the words before the colon). A value runs to the end of its line and
  continues on the next lines when the line was wrapped (it is close to the page's text width or ends with a
  comma or a connecting word) and the next line is not a label, a heading, a bullet, a signature cue or the start
  of a new sentence; the empty lines Tesseract puts inside paragraphs are skipped.
* Prose (``Tôi tên là X, sinh năm ..., hiện cư trú tại ..., số CCCD ...``) is read with anchor patterns (exact
  on folded text, then fuzzy word windows for OCR-damaged anchors); the name is the run of capitalised
  Vietnamese syllables (stop words such as ``sinh năm``; underthesea NER settles long runs); the address runs
  over comma-separated parts while they look like address parts.
* Subject, recipient and respondent come from their labels, ``(V/v: ...)``, ``Kính gửi`` (or, when the stamp
  destroyed it, the authority named between the title and the complainant), and prose constructs (``làm đơn
  này tố cáo về việc X``, ``... của <cơ quan/ông/bà> Y``, ``Y ban hành Quyết định``, appositives ``Bà X,
  công chức ..., đã ...``).
* Validators (CCCD province code and century digit, CMND length, Vietnamese phone plans, calendar dates) and
  the share of real Vietnamese syllables (Viet74K) in a value decide confidence and the ``extra`` values.

The package: :mod:`.document` (the text as lines with labels), :mod:`.readers` (names, numbers, addresses),
:mod:`.heading` (title, date, recipient), :mod:`.complainant` (name, signers, identity), :mod:`.matter` (subject,
respondent, category and domain), :mod:`.scoring` (confidence and calibration), :mod:`.result` (the reading
and the result), :mod:`.vocab` (word lists).
"""

from __future__ import annotations

from ..options import DEFAULT_OPTIONS, NlpOptions
from .complainant import check_name, count_signatories, decide_anonymity, read_complainant, read_signers
from .heading import read_heading
from .learned import apply_span_model
from .matter import read_matter
from .result import CONFIDENCE_KEYS, FIELD_NAMES, Extraction, Reading, extra_of, fields_of, spans_of
from .scoring import confidence_of, weigh_quality

__all__ = ["CONFIDENCE_KEYS", "Extraction", "FIELD_NAMES", "NlpOptions", "extract_fields", "read_by_rules"]


def read_by_rules(text: str, options: NlpOptions = DEFAULT_OPTIONS) -> Reading:
    """The rule steps: what the span model is combined with (and, at training time, given as features)."""
    r = Reading.start(text, options)  # normalized, folded, stamp blanked out, lines and their labels
    read_heading(r)  # title, date and place, recipients
    read_signers(r)  # a group petition's signer list
    read_complainant(r)  # name, where the identity is written, address, ID and phone there
    read_matter(r)  # subject, category, respondent, domain, attachments
    return r


def extract_fields(text: str, options: NlpOptions = DEFAULT_OPTIONS) -> Extraction:
    """The fields of one petition's text, each with a confidence and the span it was read from."""
    r = read_by_rules(text, options)
    apply_span_model(r)  # the trained span model confirms, corrects or fills the free-text fields
    decide_anonymity(r)
    count_signatories(r)
    check_name(r)  # against the name under the signature
    weigh_quality(r)  # OCR damage lowers confidence; the address's current unit
    return Extraction(fields=fields_of(r), confidence=confidence_of(r), extra=extra_of(r), spans=spans_of(r))
