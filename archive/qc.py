"""Sampled quality control of an archive batch: nobody verifies 20,000 historical petitions one by one.

The archivist draws a random sample from a batch (:func:`draw_sample`; its size and its acceptance and rejection
numbers from ISO 2859-1, :mod:`.sampling`), the sample's cases go to ``archive_review`` and are verified in the
station (→ ``archive_verified``), and :func:`estimate` reports what the sample says about the batch:

* a sample petition is *defective* (nonconforming) when the verifier corrected any of its fields — the field
  history holds a row for each change a person made (``retrain.cases.corrected_fields``: old ≠ new; a
  confirmation keeps the value and is no error);
* each field's accuracy (1 − corrected / verified) with a Wilson 95 % interval, beside the extractor's mean
  confidence for that field over the same cases (expected against observed: an over-confident field shows), and
  the accuracy of all fields pooled (the interval treats the fields as independent trials, which they are not
  quite: read it as indicative);
* the lot's decision by the plan: ``reject`` as soon as the defectives reach Re (even before the sample is
  complete), ``accept`` once the whole sample is verified with at most Ac defectives, ``pending`` otherwise;
* the estimated number of defective petitions in the lot, d / n × N with the Wilson interval scaled to the lot.

A rejected lot is inspected in full, as the standard prescribes (:func:`route_rejected`); low-confidence cases
are sent to full verification whatever the sample says (:func:`route_low_confidence`; they are not part of the
sample's lot when routed before the draw, nor of the estimate).

What is kept in ``ArchiveBatch.qc`` (a JSON column: always reassigned, never changed in place)::

    {"plan": SamplingPlan.to_dict(),
     "sample": {"number": 1, "seed": int, "drawn_by": str, "drawn_at": ISO UTC, "lot_size": N,
                "case_ids": [...]},
     "routes": [{"reason": "low_confidence" | "rejected_batch", "count": int, "by": str, "at": ISO UTC, ...}],
     "result": QcResult.to_dict()}    # the last estimate (record_estimate), for pages that read it cheaply

and on each case drawn or routed, ``extra["archive"]["qc"] = {"sample": 1, "reason": "sample" |
"low_confidence" | "rejected_batch"}``.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..contract import FIELD_LABELS, VERIFIABLE_FIELDS
from ..retrain.cases import corrections
from ..storage import repo
from ..storage.models import ArchiveBatch, Case, CaseHistory, utcnow
from .sampling import SamplingPlan, plan

__all__ = [
    "DECISION_LABELS",
    "REASON_LABELS",
    "BatchNotFound",
    "FieldAccuracy",
    "NoSample",
    "QcError",
    "QcResult",
    "draw_sample",
    "estimate",
    "get_batch",
    "record_estimate",
    "route_low_confidence",
    "route_rejected",
    "wilson",
]

Z95 = 1.959963984540054  # the standard normal quantile of 0.975
SAMPLE_NUMBER = 1  # one sample per batch (a second draw is refused)
CHUNK = 500
DECISION_LABELS: dict[str, str] = {
    "accept": "Chấp nhận lô",
    "reject": "Không chấp nhận lô: kiểm tra toàn bộ",
    "pending": "Chưa kết luận: còn hồ sơ mẫu chưa kiểm tra",
}
REASON_LABELS: dict[str, str] = {
    "sample": "Thuộc mẫu kiểm tra",
    "low_confidence": "Độ tin cậy thấp: kiểm tra toàn bộ",
    "rejected_batch": "Lô không được chấp nhận: kiểm tra toàn bộ",
}
_LABELS = dict(FIELD_LABELS)


class QcError(ValueError):
    """A quality-control step refused; the message is for the archivist (Vietnamese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BatchNotFound(QcError):
    pass


class NoSample(QcError):
    pass


# ------------------------------------------------------------------------------------------------ statistics
def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (Wilson 1927; Newcombe 1998, method 3): 95 % by default.
    Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not collapse to a point at 0 or n successes."""
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class FieldAccuracy:
    """One field over the verified sample cases: observed accuracy with its 95 % interval, and what the extractor
    expected (its mean confidence for the field over the same cases). ``calibration``: "over" when the mean
    confidence lies above the interval (the machine is surer than it is right), "under" below it, "ok" inside."""

    field: str
    label: str
    checked: int
    corrected: int
    accuracy: float | None
    low: float | None
    high: float | None
    confidence: float | None
    calibration: str | None


@dataclass(frozen=True)
class QcResult:
    """What the verified part of a batch's sample says about the batch (:func:`estimate`)."""

    batch_id: int
    plan: SamplingPlan
    lot_size: int
    sample_size: int
    verified: int
    defectives: int
    decision: str  # accept | reject | pending
    fields: tuple[FieldAccuracy, ...]
    overall: FieldAccuracy  # every field pooled (field "*")
    lot_defectives: tuple[float, float, float] | None  # estimate, low, high (None before any verification)
    computed_at: str

    @property
    def pending(self) -> int:
        return self.sample_size - self.verified

    @property
    def decision_label(self) -> str:
        return DECISION_LABELS[self.decision]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["plan"] = self.plan.to_dict()
        out["lot_defectives"] = list(self.lot_defectives) if self.lot_defectives else None
        out["pending"], out["decision_label"] = self.pending, self.decision_label
        return out


def _field_accuracy(field: str, checked: int, corrected: int, confidences: list[float]) -> FieldAccuracy:
    label = "Tất cả các trường" if field == "*" else _LABELS.get(field, field)
    expected = sum(confidences) / len(confidences) if confidences else None
    if not checked:
        return FieldAccuracy(field, label, 0, 0, None, None, None, expected, None)
    low, high = wilson(checked - corrected, checked)
    calibration = None
    if expected is not None:
        calibration = "over" if expected > high else "under" if expected < low else "ok"
    return FieldAccuracy(
        field, label, checked, corrected, (checked - corrected) / checked, low, high, expected, calibration
    )


def _confidences(cases: Sequence[Case], field: str) -> list[float]:
    """The extractor's confidence for ``field`` on each case that has one."""
    values = [(c.confidence or {}).get(field) for c in cases]
    return [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def _decision(verified: int, sample_size: int, defectives: int, p: SamplingPlan) -> str:
    if defectives >= p.reject:
        return "reject"  # decided early: the rest of the sample cannot bring it back under Re
    if verified >= sample_size and defectives <= p.accept:
        return "accept"
    return "pending"


def _lot_estimate(defectives: int, verified: int, lot_size: int) -> tuple[float, float, float] | None:
    """d / n × N with the Wilson interval scaled to the lot, kept within what is known: at least the d found,
    at most N less the good ones found."""
    if not verified:
        return None
    if verified >= lot_size:
        return float(defectives), float(defectives), float(defectives)
    low, high = wilson(defectives, verified)
    ceiling = float(lot_size - (verified - defectives))
    return (
        defectives / verified * lot_size,
        max(float(defectives), low * lot_size),
        min(ceiling, high * lot_size),
    )


# ------------------------------------------------------------------------------------------------ the batch
def get_batch(db: Session, batch_id: int, *, lock: bool = False) -> ArchiveBatch:
    """The batch (row-locked for the transaction with ``lock`` on PostgreSQL), or :class:`BatchNotFound`."""
    batch = db.get(ArchiveBatch, batch_id, with_for_update=True if lock else None)
    if batch is None:
        raise BatchNotFound(f"Không có lô lưu trữ số {batch_id}.")
    return batch


def _now_iso() -> str:
    return utcnow().isoformat().replace("+00:00", "Z")


def _chunks(values: Sequence[Any]) -> list[Sequence[Any]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def _to_review(db: Session, cases: Sequence[Case], qc: dict[str, Any], actor: str) -> None:
    """``archived`` → ``archive_review``: the reason in ``extra["archive"]["qc"]`` and a status history row."""
    for case in cases:
        extra = dict(case.extra or {})
        extra["archive"] = {**dict(extra.get("archive") or {}), "qc": dict(qc)}
        case.extra = extra
        db.add(
            CaseHistory(
                case_id=case.case_id or str(case.id),
                field="status",
                old_value=case.status,
                new_value="archive_review",
                actor=actor,
            )
        )
        case.status = "archive_review"
    db.flush()


def _archived_ids(db: Session, batch_id: int, *conds: Any) -> list[int]:
    stmt = select(Case.id).where(Case.archive_batch_id == batch_id, Case.status == "archived", *conds)
    return list(db.scalars(stmt.order_by(Case.id)))


def _cases(db: Session, ids: Sequence[int]) -> list[Case]:
    out: list[Case] = []
    for part in _chunks(ids):
        out += db.scalars(select(Case).where(Case.id.in_(part)).order_by(Case.id))
    return out


# ------------------------------------------------------------------------------------------------ the sample
def draw_sample(
    db: Session,
    batch_id: int,
    *,
    aql: float = 1.0,
    level: str = "II",
    seed: int | None = None,
    actor: str,
) -> list[str]:
    """Draw the batch's sample: the lot is the batch's cases still ``archived`` (not those already routed for
    full verification); the plan's number of them, drawn with ``random.Random(seed)`` from the lot in id order
    (``seed`` from :mod:`secrets` when None, recorded), go to ``archive_review``. Returns their case numbers.

    One sample per batch: a second draw is refused, as is a draw while the import is still running."""
    batch = get_batch(db, batch_id, lock=True)
    if (batch.qc or {}).get("sample"):
        raise QcError(f"Lô “{batch.name}” đã rút mẫu kiểm tra; mỗi lô chỉ rút mẫu một lần.")
    if batch.status in ("importing", "stopped"):
        raise QcError(f"Lô “{batch.name}” chưa nhập xong; hãy rút mẫu khi nhập xong.")
    lot = _archived_ids(db, batch_id)
    if not lot:
        raise QcError(f"Lô “{batch.name}” không có hồ sơ lưu trữ nào chưa kiểm tra để rút mẫu.")
    the_plan = plan(len(lot), aql, level)
    seed = secrets.randbits(63) if seed is None else int(seed)
    chosen = sorted(random.Random(seed).sample(lot, the_plan.sample_size))
    cases = _cases(db, chosen)
    _to_review(db, cases, {"sample": SAMPLE_NUMBER, "reason": "sample"}, actor)
    case_ids = [str(c.case_id) for c in cases]
    qc = dict(batch.qc or {})
    qc["plan"] = the_plan.to_dict()
    qc["sample"] = {
        "number": SAMPLE_NUMBER,
        "seed": seed,
        "drawn_by": actor,
        "drawn_at": _now_iso(),
        "lot_size": len(lot),
        "case_ids": case_ids,
    }
    qc.pop("result", None)
    batch.qc = qc
    repo.audit(
        db,
        actor,
        "archive_sample",
        batch=batch_id,
        lot_size=len(lot),
        sample_size=len(case_ids),
        code_letter=the_plan.code_letter,
        aql=the_plan.aql,
        level=the_plan.level,
        accept=the_plan.accept,
        reject=the_plan.reject,
        seed=seed,
    )
    db.flush()
    return case_ids


def _sample(batch: ArchiveBatch) -> tuple[SamplingPlan, list[str]]:
    qc = batch.qc or {}
    if not qc.get("sample") or not qc.get("plan"):
        raise NoSample(f"Lô “{batch.name}” chưa rút mẫu kiểm tra.")
    return SamplingPlan.from_dict(qc["plan"]), [str(c) for c in qc["sample"]["case_ids"]]


def sample_cases(db: Session, batch_id: int) -> list[Case]:
    """The batch's sample cases, in case-number order."""
    _plan, case_ids = _sample(get_batch(db, batch_id))
    out: list[Case] = []
    for part in _chunks(case_ids):
        out += db.scalars(select(Case).where(Case.case_id.in_(part)))
    return sorted(out, key=lambda c: str(c.case_id))


def estimate(db: Session, batch_id: int) -> QcResult:
    """What the sample's verified cases say about the batch (reads only; :func:`record_estimate` stores it)."""
    batch = get_batch(db, batch_id)
    the_plan, case_ids = _sample(batch)
    verified = [c for c in sample_cases(db, batch_id) if c.status == "archive_verified"]
    corrected = corrections(db, [str(c.case_id) for c in verified])
    defectives = sum(1 for c in verified if corrected[str(c.case_id)])
    fields = []
    for field in VERIFIABLE_FIELDS:
        wrong = sum(1 for c in verified if field in corrected[str(c.case_id)])
        fields.append(_field_accuracy(field, len(verified), wrong, _confidences(verified, field)))
    overall = _field_accuracy(
        "*",
        sum(f.checked for f in fields),
        sum(f.corrected for f in fields),
        [f.confidence for f in fields if f.confidence is not None],
    )
    return QcResult(
        batch_id=batch_id,
        plan=the_plan,
        lot_size=the_plan.lot_size,
        sample_size=len(case_ids),
        verified=len(verified),
        defectives=defectives,
        decision=_decision(len(verified), len(case_ids), defectives, the_plan),
        fields=tuple(fields),
        overall=overall,
        lot_defectives=_lot_estimate(defectives, len(verified), the_plan.lot_size),
        computed_at=_now_iso(),
    )


def record_estimate(db: Session, batch_id: int, actor: str = "system") -> QcResult:
    """:func:`estimate`, stored in ``batch.qc["result"]``; the decision audited when it changes."""
    result = estimate(db, batch_id)
    batch = get_batch(db, batch_id, lock=True)
    qc = dict(batch.qc or {})
    before = (qc.get("result") or {}).get("decision")
    qc["result"] = result.to_dict()
    batch.qc = qc
    if result.decision != before and result.decision != "pending":
        repo.audit(
            db,
            actor,
            "archive_qc_decision",
            batch=batch_id,
            decision=result.decision,
            verified=result.verified,
            defectives=result.defectives,
            accept=result.plan.accept,
            reject=result.plan.reject,
        )
    db.flush()
    return result


# ------------------------------------------------------------------------------------------------ routing
def _record_route(db: Session, batch: ArchiveBatch, route: dict[str, Any], actor: str) -> None:
    qc = dict(batch.qc or {})
    qc["routes"] = [*list(qc.get("routes") or []), {**route, "by": actor, "at": _now_iso()}]
    batch.qc = qc
    repo.audit(db, actor, "archive_route", batch=batch.id, **route)
    db.flush()


def route_rejected(db: Session, batch_id: int, actor: str) -> int:
    """A rejected batch is inspected in full (ISO 2859-1: a lot not accepted is not passed on as it is): every
    case of the batch still ``archived`` goes to ``archive_review``. Refused unless the sample rejects the batch.
    Returns the number of cases routed."""
    result = estimate(db, batch_id)
    if result.decision != "reject":
        raise QcError(
            f"Lô chưa bị kết luận không chấp nhận ({result.defectives} hồ sơ mẫu có lỗi, "
            f"ngưỡng loại {result.plan.reject}); không chuyển kiểm tra toàn bộ."
        )
    batch = get_batch(db, batch_id, lock=True)
    ids = _archived_ids(db, batch_id)
    for part in _chunks(ids):
        _to_review(db, _cases(db, part), {"sample": SAMPLE_NUMBER, "reason": "rejected_batch"}, actor)
    _record_route(db, batch, {"reason": "rejected_batch", "count": len(ids)}, actor)
    return len(ids)


def route_low_confidence(db: Session, batch_id: int, threshold: float = 0.6, *, actor: str) -> dict[str, int]:
    """Send the batch's ``archived`` cases the extractor was unsure of to full verification (``archive_review``,
    reason "low_confidence"): lowest field confidence below ``threshold``, none at all, or a page that needs
    manual entry (its ``min_confidence`` is 0). Returns the counts: routed, and of those below the threshold,
    without a confidence, needing manual entry."""
    if not 0.0 <= threshold <= 1.0:
        raise QcError("Ngưỡng độ tin cậy phải nằm trong khoảng 0 đến 1.")
    batch = get_batch(db, batch_id, lock=True)
    ids = _archived_ids(
        db, batch_id, or_(Case.min_confidence.is_(None), Case.min_confidence < float(threshold))
    )
    counts = {"routed": len(ids), "below_threshold": 0, "no_confidence": 0, "needs_manual": 0}
    for part in _chunks(ids):
        cases = _cases(db, part)
        for case in cases:
            if (case.extra or {}).get("needs_manual"):
                counts["needs_manual"] += 1
            elif case.min_confidence is None:
                counts["no_confidence"] += 1
            else:
                counts["below_threshold"] += 1
        _to_review(db, cases, {"reason": "low_confidence", "threshold": float(threshold)}, actor)
    _record_route(db, batch, {"reason": "low_confidence", "threshold": float(threshold), **counts}, actor)
    return counts
