"""The local cluster (scripts/cluster.sh) on free ports in its own directory, and a small HTTP client."""

import json
import os
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT  # tests/conftest.py
from dev_tools.live_server import free_port

WEBHOOK = "/webhooks/rest/webhook"
START_TIMEOUT_S = 420  # two replicas load the model at once on a small, busy machine


def free_ports(n: int) -> list:
    ports = set()
    while len(ports) < n:
        ports.add(free_port())
    return sorted(ports)


class Cluster:
    def __init__(self, workdir: Path) -> None:
        self.dir = workdir
        self.lb_port, self.action_port, self.pg_port, self.redis_port, *self.replica_ports = free_ports(6)
        self.token = secrets.token_urlsafe(16)
        self.pg_password = secrets.token_urlsafe(16)
        self.lb_url = f"http://127.0.0.1:{self.lb_port}"
        self.replica_urls = [f"http://127.0.0.1:{port}" for port in self.replica_ports]
        self.sender_burst = 3

    def env(self) -> dict:
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "CLUSTER_DIR": str(self.dir),
            "LB_PORT": str(self.lb_port),
            "RASA_PORTS": " ".join(map(str, self.replica_ports)),
            "ACTION_PORT": str(self.action_port),
            "PG_PORT": str(self.pg_port),
            "REDIS_PORT": str(self.redis_port),
            "PG_PASSWORD": self.pg_password,
            "RASA_AUTH_TOKEN": self.token,
            "REFERRAL_LOG": str(self.dir / "referrals.jsonl"),
            # strict per sender, and loose per address: every test client is 127.0.0.1
            "LB_SENDER_RATE": "30r/m",
            "LB_SENDER_BURST": str(self.sender_burst),
            "LB_ADDRESS_RATE": "1000r/s",
            "LB_ADDRESS_BURST": "1000",
            "CLUSTER_START_TIMEOUT": str(START_TIMEOUT_S),
        }

    def script(self, command: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", str(ROOT / "scripts" / "cluster.sh"), command],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )

    def start(self) -> None:
        result = self.script("start", timeout=START_TIMEOUT_S + 120)
        if result.returncode != 0:
            raise RuntimeError(f"cluster did not start:\n{result.stdout[-6000:]}")

    def stop(self) -> subprocess.CompletedProcess:
        return self.script("stop")

    def status(self) -> subprocess.CompletedProcess:
        return self.script("status")

    def kill_replica(self, index: int) -> None:
        """Crash replica `index` (1-based): SIGKILL, no chance to clean up."""
        pid = int((self.dir / "pids" / f"rasa-{index}.pid").read_text().split()[0])
        os.killpg(pid, signal.SIGKILL)
        deadline = time.time() + 10
        while time.time() < deadline and os.path.exists(f"/proc/{pid}"):
            time.sleep(0.1)

    def pg_env(self) -> dict:
        """What deploy/endpoints.cluster.yml needs to reach this cluster's PostgreSQL."""
        return {
            "PG_HOST": "127.0.0.1",
            "PG_PORT": str(self.pg_port),
            "PG_DB": "rasa",
            "PG_USER": "rasa",
            "PG_PASSWORD": self.pg_password,
        }

    def pg_url(self) -> str:
        return f"postgresql://rasa:{self.pg_password}@127.0.0.1:{self.pg_port}/rasa"

    def upstream_counts(self) -> dict:
        """Requests per replica port, from nginx's access log."""
        counts = {port: 0 for port in self.replica_ports}
        for line in (self.dir / "logs" / "access.log").read_text().splitlines():
            for port in counts:
                if f"upstream=127.0.0.1:{port}" in line:
                    counts[port] += 1
        return counts

    def say(self, base_url: str, sender: str, text: str):
        status, replies = post(base_url + WEBHOOK, {"sender": sender, "message": text})
        assert status == 200, (base_url, status, replies)
        assert replies, f"no reply to a turn via {base_url}"
        return replies

    def tracker(self, base_url: str, sender: str) -> dict:
        with urllib.request.urlopen(f"{base_url}/conversations/{sender}/tracker?token={self.token}", timeout=30) as r:
            return json.loads(r.read())


def post(url: str, body: dict, headers: dict = None):
    """(status, parsed JSON body)."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        raw = err.read()
        try:
            return err.code, json.loads(raw or b"null")
        except ValueError:
            return err.code, raw.decode(errors="replace")


def user_texts(tracker: dict) -> list:
    return [event.get("text") for event in tracker["events"] if event["event"] == "user"]


def every_turn_answered(tracker: dict) -> bool:
    """Each user message is followed by a bot message before the next user message (or the end)."""
    answered, waiting = True, False
    for event in tracker["events"]:
        if event["event"] == "user":
            answered = answered and not waiting
            waiting = True
        elif event["event"] == "bot":
            waiting = False
    return answered and not waiting
