"""`make transcripts` on a small tracker store written by Rasa's SQLTrackerStore (review_fixture.py)."""

import csv
import json
import os
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

import review_fixture as fx
from staff_tools import transcripts
from staff_tools.review import store
from staff_tools.review.privacy import conversation_label

PHONE_LABEL = conversation_label(fx.PHONE_SENDER)
PERSONAL = [fx.EMAIL, fx.PHONE, fx.PHONE.replace(" ", ""), fx.PHONE_SENDER, "447700900456"]


@pytest.fixture(scope="module")
def tracker_db(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("review") / "tracker.db")


@pytest.fixture
def run(tracker_db, tmp_path):
    def _run(*args):
        out = tmp_path / "out"
        assert transcripts.main(["--db", str(tracker_db), "--out", str(out), *args]) == 0
        return out

    return _run


def conversations_in(out: Path):
    return sorted(p.stem for p in (out / "conversations").glob("*.md"))


def every_output(out: Path) -> str:
    return "\n".join(p.name + "\n" + p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())


def test_everything_written_with_personal_data_masked(run):
    out = run()
    assert conversations_in(out) == sorted(
        ["conv-drive", "conv-safety", "conv-fallback", PHONE_LABEL, "conv-undelivered"]
    )
    text = every_output(out)
    for personal in PERSONAL:
        assert personal not in text
    assert "my email is [email]" in text
    assert "call me on [phone]" in text
    assert "email me at [email]" in text  # typed into the feedback comment
    assert fx.CLINIC_PHONE in text  # the clinic's own number in an answer stays readable


def test_transcript_shows_topic_confidence_actions_referrals_and_feedback(run):
    out = run("--conversation", "conv-safety")
    page = (out / "conversations" / "conv-safety.md").read_text()
    assert "`faq/precautions`, confidence 0.88" in page
    assert "`faq/sciatica`, confidence 0.60" in page
    assert "Safety referral: caution (action_safety_referral: given)" in page
    assert "Safety referral: emergency (action_emergency_referral: given)" in page
    assert "## Session 2 · 2026-11-03" in page
    assert "Feedback: **helpful** (topic `contact_clinic`)" in page
    assert page.index("14:00:08") < page.index("08:30:10")  # turns in the order they happened
    drive = (run("--conversation", "conv-drive") / "conversations" / "conv-drive.md").read_text()
    assert "Turn 2 · LOW CONFIDENCE · NOT HELPFUL" in drive  # the page's own greeting is not turn 1
    assert "Chat page opened (its automatic greeting, not counted)" in drive
    assert "- 2 turns;" in drive
    assert "Before the first message" not in drive  # no empty heading


def test_summary_counts(run):
    summary = json.loads((run() / "summary.json").read_text())
    assert summary["conversations"] == 5
    assert summary["turns"] == 9
    assert summary["fallbacks"] == 2  # out of scope, then not understood
    assert summary["low_confidence"] == {"threshold": 0.5, "turns": 2}  # topic 0.41, fallback 0.35
    # the caution slot carried into the second session of conv-safety is not a new referral
    assert summary["safety_referrals"] == {
        "total": 3,
        "by_level": {"emergency": 1, "urgent": 1, "caution": 1},
        "not_delivered": 1,
    }
    assert summary["feedback"] == {
        "helpful": 2,
        "not_helpful": 1,
        "by_topic": {
            "contact_clinic": {"helpful": 1, "not_helpful": 0},
            "faq/does_it_hurt": {"helpful": 1, "not_helpful": 0},
            "faq/session_what_to_expect": {"helpful": 0, "not_helpful": 1},
        },
    }
    assert summary["topics"]["faq/session_what_to_expect"] == 1
    assert summary["unreadable_events"] == 1  # the corrupt row is skipped, not fatal


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--fallbacks"], ["conv-fallback"]),
        (["--low-confidence", "0.5"], ["conv-drive", "conv-fallback"]),
        (["--low-confidence", "0.4"], ["conv-fallback"]),
        (["--safety"], ["conv-safety", "conv-undelivered"]),
        (["--since", "2026-11-01", "--until", "2026-11-05"], ["conv-fallback", "conv-safety"]),
        (["--safety", "--since", "2026-11-06"], ["conv-undelivered"]),
        (["--conversation", fx.PHONE_SENDER], [PHONE_LABEL]),
        (["--conversation", PHONE_LABEL], [PHONE_LABEL]),
    ],
)
def test_filters_select_the_right_conversations(run, args, expected):
    assert conversations_in(run(*args)) == sorted(expected)


def test_date_filter_keeps_only_the_turns_in_the_period(run):
    out = run("--since", "2026-11-03", "--until", "2026-11-03")
    summary = json.loads((out / "summary.json").read_text())
    assert conversations_in(out) == ["conv-safety"]
    assert summary["turns"] == 1
    assert summary["safety_referrals"]["by_level"]["emergency"] == 1
    assert summary["safety_referrals"]["by_level"]["caution"] == 0


def test_narrower_run_leaves_no_stale_transcripts(run):
    run()
    assert conversations_in(run("--fallbacks")) == ["conv-fallback"]


def test_csv_parses_with_one_row_per_turn(run):
    with (run() / "turns.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 9
    assert {r["conversation"] for r in rows} == {
        "conv-drive",
        "conv-safety",
        "conv-fallback",
        PHONE_LABEL,
        "conv-undelivered",
    }
    drive = [r for r in rows if r["conversation"] == "conv-drive"][1]
    assert drive["topic"] == "faq/session_what_to_expect"
    assert float(drive["confidence"]) == pytest.approx(0.41)
    assert drive["low_confidence"] == "yes"
    assert drive["feedback"].startswith("not helpful (faq/session_what_to_expect)")
    undelivered = [r for r in rows if r["conversation"] == "conv-undelivered"][0]
    assert undelivered["safety_referral"] == "urgent (fallback advice)"
    assert undelivered["actions"] == "action_safety_referral utter_safety_fallback"
    assert sum(r["fallback"] == "yes" for r in rows) == 2
    for row in rows:
        for value in row.values():
            assert not re.search(r"\d{5}\s?\d{6}", value)


def test_bad_input_gives_a_message_not_a_traceback(tmp_path, capsys):
    assert transcripts.main(["--db", str(tmp_path / "missing.db"), "--out", str(tmp_path / "out")]) == 2
    assert "no tracker database" in capsys.readouterr().err
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert transcripts.main(["--db", str(empty), "--out", str(tmp_path / "out")]) == 2
    assert "no 'events' table" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        transcripts.main(["--since", "last tuesday"])
    with pytest.raises(SystemExit):
        transcripts.main(["--low-confidence", "7"])


def test_database_urls():
    assert store.database_url("postgres://u:secret@db/rasa") == "postgresql://u:secret@db/rasa"
    assert "secret" not in store.describe("postgresql://u:secret@db/rasa")
    with pytest.raises(store.StoreError):
        store.database_url("/nowhere/tracker.db")


def test_make_target(tracker_db, tmp_path, root):
    out = tmp_path / "made"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        ["make", "--no-print-directory", "transcripts", f"DB={tracker_db}", f"ARGS=--safety --out {out}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "2 of 5 conversations" in result.stdout
    assert conversations_in(out) == ["conv-safety", "conv-undelivered"]


def test_html_pages_beside_the_markdown_link_to_each_other_and_keep_typed_text_as_text(run):
    out = run()
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert summary.startswith("<!doctype html>") and "<table>" in summary
    assert 'href="conversations/conv-drive.html"' in summary
    for md in (out / "conversations").glob("*.md"):
        assert md.with_suffix(".html").is_file()
    drive = (out / "conversations" / "conv-drive.html").read_text(encoding="utf-8")
    assert "<blockquote>" in drive and "can I drive home after a session?" in drive
    assert "<script" not in every_output(out).lower()
