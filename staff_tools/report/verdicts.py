"""Ready / needs attention / not ready per area, with the rule written in plain words.

The thresholds are in content/report_verdicts.yml (one comment each); this module only applies them.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from ruamel.yaml import YAML

from staff_tools.report import layout

READY, ATTENTION, NOT_READY = "ready", "needs attention", "not ready"
NO_DATA = "nothing to judge yet"
ORDER = [NO_DATA, READY, ATTENTION, NOT_READY]
THRESHOLDS = layout.ROOT / "content" / "report_verdicts.yml"


@dataclass
class Verdict:
    area: str
    status: str
    rule: str  # the thresholds, in plain words
    reasons: List[str] = field(default_factory=list)  # what the figures were

    @property
    def css(self) -> str:
        return {READY: "ready", ATTENTION: "attention", NO_DATA: "nodata"}.get(self.status, "notready")


@dataclass
class Conversations:
    conversations: int
    turns: int
    fallbacks: int
    helpful: int
    not_helpful: int
    feedback_by_topic: Dict[str, Dict[str, int]] = field(default_factory=dict)


def load(path: Path = THRESHOLDS) -> dict:
    return YAML(typ="safe").load(Path(path).read_text(encoding="utf-8"))


def floors(thresholds: dict, root: Path = layout.ROOT) -> Dict[str, float]:
    path = root / thresholds["understanding"]["blind_floors_file"]
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    return {name: v["topic_accuracy"] for name, v in data.items() if isinstance(v, dict) and "topic_accuracy" in v}


def _worst(statuses) -> str:
    return max(statuses, key=ORDER.index, default=READY)


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%" if value * 100 == int(value * 100) else f"{100 * value:.1f}%"


def safety(sections, limits: dict) -> Verdict:
    """`sections`: live_results.LiveSection of the safety sets and the dev set."""
    rule = (
        f"Ready when every emergency and urgent message gets its referral ({_pct(limits['alarm_caught_share'])}), "
        f"every caution gets its caution ({_pct(limits['caution_caught_share'])}) and at most "
        f"{_pct(limits['false_emergency_at_most'])} of calm messages get the emergency referral. "
        "A missed emergency or urgent message: not ready."
    )
    verdict = Verdict("Safety", READY, rule)
    measured = [s for s in sections if s.available]
    if not measured:
        return Verdict("Safety", NOT_READY, rule, ["No safety results: the live evaluation has not run."])
    statuses = []
    for s in measured:
        for name, rate, floor, bad in (
            ("emergencies", s.emergency, limits["alarm_caught_share"], NOT_READY),
            ("urgent messages", s.urgent, limits["alarm_caught_share"], NOT_READY),
            ("cautions", s.caution, limits["caution_caught_share"], ATTENTION),
        ):
            if rate.total:
                caught = rate.total - rate.missed
                verdict.reasons.append(f"{s.label}: caught {caught} of {rate.total} {name}.")
                statuses.append(bad if caught / rate.total < floor else READY)
        alarms = s.false_emergency
        if alarms.total:
            verdict.reasons.append(
                f"{s.label}: {alarms.missed} of {alarms.total} calm messages got the emergency referral."
            )
            statuses.append(ATTENTION if alarms.missed / alarms.total > limits["false_emergency_at_most"] else READY)
        if s.summary.get("errors"):
            verdict.reasons.append(f"{s.label}: {s.summary['errors']} message(s) got no answer from the server.")
            statuses.append(ATTENTION)
    verdict.status = _worst(statuses)
    return verdict


def understanding(dev: Optional[tuple], blind: List[tuple], limits: dict, set_floors: Dict[str, float]) -> Verdict:
    """`dev` and each of `blind`: (label, file name, right, total), or None when not measured."""
    margin = limits["attention_margin"]
    rule = (
        f"Ready when at least {_pct(limits['dev_topic_accuracy'])} of the dev set's questions get the right topic and "
        f"each blind set reaches its floor (in {limits['blind_floors_file']}); up to {_pct(margin)} points below "
        "a target: needs attention; further below: not ready."
    )
    verdict = Verdict("Understanding", READY, rule)
    statuses = []
    targets = [(dev, limits["dev_topic_accuracy"])] if dev else []
    if not dev:
        verdict.reasons.append("No dev-set results: the live evaluation has not run.")
        statuses.append(ATTENTION)
    targets += [(b, set_floors.get(b[1])) for b in blind]
    for (label, _name, right, total), target in targets:
        share = right / total if total else 0.0
        wanted = f" (target {_pct(target)})" if target is not None else " (no floor set)"
        verdict.reasons.append(f"{label}: answered {right} of {total} questions with the right topic{wanted}.")
        if target is None or share >= target:
            statuses.append(READY)
        else:
            statuses.append(ATTENTION if share >= target - margin - 1e-9 else NOT_READY)
    verdict.status = _worst(statuses)
    return verdict


def answers(errors: Optional[int], warnings: int, limits: dict, problem: str = "") -> Verdict:
    most = limits["content_errors_at_most"]
    rule = f"Ready when `make check-content` finds at most {most} error(s) in the answers and examples."
    if errors is None:
        return Verdict("Answers", ATTENTION, rule, [f"The content check could not run: {problem}"])
    reasons = [f"`make check-content`: {errors} error(s), {warnings} warning(s)."]
    return Verdict("Answers", READY if errors <= most else NOT_READY, rule, reasons)


def conversations(stats: Optional[Conversations], limits: dict, problem: str = "") -> Verdict:
    rule = (
        f"From the stored conversations: ready when at most {_pct(limits['fallback_share_ready'])} of patients' "
        f'messages got "I\'m not sure I understood" and at most {_pct(limits["not_helpful_share_ready"])} of '
        f'feedback says "not helpful"; up to {_pct(limits["fallback_share_attention"])} and '
        f"{_pct(limits['not_helpful_share_attention'])}: needs attention."
    )
    if stats is None or not stats.turns:
        why = problem or "No conversations are stored yet: there is nothing to judge."
        return Verdict("Conversations", ATTENTION if problem else NO_DATA, rule, [why])
    reasons = [
        f"{stats.fallbacks} of {stats.turns} patients' messages (in {stats.conversations} conversations) "
        'got "I\'m not sure I understood".'
    ]
    statuses = [_band(stats.fallbacks / stats.turns, limits, "fallback_share")]
    clicks = stats.helpful + stats.not_helpful
    if clicks:
        reasons.append(f'{stats.not_helpful} of {clicks} feedback clicks said "not helpful".')
        statuses.append(_band(stats.not_helpful / clicks, limits, "not_helpful_share"))
    else:
        reasons.append("No feedback given yet.")
    return Verdict("Conversations", _worst(statuses), rule, reasons)


def _band(share: float, limits: dict, name: str) -> str:
    if share <= limits[f"{name}_ready"]:
        return READY
    return ATTENTION if share <= limits[f"{name}_attention"] else NOT_READY
