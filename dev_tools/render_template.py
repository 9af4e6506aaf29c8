"""Fill ${UPPER_CASE} names in a template from the environment; stop on any unset name.

    python -m dev_tools.render_template deploy/nginx.conf.template var/cluster/nginx/nginx.conf

Only upper-case names are filled, so lower-case ones (nginx's own $variables) stay as they are.
"""

import os
import re
import sys
from pathlib import Path

NAME = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def render(template: str, env: dict) -> str:
    missing = sorted({name for name in NAME.findall(template) if name not in env})
    if missing:
        raise KeyError(", ".join(missing))
    return NAME.sub(lambda match: env[match.group(1)], template)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m dev_tools.render_template TEMPLATE OUTPUT", file=sys.stderr)
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    try:
        text = render(source.read_text(encoding="utf-8"), dict(os.environ))
    except KeyError as missing:
        print(f"render_template: {source}: set {missing.args[0]}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"render_template: {err}", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
