"""assistant/tracker_store.py against SQLite files: same rows and trackers as Rasa's SQLTrackerStore,
only new events written, other writers (a second replica, a purge) noticed, safe under concurrency."""

import asyncio
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

from assistant.tracker_store import CachedSQLTrackerStore
from dev_tools import purge

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
DAY = 86400
DOMAIN = Domain.from_yaml(
    "version: '3.1'\nintents: [greet, faq]\n"
    "slots:\n  topic:\n    type: text\n    influence_conversation: false\n    mappings:\n    - type: custom\n"
)


def session_start(when):
    return [
        ActionExecuted("action_session_start", timestamp=when),
        SessionStarted(timestamp=when),
        ActionExecuted("action_listen", timestamp=when),
    ]


def turn(text, when, topic=None):
    events = [UserUttered(text, {"name": "faq", "confidence": 0.9}, timestamp=when)]
    if topic:
        events.append(SlotSet("topic", topic, timestamp=when))
    return events + [BotUttered(f"answer to {text}", timestamp=when), ActionExecuted("action_listen", timestamp=when)]


def rows(db):
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT id, sender_id, type_name, timestamp, intent_name, action_name, data FROM events ORDER BY id"
        ).fetchall()


def dialogue(tracker):
    return None if tracker is None else tracker.as_dialogue().as_dict()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "tracker.db"


@pytest.fixture
def make_store(db):
    stores = []

    def make(**settings):
        store = CachedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db), **settings)
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()


async def add_turn(store, sender, text, when, topic=None):
    """What Rasa's processor does per message: retrieve (or create), update, save."""
    tracker = await store.retrieve(sender)
    if tracker is None:
        tracker = DialogueStateTracker(sender, DOMAIN.slots)
        tracker.update_with_events(session_start(when), DOMAIN, override_timestamp=False)
    tracker.update_with_events(turn(text, when, topic), DOMAIN, override_timestamp=False)
    await store.save(tracker)
    return tracker


async def test_round_trip_gives_back_the_same_tracker_and_rows_as_rasas_store(make_store, db, tmp_path):
    now = time.time()
    tracker = DialogueStateTracker.from_events(
        "alice", session_start(now) + turn("does it hurt?", now + 1, "pain"), slots=DOMAIN.slots
    )
    store = make_store()
    await store.save(tracker)

    reference_db = tmp_path / "reference.db"
    reference = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(reference_db))
    await reference.save(tracker)
    assert [row[1:] for row in rows(db)] == [row[1:] for row in rows(reference_db)]

    retrieved = await store.retrieve("alice")
    assert dialogue(retrieved) == dialogue(tracker)
    assert retrieved.get_slot("topic") == "pain"
    assert dialogue(await reference.retrieve("alice")) == dialogue(retrieved)
    assert await store.retrieve("nobody") is None
    assert await store.exists("alice") and not await store.exists("nobody")
    assert sorted(await store.keys()) == ["alice"]
    reference.engine.dispose()


async def test_a_save_only_inserts_the_new_events(make_store, db):
    store = make_store()
    now = time.time()
    await add_turn(store, "bob", "first", now)
    first_rows = rows(db)

    statements = []
    sa.event.listen(
        store.engine, "before_cursor_execute", lambda conn, cursor, statement, *args: statements.append(statement)
    )
    await add_turn(store, "bob", "second", now + 1)
    after = rows(db)

    assert after[: len(first_rows)] == first_rows  # old rows untouched
    assert [r[2] for r in after[len(first_rows) :]] == ["user", "bot", "action"]
    assert len({r[0] for r in after}) == len(after)
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(inserts) == 3
    # retrieve and save each check the cache with one small query; no event is read again
    assert len(selects) == 2 and all("count(events.id)" in s for s in selects)


async def test_a_second_replica_writing_is_seen_and_not_duplicated(make_store, db):
    replica_a, replica_b = make_store(), make_store()
    now = time.time()
    await add_turn(replica_a, "carol", "one", now)
    await add_turn(replica_b, "carol", "two", now + 1)  # b reads what a wrote, appends
    seen_by_a = await replica_a.retrieve("carol")  # a's cache is stale: it must notice
    assert [e.text for e in seen_by_a.events if isinstance(e, UserUttered)] == ["one", "two"]

    await add_turn(replica_a, "carol", "three", now + 2)
    await add_turn(replica_b, "carol", "four", now + 3)
    texts = [r[6] for r in rows(db) if r[2] == "user"]
    assert [t.split('"text": "')[1].split('"')[0] for t in texts] == ["one", "two", "three", "four"]
    assert dialogue(await replica_a.retrieve("carol")) == dialogue(await replica_b.retrieve("carol"))


async def test_a_purge_under_a_cached_conversation_is_noticed(make_store, db):
    store = make_store()
    old = time.time() - 40 * DAY
    await add_turn(store, "dave", "old question", old)
    await add_turn(store, "erin", "recent question", time.time())
    assert await store.retrieve("dave") is not None  # cached now

    assert purge.main(["--days", "30", "--db", str(db)]) == 0
    assert await store.retrieve("dave") is None
    assert await store.retrieve_full_tracker("dave") is None
    await add_turn(store, "dave", "back again", time.time())
    assert [r[2] for r in rows(db) if r[1] == "dave"][:2] == ["action", "session_started"]


async def test_fewer_rows_with_the_same_last_id_are_noticed(make_store, db):
    store = make_store()
    now = time.time()
    await add_turn(store, "fay", "one", now)
    await add_turn(store, "fay", "two", now + 1)
    with sqlite3.connect(db) as connection:  # delete from the middle: the max id stays the same
        connection.execute("DELETE FROM events WHERE id IN (SELECT id FROM events WHERE type_name = 'user' LIMIT 1)")
    tracker = await store.retrieve("fay")
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["two"]


async def test_sessions_match_rasas_store_for_retrieve_and_full_tracker(make_store, db, tmp_path):
    now = time.time()
    first = session_start(now - 7200) + turn("first session", now - 7100, "cost")
    second = session_start(now) + turn("second session", now + 1)
    reference_db = tmp_path / "reference.db"
    reference = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(reference_db))
    store = make_store()
    for target in (store, reference):  # the same steps on both stores
        await target.save(DialogueStateTracker.from_events("gus", first, slots=DOMAIN.slots))
        full = await target.retrieve_full_tracker("gus")
        full.update_with_events(second, DOMAIN, override_timestamp=False)
        await target.save(full)
        latest = await target.retrieve("gus")
        latest.update_with_events(turn("same session", now + 2), DOMAIN, override_timestamp=False)
        await target.save(latest)

    assert [row[1:] for row in rows(db)] == [row[1:] for row in rows(reference_db)]
    latest, full = await store.retrieve("gus"), await store.retrieve_full_tracker("gus")
    assert dialogue(latest) == dialogue(await reference.retrieve("gus"))
    assert dialogue(full) == dialogue(await reference.retrieve_full_tracker("gus"))
    assert sum(isinstance(e, SessionStarted) for e in latest.events) == 1
    assert sum(isinstance(e, SessionStarted) for e in full.events) == 2
    reference.engine.dispose()


async def test_many_conversations_at_once_keep_their_own_events_in_order(make_store, db):
    store = make_store(sql_threads=4, cache_size=10)  # more conversations than cache places
    now = time.time()

    async def conversation(number):
        for step in range(4):
            await add_turn(store, f"user-{number}", f"message {step}", now + step)

    await asyncio.gather(*(conversation(n) for n in range(30)))
    stored = rows(db)
    for number in range(30):
        mine = [r for r in stored if r[1] == f"user-{number}"]
        assert len(mine) == 3 + 4 * 3
        texts = [r[6] for r in mine if r[2] == "user"]
        assert [f"message {step}" in t for step, t in enumerate(texts)] == [True] * 4
    assert len(store._cache) <= 10


def test_one_store_used_from_several_threads(make_store, db):
    store = make_store(sql_threads=3)
    now = time.time()
    errors = []

    def worker(number):
        try:
            asyncio.run(_turns(store, f"thread-{number}", now))
        except Exception as error:  # collected: an exception in a thread would not fail the test
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    counts = {}
    for row in rows(db):
        counts[row[1]] = counts.get(row[1], 0) + 1
    assert counts == {f"thread-{n}": 3 + 5 * 3 for n in range(6)}


async def _turns(store, sender, now):
    for step in range(5):
        await add_turn(store, sender, f"message {step}", now + step)


class RecordingBroker(EventBroker):
    def __init__(self):
        self.published = []

    def publish(self, event):
        self.published.append(event)


async def test_event_broker_gets_only_the_new_events(db):
    broker = RecordingBroker()
    store = CachedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db), event_broker=broker)
    try:
        now = time.time()
        await add_turn(store, "hal", "one", now)
        broker.published.clear()
        await add_turn(store, "hal", "two", now + 1)
        assert [e["event"] for e in broker.published] == ["user", "bot", "action"]
        assert all(e["sender_id"] == "hal" for e in broker.published)
    finally:
        store.close()


def test_endpoints_yml_builds_this_store_the_way_rasa_does(db, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(db))
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    store = TrackerStore.create(config, domain=DOMAIN)
    try:
        assert isinstance(store, CachedSQLTrackerStore)
        assert store.domain is DOMAIN and store.sql_threads == 1 and store.cache_size > 0
        assert db.exists()
    finally:
        store.close()


@pytest.mark.parametrize("settings", [{"cache_size": "many"}, {"cache_size": -1}, {"sql_threads": 0}])
def test_bad_settings_are_refused_clearly(db, settings):
    config = EndpointConfig(
        type="assistant.tracker_store.CachedSQLTrackerStore", dialect="sqlite", db=str(db), **settings
    )
    with pytest.raises(ValueError, match="tracker_store (cache_size|sql_threads)"):
        TrackerStore.create(config, domain=DOMAIN)


async def test_settings_from_text_and_no_cache(make_store, db):
    store = make_store(cache_size="0", sql_threads="2")
    assert (store.cache_size, store.sql_threads) == (0, 2)
    now = time.time()
    await add_turn(store, "ivy", "one", now)
    await add_turn(store, "ivy", "two", now + 1)
    assert len(store._cache) == 0
    assert len(rows(db)) == 3 + 2 * 3
