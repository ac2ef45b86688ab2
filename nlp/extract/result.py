"""What the extractor builds and returns.

:class:`Reading` is one petition being read: the document, then what each step of ``extract_fields`` found;
:class:`Cand` is a value a reader found (with its offsets, confidence and how it was read); :class:`Extraction`
is the result, made from a finished reading by :func:`fields_of`, :func:`spans_of` and :func:`extra_of` (the
confidences come from :mod:`.scoring`).

The field names come from the case contract (``contract.FIELDS``): the export's fields, with the complainant's
identity fields grouped under ``complainant``, and one confidence per field a verifier checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...contract import FIELDS, VERIFIABLE_FIELDS
from ..classify import CategoryResult, DomainResult
from ..minhash import signature
from ..names import repair_surname
from ..options import NlpOptions
from ..validate import IdCheck, PhoneCheck
from .document import Doc, LabelHit, Line, labelled_by_field

# the export's fields, the complainant's identity fields grouped under "complainant" (contract.FIELDS)
FIELD_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys("complainant" if f.identity else f.key for f in FIELDS if f.verifiable)
)
# one confidence per field a verifier checks
CONFIDENCE_KEYS: tuple[str, ...] = VERIFIABLE_FIELDS


@dataclass
class Extraction:
    fields: dict
    confidence: dict
    extra: dict
    spans: dict

    def as_json(self, text: str) -> dict:
        """What ``donthu extract`` prints: the fields, the title, the contents (several for a mixed petition), a
        confidence per field and where in ``text`` each value was read."""
        sources = {k: {"start": a, "end": b, "text": text[a:b]} for k, (a, b) in self.spans.items()}
        return {
            "fields": self.fields,
            "title": self.extra.get("title"),
            "contents": self.extra.get("contents"),
            "confidence": self.confidence,
            "source": sources,
            "extra": self.extra,
        }


@dataclass
class Cand:
    value: str
    start: int
    end: int
    conf: float
    method: str
    extra: dict = field(default_factory=dict)


@dataclass
class Reading:
    """One petition being read: the document, then what each step found, in the order the steps run."""

    text: str
    options: NlpOptions
    doc: Doc
    labelled: dict[str, list[tuple[Line, LabelHit]]]
    # the head: heading.read_heading
    title: Cand | None = None
    date: Cand | None = None
    place: str | None = None
    place_span: tuple[int, int] | None = None
    recipient: Cand | None = None
    recipients: list[str] = field(default_factory=list)
    # a group petition's signer list: complainant.read_signers
    signers: list[tuple[str, int, int]] = field(default_factory=list)
    signers_start: int = 0
    stated: int | None = None  # the group size the text states ("chúng tôi gồm 12 hộ")
    # the complainant: complainant.read_complainant
    name: Cand | None = None
    signed_name: Cand | None = None  # the name printed under the signature
    intro: int | None = None  # where the complainant introduces themselves
    region: tuple[int, int] = (0, 0)  # the part of the text where their identity is written
    anonymous_wording: bool = False
    address: Cand | None = None
    id_number: Cand | None = None
    id_check: IdCheck | None = None
    phone: Cand | None = None
    phone_check: PhoneCheck | None = None
    # the matter: matter.read_matter (the placeholders are replaced there)
    subject: Cand | None = None
    category: CategoryResult = field(default_factory=lambda: CategoryResult(None, 0.0, "none"))
    respondent: Cand | None = None
    domain: DomainResult = field(default_factory=lambda: DomainResult("", 0.0, "default"))
    attachments: list[str] = field(default_factory=list)
    # decisions: complainant.decide_anonymity, count_signatories, check_name; scoring.weigh_quality
    anonymous: bool = False
    anonymous_conf: float = 0.0
    count: int = 1
    count_conf: float = 0.0
    name_check: str | None = None  # does the name under the signature confirm the name read in the body?
    address_current: str | None = None

    @classmethod
    def start(cls, text: str, options: NlpOptions) -> Reading:
        """Normalize and fold the text, blank out the stamp and specks, split the lines, match their labels."""
        doc = Doc(text)
        return cls(text=text, options=options, doc=doc, labelled=labelled_by_field(doc))


def _value(c: Cand | None) -> str | None:
    return c.value if c is not None else None


def fields_of(r: Reading) -> dict:
    """The export's fields (``FIELD_NAMES``)."""
    return {
        "category": r.category.category,
        "domain": r.domain.domain,
        "complainant": {
            "name": None if r.anonymous or r.name is None else repair_surname(r.name.value),
            "address": _value(r.address),
            "id_number": _value(r.id_number),
            "phone": _value(r.phone),
        },
        "recipient": _value(r.recipient),
        "respondent": _value(r.respondent),
        "subject": _value(r.subject),
        "petition_date": _value(r.date),
        "signatory_count": r.count,
        "anonymous": r.anonymous,
    }


def spans_of(r: Reading) -> dict[str, tuple[int, int]]:
    """Where in the caller's text each value was read."""
    spans: dict[str, tuple[int, int]] = {}
    for key, c in (
        ("name", None if r.anonymous else r.name),
        ("address", r.address),
        ("id_number", r.id_number),
        ("phone", r.phone),
        ("recipient", r.recipient),
        ("respondent", r.respondent),
        ("subject", r.subject),
        ("petition_date", r.date),
        ("category", r.title if r.category.source.startswith("title") else None),
    ):
        if c is not None:
            spans[key] = r.doc.span(c.start, c.end)
    real = [x for x in r.signers if x[0]]
    if len(real) >= 2:
        spans["signatory_count"] = r.doc.span(real[0][1], real[-1][2])
    return spans


def methods_of(r: Reading) -> dict[str, str]:
    """How each value was read (``rule+model``: two signals agree; ``model``; ``rule``; the category's and domain's
    source): the calibration is fitted per method where it has enough examples."""
    out = {"category": r.category.source, "domain": r.domain.source}
    for key, c in (
        ("name", r.name),
        ("address", r.address),
        ("recipient", r.recipient),
        ("respondent", r.respondent),
        ("subject", r.subject),
    ):
        if c is not None:
            out[key] = c.method
    return out


def extra_of(r: Reading) -> dict[str, object]:
    """Normalized values (digits, ID type, place, current unit ...) and what the readers saw on the way."""
    id_chk, phone_chk = r.id_check, r.phone_check
    extra: dict[str, object] = {
        "id_digits": id_chk.digits if id_chk is not None else None,
        "id_type": id_chk.id_type if id_chk is not None else None,
        "id_valid": id_chk.valid if id_chk is not None else None,
        "phone_digits": phone_chk.digits if phone_chk is not None else None,
        "phone_valid": phone_chk.valid if phone_chk is not None else None,
        "place": r.place,
        "address_current": r.address_current,
        "signers": [s[0] for s in r.signers if s[0]],
        "attachments": r.attachments,
        "title": r.title.value if r.title else None,
        "recipients": r.recipients,
        "category_source": r.category.source,
        "contents": r.category.contents or ([r.category.category] if r.category.category else []),
        "methods": methods_of(r),
        "name_check": r.name_check,
        "domain_scores": r.domain.scores,
        "stamps": [r.doc.span(s, e) for s, e in r.doc.stamps],
        "minhash": signature(r.text or ""),  # content signature for duplicate search (nlp.duplicates)
    }
    if r.place_span:
        extra["place_span"] = r.doc.span(*r.place_span)
    return extra
