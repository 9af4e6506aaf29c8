"""Read conversations from the tracker store: the `events` table of Rasa's SQLTrackerStore.

The database is SQLite (a file path, by default $TRACKER_DB or var/tracker.db) or anything
SQLAlchemy reaches by URL, e.g. postgresql://user:password@host/rasa. It is only read:
SQLite files are opened read-only, and no table is ever created.
"""

import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from assistant import names

ROOT = Path(__file__).resolve().parent.parent.parent


class StoreError(RuntimeError):
    """The tracker store cannot be read; the message says why (never a password)."""


@dataclass
class StoredConversation:
    sender_id: str
    events: list  # rasa.shared.core.events.Event, in the order they were stored
    unreadable_events: int = 0


def database_url(value: Optional[str] = None) -> str:
    """A SQLAlchemy URL for a file path or URL; default $TRACKER_DB, then var/tracker.db."""
    value = (value or names.tracker_db()).strip()
    if "://" in value:
        # SQLAlchemy 1.4 no longer accepts the short "postgres://" scheme that many hosts hand out
        return "postgresql://" + value[len("postgres://") :] if value.startswith("postgres://") else value
    path = Path(value).expanduser().resolve()
    if not path.is_file():
        raise StoreError(
            f"no tracker database at {path}: conversations are stored there once `make run` has had some "
            "(set TRACKER_DB, or DB=<file or postgresql://... URL>)"
        )
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def describe(url: str) -> str:
    """The database for messages: the URL without its password."""
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is reported, never echoed with secrets
        return "the given database URL"


def read_conversations(url: str) -> List[StoredConversation]:
    """Every conversation's events, rebuilt with Rasa's own Event classes."""
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore

    table = SQLTrackerStore.SQLEvent.__table__
    query = sa.select(table.c.sender_id, table.c.data).order_by(table.c.id)
    try:
        engine = sa.create_engine(url)
    except Exception as exc:  # noqa: BLE001 - bad URL or missing driver
        raise StoreError(f"cannot open {describe(url)}: {type(exc).__name__}") from None
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table(table.name):
                raise StoreError(f"{describe(url)} has no '{table.name}' table: is it a Rasa tracker store?")
            rows = connection.execute(query).fetchall()
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot read {describe(url)}: {type(exc).__name__}") from None
    finally:
        engine.dispose()
    return _group(rows)


def _group(rows) -> List[StoredConversation]:
    from rasa.shared.core.events import Event

    conversations: Dict[str, StoredConversation] = OrderedDict()
    for sender_id, data in rows:
        conversation = conversations.setdefault(sender_id, StoredConversation(sender_id, []))
        try:
            event = Event.from_parameters(json.loads(data))
        except (ValueError, TypeError, KeyError, AttributeError):
            event = None
        if event is None:
            conversation.unreadable_events += 1
        else:
            conversation.events.append(event)
    return list(conversations.values())
