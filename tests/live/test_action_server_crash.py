"""The action server dies mid-conversation under `make run` (scripts/run.sh): the Rasa server stays up,
a red flag still gets the emergency advice at once, and the action server is back within 30 s."""

import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.live

RED_FLAG = "both my legs have gone numb and weak since this morning and I can't feel when I wee"


def action_server_pids(port: int) -> list:
    """The Python action-server processes on that port (not the keep_running.sh supervisor around them)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        words = [a.decode(errors="replace") for a in argv if a]
        if words and "python" in Path(words[0]).name and "rasa_sdk" in words and str(port) in words:
            pids.append(int(proc.name))
    return pids


def action_server_up(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read()
        return True
    except OSError:
        return False


def wait_until_up(port: int, seconds: float) -> float:
    started = time.time()
    while time.time() - started < seconds:
        if action_server_up(port):
            return time.time() - started
        time.sleep(0.5)
    return float("inf")


def test_killed_action_server_never_leaves_a_red_flag_unanswered(live_server):
    server = live_server
    assert any("acupuncture" in r.get("text", "").lower() for r in server.say("crash-1", "what is acupuncture?"))
    pids = action_server_pids(server.action_port)
    assert len(pids) == 1, pids
    os.kill(pids[0], signal.SIGKILL)
    killed_at = time.time()

    # mid-conversation, straight after the crash: the Rasa server answers with the domain's fallback advice
    replies = server.say("crash-1", RED_FLAG)
    answered_in = time.time() - killed_at
    texts = " ".join(r.get("text", "") for r in replies)
    assert "Call 999" in texts, texts
    assert answered_in < 10, f"the red flag took {answered_in:.1f} s to answer"
    events = server.tracker("crash-1")["events"]
    actions = [e["name"] for e in events if e["event"] == "action"]
    assert "action_emergency_referral" in actions
    assert "utter_emergency_fallback" in actions or "safety_referral" in {
        e.get("name") for e in events if e["event"] == "slot"
    }

    back_in = wait_until_up(server.action_port, 30 - (time.time() - killed_at))
    assert back_in != float("inf"), f"action server not back within 30 s:\n{server.log_tail()}"
    assert "keep_running: the action server stopped" in server.log_tail(20000)
    new_pids = action_server_pids(server.action_port)
    assert new_pids and new_pids != pids

    # the restarted action server gives the full referral again
    replies = server.say("crash-2", RED_FLAG)
    assert any("Please get medical help now" in r.get("text", "") for r in replies), replies
