"""The load generator against a tiny local fake REST channel (no Rasa needed)."""

import asyncio
import json
from collections import defaultdict

import pytest
from aiohttp import web

from dev_tools.live_server import free_port
from dev_tools import loadgen
from dev_tools.loadgen import LoadResult, default_conversations, run_load


class FakeChannel:
    """Answers like the REST webhook, records what arrived, and counts conversations in flight."""

    def __init__(self, fail_on: str = "") -> None:
        self.fail_on = fail_on
        self.turns = defaultdict(list)
        self.in_flight = 0
        self.max_in_flight = 0

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.01)
            self.turns[body["sender"]].append(body["message"])
        finally:
            self.in_flight -= 1
        if body["message"] == self.fail_on:
            return web.json_response({"error": "boom"}, status=500)
        return web.json_response([{"recipient_id": body["sender"], "text": "ok"}])


@pytest.fixture
async def fake_server():
    servers = []

    async def start(channel: FakeChannel) -> str:
        app = web.Application()
        app.router.add_post(loadgen.WEBHOOK_PATH, channel.webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        servers.append(runner)
        port = runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    yield start
    for runner in servers:
        await runner.cleanup()


async def test_every_turn_is_sent_in_order_with_one_sender_per_conversation(fake_server):
    channel = FakeChannel()
    url = await fake_server(channel)
    conversations = [["hi", "what is acupuncture", "bye"], ["hello", "does it hurt"], ["hey"]]
    result = await run_load(url, concurrency=2, conversations=conversations, sender_prefix="t")

    assert result.requests == 6 and result.errors == 0 and len(result.latencies_ms) == 6
    assert sorted(channel.turns.values()) == sorted(conversations)
    assert all(sender.startswith("t-") for sender in channel.turns)
    assert all(latency >= 10 for latency in result.latencies_ms)  # the fake server sleeps 10 ms
    assert result.duration_s > 0 and result.throughput > 0


async def test_concurrency_caps_the_conversations_in_flight(fake_server):
    channel = FakeChannel()
    url = await fake_server(channel)
    await run_load(url, concurrency=3, conversations=[["a", "b"]] * 12)
    assert channel.max_in_flight == 3

    sequential = FakeChannel()
    url = await fake_server(sequential)
    await run_load(url, concurrency=1, conversations=[["a", "b"]] * 4)
    assert sequential.max_in_flight == 1


async def test_non_200_and_unreachable_server_count_as_errors(fake_server):
    channel = FakeChannel(fail_on="boom")
    url = await fake_server(channel)
    result = await run_load(url, concurrency=2, conversations=[["hi", "boom", "bye"]] * 2)
    assert (result.requests, result.errors, len(result.latencies_ms)) == (6, 2, 4)

    result = await run_load(f"http://127.0.0.1:{free_port()}", 1, [["hi"]])
    assert (result.requests, result.errors, result.latencies_ms) == (1, 1, [])


def test_percentiles_and_summary():
    result = LoadResult(latencies_ms=[float(v) for v in range(1, 101)], requests=101, errors=1, duration_s=2.0)
    assert result.percentile(50) == pytest.approx(50.5)
    assert result.percentile(95) == pytest.approx(95.05)
    assert result.percentile(100) == 100 and result.percentile(0) == 1
    assert result.throughput == 50
    summary = result.as_dict()
    assert summary["p99_ms"] == pytest.approx(99.01) and summary["errors"] == 1
    json.dumps(summary)
    assert LoadResult().percentile(95) is None and LoadResult().throughput == 0


def test_default_conversations_are_multi_turn_and_include_safety_questions():
    conversations = default_conversations(30)
    assert len(conversations) == 30 and all(len(c) >= 2 for c in conversations)
    texts = {t.lower() for c in conversations for t in c}
    assert any("warfarin" in t for t in texts)
    assert any("bladder" in t for t in texts)
    assert default_conversations(0) == []


async def test_cli_prints_json(fake_server, capsys):
    channel = FakeChannel()
    url = await fake_server(channel)
    # main() runs its own event loop, so it goes to a thread while this loop serves the fake channel
    code = await asyncio.to_thread(loadgen.main, ["--url", url, "--concurrency", "2", "--conversations", "3"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    assert summary["concurrency"] == 2 and summary["conversations"] == 3 and summary["errors"] == 0
    assert summary["requests"] == sum(len(turns) for turns in channel.turns.values()) > 3
    assert summary["p95_ms"] >= summary["p50_ms"] > 0
