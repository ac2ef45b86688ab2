"""How a batch's quality control is shown (issue 15): the sampling plan for its lot size (archive/sampling.py),
the sample and where each case stands, the estimate (archive/qc.py: per-field accuracy with a Wilson 95 % interval,
the defectives against Ac/Re, the decision) and the cases routed for a full check. No HTTP here: the routes are in
``routes/archive.py``; the sample is verified in the station.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..archive import qc, sampling
from ..contract import STATUS_LABELS
from ..storage.models import ArchiveBatch, Case
from .present import local_time

AQL_CHOICES: tuple[float, ...] = (0.65, 1.0, 1.5, 2.5, 4.0)
DEFAULT_AQL = 1.0
LOW_THRESHOLD = 0.6  # "low confidence": the lowest field confidence below this goes to a full check
DECISION_SHORT = {"accept": "Đạt", "reject": "Không đạt", "pending": "Chưa đủ mẫu"}
CALIBRATION = {
    "over": "máy tự tin hơn thực tế",
    "under": "máy thận trọng hơn thực tế",
    "ok": "khớp",
}
SAMPLE_LIMIT = 300  # sample rows listed on the page (a lot of 500,000 has a sample of 1,250)


def number(value: float) -> str:
    """An AQL as Vietnamese writes it: 0,65 · 1,0 · 4,0."""
    return (f"{value:.2f}".rstrip("0") if value < 1 else f"{value:.1f}").replace(".", ",")


def _pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{100 * value:.{digits}f}".replace(".", ",") + " %"


def _local(iso: Any) -> str:
    """A time qc.py keeps as ISO 8601 UTC, shown in local time."""
    try:
        return local_time(dt.datetime.fromisoformat(str(iso).replace("Z", "+00:00")))
    except ValueError:
        return str(iso or "")


def qc_state(batch: ArchiveBatch) -> dict[str, str]:
    """The list's quality-control column, from what ``batch.qc`` keeps (no query)."""
    kept = batch.qc or {}
    result = kept.get("result") or {}
    sample = kept.get("sample") or {}
    if result.get("decision"):
        d = str(result["decision"])
        n = f"{result.get('verified', 0)}/{result.get('sample_size', 0)} hồ sơ mẫu đã kiểm tra"
        return {"key": d, "label": f"{DECISION_SHORT.get(d, d)} ({n})"}
    if sample:
        return {"key": "drawn", "label": f"Đã rút mẫu {len(sample.get('case_ids') or [])} hồ sơ"}
    return {"key": "none", "label": "Chưa rút mẫu"}


def missing_row(row: Any) -> dict[str, str]:
    """A manifest row with no file, as the importer keeps it (a dict, or a text)."""
    if not isinstance(row, dict):
        return {"line": "", "file": str(row), "detail": ""}
    detail = ", ".join(
        f"{label} {row[key]}"
        for key, label in (("box", "hộp"), ("folder", "hồ sơ"), ("received_date", "ngày đến"))
        if row.get(key)
    )
    return {
        "line": str(row.get("line") or ""),
        "file": str(row.get("file") or row.get("path") or ""),
        "detail": detail,
    }


def _lot_size(db: Session, batch_id: int) -> int:
    """The batch's cases not yet checked (``archived``): the lot a sample would be drawn from now."""
    return int(
        db.scalar(
            select(func.count(Case.id)).where(Case.archive_batch_id == batch_id, Case.status == "archived")
        )
        or 0
    )


def _low_confidence(db: Session, batch_id: int) -> int:
    return int(
        db.scalar(
            select(func.count(Case.id)).where(
                Case.archive_batch_id == batch_id,
                Case.status == "archived",
                or_(Case.min_confidence.is_(None), Case.min_confidence < LOW_THRESHOLD),
            )
        )
        or 0
    )


def plan_view(p: sampling.SamplingPlan) -> dict[str, Any]:
    return {
        "code": p.code_letter,
        "plan_letter": p.plan_letter,
        "n": p.sample_size,
        "ac": p.accept,
        "re": p.reject,
        "lot": p.lot_size,
        "aql": number(p.aql),
        "level": p.level,
        "full": p.full_inspection,
    }


def _preview(lot: int, aql: float | None, level: str) -> tuple[dict[str, Any] | None, str | None]:
    """The plan a draw would use now, or why there is none."""
    if lot < 1:
        return None, None
    try:
        return plan_view(sampling.plan(lot, aql if aql is not None else DEFAULT_AQL, level)), None
    except ValueError as exc:
        return None, str(exc)


def _field_row(f: qc.FieldAccuracy) -> dict[str, Any]:
    return {
        "field": f.field,
        "label": f.label,
        "checked": f.checked,
        "corrected": f.corrected,
        "accuracy": _pct(f.accuracy),
        "interval": "—" if f.low is None or f.high is None else f"{_pct(f.low)} – {_pct(f.high)}",
        "confidence": _pct(f.confidence),
        "calibration": CALIBRATION.get(f.calibration or "", ""),
        "over": f.calibration == "over",
    }


def estimate_view(result: qc.QcResult) -> dict[str, Any]:
    lot = result.lot_defectives
    return {
        "verified": result.verified,
        "sample_size": result.sample_size,
        "pending": result.pending,
        "defectives": result.defectives,
        "decision": result.decision,
        "decision_short": DECISION_SHORT.get(result.decision, result.decision),
        "decision_label": result.decision_label,
        "overall": _field_row(result.overall),
        "fields": [_field_row(f) for f in result.fields],
        "lot_defectives": None
        if lot is None
        else {"estimate": round(lot[0]), "low": round(lot[1]), "high": round(lot[2])},
    }


def _sample_rows(db: Session, batch: ArchiveBatch) -> list[dict[str, Any]]:
    qs = urlencode({"status": "archive_review", "batch": batch.id})
    rows = []
    for case in qc.sample_cases(db, batch.id):
        rows.append(
            {
                "case_id": case.case_id,
                "url": f"/cases/{case.case_id}?{qs}",
                "status": case.status,
                "status_label": STATUS_LABELS.get(case.status, case.status),
                "verified_by": case.verified_by if case.status == "archive_verified" else None,
                "protected": bool(case.identity_protected),
                "box": case.archive_box or "",
            }
        )
    return rows


def panel(db: Session, batch: ArchiveBatch, aql: float | None, level: str) -> dict[str, Any]:
    """Everything the quality-control panel shows for ``batch``; ``aql``/``level``: the plan previewed before
    the draw (AQL 1.0, level II by default)."""
    kept = batch.qc or {}
    level = level if level in sampling.LEVELS else "II"
    lot = _lot_size(db, batch.id)
    out: dict[str, Any] = {
        "drawn": bool(kept.get("sample")),
        "lot": lot,
        "aql": aql if aql in AQL_CHOICES else DEFAULT_AQL,
        "level": level,
        "low_threshold": LOW_THRESHOLD,
        "low_waiting": _low_confidence(db, batch.id),
        "routes": [
            {
                **r,
                "label": qc.REASON_LABELS.get(str(r.get("reason")), str(r.get("reason"))),
                "count": r.get("count", r.get("routed", 0)),
                "at": _local(r.get("at")),
            }
            for r in kept.get("routes") or []
            if isinstance(r, dict)
        ],
    }
    if not out["drawn"]:
        out["plan"], out["plan_error"] = _preview(lot, out["aql"], level)
        return out
    plan = sampling.SamplingPlan.from_dict(kept["plan"])
    sample = kept.get("sample") or {}
    rows = _sample_rows(db, batch)
    out.update(
        plan=plan_view(plan),
        sample={
            **{k: sample.get(k) for k in ("seed", "drawn_by", "lot_size")},
            "drawn_at": _local(sample.get("drawn_at")),
        },
        rows=rows[:SAMPLE_LIMIT],
        rows_total=len(rows),
        waiting=sum(1 for r in rows if r["status"] == "archive_review"),
        # protected cases an archivist may not open: a cleared verifier checks them
        needs_cleared=sum(1 for r in rows if r["protected"] and r["status"] == "archive_review"),
        estimate=estimate_view(qc.estimate(db, batch.id)),
    )
    return out
