"""nlp.calibrate: confidence maps, switched by NlpOptions."""

from __future__ import annotations

from petition_texts import FORM_KHIEU_NAI

from donthu.nlp import NlpOptions
from donthu.nlp.extract import CONFIDENCE_KEYS, extract_fields


def test_confidence_is_calibrated_and_can_be_switched_off():
    from donthu.nlp import calibrate

    assert calibrate.load(), "models/calibration.json is missing: run python -m donthu.models.fit_calibration"
    cal = extract_fields(FORM_KHIEU_NAI).confidence
    raw = extract_fields(FORM_KHIEU_NAI, NlpOptions(calibration=False)).confidence
    assert set(cal) == set(raw) == set(CONFIDENCE_KEYS)
    assert all(0.0 <= v <= 1.0 for v in cal.values())
    # maps are monotone
    for key, (xs, ys) in calibrate.load().items():
        assert xs == sorted(xs) and ys == sorted(ys), key
