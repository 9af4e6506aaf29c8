"""Shared fixtures: paths, the built spaCy pipeline, and one live server for the whole run."""

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PIPELINE = ROOT / "build" / "spacy_pipeline"
MODEL = ROOT / "models" / "assistant.tar.gz"
SAFETY_CASE_FILES = [ROOT / "tests" / "safety" / "safety_cases.tsv", ROOT / "tests" / "safety" / "fresh_cases.tsv"]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def domain():
    """The domain as training sees it: domain.yml with the FAQ answers of data/nlu/faq/ merged in
    and `faq` marked as a retrieval intent (Rasa's own importer)."""
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    return importer.get_domain()


@pytest.fixture(scope="session")
def nlp():
    import spacy

    if not PIPELINE.is_dir():
        pytest.fail("build/spacy_pipeline is missing: run `make train` (make test does it first)")
    return spacy.load(PIPELINE)


@pytest.fixture(scope="session")
def triage_engine(nlp):
    from assistant.safety import lexicon_detector as triage

    return triage.load(nlp)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The assistant started exactly as `make run` starts it (scripts/run.sh), on free ports."""

    def __init__(self, workdir: Path) -> None:
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
        return ["bash", str(ROOT / "scripts" / "run.sh")]

    def start(self, timeout: float = 240) -> None:
        log = self.log_path.open("ab")
        env = {**self.env(), "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
        self.proc = subprocess.Popen(
            self.command(), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    if not MODEL.is_file():
        pytest.fail("models/assistant.tar.gz is missing: run `make train` (make test does it first)")
    server = LiveServer(tmp_path_factory.mktemp("live"))
    server.start()
    yield server
    server.stop()


class RasaOnlyServer(LiveServer):
    """The Rasa server with its action server down (nothing listens on ACTION_PORT)."""

    def command(self) -> list:
        return [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "rasa",
            "run",
            "--model",
            str(MODEL),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
            "--port",
            str(self.rasa_port),
            "--enable-api",
            f"--auth-token={self.token}",
        ]

    def ready(self) -> bool:
        try:
            self.get(f"/status?token={self.token}")
            return True
        except OSError:
            return False


@pytest.fixture(scope="session")
def server_without_actions(tmp_path_factory):
    server = RasaOnlyServer(tmp_path_factory.mktemp("no-actions"))
    server.start()
    yield server
    server.stop()
