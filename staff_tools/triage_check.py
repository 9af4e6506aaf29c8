"""Run the safety check alone (lexicon + semantic detector) over TSV sets of cases (text, expect).

python -m staff_tools.triage_check tests/safety/blind_1.tsv [more.tsv ...] [--misses]
"""

import argparse
import sys
import time

from assistant.safety import combine, scoring


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m staff_tools.triage_check", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--misses", action="store_true", help="print every missed line")
    args = parser.parse_args(argv)
    check = combine.load()
    for path in args.files:
        cases = scoring.read_cases(path)
        started = time.perf_counter()
        figures = scoring.score(cases, check)
        ms = (time.perf_counter() - started) / max(len(cases), 1) * 1000
        if args.misses:
            for miss in figures.misses:
                print(f"MISS {miss.expect:9} got={miss.got} {miss.detectors} :: {miss.text}")
        print(f"{path}: {figures.as_dict()} ({ms:.1f} ms/line)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
