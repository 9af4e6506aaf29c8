"""assistant/redis_lock_store.py against a private redis-server: two stores stand for two replicas."""

import asyncio
import shutil
import subprocess
import threading
import time

import pytest

from conftest import ROOT  # tests/conftest.py
from dev_tools.live_server import free_port


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    if not shutil.which("redis-server"):
        subprocess.run(["bash", str(ROOT / "scripts" / "install_services.sh")], check=True)
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield port
    server.terminate()
    server.wait(timeout=10)


def two_replicas(port):
    from rasa.utils.endpoints import EndpointConfig

    from assistant.redis_lock_store import AtomicRedisLockStore

    config = EndpointConfig.from_dict(
        {"type": "assistant.redis_lock_store.AtomicRedisLockStore", "url": "127.0.0.1", "port": str(port), "db": "1"}
    )
    return AtomicRedisLockStore(endpoint_config=config), AtomicRedisLockStore(endpoint_config=config)


def test_rasa_builds_it_from_the_endpoints_file(redis_port):
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    from assistant.redis_lock_store import AtomicRedisLockStore

    store = LockStore.create(
        EndpointConfig.from_dict(
            {"type": "assistant.redis_lock_store.AtomicRedisLockStore", "url": "127.0.0.1", "port": str(redis_port)}
        )
    )
    assert isinstance(store, AtomicRedisLockStore)
    assert store.issue_ticket("built") == 0


def test_tickets_taken_at_once_by_two_replicas_are_all_different(redis_port):
    stores = two_replicas(redis_port)
    tickets, start = [], threading.Barrier(8)

    def take(store):
        start.wait()
        for _ in range(25):
            tickets.append(store.issue_ticket("same-conversation"))

    threads = [threading.Thread(target=take, args=(stores[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(200))


async def test_turns_of_one_conversation_never_overlap_across_replicas(redis_port):
    stores = two_replicas(redis_port)
    inside, overlaps, served = [0], [0], []

    async def turn(store, number):
        async with store.lock("one-conversation", wait_time_in_seconds=0.01):
            inside[0] += 1
            overlaps[0] += inside[0] > 1
            await asyncio.sleep(0.02)
            served.append(number)
            inside[0] -= 1

    await asyncio.gather(*(turn(stores[i % 2], i) for i in range(10)))
    assert sorted(served) == list(range(10)) and overlaps[0] == 0
    assert stores[0].get_lock("one-conversation") is None  # the last turn out removes the lock
