"""Where staff add an example for a topic: the training file and the line of its `- intent:` block."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from staff_tools.report import layout

NLU = Path("data") / "nlu"
OTHER_FILES = ("conversation.yml", "clinic.yml", "out_of_scope.yml")
# Labels of the evaluation sets that are not intents of their own.
ALIASES = {"FALLBACK": "out_of_scope"}
SAFETY = {"EMERGENCY", "URGENT", "CAUTION", "NONE"}


@dataclass
class Place:
    path: str  # relative to the project root, e.g. data/nlu/faq/evidence.yml
    line: int

    @property
    def shown(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def link(self) -> str:
        """From reports/index.html."""
        return f"../{self.path}"


def _intent_line(path: Path, intent: str) -> Optional[int]:
    pattern = re.compile(rf"^\s*-\s*intent:\s*{re.escape(intent)}\s*(#.*)?$")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), None)


def place_for(label: str, root: Path = layout.ROOT) -> Optional[Place]:
    """The file:line for an expected label (the first of "a|b"); None for safety labels or unknowns."""
    label = (label or "").split("|", 1)[0].strip()
    label = ALIASES.get(label, label)
    if not label or label in SAFETY or not re.fullmatch(r"[\w-]+", label):
        return None
    faq = NLU / "faq" / f"{label}.yml"
    candidates = [(faq, f"faq/{label}")] + [(NLU / name, label) for name in OTHER_FILES]
    for relative, intent in candidates:
        line = _intent_line(root / relative, intent)
        if line is not None:
            return Place(relative.as_posix(), line)
    return None
