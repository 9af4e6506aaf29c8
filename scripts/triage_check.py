"""Run the safety triage alone over a TSV of cases (text, expect) and print misses.

    python scripts/triage_check.py tests/safety/safety_cases.tsv
"""
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from assistant import triage  # noqa: E402

PIPELINE = Path(__file__).resolve().parent.parent / "build" / "spacy_pipeline"


def main(path):
    nlp, engine = triage.load_pipeline(str(PIPELINE))
    rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    misses, t0 = 0, time.perf_counter()
    for row in rows:
        result = engine(nlp(row["text"]))
        level = result.level
        expect = row["expect"]
        ok = {
            "EMERGENCY": level == "emergency",
            "URGENT": level in ("emergency", "urgent"),
            "CAUTION": level is not None,
            "NONE": level != "emergency",
        }.get(expect, level != "emergency")
        if not ok:
            misses += 1
            print(f"MISS {expect:9} got={level} {[f.id for f in result.findings]} :: {row['text']}")
    dt = (time.perf_counter() - t0) / max(len(rows), 1) * 1000
    print(f"{len(rows)} cases, {misses} misses, {dt:.2f} ms/case")


if __name__ == "__main__":
    main(sys.argv[1])
