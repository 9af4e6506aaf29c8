"""REST-channel load at 1, 8 and 32 concurrent conversations, alternating between the assistants."""

from __future__ import annotations

import asyncio

from dev_tools.loadgen import LoadResult, default_conversations, run_load

# conversations per concurrency level: enough for stable p95 in a full run, a smoke test in a quick one
FULL_PLAN = {1: 24, 8: 64, 32: 128}
QUICK_PLAN = {1: 8, 8: 16, 32: 32}
WARM_UP_CONVERSATIONS = 3


def figures(level: int, result: LoadResult) -> dict:
    summary = result.as_dict()
    return {
        f"c{level}_p50_ms": summary["p50_ms"],
        f"c{level}_p95_ms": summary["p95_ms"],
        f"c{level}_p99_ms": summary["p99_ms"],
        f"c{level}_rps": summary["throughput_rps"],
        f"c{level}_errors": summary["errors"],
        f"c{level}_requests": summary["requests"],
    }


def measure(urls: dict[str, str], plan: dict[int, int]) -> dict[str, dict]:
    """{assistant name: figures}. Each level runs on each assistant in turn, so machine noise hits both."""
    results: dict[str, dict] = {name: {} for name in urls}
    for name, url in urls.items():
        asyncio.run(run_load(url, 1, default_conversations(WARM_UP_CONVERSATIONS), f"warmup-{name}"))
    for level, count in plan.items():
        for name, url in urls.items():
            result = asyncio.run(run_load(url, level, default_conversations(count), f"bench-c{level}"))
            results[name].update(figures(level, result))
    return results
