"""Build the project's own English spaCy pipeline (no pretrained model needed).

    python scripts/build_spacy_pipeline.py [--output build/spacy_pipeline]

blank English tokenizer + sentencizer + lookup lemmatizer (tables from
spacy-lookups-data) + an EntityRuler whose patterns come from lexicon/*.yml.
Rasa's SpacyNLP loads the result from config.yml.
"""

import argparse
import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from assistant.safety import lexicon  # noqa: E402

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "build" / "spacy_pipeline"


def build(lex: lexicon.Lexicon = None):
    lex = lex or lexicon.load()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM", "overwrite_ents": True})
    nlp.initialize()
    ruler.add_patterns(lex.entity_ruler_patterns())
    nlp.meta["name"] = "acupuncture_back_pain"
    nlp.meta["description"] = "Blank English + lookup lemmatizer + safety lexicon EntityRuler"
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    nlp = build()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.output)
    ruler = nlp.get_pipe("entity_ruler")
    print(f"spaCy pipeline {nlp.pipe_names} with {len(ruler)} lexicon patterns written to {args.output}")


if __name__ == "__main__":
    main()
