"""`make check-content` over the real repository: every answer and training example passes."""

import subprocess
import sys

from staff_tools.content_check import run_checks
from content_fixture import ROOT


def test_real_content_passes_the_content_check():
    report = run_checks(ROOT, ROOT / "content" / "check_rules.yml")
    assert not report.errors, "\n".join(str(finding) for finding in report.errors)
    assert report.answers_checked >= 20 and report.topics_checked >= 20 and report.examples_checked > 1000


def test_make_target_command_prints_a_summary_and_succeeds():
    result = subprocess.run(
        [sys.executable, "-m", "staff_tools.check_content"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("check-content: OK,")
