"""50 conversations at once, 5+ turns each: every turn answered, every tracker whole and in order."""

import asyncio
import time

import aiohttp
import pytest

from bad_inputs import good_conversations
from webhook_client import TIMEOUT, conversation_problems, converse, fetch_trackers

pytestmark = pytest.mark.live
CONVERSATIONS = 50


async def talk_at_once(url: str, token: str, conversations):
    connector = aiohttp.TCPConnector(limit=len(conversations))
    async with aiohttp.ClientSession(timeout=TIMEOUT, connector=connector) as session:
        results = await asyncio.gather(
            *(converse(session, url, sender, turns) for sender, turns in conversations.items()),
            return_exceptions=True,
        )
        trackers = await fetch_trackers(session, url, token, list(conversations))
    return results, trackers


def test_fifty_concurrent_conversations(live_server):
    conversations = good_conversations(CONVERSATIONS, prefix="concurrent")
    assert min(len(turns) for turns in conversations.values()) >= 5
    started = time.monotonic()
    results, trackers = asyncio.run(talk_at_once(live_server.url, live_server.token, conversations))
    turns = sum(len(t) for t in conversations.values())
    print(f"\n{CONVERSATIONS} concurrent conversations, {turns} turns in {time.monotonic() - started:.1f} s")

    errors = [r for r in results if r]  # an exception, or a list of problems
    assert not errors, errors[:5]
    for sender, script in conversations.items():
        problems = conversation_problems(trackers[sender], script)
        assert not problems, (sender, problems)
