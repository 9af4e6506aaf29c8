"""The two assistants under test, started on free ports, with start-up time and memory.

Builds on dev_tools/live_server.py's LiveServer (scripts/run.sh exactly as `make run` starts it)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from dev_tools.benchlib import memory
from dev_tools.benchlib.training import PYTHON, ROOT, bench_env
from dev_tools.live_server import LiveServer


MB = 1024 * 1024


class ProjectServer(LiveServer):
    """This assistant: action server + Rasa server via scripts/run.sh, SQLite tracker store."""

    name = "project"

    def __init__(self, workdir: Path, model: Path, endpoints: Path | None = None) -> None:
        super().__init__(workdir)
        self.model = model
        self.endpoints = endpoints  # None: the project's endpoints.yml, as `make run` uses
        self.log_path = workdir / "project-server.log"
        self.cwd = ROOT

    def env(self) -> dict:
        env = {**bench_env(), **super().env(), "RASA_MODEL": str(self.model), "RASA_TELEMETRY_ENABLED": "false"}
        if self.endpoints is not None:
            env["RASA_ENDPOINTS"] = str(self.endpoints.resolve())
        return env

    def memory_mb(self) -> dict:
        rasa = memory.find_descendant(self.proc.pid, "rasa", "run")
        actions = memory.find_descendant(self.proc.pid, "rasa_sdk")
        return {
            "rasa_rss_mb": memory.tree_rss_bytes(rasa) / MB if rasa else None,
            "action_rss_mb": memory.tree_rss_bytes(actions) / MB if actions else None,
        }


class StockServer(LiveServer):
    """The stock `rasa init` assistant: `rasa run --enable-api`, in-memory tracker store, no action server
    (its endpoints.yml has every endpoint commented out and its domain no custom action)."""

    name = "stock"

    def __init__(self, workdir: Path, folder: Path, model: Path) -> None:
        super().__init__(workdir)
        self.model = model
        self.cwd = folder
        self.log_path = workdir / "stock-server.log"

    def command(self) -> list:
        return [
            str(PYTHON),
            "-m",
            "rasa",
            "run",
            "--model",
            str(self.model),
            "--enable-api",
            "--port",
            str(self.rasa_port),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
        ]

    def env(self) -> dict:
        return bench_env()

    def ready(self) -> bool:
        try:
            self.get("/status")
            return True
        except OSError:
            return False

    def memory_mb(self) -> dict:
        return {"rasa_rss_mb": memory.tree_rss_bytes(self.proc.pid) / MB, "action_rss_mb": None}


def start_timed(server: LiveServer, timeout: float = 300, poll_s: float = 0.2) -> float:
    """Start the server and return the seconds until it answers (polled more finely than LiveServer.start)."""
    log = server.log_path.open("ab")
    started = time.perf_counter()
    server.proc = subprocess.Popen(
        server.command(), cwd=server.cwd, env=server.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    while time.perf_counter() - started < timeout:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} server exited during start-up:\n{server.log_tail()}")
        if server.ready():
            return time.perf_counter() - started
        time.sleep(poll_s)
    server.stop()
    raise RuntimeError(f"{server.name} server not ready after {timeout} s:\n{server.log_tail()}")


__all__ = ["ProjectServer", "StockServer", "start_timed"]
