#!/usr/bin/env bash
# Build the spaCy pipeline and train the Rasa model, each only when its inputs changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
PY=.venv/bin/python
started=$(date +%s)

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

pipeline_inputs=(dev_tools/build_spacy_pipeline.py assistant/safety/lexicon.py lexicon/*.yml constraints.txt)
pipeline_hash=$(hash_of "${pipeline_inputs[@]}")
if [ "$(cat build/spacy_pipeline.sha256 2>/dev/null)" != "$pipeline_hash" ] || [ ! -d build/spacy_pipeline ]; then
  "$PY" -m dev_tools.build_spacy_pipeline --output build/spacy_pipeline
  echo "$pipeline_hash" > build/spacy_pipeline.sha256
fi

# the safety classifier (semantic detector): its corpus, settings, thresholds and the NLU lines it adds
classifier_inputs=(dev_tools/train_safety_classifier.py assistant/safety/semantic_detector.py assistant/safety/corpus.py
                   data/safety_corpus/*.tsv lexicon/semantic_detector.yml lexicon/semantic_thresholds.yml
                   $(find data/nlu -name '*.yml' | sort)
                   encoder.sha256 build/spacy_pipeline.sha256)
classifier_hash=$(hash_of "${classifier_inputs[@]}")
if [ "$(cat build/safety_classifier.sha256 2>/dev/null)" != "$classifier_hash" ] || [ ! -f build/safety_classifier/model.npz ]; then
  echo "train: training the safety classifier (new lines are encoded once, then cached)"
  "$PY" -m dev_tools.train_safety_classifier
  echo "$classifier_hash" > build/safety_classifier.sha256
fi

model_inputs=(config.yml domain.yml $(find data -name '*.yml' | sort) $(find assistant -name '*.py' | sort)
              build/spacy_pipeline.sha256)
model_hash=$(hash_of "${model_inputs[@]}")
if [ "$(cat models/assistant.sha256 2>/dev/null)" != "$model_hash" ] || [ ! -f models/assistant.tar.gz ]; then
  echo "train: training the Rasa model (about two and a half minutes on 2 cores)"
  "$PY" -m rasa train --config config.yml --domain domain.yml --data data \
    --out models --fixed-model-name assistant --quiet
  echo "$model_hash" > models/assistant.sha256
  echo "train: new model models/assistant.tar.gz. A running \`make run\` keeps the old one until \`make reload\` (or a restart)."
fi
echo "train: done in $(( $(date +%s) - started )) s"
