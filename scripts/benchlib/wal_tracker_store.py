"""Experiment (bench --project-endpoints): Rasa's SQL tracker store with SQLite in WAL mode.

Stock SQLite commits in rollback-journal mode with synchronous=FULL: every saved turn waits
for fsync (about 25 ms on this machine), blocking the Rasa server's event loop. In WAL mode
with synchronous=NORMAL a commit only appends to the write-ahead log; the database stays
consistent on a crash and at most the last turns are lost on a power cut. Measured here before
proposing it for the project's endpoints.yml (see docs/performance.md).
"""
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import event

SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


class WalSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens a new SQLite connection per session: set the pragmas on each
            event.listen(self.engine, "connect", _set_pragmas)
