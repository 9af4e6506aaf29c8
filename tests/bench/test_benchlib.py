"""The benchmark's helpers: memory from /proc, targets, the report (no Rasa server needed)."""

import json
import os
import subprocess
import sys

import pytest

from dev_tools.benchlib import memory, report, targets
from dev_tools.benchlib.loadrun import figures
from dev_tools.loadgen import LoadResult

MB = 1024 * 1024


@pytest.fixture
def child_holding_memory():
    """A child process that holds about 64 MB, so its RSS is plainly visible."""
    code = "import sys, time; block = bytearray(64 * 1024 * 1024); print('ready', flush=True); time.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"ready"
    yield proc
    proc.kill()
    proc.wait()


def test_tree_rss_includes_children(child_holding_memory):
    me = os.getpid()
    assert child_holding_memory.pid in memory.descendants(me)
    assert memory.rss_bytes(child_holding_memory.pid) > 60 * MB
    assert memory.tree_rss_bytes(me) >= memory.rss_bytes(me) + memory.rss_bytes(child_holding_memory.pid) - MB
    assert memory.find_descendant(me, "-c") == child_holding_memory.pid
    assert memory.find_descendant(me, "no-such-argument") is None


def test_a_vanished_process_has_no_memory():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert memory.rss_bytes(proc.pid) == 0 and memory.command_line(proc.pid) == []


def test_targets_pass_and_miss():
    rules = targets.load()
    assert {"c8_rps", "c1_p95_ms", "training_s", "startup_s", "rasa_rss_mb", "encoder_p50_ms"} <= set(rules)
    project = {"c8_rps": 10.0, "c1_p95_ms": 75.0, "training_s": 120.0, "startup_s": 20.0, "encoder_p50_ms": 16.0}
    stock = {"c8_rps": 12.0}
    verdicts = targets.evaluate(project, stock, rules)
    assert verdicts["c8_rps"]["status"] == "MISS"  # 10 < 1.3 x 12
    assert verdicts["encoder_p50_ms"]["status"] == "MISS"  # 16 > 15 ms
    assert verdicts["c1_p95_ms"]["status"] == "MISS"
    assert verdicts["training_s"]["status"] == "PASS" and verdicts["startup_s"]["status"] == "PASS"
    assert verdicts["rasa_rss_mb"]["status"] == "n/a"  # not measured
    assert targets.evaluate({"c8_rps": 12.0}, stock, rules)["c8_rps"]["status"] == "MISS"  # 1.0x stock is not enough
    assert targets.evaluate({"c8_rps": 15.6}, stock, rules)["c8_rps"]["status"] == "PASS"
    assert targets.evaluate({"c8_rps": 12.0}, {}, rules)["c8_rps"]["status"] == "n/a"


def test_report_shows_ratios_targets_and_writes_json(tmp_path):
    result = LoadResult(latencies_ms=[10.0, 20.0, 30.0], requests=3, duration_s=1.0)
    project = {"startup_s": 20.0, **figures(8, result)}
    stock = {"startup_s": 10.0, "c8_rps": 1.5}
    verdicts = targets.evaluate(project, stock)
    text = report.table(project, stock, verdicts)
    startup_line = next(line for line in text.splitlines() if line.startswith("start-up"))
    assert "2.00×" in startup_line and "≤ 30 s" in startup_line and "PASS" in startup_line
    throughput_line = next(line for line in text.splitlines() if line.startswith("8 concurrent: throughput"))
    assert "3.0" in throughput_line and "2.00×" in throughput_line and "PASS" in throughput_line

    out = tmp_path / "reports" / "bench.json"
    report.write_json(report.as_json(project, stock, verdicts, {"mode": "test"}), out)
    data = json.loads(out.read_text())
    assert data["ratios"]["startup_s"] == 2.0 and data["project"]["c8_p50_ms"] == 20.0
    assert data["targets"]["c8_rps"]["status"] == "PASS"


def test_profile_counts_each_frame_once_per_stack(tmp_path):
    from dev_tools.benchlib.profile import inclusive_counts, top_frames

    raw = tmp_path / "samples.raw"
    raw.write_text(
        "main (a.py:1);handle (b.py:2);commit (c.py:3) 6\nmain (a.py:1);handle (b.py:2) 3\n"
        "main (a.py:1);recurse (d.py:1);recurse (d.py:1) 1\nnot a sample line\n"
    )
    counts, total = inclusive_counts(raw)
    assert total == 10 and counts["main (a.py:1)"] == 10 and counts["recurse (d.py:1)"] == 1
    assert top_frames(raw, 2) == [(100.0, "main (a.py:1)"), (90.0, "handle (b.py:2)")]
    assert top_frames(raw, 5, contains="commit") == [(60.0, "commit (c.py:3)")]
