"""Run every evaluation step and record what ran in results/run.json (the page reads it)."""

import datetime
import json
import time
from pathlib import Path
from typing import Optional

from staff_tools.report import layout, steps


def _model_info(model: Path) -> dict:
    info = {"path": str(model)}
    if model.exists():
        stamp = datetime.datetime.fromtimestamp(model.stat().st_mtime)
        info["modified"] = stamp.isoformat(timespec="seconds")
    return info


def run_all(inputs: layout.Inputs, report_dir: Path, folds: int, skip_cv: bool, server=None, log=print) -> dict:
    """All steps in turn; `server` (a started LiveServer) is reused instead of starting one."""
    results = layout.results_dir(report_dir)
    results.mkdir(parents=True, exist_ok=True)
    info = {
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "model": _model_info(inputs.model),
        "folds": folds,
        "cv_skipped": skip_cv,
        "steps": [],
    }
    begin = time.monotonic()
    write_run_info(results, info)

    def record(outcome: steps.Outcome) -> None:
        info["steps"].append(outcome.as_dict())
        write_run_info(results, info)  # an interrupted run still leaves a true record
        log(
            f"report: {outcome.step}: {outcome.status} ({outcome.seconds:.0f} s){' - ' + outcome.note if outcome.note else ''}"
        )

    if skip_cv:
        record(steps.Outcome("cross-validation", "skipped", note="skipped (SKIP_CV=1)"))
    else:
        log(f"report: {folds}-fold NLU cross-validation (the longest step)...")
        record(steps.cross_validation(inputs, results, folds))
    log("report: test stories...")
    record(steps.stories(inputs, results))
    log("report: held-out NLU set...")
    record(steps.holdout(inputs, results))
    log("report: live evaluation (dev set, safety sets)...")
    info["live"] = steps.live_evaluations(inputs, results, server=server)
    for live_set in info["live"]:
        record(steps.Outcome(**live_set["outcome"]))
    info["seconds"] = round(time.monotonic() - begin)
    write_run_info(results, info)
    return info


def write_run_info(results: Path, info: dict) -> None:
    (results / layout.RUN_INFO).write_text(json.dumps(info, indent=1))


def read_run_info(results: Path) -> Optional[dict]:
    path = results / layout.RUN_INFO
    try:
        info = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    # A hand-edited or truncated file must not break the page: keep only well-formed parts.
    expected = {
        "model": dict,
        "steps": list,
        "live": list,
        "folds": int,
        "cv_skipped": bool,
        "started": str,
        "seconds": int,
    }
    clean = {key: value for key, value in info.items() if isinstance(value, expected.get(key, object))}
    for key in ("steps", "live"):
        clean[key] = [entry for entry in clean.get(key, []) if isinstance(entry, dict)]
    return clean
