"""Absent, broken or hostile result files: the page still renders and says what is missing."""

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_module
from pagetools import images, rows, section, text
from staff_tools.report import layout
from staff_tools.report.render import write_report
from staff_tools.report.run import run_all

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)


def run_info(**extra) -> str:
    return json.dumps({"started": "2025-01-01T00:00:00", "folds": 3, "cv_skipped": False, "steps": [], **extra})


def render(report_dir: Path) -> str:
    return write_report(report_dir).read_text()


@pytest.fixture(autouse=True)
def no_stored_conversations(tmp_path, monkeypatch):
    """The staff section reads $TRACKER_DB: none here, whatever the machine has."""
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "no-tracker.db"))


def dev_result(results: Path, started: str, rows: list) -> None:
    """A run record with one dev set scored by evaluate.py: rows of (text, expect, topic)."""
    live = [{"kind": "dev", "label": "Dev set", "cases": "dev_set.tsv", "json": "00_dev.json", "outcome": {}}]
    write(results / layout.RUN_INFO, run_info(live=live, started=started))
    cases = [
        {"text": t, "expect": e, "line": n + 2, "topic": got, "actions": [], "ok": e == got}
        for n, (t, e, got) in enumerate(rows)
    ]
    summary = {"cases": len(cases), "topic_accuracy": sum(c["ok"] for c in cases) / len(cases), "errors": 0}
    write(results / layout.LIVE / "00_dev.json", json.dumps({"summary": summary, "results": cases}))


def test_nothing_at_all_gives_notes_not_a_crash(tmp_path):
    page = render(tmp_path)
    staff = text(section(page, "staff"))
    assert "For clinic staff: is the assistant ready?" in staff
    assert "Safety: not ready" in staff and "No safety results" in staff
    assert "No earlier report to compare with" in staff
    assert "No conversations are stored yet" in staff
    assert "No record of a run" in text(page)
    assert "No dev-set results" in text(section(page, "dev"))
    assert "No dev-set results" in text(section(page, "safety"))
    assert "No intent results: intent_report.json is missing" in text(section(page, "holdout"))
    assert "No test-story results" in text(section(page, "stories"))


def test_a_live_result_that_is_missing_or_broken_is_named(tmp_path):
    results = layout.results_dir(tmp_path)
    live = [
        {
            "kind": "dev",
            "label": "Dev set",
            "cases": "dev_set.tsv",
            "json": "00_dev_set.json",
            "outcome": {"step": "live evaluation: dev_set.tsv", "status": "failed", "note": "the server did not start"},
        },
        {
            "kind": "safety",
            "label": "Safety set broken.tsv",
            "cases": "broken.tsv",
            "json": "01_broken.json",
            "outcome": {"step": "live evaluation: broken.tsv", "status": "ok"},
        },
    ]
    write(results / layout.RUN_INFO, run_info(live=live))
    write(results / layout.LIVE / "01_broken.json", "{not json")
    page = render(tmp_path)
    safety = text(section(page, "safety"))
    assert "The evaluation failed: the server did not start" in safety
    assert "00_dev_set.json is missing" in safety
    assert "01_broken.json is not valid JSON" in safety


def test_malformed_rasa_outputs_become_notes(tmp_path):
    results = layout.results_dir(tmp_path)
    write(results / layout.RUN_INFO, "[1, 2]")  # not a run record
    write(results / layout.HOLDOUT / "intent_report.json", '{"greet": {"precision": "high"}}')
    write(results / layout.HOLDOUT / "intent_confusion_matrix.png", "not a png")
    write(results / layout.CROSS_VALIDATION / "intent_report.json", "")
    write(
        results / layout.STORIES / "story_report.json",
        json.dumps({"conversation_accuracy": {"correct": 1, "total": 2, "accuracy": 0.5}}),
    )
    write(results / layout.STORIES / "failed_test_stories.yml", "stories: [unclosed")
    page = render(tmp_path)
    assert "Rasa's NLU results could not be read" in text(section(page, "holdout"))
    assert "intent_report.json is not valid JSON" in text(section(page, "cv"))
    stories = text(section(page, "stories"))
    assert "Failed stories could not be read: failed_test_stories.yml is not valid YAML" in stories
    assert "story_confusion_matrix.png is missing" in stories
    assert images(page) == []


def test_data_is_escaped(tmp_path):
    results = layout.results_dir(tmp_path)
    live = [{"kind": "dev", "label": HOSTILE, "cases": "x.tsv", "json": "00_x.json", "outcome": {"status": "ok"}}]
    write(results / layout.RUN_INFO, run_info(live=live))
    rows = [
        {
            "text": HOSTILE,
            "expect": "greet",
            "line": 2,
            "topic": HOSTILE,
            "intent": "greet",
            "actions": [HOSTILE],
            "replies": [],
            "latency_s": 0.1,
            "ok": False,
        }
    ]
    summary = {
        "cases": 1,
        "overall": 0.0,
        "topic_accuracy": 0.0,
        "emergency_recall": None,
        "urgent_recall": None,
        "caution_recall": None,
        "false_emergency_rate": 0.0,
        "errors": 0,
        "p50_ms": 100.0,
    }
    write(results / layout.LIVE / "00_x.json", json.dumps({"summary": summary, "results": rows}))
    page = render(tmp_path)
    assert "<script" not in page and "<b>bold" not in page
    assert "&lt;script&gt;" in page
    assert HOSTILE in text(section(page, "dev"))


@pytest.mark.parametrize("content", ["", "null", "[]", '{"summary": [], "results": {}}', '{"summary": {}}'])
def test_any_evaluate_output_shape_renders(tmp_path, content):
    results = layout.results_dir(tmp_path)
    live = [{"kind": "dev", "label": "Dev set", "cases": "x.tsv", "json": "00_x.json", "outcome": {"status": "ok"}}]
    write(results / layout.RUN_INFO, run_info(live=live))
    write(results / layout.LIVE / "00_x.json", content)
    page = render(tmp_path)
    assert "00_x.json" in text(section(page, "safety"))


def test_make_report_html_command_renders_whatever_is_there(tmp_path):
    result = run_module("staff_tools.report", "--out", tmp_path, "render", timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == f"report: {tmp_path / 'index.html'}"
    assert "No record of a run" in text((tmp_path / "index.html").read_text())


def test_a_missing_model_fails_each_step_with_a_note(tmp_path):
    absent = tmp_path / "absent.tar.gz"
    inputs = layout.Inputs(model=absent, safety_sets=[], nlu_blind_sets=[])
    info = run_all(inputs, tmp_path, folds=2, skip_cv=True, log=lambda *_: None)
    statuses = {s["step"]: (s["status"], s["note"]) for s in info["steps"]}
    assert statuses["cross-validation"][0] == "skipped"
    for step in ("test stories", "held-out NLU", "live evaluation"):
        assert statuses[step] == ("failed", f"missing: {absent}")
    page = text(write_report(tmp_path).read_text())
    assert f"This step failed: missing: {absent}" in page
    assert "Cross-validation was skipped" in page


def test_staff_section_compares_with_the_previous_report(tmp_path):
    results = layout.results_dir(tmp_path)
    dev_result(
        results, "2026-12-01T10:00:00", [("does it hurt", "does_it_hurt", "is_it_safe"), ("hi", "greet", "greet")]
    )
    first = text(section(render(tmp_path), "staff"))
    assert "No earlier report to compare with" in first
    assert "answered 1 of 2 questions with the right topic (target 95%)" in first
    dev_result(
        results, "2026-12-02T10:00:00", [("does it hurt", "does_it_hurt", "does_it_hurt"), ("hi", "greet", "greet")]
    )
    page = section(render(tmp_path), "staff")
    assert (results / "staff_figures.previous.json").exists()
    assert "Compared with the report of the run started 2026-12-01T10:00:00" in text(page)
    changes = {r[1]: r for r in rows(page) if len(r) == 5}
    assert changes["does_it_hurt"][2:] == ["0 of 1 (0.0%)", "↑", "1 of 1 (100.0%)"]
    assert changes["greet"][2:] == ["1 of 1 (100.0%)", "=", "1 of 1 (100.0%)"]
    assert "precision" not in text(page).lower() and "recall" not in text(page).lower()


def test_staff_section_links_each_miss_to_its_training_file(tmp_path):
    results = layout.results_dir(tmp_path)
    dev_result(results, "2026-12-01T10:00:00", [(HOSTILE, "evidence", "sciatica"), ("bladder", "EMERGENCY", "greet")])
    page = section(render(tmp_path), "staff")
    missed = {r[0]: r for r in rows(page) if len(r) == 5 and r[0] != "question"}
    line = next(
        n for n, x in enumerate((ROOT / "data/nlu/faq/evidence.yml").read_text().splitlines(), 1) if "intent:" in x
    )
    assert missed[HOSTILE][1:4] == ["evidence", "sciatica", f"data/nlu/faq/evidence.yml:{line}"]
    assert 'href="../data/nlu/faq/evidence.yml"' in page
    assert "safety phrase" in missed["bladder"][3]
    assert "<script" not in page and "&lt;script&gt;" in page
