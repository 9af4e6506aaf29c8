"""Two Rasa replicas behind nginx, sharing PostgreSQL (conversations) and Redis (locks).

One cluster (scripts/cluster.sh) for the whole module, on free ports in its own directory; it is
stopped at the end whatever happens. The replica crash test runs last: it takes a replica away.
"""

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa

from cluster_harness import WEBHOOK, Cluster, every_turn_answered, user_texts
from conftest import MODEL, run_module  # tests/conftest.py

TURNS = ["hello", "does acupuncture hurt?", "are there any side effects?", "how much does a session cost?"]


@pytest.fixture(scope="module")
def cluster():
    if not MODEL.is_file():
        pytest.fail("models/assistant.tar.gz is missing: run `make train` (make test does it first)")
    # Not pytest's tmp_path: its parents are private to root, and PostgreSQL runs as the postgres user.
    workdir = Path(tempfile.mkdtemp(prefix="rasa-cluster-"))
    workdir.chmod(0o755)
    running = Cluster(workdir)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def new_sender(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:10]}"


def test_turns_alternating_between_replicas_keep_the_whole_conversation(cluster):
    sender = new_sender("alternate")
    for turn, text in enumerate(TURNS):
        cluster.say(cluster.replica_urls[turn % 2], sender, text)

    first, second = (cluster.tracker(url, sender) for url in cluster.replica_urls)
    assert user_texts(first) == TURNS  # every turn, in order, whichever replica took it
    assert every_turn_answered(first)
    assert first["events"] == second["events"]  # both replicas see the same conversation


async def test_simultaneous_turns_on_both_replicas_are_serialised_by_the_lock(cluster):
    sender = new_sender("together")
    texts = ["does acupuncture hurt?", "how long is a session?"]
    async with aiohttp.ClientSession() as session:

        async def send(url, text):
            async with session.post(url + WEBHOOK, json={"sender": sender, "message": text}) as resp:
                return resp.status

        statuses = await asyncio.gather(*(send(url, text) for url, text in zip(cluster.replica_urls, texts)))
    assert statuses == [200, 200]

    tracker = cluster.tracker(cluster.replica_urls[0], sender)
    assert sorted(user_texts(tracker)) == sorted(texts)  # without the Redis lock one turn would be lost
    assert every_turn_answered(tracker)


async def burst(url: str, sender: str, n: int, via: str = "header") -> list:
    """n requests from one sender at once; returns [(status, body, Retry-After)]."""
    headers = {"X-Sender-Id": sender} if via == "header" else {}
    target = url + WEBHOOK + (f"?sender={sender}" if via == "query" else "")
    async with aiohttp.ClientSession() as session:

        async def one(i):
            async with session.post(target, json={"sender": sender, "message": "hello"}, headers=headers) as resp:
                return resp.status, await resp.json(content_type=None), resp.headers.get("Retry-After")

        return await asyncio.gather(*(one(i) for i in range(n)))


@pytest.mark.parametrize("via", ["header", "query"])
async def test_a_burst_from_one_sender_is_limited_and_another_sender_is_not(cluster, via):
    noisy, quiet = new_sender("noisy"), new_sender("quiet")

    noisy_results = await burst(cluster.lb_url, noisy, 10, via)
    quiet_results = await burst(cluster.lb_url, quiet, cluster.sender_burst, via)

    noisy_statuses = [status for status, _, _ in noisy_results]
    assert set(noisy_statuses) == {200, 429}, noisy_statuses
    # burst + 1 pass at once; one more may slip through if the burst straddles a refill (every 2 s)
    assert cluster.sender_burst + 1 <= noisy_statuses.count(200) <= cluster.sender_burst + 2, noisy_statuses
    refused, retry_after = next((body, retry) for status, body, retry in noisy_results if status == 429)
    assert "error" in refused and "wait" in refused["error"]
    assert retry_after == "2"  # 30 requests a minute: the next one is let through 2 s later
    assert [status for status, _, _ in quiet_results] == [200] * cluster.sender_burst


async def test_load_two_replicas_against_one(cluster):
    from dev_tools.loadgen import default_conversations, run_load

    conversations = default_conversations(16)
    before = cluster.upstream_counts()
    two = await run_load(cluster.lb_url, 8, conversations, sender_prefix="bench-two")
    spread = {port: count - before[port] for port, count in cluster.upstream_counts().items()}
    one = await run_load(cluster.replica_urls[0], 8, conversations, sender_prefix="bench-one")

    ratio = two.throughput / one.throughput if one.throughput else float("nan")
    print(
        f"\n8-way load, {two.requests} requests: 2 replicas via nginx {two.throughput:.2f} req/s "
        f"(p95 {two.percentile(95):.0f} ms), 1 replica direct {one.throughput:.2f} req/s "
        f"(p95 {one.percentile(95):.0f} ms); ratio 2/1 = {ratio:.2f} (on {os.cpu_count()} CPU cores)"
    )
    expected = sum(len(turns) for turns in conversations)
    assert (two.requests, two.errors) == (expected, 0)
    assert (one.requests, one.errors) == (expected, 0)
    assert all(count > 0 for count in spread.values()), spread  # nginx used both replicas


def write_old_conversation(cluster, sender: str, days_ago: float) -> None:
    """A conversation whose every event is `days_ago` old, written through Rasa's own tracker store."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    when = time.time() - days_ago * 86400
    events = [
        ActionExecuted("action_session_start", timestamp=when),
        SessionStarted(timestamp=when),
        ActionExecuted("action_listen", timestamp=when),
        UserUttered("does it hurt?", {"name": "faq", "confidence": 1.0}, timestamp=when),
        BotUttered("a little", timestamp=when),
        ActionExecuted("action_listen", timestamp=when),
    ]
    store = SQLTrackerStore(
        Domain.empty(),
        dialect="postgresql",
        host="127.0.0.1",
        port=cluster.pg_port,
        db="rasa",
        username="rasa",
        password=cluster.pg_password,
    )
    try:
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    finally:
        store.engine.dispose()


def events_of(cluster, sender: str) -> int:
    engine = sa.create_engine(cluster.pg_url())
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()
    finally:
        engine.dispose()


def run_purge(cluster, *args) -> subprocess.CompletedProcess:
    return run_module(
        "dev_tools.purge",
        "--days",
        "30",
        "--endpoints",
        "deploy/endpoints.cluster.yml",
        *args,
        env=cluster.pg_env(),
        timeout=120,
    )


def test_purge_on_the_cluster_postgres(cluster):
    old, current = new_sender("old-conv"), new_sender("current-conv")
    write_old_conversation(cluster, old, days_ago=40)
    cluster.say(cluster.lb_url, current, "hello")
    old_events = events_of(cluster, old)
    assert old_events > 0 and events_of(cluster, current) > 0

    dry = run_purge(cluster, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"would delete 1 conversation(s) ({old_events} events)" in dry.stdout
    assert events_of(cluster, old) == old_events

    done = run_purge(cluster)
    assert done.returncode == 0, done.stderr
    assert f"deleted 1 conversation(s) ({old_events} events)" in done.stdout
    assert events_of(cluster, old) == 0
    assert user_texts(cluster.tracker(cluster.lb_url, current)) == ["hello"]
    for private in (old, current, "does it hurt", cluster.pg_password):
        assert private not in dry.stdout + done.stdout + dry.stderr + done.stderr


def test_conversation_goes_on_through_nginx_when_a_replica_dies(cluster):
    sender = new_sender("crash")
    turns = TURNS + ["how many sessions will I need?", "thanks"]
    for text in turns[:2]:
        cluster.say(cluster.lb_url, sender, text)

    cluster.kill_replica(2)
    for text in turns[2:]:
        cluster.say(cluster.lb_url, sender, text)  # asserts 200 and a reply: no turn lost

    tracker = cluster.tracker(cluster.replica_urls[0], sender)
    assert user_texts(tracker) == turns
    assert every_turn_answered(tracker)
    status = cluster.status()
    assert status.returncode != 0 and re.search(r"replica 2\s+down", status.stdout), status.stdout
