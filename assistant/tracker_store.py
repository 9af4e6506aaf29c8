"""Rasa's SQL tracker store with its SQL off the event loop and recent conversations cached.

endpoints.yml:

    tracker_store:
      type: assistant.tracker_store.CachedSQLTrackerStore
      dialect: "sqlite"          # every setting of Rasa's `type: SQL` store works the same
      db: ${TRACKER_DB}
      cache_size: 256            # conversations kept in memory (least recently used go first; 0: none)
      sql_threads: 1             # threads running the SQL (default: 1 for SQLite, 4 otherwise)

Why: Rasa's `SQLTrackerStore` runs synchronous SQLAlchemy on the server's event loop, and for
every message it reads and replays the session's events, counts them again to find what is new,
then commits. Here the SQL runs in a thread pool, each conversation's stored rows are cached,
and a save only inserts the events after the ones the cache knows are stored.

Several replicas may share one database (deploy/endpoints.cluster.yml), and dev_tools/purge.py
deletes rows under a running server: before a cached conversation is used, one indexed query
(count, min and max event id of the sender) must match the cache, otherwise the newer rows are
read (or all of them again). Trackers are built from the same rows, by the same code, as in
`SQLTrackerStore`, and the rows written are the same (same `events` table).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterable, List, Optional, Sequence, Text, Tuple, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 256
DEFAULT_SQLITE_THREADS = 1  # SQLite serialises writers anyway; one thread never meets "database is locked"
DEFAULT_SERVER_THREADS = 4

Result = TypeVar("Result")


@dataclass(frozen=True)
class StoredEvent:
    """One row of the `events` table, as far as rebuilding a tracker needs it."""

    id: int
    type_name: Text
    timestamp: Optional[float]
    data: Text


@dataclass(frozen=True)
class Fingerprint:
    """What one indexed query tells about a sender's rows: enough to notice rows added or deleted."""

    count: int
    min_id: Optional[int]
    max_id: Optional[int]


@dataclass(frozen=True)
class SenderRows:
    """All stored rows of one sender, in id order. Never changed in place: coroutines may share it."""

    rows: Tuple[StoredEvent, ...] = ()

    @property
    def fingerprint(self) -> Fingerprint:
        if not self.rows:
            return Fingerprint(0, None, None)
        return Fingerprint(len(self.rows), self.rows[0].id, self.rows[-1].id)

    def extended(self, newer: Sequence[StoredEvent]) -> "SenderRows":
        return SenderRows(self.rows + tuple(newer)) if newer else self

    def session_rows(self) -> Tuple[StoredEvent, ...]:
        """The rows `SQLTrackerStore._event_query` returns for the latest session.

        Same rule as its SQL: events whose timestamp is at or after the latest `session_started`
        timestamp (`max()` skips NULLs), or every event when there is none.
        """
        starts = [
            row.timestamp
            for row in self.rows
            if row.type_name == SessionStarted.type_name and row.timestamp is not None
        ]
        if not starts:
            return self.rows
        latest_start = max(starts)
        return tuple(row for row in self.rows if row.timestamp is not None and row.timestamp >= latest_start)


def _setting_int(name: Text, value: Any, minimum: int) -> int:
    """A whole-number setting from endpoints.yml (values from ${...} arrive as text)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"tracker_store {name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ValueError(f"tracker_store {name} must be at least {minimum}, not {number}")
    return number


def _event_columns(event: Event) -> dict:
    """The column values `SQLTrackerStore.save` writes for one event."""
    data = event.as_dict()
    return {
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


class CachedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` (same settings, same table) with a thread pool and a checked LRU cache."""

    def __init__(
        self,
        *args: Any,
        cache_size: Any = DEFAULT_CACHE_SIZE,
        sql_threads: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cache_size = _setting_int("cache_size", cache_size, minimum=0)
        is_sqlite = self.engine.dialect.name == "sqlite"
        default_threads = DEFAULT_SQLITE_THREADS if is_sqlite else DEFAULT_SERVER_THREADS
        threads = _setting_int("sql_threads", default_threads if sql_threads is None else sql_threads, minimum=1)
        if is_sqlite:
            threads = self._use_sqlite_connections_per_thread(threads)
        self.sql_threads = threads
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="tracker-sql")
        self._cache: "OrderedDict[Text, SenderRows]" = OrderedDict()
        self._cache_lock = threading.Lock()

    def _use_sqlite_connections_per_thread(self, threads: int) -> int:
        """Keep one SQLite connection per SQL thread instead of SQLAlchemy 1.4's new one per query.

        Returns the number of threads a database allows: an in-memory one lives in a single
        connection, so it gets exactly one thread.
        """
        url = self.engine.url
        self.engine.dispose()
        if url.database in (None, "", ":memory:"):
            self.engine = sa.create_engine(url, poolclass=sa.pool.StaticPool, connect_args={"check_same_thread": False})
            self.Base.metadata.create_all(self.engine)
            threads = 1
        else:
            # each thread uses only its own connection; other threads may still close it (dispose)
            self.engine = sa.create_engine(
                url,
                poolclass=sa.pool.SingletonThreadPool,
                pool_size=threads + 1,
                connect_args={"check_same_thread": False},
            )
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        return threads

    def close(self) -> None:
        """Stop the SQL threads and close the connections (Rasa itself never closes a tracker store)."""
        self._executor.shutdown(wait=True)
        self.engine.dispose()

    async def _in_thread(self, function: Callable[..., Result], *args: Any) -> Result:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    # --- the cache (touched by coroutines only; the lock makes it safe from any thread) -----------

    def _cached(self, sender_id: Text) -> Optional[SenderRows]:
        with self._cache_lock:
            conversation = self._cache.get(sender_id)
            if conversation is not None:
                self._cache.move_to_end(sender_id)
            return conversation

    def _remember(self, sender_id: Text, expected: Optional[SenderRows], conversation: SenderRows) -> None:
        """Cache `conversation` unless someone else changed the entry since `expected` was read."""
        if self.cache_size == 0:
            return
        with self._cache_lock:
            if self._cache.get(sender_id) is not expected:
                self._cache.pop(sender_id, None)  # two writers raced: let the next read decide
                return
            self._cache[sender_id] = conversation
            self._cache.move_to_end(sender_id)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    # --- SQL, run in the thread pool --------------------------------------------------------------

    def _fingerprint(self, session: Any, sender_id: Text) -> Fingerprint:
        event = self.SQLEvent
        count, min_id, max_id = (
            session.query(sa.func.count(event.id), sa.func.min(event.id), sa.func.max(event.id))
            .filter(event.sender_id == sender_id)
            .one()
        )
        return Fingerprint(count, min_id, max_id)

    def _stored_rows(self, session: Any, sender_id: Text, after_id: Optional[int] = None) -> List[StoredEvent]:
        event = self.SQLEvent
        query = session.query(event.id, event.type_name, event.timestamp, event.data).filter(
            event.sender_id == sender_id
        )
        if after_id is not None:
            query = query.filter(event.id > after_id)
        return [StoredEvent(*row) for row in query.order_by(event.id)]

    def _load(self, sender_id: Text, cached: Optional[SenderRows]) -> SenderRows:
        """The sender's rows as stored now: `cached` if still right, else only what is new, else all."""
        with self.session_scope() as session:
            if cached is None:
                return SenderRows(tuple(self._stored_rows(session, sender_id)))
            stored = self._fingerprint(session, sender_id)
            known = cached.fingerprint
            if stored == known:
                return cached
            if known.count and stored.min_id == known.min_id and stored.max_id > known.max_id:
                newer = self._stored_rows(session, sender_id, after_id=known.max_id)
                if known.count + len(newer) == stored.count:
                    return cached.extended(newer)
            # rows deleted (a purge) or inserted below the known ones: read everything again
            return SenderRows(tuple(self._stored_rows(session, sender_id)))

    def _append(
        self,
        sender_id: Text,
        events: List[Event],
        cached: Optional[SenderRows],
        new_columns: Optional[List[dict]],
    ) -> SenderRows:
        """Insert the events the database does not hold yet; returns the sender's rows afterwards."""
        with self.session_scope() as session:
            if cached is None or self._fingerprint(session, sender_id) != cached.fingerprint:
                # SQLTrackerStore's way: everything after the events stored in the latest session
                stored_in_session = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
                new_columns = [_event_columns(event) for event in events[stored_in_session:]]
                cached = None
            records = [self.SQLEvent(sender_id=sender_id, **columns) for columns in new_columns or []]
            session.add_all(records)
            session.flush()  # assigns the ids, so the cache needs no read-back after the commit
            inserted = [StoredEvent(r.id, r.type_name, r.timestamp, r.data) for r in records]
            session.commit()
            if cached is None:
                return SenderRows(tuple(self._stored_rows(session, sender_id)))
            return cached.extended(inserted)

    def _sender_ids(self) -> List[Text]:
        with self.session_scope() as session:
            return [sender_id for (sender_id,) in session.query(self.SQLEvent.sender_id).distinct().all()]

    # --- the TrackerStore interface ---------------------------------------------------------------

    async def _sender_rows(self, sender_id: Text) -> SenderRows:
        cached = self._cached(sender_id) if self.cache_size else None
        conversation = await self._in_thread(self._load, sender_id, cached)
        if conversation is not cached:
            self._remember(sender_id, cached, conversation)
        return conversation

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        conversation = await self._sender_rows(sender_id)
        rows = conversation.rows if fetch_events_from_all_sessions else conversation.session_rows()
        events = [json.loads(row.data) for row in rows]
        if self.domain and len(events) > 0:
            logger.debug("Recreating tracker from the cached SQL events of a sender.")
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's new events to the database (and the cache)."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        events = list(tracker.events)  # a snapshot: the thread must not read a tracker the loop may change
        cached = self._cached(sender_id) if self.cache_size else None
        new_columns = None
        if cached is not None:
            new_columns = [_event_columns(event) for event in events[len(cached.session_rows()) :]]
        conversation = await self._in_thread(self._append, sender_id, events, cached, new_columns)
        self._remember(sender_id, cached, conversation)
        logger.debug("Tracker stored to the database.")

    async def keys(self) -> Iterable[Text]:
        return await self._in_thread(self._sender_ids)
