"""`make check-content` over the real repository: every answer and training example passes."""

from conftest import run_module
from staff_tools.content_check import run_checks
from content_fixture import ROOT


def test_real_content_passes_the_content_check():
    report = run_checks(ROOT, ROOT / "content" / "check_rules.yml")
    assert not report.errors, "\n".join(str(finding) for finding in report.errors)
    assert report.answers_checked >= 20 and report.topics_checked >= 20 and report.examples_checked > 1000


def test_make_target_command_prints_a_summary_and_succeeds():
    result = run_module("staff_tools.check_content", base={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("check-content: OK,")
