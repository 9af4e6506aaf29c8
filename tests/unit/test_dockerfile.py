"""deploy/Dockerfile copies everything the servers read at run time (issue: the image served no chat page)."""

import re

import yaml

from conftest import ROOT

# What the servers open at run time, besides the modules named in credentials.yml and endpoints.yml:
# scripts/run.sh and the paths the assistant's code reads (settings, content, lexicon, built files).
READ_AT_RUN_TIME = [
    "actions",
    "assistant",
    "content",
    "settings",
    "lexicon",
    "webchat",
    "scripts/run.sh",
    "dev_tools/__init__.py",
    "dev_tools/credentials.py",
    "scripts/keep_running.sh",
    "build/spacy_pipeline",
    "build/encoder",
    "build/safety_classifier",
    "models/assistant.tar.gz",
    "config.yml",
    "domain.yml",
    "credentials.yml",
    "credentials.platforms.yml",
    "endpoints.yml",
    "encoder.sha256",
]


def copied_paths():
    paths = []
    for line in (ROOT / "deploy" / "Dockerfile").read_text().splitlines():
        match = re.match(r"COPY\s+(.+)\s+\S+$", line.strip())
        if match:
            paths += [p.rstrip("/") for p in match.group(1).split()]
    return paths


def is_copied(path, copied):
    return any(path == c or path.startswith(c + "/") for c in copied)


def test_every_path_the_servers_read_is_copied():
    copied = copied_paths()
    assert [p for p in READ_AT_RUN_TIME if not is_copied(p, copied)] == []


def test_modules_named_in_the_server_configuration_are_copied():
    modules = set()
    for name in ("credentials.yml", "credentials.platforms.yml"):
        modules |= {key for key in (yaml.safe_load((ROOT / name).read_text()) or {}) if "." in key}
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    modules |= {v["type"] for v in endpoints.values() if isinstance(v, dict) and "." in str(v.get("type", ""))}
    copied = copied_paths()
    missing = [m for m in modules if not is_copied(m.rsplit(".", 1)[0].replace(".", "/") + ".py", copied)]
    assert missing == []
