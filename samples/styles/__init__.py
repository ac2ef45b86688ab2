"""Petitions written the way real ones are (issue 12): newspaper accounts, legal questions, portal reports,
open letters, first-person letters without a "Kính gửi" line, group and representative petitions, forms
half filled, titles that disagree with the content, several contents in one text.

``generate_styled(n, seed, pool)`` returns :class:`StyledPetition` objects: the text and its truth, labelled
with the conventions of the real-petition evaluation set (``models/real_eval/README.md``): category by content,
recipient only when the text says where the petition went, subject only where the petition states its matter,
values exactly as written.

Every wording lives in two disjoint **pools**: ``"train"`` (used to train and fit the models) and
``"heldout"`` (used only to measure them). A phrase, template or narrative sentence is in one pool only, so
held-out figures measure wordings the models never saw. The patterns come from ``models/real_eval/catalogue.md``
and are written in the project's own words; no third-party text is reproduced.

The package: :mod:`.content` (what each category and domain of grievance says, per pool), :mod:`.news`
(newspaper accounts, legal questions, portal reports), :mod:`.letters` (letters and forms written by the
citizen), :mod:`.base` (the shared dataclass, pools and helpers).
"""

from __future__ import annotations

import random

from .base import POOLS, StyledPetition, Writer
from .letters import WRITERS as _LETTER_WRITERS
from .news import WRITERS as _NEWS_WRITERS

__all__ = ["POOLS", "KINDS", "StyledPetition", "generate_styled", "make_styled"]

_WRITERS: dict[str, tuple[Writer, float]] = {**_NEWS_WRITERS, **_LETTER_WRITERS}
KINDS: tuple[str, ...] = tuple(_WRITERS)
# how often each kind is drawn: close to what the catalogue counted among published petitions (newspaper accounts
# first), with filled forms and letters kept frequent because desks scan those
MIX: dict[str, float] = {
    "news": 3.0,
    "qa": 1.5,
    "portal": 1.5,
    "letter": 1.5,
    "open_letter": 1.0,
    "group": 1.0,
    "representative": 1.0,
    "form": 2.0,
}


def make_styled(rng: random.Random, pool: str, kind: str | None = None) -> StyledPetition:
    """One petition of ``kind`` (drawn by weight when None) with wordings from ``pool`` only."""
    if pool not in POOLS:
        raise ValueError(f"unknown pool {pool!r}")
    if kind is None:
        kind = rng.choices(KINDS, [MIX.get(k, w) for k, (_, w) in _WRITERS.items()])[0]
    writer, _ = _WRITERS[kind]
    pet = writer(rng, pool)
    pet.kind = kind
    pet.pool = pool
    return pet.normalized()


def generate_styled(
    n: int, seed: int, pool: str, kinds: tuple[str, ...] | None = None
) -> list[StyledPetition]:
    """``n`` petitions, deterministic for ``seed``; ``kinds`` restricts the styles drawn."""
    rng = random.Random(f"styled:{pool}:{seed}")
    return [make_styled(rng, pool, rng.choice(kinds) if kinds else None) for _ in range(n)]
