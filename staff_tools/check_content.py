"""Check the assistant's content: `make check-content`.

Every topic has an answer and training examples; every answer carries the "general
information, not medical advice" line, names a source for each figure, fits a phone screen
and reads plainly; every topic has enough examples and none is shared between topics. The
rules and thresholds are in content/check_rules.yml. Prints one line per problem
(file:line, what is wrong, how to fix it) and a summary; exits 1 on errors, 2 on an
unusable rules file.
"""

import argparse
import sys
from pathlib import Path

from assistant.clinic_settings import ClinicSettingsError
from staff_tools.content_check import run_checks
from staff_tools.content_check.content import ContentError
from staff_tools.content_check.readability import DictionaryMissing
from staff_tools.content_check.runner import answer_scores
from staff_tools.content_check.rules import RulesError

REPO_ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m staff_tools.check_content", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--root", type=Path, default=REPO_ROOT, help="project folder (file paths in the rules are relative to it)"
    )
    parser.add_argument("--rules", type=Path, help="rules file (default: <root>/content/check_rules.yml)")
    parser.add_argument(
        "--scores", action="store_true", help="print each answer's length and readability, check nothing"
    )
    args = parser.parse_args(argv)
    rules = args.rules or args.root / "content" / "check_rules.yml"
    try:
        if args.scores:
            print("\n".join(answer_scores(args.root, rules)))
            return 0
        report = run_checks(args.root, rules)
    except (RulesError, ContentError, ClinicSettingsError, DictionaryMissing) as problem:
        where = f"{problem.file}: " if isinstance(problem, ContentError) else ""
        print(f"check-content: {where}{problem}", file=sys.stderr)
        return 2
    for finding in report.findings:
        print(finding)
    print(report.summary())
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
