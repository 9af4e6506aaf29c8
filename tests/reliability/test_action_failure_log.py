"""With the action server down: one clear log line per failed action call, no traceback, no message text.

(tests/live/test_action_server_down.py checks that the person still gets the advice.)
"""

import re

import pytest

from privacy_probe import MESSAGES, bad_bodies, leaks

pytestmark = pytest.mark.live
FAILED_ACTION = re.compile(r"Action '(action_\w+)' failed: Couldn't connect to the server at '[^']+'")
# one message per safety level: each runs one referral action, which fails
REFERRALS = {
    "emergency": "action_emergency_referral",
    "urgent": "action_safety_referral",
    "caution": "action_safety_referral",
}


@pytest.fixture(scope="module")
def failed_calls(server_without_actions):
    server = server_without_actions
    start = server.log_path.stat().st_size  # the server is shared: read only what these turns log
    expected = []
    for i, (kind, text) in enumerate(MESSAGES):
        replies = server.say(f"down-log-{i}", text)
        assert any(r.get("text") for r in replies), (kind, replies)
        if kind in REFERRALS:
            expected.append(REFERRALS[kind])
    for kind, body in bad_bodies("down-log-bad"):
        assert server.post("/webhooks/rest/webhook", body)[0] == 400, kind
    return server, expected, start


def log_since_start(failed_calls) -> str:
    server, _, start = failed_calls
    with server.log_path.open("rb") as log:
        log.seek(start)
        return log.read().decode(errors="replace")


def test_one_clear_line_per_failed_action_call(failed_calls):
    expected = failed_calls[1]
    log = log_since_start(failed_calls)
    lines = [line for line in log.splitlines() if FAILED_ACTION.search(line)]
    assert [FAILED_ACTION.search(line).group(1) for line in lines] == expected, log[-3000:]
    assert all(" ERROR " in line for line in lines)


def test_no_traceback_or_duplicate_error(failed_calls):
    log = failed_calls[0].log_path.read_text(errors="replace")  # the whole run, not just these turns
    assert "Traceback" not in log
    assert "Failed to run custom action" not in log  # Rasa's own duplicate, kept at DEBUG


def test_no_message_text_in_the_log(failed_calls):
    assert not leaks([failed_calls[0].log_path])
