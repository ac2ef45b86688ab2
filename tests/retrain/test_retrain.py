"""``donthu models retrain``: learning the agency's own category convention from its verified cases.

The fixture: 150 verified cases from the generator, made through the storage API as ingestion and the station
make them (the extractor's reading stored, then every field set to the petition's truth, so the field history
records a correction wherever the extractor was wrong, then approved), plus 3 cases still pending. The
agency's convention under test: its verifiers file every kiến nghị about a garbage dump (domain môi trường, 40
of the cases) as phản ánh. The shipped classifier calls those kiến nghị; after retraining, the held-out share
must read them the agency's way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from donthu.cli import app
from donthu.config import get_settings, reset_settings
from donthu.lang.lexicon import TEXTCAT_DIR, textcat_dir
from donthu.nlp import calibrate, extract_fields
from donthu.nlp.textcat import TrainedClassifier, content_text, load_default
from donthu.retrain import REPORT_NAME, RetrainOptions, retrain
from donthu.retrain.cases import in_share, load_verified
from donthu.samples import SamplePetition, make_petition
from donthu.storage import repo
from donthu.storage.db import dispose_engines, migrate, session_scope
from donthu.storage.models import AuditLog, Case, Document

SEED = 1
HOLDOUT = 0.25
VERIFIER = "xacminh1"


def relabelled(p: SamplePetition) -> bool:
    """The agency's convention: a kiến nghị about the environment (a garbage dump) is a phản ánh here."""
    return p.category == "kien_nghi" and p.domain == "moi_truong"


def petitions(n_mixed: int, n_relabelled: int, seed: int) -> list[SamplePetition]:
    """``n_mixed`` petitions of every kind, then ``n_relabelled`` that the agency relabels, shuffled."""
    rng = random.Random(seed)
    out: list[SamplePetition] = []
    while len(out) < n_mixed:
        p = make_petition(rng)
        if not relabelled(p):
            out.append(p)
    while len(out) < n_mixed + n_relabelled:
        p = make_petition(rng, category="kien_nghi")
        if relabelled(p):
            out.append(p)
    rng.shuffle(out)
    return out


def verified_values(p: SamplePetition) -> dict:
    """What the verifier confirms: the petition's truth, with the agency's category."""
    comp = p.complainant or {}
    return {
        "category": "phan_anh" if relabelled(p) else p.category,
        "domain": p.domain,
        "name": comp.get("name"),
        "address": comp.get("address"),
        "id_number": comp.get("id_number"),
        "phone": comp.get("phone"),
        "recipient": p.recipient,
        "respondent": p.respondent,
        "subject": p.subject,
        "petition_date": dt.date.fromisoformat(p.petition_date) if p.petition_date else None,
        "signatory_count": p.signatory_count,
        "anonymous": p.anonymous,
    }


def store_case(db: Session, n: int, p: SamplePetition, verify: bool = True) -> Case:
    """One document and its case as ingestion leaves it, then (``verify``) corrected and approved."""
    text = p.text
    doc = Document(
        sha256=hashlib.sha256(f"retrain-{n}".encode()).hexdigest(),
        original_name=f"don-{n}.pdf",
        size=len(text),
        object_key=f"originals/retrain-{n}",
        status="done",
        page_count=1,
    )
    db.add(doc)
    db.flush()
    ex = extract_fields(text)
    case = Case(document_id=doc.id, source_pages=[1], text=text)
    repo.apply_extraction(case, ex.fields, ex.confidence, ex.extra)
    repo.add_case(db, case)
    if verify:
        for field, value in verified_values(p).items():
            repo.set_case_field(db, case, field, value, VERIFIER)
        repo.approve_case(db, case, VERIFIER)
    return case


def seed_cases(plist: list[SamplePetition], pending: int = 0) -> None:
    """Store the petitions as verified cases in the configured database, plus ``pending`` unverified ones."""
    with session_scope() as db:
        for i, p in enumerate(plist):
            store_case(db, i + 1, p)
        for j in range(pending):
            store_case(db, len(plist) + j + 1, make_petition(random.Random(900 + j)), verify=False)


def _forget_models() -> None:
    """The classifier and the maps are loaded once per process: forget them (before and after the runs)."""
    load_default.cache_clear()
    calibrate.load.cache_clear()


def _audits(action: str = "models_retrain") -> list[dict]:
    with session_scope() as db:
        return [a.detail for a in db.scalars(select(AuditLog).where(AuditLog.action == action))]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """One data dir with the verified cases, retrained three times with the same seed: a dry run, the command
    (which writes), and a dry run again (now starting from the agency's copy)."""
    root = tmp_path_factory.mktemp("retrain")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DONTHU_DATA_DIR", str(root / "data"))
        mp.setenv("DONTHU_SETTINGS_FILE", str(root / "none.toml"))
        for key in ("DONTHU_DATABASE_URL", "DONTHU_MIGRATION_DATABASE_URL", "DONTHU_MODEL_DIR"):
            mp.delenv(key, raising=False)
        reset_settings()
        migrate()
        _forget_models()
        plist = petitions(110, 40, seed=3)
        seed_cases(plist, pending=3)
        opts = RetrainOptions(holdout=HOLDOUT, seed=SEED, dry_run=True)
        dry = retrain(get_settings(), opts)
        model_dir = get_settings().agency_model_dir
        wrote_on_dry_run = model_dir.exists()
        res = CliRunner().invoke(app, ["models", "retrain", "--holdout", str(HOLDOUT), "--seed", str(SEED)])
        assert res.exit_code == 0, res.output
        report = json.loads((model_dir / REPORT_NAME).read_text(encoding="utf-8"))
        _forget_models()
        again = retrain(get_settings(), opts)
        yield SimpleNamespace(
            petitions=plist,
            dry=dry,
            wrote_on_dry_run=wrote_on_dry_run,
            output=res.output,
            model_dir=model_dir,
            report=report,
            again=again,
        )
        _forget_models()
        dispose_engines()
    reset_settings()


def test_refuses_with_too_few_verified_cases(data_dir: Path) -> None:
    seed_cases(petitions(6, 0, seed=11), pending=2)
    res = CliRunner().invoke(app, ["models", "retrain", "--min-cases", "50"])
    assert res.exit_code == 2, res.output
    assert "Chưa đủ hồ sơ đã xác minh" in res.output and "có 6, cần ít nhất 50" in res.output
    res = CliRunner().invoke(app, ["models", "retrain", "--min-cases", "3", "--holdout", "1.5"])
    assert res.exit_code == 2 and "--holdout" in res.output
    assert not (data_dir / "models").exists() and _audits() == []


def test_dry_run_writes_nothing(runs: SimpleNamespace) -> None:
    assert not runs.wrote_on_dry_run
    assert runs.dry["classifier"]["accepted"] and not runs.dry["classifier"]["written"]
    assert not runs.dry["calibration"]["written"]


def test_same_seed_gives_the_same_report(runs: SimpleNamespace) -> None:
    # the command's report is the dry run's, but for what was written
    def measured(report: dict) -> dict:
        out = json.loads(json.dumps(report))
        out.pop("dry_run")
        for part in ("classifier", "calibration"):
            out[part].pop("written")
        return out

    assert measured(runs.report) == measured(runs.dry)
    assert runs.report["cases"]["sha256"] == runs.dry["cases"]["sha256"]


def test_retrain_learns_the_agency_convention(runs: SimpleNamespace) -> None:
    report, cl = runs.report, runs.report["classifier"]
    assert "Loại đơn" in runs.output and "Trước" in runs.output and "ĐÃ GHI" in runs.output
    cases = report["cases"]
    assert (
        cases["verified"] == 150
        and cases["fit"] + cases["heldout"] == 150
        and cases["corrected"]["category"] >= 40
    )
    assert cl["base"] == "shipped" and cl["written"] and cl["best_epoch"] >= 1
    assert cl["after"]["category"] > cl["before"]["category"] + 0.1
    assert cl["after"]["domain"] >= cl["before"]["domain"]
    # the category and domain maps describe the old classifier's scores: kept when the classifier is replaced
    assert runs.report["calibration"]["kept_for_new_classifier"] == ["category", "domain"]
    assert not {"category", "domain"} & {k.partition(":")[0] for k in report["calibration"]["refitted"]}


def test_report_holds_no_case_content(runs: SimpleNamespace) -> None:
    text = (runs.model_dir / REPORT_NAME).read_text(encoding="utf-8") + runs.output
    assert runs.report["cases"]["identity_protected"] > 0
    for p in runs.petitions:
        for value in (p.complainant.get("name"), p.complainant.get("address"), p.subject, p.recipient):
            assert not value or value not in text


def test_the_agency_copy_is_the_classifier_in_use(runs: SimpleNamespace) -> None:
    assert (runs.model_dir / "textcat" / "meta.json").is_file()
    assert textcat_dir() == runs.model_dir / "textcat"
    rng = random.Random(4242)
    fresh = next(p for p in (make_petition(rng, category="kien_nghi") for _ in range(400)) if relabelled(p))
    body = content_text(fresh.text)
    shipped = TrainedClassifier.load(TEXTCAT_DIR).category_proba(body)
    _forget_models()
    used = load_default()
    assert used is not None and max(shipped, key=shipped.__getitem__) == "kien_nghi"
    proba = used.category_proba(body)
    assert max(proba, key=proba.__getitem__) == "phan_anh"
    # a second run starts from the agency's copy: its "before" is the first run's "after" (same held-out share)
    cl, again = runs.report["classifier"], runs.again["classifier"]
    assert again["base"] == "agency" and again["before"] == cl["after"]
    assert again["sha256_before"] == cl["sha256_after"]


def test_every_run_is_audited(runs: SimpleNamespace) -> None:
    audits = _audits()
    assert [a["dry_run"] for a in audits] == [True, False, True]
    assert audits[1]["classifier_written"] and audits[1]["cases"] == 150 and audits[1]["seed"] == SEED
    assert audits[1]["classifier_sha256"] == runs.report["classifier"]["sha256_after"]


def test_split_follows_the_seed(runs: SimpleNamespace) -> None:
    with session_scope() as db:
        ids = [c.case_id for c in load_verified(db)]
    held = {i for i in ids if in_share(i, SEED, HOLDOUT)}
    assert len(held) == runs.report["cases"]["heldout"]
    assert held != {i for i in ids if in_share(i, SEED + 1, HOLDOUT)}
