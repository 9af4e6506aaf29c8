"""Delete conversations older than N days from the tracker store (Rasa's SQL `events` table).

    python -m dev_tools.purge --days 30 [--dry-run] [--db var/tracker.db | --url URL | --endpoints FILE]

A conversation is purged when its LAST event is older than N days: all its events go, and a
conversation still in use keeps its whole history. Works on SQLite (default: $TRACKER_DB, else
var/tracker.db) and PostgreSQL (a SQLAlchemy URL, or the tracker_store section of an endpoints
file with its ${VARS} from the environment). Prints counts only: never a message or a sender id.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import yaml

from assistant import names

ROOT = Path(__file__).resolve().parent.parent
SECONDS_PER_DAY = 86400
ENV_NAME = re.compile(r"\$\{([^}]+)\}")


class PurgeError(Exception):
    """Something the person running the purge can fix; the message says what."""


@dataclass
class PurgeCounts:
    conversations: int
    events: int
    kept_conversations: int


# Rasa's SQL store and the project's cached one (assistant/tracker_store.py) share one `events` table.
SQL_STORE_TYPES = ("sql", "assistant.tracker_store.cachedsqltrackerstore")


def parse_days(value: str) -> int:
    """A whole number of days, 1 or more."""
    text = (value or "").strip()
    if not text:
        raise argparse.ArgumentTypeError("give the number of days, e.g. --days 30 (make purge DAYS=30)")
    if not re.fullmatch(r"\d+", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"days must be a whole number, 1 or more (got {value!r})")
    return int(text)


def sqlite_url(path: str | os.PathLike) -> sa.engine.URL:
    path = Path(path).expanduser()
    if not path.is_file():
        raise PurgeError(f"no tracker database at {path}")
    return sa.engine.URL.create("sqlite", database=str(path.resolve()))


def expand_env(value):
    """${VAR} from the environment, as Rasa reads endpoints files; an unset one is an error."""
    if not isinstance(value, str):
        return value

    def replace(match):
        if match.group(1) not in os.environ:
            raise PurgeError(f"the endpoints file uses ${{{match.group(1)}}}: set it in the environment")
        return os.environ[match.group(1)]

    return ENV_NAME.sub(replace, value)


def url_from_endpoints(path: str | os.PathLike) -> sa.engine.URL | str:
    """The tracker store URL, built the way Rasa's SQLTrackerStore builds it."""
    try:
        config = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise PurgeError(f"cannot read {path}: {err}")
    store = config.get("tracker_store") if isinstance(config, dict) else None
    if not isinstance(store, dict) or str(store.get("type", "")).lower() not in SQL_STORE_TYPES:
        raise PurgeError(f"{path}: no SQL tracker_store section (purge only knows Rasa's SQL tracker store)")
    store = {key: expand_env(value) for key, value in store.items()}
    dialect = str(store.get("dialect") or "sqlite")
    host = store.get("url")
    if host and "://" in str(host):
        return str(host)
    if dialect == "sqlite":
        return sqlite_url(store.get("db") or "rasa.db")
    try:
        port = int(store["port"]) if store.get("port") not in (None, "") else None
    except ValueError:
        raise PurgeError(f"{path}: the tracker store port {store.get('port')!r} is not a number")
    return sa.engine.URL.create(
        dialect,
        username=store.get("username"),
        password=store.get("password"),
        host=host,
        port=port,
        database=store.get("db"),
        query=store.get("query") or {},
    )


def choose_url(args: argparse.Namespace) -> sa.engine.URL | str:
    if args.url:
        url = sa.engine.make_url(args.url)
        return sqlite_url(url.database) if url.get_backend_name() == "sqlite" and url.database else url
    if args.endpoints:
        return url_from_endpoints(args.endpoints)
    return sqlite_url(args.db or names.tracker_db())


def purge(engine: sa.engine.Engine, days: int, dry_run: bool, now: float | None = None) -> PurgeCounts | None:
    """Delete (or with dry_run only count) the conversations whose last event is older than `days`.
    None when there is no events table (nothing was ever stored)."""
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    with engine.begin() as conn:  # one transaction: the counts are what was deleted
        if not sa.inspect(conn).has_table("events"):
            return None
        events = sa.Table("events", sa.MetaData(), autoload_with=conn)
        stale = (
            sa.select(events.c.sender_id).group_by(events.c.sender_id).having(sa.func.max(events.c.timestamp) < cutoff)
        )
        all_conversations = conn.execute(sa.select(sa.func.count(sa.distinct(events.c.sender_id)))).scalar_one()
        conversations = conn.execute(sa.select(sa.func.count()).select_from(stale.subquery())).scalar_one()
        doomed = events.c.sender_id.in_(stale.scalar_subquery())
        event_count = conn.execute(sa.select(sa.func.count()).select_from(events).where(doomed)).scalar_one()
        if not dry_run and conversations:
            conn.execute(events.delete().where(doomed))
    return PurgeCounts(conversations, event_count, all_conversations - conversations)


def describe(url: sa.engine.URL | str | None) -> str:
    """Where the purge runs, without the password."""
    return repr(sa.engine.make_url(url)) if url is not None else "the tracker store"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dev_tools.purge", description=__doc__.splitlines()[0])
    parser.add_argument("--days", required=True, type=parse_days, help="purge conversations idle longer than this")
    parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--db", help="SQLite tracker database (default: $TRACKER_DB, else var/tracker.db)")
    source.add_argument("--url", help="SQLAlchemy URL of the tracker store, e.g. postgresql://user:pw@host:5432/rasa")
    source.add_argument("--endpoints", help="an endpoints file with a SQL tracker_store section")
    args = parser.parse_args(argv)

    url = None
    try:
        url = choose_url(args)
        engine = sa.create_engine(url)
        try:
            counts = purge(engine, args.days, args.dry_run)
        finally:
            engine.dispose()
    except PurgeError as err:
        print(f"purge: {err}", file=sys.stderr)
        return 1
    except (sa.exc.SQLAlchemyError, ImportError) as err:
        # The driver's message only: the statement and its parameters are left out.
        reason = str(err.args[0] if err.args else err).splitlines()[0]
        print(f"purge: database error on {describe(url)}: {reason}", file=sys.stderr)
        return 1

    where = describe(url)
    if counts is None:
        print(f"purge: no conversations stored yet in {where}")
        return 0
    verb = "would delete" if args.dry_run else "deleted"
    print(
        f"purge: {verb} {counts.conversations} conversation(s) ({counts.events} events) whose last event is "
        f"older than {args.days} day(s); {counts.kept_conversations} kept ({where})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
