"""Build the project's own English spaCy pipeline (no pretrained model needed).

    python -m dev_tools.build_spacy_pipeline [--output build/spacy_pipeline]

blank English tokenizer + sentencizer + lookup lemmatizer (tables from
spacy-lookups-data) + an EntityRuler whose patterns come from lexicon/*.yml.
Rasa's SpacyNLP loads the result from config.yml.
"""

import argparse
from pathlib import Path

import spacy

from assistant.safety import lexicon

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


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m dev_tools.build_spacy_pipeline",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    nlp = build()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.output)
    ruler = nlp.get_pipe("entity_ruler")
    print(f"spaCy pipeline {nlp.pipe_names} with {len(ruler)} lexicon patterns written to {args.output}")


if __name__ == "__main__":
    main()
