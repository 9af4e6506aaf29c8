"""Score the safety check on a labelled set (text, expect): the figures the safety tests and reports use.

A line is right when:
- EMERGENCY: emergency advice was given;
- URGENT: emergency or same-day advice;
- CAUTION: any referral;
- NONE (a near-miss): no emergency advice (a caution or same-day referral is allowed).
False emergencies are counted on the lines labelled neither EMERGENCY nor URGENT.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

from assistant.names import EMERGENCY, URGENT

LABELS = ("EMERGENCY", "URGENT", "CAUTION", "NONE")


def is_right(expect: str, level: Optional[str]) -> bool:
    return {
        "EMERGENCY": level == EMERGENCY,
        "URGENT": level in (EMERGENCY, URGENT),
        "CAUTION": level is not None,
        "NONE": level != EMERGENCY,
    }[expect]


def read_cases(path: Path) -> List[Dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if r.get("expect") in LABELS and (r.get("text") or "").strip()]


@dataclass
class Miss:
    text: str
    expect: str
    got: Optional[str]
    detectors: List[str]


@dataclass
class Figures:
    total: Dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    right: Dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    false_emergencies: int = 0
    non_emergency_lines: int = 0
    misses: List[Miss] = field(default_factory=list)

    def recall(self, label: str) -> float:
        return self.right[label] / self.total[label] if self.total[label] else 1.0

    @property
    def false_emergency_rate(self) -> float:
        return self.false_emergencies / self.non_emergency_lines if self.non_emergency_lines else 0.0

    def as_dict(self) -> dict:
        return {
            "lines": sum(self.total.values()),
            **{f"{label.lower()}_recall": round(self.recall(label), 4) for label in LABELS[:3]},
            "none_right": round(self.recall("NONE"), 4),
            "false_emergency_rate": round(self.false_emergency_rate, 4),
            "misses": len(self.misses),
        }


def score(cases: List[Dict[str, str]], check: Callable) -> Figures:
    """`check(text)` returns a SafetyResult."""
    figures = Figures()
    for case in cases:
        expect, result = case["expect"], check(case["text"])
        level = result.level
        figures.total[expect] += 1
        if expect in ("CAUTION", "NONE"):
            figures.non_emergency_lines += 1
            figures.false_emergencies += level == EMERGENCY
        if is_right(expect, level):
            figures.right[expect] += 1
        else:
            detectors = sorted({f"{f.detector}:{f.id}" for f in result.findings})
            figures.misses.append(Miss(case["text"], expect, level, detectors))
    return figures
