"""Tests for the styled letters and forms (donthu.samples.styles.letters) and their text damage."""

from __future__ import annotations

import random
import re

import pytest

from donthu.samples.styles import generate_styled, make_styled
from donthu.samples.styles.base import StyledPetition
from donthu.samples.styles.damage import LEGACY, collapse, damage, flatten, hard_wrap, legacy_map
from donthu.samples.styles.letters import TABLES, WRITERS

KINDS = tuple(WRITERS)
POOLS = ("train", "heldout")
N = 250


def _sample(kind: str, pool: str, n: int = N) -> list[StyledPetition]:
    rng = random.Random(f"test-letters:{kind}:{pool}")
    return [make_styled(rng, pool, kind) for _ in range(n)]


@pytest.fixture(scope="module")
def samples() -> dict[tuple[str, str], list[StyledPetition]]:
    return {(k, p): _sample(k, p) for k in KINDS for p in POOLS}


def _values(pet: StyledPetition) -> list[str]:
    vals = [pet.complainant.get(k) for k in ("name", "address", "id_number", "phone")]
    vals += [pet.respondent, pet.subject, pet.title]
    vals += pet.recipient.split("; ") if pet.recipient else []
    return [v for v in vals if v]


def test_kinds_registered() -> None:
    assert set(KINDS) == {"letter", "open_letter", "group", "representative", "form"}
    assert all(w > 0 for _, w in WRITERS.values())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("pool", POOLS)
def test_every_label_verbatim(samples, kind: str, pool: str) -> None:
    """Every labelled string occurs in the text once whitespace is collapsed (damage included)."""
    for pet in samples[(kind, pool)]:
        text = collapse(pet.text)
        for v in _values(pet):
            assert collapse(v) in text, (v, pet.text)
        assert pet.kind == kind and pet.pool == pool
        assert pet.anonymous == (pet.complainant["name"] is None)
        assert pet.category in pet.contents


@pytest.mark.parametrize("kind", KINDS)
def test_values_are_never_labels(samples, kind: str) -> None:
    """A blank form label is null, never the next label; no value carries a label or a colon."""
    for pool in POOLS:
        for pet in samples[(kind, pool)]:
            for k in ("name", "address", "id_number", "phone"):
                v = pet.complainant[k]
                assert v is None or (":" not in v and not v.endswith(".")), (k, v)


def test_form_blank_labels_are_null(samples) -> None:
    blank_id = blank_phone = 0
    for pool in POOLS:
        for pet in samples[("form", pool)]:
            ids = re.findall(r"\b\d{12}\b", pet.text)
            if pet.complainant["id_number"] is None:
                blank_id += 1
                assert not ids, pet.text  # the CCCD is written only when labelled
            else:
                assert ids == [pet.complainant["id_number"]]
            blank_phone += pet.complainant["phone"] is None
    assert blank_id > 50 and blank_phone > 50


def test_letters_have_no_kinh_gui_and_recipient_only_when_sent(samples) -> None:
    seen = 0
    for pool in POOLS:
        for pet in samples[("letter", pool)]:
            assert not re.search(r"(?im)^\s*(kính gửi|k/gửi)", pet.text)
            if pet.recipient:
                seen += 1
                if pet.notes.get("damage") == "legacy":
                    continue
                sentence = next(
                    s for s in re.split(r"(?<=[.!?:])\s", collapse(pet.text)) if pet.recipient in s
                )
                assert "gửi" in sentence.lower() or "chuyển" in sentence.lower(), sentence
    assert 0.1 * 2 * N < seen < 0.7 * 2 * N


def test_open_letters_join_addressees(samples) -> None:
    several = cc = 0
    for pool in POOLS:
        for pet in samples[("open_letter", pool)]:
            assert pet.recipient and pet.title
            several += "; " in pet.recipient
            cc += bool(re.search(r"(?i)đồng (thời )?(kính )?g[ửở]i", pet.text))
    assert several > 100 and cc > 50


def test_group_count_rule(samples) -> None:
    """A stated number wins over a shorter list; without one, the listed persons are counted."""
    modes = {"list": 0, "stated": 0, "stated_list": 0}
    for pool in POOLS:
        for pet in samples[("group", pool)]:
            mode = pet.notes["mode"]
            modes[mode] += 1
            if pet.notes.get("damage"):  # list items are found by their line starts
                continue
            lines = pet.text.split("\n")
            name = pet.complainant["name"] or "\0"
            first = next((i for i, line in enumerate(lines) if name in line), 0)
            item = re.compile(r"^(?:\d+[.)/-]|-) ")
            listed = next((j for j, line in enumerate(lines[first:]) if not item.match(line)), 0)
            if mode == "list":
                assert pet.signatory_count == listed >= 2
            else:
                assert re.search(rf"\b{pet.signatory_count}\b", pet.text)
                assert mode == "stated" or pet.signatory_count > listed
            if pet.anonymous:
                assert mode == "stated"
    assert min(modes.values()) > 20


def test_representative_names_the_writer(samples) -> None:
    for pool in POOLS:
        for pet in samples[("representative", pool)]:
            name = pet.complainant["name"]
            assert name and pet.text.rstrip().endswith(name)  # the writer signs


def test_null_and_filled_shares(samples) -> None:
    """Each field is sometimes filled and sometimes null (the "only when stated" rules are exercised)."""
    for field in ("recipient", "subject", "petition_date", "respondent"):
        for kind in ("letter", "group", "representative", "form"):
            pets = samples[(kind, "train")] + samples[(kind, "heldout")]
            filled = sum(getattr(p, field) is not None for p in pets) / len(pets)
            if kind == "form" and field == "recipient":
                assert filled == 1.0
            else:
                assert 0.05 < filled < 0.98, (kind, field, filled)


def test_pools_disjoint() -> None:
    train = {s for t in TABLES.values() for s in t["train"]}
    for name, table in TABLES.items():
        assert len(table["train"]) >= 4 and len(table["heldout"]) >= 4, name
        assert not set(table["heldout"]) & train, name


def test_heldout_texts_use_no_train_sentence() -> None:
    tables = ("CLOSE", "GREET", "F_ATTACH")
    fixed = [
        s.format(Toi=t, toi=t.lower())
        for n in tables
        for s in TABLES[n]["train"]
        for t in ("Tôi", "Chúng tôi")
    ]
    # O_TITLE[0], "THƯ NGỎ", is also what a "thư ngỏ" type word gives as a title in any pool
    fixed += TABLES["O_TITLE"]["train"][1:] + TABLES["G_LIST_HEAD"]["train"]
    for pet in generate_styled(300, 5, "heldout", kinds=KINDS):
        for s in fixed:
            assert s not in pet.text, s


def test_deterministic() -> None:
    a = generate_styled(40, 9, "train", kinds=KINDS)
    b = generate_styled(40, 9, "train", kinds=KINDS)
    assert [(p.text, p.truth()) for p in a] == [(p.text, p.truth()) for p in b]
    c = generate_styled(40, 10, "train", kinds=KINDS)
    assert [p.text for p in a] != [p.text for p in c]


def test_damage_shares(samples) -> None:
    seen = {}
    for pets in samples.values():
        for p in pets:
            seen[p.notes.get("damage")] = seen.get(p.notes.get("damage"), 0) + 1
    total = sum(seen.values())
    for kind in ("flat", "wrap", "legacy"):
        assert 0.03 < seen.get(kind, 0) / total < 0.15, seen


def _pet(text: str, name: str) -> StyledPetition:
    return StyledPetition(
        text=text,
        category="to_cao",
        domain="khac",
        contents=["to_cao"],
        complainant={"name": name, "address": None, "id_number": None, "phone": None},
        recipient="Chủ tịch Ủy ban nhân dân huyện Trì Tôn",
        respondent=None,
        subject=None,
        petition_date=None,
        signatory_count=1,
        anonymous=False,
    )


@pytest.mark.parametrize("profile", sorted(LEGACY))
def test_legacy_damage_maps_text_and_labels_alike(profile: str) -> None:
    text = "Kính gửi: Chủ tịch Ủy ban nhân dân huyện Trì Tôn\nTôi là Nguyễn Thị Mỹ Trìều, ở Ô Môn, sống ở đây đã lâu"
    pet = _pet(text, "Nguyễn Thị Mỹ Trìều")
    rng = random.Random(0)
    while True:  # the profile asked for
        out = damage(rng, _pet(text, pet.complainant["name"]), "legacy")
        if out.notes["legacy"] == profile:
            break
    assert out.text != text and out.text == legacy_map(profile, text)
    assert out.complainant["name"] == legacy_map(profile, "Nguyễn Thị Mỹ Trìều")
    assert out.complainant["name"] in out.text and out.recipient in out.text
    assert not re.search(r"[\u0300-\u036f]", out.text)  # no combining marks: NFC cannot merge letters
    if profile == "vni":
        assert "ŕ" in out.text


def test_whitespace_damage_keeps_words() -> None:
    text = (
        "Tôi là Nguyễn Văn An, " + "trú tại thôn Đông, xã Nam Hồng, huyện Đông Anh, " * 6 + "xin trình bày."
    )
    for width in (55, 67, 80):
        wrapped = hard_wrap(text, width)
        assert wrapped.count("\n") >= 3
        assert all(len(line) <= width for line in wrapped.split("\n"))
        assert collapse(wrapped) == collapse(text)
    assert "\n" not in flatten("a\nb\n\nc") and flatten("a\n b") == "a b"
