"""Topic accuracy of a trained model on an NLU file or a blind TSV set, read the way the evaluation reads it.

    python -m dev_tools.nlu_topics models/assistant.tar.gz tests/nlu_holdout.yml [--misses]
    python -m dev_tools.nlu_topics models/assistant.tar.gz tests/nlu_blind_1.tsv [--misses]

Topic = the intent, or for the FAQ retrieval intent the sub-topic the ResponseSelector chose.
A TSV set has the evaluation's columns (text, expect): `a|b` accepts either topic, FALLBACK
accepts out_of_scope or nlu_fallback, and safety labels (EMERGENCY, URGENT, CAUTION, NONE)
are skipped: the safety check scores those. Prints per-topic accuracy and, with --misses,
every misunderstood example.
"""

import argparse
import asyncio
import collections
import json
from pathlib import Path

import yaml


from assistant.dialogue.topics import sub_topic_of, topic_ranking


SAFETY_LABELS = {"EMERGENCY", "URGENT", "CAUTION", "NONE"}
FALLBACK_TOPICS = ("out_of_scope", "nlu_fallback")


def examples(path):
    """(text, label) pairs; a label may be several topics joined by `|`."""
    if str(path).endswith(".tsv"):
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()):
            cols = line.split("\t")
            if n == 0 or len(cols) < 2 or not line.strip() or line.startswith("#"):
                continue
            if not SAFETY_LABELS & set(cols[1].split("|")):
                yield cols[0], cols[1].strip()
        return
    for block in yaml.safe_load(Path(path).read_text())["nlu"]:
        label = block["intent"].split("/", 1)[-1]
        for line in block["examples"].strip().splitlines():
            yield line.strip()[2:].strip(), label


def is_right(label: str, got: str) -> bool:
    wanted = set(label.split("|"))
    return got in wanted or ("FALLBACK" in wanted and got in FALLBACK_TOPICS)


async def score(model, path):
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    rows = []
    for text, label in examples(path):
        parse = await agent.parse_message(text)
        top_two = [[name, round(conf, 4)] for name, conf in topic_ranking(parse)[:2]]
        rows.append((text, label, sub_topic_of(parse), (parse.get("intent") or {}).get("confidence"), top_two))
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(
        prog="python -m dev_tools.nlu_topics", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("model")
    ap.add_argument("nlu_file")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    rows = asyncio.run(score(args.model, args.nlu_file))
    per = collections.defaultdict(lambda: [0, 0])
    for _, label, got, *_ in rows:
        per[label][0] += is_right(label, got)
        per[label][1] += 1
    for label, (ok, n) in sorted(per.items()):
        print(f"{label:28} {ok:3}/{n:<3} {ok / n:.2f}")
    accuracy = sum(ok for ok, _ in per.values()) / len(rows)
    print(f"topic accuracy {accuracy:.3f} over {len(rows)} examples")
    if args.misses:
        for text, label, got, conf, _ in rows:
            if not is_right(label, got):
                print(f"MISS {label} -> {got} ({conf:.2f}): {text}")
    if args.json:
        Path(args.json).write_text(json.dumps({"accuracy": accuracy, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
