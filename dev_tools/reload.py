"""Switch a running `make run` to the newly trained model, without a restart.

    python -m dev_tools.reload   # models/assistant.tar.gz on http://127.0.0.1:$RASA_PORT

Uses Rasa's `PUT /model` with the server's API token (RASA_AUTH_TOKEN, or secrets/rasa_token as
`make run` writes it). Conversations and the lock store carry on. Clinic settings need no reload:
the servers re-read settings/clinic.yml when it changes (assistant/clinic_settings.current); it is
checked here too, so a broken edit is reported. Allowed origins and ports still need a restart.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from assistant import clinic_settings

ROOT = Path(__file__).resolve().parent.parent
TOKEN_FILE = ROOT / "secrets" / "rasa_token"


def api_token() -> str:
    token = os.environ.get("RASA_AUTH_TOKEN")
    if token:
        return token
    if TOKEN_FILE.is_file():
        return TOKEN_FILE.read_text(encoding="utf-8").strip()
    raise SystemExit(
        f"reload: no API token: set RASA_AUTH_TOKEN or start the server once with `make run` ({TOKEN_FILE})"
    )


def reload(url: str, model: Path, token: str, timeout: float = 300) -> None:
    body = json.dumps({"model_file": str(model)}).encode()
    request = urllib.request.Request(
        f"{url}/model?token={urllib.parse.quote(token)}",
        data=body,
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return
    except urllib.error.HTTPError as err:
        if err.code in (401, 403):
            raise SystemExit("reload: the server refused the API token (is RASA_AUTH_TOKEN the one it started with?)")
        detail = err.read().decode(errors="replace")[:500]
        raise SystemExit(f"reload: the server could not load {model} (HTTP {err.code}): {detail}")
    except urllib.error.URLError as err:
        raise SystemExit(f"reload: no server at {url} ({err.reason}): start it with `make run`")


def main(argv=None) -> None:
    argparse.ArgumentParser(prog="python -m dev_tools.reload", description=__doc__.split("\n\n")[0]).parse_args(argv)
    model = Path(os.environ.get("RASA_MODEL", ROOT / "models" / "assistant.tar.gz")).resolve()
    if not model.is_file():
        raise SystemExit(f"reload: no model at {model}: run `make train` first")
    try:
        settings = clinic_settings.load()
    except clinic_settings.ClinicSettingsError as problem:
        raise SystemExit(f"reload: {problem}\nreload: nothing changed; fix the settings file and try again")
    url = f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
    print(f"reload: loading {model.name} on {url} (about 20 s)...", flush=True)
    reload(url, model, api_token())
    print(f"reload: done. The server now uses {model.name} (clinic settings: {settings.clinic_name}).")


if __name__ == "__main__":
    sys.exit(main())
