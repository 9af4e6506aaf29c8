"""Readable transcripts of the assistant's conversations, for review (`make transcripts`).

    python -m staff_tools.transcripts [--db FILE_OR_URL] [--out reports/transcripts]
        [--fallbacks] [--low-confidence 0.5] [--safety] [--since 2026-11-01] [--until 2026-11-30]
        [--conversation ID]

Reads the tracker store (SQLite at $TRACKER_DB or var/tracker.db, or a postgresql:// URL) and
writes to --out: conversations/<id>.md (one per conversation), turns.csv (every turn),
summary.md and summary.json. E-mail addresses and phone numbers are masked everywhere.
"""

import argparse
import json
import sys
from pathlib import Path


from staff_tools.review import html_view, markdown, store, turns_csv
from staff_tools.review.conversation import DEFAULT_LOW_CONFIDENCE, build
from staff_tools.review.privacy import clinic_masker
from staff_tools.review.selection import Selection, parse_moment
from staff_tools.review.summary import summarise

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "reports" / "transcripts"


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number between 0 and 1") from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not between 0 and 1")
    return number


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m staff_tools.transcripts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLite file or SQLAlchemy URL (default: $TRACKER_DB, else var/tracker.db)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: reports/transcripts)")
    parser.add_argument("--conversation", metavar="ID", help="only this conversation (its id, or the id outputs show)")
    parser.add_argument("--fallbacks", action="store_true", help="only conversations with a fallback turn")
    parser.add_argument(
        "--low-confidence",
        type=_threshold,
        metavar="X",
        help="only conversations with a turn understood with confidence below X (also the summary's threshold)",
    )
    parser.add_argument("--safety", action="store_true", help="only conversations with a safety referral")
    parser.add_argument("--since", metavar="DATE", help="only turns from this date (UTC), e.g. 2026-11-01")
    parser.add_argument("--until", metavar="DATE", help="only turns up to this date (UTC), the whole day included")
    args = parser.parse_args(argv)
    try:
        args.since = parse_moment(args.since) if args.since else None
        args.until = parse_moment(args.until, end_of_day=True) if args.until else None
    except ValueError as exc:
        parser.error(str(exc))
    return args


def clear_previous(out: Path) -> None:
    """Remove what an earlier run wrote, so a narrower selection leaves no stale transcripts."""
    for pattern in ("*.md", "*.html"):
        for old in (out / "conversations").glob(pattern):
            old.unlink()
    for name in ("turns.csv", "summary.md", "summary.html", "summary.json"):
        (out / name).unlink(missing_ok=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    selection = Selection(args.conversation, args.fallbacks, args.low_confidence, args.safety, args.since, args.until)
    threshold = args.low_confidence if args.low_confidence is not None else DEFAULT_LOW_CONFIDENCE
    try:
        url = store.database_url(args.db)
        stored = store.read_conversations(url)
    except store.StoreError as exc:
        print(f"transcripts: {exc}", file=sys.stderr)
        return 2
    everything = [build(s.sender_id, s.events, s.unreadable_events) for s in stored]
    chosen = selection.apply(everything)
    mask = clinic_masker()

    out = args.out
    (out / "conversations").mkdir(parents=True, exist_ok=True)
    clear_previous(out)
    for conversation in chosen:
        text = markdown.transcript(conversation, mask, threshold)
        (out / "conversations" / f"{conversation.label}.md").write_text(text, encoding="utf-8")
        page = html_view.page(f"Conversation {conversation.label}", text)
        (out / "conversations" / f"{conversation.label}.html").write_text(page, encoding="utf-8")
    turns_csv.write(out / "turns.csv", chosen, mask, threshold)
    summary = summarise(chosen, threshold, mask)
    summary["selection"] = selection.describe()
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    summary_text = markdown.summary_page(summary, chosen, selection.describe(), mask)
    (out / "summary.md").write_text(summary_text, encoding="utf-8")
    (out / "summary.html").write_text(html_view.page("Conversation review", summary_text), encoding="utf-8")

    referrals = summary["safety_referrals"]["by_level"]
    print(
        f"transcripts: {summary['conversations']} of {len(everything)} conversations ({selection.describe()}), "
        f"{summary['turns']} turns, {summary['fallbacks']} fallbacks, "
        f"{summary['low_confidence']['turns']} below confidence {threshold:g}, "
        f"safety referrals {', '.join(f'{k} {v}' for k, v in referrals.items())}, "
        f"feedback {summary['feedback']['helpful']} helpful / {summary['feedback']['not_helpful']} not helpful"
    )
    print(f"transcripts: written to {out}/ (summary.md, turns.csv, conversations/)")
    if args.conversation and not chosen:
        print(f"transcripts: no conversation {mask(args.conversation)!r} in that selection", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
