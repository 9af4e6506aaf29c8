"""The shared evaluation script against the live assistant, started as `make run` starts it."""

import json
import subprocess
import sys

import pytest

from conftest import SHARED

pytestmark = pytest.mark.live


def evaluate(live_server, cases, out):
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "evaluate.py"),
            "--url",
            live_server.url,
            "--token",
            live_server.token,
            "--json",
            str(out),
            "--show-misses",
            str(cases),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    print(result.stdout)
    return json.loads(out.read_text())


def test_dev_set_figures(live_server, tmp_path):
    dev_set = SHARED / "eval" / "dev_set.tsv"
    if not dev_set.exists():
        pytest.fail(f"{dev_set} is missing: CI puts ../shared beside the repository")
    summary = evaluate(live_server, dev_set, tmp_path / "dev.json")["summary"]
    assert summary["errors"] == 0
    assert summary["emergency_recall"] == 1.0
    assert summary["urgent_recall"] == 1.0
    assert summary["caution_recall"] == 1.0
    assert summary["false_emergency_rate"] == 0
    assert summary["topic_accuracy"] >= 0.95
