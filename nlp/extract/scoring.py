"""How sure the extractor is of each field.

Each reader gives its value a raw confidence (how it was found: label, prose, pattern). Here those are lowered
for OCR damage (:func:`weigh_quality`: the share of real Vietnamese syllables, debris characters, an address's
shape), and :func:`confidence_of` gives every field a confidence, for a field found absent too, mapped
through the fitted calibration (:mod:`..calibrate`) unless ``NlpOptions.calibration`` is off.
"""

from __future__ import annotations

import re

from ..address import current_unit
from ..calibrate import calibrate
from .readers import text_quality
from .result import Cand, Reading, methods_of


def weigh_quality(r: Reading) -> None:
    """Lower the confidence of free-text values OCR damaged; read the address's current administrative unit."""
    # OCR quality of free-text values: real Vietnamese syllables, no debris characters
    for c in (r.address, r.recipient, r.respondent, r.subject):
        if c is not None:
            c.conf *= 0.45 + 0.55 * text_quality(c.value)
    address = r.address
    if address is not None:
        # an address names its units in comma-separated parts; stamp debris glues hyphens to words ("Ấp -xã-Tha")
        parts = [p for p in address.value.split(",") if p.strip()]
        if len(parts) < 2:
            address.conf *= 0.8
        if re.search(r"(?:^|\s)-\w|\w-(?:\s|$)", address.value):
            address.conf *= 0.7
    r.address_current = current_unit(address.value) if address is not None else None
    if address is not None and r.address_current:
        address.conf = min(1.0, address.conf + 0.05)


SPAN_FIELDS = ("name", "address", "recipient", "respondent", "subject")
SINGLE_SIGNAL_CAP = 0.85
INVALID_CAP = 0.5


def _conf(c: Cand | None, missing: float) -> float:
    """Confidence of a value read, or that the field is really absent when nothing was read."""
    return round(min(1.0, c.conf), 3) if c is not None else round(missing, 3)


def confidence_of(r: Reading) -> dict[str, float]:
    """One confidence per field (``CONFIDENCE_KEYS``), calibrated when the options say so."""
    name = None if r.anonymous else r.name
    absent = 0.8 if r.anonymous else 0.3  # an anonymous petition has no identity to miss
    confidence = {
        "category": r.category.confidence,
        "domain": r.domain.confidence,
        "name": _conf(name, r.anonymous_conf * 0.8),
        "address": _conf(r.address, absent),
        "id_number": _conf(r.id_number, absent),
        "phone": _conf(r.phone, absent),
        "recipient": _conf(r.recipient, 0.2),
        "respondent": _conf(r.respondent, 0.6 if r.category.category == "kien_nghi" else 0.25),
        "subject": _conf(r.subject, 0.2),
        "petition_date": _conf(r.date, 0.3),
        "signatory_count": round(r.count_conf, 3),
        "anonymous": round(r.anonymous_conf, 3),
    }
    if not r.options.calibration:
        return confidence
    # calibrated per field, separately for a value read and for a field found absent
    present = {
        "category": r.category.category is not None,
        "name": name is not None,
        "address": r.address is not None,
        "id_number": r.id_number is not None,
        "phone": r.phone is not None,
        "recipient": r.recipient is not None,
        "respondent": r.respondent is not None,
        "subject": r.subject is not None,
        "petition_date": r.date is not None,
    }
    methods = methods_of(r)
    out = {
        k: calibrate(k, v, present.get(k, True), methods.get(k) if present.get(k, True) else None)
        for k, v in confidence.items()
    }
    # "green" (>= 0.9) needs two independent signals: a free-text value that only the rules or only the model
    # read is shown for review, however sure that one signal is
    for k in SPAN_FIELDS:
        if present.get(k) and methods.get(k) in ("model", "rule"):
            out[k] = min(out[k], SINGLE_SIGNAL_CAP)
    # a number its validator rejects (CCCD province code or century digit, phone plan) is shown for review
    if r.id_check is not None and r.id_check.valid is False:
        out["id_number"] = min(out["id_number"], INVALID_CAP)
    if r.phone_check is not None and r.phone_check.valid is False:
        out["phone"] = min(out["phone"], INVALID_CAP)
    # a signer count is sure when a signer list and the number the text states agree, or the writer says they
    # are anonymous; one writer read from the text may still write for a group
    listed = len([x for x in r.signers if x[0]]) >= 2 and r.stated == r.count
    if not (listed or (r.anonymous and r.anonymous_wording)):
        out["signatory_count"] = min(out["signatory_count"], SINGLE_SIGNAL_CAP)
    return out
