"""make setup: unpack the sentence encoder's files into build/encoder and check their sha256 sums."""

import argparse
import sys

from assistant.encoder.files import ENCODER_DIR, EncoderError, unpack


def main(argv=None) -> int:
    argparse.ArgumentParser(prog="python -m dev_tools.unpack_encoder", description=__doc__).parse_args(argv)
    try:
        folder = unpack(ENCODER_DIR)
    except EncoderError as exc:
        print(f"setup: {exc}", file=sys.stderr)
        return 1
    print(f"setup: encoder files verified in {folder.relative_to(ENCODER_DIR.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
