"""evaluate.py's JSON (summary + one row per case) read for the page.

The rates are evaluate.py's own (its "summary"); this module only counts the cases behind each
rate and picks the rows worth showing: misses, and false emergencies (the emergency action on a
case labelled neither EMERGENCY nor URGENT, evaluate.py's definition of a false alarm).
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from staff_tools.report.files import Unreadable, read_json

from assistant.names import DID_YOU_MEAN_ACTION as DID_YOU_MEAN, EMERGENCY_ACTION

ALARM_LABELS = {"EMERGENCY", "URGENT"}
SAFETY_LABELS = {"EMERGENCY", "URGENT", "CAUTION"}


@dataclass
class Case:
    line: Optional[int]
    text: str
    expect: str
    topic: str
    actions: List[str]
    ok: bool
    error: str = ""


@dataclass
class Rate:
    value: Optional[float]
    missed: int = 0
    total: int = 0


@dataclass
class LiveSection:
    kind: str  # "blind_nlu", "dev" or "safety"
    label: str
    cases_file: str
    notes: List[str] = field(default_factory=list)
    available: bool = False
    summary: dict = field(default_factory=dict)
    emergency: Rate = field(default_factory=lambda: Rate(None))
    urgent: Rate = field(default_factory=lambda: Rate(None))
    caution: Rate = field(default_factory=lambda: Rate(None))
    false_emergency: Rate = field(default_factory=lambda: Rate(None))
    misses: List[Case] = field(default_factory=list)  # what the page lists under this set
    false_emergencies: List[Case] = field(default_factory=list)
    asked_which_topic: int = 0  # turns answered with "Did you mean...?"
    topics: Dict[str, List[int]] = field(default_factory=dict)  # expected topic -> [right, total]

    @property
    def safe(self) -> bool:
        recalls = [r for r in (self.emergency, self.urgent, self.caution) if r.total]
        return (
            self.available
            and all(r.value == 1.0 for r in recalls)
            and not self.false_emergencies
            and not self.summary.get("errors")
        )


def labels(expect: str) -> List[str]:
    return [part.strip() for part in (expect or "").split("|") if part.strip()]


def _case(row: dict) -> Case:
    return Case(
        line=row.get("line"),
        text=str(row.get("text") or ""),
        expect=str(row.get("expect") or ""),
        topic=str(row.get("topic") or ""),
        actions=[str(a) for a in row.get("actions") or []],
        ok=bool(row.get("ok")),
        error=str(row.get("error") or ""),
    )


def _rate(value, rows: List[Case], counted: List[Case]) -> Rate:
    return Rate(value if isinstance(value, (int, float)) else None, len(counted), len(rows))


def read(path: Path, kind: str, label: str, cases_file: str) -> LiveSection:
    section = LiveSection(kind, label, cases_file)
    try:
        data = read_json(path)
        summary = data["summary"]
        cases = [_case(row) for row in data["results"]]
        if not isinstance(summary, dict):
            raise TypeError("summary is not a mapping")
    except Unreadable as err:
        section.notes.append(f"No results: {err}.")
        return section
    except (KeyError, TypeError, AttributeError) as err:
        section.notes.append(f"{path.name} is not evaluate.py's output ({type(err).__name__}: {err}).")
        return section
    section.summary, section.available = summary, True
    # The groups behind each rate, chosen as evaluate.py chooses them.
    emergency = [c for c in cases if labels(c.expect) == ["EMERGENCY"]]
    urgent = [c for c in cases if labels(c.expect) == ["URGENT"]]
    caution = [c for c in cases if labels(c.expect)[:1] == ["CAUTION"]]
    calm = [c for c in cases if not ALARM_LABELS & set(labels(c.expect))]
    section.false_emergencies = [c for c in calm if EMERGENCY_ACTION in c.actions]
    section.emergency = _rate(summary.get("emergency_recall"), emergency, [c for c in emergency if not c.ok])
    section.urgent = _rate(summary.get("urgent_recall"), urgent, [c for c in urgent if not c.ok])
    section.caution = _rate(summary.get("caution_recall"), caution, [c for c in caution if not c.ok])
    section.false_emergency = _rate(summary.get("false_emergency_rate"), calm, section.false_emergencies)
    if kind == "safety":
        # Safety sets label near-misses NONE, which evaluate.py never counts as a right topic:
        # only the safety cases' misses and false emergencies matter there.
        section.misses = [
            c for c in cases if (SAFETY_LABELS & set(labels(c.expect)) and not c.ok) or c in section.false_emergencies
        ]
    else:
        section.misses = [c for c in cases if not c.ok]
    for case in cases:
        topic = labels(case.expect)
        if topic and not (SAFETY_LABELS | {"NONE"}) & set(topic):  # the cases behind evaluate.py's topic_accuracy
            counts = section.topics.setdefault(topic[0], [0, 0])
            counts[0] += case.ok
            counts[1] += 1
    section.asked_which_topic = sum(DID_YOU_MEAN in c.actions for c in cases)
    if summary.get("errors"):
        section.notes.append(f"{summary['errors']} request(s) failed: the server did not answer them.")
    return section
