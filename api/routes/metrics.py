"""/healthz for the load balancer, and /metrics in the Prometheus text format, computed from the database at
scrape time.

Access: without credentials only from the loopback interface (and not through a proxy that sets
``X-Forwarded-For``); from anywhere with ``Authorization: Bearer <DONTHU_METRICS_TOKEN>``.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Iterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session

from ...storage import repo
from ..deps import SessionDep

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz(db: SessionDep) -> dict[str, str]:
    repo.counts(db)
    return {"status": "ok"}


def _is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed(request: Request) -> bool:
    token = getattr(request.app.state.settings, "metrics_token", "") or ""
    auth = request.headers.get("authorization", "")
    if token and auth.lower().startswith("bearer ") and secrets.compare_digest(auth[7:].strip(), token):
        return True
    forwarded = "x-forwarded-for" in request.headers or "forwarded" in request.headers
    return not forwarded and _is_loopback(request.client.host if request.client else None)


class _DbCollector(Collector):
    def __init__(self, figures: dict) -> None:
        self.f = figures

    def collect(self) -> Iterator[Metric]:
        f = self.f
        yield CounterMetricFamily(
            "donthu_pages_processed", "Pages read and stored (OCR or text layer)", value=f["pages_processed"]
        )
        yield CounterMetricFamily(
            "donthu_ocr_seconds", "Seconds spent reading pages, summed over pages", value=f["ocr_seconds"]
        )
        queue = GaugeMetricFamily(
            "donthu_queue_depth", "Work waiting: cases to verify, documents being read", labels=["queue"]
        )
        queue.add_metric(["pending_verification"], f["cases_pending_verification"])
        queue.add_metric(["documents_processing"], f["documents_processing"])
        yield queue
        yield GaugeMetricFamily(
            "donthu_documents_failed",
            "Documents that failed (bad input or errors)",
            value=f["documents_failed"],
        )
        docs = GaugeMetricFamily("donthu_documents", "Documents by status", labels=["status"])
        for status in ("processing", "done", "failed"):
            docs.add_metric([status], f[f"documents_{status}"])
        yield docs
        cases = GaugeMetricFamily("donthu_cases", "Cases by status", labels=["status"])
        for status, n in sorted(f["cases_by_status"].items()):
            cases.add_metric([status], n)
        yield cases


def render(db: Session) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_DbCollector(repo.metrics(db)))
    return generate_latest(registry)


@router.get("/metrics")
def metrics(request: Request, db: SessionDep) -> Response:
    if not allowed(request):
        raise HTTPException(403, "Chỉ đọc được /metrics từ máy chủ này hoặc với mã truy cập.")
    return Response(render(db), media_type=CONTENT_TYPE_LATEST)
