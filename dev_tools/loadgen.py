"""Async load generator for the REST channel: replays multi-turn conversations, measures latency.

    python -m dev_tools.loadgen --url http://127.0.0.1:5005 --concurrency 8 --conversations 40

prints a JSON summary (requests, errors, throughput, latency percentiles). From Python:

    result = await run_load(url, concurrency=8, conversations=default_conversations(40))
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import yaml

CONVERSATIONS_FILE = Path(__file__).resolve().parent / "bench_conversations.yml"
WEBHOOK_PATH = "/webhooks/rest/webhook"
REQUEST_TIMEOUT_S = 120


@dataclass
class LoadResult:
    latencies_ms: list = field(default_factory=list)  # successful requests only
    requests: int = 0
    errors: int = 0  # non-200 answers and exceptions (timeouts, refused connections...)
    duration_s: float = 0.0

    @property
    def throughput(self) -> float:
        """Successful requests per second of wall time."""
        return len(self.latencies_ms) / self.duration_s if self.duration_s > 0 else 0.0

    def percentile(self, p: float) -> float | None:
        """Linear-interpolated p-th percentile (0-100) of the latencies; None when there are none."""
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        rank = (len(ordered) - 1) * min(max(p, 0.0), 100.0) / 100.0
        low, high = math.floor(rank), math.ceil(rank)
        return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)

    def as_dict(self) -> dict:
        def rounded(value):
            return None if value is None else round(value, 2)

        return {
            "requests": self.requests,
            "errors": self.errors,
            "duration_s": round(self.duration_s, 3),
            "throughput_rps": round(self.throughput, 3),
            "p50_ms": rounded(self.percentile(50)),
            "p95_ms": rounded(self.percentile(95)),
            "p99_ms": rounded(self.percentile(99)),
            "mean_ms": rounded(sum(self.latencies_ms) / len(self.latencies_ms)) if self.latencies_ms else None,
        }


def load_conversation_templates(path: Path = CONVERSATIONS_FILE) -> list[list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    templates = [[str(turn) for turn in conv] for conv in data.get("conversations") or [] if conv]
    if not templates:
        raise ValueError(f"{path}: no conversations")
    return templates


def default_conversations(n: int, path: Path = CONVERSATIONS_FILE) -> list[list[str]]:
    """n conversations, cycling through the scripted ones in the data file (same order every run)."""
    templates = load_conversation_templates(path)
    return [list(templates[i % len(templates)]) for i in range(max(n, 0))]


async def _send(session: aiohttp.ClientSession, url: str, sender: str, text: str, result: LoadResult) -> None:
    result.requests += 1
    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as resp:
            await resp.read()
            ok = resp.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        ok = False
    if ok:
        result.latencies_ms.append((time.perf_counter() - started) * 1000.0)
    else:
        result.errors += 1


async def run_load(
    base_url: str, concurrency: int, conversations: list[list[str]], sender_prefix: str = "bench"
) -> LoadResult:
    """Run every conversation (its turns in order, one sender id each), at most `concurrency` at a time."""
    url = base_url.rstrip("/") + WEBHOOK_PATH
    run_id = uuid.uuid4().hex[:8]  # fresh sender ids: a rerun never continues an old conversation
    result = LoadResult()
    gate = asyncio.Semaphore(max(int(concurrency), 1))
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=max(int(concurrency), 1))

    async def converse(index: int, turns: list[str]) -> None:
        async with gate:
            sender = f"{sender_prefix}-{run_id}-{index}"
            for text in turns:
                await _send(session, url, sender, text, result)

    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(converse(i, turns) for i, turns in enumerate(conversations)))
        result.duration_s = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dev_tools.loadgen", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="Rasa server base URL")
    parser.add_argument("--concurrency", type=int, default=8, help="conversations in flight at once")
    parser.add_argument("--conversations", type=int, default=40, help="how many conversations to run")
    parser.add_argument("--sender-prefix", default="bench")
    args = parser.parse_args(argv)
    result = asyncio.run(
        run_load(args.url, args.concurrency, default_conversations(args.conversations), args.sender_prefix)
    )
    print(json.dumps({"concurrency": args.concurrency, "conversations": args.conversations, **result.as_dict()}))
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
