"""Concurrent traffic to the REST webhook (aiohttp) and the checks on what comes back."""

import asyncio
import json
from typing import Any, Dict, List, Optional, Sequence, Tuple

import aiohttp

from bad_inputs import ANSWERED, Probe

WEBHOOK = "/webhooks/rest/webhook"
TIMEOUT = aiohttp.ClientTimeout(total=120)


async def send(session: aiohttp.ClientSession, url: str, probe: Probe) -> Tuple[int, Any]:
    headers = {"Content-Type": probe.content_type} if probe.content_type else {}
    async with session.request(probe.method, url + WEBHOOK, data=probe.body, headers=headers) as resp:
        raw = await resp.read()
        try:
            return resp.status, json.loads(raw)
        except ValueError:
            return resp.status, raw[:200]


def reply_problem(probe: Probe, status: int, body: Any) -> Optional[str]:
    """Why this answer is wrong for this request, or None."""
    if status != probe.expect:
        return f"{probe.kind}: status {status} (expected {probe.expect}): {str(body)[:120]}"
    if probe.expect == ANSWERED:
        if not isinstance(body, list) or not any(isinstance(r, dict) and r.get("text") for r in body):
            return f"{probe.kind}: no reply text: {str(body)[:120]}"
    elif not isinstance(body, dict) or not isinstance(body.get("error"), str) or not body["error"]:
        return f"{probe.kind}: {status} without a JSON error: {str(body)[:120]}"
    return None


async def say(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> Tuple[int, Any]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    return await send(session, url, Probe("good turn", body, ANSWERED, sender=sender, text=text))


async def converse(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    turns: Sequence[str],
    pace: Optional[List[asyncio.Event]] = None,
) -> List[str]:
    """Send each turn after the answer to the previous one (and after pace[i], if given); return the problems."""
    problems = []
    for i, text in enumerate(turns):
        if pace:
            await pace[min(i, len(pace) - 1)].wait()
        status, body = await say(session, url, sender, text)
        problem = reply_problem(Probe("good turn", b"", ANSWERED), status, body)
        if problem:
            problems.append(f"{sender} turn {i}: {problem}")
    return problems


async def fetch_trackers(
    session: aiohttp.ClientSession, url: str, token: str, senders: Sequence[str]
) -> Dict[str, dict]:
    async def one(sender: str):
        async with session.get(f"{url}/conversations/{sender}/tracker", params={"token": token}) as resp:
            assert resp.status == 200, (sender, resp.status)
            return sender, await resp.json()

    return dict(await asyncio.gather(*(one(s) for s in senders)))


def conversation_problems(tracker: dict, turns: Sequence[str]) -> List[str]:
    """Every turn in the tracker, in order, each followed by a bot reply, and nothing else from the user."""
    events = tracker["events"]
    user_texts = [e.get("text") for e in events if e["event"] == "user"]
    problems = [] if user_texts == list(turns) else [f"user turns {user_texts!r} != sent {list(turns)!r}"]
    answered = 0
    waiting = False
    for event in events:
        if event["event"] == "user":
            if waiting:
                problems.append(f"no bot reply before {event.get('text')!r}")
            waiting = True
        elif event["event"] == "bot" and event.get("text") and waiting:
            answered += 1
            waiting = False
    if answered != len(user_texts):
        problems.append(f"{answered} bot replies for {len(user_texts)} user turns")
    return problems
