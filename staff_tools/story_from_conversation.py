"""Turn a reviewed conversation into a test story (`make story-from-conversation ID=... [NAME=...]`).

    python -m staff_tools.story_from_conversation ID [--name NAME] [--db FILE_OR_URL]
        [--out tests/stories_from_review] [--force]

ID is the conversation id, or the id `make transcripts` shows for it. Writes
<out>/test_<name>.yml; staff check the expected intents and actions, then keep the file, so
that `rasa test core` checks the fixed behaviour from then on. An existing file is never
overwritten without --force (it may hold corrections).
"""

import argparse
import sys
from pathlib import Path


from staff_tools.review import store
from staff_tools.review.conversation import build
from staff_tools.review.privacy import clinic_masker
from staff_tools.review.selection import Selection
from staff_tools.review.story import file_name, story_yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "stories_from_review"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m staff_tools.story_from_conversation", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("conversation", metavar="ID", help="conversation id (as `make transcripts` shows it)")
    parser.add_argument("--name", help="story name; the file is test_<name>.yml (default: conversation_<id>)")
    parser.add_argument("--db", help="SQLite file or SQLAlchemy URL (default: $TRACKER_DB, else var/tracker.db)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder (default: tests/stories_from_review)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing story file")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.conversation.strip():
        print(
            "story: which conversation? e.g. make story-from-conversation ID=<id from make transcripts>",
            file=sys.stderr,
        )
        return 2
    mask = clinic_masker()
    try:
        stored = store.read_conversations(store.database_url(args.db))
    except store.StoreError as exc:
        print(f"story: {exc}", file=sys.stderr)
        return 2
    everything = [build(s.sender_id, s.events, s.unreadable_events) for s in stored]
    found = Selection(conversation=args.conversation).apply(everything)
    if not found:
        print(
            f"story: no conversation {mask(args.conversation)!r} with messages (see `make transcripts`)",
            file=sys.stderr,
        )
        return 1
    conversation = found[0]
    name = args.name or f"conversation {conversation.label}"
    path = args.out / file_name(name)
    if path.exists() and not args.force:
        print(
            f"story: {path} already exists (it may hold corrections); choose another NAME or pass --force",
            file=sys.stderr,
        )
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    path.write_text(story_yaml(conversation, name, mask), encoding="utf-8")
    print(f"story: wrote {path} ({len(conversation.user_turns)} turns). Check each intent, then run `make test`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
