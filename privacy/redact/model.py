"""What the redaction engine takes and gives: the identity values of a case, the boxes to mask, a redacted page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..policy import REDACTED

__all__ = ["PAD", "REASONS", "REDACTED", "Box", "IdentityValues", "RedactedPage"]

REASONS = ("name", "address", "id_number", "phone", "signature", "signer")
PAD = 4  # pixels added around every masked box


class Box(NamedTuple):
    left: int
    top: int
    width: int
    height: int
    reason: str


@dataclass(frozen=True)
class IdentityValues:
    """The identity of a case's complainant: what must not be seen on a redacted copy."""

    name: str | None = None
    address: str | None = None
    id_number: str | None = None
    phone: str | None = None
    others: tuple[str, ...] = ()  # other people who signed (group petitions): extra["signers"]
    addresses: tuple[str, ...] = ()  # further addresses of the complainant (extra["address_current"])

    @classmethod
    def from_case(
        cls,
        name: str | None,
        address: str | None,
        id_number: str | None,
        phone: str | None,
        extra: dict | None = None,
    ) -> IdentityValues:
        extra = extra or {}
        signers = []
        for s in extra.get("signers") or []:
            s = s.get("name") if isinstance(s, dict) else s
            if isinstance(s, str) and s.strip():
                signers.append(s)
        more = [a for a in [extra.get("address_current")] if isinstance(a, str) and a.strip()]
        return cls(
            name=name,
            address=address,
            id_number=id_number or extra.get("id_digits"),
            phone=phone or extra.get("phone_digits"),
            others=tuple(signers),
            addresses=tuple(more),
        )


@dataclass
class RedactedPage:
    image: bytes
    text: str
    boxes: list[Box]
