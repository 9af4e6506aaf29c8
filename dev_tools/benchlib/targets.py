"""Check figures against the targets in targets.yml: PASS, MISS, or n/a when a figure is missing."""

from __future__ import annotations

from pathlib import Path

import yaml

TARGETS_FILE = Path(__file__).resolve().parent / "targets.yml"


def load(path: Path = TARGETS_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def verdict(target: dict, value: float | None, stock_value: float | None) -> str:
    if value is None:
        return "n/a"
    if "at_most" in target:
        return "PASS" if value <= target["at_most"] else "MISS"
    if "at_least" in target:
        return "PASS" if value >= target["at_least"] else "MISS"
    if "at_least_ratio" in target:
        if not stock_value:
            return "n/a"
        return "PASS" if value / stock_value >= target["at_least_ratio"] else "MISS"
    return "n/a"


def evaluate(project: dict, stock: dict, targets: dict | None = None) -> dict:
    """{metric: {"target": label, "status": PASS|MISS|n/a}} for every metric that has a target."""
    targets = load() if targets is None else targets
    return {
        metric: {"target": target.get("label", ""), "status": verdict(target, project.get(metric), stock.get(metric))}
        for metric, target in targets.items()
    }
