"""What every style writer returns, and the pools."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

POOLS = ("train", "heldout")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@dataclass
class StyledPetition:
    """A petition text and its truth (the keys of ``models/real_eval/labels.jsonl``)."""

    text: str
    category: str  # by content (TT 05/2021 art. 6(1)), never by the title
    domain: str
    contents: list[str]  # several for a mixed petition; [category] otherwise
    complainant: dict  # name, address, id_number, phone (None when absent)
    recipient: str | None
    respondent: str | None
    subject: str | None
    petition_date: str | None  # ISO
    signatory_count: int
    anonymous: bool
    title: str | None = None  # the petition's own title as written
    kind: str = ""
    pool: str = ""
    notes: dict = field(default_factory=dict)  # free, for debugging the generator

    def normalized(self) -> StyledPetition:
        """NFC everywhere; every labelled value must occur verbatim in the text (whitespace collapsed)."""
        self.text = nfc(self.text)
        for k in ("recipient", "respondent", "subject", "title"):
            v = getattr(self, k)
            if v is not None:
                setattr(self, k, nfc(v))
        self.complainant = {k: (nfc(v) if isinstance(v, str) else v) for k, v in self.complainant.items()}
        return self

    def truth(self) -> dict:
        d = asdict(self)
        d.pop("text")
        d.pop("notes")
        return d


# a writer makes one petition of its kind from the pool's wordings; WRITERS maps kind -> (writer, weight)
Writer = Callable[[random.Random, str], StyledPetition]


def pick(rng: random.Random, table: dict[str, list], pool: str):
    """One entry of a pooled table ``{"train": [...], "heldout": [...]}``."""
    return rng.choice(table[pool])
