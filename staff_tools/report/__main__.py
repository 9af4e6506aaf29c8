"""python -m staff_tools.report run|render — see staff_tools/report/__init__.py."""

import argparse
import sys
from pathlib import Path

from staff_tools.report import layout
from staff_tools.report.render import write_report
from staff_tools.report.run import run_all


def _inputs(args) -> layout.Inputs:
    inputs = layout.Inputs()
    for name in ("model", "config", "nlu_data", "stories", "holdout", "dev_set"):
        if getattr(args, name, None):
            setattr(inputs, name, Path(getattr(args, name)).resolve())
    if getattr(args, "safety_set", None):
        inputs.safety_sets = [Path(p).resolve() for p in args.safety_set]
    return inputs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m staff_tools.report", description=__doc__)
    ap.add_argument("--out", default=str(layout.ROOT / "reports"), help="report directory (index.html, results/)")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run every evaluation, then write the page")
    run.add_argument("--folds", type=int, default=3)
    run.add_argument("--skip-cv", action="store_true", help="skip the NLU cross-validation (the slow part)")
    for name in ("model", "config", "nlu-data", "stories", "holdout", "dev-set"):
        run.add_argument(f"--{name}")
    run.add_argument("--safety-set", action="append", help="a labelled TSV for evaluate.py (repeatable)")
    render = sub.add_parser("render", help="write the page from the results of the last run")
    render.add_argument("--stories", help="test stories file (for the user's words in failed stories)")
    args = ap.parse_args(argv)

    report_dir = Path(args.out).resolve()
    inputs = _inputs(args)
    if args.command == "run":
        if args.folds < 2:
            ap.error("--folds must be at least 2")
        run_all(inputs, report_dir, folds=args.folds, skip_cv=args.skip_cv)
    page = write_report(report_dir, inputs.stories)
    print(f"report: {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
