"""Train the semantic detector's classifier (assistant/safety/semantic_detector.py).

    python -m dev_tools.train_safety_classifier                       # train on all data -> build/safety_classifier/
    python -m dev_tools.train_safety_classifier --choose-thresholds   # first choose thresholds on a held-out fifth

Training lines: data/safety_corpus/*.tsv, plus (lexicon/semantic_detector.yml) the NLU training
examples in which the lexicon finds nothing, as plain questions (NONE). Embeddings are cached by
text in build/encoder_cache, so a small data change re-encodes only the new lines.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np
import yaml

from assistant.encoder.cache import DEFAULT_FILE, EmbeddingCache
from assistant.encoder.model import shared_encoder
from assistant.safety import corpus, semantic_detector
from assistant.safety.combine import set_aside_by_lexicon, units_of
from assistant.names import CAUTION, EMERGENCY, LEVELS
from assistant.safety.lexicon_detector import load_pipeline

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ROOT / "build" / "spacy_pipeline"
CACHE_FILE = DEFAULT_FILE
NLU_DIR = ROOT / "data" / "nlu"
HELD_OUT_SHARE = 0.2


def plain_questions(nlp, detector) -> List[str]:
    """NLU training examples in which the lexicon finds nothing: questions with no safety content."""
    lines = []
    blocks = []
    for path in sorted(NLU_DIR.rglob("*.yml")):
        blocks += (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", [])
    for block in blocks:
        for line in str(block.get("examples", "")).splitlines():
            text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
            if text and "](" not in text and detector(nlp(text.lower())).level is None:
                lines.append(text)
    return lines


def training_data(settings, nlp, detector) -> Tuple[List[str], np.ndarray, List[str]]:
    examples = corpus.load()
    texts = [e.text for e in examples]
    labels = [e.label for e in examples]
    if settings.plain_questions_from_nlu:
        known = {t.lower() for t in texts}
        extra = [t for t in plain_questions(nlp, detector) if t.lower() not in known]
        texts += extra
        labels += ["none"] * len(extra)
    y = np.array([corpus.CLASSES.index(label) for label in labels])
    return texts, y, labels


def fit(vectors: np.ndarray, y: np.ndarray, settings) -> semantic_detector.Ensemble:
    from sklearn.neural_network import MLPClassifier

    networks = []
    for member in range(settings.ensemble):
        model = MLPClassifier(
            hidden_layer_sizes=(settings.hidden_units,),
            alpha=settings.l2,
            max_iter=300,
            early_stopping=True,
            random_state=settings.seed + member,
        )
        model.fit(vectors, y)
        if list(model.classes_) != list(range(len(corpus.CLASSES))):
            raise SystemExit("train_safety_classifier: every label needs examples in the corpus")
        networks.append(semantic_detector.Network(list(zip(model.coefs_, model.intercepts_))))
    return semantic_detector.Ensemble(networks)


def message_scores(network, nlp, detector, encoder, cache, texts: Sequence[str]) -> np.ndarray:
    """Per message and level, the highest cumulative score over its units that the lexicon did not
    set aside at that level: the message as the safety check (combine.py) scores it."""
    per_message = []
    for text in texts:
        doc = nlp(text.lower())
        per_message.append((units_of(text, doc), detector(doc).set_aside))
    flat = [u[0] for units, _ in per_message for u in units]
    scores = semantic_detector.cumulative_scores(network.probabilities(cache.encode(encoder, flat)))
    out, row = np.zeros((len(texts), len(LEVELS))), 0
    for i, (units, set_aside) in enumerate(per_message):
        for _, start, end in units:
            for k, level in enumerate(LEVELS):
                if not set_aside_by_lexicon(set_aside, start, end, level):
                    out[i, k] = max(out[i, k], scores[row, k])
            row += 1
    return out


def choose_thresholds(scores: np.ndarray, y: np.ndarray, budget) -> dict:
    """Per level, the lowest threshold whose false alarms on lower-labelled lines stay within budget."""
    chosen = {}
    for k, level in enumerate(LEVELS):
        positive = y <= k  # this level or more serious
        # an emergency must not be raised on caution or none lines; the other levels on none lines
        negative = y >= LEVELS.index(CAUTION) if level == EMERGENCY else y == len(LEVELS)
        neg_scores = np.sort(scores[negative, k])
        allowed = int(np.floor(budget[level] * len(neg_scores)))
        threshold = float(neg_scores[len(neg_scores) - allowed - 1]) + 1e-6 if allowed < len(neg_scores) else 1e-6
        threshold = min(max(threshold, 1e-6), 1.0)
        chosen[level] = {
            "threshold": round(threshold, 6),
            "held_out_recall": round(float((scores[positive, k] >= threshold).mean()), 4),
            "held_out_false_alarms": round(float((scores[negative, k] >= threshold).mean()), 4),
            "positives": int(positive.sum()),
            "negatives": int(negative.sum()),
        }
    return chosen


def write_thresholds(chosen: dict, corpus_lines: int, held_out: int) -> None:
    header = (
        "# Written by `make safety-thresholds` (python -m dev_tools.train_safety_classifier --choose-thresholds).\n"
        "# Each threshold is the lowest score whose false alarms on the held-out lines of lower labels stay\n"
        "# within lexicon/semantic_detector.yml's budget; the figures below are what chose it.\n"
    )
    body = {
        "thresholds": {level: chosen[level]["threshold"] for level in LEVELS},
        "chosen_on": {
            "date": date.today().isoformat(),
            "training_lines": corpus_lines,
            "held_out_lines": held_out,
            "levels": {level: {k: v for k, v in chosen[level].items() if k != "threshold"} for level in LEVELS},
        },
    }
    semantic_detector.THRESHOLDS_FILE.write_text(header + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dev_tools.train_safety_classifier", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--choose-thresholds", action="store_true", help="choose thresholds on a held-out fifth first")
    parser.add_argument("--output", type=Path, default=semantic_detector.MODEL_FILE)
    args = parser.parse_args(argv)
    started = time.time()
    settings = semantic_detector.load_settings()
    nlp, detector = load_pipeline(str(PIPELINE))
    texts, y, labels = training_data(settings, nlp, detector)
    encoder, cache = shared_encoder(), EmbeddingCache(CACHE_FILE)
    vectors = cache.encode(encoder, texts)
    if args.choose_thresholds:
        from sklearn.model_selection import train_test_split

        train, held = train_test_split(
            np.arange(len(texts)), test_size=HELD_OUT_SHARE, random_state=settings.seed, stratify=y
        )
        network = fit(vectors[train], y[train], settings)
        scores = message_scores(network, nlp, detector, encoder, cache, [texts[i] for i in held])
        chosen = choose_thresholds(scores, y[held], settings.false_alarm_budget)
        write_thresholds(chosen, len(train), len(held))
        for level in LEVELS:
            print(f"safety classifier: {level}: {chosen[level]}")
    network = fit(vectors, y, settings)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for m, member in enumerate(network.networks):
        arrays.update({f"w{m}_{i}": w for i, (w, _) in enumerate(member.layers)})
        arrays.update({f"b{m}_{i}": b for i, (_, b) in enumerate(member.layers)})
    tmp = args.output.with_suffix(".tmp.npz")
    np.savez(
        tmp,
        layer_count=len(network.networks[0].layers),
        members=len(network.networks),
        evidence_texts=np.array(texts),
        evidence_labels=np.array(labels),
        evidence_vectors=vectors.astype(np.float16),
        **arrays,
    )
    tmp.replace(args.output)
    print(f"safety classifier: {len(texts)} lines, trained in {time.time() - started:.0f} s -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
