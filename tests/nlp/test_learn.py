"""nlp.learn: training and fine-tuning the classifier, isotonic maps and their scores (small synthetic rows)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from donthu.nlp import learn

# two kinds of made-up content, written for these tests
_ROADS = "duong lang bi hu hong nang o ga lay loi tre em di hoc nguy hiem khong co den chieu sang"
_DUMP = "bai rac tu phat ruoi muoi mui hoi thoi rac thai khong duoc thu gom anh huong suc khoe"


def _rows(n: int, seed: int, dump_label: str) -> list[learn.Row]:
    rng = random.Random(seed)
    out: list[learn.Row] = []
    for i in range(n):
        words = (_DUMP if i % 2 else _ROADS).split()
        text = " ".join(rng.sample(words, 10))
        out.append((text, dump_label if i % 2 else "kien_nghi", "moi_truong" if i % 2 else "khac"))
    return out


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small model that files both kinds as kiến nghị, stored like the shipped one."""
    nlp = learn.train(_rows(60, 1, "kien_nghi"), seed=3, epochs=4, length=2**12)
    path = tmp_path_factory.mktemp("learn") / "textcat"
    nlp.to_disk(path)
    return path


def test_finetune_learns_a_relabelling_and_is_reproducible(base_dir: Path) -> None:
    train, val, held = (_rows(n, s, "phan_anh") for n, s in ((60, 2), (20, 3), (20, 4)))
    base = learn.load_pipeline(base_dir)
    before = learn.accuracy(base, held)
    tuned = learn.finetune(base_dir, train, val, seed=5, max_epochs=6, patience=2)
    after = learn.accuracy(tuned.nlp, held)
    assert before["category"] == 0.5 and after["category"] == 1.0  # the dump rows moved to phản ánh
    assert after["domain"] == before["domain"] == 1.0 and after["n"] == {"category": 20, "domain": 20}
    assert tuned.best_epoch >= 1 and len(tuned.scores) == tuned.epochs_run + 1
    again = learn.finetune(base_dir, train, val, seed=5, max_epochs=6, patience=2)
    assert learn.model_digest(again.nlp) == learn.model_digest(tuned.nlp)


def test_finetune_keeps_the_base_when_no_epoch_reads_validation_better(base_dir: Path) -> None:
    # the new rows file the dump as phản ánh, the validation slice (its dump rows, category only) as kiến nghị
    # like the base: every epoch reads it worse, so training stops after `patience` epochs, the base is kept
    val = [(t, c, None) for t, c, d in _rows(20, 3, "kien_nghi") if d == "moi_truong"]
    tuned = learn.finetune(base_dir, _rows(60, 2, "phan_anh"), val, seed=5, patience=2)
    assert tuned.best_epoch == 0 and tuned.epochs_run == 2
    assert all(score < tuned.scores[0] for score in tuned.scores[1:])
    assert learn.model_digest(tuned.nlp) == learn.model_digest(learn.load_pipeline(base_dir))


def test_rows_without_a_label_are_not_learnt_or_counted(base_dir: Path) -> None:
    rows = [(t, None, d) for t, _c, d in _rows(10, 9, "phan_anh")]
    acc = learn.accuracy(learn.load_pipeline(base_dir), rows)
    assert acc["category"] is None and acc["n"] == {"category": 0, "domain": 10}


def test_isotonic_map_is_monotone_and_conservative() -> None:
    rng = random.Random(0)
    pairs = [(x, rng.random() < x) for x in (rng.random() for _ in range(2000))]
    m = learn.fit_isotonic(pairs)
    assert m["x"] == sorted(m["x"]) and m["y"] == sorted(m["y"]) and m["n"] == 2000
    # a lower bound: below the true share (here the raw score itself) where the data are thin
    assert 0.6 < learn.apply_map(m, 0.95) < 0.95 and learn.apply_map(m, 0.5) < 0.5
    assert learn.apply_map(m, 0.05) < 0.15
    assert learn.apply_map(None, 0.42) == 0.42  # no map: the raw score


def test_fit_maps_needs_enough_rows_per_key() -> None:
    rows = [("name", 0.9, True)] * 25 + [("phone:absent", 0.3, False)] * 5
    maps = learn.fit_maps(rows)
    assert set(maps) == {"name"}


def test_calibration_scores_prefer_the_map_that_matches_the_rate() -> None:
    # raw 0.9 but right only half the time: a map to 0.5 is calibrated, the raw score is not
    rows = [("subject", 0.9, i % 2 == 0) for i in range(100)]
    raw = learn.calibration_scores(rows, {})
    fitted = learn.calibration_scores(rows, {"subject": {"x": [0.9], "y": [0.5]}})
    assert fitted["brier"] == 0.25 and fitted["ece"] == 0.0
    assert raw["brier"] == pytest.approx(0.41) and raw["ece"] == pytest.approx(0.4)
    assert raw["fields"]["subject"]["n"] == 100


def test_is_right_rules() -> None:
    truth = {
        "category": "phan_anh",
        "petition_date": None,
        "subject": "Về việc: tiếng ồn ban đêm",
        "complainant": {"phone": "0912 345 678", "name": "Lê Văn An"},
    }
    got = {
        "category": "kien_nghi",
        "petition_date": None,
        "subject": "tiếng ồn ban đêm",
        "complainant": {"phone": "0912345678", "name": "Lê Văn Ân"},
    }
    assert not learn.is_right("category", truth, got)
    assert learn.is_right("petition_date", truth, got)  # both absent
    assert learn.is_right("subject", truth, got)  # the "về việc" prefix does not count
    assert learn.is_right("phone", truth, got)  # digits compared
    assert not learn.is_right("name", truth, got)  # names exactly (tone marks count)
    assert learn.is_present("domain", {}) and not learn.is_present("name", {"complainant": {"name": None}})
