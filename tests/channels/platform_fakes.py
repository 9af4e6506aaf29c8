"""An assistant with its messaging platforms switched on, and a fake platform API that records the replies.

The server is started by scripts/run.sh exactly as `make run` does, with the platforms' environment
variables set, so credentials.platforms.yml and dev_tools/credentials.py are exercised too. Replies
go to the platforms' APIs; here those point at a small HTTP server on loopback.
"""

import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List

from dev_tools.live_server import LiveServer, free_port


class FakePlatformApi:
    """Slack's Web API and Twilio's REST API, as far as sending a message goes."""

    def __init__(self) -> None:
        self.calls: List[Dict] = []
        self.changed = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with api.changed:
                    api.calls.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    api.changed.notify_all()
                if self.path.endswith("/chat.postMessage"):
                    self.reply(200, {"ok": True, "channel": "D0", "ts": f"{time.time():.6f}"})
                elif self.path.endswith("/Messages.json"):
                    self.reply(
                        201,
                        {
                            "sid": "SM" + secrets.token_hex(16),
                            "status": "queued",
                            "date_created": "Tue, 25 Nov 2025 10:00:00 +0000",
                        },
                    )
                else:
                    self.reply(404, {"ok": False, "error": "unknown_method"})

            def reply(self, status, payload):
                raw = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):  # keep the test output clean
                pass

        return Handler

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def matching(self, accept: Callable[[Dict], bool]) -> List[Dict]:
        with self.changed:
            return [call for call in self.calls if accept(call)]

    def wait_for(self, accept: Callable[[Dict], bool], count: int = 1, timeout: float = 60) -> List[Dict]:
        deadline = time.time() + timeout
        with self.changed:
            while True:
                found = [call for call in self.calls if accept(call)]
                if len(found) >= count or time.time() > deadline:
                    return found
                self.changed.wait(timeout=max(0.05, deadline - time.time()))


class PlatformsServer(LiveServer):
    """The assistant as `make run` starts it, with Slack and Twilio (SMS, WhatsApp) switched on."""

    def __init__(self, workdir, api_url: str) -> None:
        super().__init__(workdir)
        self.platform_env = {
            "SLACK_BOT_TOKEN": "xoxb-" + secrets.token_hex(8),
            "SLACK_SIGNING_SECRET": secrets.token_hex(16),
            "SLACK_API_URL": f"{api_url}/api/",
            "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
            "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
            "TWILIO_SMS_NUMBER": "+15550001111",
            "TWILIO_WHATSAPP_NUMBER": "+15550002222",
            "TWILIO_API_URL": api_url,
        }

    def env(self) -> dict:
        return {**super().env(), **self.platform_env}

    def deliver(self, path: str, body: bytes, headers: Dict[str, str]):
        """POST as the platform would; returns (status, response text)."""
        request = urllib.request.Request(self.url + path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as resp:
                return resp.status, resp.read().decode(errors="replace")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace")
