"""The assistant started exactly as `make run` starts it (scripts/run.sh), on free ports.

Used by the tests (tests/conftest.py's fixtures), the evaluation report's live step
(staff_tools/report/steps.py) and the benchmark (dev_tools/benchlib/servers.py).
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The assistant started exactly as `make run` starts it (scripts/run.sh), on free ports.
    `root` is the project folder it runs in: this one, or a copy (tests/staff_guide/)."""

    def __init__(self, workdir: Path, root: Path = ROOT) -> None:
        self.root = root
        self.rasa_port = free_port()
        self.action_port = free_port()
        self.token = secrets.token_urlsafe(16)
        self.tracker_db = workdir / "tracker.db"
        self.referral_log = workdir / "referrals.jsonl"
        self.log_path = workdir / "server.log"
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.proc = None

    def env(self) -> dict:
        return {
            **os.environ,
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "RASA_AUTH_TOKEN": self.token,
            "TRACKER_DB": str(self.tracker_db),
            "REFERRAL_LOG": str(self.referral_log),
        }

    def command(self) -> list:
        return ["bash", str(self.root / "scripts" / "run.sh")]

    def start(self, timeout: float = 240) -> None:
        log = self.log_path.open("ab")
        env = {**self.env(), "PYTHONPATH": str(self.root), "TF_CPP_MIN_LOG_LEVEL": "3"}
        self.proc = subprocess.Popen(
            self.command(), cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited during start-up:\n{self.log_tail()}")
            if self.ready():
                return
            time.sleep(1)
        self.stop()
        raise RuntimeError(f"server not ready after {timeout} s:\n{self.log_tail()}")

    def ready(self) -> bool:
        try:
            self.get(f"/status?token={self.token}")
            urllib.request.urlopen(f"http://127.0.0.1:{self.action_port}/health", timeout=2).read()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def log_tail(self, n: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-n:] if self.log_path.exists() else ""

    def get(self, path: str):
        with urllib.request.urlopen(self.url + path, timeout=30) as resp:
            return json.loads(resp.read() or b"null")

    def post(self, path: str, body: bytes, content_type: str = "application/json"):
        """Returns (status, parsed JSON or raw text)."""
        req = urllib.request.Request(self.url + path, data=body, headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
        try:
            return status, json.loads(raw or b"null")
        except ValueError:
            return status, raw.decode(errors="replace")

    def say(self, sender: str, text: str):
        status, replies = self.post("/webhooks/rest/webhook", json.dumps({"sender": sender, "message": text}).encode())
        assert status == 200, (status, replies)
        return replies

    def tracker(self, sender: str) -> dict:
        return self.get(f"/conversations/{sender}/tracker?token={self.token}")
