"""The evaluation report end to end: real `rasa test` runs on a tiny model trained here, the live
evaluation through the session's live server, and the rendered page checked against Rasa's files."""

import html as html_lib
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import run_command
from pagetools import images, rows, section, text
from staff_tools.report import layout
from staff_tools.report.render import write_report
from staff_tools.report.run import run_all
from staff_tools.report.steps import rasa_train

pytestmark = pytest.mark.live
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY = FIXTURES / "tiny"
SUMMARY_ROWS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tiny-model")
    result = run_command(rasa_train(str(out), "tiny", "--quiet", python=sys.executable), cwd=TINY, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return out / "tiny.tar.gz"


@pytest.fixture(scope="module")
def report(tiny_model, live_server, tmp_path_factory):
    """`make report`'s steps on the tiny project (2-fold CV) with the dev/safety fixtures scored live."""
    inputs = layout.Inputs(
        model=tiny_model,
        config=TINY / "config.yml",
        nlu_data=TINY / "data" / "nlu.yml",
        stories=TINY / "test_stories.yml",
        holdout=TINY / "nlu_holdout.yml",
        dev_set=FIXTURES / "live_cases.tsv",
        safety_sets=[FIXTURES / "safety_cases.tsv"],
        nlu_blind_sets=[FIXTURES / "live_cases.tsv"],
    )
    report_dir = tmp_path_factory.mktemp("report")
    info = run_all(inputs, report_dir, folds=2, skip_cv=False, server=live_server, log=lambda *_: None)
    page = write_report(report_dir, inputs.stories)
    return {"dir": report_dir, "results": layout.results_dir(report_dir), "info": info, "html": page.read_text()}


def results_json(report, *parts):
    return json.loads(report["results"].joinpath(*parts).read_text())


def test_every_step_ran(report):
    assert [(s["step"], s["status"]) for s in report["info"]["steps"] if s["status"] != "ok"] == []


def test_the_page_is_self_contained(report):
    html = report["html"]
    assert "<script" not in html.lower()
    assert not re.search(r'(src|href)="(https?:)?//', html), "nothing may load from the network"
    assert "<style>" in html
    # the chart and Rasa's pictures for the held-out set and the cross-validation, plus the stories' matrix
    assert len(images(html)) >= 2 * 2 + 1


@pytest.mark.parametrize("section_id, directory", [("holdout", layout.HOLDOUT), ("cv", layout.CROSS_VALIDATION)])
def test_per_topic_scores_are_rasas(report, section_id, directory):
    table = {r[1]: r for r in rows(section(report["html"], section_id)) if len(r) == 8}
    expected = {
        **results_json(report, directory, "intent_report.json"),
        **results_json(report, directory, "response_selection_report.json"),
    }
    labels = [label for label in expected if label not in SUMMARY_ROWS]
    assert labels and set(labels) <= set(table)
    for label in labels:
        values = expected[label]
        shown = table[label][3:7]
        assert shown == [
            f"{values['precision']:.3f}",
            f"{values['recall']:.3f}",
            f"{values['f1-score']:.3f}",
            str(values["support"]),
        ], label
    assert len(images(section(report["html"], section_id))) >= 3  # chart + Rasa's confusion matrices


@pytest.mark.parametrize("section_id, directory", [("holdout", layout.HOLDOUT), ("cv", layout.CROSS_VALIDATION)])
def test_every_misunderstood_example_is_listed_with_its_prediction(report, section_id, directory):
    misses = {r[0]: r for r in rows(section(report["html"], section_id)) if len(r) == 5}
    intent_errors = results_json(report, directory, "intent_errors.json")
    selector_errors = results_json(report, directory, "response_selection_errors.json")
    assert intent_errors or selector_errors
    for error in intent_errors:
        assert error["text"] in misses
        if error["intent_prediction"]["name"] != "faq":  # else the selector's sub-topic is shown
            assert misses[error["text"]][2] == error["intent_prediction"]["name"]
    for error in selector_errors:
        assert error["text"] in misses
        if error["text"] not in {e["text"] for e in intent_errors}:
            assert misses[error["text"]][2] == error["intent_response_key_prediction"]["name"].split("/", 1)[1]


def test_topic_accuracy_counts_intent_and_faq_sub_topic_misses(report):
    intent_report = results_json(report, layout.HOLDOUT, "intent_report.json")
    wrong = {e["text"] for e in results_json(report, layout.HOLDOUT, "intent_errors.json")}
    wrong |= {e["text"] for e in results_json(report, layout.HOLDOUT, "response_selection_errors.json")}
    total = intent_report["weighted avg"]["support"]
    figure = f"topic accuracy, as the evaluation reads it ({total - len(wrong)} of {total})"
    assert figure in text(section(report["html"], "holdout"))
    assert f"{100 * (total - len(wrong)) / total:.1f}%" in text(section(report["html"], "holdout"))


def test_a_failed_story_is_shown_as_a_conversation(report):
    failed = (report["results"] / layout.STORIES / "failed_test_stories.yml").read_text()
    wrong = re.findall(r"- action: (\S+)\s+# predicted: (\S+)", failed)
    assert wrong, "the fixture's second story must fail"
    stories = section(report["html"], "stories")
    assert "thanks answered with a goodbye" in stories
    assert "thanks a lot" in stories  # the user's words, from the test story file
    turns = re.findall(r'<div class="turn bot wrong">(.*?)</div>', stories, re.S)
    shown = [text(t) for t in turns]
    for expected, predicted in wrong:
        assert any(f"expected {expected} predicted {predicted}" in t for t in shown), (expected, predicted, shown)
    story_report = results_json(report, layout.STORIES, "story_report.json")["conversation_accuracy"]
    assert f"{story_report['correct']} of {story_report['total']}" in text(stories)


def test_safety_figures_are_evaluate_py_s(report):
    safety_rows = {r[0]: r for r in rows(section(report["html"], "safety")) if len(r) == 7}
    safety_and_dev = [
        s for s in report["info"]["live"] if s["kind"] != "blind_nlu"
    ]  # blind NLU sets have their own table
    assert len(safety_and_dev) == 2
    for live_set in safety_and_dev:
        summary = results_json(report, layout.LIVE, live_set["json"])["summary"]
        assert summary["errors"] == 0
        row = safety_rows[live_set["label"]]
        assert row[1] == str(summary["cases"])
        for cell, key in zip(row[2:6], ("emergency_recall", "urgent_recall", "caution_recall", "false_emergency_rate")):
            assert cell.startswith(f"{100 * summary[key]:.1f}%"), (key, cell)


def test_dev_set_misses_are_listed(report):
    dev = next(s for s in report["info"]["live"] if s["kind"] == "dev")
    data = results_json(report, layout.LIVE, dev["json"])
    misses = [r for r in data["results"] if not r["ok"]]
    assert misses, "the fixture labels one case wrongly on purpose"
    page = section(report["html"], "dev")
    for miss in misses:
        assert html_lib.escape(miss["text"], quote=False) in page
    assert f"{100 * data['summary']['topic_accuracy']:.1f}%" in text(page)


def test_blind_nlu_sets_come_first_with_their_misses(report):
    kinds = [s["kind"] for s in report["info"]["live"]]
    assert kinds[0] == "blind_nlu"
    blind = report["info"]["live"][0]
    data = results_json(report, layout.LIVE, blind["json"])
    page = section(report["html"], "understanding")
    assert f"{100 * data['summary']['topic_accuracy']:.1f}%" in text(page)
    for miss in [r for r in data["results"] if not r["ok"]]:
        assert html_lib.escape(miss["text"], quote=False) in page
    assert report["html"].index('id="understanding"') < report["html"].index('id="safety"')


def test_skipping_cv_is_said_in_the_page(report, tmp_path):
    run_info = dict(report["info"], cv_skipped=True)
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / layout.RUN_INFO).write_text(json.dumps(run_info))
    page = write_report(tmp_path).read_text()
    assert "Cross-validation was skipped" in text(section(page, "cv"))


def test_staff_section_comes_first_with_verdicts_and_a_change_column(report, tmp_path):
    html = report["html"]
    staff = section(html, "staff")
    assert "For clinic staff: is the assistant ready?" in text(staff)
    assert html.index('id="staff"') < html.index('id="understanding"')
    for area in ("Safety", "Understanding", "Answers", "Conversations"):
        assert re.search(rf"{area}: (ready|needs attention|not ready|nothing to judge yet)", text(staff)), area
    # the fixture's wrong label on purpose: listed with the file and line where an example would go
    assert "data/nlu/conversation.yml:" in text(staff) or "data/nlu/faq/" in text(staff)
    # a second run of the same results: the change column compares it with the first
    shutil.copytree(report["results"], tmp_path / "results")
    run_info = dict(report["info"], started="2099-01-01T00:00:00")
    (tmp_path / "results" / layout.RUN_INFO).write_text(json.dumps(run_info))
    again = section(write_report(tmp_path).read_text(), "staff")
    changes = [r for r in rows(again) if len(r) == 5 and r[3] in ("↑", "↓", "=", "new", "gone")]
    assert changes and all(r[3] == "=" for r in changes if r[0] != "Conversations"), changes
    assert f"Compared with the report of the run started {report['info']['started']}" in text(again)
