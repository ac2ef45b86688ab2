"""Field extraction and classification measured on real published petitions (issue 12's held-out set).

    python bench/real_petitions.py [TEXTS_DIR] [--labels models/real_eval/labels.jsonl] [--score PATH]
                                    [--json] [--errors] [--kind KIND]

TEXTS_DIR holds the petition texts, one ``<id>.txt`` per label (default: $DONTHU_REAL_EVAL_DIR). The texts are
third-party material and are kept outside the repository; models/real_eval/README.md says where they come from
and how to rebuild the folder. The labels (models/real_eval/labels.jsonl) hold the hand-labelled fields, the
source and the kind of each text, never the text.

For each text it runs the extraction and judges every field with the comparison rules of the evaluation scorer
(../shared/eval/score.py ``field_ok``: exact category/domain/date, casefolded name, digits of ID and phone, edit
similarity >= 0.9 for the address and >= 0.85 for recipient, respondent and subject). The scorer is imported
when it can be found (``--score`` or the default path); otherwise a copy of the same rules below is used. One
deviation, for labels that are null: a null category, domain or petition date is right when nothing was
extracted (the scorer compares ``str(None)`` with ``""``, which never matches; its own truth has no nulls).

Prints per-field accuracy, overall field accuracy (the mean over all field judgements, as the scorer does),
category accuracy strict and counting ``alt_category`` (a second defensible reading), domain accuracy strict
and counting ``alt_domain``, accuracy per source kind, the calibration table (share right per confidence bin
[0,0.5) [0.5,0.7) [0.7,0.9) [0.9,1]) overall and per field, and the p95 extraction time. ``--json`` prints
one JSON object instead; ``--errors`` lists every wrong field (label vs extracted) for error analysis.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from donthu.contract import VERIFIABLE_FIELDS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LABELS = ROOT / "models" / "real_eval" / "labels.jsonl"
DEFAULT_SCORE = ROOT.parent / "shared" / "eval" / "score.py"
BINS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]
BIN_NAMES = ["[0,0.5)", "[0.5,0.7)", "[0.7,0.9)", "[0.9,1]"]
FIELDS = list(VERIFIABLE_FIELDS)  # the fields a verifier checks, in the contract's order


# ------------------------------------------------------------------------- the scorer's comparison rules
class _Rules:
    """A copy of ../shared/eval/score.py's normalisation and field_ok, used only when the scorer is absent."""

    SUBJ_PREFIX = re.compile(
        r"^(v/v|về việc|khiếu nại về việc|tố cáo về việc|kiến nghị về việc|phản ánh về việc)\s*[:.]?\s*", re.I
    )
    FIELDS = FIELDS

    @staticmethod
    def norm(s) -> str:
        s = unicodedata.normalize("NFC", str(s or ""))
        s = s.replace("\u00a0", " ")
        return " ".join(s.split())

    @classmethod
    def key(cls, s) -> str:
        s = cls.norm(s).casefold()
        s = re.sub(r"[\s,.;:()\"'“”]+", " ", s)
        return s.strip()

    @staticmethod
    def digits(s) -> str:
        return re.sub(r"\D", "", str(s or ""))

    @classmethod
    def sim(cls, a, b) -> float:
        from rapidfuzz.distance import Levenshtein

        a, b = cls.key(a), cls.key(b)
        if not a and not b:
            return 1.0
        return Levenshtein.normalized_similarity(a, b)

    @classmethod
    def field_ok(cls, f: str, t: dict, c: dict) -> tuple[bool, float]:
        tc, cc = t.get("complainant") or {}, c.get("complainant") or {}
        if f in ("category", "domain", "petition_date"):
            ok = str(t[f]) == str(c.get(f) or "")
            return ok, float(ok)
        if f == "name":
            ok = cls.key(tc.get("name")) == cls.key(cc.get("name"))
            return ok, cls.sim(tc.get("name"), cc.get("name"))
        if f in ("id_number", "phone"):
            ok = cls.digits(tc.get(f)) == cls.digits(cc.get(f))
            return ok, float(ok)
        if f == "address":
            s = cls.sim(tc.get("address"), cc.get("address"))
            return s >= 0.9, s
        if f == "subject":
            s = cls.sim(
                cls.SUBJ_PREFIX.sub("", cls.norm(t["subject"])),
                cls.SUBJ_PREFIX.sub("", cls.norm(c.get("subject"))),
            )
            return s >= 0.85, s
        if f in ("recipient", "respondent"):
            tv = re.sub(r"^kính gửi\s*:?\s*", "", cls.norm(t[f]), flags=re.I)
            cv = re.sub(r"^kính gửi\s*:?\s*", "", cls.norm(c.get(f)), flags=re.I)
            s = cls.sim(tv, cv)
            return s >= 0.85, s
        if f == "signatory_count":
            ok = int(t[f]) == int(c.get(f) or (0 if c.get("anonymous") else 1))
            return ok, float(ok)
        if f == "anonymous":
            ok = bool(t[f]) == bool(c.get(f))
            return ok, float(ok)
        raise KeyError(f)


def load_rules(path: Path | None):
    """The scorer module (its ``field_ok``), or the built-in copy when it cannot be loaded."""
    for p in [path, DEFAULT_SCORE] if path else [DEFAULT_SCORE]:
        if p and p.is_file():
            spec = importlib.util.spec_from_file_location("donthu_eval_score", p)
            mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
            try:
                spec.loader.exec_module(mod)  # type: ignore[union-attr]
            except Exception as e:
                print(
                    f"note: could not load {p} ({e}); using the built-in copy of its rules", file=sys.stderr
                )
                break
            if hasattr(mod, "field_ok"):
                return mod, str(p)
    return _Rules, "built-in copy of score.py rules"


def judge(rules, f: str, truth: dict, got: dict) -> bool:
    if f in ("category", "domain", "petition_date") and truth.get(f) is None:
        return not got.get(f)
    ok, _ = rules.field_ok(f, truth, got)
    return bool(ok)


def load_extractor():
    try:
        from donthu.nlp import extract_fields
    except ImportError:
        from donthu.nlp.extract import extract_fields
    return extract_fields


# ------------------------------------------------------------------------------------------------- main
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("texts_dir", nargs="?", default=os.environ.get("DONTHU_REAL_EVAL_DIR"))
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument(
        "--score", type=Path, default=None, help=f"the evaluation scorer (default {DEFAULT_SCORE})"
    )
    ap.add_argument("--kind", default=None, help="only texts of this source kind (e.g. 'legal Q&A')")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list every wrong field")
    return ap.parse_args(argv)


def load_labels(a: argparse.Namespace) -> tuple[Path, list[dict], list[str]] | None:
    """The texts folder, the labels whose text is there and the ids of those whose text is missing; None (after
    saying why) when there is nothing to score."""
    if not a.texts_dir:
        print(
            "real_petitions: no texts folder. Give it as an argument or set DONTHU_REAL_EVAL_DIR "
            "(the texts are kept outside the repository, e.g. /work/realpetitions/texts; see models/real_eval/README.md).",
            file=sys.stderr,
        )
        return None
    texts_dir = Path(a.texts_dir)
    if not texts_dir.is_dir():
        print(
            f"real_petitions: {texts_dir} is not a folder. Rebuild it from the sources in {a.labels} "
            "as models/real_eval/README.md describes, or point DONTHU_REAL_EVAL_DIR at it.",
            file=sys.stderr,
        )
        return None
    if not a.labels.is_file():
        print(f"real_petitions: no labels at {a.labels}", file=sys.stderr)
        return None

    labels = [json.loads(line) for line in open(a.labels, encoding="utf-8") if line.strip()]
    if a.kind:
        labels = [r for r in labels if r.get("kind") == a.kind]
    present = [r for r in labels if (texts_dir / f"{r['id']}.txt").is_file()]
    missing = [r["id"] for r in labels if r not in present]
    if not present:
        print(f"real_petitions: none of the {len(labels)} labelled texts is in {texts_dir}", file=sys.stderr)
        return None
    if missing:
        print(
            f"note: {len(missing)} labelled texts missing from {texts_dir}: {' '.join(missing)}",
            file=sys.stderr,
        )
    return texts_dir, present, missing


@dataclass
class Tally:
    """What the run counts, text after text."""

    per_field: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    per_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    calib: dict[str, list[list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: [[0, 0] for _ in BINS])
    )
    cat_strict: int = 0
    cat_alt: int = 0
    dom_strict: int = 0
    dom_alt: int = 0
    mixed_n: int = 0
    mixed_flagged: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    times: list[float] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def score_text(tally: Tally, rules, extract_fields, texts_dir: Path, r: dict) -> None:
    """Extracts one labelled text and counts every field judgement."""
    text = unicodedata.normalize("NFC", (texts_dir / f"{r['id']}.txt").read_text(encoding="utf-8"))
    if r.get("text_sha256") and hashlib.sha256(text.encode("utf-8")).hexdigest() != r["text_sha256"]:
        tally.changed.append(r["id"])
    score_one(tally, rules, extract_fields, text, r)


def score_one(tally: Tally, rules, extract_fields, text: str, r: dict) -> None:
    """Extracts one text and counts every field judgement against its labels ``r``."""
    t0 = time.perf_counter()
    ex = extract_fields(text)
    tally.times.append((time.perf_counter() - t0) * 1000)
    got = ex.fields
    for f in FIELDS:
        ok = judge(rules, f, r, got)
        tally.per_field[f][0] += ok
        tally.per_field[f][1] += 1
        tally.per_kind[r["kind"]][0] += ok
        tally.per_kind[r["kind"]][1] += 1
        conf = float((ex.confidence or {}).get(f, 0.0) or 0.0)
        for i, (lo, hi) in enumerate(BINS):
            if lo <= conf < hi:
                for k in (f, "ALL"):
                    tally.calib[k][i][0] += 1
                    tally.calib[k][i][1] += ok
        if not ok:
            tv = r["complainant"].get(f) if f in ("name", "address", "id_number", "phone") else r.get(f)
            gv = (
                (got.get("complainant") or {}).get(f)
                if f in ("name", "address", "id_number", "phone")
                else got.get(f)
            )
            tally.errors.append(
                {"id": r["id"], "field": f, "label": tv, "got": gv, "confidence": round(conf, 3)}
            )
    pc = got.get("category")
    tally.cat_strict += pc == r["category"]
    tally.cat_alt += pc in (r["category"], r.get("alt_category"))
    tally.confusion[(r["category"], str(pc))] += 1
    pd = got.get("domain")
    tally.dom_strict += pd == r["domain"]
    tally.dom_alt += pd in (r["domain"], r.get("alt_domain"))
    if len(r.get("contents") or []) > 1:
        tally.mixed_n += 1
        contents = got.get("contents") or (ex.extra or {}).get("contents") or []
        tally.mixed_flagged += len(contents) > 1


def results(tally: Tally, n: int, missing: list[str], rules_src: str, with_errors: bool) -> dict:
    """The figures as one JSON-able object (what ``--json`` prints)."""
    per_field, calib = tally.per_field, tally.calib
    tot_ok = sum(v[0] for v in per_field.values())
    tot = sum(v[1] for v in per_field.values())
    times = sorted(tally.times)
    hi = calib["ALL"][3]
    res = {
        "texts": n,
        "missing": missing,
        "changed": tally.changed,
        "rules": rules_src,
        "field_accuracy": round(tot_ok / max(1, tot), 4),
        "per_field": {f: round(per_field[f][0] / max(1, per_field[f][1]), 3) for f in FIELDS},
        "category_accuracy": round(tally.cat_strict / n, 3),
        "category_accuracy_with_alt": round(tally.cat_alt / n, 3),
        "domain_accuracy": round(tally.dom_strict / n, 3),
        "domain_accuracy_with_alt": round(tally.dom_alt / n, 3),
        "mixed_flagged": f"{tally.mixed_flagged}/{tally.mixed_n}",
        "per_kind": {
            k: {"texts": v[1] // len(FIELDS), "field_accuracy": round(v[0] / max(1, v[1]), 3)}
            for k, v in sorted(tally.per_kind.items())
        },
        "category_confusion": {f"{t}->{p}": c for (t, p), c in sorted(tally.confusion.items())},
        "calibration": {
            k: {
                BIN_NAMES[i]: {"n": b[0], "right": round(b[1] / b[0], 3) if b[0] else None}
                for i, b in enumerate(v)
            }
            for k, v in [(f, calib[f]) for f in [*FIELDS, "ALL"]]
        },
        "confidence_ge_0_9_right": round(hi[1] / hi[0], 4) if hi[0] else None,
        "extract_ms_p50": round(times[len(times) // 2], 1),
        "extract_ms_p95": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
    }
    if with_errors:
        res["errors"] = tally.errors
    return res


def print_report(res: dict, tally: Tally, texts_dir: Path, a: argparse.Namespace) -> None:
    per_field, calib = tally.per_field, tally.calib
    tot_ok = sum(v[0] for v in per_field.values())
    tot = sum(v[1] for v in per_field.values())
    hi = calib["ALL"][3]
    missing, changed = res["missing"], res["changed"]
    print(
        f"real petitions: {res['texts']} texts from {texts_dir} (labels {a.labels}; field rules: {res['rules']})"
    )
    if missing:
        print(f"missing texts: {len(missing)}")
    if changed:
        print(
            f"note: {len(changed)} texts differ from the version that was labelled (text_sha256): "
            + " ".join(changed)
        )
    print(f"\noverall field accuracy: {res['field_accuracy']:.4f}  ({tot_ok}/{tot} field judgements)")
    print("per field:")
    for f in FIELDS:
        print(f"  {f:16s} {res['per_field'][f]:.3f}  ({per_field[f][0]}/{per_field[f][1]})")
    print(
        f"category by content: {res['category_accuracy']:.3f} strict, "
        f"{res['category_accuracy_with_alt']:.3f} counting alt_category"
    )
    print(
        f"domain: {res['domain_accuracy']:.3f} strict, {res['domain_accuracy_with_alt']:.3f} counting alt_domain"
    )
    print(f"mixed petitions flagged as mixed: {res['mixed_flagged']}")
    print(
        "category confusion (label -> extracted): "
        + ", ".join(f"{k} {v}" for k, v in res["category_confusion"].items())
    )
    print("per source kind:")
    for k, v in res["per_kind"].items():
        print(f"  {k:16s} {v['texts']:3d} texts  field accuracy {v['field_accuracy']:.3f}")
    print("\ncalibration (n / share right per confidence bin):")
    print(f"  {'field':16s}" + "".join(f"{b:>18s}" for b in BIN_NAMES))
    for f in [*FIELDS, "ALL"]:
        cells = [f"{b[0]:4d} / {b[1] / b[0]:5.3f}" if b[0] else f"{0:4d} /   -  " for b in calib[f]]
        print(f"  {f:16s}" + "".join(f"{c:>18s}" for c in cells))
    if hi[0]:
        print(f"confidence >= 0.9: {hi[1]}/{hi[0]} right = {hi[1] / hi[0]:.4f}")
    print(f"\nextraction time per petition: p50 {res['extract_ms_p50']} ms, p95 {res['extract_ms_p95']} ms")
    if a.errors:
        print("\nwrong fields (id, field, label | extracted, confidence):")
        for e in tally.errors:
            print(f"  {e['id']} {e['field']:15s} {e['label']!r} | {e['got']!r}  ({e['confidence']})")


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    loaded = load_labels(a)
    if loaded is None:
        return 2
    texts_dir, present, missing = loaded
    rules, rules_src = load_rules(a.score)
    extract_fields = load_extractor()
    extract_fields("Kính gửi: Ủy ban nhân dân xã\nTôi tên là Nguyễn Văn An.")  # load models before timing
    tally = Tally()
    for r in present:
        score_text(tally, rules, extract_fields, texts_dir, r)
    res = results(tally, len(present), missing, rules_src, a.errors)
    if a.json:
        print(json.dumps(res, ensure_ascii=False))
    else:
        print_report(res, tally, texts_dir, a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
