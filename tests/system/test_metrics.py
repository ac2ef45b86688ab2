"""/metrics (Prometheus text format, from the database at scrape time) and its access rule; JSON logs."""

from __future__ import annotations

import io
import json
import logging

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from prometheus_client.parser import text_string_to_metric_families

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.ingest.pipeline import ingest
from donthu.logs import JsonFormatter, configure_logging, log_context


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def _blank_png(shade: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (300, 400), shade).save(buf, "PNG")
    return buf.getvalue()


def test_metrics_from_the_database(db_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONTHU_WORKERS", "1")
    reset_settings()
    d = tmp_path / "scans"
    d.mkdir()
    (d / "a.png").write_bytes(_blank_png(255))
    (d / "b.png").write_bytes(_blank_png(254))
    (d / "bad.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 40)
    ingest([d], get_settings())
    client = TestClient(create_app(), client=("127.0.0.1", 40000))
    res = client.get("/metrics")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/plain")
    m = _samples(res.text)
    assert m[("donthu_pages_processed_total", ())] == 2
    assert m[("donthu_ocr_seconds_total", ())] > 0
    assert m[("donthu_documents_failed", ())] == 1
    assert m[("donthu_queue_depth", (("queue", "documents_processing"),))] == 0
    assert ("donthu_queue_depth", (("queue", "pending_verification"),)) in m
    assert m[("donthu_documents", (("status", "done"),))] == 2


def test_metrics_access(data_dir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DONTHU_METRICS_TOKEN", raising=False)
    reset_settings()
    app = create_app()
    assert TestClient(app, client=("127.0.0.1", 1)).get("/metrics").status_code == 200
    assert TestClient(app, client=("::1", 1)).get("/metrics").status_code == 200
    remote = TestClient(app, client=("10.1.2.3", 1))
    assert remote.get("/metrics").status_code == 403
    assert remote.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 403
    # through a reverse proxy on the same host the client is not loopback
    assert (
        TestClient(app, client=("127.0.0.1", 1))
        .get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        .status_code
        == 403
    )

    monkeypatch.setenv("DONTHU_METRICS_TOKEN", "s3cret-token-for-prometheus")
    reset_settings()
    app = create_app()
    remote = TestClient(app, client=("10.1.2.3", 1))
    assert remote.get("/metrics").status_code == 403
    assert remote.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    ok = remote.get("/metrics", headers={"Authorization": "Bearer s3cret-token-for-prometheus"})
    assert ok.status_code == 200 and "donthu_pages_processed_total" in ok.text


def test_json_logs_carry_ids(
    data_dir, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DONTHU_LOG_FORMAT", "json")
    reset_settings()
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    try:
        configure_logging(logging.INFO)
        log = logging.getLogger("donthu.test")
        with log_context(task_id="t-123", document_id=7):
            log.info("trang %s đã đọc", 2, extra={"case_id": "DT-2026-000001", "page": 2})
        log.warning("no ids")
    finally:
        root.handlers[:] = before[0]
        root.setLevel(before[1])
    lines = [json.loads(x) for x in capsys.readouterr().err.splitlines() if x.startswith("{")]
    first = lines[0]
    assert (
        first["message"] == "trang 2 đã đọc" and first["level"] == "INFO" and first["logger"] == "donthu.test"
    )
    assert first["case_id"] == "DT-2026-000001" and first["task_id"] == "t-123" and first["document_id"] == 7
    assert "task_id" not in lines[1]
    rec = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, None)
    assert json.loads(JsonFormatter().format(rec))["message"] == "boom"
