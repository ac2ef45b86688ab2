"""End to end on the embedded default: generated scans in, cases pending verification out (few small pages)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein
from sqlalchemy import func, select
from typer.testing import CliRunner

from donthu.cli import app as cli_app
from donthu.config import reset_settings
from donthu.ingest import stages
from donthu.ingest.pipeline import ingest
from donthu.samples import make_petition, render_page, write_document, write_text_pdf
from donthu.storage.db import dispose_engines, migrate, session_scope
from donthu.storage.models import Case, Document, Page

pytestmark = pytest.mark.ocr
DPI = 200


def norm(s: str) -> str:
    return " ".join(s.split())


def cer(truth: str, got: str) -> float:
    return Levenshtein.distance(norm(truth), norm(got)) / max(1, len(norm(truth)))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    rng = random.Random(20261122)
    d = tmp_path_factory.mktemp("scans")
    clean = make_petition(rng, form="labeled", category="khieu_nai", n_pages=1)
    upside = make_petition(rng, form="prose", category="to_cao", n_pages=1)
    first = make_petition(rng, form="labeled", category="kien_nghi", n_pages=1)
    second = make_petition(rng, form="labeled", category="phan_anh", n_pages=1)
    digital = make_petition(rng, form="labeled", category="khieu_nai", n_pages=1)
    write_document(d / "clean.png", [render_page(clean.pages[0], "clean", seed=1, dpi=DPI)], dpi=DPI)
    write_document(d / "upside.jpg", [render_page(upside.pages[0], "upside", seed=2, dpi=DPI)], dpi=DPI)
    write_document(
        d / "box.pdf",
        [
            render_page(first.pages[0], "office", seed=3, dpi=DPI),
            render_page("", "blank", seed=4, dpi=DPI),
            render_page(second.pages[0], "clean", seed=5, dpi=DPI),
        ],
        dpi=DPI,
    )
    write_text_pdf(d / "digital.pdf", digital.pages)
    return {"dir": d, "clean": clean, "upside": upside, "first": first, "second": second, "digital": digital}


@pytest.fixture(scope="module")
def ingested(corpus: dict, tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DONTHU_DATA_DIR", str(data))
        mp.setenv("DONTHU_SETTINGS_FILE", str(data / "none.toml"))
        for key in ("DONTHU_DATABASE_URL", "DONTHU_STORAGE"):
            mp.delenv(key, raising=False)
        reset_settings()
        migrate()  # as the entry points do (the data_dir fixture is per test; this data dir is per module)
        summary = ingest([corpus["dir"]], workers=2)
        yield {"summary": summary, "data": data, **corpus}
        dispose_engines()
        reset_settings()


def _cases(db) -> dict[str, list[Case]]:
    out: dict[str, list[Case]] = {}
    for c in db.scalars(select(Case).order_by(Case.id)):
        out.setdefault(c.document.original_name, []).append(c)
    return out


def test_every_file_becomes_cases(ingested: dict) -> None:
    s = ingested["summary"]
    assert not s.failures
    assert {f.name: f.status for f in s.files} == {
        n: "new" for n in ("box.pdf", "clean.png", "digital.pdf", "upside.jpg")
    }
    assert s.petitions == 5
    with session_scope() as db:
        cases = _cases(db)
        assert {k: len(v) for k, v in cases.items()} == {
            "clean.png": 1,
            "upside.jpg": 1,
            "box.pdf": 2,
            "digital.pdf": 1,
        }
        assert all(c.status == "pending_verification" for v in cases.values() for c in v)


def test_clean_scan_reads_accurately_with_words_and_boxes(ingested: dict) -> None:
    with session_scope() as db:
        case = _cases(db)["clean.png"][0]
        assert cer(ingested["clean"].pages[0], case.text) < 0.03
        page = db.scalar(select(Page).where(Page.document_id == case.document_id))
        assert page.source == "ocr" and page.rotation == 0 and page.confidence > 80
        word = page.words[0]
        assert isinstance(word[0], str) and all(isinstance(v, int) for v in word[1:5]) and 0 <= word[5] <= 100
        assert all(0 <= w[1] < page.width and 0 <= w[2] < page.height for w in page.words)
        assert case.complainant_name == ingested["clean"].complainant["name"]
        assert case.category == "khieu_nai"


def test_upside_down_scan_is_turned_and_read(ingested: dict) -> None:
    with session_scope() as db:
        case = _cases(db)["upside.jpg"][0]
        page = db.scalar(select(Page).where(Page.document_id == case.document_id))
        assert page.rotation == 180
        assert cer(ingested["upside"].pages[0], case.text) < 0.05
        assert case.category == "to_cao"


def test_batch_pdf_splits_on_blank_sheet(ingested: dict) -> None:
    with session_scope() as db:
        first, second = _cases(db)["box.pdf"]
        assert first.source_pages == [1] and second.source_pages == [3]
        assert cer(ingested["first"].pages[0], first.text) < 0.05
        assert cer(ingested["second"].pages[0], second.text) < 0.05
        blank = db.scalar(select(Page).where(Page.document_id == first.document_id, Page.page_no == 2))
        assert blank.blank


def test_text_layer_is_used_instead_of_ocr(ingested: dict) -> None:
    with session_scope() as db:
        case = _cases(db)["digital.pdf"][0]
        page = db.scalar(select(Page).where(Page.document_id == case.document_id))
        assert page.source == "text_layer"
        assert cer(ingested["digital"].pages[0], case.text) < 0.01
        assert page.words and page.words[0][0]


def test_reingest_creates_nothing_new(ingested: dict) -> None:
    again = ingest([ingested["dir"]], workers=2)
    assert {f.status for f in again.files} == {"already"}
    assert again.pages_read == 0
    with session_scope() as db:
        assert db.scalar(select(func.count(Case.id))) == 5
        assert db.scalar(select(func.count(Document.id))) == 4


def test_export_jsonl_and_csv(ingested: dict, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "export.jsonl"
    res = runner.invoke(cli_app, ["export", "--format", "jsonl", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5
    for row in rows:
        assert row["status"] == "pending_verification"
        assert set(row["complainant"]) == {"name", "address", "id_number", "phone"}
        assert isinstance(row["source_pages"], list) and isinstance(row["signatory_count"], int)
        assert row["petition_date"] is None or len(row["petition_date"]) == 10
    box = sorted((r for r in rows if r["source_file"] == "box.pdf"), key=lambda r: r["source_pages"])
    assert [r["source_pages"] for r in box] == [[1], [3]]
    csv_out = tmp_path / "export.csv"
    res = runner.invoke(cli_app, ["export", "--format", "csv", "-o", str(csv_out)])
    assert res.exit_code == 0, res.output
    import csv

    with open(csv_out, encoding="utf-8-sig", newline="") as fh:  # written with a BOM for Excel
        table = list(csv.DictReader(fh))
    assert len(table) == 5 and "complainant.name" in table[0]
    assert {r["case_id"] for r in table} == {r["case_id"] for r in rows}


def test_crash_mid_batch_then_resume_without_duplicates(corpus: dict, tmp_path: Path) -> None:
    """Kill the ingest process (as a crash would) after some pages are stored; the same command resumes."""
    data = tmp_path / "data"
    env = {
        **os.environ,
        "DONTHU_DATA_DIR": str(data),
        "DONTHU_SETTINGS_FILE": str(tmp_path / "none.toml"),
        "DONTHU_WORKERS": "1",
    }
    env.pop("DONTHU_DATABASE_URL", None)
    env.pop("DONTHU_STORAGE", None)
    cmd = [sys.executable, "-m", "donthu.cli", "ingest", str(corpus["dir"]), "--workers", "1"]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    db_file = data / "donthu.db"
    deadline = time.time() + 120
    pages = 0
    try:
        while time.time() < deadline and proc.poll() is None:
            if db_file.exists():
                try:
                    with sqlite3.connect(db_file, timeout=1) as conn:
                        pages = conn.execute("select count(*) from pages").fetchone()[0]
                except sqlite3.Error:
                    pages = 0
                if pages >= 2:
                    break
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert pages >= 2, "the ingest never stored a page"
    with sqlite3.connect(db_file) as conn:
        unfinished = conn.execute("select count(*) from documents where status = 'processing'").fetchone()[0]
    assert unfinished >= 1, "the crash came too late to test resuming"

    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "tiếp tục" in res.stdout  # the resumed file is reported as resumed
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("select count(*) from documents where status != 'done'").fetchone()[0] == 0
        assert conn.execute("select count(*) from pages").fetchone()[0] == 6
        assert (
            conn.execute(
                "select count(*) from (select document_id, page_no from pages "
                "group by 1, 2 having count(*) > 1)"
            ).fetchone()[0]
            == 0
        )
        assert conn.execute("select count(*) from cases").fetchone()[0] == 5


def test_each_petition_gets_a_searchable_pdf(ingested: dict) -> None:
    import pypdfium2 as pdfium

    from donthu.storage.objects import make_store

    store = make_store()
    with session_scope() as db:
        first, second = _cases(db)["box.pdf"]
        for case, petition in ((first, ingested["first"]), (second, ingested["second"])):
            key = case.extra.get("searchable_pdf")
            assert key, case.extra
            pdf = pdfium.PdfDocument(store.get(key))
            assert len(pdf) == 1  # the petition's own page only, not the blank sheet nor the other petition
            text = pdf[0].get_textpage().get_text_range()
            assert cer(petition.pages[0], text) < 0.08


@pytest.mark.parametrize("dpi", [72, 100, 150, 300])
def test_low_resolution_text_is_never_taken_for_a_blank_sheet(dpi: int) -> None:
    from donthu.ingest.page import BLANK_INK_RATIO
    from donthu.ocr.image import ink_ratio

    pet = make_petition(random.Random(dpi), form="labeled", n_pages=1)
    for profile in ("clean", "lowres", "office"):
        assert ink_ratio(render_page(pet.pages[0], profile, seed=1, dpi=dpi)) > BLANK_INK_RATIO, profile
    assert ink_ratio(render_page("", "blank", seed=2, dpi=dpi)) < BLANK_INK_RATIO


@pytest.mark.postgres
def test_two_workers_finalising_the_same_document_at_once_make_one_set_of_cases(
    pg_url: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last two pages of a document finishing together on two workers both ask for its finalisation."""
    import threading

    from donthu.config import get_settings
    from donthu.ingest.pipeline import Pipeline

    monkeypatch.setenv("DONTHU_DATABASE_URL", pg_url)
    reset_settings()
    rng = random.Random(5)
    write_text_pdf(tmp_path / "a.pdf", make_petition(rng, n_pages=2).pages)
    first = ingest([tmp_path / "a.pdf"])
    assert len(first.files[0].case_ids) == 1
    with session_scope() as db:  # back to "all pages read, not finalised"
        doc = db.scalar(select(Document))
        for c in db.scalars(select(Case)):
            db.delete(c)
        doc.status = "processing"
        doc_id = doc.id
    pipes = [Pipeline(get_settings()) for _ in range(4)]
    start = threading.Barrier(len(pipes))
    results: list[list[str]] = []

    def finalize(p: Pipeline) -> None:
        start.wait()
        results.append(stages.finalize(p.ctx, doc_id))

    threads = [threading.Thread(target=finalize, args=(p,)) for p in pipes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    with session_scope() as db:
        ids = list(db.scalars(select(Case.case_id)))
        assert db.get(Document, doc_id).status == "done"
    assert len(ids) == 1, ids
    assert len(results) == 4 and all(r == ids for r in results)
