"""Duplicate detection: MinHash signatures (nlp.minhash) and rescan/repeat links of new cases."""

from __future__ import annotations

from petition_texts import FORM_KHIEU_NAI, PROSE_TO_CAO

from donthu.nlp.extract import extract_fields


def test_minhash_signature_of_a_rescan_is_close():
    from donthu.nlp.minhash import jaccard, signature

    a = signature(FORM_KHIEU_NAI)
    assert len(a) == 64 and a == extract_fields(FORM_KHIEU_NAI).extra["minhash"]
    rescan = FORM_KHIEU_NAI.replace("bồi thường", "bồi thưòng").replace("Nhung", "Nhuug", 1)
    assert jaccard(a, signature(rescan)) >= 0.7
    assert jaccard(a, signature(PROSE_TO_CAO)) < 0.2
    assert signature("") == []


def _db():
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from donthu.storage.models import Base

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    return Session(engine)


def _add_case(db, n: int, text: str):
    from donthu.ingest.stages import make_case
    from donthu.storage.models import Document

    doc = Document(sha256=f"{n:064d}", original_name=f"scan{n}.pdf", size=1, object_key=f"k{n}")
    db.add(doc)
    db.flush()
    return make_case(db, doc, [1], text)


def test_rescan_links_but_a_template_copy_by_someone_else_does_not():
    with _db() as db:
        first = _add_case(db, 1, FORM_KHIEU_NAI)
        _add_case(db, 2, PROSE_TO_CAO)
        rescan = FORM_KHIEU_NAI.replace("bồi thường", "bồi thưòng").replace(
            "Ngày 20/3", "ĐẾN Số: 88\nNgày 20/3"
        )
        again = _add_case(db, 3, rescan)
        assert again.duplicate_of == first.case_id
        # the same template filled in by another person, about another decision
        other = (
            FORM_KHIEU_NAI.replace("Lê Thị Hồng Nhung", "Trần Văn Hải")
            .replace("079175001234", "079080004321")
            .replace("1234/QĐ", "5678/QĐ")
            .replace("0909 123 456", "0988 765 432")
            .replace(
                "45/12 đường Lã Xuân Oai, phường Tăng Nhơn Phú A", "12 đường Lê Văn Việt, phường Hiệp Phú"
            )
            .replace("20/3/2023", "02/4/2023")
            .replace("120 m²", "75 m²")
        )
        assert _add_case(db, 4, other).duplicate_of is None
        # the same person again about the same matter, written anew
        repeat = PROSE_TO_CAO.replace(
            "Bình Chánh, ngày 3 tháng 11 năm 2022", "Bình Chánh, ngày 9 tháng 1 năm 2023"
        )
        repeat = repeat.replace("Cụ thể, tháng 8 năm 2022", "Đến nay đã hơn hai tháng, tháng 8 năm 2022")
        assert _add_case(db, 5, repeat).duplicate_of is not None
