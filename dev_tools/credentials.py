"""Build the credentials file Rasa starts with: the channels of credentials.yml, plus each messaging
platform of credentials.platforms.yml whose environment variables are all set.

Rasa itself expands ${VAR} in a credentials file and stops when one is unset, so a clinic that uses
only its website could not start with the platform sections in place. Here a platform with none of
its variables set is left out quietly, and one with only some set is left out with a note naming the
missing ones; the website keeps working either way. ${NAME:-value} is optional, with that default.

    python -m dev_tools.credentials BASE PLATFORMS --out EFFECTIVE   (scripts/run.sh)
    python -m dev_tools.credentials BASE PLATFORMS                   (`make channels`: only say which channels are on)

The effective file holds secrets: it is written readable by its owner only.
"""

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class CredentialsError(ValueError):
    """A credentials file cannot be used."""


class _LiteralLoader(yaml.SafeLoader):
    """A safe loader that leaves ${VAR} alone.

    Importing Rasa adds a ${VAR} resolver to every PyYAML safe loader in the process; this one
    drops it so that the variables are read as text and expanded here.
    """


_LiteralLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "!env_var"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path) -> Dict[str, Any]:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LiteralLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CredentialsError(f"{path}: cannot read: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, (dict, type(None))) for v in data.values()):
        raise CredentialsError(f"{path}: expected channel names, each with a mapping of settings (or nothing)")
    return data


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def required_variables(section: Any) -> List[str]:
    """Variables the section uses without a default, in order of appearance."""
    names = [m.group(1) for text in _strings(section) for m in VARIABLE.finditer(text) if m.group(2) is None]
    return list(dict.fromkeys(names))


def expand(value: Any, env: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return VARIABLE.sub(lambda m: env.get(m.group(1)) or (m.group(2) or ""), value)
    if isinstance(value, dict):
        return {key: expand(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [expand(item, env) for item in value]
    return value


def missing(section: Any, env: Mapping[str, str]) -> List[str]:
    return [name for name in required_variables(section) if not env.get(name)]


def short_name(channel: str) -> str:
    return channel.rsplit(".", 1)[-1]


def build(base: Dict[str, Any], platforms: Dict[str, Any], env: Mapping[str, str]) -> Tuple[Dict[str, Any], List[str]]:
    """(effective credentials, notes). The base channels are always on: an unset variable there is an error."""
    for channel, section in base.items():
        unset = missing(section, env)
        if unset:
            raise CredentialsError(f"channel {short_name(channel)} needs environment variables {', '.join(unset)}")
    effective = {channel: expand(section, env) for channel, section in base.items()}
    notes = []
    for channel, section in platforms.items():
        if channel in effective:
            raise CredentialsError(f"channel {short_name(channel)} is in both credentials files; keep one")
        unset = missing(section, env)
        if not unset:
            effective[channel] = expand(section, env)
        elif len(unset) < len(required_variables(section)):
            notes.append(
                f"{short_name(channel)} stays off until {', '.join(unset)} {'is' if len(unset) == 1 else 'are'} set"
            )
    return effective, notes


def write_private(path: Path, data: Dict[str, Any]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        yaml.safe_dump(data, out, sort_keys=False, default_flow_style=False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dev_tools.credentials", description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path, help="always-on channels (credentials.yml)")
    parser.add_argument("platforms", type=Path, help="platform channels switched on by their variables")
    parser.add_argument("--out", type=Path, help="where to write the effective file (else only report)")
    args = parser.parse_args(argv)
    try:
        effective, notes = build(load(args.base), load(args.platforms), os.environ)
        if args.out:
            write_private(args.out, effective)
    except (CredentialsError, OSError) as exc:
        print(f"run: credentials: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"run: channel {note}", file=sys.stderr)
    print(f"run: channels on: {', '.join(short_name(c) for c in effective)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
