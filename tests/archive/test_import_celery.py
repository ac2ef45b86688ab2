"""The archive import through a real Celery worker (Redis broker, PostgreSQL): the worker runs the same
finalisation, so the cases it makes are historical ones with the manifest's dates and boxes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_importkit import batch_and_items, cases_by_path, junk, local_day, petition, text_pdf
from celerykit import REDIS_URL, Cluster, cluster_env, require_broker

from donthu.archive.importer import import_archive
from donthu.config import Settings, get_settings, reset_settings
from donthu.storage import repo
from donthu.storage.db import session_scope


@pytest.fixture()
def celery_env(pg_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    require_broker(REDIS_URL)
    env, queue = cluster_env(pg_url, data_dir)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    reset_settings()
    cluster = Cluster(env, queue, data_dir.parent)
    cluster.start("archive", concurrency=1)
    try:
        yield get_settings()
    finally:
        cluster.close()


@pytest.mark.postgres
def test_archive_import_through_a_celery_worker(celery_env: Settings, tmp_path: Path) -> None:
    root = tmp_path / "kho"
    text_pdf(root / "Hop 1" / "a.pdf", petition(81))
    text_pdf(root / "Hop 2" / "a.pdf", petition(82))
    junk(root)
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "file,received_date\nHop 1/a.pdf,02/03/2021\nHop 2/a.pdf,04/05/2020\n", encoding="utf-8"
    )
    result = import_archive([root], manifest=manifest, settings=celery_env, actor="luutru")
    assert result.summary.failures == [] and len(result.skipped) == 3
    cases = {p: c[0] for p, c in cases_by_path(celery_env.db_url).items()}
    assert {p: (c.status, c.archive_box, local_day(c.received_at)) for p, c in cases.items()} == {
        "kho/Hop 1/a.pdf": ("archived", "1", dt.date(2021, 3, 2)),
        "kho/Hop 2/a.pdf": ("archived", "2", dt.date(2020, 5, 4)),
    }
    batch, items = batch_and_items(result.batch_id, celery_env.db_url)
    assert (batch.status, batch.files_done, batch.pages_done) == ("done", 2, 2)
    with session_scope(celery_env.db_url) as db:
        assert repo.queue_cases(db)[1] == 0 and repo.next_case(db, "xacminh") is None
