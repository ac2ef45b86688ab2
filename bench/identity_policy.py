"""How often the identity policy protects a denunciation, against the old rule, on the same petitions.

    python bench/identity_policy.py [--corpus ../shared/corpus/dev] [--gen 400] [--seed 91]

Each petition's text goes through the field extractor, then through two rules side by side:
- baseline (the rule before issue 10): protected only when the machine's category is exactly ``to_cao``;
- policy (privacy/policy.py): fail-closed (no category, category confidence < 0.9, unreadable, denunciation
  wording anywhere, several contents, the trained model finding the content (title left out) denunciation-like,
  ID-card page).
It prints, per set, the share of true denunciations protected (must be 100%) and the share of other petitions
protected before a verifier confirms them (the price of failing closed; they are released on approval).
Sets: the development corpus (when given), N generated petitions, and the same generated denunciations made
hard: titled "ĐƠN PHẢN ÁNH" / "ĐƠN KIẾN NGHỊ" / no title, and read by a failing OCR (a crooked scan: most
characters lost).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from donthu.nlp.classify import denunciation_probability
from donthu.nlp.extract import extract_fields
from donthu.privacy.policy import assess, text_signals
from donthu.samples import make_petition


def judge(text: str) -> tuple[bool, bool, list[str]]:
    ex = extract_fields(text)
    category = ex.fields.get("category")
    baseline = category == "to_cao"
    readable = bool(text.strip())
    result = assess(
        category=category,
        confidence=ex.confidence,
        signals=text_signals(text, ex.extra.get("title")),
        readable=readable,
        denunciation_probability=denunciation_probability(text),
    )
    return baseline, result.protected, [r.split(":")[0] for r in result.reasons]


def retitle(text: str, title: str | None) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip().upper().startswith("ĐƠN") and len(line) < 60:
            if title is None:
                return "\n".join(lines[:i] + lines[i + 1 :])
            lines[i] = title
            return "\n".join(lines)
    return text


def garble(text: str, rng: random.Random, keep: float = 0.35) -> str:
    """What Tesseract makes of a page scanned 33° crooked: fragments of words, most characters lost."""
    out = []
    for ch in text:
        if ch == "\n" or rng.random() < keep:
            out.append(ch)
        elif rng.random() < 0.3:
            out.append(rng.choice("|/\\_-.,;:'~"))
    return "".join(out)


def report(name: str, rows: list[tuple[str, bool, bool, list[str]]]) -> None:
    den = [r for r in rows if r[0] == "to_cao"]
    other = [r for r in rows if r[0] != "to_cao"]

    def share(items: list, idx: int) -> str:
        return f"{sum(1 for r in items if r[idx])}/{len(items)} = {sum(1 for r in items if r[idx]) / max(1, len(items)):.1%}"

    print(f"\n## {name}: {len(rows)} petitions ({len(den)} tố cáo)")
    print("| | baseline (category == to_cao) | policy (fail-closed) |")
    print("|---|---|---|")
    print(f"| tố cáo protected | {share(den, 1)} | {share(den, 2)} |")
    if other:
        print(f"| others protected before confirmation | {share(other, 1)} | {share(other, 2)} |")
        why = Counter(code for r in other if r[2] for code in set(r[3]))
        print("reasons among the others protected: " + ", ".join(f"{k} {v}" for k, v in why.most_common()))
    missed = [r for r in den if not r[2]]
    if missed:
        print(f"MISSED by the policy: {len(missed)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--gen", type=int, default=400)
    ap.add_argument("--seed", type=int, default=91)
    ap.add_argument(
        "--real",
        type=Path,
        default=None,
        help="folder of the real petitions' texts (models/real_eval: labels in the repository)",
    )
    args = ap.parse_args()

    if args.real:
        labels = Path(__file__).resolve().parents[1] / "models" / "real_eval" / "labels.jsonl"
        rows = []
        for line in open(labels, encoding="utf-8"):
            lab = json.loads(line)
            path = args.real / f"{lab['id']}.txt"
            if path.is_file():  # a denunciation by content, or by the second reading a labeller could defend
                truth = (
                    "to_cao" if "to_cao" in (lab["category"], lab.get("alt_category")) else lab["category"]
                )
                rows.append((truth, *judge(path.read_text(encoding="utf-8"))))
        report(f"real published petitions {args.real}", rows)

    if args.corpus:
        rows = []
        for line in open(args.corpus / "truth.jsonl", encoding="utf-8"):
            for d in json.loads(line).get("documents", []):
                text = "\n".join(d.get("page_text") or [])
                rows.append((d["category"], *judge(text)))
        report(f"development corpus {args.corpus}", rows)

    rng = random.Random(args.seed)
    pets = [make_petition(rng) for _ in range(args.gen)]
    report("generated petitions", [(p.category, *judge(p.text)) for p in pets])
    den = [p for p in pets if p.category == "to_cao"]
    for title in ("ĐƠN PHẢN ÁNH", "ĐƠN KIẾN NGHỊ", None):
        label = f"generated tố cáo titled {title!r}" if title else "generated tố cáo without a title"
        report(label, [("to_cao", *judge(retitle(p.text, title))) for p in den])
    import re

    def disguise(text: str) -> str:  # the word itself gone: only what is denounced can give it away
        text = retitle(text, "ĐƠN PHẢN ÁNH")
        text = re.sub(
            r"(?i)tố cáo|tố giác", lambda m: "phản ánh" if m.group(0).islower() else "PHẢN ÁNH", text
        )
        return re.sub(r"(?i)người bị phản ánh", "người có sai phạm", text)

    report(
        "generated tố cáo titled 'ĐƠN PHẢN ÁNH' with every 'tố cáo' replaced by 'phản ánh'",
        [("to_cao", *judge(disguise(p.text))) for p in den],
    )
    report(
        "generated tố cáo read from a crooked scan (65% of characters lost)",
        [("to_cao", *judge(garble(p.text, rng))) for p in den],
    )


if __name__ == "__main__":
    main()
