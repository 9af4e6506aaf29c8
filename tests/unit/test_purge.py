"""dev_tools/purge.py on a SQLite tracker store written through Rasa's own SQLTrackerStore."""

import sqlite3
import time

import pytest

from dev_tools import purge

DAY = 86400
NOW = time.time()
SECRET_TEXT = "my neighbour Jane's back hurts"


def conversation(sender: str, started_days_ago: float, last_days_ago: float):
    """A short conversation: session start and a first turn at one time, a last turn at another."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    start, last = NOW - started_days_ago * DAY, NOW - last_days_ago * DAY
    events = [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start),
        ActionExecuted("action_listen", timestamp=start),
        UserUttered(SECRET_TEXT, {"name": "greet", "confidence": 1.0}, timestamp=start),
        BotUttered("hello", timestamp=start),
        ActionExecuted("action_listen", timestamp=start),
        UserUttered("thanks", {"name": "thank", "confidence": 1.0}, timestamp=last),
        BotUttered("you're welcome", timestamp=last),
        ActionExecuted("action_listen", timestamp=last),
    ]
    return DialogueStateTracker.from_events(sender, events)


@pytest.fixture
def tracker_db(tmp_path):
    """old (idle 40 days), recent (2 days), long (started 90 days ago, last turn today)."""
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    for tracker in (
        conversation("conv-idle", 41, 40),
        conversation("conv-recent", 3, 2),
        conversation("conv-long", 90, 0),
    ):
        asyncio.run(store.save(tracker))
    store.engine.dispose()
    return path


def events_per_sender(path) -> dict:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id").fetchall())


def test_purges_only_conversations_whose_last_event_is_old(tracker_db, capsys):
    before = events_per_sender(tracker_db)
    assert set(before) == {"conv-idle", "conv-recent", "conv-long"}

    assert purge.main(["--days", "30", "--db", str(tracker_db)]) == 0

    after = events_per_sender(tracker_db)
    assert after == {
        "conv-recent": before["conv-recent"],
        "conv-long": before["conv-long"],
    }  # "conv-long" keeps its 90-day-old start
    out = capsys.readouterr().out
    assert f"deleted 1 conversation(s) ({before['conv-idle']} events)" in out
    assert "2 kept" in out


def test_days_boundary_counts_whole_days(tracker_db):
    assert purge.main(["--days", "1", "--db", str(tracker_db)]) == 0
    assert set(events_per_sender(tracker_db)) == {"conv-long"}


def test_dry_run_counts_and_deletes_nothing(tracker_db, capsys):
    before = events_per_sender(tracker_db)

    assert purge.main(["--days", "30", "--dry-run", "--db", str(tracker_db)]) == 0

    assert events_per_sender(tracker_db) == before
    assert f"would delete 1 conversation(s) ({before['conv-idle']} events)" in capsys.readouterr().out


def test_output_never_shows_message_text_or_sender(tracker_db, capsys):
    purge.main(["--days", "1", "--db", str(tracker_db)])
    captured = capsys.readouterr()
    for private in (SECRET_TEXT, "Jane", "conv-"):
        assert private not in captured.out + captured.err


def test_default_database_is_tracker_db_env(tracker_db, monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_DB", str(tracker_db))
    assert purge.main(["--days", "30"]) == 0
    assert "conv-idle" not in events_per_sender(tracker_db)


def test_sqlite_url_and_endpoints_file_reach_the_same_store(tracker_db, tmp_path, monkeypatch):
    assert purge.main(["--days", "30", "--dry-run", "--url", f"sqlite:///{tracker_db}"]) == 0
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text('tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: ${TRACKER_DB}\n')
    monkeypatch.setenv("TRACKER_DB", str(tracker_db))
    assert purge.main(["--days", "30", "--endpoints", str(endpoints)]) == 0
    assert set(events_per_sender(tracker_db)) == {"conv-recent", "conv-long"}


@pytest.mark.parametrize("days", ["0", "-3", "abc", "1.5", "", " "])
def test_bad_days_are_refused_with_a_clear_error(days, tracker_db, capsys):
    before = events_per_sender(tracker_db)
    with pytest.raises(SystemExit) as exit_info:
        purge.main(["--days", days, "--db", str(tracker_db)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "days" in err and ("whole number" in err or "give the number of days" in err)
    assert events_per_sender(tracker_db) == before


def test_missing_database_is_an_error_not_a_new_file(tmp_path, capsys):
    missing = tmp_path / "nope.db"
    assert purge.main(["--days", "30", "--db", str(missing)]) == 1
    assert "no tracker database" in capsys.readouterr().err
    assert not missing.exists()


def test_empty_database_has_nothing_to_purge(tmp_path, capsys):
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert purge.main(["--days", "30", "--db", str(empty)]) == 0
    assert "no conversations stored yet" in capsys.readouterr().out


def test_cluster_endpoints_give_the_postgres_url(root, monkeypatch):
    for name, value in {
        "PG_HOST": "db.internal",
        "PG_PORT": "5433",
        "PG_DB": "rasa",
        "PG_USER": "bot",
        "PG_PASSWORD": "s3cret",
    }.items():
        monkeypatch.setenv(name, value)
    url = purge.url_from_endpoints(root / "deploy" / "endpoints.cluster.yml")
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == (
        "postgresql",
        "db.internal",
        5433,
        "rasa",
        "bot",
        "s3cret",
    )
    assert "s3cret" not in purge.describe(url)


def test_unset_endpoint_variable_is_named(root, monkeypatch, capsys):
    monkeypatch.delenv("PG_HOST", raising=False)
    assert purge.main(["--days", "30", "--endpoints", str(root / "deploy" / "endpoints.cluster.yml")]) == 1
    assert "PG_HOST" in capsys.readouterr().err


def test_unreachable_postgres_is_a_clear_error(capsys):
    from dev_tools.live_server import free_port

    url = f"postgresql://rasa:pw@127.0.0.1:{free_port()}/rasa"
    assert purge.main(["--days", "30", "--url", url]) == 1
    err = capsys.readouterr().err
    assert "database error" in err and "pw@" not in err
