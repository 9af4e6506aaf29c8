"""Gather every result under <report dir>/results into one object for the page.

Whatever is missing or broken becomes a note on the page, never an exception.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Optional

from staff_tools.report import layout, live_results, nlu_results, story_results
from staff_tools.report.run import read_run_info


@dataclass
class Page:
    generated: str
    run: dict
    notes: List[str] = field(default_factory=list)
    live: List[live_results.LiveSection] = field(default_factory=list)
    holdout: Optional[nlu_results.NluSection] = None
    cv: Optional[nlu_results.NluSection] = None
    stories: Optional[story_results.StorySection] = None
    staff: Any = None  # staff.StaffSection, the first section (built by render.write_report)

    @property
    def dev(self) -> List[live_results.LiveSection]:
        return [s for s in self.live if s.kind == "dev"]

    @property
    def blind_nlu(self) -> List[live_results.LiveSection]:
        return [s for s in self.live if s.kind == "blind_nlu"]


def _step(run: dict, name: str) -> dict:
    return next((s for s in run.get("steps") or [] if isinstance(s, dict) and s.get("step") == name), {})


def _step_note(run: dict, name: str) -> List[str]:
    step = _step(run, name)
    if step.get("status") == "failed":
        return [f"This step failed: {step.get('note') or 'see its log'}."]
    return []


def _shown_path(path: str) -> str:
    """Paths inside the project (or the shared folder beside it) shown relative to it."""
    if not path:
        return path
    try:
        return str(Path(path).resolve().relative_to(layout.ROOT.parent))
    except (ValueError, OSError):
        return path


def _live_sections(results: Path, run: dict) -> List[live_results.LiveSection]:
    sections = []
    for entry in run.get("live") or []:
        if not isinstance(entry, dict):
            continue
        json_name = entry.get("json") or ""
        section = live_results.read(
            results / layout.LIVE / json_name,
            entry.get("kind") or "safety",
            str(entry.get("label") or json_name),
            _shown_path(str(entry.get("cases") or "")),
        )
        outcome = entry.get("outcome") or {}
        if outcome.get("status") == "failed":
            section.notes.insert(0, f"The evaluation failed: {outcome.get('note') or 'see its log'}.")
        sections.append(section)
    if not any(s.kind == "dev" for s in sections):
        missing = live_results.LiveSection("dev", "Dev set", "")
        missing.notes.append("No dev-set results: the live evaluation has not run (`make report` runs it).")
        sections.insert(0, missing)
    return sections


def collect(report_dir: Path, stories_file: Optional[Path] = None) -> Page:
    results = layout.results_dir(report_dir)
    run = read_run_info(results)
    page = Page(generated=datetime.datetime.now().isoformat(timespec="seconds"), run=run or {})
    if run is None:
        page.notes.append(
            f"No record of a run ({results / layout.RUN_INFO} is missing or unreadable): "
            "run `make report` first. Whatever results exist are shown below."
        )
        run = {}

    page.live = _live_sections(results, run)

    page.holdout = nlu_results.read(results / layout.HOLDOUT, "Held-out NLU set")
    page.holdout.notes[:0] = _step_note(run, "held-out NLU")

    folds = f" ({run['folds']} folds)" if run.get("folds") else ""
    page.cv = nlu_results.read(results / layout.CROSS_VALIDATION, f"NLU cross-validation{folds}")
    if run.get("cv_skipped"):
        page.cv.notes = ["Cross-validation was skipped in this run (SKIP_CV=1): `make report` without it runs it."]
        page.cv.available = False
    else:
        page.cv.notes[:0] = _step_note(run, "cross-validation")

    page.stories = story_results.read(results / layout.STORIES, stories_file or layout.Inputs().stories)
    page.stories.notes[:0] = _step_note(run, "test stories")
    return page
