"""Sampled quality control of an archive batch (archive/qc.py): the sample drawn from the lot, verified in the
station's way (corrections through ``repo.set_case_field``, confirmations as unchanged history rows, approval by
``api.verification.approve_archive``), the estimate and the decision, the routing for full verification, the
retrain hook, and ``donthu archive plan|sample|route|report``.

The batches are seeded in the database directly: historical cases as the archive import leaves them (status
``archived``, the batch and box, the extractor's confidences)."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from donthu.api.verification import approve_archive
from donthu.archive import qc
from donthu.archive.sampling import plan
from donthu.cli import app
from donthu.contract import VERIFIABLE_FIELDS
from donthu.retrain.cases import load_verified
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import ArchiveBatch, AuditLog, Case, CaseHistory, Document

ARCHIVIST = "luutru1"
RECEIVED = dt.datetime(2023, 5, 3, 17, 0, tzinfo=dt.UTC)  # 4 May 2023, local midnight


def seed_batch(db: Session, n: int, *, name: str = "Hộp 01", confidence: float = 0.95, **kw: Any) -> int:
    """A finished archive batch of ``n`` historical cases, all ``archived``, every field read at ``confidence``."""
    batch = ArchiveBatch(name=name, created_by=ARCHIVIST, status="done", **kw)
    db.add(batch)
    db.flush()
    doc = Document(
        sha256=f"{batch.id:064x}",
        original_name=f"{name}.pdf",
        size=1,
        object_key=f"originals/{batch.id}",
        status="done",
        page_count=n,
    )
    db.add(doc)
    db.flush()
    cases = [
        Case(
            document_id=doc.id,
            source_pages=[i + 1],
            status="archived",
            category="khieu_nai",
            domain="dat_dai",
            complainant_name=f"Nguyễn Văn {i}",
            recipient="Ủy ban nhân dân huyện Gia Lâm",
            subject=f"thu hồi đất thửa số {i}",
            text=f"ĐƠN KHIẾU NẠI số {i}",
            confidence=dict.fromkeys(VERIFIABLE_FIELDS, confidence),
            extra={"archive": {"batch": batch.id, "box": "H01", "sequence": i + 1}},
            received_at=RECEIVED,
            archive_batch_id=batch.id,
            archive_box="H01",
        )
        for i in range(n)
    ]
    db.add_all(cases)
    db.flush()  # one flush for the whole batch (the search index is kept per flush)
    for case in cases:
        case.case_id = repo.case_number(case)
    db.flush()
    return batch.id


def verify(db: Session, case_id: str, corrections: dict[str, Any] | None = None) -> None:
    """The station's work on one sample case: a confirmation of the address (the value kept), the corrections
    typed, then the approval (archive_review → archive_verified)."""
    case = repo.get_case(db, case_id)
    assert case is not None and case.status == "archive_review"
    repo.add_case_history(db, case, "address", case.complainant_address, case.complainant_address, "xacminh1")
    for field, value in (corrections or {}).items():
        assert repo.set_case_field(db, case, field, value, "xacminh1")
    approve_archive(db, case, "xacminh1", cleared=True)


def statuses(db: Session, batch_id: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for status in db.scalars(select(Case.status).where(Case.archive_batch_id == batch_id)):
        out[status] = out.get(status, 0) + 1
    return out


# ------------------------------------------------------------------------------------------------ statistics
@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [  # Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (Wilson score, no continuity correction)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_published_values(x: int, n: int, low: float, high: float) -> None:
    got = qc.wilson(x, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_edges() -> None:
    assert qc.wilson(10, 10) == pytest.approx((0.7225, 1.0), abs=5e-5)
    with pytest.raises(ValueError):
        qc.wilson(1, 0)
    with pytest.raises(ValueError):
        qc.wilson(5, 4)


# ------------------------------------------------------------------------------------------------ the sample
def test_draw_sample_takes_the_plans_size_from_the_unchecked_cases(data_dir) -> None:
    with session_scope() as db:
        batch_id = seed_batch(db, 100)
        other = seed_batch(db, 30, name="Hộp 02")
        # one case already sent to full verification is not part of the lot
        routed = db.scalars(select(Case).where(Case.archive_batch_id == batch_id).limit(1)).one()
        routed.status = "archive_review"
        ids = qc.draw_sample(db, batch_id, aql=4.0, seed=11, actor=ARCHIVIST)
    expected = plan(99, 4.0)  # F: 20 cases, Ac 2, Re 3
    assert len(ids) == expected.sample_size == 20 and len(set(ids)) == 20
    with session_scope() as db:
        batch = db.get(ArchiveBatch, batch_id)
        assert batch is not None
        assert batch.qc["plan"] == expected.to_dict()
        sample = batch.qc["sample"]
        assert sample["seed"] == 11 and sample["drawn_by"] == ARCHIVIST and sample["lot_size"] == 99
        assert sample["case_ids"] == ids and sample["drawn_at"].endswith("Z")
        cases = repo.cases_by_ids(db, ids)
        assert routed.case_id not in ids
        assert {c.status for c in cases} == {"archive_review"}
        assert all(c.extra["archive"]["qc"] == {"sample": 1, "reason": "sample"} for c in cases)
        assert all(c.extra["archive"]["box"] == "H01" for c in cases)  # the provenance kept
        assert statuses(db, batch_id) == {"archived": 79, "archive_review": 21}
        assert statuses(db, other) == {"archived": 30}
        history = db.scalars(select(CaseHistory).where(CaseHistory.case_id == ids[0])).all()
        assert [(h.field, h.old_value, h.new_value, h.actor) for h in history] == [
            ("status", "archived", "archive_review", ARCHIVIST)
        ]
        audit = db.scalars(select(AuditLog).where(AuditLog.action == "archive_sample")).one()
        assert audit.actor == ARCHIVIST and audit.detail["seed"] == 11 and audit.detail["sample_size"] == 20


def test_one_sample_per_batch_and_none_while_importing(data_dir) -> None:
    with session_scope() as db:
        batch_id = seed_batch(db, 40)
        busy = seed_batch(db, 40, name="Hộp đang nhập")
        db.get(ArchiveBatch, busy).status = "importing"  # type: ignore[union-attr]
        empty = seed_batch(db, 0, name="Hộp rỗng")
        qc.draw_sample(db, batch_id, actor=ARCHIVIST)
    with session_scope() as db:
        with pytest.raises(qc.QcError, match="đã rút mẫu"):
            qc.draw_sample(db, batch_id, actor=ARCHIVIST)
        with pytest.raises(qc.QcError, match="chưa nhập xong"):
            qc.draw_sample(db, busy, actor=ARCHIVIST)
        with pytest.raises(qc.QcError, match="không có hồ sơ"):
            qc.draw_sample(db, empty, actor=ARCHIVIST)
        with pytest.raises(qc.BatchNotFound):
            qc.draw_sample(db, 9999, actor=ARCHIVIST)
        with pytest.raises(qc.NoSample):
            qc.estimate(db, busy)
        assert statuses(db, busy) == {"archived": 40}


def test_the_sample_is_reproducible_from_its_seed(data_dir) -> None:
    """The same seed on lots of the same size picks the same places in the lot; the seed drawn when none is given
    is recorded and picks the same sample again."""
    with session_scope() as db:
        batches = [seed_batch(db, 100, name=f"Hộp {i}") for i in range(4)]
        lots = [
            list(db.scalars(select(Case.case_id).where(Case.archive_batch_id == b).order_by(Case.id)))
            for b in batches
        ]
        a = qc.draw_sample(db, batches[0], aql=6.5, seed=2024, actor=ARCHIVIST)
        b = qc.draw_sample(db, batches[1], aql=6.5, seed=2024, actor=ARCHIVIST)
        c = qc.draw_sample(db, batches[2], aql=6.5, seed=2025, actor=ARCHIVIST)
        d = qc.draw_sample(db, batches[3], aql=6.5, actor=ARCHIVIST)
        seed = db.get(ArchiveBatch, batches[3]).qc["sample"]["seed"]  # type: ignore[union-attr]
    places = [sorted(lot.index(x) for x in s) for lot, s in zip(lots, (a, b, c, d), strict=True)]
    assert len(a) == plan(100, 6.5).sample_size == 20
    assert places[0] == places[1]
    assert places[0] != places[2]
    assert isinstance(seed, int)
    assert places[3] == sorted(random.Random(seed).sample(range(100), 20))


# ------------------------------------------------------------------------------------------------ the decision
def _sampled_batch(n: int = 100, aql: float = 4.0, **kw: Any) -> tuple[int, list[str]]:
    with session_scope() as db:
        batch_id = seed_batch(db, n, **kw)
        ids = qc.draw_sample(db, batch_id, aql=aql, seed=5, actor=ARCHIVIST)
    return batch_id, ids


def test_a_batch_with_injected_errors_is_rejected(data_dir) -> None:
    """Lot 100, AQL 4.0: F, 20 cases, Ac 2, Re 3. Three petitions had a field misread: the third correction
    rejects the batch before the rest of the sample is checked."""
    batch_id, ids = _sampled_batch()
    with session_scope() as db:
        verify(db, ids[0], {"subject": "thu hồi đất nông nghiệp"})
        verify(db, ids[1], {"subject": "bồi thường giải phóng mặt bằng", "name": "Nguyễn Văn Hùng"})
        for case_id in ids[2:8]:
            verify(db, case_id)  # confirmed as read: no error
        assert qc.estimate(db, batch_id).decision == "pending"
        verify(db, ids[8], {"petition_date": dt.date(2022, 3, 1)})
        result = qc.record_estimate(db, batch_id, actor=ARCHIVIST)
    assert (result.verified, result.defectives, result.decision) == (9, 3, "reject")
    assert result.pending == 11 and (result.plan.accept, result.plan.reject) == (2, 3)
    fields = {f.field: f for f in result.fields}
    assert (fields["subject"].checked, fields["subject"].corrected) == (9, 2)
    assert fields["subject"].accuracy == pytest.approx(7 / 9)
    assert (fields["subject"].low, fields["subject"].high) == pytest.approx(qc.wilson(7, 9))
    assert fields["name"].corrected == fields["petition_date"].corrected == 1
    assert fields["address"].corrected == 0  # confirmed on every case: a confirmation is not an error
    assert fields["category"].accuracy == 1.0
    # expected (the extractor said 0.95 everywhere) against observed
    assert fields["subject"].confidence == pytest.approx(0.95)
    assert fields["subject"].calibration == "over"  # 0.95 is above the interval of 7/9
    assert fields["category"].calibration == "ok"
    total = 9 * len(VERIFIABLE_FIELDS)
    assert (result.overall.checked, result.overall.corrected) == (total, 4)
    assert (result.overall.low, result.overall.high) == pytest.approx(qc.wilson(total - 4, total))
    estimate, low, high = result.lot_defectives or (0, 0, 0)
    assert estimate == pytest.approx(3 / 9 * 100)
    assert low == pytest.approx(qc.wilson(3, 9)[0] * 100) and high == pytest.approx(qc.wilson(3, 9)[1] * 100)
    with session_scope() as db:
        batch = db.get(ArchiveBatch, batch_id)
        assert batch is not None and batch.qc["result"]["decision"] == "reject"
        assert batch.qc["result"]["verified"] == 9 and batch.qc["sample"]["case_ids"] == ids
        decided = db.scalars(select(AuditLog).where(AuditLog.action == "archive_qc_decision")).one()
        assert decided.detail["decision"] == "reject" and decided.detail["defectives"] == 3
        # the rejected lot is inspected in full: every case not yet checked goes to archive_review
        assert qc.route_rejected(db, batch_id, ARCHIVIST) == 80
        assert statuses(db, batch_id) == {"archive_review": 91, "archive_verified": 9}
        rest = db.scalars(
            select(Case).where(Case.archive_batch_id == batch_id, Case.case_id.not_in(ids))
        ).all()
        assert {c.extra["archive"]["qc"]["reason"] for c in rest} == {"rejected_batch"}
        assert db.get(ArchiveBatch, batch_id).qc["routes"][0]["count"] == 80  # type: ignore[union-attr]


def test_a_clean_batch_is_accepted_once_the_whole_sample_is_checked(data_dir) -> None:
    """The same plan; two petitions with an error (Ac = 2) and the rest confirmed: accepted, but only when the
    last sample case is checked."""
    batch_id, ids = _sampled_batch()
    with session_scope() as db:
        verify(db, ids[3], {"recipient": "Ủy ban nhân dân thành phố Hà Nội"})
        verify(db, ids[7], {"domain": "moi_truong"})
        for case_id in ids[:-1]:
            if case_id not in (ids[3], ids[7]):
                verify(db, case_id)
        before = qc.estimate(db, batch_id)
        verify(db, ids[-1])
        after = qc.record_estimate(db, batch_id)
        with pytest.raises(qc.QcError, match="chưa bị kết luận không chấp nhận"):
            qc.route_rejected(db, batch_id, ARCHIVIST)
    assert (before.verified, before.defectives, before.decision) == (19, 2, "pending")
    assert (after.verified, after.defectives, after.decision) == (20, 2, "accept")
    assert after.decision_label == "Chấp nhận lô"
    fields = {f.field: f for f in after.fields}
    assert fields["recipient"].accuracy == pytest.approx(19 / 20)
    assert fields["recipient"].calibration == "ok"  # 0.95 inside the interval of 19/20
    assert after.lot_defectives == pytest.approx((10.0, 100 * qc.wilson(2, 20)[0], 100 * qc.wilson(2, 20)[1]))
    with session_scope() as db:
        assert statuses(db, batch_id) == {"archived": 80, "archive_verified": 20}  # the rest stays unchecked


def test_a_batch_inspected_in_full_is_known_exactly(data_dir) -> None:
    """A lot no larger than the table's sample (A at AQL 1.0 → E, 13 cases): every case is the sample."""
    batch_id, ids = _sampled_batch(n=6, aql=1.0)
    with session_scope() as db:
        assert len(ids) == 6 and db.get(ArchiveBatch, batch_id).qc["plan"]["full_inspection"]  # type: ignore[union-attr]
        verify(db, ids[0], {"phone": "0912345678"})
        for case_id in ids[1:]:
            verify(db, case_id)
        result = qc.estimate(db, batch_id)
    assert result.decision == "reject" and result.lot_defectives == (1.0, 1.0, 1.0)


# ------------------------------------------------------------------------------------------------ routing
def test_low_confidence_cases_are_routed_for_full_verification(data_dir) -> None:
    with session_scope() as db:
        batch_id = seed_batch(db, 30)
        cases = db.scalars(select(Case).where(Case.archive_batch_id == batch_id).order_by(Case.id)).all()
        low, none, manual, edge = cases[0], cases[1], cases[2], cases[3]
        low.confidence = {**low.confidence, "subject": 0.41}
        none.confidence = {}
        manual.extra = {**manual.extra, "needs_manual": True}
        edge.confidence = {**edge.confidence, "name": 0.6}  # at the threshold: not below it
        cases[4].status = "archive_verified"  # already checked: left alone
        cases[4].confidence = {}
        db.flush()
        counts = qc.route_low_confidence(db, batch_id, 0.6, actor=ARCHIVIST)
        routed = {c.case_id for c in cases if c.status == "archive_review"}
        assert counts == {"routed": 3, "below_threshold": 1, "no_confidence": 1, "needs_manual": 1}
        assert routed == {low.case_id, none.case_id, manual.case_id}
        assert low.extra["archive"]["qc"] == {"reason": "low_confidence", "threshold": 0.6}
        assert edge.status == "archived" and cases[4].status == "archive_verified"
        # the sample is drawn from what is left: 26 unchecked cases (D: 8 cases at AQL 1.0 → E, 13)
        ids = qc.draw_sample(db, batch_id, seed=1, actor=ARCHIVIST)
        assert not routed & set(ids)
        assert db.get(ArchiveBatch, batch_id).qc["sample"]["lot_size"] == 26  # type: ignore[union-attr]
        assert db.get(ArchiveBatch, batch_id).qc["routes"][0]["reason"] == "low_confidence"  # type: ignore[union-attr]
        with pytest.raises(qc.QcError, match="0 đến 1"):
            qc.route_low_confidence(db, batch_id, 1.5, actor=ARCHIVIST)


# ------------------------------------------------------------------------------------------------ calibration
def test_archive_verified_cases_are_learning_material(data_dir) -> None:
    """retrain/cases.py reads a historical case checked in the station like a verified live case, with the
    fields the verifier corrected (a confirmation is not a correction)."""
    batch_id, ids = _sampled_batch(n=20, aql=1.0)
    with session_scope() as db:
        verify(db, ids[0], {"subject": "tranh chấp ranh giới đất"})
        verify(db, ids[1])
    with session_scope() as db:
        learned = {c.case_id: c for c in load_verified(db)}
    assert set(learned) == {ids[0], ids[1]}  # the unchecked sample cases and the rest of the lot are not
    assert learned[ids[0]].corrected == frozenset({"subject"})
    assert learned[ids[0]].truth["subject"] == "tranh chấp ranh giới đất"
    assert learned[ids[1]].corrected == frozenset()


# ------------------------------------------------------------------------------------------------ both backends
def test_draw_and_estimate_on_both_databases(db_url: str) -> None:
    batch_id, ids = _sampled_batch(n=60, aql=6.5)  # E: 13 cases, Ac 2, Re 3
    assert len(ids) == 13
    with session_scope() as db:
        for case_id in ids[:3]:
            verify(db, case_id, {"subject": "khiếu nại quyết định thu hồi đất"})
        result = qc.record_estimate(db, batch_id)
        assert (result.verified, result.defectives, result.decision) == (3, 3, "reject")
        assert qc.route_rejected(db, batch_id, ARCHIVIST) == 47
        assert statuses(db, batch_id) == {"archive_review": 57, "archive_verified": 3}
    with session_scope() as db:
        stored = db.get(ArchiveBatch, batch_id)
        assert stored is not None and stored.qc["result"]["decision"] == "reject"
        assert json.loads(json.dumps(stored.qc))["plan"]["code_letter"] == "E"


# ------------------------------------------------------------------------------------------------ CLI
def test_cli_plan_sample_route_report(data_dir) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["archive", "plan", "--lot", "5000", "--aql", "1.0"])
    assert res.exit_code == 0 and "mã chữ L" in res.output and "mẫu 200 hồ sơ" in res.output
    assert "≤ 5" in res.output and "≥ 6" in res.output
    res = runner.invoke(app, ["archive", "plan", "--lot", "200", "--aql", "1", "--level", "II"])
    assert "dùng phương án của mã H" in res.output and "mẫu 50 hồ sơ" in res.output
    assert runner.invoke(app, ["archive", "plan", "--lot", "200", "--aql", "0.5"]).exit_code == 2
    assert runner.invoke(app, ["archive", "plan", "--lot", "200", "--level", "IV"]).exit_code == 2
    with session_scope() as db:
        batch_id = seed_batch(db, 100)
        db.scalars(select(Case).where(Case.archive_batch_id == batch_id).limit(1)).one().confidence = {}
    res = runner.invoke(app, ["archive", "route", str(batch_id), "--low-confidence", "0.6"])
    assert res.exit_code == 0 and "Đã chuyển 1 hồ sơ" in res.output
    res = runner.invoke(app, ["archive", "sample", str(batch_id), "--aql", "4.0", "--seed", "3"])
    assert res.exit_code == 0 and "Đã rút mẫu 20 hồ sơ (hạt giống 3)" in res.output
    assert runner.invoke(app, ["archive", "sample", str(batch_id)]).exit_code == 1  # a second sample: refused
    with session_scope() as db:
        ids = db.get(ArchiveBatch, batch_id).qc["sample"]["case_ids"]  # type: ignore[union-attr]
        verify(db, ids[0], {"subject": "đòi lại đất"})
    res = runner.invoke(app, ["archive", "report", str(batch_id)])
    assert res.exit_code == 0, res.output
    assert "Chưa kết luận" in res.output and "đã kiểm tra 1/20" in res.output and "Về việc" in res.output
    res = runner.invoke(app, ["archive", "report", str(batch_id), "--json"])
    data = json.loads(res.stdout)
    assert data["decision"] == "pending" and data["verified"] == 1 and data["defectives"] == 1
    assert data["plan"]["sample_size"] == 20 and len(data["fields"]) == len(VERIFIABLE_FIELDS)
    assert runner.invoke(app, ["archive", "route", str(batch_id), "--rejected"]).exit_code == 1
    for command in (["report", "999"], ["sample", "999"], ["route", "999", "--low-confidence", "0.5"]):
        res = runner.invoke(app, ["archive", *command])
        assert res.exit_code == 2 and "Không có lô lưu trữ số 999" in res.output
