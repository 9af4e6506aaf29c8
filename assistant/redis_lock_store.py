"""Rasa's Redis lock store, with every change to a lock made atomically.

Rasa 3.6's RedisLockStore reads a conversation's lock, changes it in Python and writes it
back. Two replicas receiving messages for the same conversation at the same moment both read
"no ticket issued", both take ticket 0 and handle their turns at the same time: one turn is
lost from the tracker (tests/cluster shows it). Here each read-change-write runs under Redis
WATCH/MULTI and is retried when another replica got in between, so tickets are unique and
turns are handled one after the other.

endpoints: lock_store: {type: assistant.redis_lock_store.AtomicRedisLockStore, url, port, db, password}
"""

import json
import logging
from typing import Any, Callable, Optional, Text, Tuple

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# change(lock or None) -> (lock to store, or None to delete it; value to return)
LockChange = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa builds a custom lock store from its endpoint config alone.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _change_atomically(self, conversation_id: Text, change: LockChange) -> Any:
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    serialised = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(serialised)) if serialised else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed this lock meanwhile: read it again

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take_next(lock: Optional[TicketLock]):
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change_atomically(conversation_id, take_next)
        except redis.RedisError as err:
            raise LockError(f"Error while acquiring lock. Error:\n{err}")

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]):
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change_atomically(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Remove this ticket; delete the lock only if no other ticket is waiting, in one step."""

        def release(lock: Optional[TicketLock]):
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change_atomically(conversation_id, release)
