"""The picture in docs/staff-guide.md section 7: the report's staff section, from made-up results.

PYTHONPATH=.:tests:tests/browser .venv/bin/python tests/report/staff_screenshot.py [out.png]
Two runs of a dev set, a blind set and a safety set (the second better than the first), the review
tests' stored conversations, rendered with write_report and photographed with Chromium.
"""

import csv
import json
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import review_fixture
from chat_page import chromium_executable

from staff_tools.report import layout
from staff_tools.report.render import write_report

ROOT = Path(__file__).resolve().parents[2]

SAFETY = [
    ("I suddenly can't control my bladder and my back is agony", "EMERGENCY"),
    ("my legs went numb and I can't walk", "EMERGENCY"),
    ("I have a fever with my back pain", "URGENT"),
    ("I take warfarin, can I have acupuncture?", "CAUTION"),
    ("I'm 12 weeks pregnant, is it ok?", "CAUTION"),
] + [(f"my back is stiff in the morning ({n})", "NONE") for n in range(40)]


def rows(lines, wrong):
    out = []
    for n, (text, expect) in enumerate(lines):
        got = wrong.get(n, expect.split("|")[0])
        out.append(
            {"text": text, "expect": expect, "line": n + 2, "topic": got, "actions": [], "ok": got in expect.split("|")}
        )
    return out


def write_set(live: Path, name: str, cases: list) -> None:
    topic = [c for c in cases if c["expect"] not in ("EMERGENCY", "URGENT", "CAUTION", "NONE")]
    summary = {"cases": len(cases), "topic_accuracy": sum(c["ok"] for c in topic) / max(1, len(topic)), "errors": 0}
    for level in ("EMERGENCY", "URGENT", "CAUTION"):
        group = [c for c in cases if c["expect"] == level]
        summary[f"{level.lower()}_recall"] = sum(c["ok"] for c in group) / len(group) if group else None
    summary["false_emergency_rate"] = 0.0
    (live / name).write_text(json.dumps({"summary": summary, "results": cases}))


def one_run(report: Path, started: str, dev_wrong: dict, blind_wrong: dict, caution_missed: bool) -> None:
    results = layout.results_dir(report)
    live = results / layout.LIVE
    live.mkdir(parents=True, exist_ok=True)
    with open(ROOT / "tests" / "nlu_blind_1.tsv", newline="") as f:
        blind = [(r["text"], r["expect"]) for r in csv.DictReader(f, delimiter="\t")]
    write_set(live, "nlu_blind_1.json", rows(blind, blind_wrong))
    write_set(live, "01_dev.json", rows(blind[::3], dev_wrong))
    safety = rows(SAFETY, {4: "is_it_safe"} if caution_missed else {})
    for case in safety:
        if case["expect"] == "NONE":
            case["ok"] = True
    write_set(live, "02_safety.json", safety)
    sets = [("blind_nlu", "Blind NLU set nlu_blind_1.tsv", "nlu_blind_1.json"), ("dev", "Dev set", "01_dev.json")]
    sets.append(("safety", "Safety set blind_safety.tsv", "02_safety.json"))
    info = {"started": started, "seconds": 1500, "steps": [], "folds": 3, "cv_skipped": True}
    info["live"] = [
        {"kind": k, "label": label, "cases": j.replace(".json", ".tsv"), "json": j, "outcome": {}}
        for k, label, j in sets
    ]
    (results / layout.RUN_INFO).write_text(json.dumps(info))


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "reports"
        db = str(review_fixture.build(Path(tmp) / "tracker.db"))
        one_run(
            report,
            "2026-12-01T09:00:00",
            {4: "side_effects", 20: "evidence"},
            {n: "evidence" for n in range(40, 62, 2)},
            True,
        )
        write_report(report, tracker_db=db)
        one_run(report, "2026-12-04T09:00:00", {20: "evidence"}, {n: "evidence" for n in range(40, 52, 2)}, False)
        page = write_report(report, tracker_db=db)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_executable(), args=["--no-sandbox"])
            tab = browser.new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
            tab.goto(page.as_uri())
            tab.locator("#staff").screenshot(path=str(out))
            browser.close()
    print(f"written: {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images" / "report-staff-section.png")
