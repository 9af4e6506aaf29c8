"""Record that a safety referral happened, so clinic staff can count them.

One JSON line per referral: level, UTC time, conversation id, the finding
ids and the detectors that raised them (lexicon, classifier). Never the message text. The file is `var/referrals.jsonl` unless the
REFERRAL_LOG environment variable names another.
"""

import json
import logging
import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional

logger = logging.getLogger(__name__)
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "var" / "referrals.jsonl"
_lock = threading.Lock()


def log_path() -> Path:
    return Path(os.environ.get("REFERRAL_LOG") or DEFAULT_PATH)


def record(
    level: str,
    conversation_id: str,
    finding_ids: Iterable[str],
    detectors: Iterable[str] = (),
    path: Optional[Path] = None,
) -> dict:
    entry = {
        "level": level,
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "conversation_id": conversation_id,
        "findings": sorted(set(finding_ids)),
        "detectors": sorted(set(detectors)),
    }
    target = Path(path) if path else log_path()
    try:
        with _lock:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry) + "\n")
    except OSError:  # the referral itself must never fail because the record could not be written
        logger.exception("Could not record a %s referral in %s", level, target)
    logger.info(
        "safety referral: level=%s findings=%s detectors=%s",
        level,
        ",".join(entry["findings"]),
        ",".join(entry["detectors"]),
    )
    return entry
