"""1,000+ generated bad and odd requests, interleaved with good conversations, against the live server.

Each request gets the answer its kind calls for (a reply, or a 4xx JSON error; never a 5xx),
the good conversations come out whole, and the server answers normally afterwards.
"""

import asyncio
import time

import aiohttp
import pytest

from bad_inputs import bad_requests, good_conversations
from webhook_client import TIMEOUT, conversation_problems, converse, fetch_trackers, reply_problem, send

pytestmark = pytest.mark.live
BAD_REQUESTS = 1000
GOOD_CONVERSATIONS = 12
CONCURRENCY = 12
TIME_LIMIT_S = 60
KEPT_VERBATIM = {"languages", "unicode", "markup", "sql"}  # texts the tracker must hold exactly as sent


async def storm(url: str, token: str, probes, conversations):
    """Bad requests from CONCURRENCY workers; each good conversation sends turn k once k/(turns) of them are done."""
    turns = max(len(t) for t in conversations.values())
    pace = [asyncio.Event() for _ in range(turns)]
    queue = list(enumerate(probes))
    results = [None] * len(probes)
    done = 0

    async def worker(session):
        nonlocal done
        while queue:
            i, probe = queue.pop()
            try:
                results[i] = await send(session, url, probe)
            except aiohttp.ClientError as exc:  # no answer at all
                results[i] = (0, repr(exc))
            done += 1
            for k, event in enumerate(pace):
                if done >= k * len(probes) / turns:
                    event.set()

    connector = aiohttp.TCPConnector(limit=CONCURRENCY + len(conversations))
    async with aiohttp.ClientSession(timeout=TIMEOUT, connector=connector) as session:
        conversation_results = await asyncio.gather(
            *(converse(session, url, sender, script, pace) for sender, script in conversations.items()),
            *(worker(session) for _ in range(CONCURRENCY)),
        )
        senders = list(conversations) + [p.sender for p in probes if p.kind in KEPT_VERBATIM]
        trackers = await fetch_trackers(session, url, token, senders)
    return results, [p for r in conversation_results if r for p in r], trackers


@pytest.fixture(scope="module")
def storm_outcome(live_server):
    conversations = good_conversations(GOOD_CONVERSATIONS)
    probes = bad_requests(BAD_REQUESTS, list(conversations))
    started = time.monotonic()
    results, conversation_errors, trackers = asyncio.run(
        storm(live_server.url, live_server.token, probes, conversations)
    )
    elapsed = time.monotonic() - started
    turns = sum(len(t) for t in conversations.values())
    print(
        f"\n{len(probes)} bad requests + {turns} good turns in {elapsed:.1f} s "
        f"({(len(probes) + turns) / elapsed:.0f} requests/s)"
    )
    return dict(
        probes=probes,
        results=results,
        conversations=conversations,
        conversation_errors=conversation_errors,
        trackers=trackers,
        elapsed=elapsed,
    )


def test_every_bad_request_gets_the_answer_its_kind_calls_for(storm_outcome):
    problems = [reply_problem(p, *r) for p, r in zip(storm_outcome["probes"], storm_outcome["results"])]
    problems = [p for p in problems if p]
    assert not [s for s, _ in storm_outcome["results"] if s >= 500 or s == 0], problems[:10]
    assert not problems, f"{len(problems)} wrong answers, e.g. {problems[:10]}"
    assert len(storm_outcome["probes"]) >= 1000


def test_good_conversations_are_answered_and_their_trackers_intact(storm_outcome):
    assert not storm_outcome["conversation_errors"], storm_outcome["conversation_errors"][:10]
    for sender, turns in storm_outcome["conversations"].items():
        problems = conversation_problems(storm_outcome["trackers"][sender], turns)
        assert not problems, (sender, problems)


def test_odd_texts_are_stored_as_sent(storm_outcome):
    kept = [p for p in storm_outcome["probes"] if p.kind in KEPT_VERBATIM]
    for probe in kept:
        user_texts = [e["text"] for e in storm_outcome["trackers"][probe.sender]["events"] if e["event"] == "user"]
        assert user_texts == [probe.text.lstrip().lstrip("/")], (probe.kind, probe.text, user_texts)


def test_it_takes_well_under_a_minute(storm_outcome):
    assert storm_outcome["elapsed"] < TIME_LIMIT_S


def test_server_answers_normally_afterwards(storm_outcome, live_server):
    replies = live_server.say("after-the-storm", "how long does a session last")
    assert any("20–40 minutes" in r["text"] for r in replies)
    assert live_server.get(f"/status?token={live_server.token}")["model_file"]
