"""``donthu models retrain``: refit the classifier and the confidence calibration on the agency's verified cases.

The steps, in order (:func:`retrain`):

1. read the verified cases (:mod:`.cases`); refuse below ``min_cases``;
2. split them by a seeded hash of the case number into the fit share and the held-out share;
3. read every case once with the extractor, calibration off (raw confidence scores, the active classifier: the
   one ``nlp.textcat.load_default`` finds for this process's settings, so ``settings`` should be those);
4. classifier: fine-tune the active model (the agency's earlier copy, else the shipped one) on the fit share,
   with early stopping on a validation slice of it (``nlp.learn.finetune``); before = the active model, after =
   the fine-tuned one, both measured on the held-out share;
5. calibration: fit isotonic maps on the fit share less its validation slice (right = the value read equals the
   verifier's, by ``nlp.learn.is_right``); a field's map is refitted on the whole fit share only where it beats
   the active map on the validation slice (Brier score), the others keep the active map; when the classifier
   is replaced, the category and domain maps are kept too (their raw scores came from the old classifier);
   before/after by Brier score and ECE on the held-out share;
6. each of the two is written into the agency model directory only when its held-out results are not worse
   (classifier: category and domain accuracy not lower; calibration: Brier score and ECE not higher); ``dry_run``
   writes nothing. The report (counts, accuracies, scores, seeds, hashes; no text of any case) is saved beside
   the models and the run is recorded in the audit log.

A process that has already loaded the classifier or the maps (``donthu serve``, the workers) reads the new ones
when it starts again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..lang.lexicon import calibration_path, textcat_dir
from ..nlp import NlpOptions, extract_fields, learn
from ..nlp.calibrate import map_key
from ..nlp.extract import CONFIDENCE_KEYS, Extraction
from ..storage import repo
from ..storage.db import session_scope
from .cases import VerifiedCase, load_verified, split

__all__ = ["DEFAULT_SEED", "REPORT_NAME", "RetrainOptions", "RetrainRefused", "retrain"]

DEFAULT_SEED = 20261212
REPORT_NAME = "retrain_report.json"
VALIDATION_SHARE = 0.2  # of the fit share: early stopping of the fine-tuning, choice of the maps to refit
CLASSIFIER_KEYS = frozenset({"category", "domain"})  # confidences the classifier's scores feed
AUDIT_ACTION = "models_retrain"


class RetrainRefused(Exception):
    """The run cannot go on (too few verified cases, bad options); the message is for the administrator."""


@dataclass(frozen=True)
class RetrainOptions:
    holdout: float = 0.2
    seed: int = DEFAULT_SEED
    min_cases: int = 50
    dry_run: bool = False
    actor: str = "cli"
    max_epochs: int = 8
    patience: int = 2


@dataclass
class _Outcome:
    """One refitted artefact: its part of the report, whether it passed, and what to write."""

    report: dict[str, Any]
    accepted: bool
    artefact: Any = None


Log = Callable[[str], None]


def retrain(settings: Settings, options: RetrainOptions, log: Log | None = None) -> dict[str, Any]:
    """Run the steps of the module docstring; returns the report. Raises RetrainRefused."""
    if not 0.0 < options.holdout < 1.0:
        raise RetrainRefused("Tỷ lệ giữ lại (--holdout) phải lớn hơn 0 và nhỏ hơn 1.")
    say = log or (lambda _msg: None)
    with session_scope(settings.db_url) as db:
        cases = load_verified(db)
    if len(cases) < options.min_cases:
        raise RetrainRefused(
            f"Chưa đủ hồ sơ đã xác minh để học lại: có {len(cases)}, cần ít nhất {options.min_cases}. "
            "Không thay đổi mô hình nào."
        )
    fit, held = split(cases, options.seed, options.holdout)
    if not fit or not held:
        raise RetrainRefused("Phần để học hoặc phần giữ lại để đánh giá trống: đổi --holdout hoặc --seed.")
    agency = settings.agency_model_dir
    say(f"{len(cases)} hồ sơ đã xác minh: {len(fit)} để học, {len(held)} để đánh giá; đọc lại các trường …")
    readings = {c.case_id: extract_fields(c.text, NlpOptions(calibration=False)) for c in cases}
    train, val = split(fit, options.seed, VALIDATION_SHARE, salt="validation")
    say("Học lại bộ phân loại …")
    classifier = _classifier(agency, train, val, held, options, say)
    say("Khớp lại hiệu chỉnh độ tin cậy …")
    frozen = CLASSIFIER_KEYS if classifier.accepted else frozenset()
    calibration = _calibration(agency, (train, val), held, readings, frozen)
    report = _report(settings, options, cases, fit, held, classifier, calibration)
    if not options.dry_run:
        _write(agency, classifier, calibration, report)
    with session_scope(settings.db_url) as db:
        repo.audit(db, options.actor, AUDIT_ACTION, None, **_audit_detail(report))
    return report


# ------------------------------------------------------------------------------------------------ classifier
def _rows(cases: Sequence[VerifiedCase]) -> list[learn.Row]:
    return [learn.petition_row(c.text, c.truth["category"], c.truth["domain"]) for c in cases]


def _not_lower(before: dict, after: dict) -> bool:
    return all((after[k] or 0.0) >= (before[k] or 0.0) for k in ("category", "domain"))


def _classifier(
    agency: Path,
    train_cases: list[VerifiedCase],
    val_cases: list[VerifiedCase],
    held: list[VerifiedCase],
    options: RetrainOptions,
    say: Log,
) -> _Outcome:
    base_dir = textcat_dir(agency)
    if not (base_dir / "meta.json").is_file():
        return _Outcome({"base": None, "decision": "không có mô hình phân loại để học tiếp"}, False)
    base = learn.load_pipeline(base_dir)
    tuned = learn.finetune(
        base_dir,
        _rows(train_cases),
        _rows(val_cases),
        seed=options.seed,
        max_epochs=options.max_epochs,
        patience=options.patience,
        log=say,
    )
    held_rows = _rows(held)
    before, after = learn.accuracy(base, held_rows), learn.accuracy(tuned.nlp, held_rows)
    changed = tuned.best_epoch > 0
    accepted = changed and _not_lower(before, after)
    if not changed:
        decision = "không lượt học nào tốt hơn mô hình đang dùng trên phần kiểm tra: giữ mô hình cũ"
    elif accepted:
        decision = "độ chính xác trên phần giữ lại không thấp hơn: nhận mô hình mới"
    else:
        decision = "độ chính xác trên phần giữ lại thấp hơn: giữ mô hình cũ"
    report = {
        "base": "agency" if base_dir.parent == agency else "shipped",
        "train": len(train_cases),
        "validation": len(val_cases),
        "best_epoch": tuned.best_epoch,
        "epochs_run": tuned.epochs_run,
        "before": before,
        "after": after,
        "accepted": accepted,
        "decision": decision,
        "sha256_before": learn.model_digest(base),
        "sha256_after": learn.model_digest(tuned.nlp),
    }
    return _Outcome(report, accepted, tuned.nlp)


# ----------------------------------------------------------------------------------------------- calibration
def _calibration_rows(
    cases: Sequence[VerifiedCase], readings: dict[str, Extraction]
) -> list[tuple[str, float, bool]]:
    rows = []
    for case in cases:
        got = readings[case.case_id]
        for f in CONFIDENCE_KEYS:
            key = map_key(f, learn.is_present(f, got.fields))
            rows.append((key, float(got.confidence[f]), learn.is_right(f, case.truth, got.fields)))
    return rows


def _read_maps(path: Path) -> tuple[dict[str, dict], str]:
    try:
        raw = path.read_bytes()
        return dict(json.loads(raw).get("fields", {})), hashlib.sha256(raw).hexdigest()
    except (OSError, ValueError):
        return {}, ""


def _chosen_keys(
    train: list[tuple[str, float, bool]],
    val: list[tuple[str, float, bool]],
    active: dict[str, dict],
    frozen: frozenset[str],
) -> list[str]:
    """Keys whose map fitted on ``train`` reads ``val`` better (lower Brier score) than the active map."""
    candidates = {k: m for k, m in learn.fit_maps(train).items() if k.partition(":")[0] not in frozen}
    before = learn.calibration_scores(val, active)["fields"]
    after = learn.calibration_scores(val, {**active, **candidates})["fields"]
    return [k for k in candidates if k in before and after[k]["brier"] < before[k]["brier"]]


def _calibration(
    agency: Path,
    fit: tuple[list[VerifiedCase], list[VerifiedCase]],
    held: list[VerifiedCase],
    readings: dict[str, Extraction],
    frozen: frozenset[str],
) -> _Outcome:
    path = calibration_path(agency)
    active, active_sha = _read_maps(path)
    train, val = _calibration_rows(fit[0], readings), _calibration_rows(fit[1], readings)
    chosen = _chosen_keys(train, val, active, frozen)
    refit = {k: m for k, m in learn.fit_maps(train + val).items() if k in chosen}
    # a refitted field's map replaces the shipped per-method maps of that field too (they would take precedence)
    maps = {**{k: m for k, m in active.items() if k.partition("@")[0] not in refit}, **refit}
    held_rows = _calibration_rows(held, readings)
    before = learn.calibration_scores(held_rows, active)
    after = learn.calibration_scores(held_rows, maps)
    changed = maps != active
    accepted = changed and after["brier"] <= before["brier"] and after["ece"] <= before["ece"]
    if not changed:
        decision = "không trường nào khớp lại tốt hơn trên phần kiểm tra: giữ hiệu chỉnh cũ"
    elif accepted:
        decision = "Brier và ECE trên phần giữ lại không kém hơn: nhận hiệu chỉnh mới"
    else:
        decision = "Brier hoặc ECE trên phần giữ lại kém hơn: giữ hiệu chỉnh cũ"
    document = {
        "about": "per-field isotonic maps raw confidence -> probability right, refitted on the agency's verified "
        "cases by `donthu models retrain` (the other keys keep the earlier map)",
        "n": len(fit[0]) + len(fit[1]),
        "base_sha256": active_sha,
        "refitted": sorted(refit),
        "fields": maps,
    }
    body = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    report = {
        "base": "agency" if path.parent == agency else "shipped",
        "refitted": sorted(refit),
        "kept_for_new_classifier": sorted(frozen),
        "before": before,
        "after": after,
        "accepted": accepted,
        "decision": decision,
        "sha256_before": active_sha,
        "sha256_after": hashlib.sha256(body.encode("utf-8")).hexdigest(),
    }
    return _Outcome(report, accepted, body)


# ------------------------------------------------------------------------------------------------ the report
def _cases_digest(cases: Sequence[VerifiedCase], held: Sequence[VerifiedCase]) -> str:
    """SHA-256 over case numbers, text digests, labels and split: the same input gives the same value, and no
    text can be read back from it."""
    held_ids = {c.case_id for c in held}
    rows = [
        (
            c.case_id,
            hashlib.sha256(c.text.encode("utf-8")).hexdigest(),
            json.dumps(c.truth, ensure_ascii=False, sort_keys=True),
            c.case_id in held_ids,
        )
        for c in cases
    ]
    return learn.data_digest(rows)


def _report(
    settings: Settings,
    options: RetrainOptions,
    cases: list[VerifiedCase],
    fit: list[VerifiedCase],
    held: list[VerifiedCase],
    classifier: _Outcome,
    calibration: _Outcome,
) -> dict[str, Any]:
    corrected: dict[str, int] = {}
    for case in cases:
        for f in case.corrected:
            corrected[f] = corrected.get(f, 0) + 1
    for part in (classifier, calibration):
        part.report["written"] = part.accepted and not options.dry_run
    return {
        "about": "before/after of `donthu models retrain` on the held-out share of the agency's verified cases; "
        "counts, accuracies and scores only",
        "model_dir": str(settings.agency_model_dir),
        "seed": options.seed,
        "holdout": options.holdout,
        "min_cases": options.min_cases,
        "dry_run": options.dry_run,
        "cases": {
            "verified": len(cases),
            "fit": len(fit),
            "heldout": len(held),
            "identity_protected": sum(c.protected for c in cases),
            "corrected": dict(sorted(corrected.items())),
            "sha256": _cases_digest(cases, held),
        },
        "classifier": classifier.report,
        "calibration": calibration.report,
    }


def _audit_detail(report: dict[str, Any]) -> dict[str, Any]:
    cl, ca = report["classifier"], report["calibration"]
    return {
        "seed": report["seed"],
        "holdout": report["holdout"],
        "dry_run": report["dry_run"],
        "cases": report["cases"]["verified"],
        "heldout": report["cases"]["heldout"],
        "classifier_written": cl.get("written", False),
        "calibration_written": ca.get("written", False),
        "category_before": (cl.get("before") or {}).get("category"),
        "category_after": (cl.get("after") or {}).get("category"),
        "brier_before": ca["before"]["brier"],
        "brier_after": ca["after"]["brier"],
        "classifier_sha256": cl.get("sha256_after") if cl.get("written") else cl.get("sha256_before"),
        "calibration_sha256": ca["sha256_after"] if ca.get("written") else ca["sha256_before"],
    }


# ------------------------------------------------------------------------------------------------ writing
def _write(agency: Path, classifier: _Outcome, calibration: _Outcome, report: dict[str, Any]) -> None:
    """The accepted artefacts and the report into the agency model directory, each replaced as a whole."""
    agency.mkdir(parents=True, exist_ok=True)
    if classifier.accepted:
        target = agency / "textcat"
        staging, old = agency / f".textcat.new-{os.getpid()}", agency / f".textcat.old-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        classifier.artefact.to_disk(staging)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    if calibration.accepted:
        _write_text(agency / "calibration.json", calibration.artefact)
    _write_text(agency / REPORT_NAME, json.dumps(report, ensure_ascii=False, indent=2) + "\n")


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
