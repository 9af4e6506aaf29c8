"""The benchmark's figures as a plain-text table and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

CONCURRENCY_LEVELS = (1, 8, 32)


def metric_rows() -> list[tuple[str, str]]:
    rows = [("training_s", "training time (s)"), ("startup_s", "start-up until ready (s)")]
    for level in CONCURRENCY_LEVELS:
        who = "sequential" if level == 1 else f"{level} concurrent"
        rows += [
            (f"c{level}_p50_ms", f"{who}: p50 (ms)"),
            (f"c{level}_p95_ms", f"{who}: p95 (ms)"),
            (f"c{level}_p99_ms", f"{who}: p99 (ms)"),
            (f"c{level}_rps", f"{who}: throughput (req/s)"),
            (f"c{level}_errors", f"{who}: errors"),
        ]
    rows += [("rasa_rss_mb", "Rasa server RSS after load (MB)"), ("action_rss_mb", "action server RSS after load (MB)")]
    rows += [
        ("encoder_p50_ms", "encoder + classifier added per message: p50 (ms)"),
        ("encoder_p95_ms", "encoder + classifier added per message: p95 (ms)"),
    ]
    return rows


def ratio(value, stock_value) -> float | None:
    if value is None or not stock_value:
        return None
    return value / stock_value


def _show(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(project: dict, stock: dict, verdicts: dict) -> str:
    header = ("figure", "project", "stock", "ratio", "target", "")
    lines = [header]
    for key, label in metric_rows():
        check = verdicts.get(key, {})
        times = ratio(project.get(key), stock.get(key))
        lines.append(
            (
                label,
                _show(project.get(key)),
                _show(stock.get(key)),
                f"{times:.2f}×" if times is not None else "-",
                check.get("target", ""),
                check.get("status", ""),
            )
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in lines]
    text.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(text)


def as_json(project: dict, stock: dict, verdicts: dict, meta: dict) -> dict:
    ratios = {key: ratio(project.get(key), stock.get(key)) for key, _ in metric_rows()}
    return {
        "meta": meta,
        "project": project,
        "stock": stock,
        "ratios": {k: round(v, 3) for k, v in ratios.items() if v is not None},
        "targets": verdicts,
    }


def write_json(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
