"""The report's first section, for clinic staff: a verdict per area, what changed since the previous
report, each missed question with the file and line where an example would go, and patients' feedback.

The figures it shows are saved to results/staff_figures.json; the previous run's file is kept as
staff_figures.previous.json, and the change column compares the two.
"""

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple

from staff_tools.report import layout
from staff_tools.report import verdicts as rules
from staff_tools.report.files import Unreadable, read_json
from staff_tools.report.where import Place, place_for

FIGURES = "staff_figures.json"
PREVIOUS = "staff_figures.previous.json"
MISSED_SHOWN = 30
LEVELS = (("emergency", "emergencies"), ("urgent", "urgent messages"), ("caution", "cautions"))


@dataclass
class Missed:
    set_label: str
    text: str
    expected: str
    understood: str
    place: Optional[Place]


@dataclass
class Change:
    group: str
    name: str
    old: str
    new: str
    arrow: str  # ↑ ↓ = (or "new" / "gone")
    css: str  # better / worse / same


@dataclass
class StaffSection:
    verdicts: List[rules.Verdict] = field(default_factory=list)
    changes: List[Change] = field(default_factory=list)
    previous_note: str = ""
    missed: List[Missed] = field(default_factory=list)
    missed_more: int = 0
    conversations: Optional[rules.Conversations] = None
    conversations_note: str = ""


@functools.lru_cache(maxsize=4)
def content_check(root: Path = layout.ROOT) -> Tuple[Optional[int], int, str]:
    """(errors, warnings, problem) of `make check-content`; errors None when it cannot run."""
    from staff_tools.content_check import run_checks

    try:
        report = run_checks(root, root / "content" / "check_rules.yml")
    except Exception as err:  # noqa: BLE001 - any failure becomes a plain sentence on the page
        return None, 0, f"{type(err).__name__}: {err}"
    return len(report.errors), len(report.warnings), ""


def stored_conversations(db: Optional[str] = None) -> Tuple[Optional[rules.Conversations], str]:
    """Counts over the tracker store (staff_tools/review), or None and why; no database is not an error."""
    from staff_tools.review import store

    try:
        url = store.database_url(db)
    except store.StoreError:
        return None, ""
    try:
        stored = store.read_conversations(url)
    except store.StoreError as err:
        return None, f"The stored conversations could not be read: {err}."
    from staff_tools.review.conversation import DEFAULT_LOW_CONFIDENCE, build
    from staff_tools.review.summary import summarise

    summary = summarise(
        [build(c.sender_id, c.events, c.unreadable_events) for c in stored], DEFAULT_LOW_CONFIDENCE, str
    )
    return (
        rules.Conversations(
            conversations=summary["conversations"],
            turns=summary["turns"],
            fallbacks=summary["fallbacks"],
            helpful=summary["feedback"]["helpful"],
            not_helpful=summary["feedback"]["not_helpful"],
            feedback_by_topic=summary["feedback"]["by_topic"],
        ),
        "",
    )


def _figure(group: str, name: str, right: int, total: int, higher_is_better: bool = True) -> dict:
    return {"group": group, "name": name, "right": right, "total": total, "higher_is_better": higher_is_better}


def figures(page, content: Tuple[Optional[int], int, str], talk: Optional[rules.Conversations]) -> dict:
    """What the change column compares, keyed so that two runs line up."""
    found = {}
    topics = {}
    for s in page.live:
        if s.available and s.kind in ("dev", "blind_nlu"):
            for topic, (right, total) in s.topics.items():
                counts = topics.setdefault(topic, [0, 0])
                counts[0] += right
                counts[1] += total
            right = sum(r for r, _ in s.topics.values())
            total = sum(t for _, t in s.topics.values())
            found[f"set:{s.label}"] = _figure("Test sets", f"{s.label}: right topic", right, total)
    for topic, (right, total) in sorted(topics.items()):
        found[f"topic:{topic}"] = _figure("Topics (dev and blind sets)", topic, right, total)
    safety = [s for s in page.live if s.available and s.kind != "blind_nlu"]
    for level, plural in LEVELS:
        rates = [getattr(s, level) for s in safety]
        total = sum(r.total for r in rates)
        if total:
            found[f"safety:{level}"] = _figure(
                "Safety", f"{plural} caught", total - sum(r.missed for r in rates), total
            )
    calm = [s.false_emergency for s in safety]
    if sum(r.total for r in calm):
        found["safety:false"] = _figure(
            "Safety", "calm messages given the emergency referral", sum(r.missed for r in calm),
            sum(r.total for r in calm), higher_is_better=False,
        )  # fmt: skip
    if content[0] is not None:
        found["answers:errors"] = _figure("Answers", "content check errors", content[0], 0, higher_is_better=False)
    if talk and talk.turns:
        found["talk:fallbacks"] = _figure("Conversations", "messages not understood", talk.fallbacks, talk.turns, False)
        clicks = talk.helpful + talk.not_helpful
        if clicks:
            found["talk:not_helpful"] = _figure(
                "Conversations", '"not helpful" feedback', talk.not_helpful, clicks, False
            )
    return found


def _value(figure: dict) -> float:
    return figure["right"] / figure["total"] if figure["total"] else float(figure["right"])


def shown(figure: Optional[dict]) -> str:
    if not figure:
        return "—"
    if not figure["total"]:
        return str(figure["right"])
    return f"{figure['right']} of {figure['total']} ({100 * _value(figure):.1f}%)"


def compare(previous: dict, current: dict) -> List[Change]:
    changes = []
    for key in list(current) + [k for k in previous if k not in current]:
        old, new = previous.get(key), current.get(key)
        figure = new or old
        if old is None or new is None:
            arrow, css = ("new", "same") if old is None else ("gone", "same")
        elif abs(_value(new) - _value(old)) < 1e-9:
            arrow, css = "=", "same"
        else:
            up = _value(new) > _value(old)
            arrow = "↑" if up else "↓"
            css = "better" if up == figure.get("higher_is_better", True) else "worse"
        changes.append(Change(figure["group"], figure["name"], shown(old), shown(new), arrow, css))
    return changes


def save_figures(results: Path, run_stamp: str, current: dict) -> Optional[dict]:
    """Write this run's figures; the last run's become the previous ones. Returns the previous figures."""
    results.mkdir(parents=True, exist_ok=True)
    latest, previous = results / FIGURES, results / PREVIOUS
    try:
        last = read_json(latest)
    except Unreadable:
        last = None
    if last is not None and last.get("run") != run_stamp:
        latest.replace(previous)  # a new run: the last one becomes the one to compare with
    (results / FIGURES).write_text(json.dumps({"run": run_stamp, "figures": current}, indent=1))
    try:
        earlier = read_json(previous)
    except Unreadable:
        return None
    return earlier if isinstance(earlier.get("figures"), dict) else None


def missed_questions(page, root: Path = layout.ROOT) -> Tuple[List[Missed], int]:
    missed = []
    for s in page.live:
        if s.available and s.kind in ("dev", "blind_nlu"):
            for case in s.misses:
                missed.append(Missed(s.label, case.text, case.expect, case.topic, place_for(case.expect, root)))
    return missed[:MISSED_SHOWN], max(0, len(missed) - MISSED_SHOWN)


def build(page, results: Path, thresholds: Optional[dict] = None, db: Optional[str] = None) -> StaffSection:
    limits = thresholds or rules.load()
    content = content_check(layout.ROOT)
    talk, talk_problem = stored_conversations(db)
    section = StaffSection(conversations=talk, conversations_note=talk_problem)

    def set_figures(s) -> tuple:
        return (
            s.label,
            Path(s.cases_file).name,
            sum(r for r, _ in s.topics.values()),
            sum(t for _, t in s.topics.values()),
        )

    dev = next((set_figures(s) for s in page.dev if s.available), None)
    blind = [set_figures(s) for s in page.blind_nlu if s.available]
    section.verdicts = [
        rules.safety([s for s in page.live if s.kind != "blind_nlu"], limits["safety"]),
        rules.understanding(dev, blind, limits["understanding"], rules.floors(limits)),
        rules.answers(content[0], content[1], limits["answers"], content[2]),
        rules.conversations(talk, limits["conversations"], talk_problem),
    ]
    current = figures(page, content, talk)
    earlier = save_figures(results, str(page.run.get("started") or ""), current)
    if earlier is None:
        section.previous_note = "No earlier report to compare with: the next report will show what changed."
    else:
        section.changes = compare(earlier["figures"], current)
        section.previous_note = (
            f"Compared with the report of the run started {earlier.get('run') or 'at an unknown time'}."
        )
    section.missed, section.missed_more = missed_questions(page)
    return section
