"""The identity rule as SQL agrees with may_see_identity; same person and duplicate groups; saved searches;
PostgreSQL's unaccent folds as the Python fold does."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select, text

from donthu.config import get_settings
from donthu.privacy.policy import HIDDEN, identity_visibility, may_see_identity
from donthu.search.person import duplicate_group, same_person
from donthu.search.saved import SavedSearchError, delete_saved, list_saved, save
from donthu.storage.search_index import fold, hidden_condition, identity_condition, search_docs


def test_identity_sql_agrees_with_the_policy(db, make_case, person) -> None:
    cases = []
    for category, unit in itertools.product(("khieu_nai", "to_cao"), (None, "", "T.BTCD", "T.P1")):
        c = make_case(category=category, subject=f"{category} {unit}")
        c.identity_unit = unit
        cases.append(c)
    db.flush()
    assert {c.identity_protected for c in cases} == {True, False}
    users = [
        person("reception"),
        person("archivist", None),
        person("verifier"),
        person("verifier", "T.P1"),
        person("verifier", None),
        person("supervisor", "T.P2"),
        person("admin", "T.P1"),
        "verifier",
        "reception",
        None,
    ]
    for user in users:
        rule = identity_visibility(user)
        got = set(db.scalars(select(search_docs.c.case_pk).where(identity_condition(rule))))
        want = {c.id for c in cases if may_see_identity(user, c)}
        assert got == want, (user, rule)
        hidden = set(db.scalars(select(search_docs.c.case_pk).where(hidden_condition(rule))))
        assert hidden == {c.id for c in cases} - want, (user, rule)  # the exact complement


def test_same_person_and_duplicate_group(db, make_case, person) -> None:
    a1 = make_case(name="Nguyễn Văn A", id_number="001190012345", address="số 5 ngõ 3, xã Đa Tốn")
    a2 = make_case(name="Nguyen Van A", id_number="001 190 012 345", address="phường Một")  # same ID
    a3 = make_case(name="NGUYỄN VĂN A", address="Số 5, ngõ 3 xã Đa Tốn")  # same name and address, folded
    make_case(name="Nguyễn Văn A", address="thôn Đông")  # a namesake elsewhere: not the same person
    p = make_case(category="to_cao", name="Nguyễn Văn A", id_number="001190012345", subject="bảo kê chợ")
    cleared, clerk = person("verifier"), person("reception")
    got = {r["case_id"]: r["match"] for r in same_person(db, cleared, get_settings(), a1)}
    assert got == {a2.case_id: "id_number", a3.case_id: "name_address", p.case_id: "id_number"}
    got = {r["case_id"] for r in same_person(db, clerk, get_settings(), a1)}
    assert got == {a2.case_id, a3.case_id}  # the protected one is never matched for the clerk
    assert same_person(db, clerk, get_settings(), p) == []  # nor can the clerk start from it
    assert same_person(db, person("verifier", "T.P1"), get_settings(), a1) == []  # another unit's cases

    c1 = make_case(subject="cấp sổ đỏ", name="Bùi Thị Lan")
    c2 = make_case(subject="cấp sổ đỏ lần 2", name="Bùi Thị Lan", duplicate_of=c1.case_id)
    c3 = make_case(subject="cấp sổ đỏ lần 3", name="Bùi Thị Lan", duplicate_of=c2.case_id)
    c4 = make_case(
        category="to_cao", subject="cấp sổ đỏ, tố cáo cán bộ", name="Bùi Thị Lan", duplicate_of=c1.case_id
    )
    group = duplicate_group(db, cleared, get_settings(), c3)
    assert [r["case_id"] for r in group] == [c1.case_id, c2.case_id, c3.case_id, c4.case_id]
    assert [r["this"] for r in group] == [False, False, True, False]
    assert group[1]["duplicate_of"] == c1.case_id and group[3]["name"] == "Bùi Thị Lan"
    assert {"subject", "received_at", "status", "category", "address", "summary"} <= set(group[0])
    group = duplicate_group(db, clerk, get_settings(), c3)
    assert [r["case_id"] for r in group] == [c1.case_id, c2.case_id, c3.case_id]  # the tố cáo stays out
    alone = duplicate_group(db, clerk, get_settings(), c4)
    assert [r["case_id"] for r in alone] == [c4.case_id] and alone[0]["name"] == HIDDEN
    assert alone[0]["identity_hidden"] and "Bùi" not in str(alone[0])


def test_saved_searches_are_each_users_own(db, person) -> None:
    ana, ben = person("verifier", name="ana"), person("supervisor", name="ben")
    params = {"q": "nguyen van a", "filters": {"category": "khieu_nai", "overdue": True}}
    first = save(db, ana, "  Đất đai   quý 1 ", params)
    assert save(db, ben, "Đất đai quý 1", {"q": "x"}) != first  # the same name, another user
    assert [(s["name"], s["params"]) for s in list_saved(db, ana)] == [("Đất đai quý 1", params)]
    assert save(db, ana, "Đất đai quý 1", {"q": "khác"}) == first  # the same name replaces
    assert list_saved(db, ana)[0]["params"] == {"q": "khác"}
    assert delete_saved(db, ben, first) is False and len(list_saved(db, ana)) == 1
    assert delete_saved(db, ana, first) is True and list_saved(db, ana) == []
    assert [s["name"] for s in list_saved(db, ben)] == ["Đất đai quý 1"]
    with pytest.raises(SavedSearchError):
        save(db, ana, "   ", params)
    with pytest.raises(SavedSearchError):
        save(db, ana, "dài", {"q": "x" * 5000})


def test_postgres_unaccent_folds_like_python(db, db_url) -> None:
    """Folding is done in Python for both backends (one tokenizer, positions kept for highlighting); on
    PostgreSQL lower(unaccent()) agrees with it on the Vietnamese alphabet, so SQL written with unaccent finds
    the same words."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
    sample = letters + letters.upper() + " Nguyễn Văn Đặng Ủy ban"
    assert db.scalar(text("SELECT lower(unaccent(:s))"), {"s": sample}) == fold(sample)
