"""Re-run the field extraction on an export's recognised text, without OCR, and write an export to score.

    python bench/dev_reextract.py EXPORT.jsonl OUT.jsonl
    python ../shared/eval/score.py ../shared/corpus/dev OUT.jsonl

OCR of the development corpus takes minutes; the NLP stage takes seconds. Ingest and export the corpus once
(``donthu ingest``, ``donthu export``), then measure every change of the extractor on the same recognised text.
Only the extracted fields and confidences are replaced; everything else of each case is kept.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from donthu.nlp.extract import extract_fields


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print(__doc__)
        return 2
    src, out = Path(args[0]), Path(args[1])
    with open(src, encoding="utf-8") as fin, open(out, "w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            case = json.loads(line)
            ex = extract_fields(case.get("text") or "")
            case.update(ex.fields)
            case["confidence"] = ex.confidence
            fout.write(json.dumps(case, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
