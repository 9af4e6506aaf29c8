"""The WAL SQLite tracker store experiment keeps conversations like Rasa's SQL store does."""
import sqlite3

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from scripts.benchlib.wal_tracker_store import WalSQLTrackerStore


async def test_saves_and_reads_back_in_wal_mode(tmp_path):
    db = tmp_path / "tracker.db"
    store = WalSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker.from_events("someone", [ActionExecuted("action_listen"), UserUttered("hello")])
    await store.save(tracker)
    tracker.update(ActionExecuted("utter_greet"))
    await store.save(tracker)

    again = await store.retrieve("someone")
    assert [e.as_dict()["event"] for e in again.events] == ["action", "user", "action"]
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
