"""The archivist's web pages (issue 15, api/routes/archive.py) and the station's historical cases.

* Station: an archivist verifies the cases of a batch's sample (archive_review) — the approval makes them
  archive_verified with a status history row and who/when, enters no handling (no event, no stage) and the next
  case offered is the same batch's; an archivist gets 403 on live cases in every station JSON route and has no
  "next case" button on the live queue; a protected (tố cáo) sample case is refused to an archivist and left to a
  cleared verifier.
* Quality control from the web: the plan previewed for the lot, "Rút mẫu", the estimate with its interval and the
  decision, routing a rejected batch and the low-confidence cases for a full check.
* Upload: a zipped box with its manifest imported in the background, its progress JSON, the files, skipped files
  and manifest rows without a file on the batch page; reception may not upload; a broken manifest is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from stationkit import login, seed_case, token, users

from donthu.api.app import create_app
from donthu.config import get_settings
from donthu.storage.db import session_scope
from donthu.storage.models import ArchiveBatch, AuditLog, Case, CaseHistory, HandlingEvent
from donthu.storage.objects import make_store

UTC = dt.UTC
PROTECTED_WORDS = "xác minh được phân quyền phải kiểm tra"


def seed_batch(
    db, store, start: int, n: int, *, status: str = "archived", **case_kw
) -> tuple[int, list[str]]:
    """A finished archive batch of ``n`` historical cases (box 12), received in 2023."""
    batch = ArchiveBatch(name=f"Hộp 12 ({start})", created_by="archivist", status="done", agency="UBND huyện")
    db.add(batch)
    db.flush()
    ids = []
    for i in range(n):
        received = dt.datetime(2023, 5, 2 + i % 20, 17, tzinfo=UTC)
        case = seed_case(db, store, start + i, status=status, received_at=received, **case_kw)
        case.archive_batch_id, case.archive_box = batch.id, "12"
        case.extra = {
            **case.extra,
            "archive": {
                "batch": batch.id,
                "box": "12",
                "path": f"Hop 12/don-{i}.jpg",
                "date_source": "manifest",
            },
        }
        ids.append(case.case_id)
    db.flush()
    return batch.id, ids


def client_for(app, who: str) -> TestClient:
    c = TestClient(app)
    assert login(c, who) == 303
    c.headers["X-CSRF-Token"] = token(c)
    return c


@pytest.fixture()
def world(db_url: str) -> SimpleNamespace:
    store = make_store(get_settings())
    now = dt.datetime.now(UTC)
    with session_scope() as db:
        users(db)
        live = seed_case(db, store, 1, received_at=now - dt.timedelta(days=1)).case_id
        live2 = seed_case(db, store, 2, received_at=now - dt.timedelta(days=2)).case_id
        batch, archived = seed_batch(db, store, 10, 6)
        other, other_cases = seed_batch(db, store, 40, 2, status="archive_review")
        protected_batch, (protected,) = seed_batch(
            db, store, 60, 1, status="archive_review", category="to_cao", name="Lê Văn Hùng"
        )
    app = create_app()
    return SimpleNamespace(
        app=app,
        live=live,
        live2=live2,
        batch=batch,
        archived=archived,
        other=other,
        other_cases=other_cases,
        protected_batch=protected_batch,
        protected=protected,
    )


def _case(case_id: str) -> Case:
    with session_scope() as db:
        case = db.scalar(select(Case).where(Case.case_id == case_id))
        assert case is not None
        db.expunge(case)
        return case


def _draw(c: TestClient, batch: int, aql: str = "4.0") -> list[str]:
    res = c.post(f"/luu-tru/{batch}/mau", data={"aql": aql, "level": "II"}, follow_redirects=False)
    assert res.status_code == 303, res.text
    with session_scope() as db:
        return list((db.get(ArchiveBatch, batch).qc or {})["sample"]["case_ids"])


# ---------------------------------------------------------------------------------------------- station
def test_archivist_verifies_a_sample_without_handling_and_next_stays_in_the_batch(world) -> None:
    arch = client_for(world.app, "archivist")
    page = arch.get(f"/luu-tru/{world.batch}")
    assert page.status_code == 200
    # lot of 6 at AQL 4.0, level II: code letter A, the arrows lead to B: 3 cases, Ac 0, Re 1
    assert re.search(r'id="plan-n">3<', arch.get(f"/luu-tru/{world.batch}?aql=4.0").text)
    sample = _draw(arch, world.batch)
    assert len(sample) == 3
    with session_scope() as db:
        rows = db.execute(select(Case.case_id, Case.status).where(Case.archive_batch_id == world.batch)).all()
        statuses = {str(k): str(v) for k, v in rows}
    assert {statuses[c] for c in sample} == {"archive_review"}
    assert sorted(statuses.values()).count("archived") == 3  # the rest of the lot is not touched

    # the queue of the sample: only this batch's cases, and a "next" button for the archivist
    queue = arch.get(f"/?status=archive_review&batch={world.batch}").text
    assert all(c in queue for c in sample) and not any(c in queue for c in world.other_cases)
    assert "Kiểm tra hồ sơ lưu trữ tiếp theo" in queue
    res = arch.post(
        "/queue/next", data={"status": "archive_review", "batch": world.batch}, follow_redirects=False
    )
    assert res.status_code == 303
    first = res.headers["location"].split("?")[0].rsplit("/", 1)[-1]
    assert first in sample
    case_page = arch.get(res.headers["location"]).text
    assert 'id="approve"' in case_page and "Hồ sơ lưu trữ" in case_page and "Hạn xử lý" not in case_page
    assert 'id="return-open"' not in case_page  # a historical case is not sent back to reception

    # approve with one field corrected
    res = arch.post(
        f"/api/cases/{first}/approve",
        json={"fields": {"subject": "thu hồi đất nông nghiệp năm 2019"}, "filters": {}},
    )
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["status"] == "archive_verified" and body["verified_by"] == "archivist"
    nxt = body["next"].split("?")[0].rsplit("/", 1)[-1]
    assert nxt in sample and nxt != first  # the next case is the same batch's, though no filter was sent
    assert f"batch={world.batch}" in body["next"]
    case = _case(first)
    assert case.status == "archive_verified" and case.verified_at is not None
    assert case.handling_stage is None and case.identity_released_by is None  # an archivist releases nothing
    with session_scope() as db:
        assert db.scalar(select(func.count(HandlingEvent.id)).where(HandlingEvent.case_id == first)) == 0
        rows = db.execute(
            select(CaseHistory.field, CaseHistory.old_value, CaseHistory.new_value).where(
                CaseHistory.case_id == first
            )
        ).all()
    assert ("status", "archive_review", "archive_verified") in rows
    assert any(f == "subject" and new.endswith("2019") for f, _old, new in rows)

    # one correction in a sample of 3 with Re 1: the batch is rejected, already now
    page = arch.get(f"/luu-tru/{world.batch}").text
    assert re.search(r'id="decision-word">Không đạt<', page)
    assert 'id="route-rejected"' in page
    assert re.search(r'id="overall-interval">[\d,]+ % – [\d,]+ %<', page)
    with session_scope() as db:
        kept = db.get(ArchiveBatch, world.batch).qc
        decided = db.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "archive_qc_decision"))
    assert kept["result"]["decision"] == "reject" and decided == 1  # recorded at the approval
    res = arch.post(f"/luu-tru/{world.batch}/kiem-tra-toan-bo", follow_redirects=False)
    assert res.status_code == 303
    with session_scope() as db:
        left = db.scalars(
            select(Case.status).where(Case.archive_batch_id == world.batch, Case.status == "archived")
        ).all()
    assert left == []  # 100 % inspection of the rejected lot

    # a verifier's approval of a live case, for contrast: it enters handling
    ver = client_for(world.app, "verifier")
    assert ver.post(f"/api/cases/{world.live}/approve", json={}).status_code == 200
    with session_scope() as db:
        assert db.scalar(select(func.count(HandlingEvent.id)).where(HandlingEvent.case_id == world.live)) == 1


def test_clean_sample_is_accepted_and_the_estimate_shows_its_interval(world) -> None:
    arch = client_for(world.app, "archivist")
    sample = _draw(arch, world.batch)
    for case_id in sample:
        assert arch.post(f"/api/cases/{case_id}/approve", json={}).status_code == 200
    page = arch.get(f"/luu-tru/{world.batch}").text
    assert re.search(r'id="decision-word">Đạt<', page)
    # 3 petitions × 12 fields, none corrected: 100 %, Wilson 95 % interval from about 90.4 % to 100 %
    assert re.search(r'id="overall-accuracy">100,0 %<', page)
    assert re.search(r'id="overall-interval">90,4 % – 100,0 %<', page)
    assert 'id="route-rejected"' not in page
    listing = arch.get("/luu-tru").text
    assert "Đạt (3/3 hồ sơ mẫu đã kiểm tra)" in listing


def test_archivist_gets_403_on_live_cases(world) -> None:
    arch = client_for(world.app, "archivist")
    c = world.live2
    for method, url, body in (
        ("POST", f"/api/cases/{c}/claim", None),
        ("POST", f"/api/cases/{c}/release", None),
        ("POST", f"/api/cases/{c}/fields", {"field": "subject", "value": "x"}),
        ("POST", f"/api/cases/{c}/confirm", {"field": "subject"}),
        ("POST", f"/api/cases/{c}/approve", {}),
        ("POST", f"/api/cases/{c}/return", {"reason": "ảnh mờ"}),
        ("GET", f"/api/cases/{c}/history", None),
    ):
        res = arch.request(method, url, json=body)
        assert res.status_code == 403, (url, res.status_code)
    assert _case(c).status == "pending_verification" and _case(c).locked_by is None
    # the live queue: no "next case" for an archivist, and asking for it anyway is refused
    queue = arch.get("/").text
    assert world.live in queue and 'action="/queue/next"' not in queue
    assert arch.post("/queue/next", data={}, follow_redirects=False).status_code == 403
    # the case screen opens read-only
    screen = arch.get(f"/cases/{c}").text
    assert 'id="approve"' not in screen
    # a verifier still works on it
    ver = client_for(world.app, "verifier")
    assert ver.post(f"/api/cases/{c}/claim").status_code == 200


def test_a_protected_sample_case_is_left_to_a_cleared_verifier(world) -> None:
    arch = client_for(world.app, "archivist")
    case_id = world.protected
    assert _case(case_id).identity_protected
    res = arch.post(f"/api/cases/{case_id}/claim")
    assert res.status_code == 403 and PROTECTED_WORDS in res.json()["detail"]
    assert arch.post(f"/api/cases/{case_id}/approve", json={}).status_code == 403
    assert arch.get(f"/api/cases/{case_id}/history").status_code == 403
    screen = arch.get(f"/cases/{case_id}?status=archive_review&batch={world.protected_batch}").text
    assert 'id="archive-protected"' in screen and 'id="approve"' not in screen
    assert "Lê Văn Hùng" not in screen  # the redacted copy
    ver = client_for(world.app, "verifier")
    res = ver.post(f"/api/cases/{case_id}/approve", json={})
    assert res.status_code == 200 and res.json()["status"] == "archive_verified"
    with session_scope() as db:
        assert db.scalar(select(func.count(HandlingEvent.id)).where(HandlingEvent.case_id == case_id)) == 0


def test_an_archivist_edit_that_makes_a_case_a_denunciation_leaves_it_to_a_cleared_verifier(world) -> None:
    arch = client_for(world.app, "archivist")
    case_id = world.other_cases[0]
    res = arch.post(f"/api/cases/{case_id}/fields", json={"field": "category", "value": "to_cao"})
    assert res.status_code == 200
    assert _case(case_id).identity_protected
    res = arch.post(f"/api/cases/{case_id}/approve", json={})
    assert res.status_code == 403 and PROTECTED_WORDS in res.json()["detail"]
    assert _case(case_id).status == "archive_review"


def test_batch_pages_are_scoped_and_role_checked(world) -> None:
    rec = client_for(world.app, "reception")
    assert rec.get("/luu-tru").status_code == 403
    assert rec.get(f"/api/archive/batches/{world.batch}").status_code == 403
    sup = client_for(world.app, "supervisor")
    page = sup.get(f"/luu-tru/{world.batch}").text
    assert 'id="draw-sample"' not in page and 'id="archive-upload"' not in sup.get("/luu-tru").text
    assert sup.post(f"/luu-tru/{world.batch}/mau", data={"aql": "1.0"}).status_code == 403
    arch = client_for(world.app, "archivist")
    assert arch.get("/luu-tru/999999").status_code == 404
    data = arch.get(f"/api/archive/batches/{world.batch}").json()
    assert data["status"] == "done" and data["finished"] and data["cases"] == {"archived": 6}
    # a batch of another unit is not shown to exist
    with session_scope() as db:
        db.get(ArchiveBatch, world.other).unit_code = "KHONG-CO"
    assert arch.get(f"/api/archive/batches/{world.other}").status_code == 404
    assert f'href="/luu-tru/{world.other}"' not in arch.get("/luu-tru").text


def test_low_confidence_cases_are_routed_for_a_full_check(world) -> None:
    with session_scope() as db:
        case = db.scalar(select(Case).where(Case.case_id == world.archived[0]))
        case.confidence = {**case.confidence, "name": 0.3}
    arch = client_for(world.app, "archivist")
    page = arch.get(f"/luu-tru/{world.batch}").text
    assert 'id="route-low"' in page
    res = arch.post(
        f"/luu-tru/{world.batch}/do-tin-cay-thap", data={"threshold": "0.6"}, follow_redirects=False
    )
    assert res.status_code == 303
    assert _case(world.archived[0]).status == "archive_review"
    assert {_case(c).status for c in world.archived[1:]} == {"archived"}
    assert "Đã chuyển 1 hồ sơ độ tin cậy thấp" in arch.get(f"/luu-tru/{world.batch}").text


# ---------------------------------------------------------------------------------------------- upload
def _scan(seed: int) -> bytes:
    """A small generated petition scan (one page, JPEG, low dpi)."""
    import random

    from donthu.samples import make_petition, render_page

    pet = make_petition(random.Random(seed), form="labeled", category="khieu_nai", n_pages=1)
    img = render_page(pet.pages[0], profile="clean", seed=seed, dpi=120)
    buf = io.BytesIO()
    img.convert("L").save(buf, "JPEG", quality=85)
    return buf.getvalue()


def box_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Hop 12/HS-01/don-1.jpg", _scan(1))
        z.writestr("Hop 12/HS-01/Thumbs.db", b"\x00thumbs")
        z.writestr("Hop 12/HS-01/don-1.txt", "ghi chú")
    return buf.getvalue()


MANIFEST = "file,received_date,box,folder,note,nguoi_nhap\nHop 12/HS-01/don-1.jpg,15/03/2022,12,HS-01,bản gốc,An\nHop 12/HS-02/khong-co.pdf,16/03/2022,12,HS-02,,An\n"


def test_upload_a_zipped_box_with_its_manifest(data_dir: Path) -> None:
    with session_scope() as db:
        users(db)
    app = create_app()
    arch = client_for(app, "archivist")
    res = arch.post(
        "/luu-tru/nhap",
        files=[
            ("files", ("hop-12.zip", box_zip(), "application/zip")),
            ("manifest", ("danh-muc.csv", MANIFEST.encode("utf-8-sig"), "text/csv")),
        ],
        data={"name": "Hộp 12 năm 2022", "agency": "UBND huyện Gia Lâm"},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
    batch_id = int(res.headers["location"].rsplit("/", 1)[-1])
    assert app.state.uploads.wait(timeout=600)
    data = arch.get(f"/api/archive/batches/{batch_id}").json()
    assert data["status"] == "done", data
    assert data["finished"] and data["percent"] == 100
    assert data["files_done"] == data["files_total"] == 1
    assert data["skipped"] == 2 and data["missing"] == 1
    with session_scope() as db:
        cases = list(db.scalars(select(Case).where(Case.archive_batch_id == batch_id)))
        batch = db.get(ArchiveBatch, batch_id)
        assert batch.name == "Hộp 12 năm 2022" and batch.agency == "UBND huyện Gia Lâm"
        assert batch.manifest_name == "danh-muc.csv" and batch.created_by == "archivist"
    assert cases and {c.status for c in cases} == {"archived"} and {c.archive_box for c in cases} == {"12"}
    local = (
        cases[0]
        .received_at.replace(tzinfo=cases[0].received_at.tzinfo or UTC)
        .astimezone(dt.timezone(dt.timedelta(hours=7)))
    )
    assert local.date() == dt.date(2022, 3, 15)  # the manifest's date, not today's
    page = arch.get(f"/luu-tru/{batch_id}").text
    assert "Hop 12/HS-01/don-1.jpg" in page and "Danh mục (manifest)" in page
    assert "Thumbs.db" in page and "khong-co.pdf" in page  # skipped, and a manifest row with no file
    assert cases[0].case_id in page
    assert not (data_dir / "archive-uploads" / str(batch_id)).exists()  # the upload goes once imported
    # nothing of it in the live queue
    assert not any(c.case_id in arch.get("/").text for c in cases)
    # the box for an archive system: PDF/A per petition, metadata and checksums, zipped
    assert f'href="/luu-tru/hop/12.zip?batch={batch_id}"' in page
    res = arch.get(f"/luu-tru/hop/12.zip?batch={batch_id}")
    assert res.status_code == 200 and res.headers["content-type"] == "application/zip"
    from donthu.ocr.pdfa_check import check_pdfa

    with zipfile.ZipFile(io.BytesIO(res.content)) as z:
        names = z.namelist()
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert len(pdfs) == len(cases) and check_pdfa(z.read(pdfs[0])) == []
        assert {n.rsplit("/", 1)[-1] for n in names} >= {"metadata.csv", "metadata.json", "SHA256SUMS"}
        assert "15/03/2022" in z.read(next(n for n in names if n.endswith("metadata.csv"))).decode(
            "utf-8-sig"
        )
    assert arch.get(f"/luu-tru/hop/99.zip?batch={batch_id}").status_code == 404
    assert not any((data_dir / "archive-exports").glob("*/*"))  # the work folder goes once sent
    with session_scope() as db:
        assert db.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "archive_upload")) == 1


def test_upload_refusals(data_dir: Path) -> None:
    with session_scope() as db:
        users(db)
    app = create_app()
    rec = client_for(app, "reception")
    res = rec.post("/luu-tru/nhap", files=[("files", ("a.zip", b"PK", "application/zip"))])
    assert res.status_code == 403  # refused before the body is read
    arch = client_for(app, "archivist")
    # a manifest without a file column cannot be used at all: refused before anything is imported
    res = arch.post(
        "/luu-tru/nhap",
        files=[
            ("files", ("b.jpg", b"\xff\xd8", "image/jpeg")),
            ("manifest", ("danh-muc.csv", b"ngay,hop\n01/02/2022,1\n", "text/csv")),
        ],
    )
    assert res.status_code == 422 and "Danh mục" in res.json()["detail"]
    res = arch.post("/luu-tru/nhap", files=[("files", ("", b"", "application/octet-stream"))])
    assert res.status_code == 422
    assert app.state.uploads.wait(timeout=60)
    with session_scope() as db:
        assert db.scalar(select(func.count(ArchiveBatch.id))) == 0  # the refused uploads left no batch
    assert not any((data_dir / "archive-uploads").glob("*/files/*"))  # nor their files


def test_a_restart_resumes_the_web_imports_it_interrupted(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from donthu.api import archive_jobs

    settings = get_settings()
    with session_scope() as db:
        batches = {}
        for status in ("importing", "stopped", "done", "failed"):
            b = ArchiveBatch(name=status, created_by="archivist", status=status)
            db.add(b)
            db.flush()
            batches[status] = b.id
            archive_jobs.save_files(settings, b.id, [("hop.zip", io.BytesIO(b"PK").read)])
        cli = ArchiveBatch(name="cli", created_by="admin", status="importing")  # `donthu ingest --archive`
        db.add(cli)
        db.flush()
        cli_id = cli.id
    started: list[tuple[int, str]] = []
    monkeypatch.setattr(
        archive_jobs, "start", lambda runner, s, batch_id, actor: started.append((batch_id, actor))
    )
    queued = archive_jobs.resume(None, settings)  # type: ignore[arg-type]
    assert sorted(queued) == sorted([batches["importing"], batches["stopped"]])
    assert sorted(started) == sorted([(batches["importing"], "archivist"), (batches["stopped"], "archivist")])
    assert cli_id not in queued  # nothing kept here: another process may be importing it

    # an import that fails for an unexpected reason: the batch says so, the upload is kept for another try
    def boom(*_a, **_kw):
        raise RuntimeError("hỏng")

    import donthu.archive.importer as importer

    monkeypatch.setattr(importer, "import_archive", boom)
    archive_jobs.run_import(settings, batches["importing"], "archivist")
    with session_scope() as db:
        b = db.get(ArchiveBatch, batches["importing"])
        assert b.status == "failed" and "RuntimeError" in (b.error or "") and b.finished_at is not None
    assert archive_jobs.saved(settings, batches["importing"]) is not None
    # an upload that is gone: failed, with what to do
    archive_jobs.remove_folder(archive_jobs.batch_folder(settings, batches["stopped"]))
    archive_jobs.run_import(settings, batches["stopped"], "archivist")
    with session_scope() as db:
        assert "tải lô lên lại" in (db.get(ArchiveBatch, batches["stopped"]).error or "")


def test_an_upload_over_the_size_limit_is_refused(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from donthu.config import reset_settings

    monkeypatch.setenv("DONTHU_MAX_FILE_MB", "1")
    reset_settings()
    with session_scope() as db:
        users(db)
    app = create_app()
    arch = client_for(app, "archivist")
    res = arch.post("/luu-tru/nhap", files=[("files", ("hop.zip", b"0" * (2 << 20), "application/zip"))])
    assert res.status_code == 413 and "1 MB" in res.json()["detail"]
    with session_scope() as db:
        assert db.scalar(select(func.count(ArchiveBatch.id))) == 0
