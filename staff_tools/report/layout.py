"""Where the report's inputs and results live. One place, so the runner and the reader agree."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
TEMPLATE = Path(__file__).resolve().parent / "template.html.j2"

# Sub-directories of <report dir>/results, one per step.
CROSS_VALIDATION = "cross_validation"
HOLDOUT = "nlu_holdout"
STORIES = "test_stories"
LIVE = "live"
RUN_INFO = "run.json"


@dataclass
class Inputs:
    """What the report evaluates. Defaults: the project's own model and data."""

    model: Path = ROOT / "models" / "assistant.tar.gz"
    config: Path = ROOT / "config.yml"
    nlu_data: Path = ROOT / "data" / "nlu"
    stories: Path = ROOT / "tests" / "test_stories.yml"
    holdout: Path = ROOT / "tests" / "nlu_holdout.yml"
    dev_set: Path = SHARED / "eval" / "dev_set.tsv"
    # the blind sets first: written by someone who never saw the training data, they are the honest figures
    nlu_blind_sets: List[Path] = field(default_factory=lambda: sorted((ROOT / "tests").glob("nlu_blind_*.tsv")))
    safety_sets: List[Path] = field(
        default_factory=lambda: sorted(
            (ROOT / "tests" / "safety").glob("*.tsv"), key=lambda p: (not p.name.startswith("blind_"), p.name)
        )
    )
    evaluate_script: Path = SHARED / "eval" / "evaluate.py"


def results_dir(report_dir: Path) -> Path:
    return Path(report_dir) / "results"
