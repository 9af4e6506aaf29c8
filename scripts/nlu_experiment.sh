#!/usr/bin/env bash
# Train the NLU alone with one pipeline configuration and score it on the held-out file and
# the blind sets: one row of docs/nlu-experiments.md.
#   bash scripts/nlu_experiment.sh CONFIG [SETS...]   (default sets: tests/nlu_holdout.yml tests/nlu_blind_*.tsv)
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
PY=.venv/bin/python
config=$1; shift
name=$(basename "$config" .yml)
sets=("$@"); [ ${#sets[@]} -gt 0 ] || sets=(tests/nlu_holdout.yml $(ls tests/nlu_blind_*.tsv 2>/dev/null))
out=build/experiments
mkdir -p "$out"
start=$(date +%s)
"$PY" -m rasa train nlu --config "$config" --domain domain.yml --nlu data --out "$out" --fixed-model-name "$name" --quiet >"$out/$name.train.log" 2>&1 \
  || { tail -30 "$out/$name.train.log"; exit 1; }
echo "$name: NLU training $(( $(date +%s) - start )) s"
for set in "${sets[@]}"; do
  "$PY" -m dev_tools.nlu_topics "$out/$name.tar.gz" "$set" --json "$out/$name.$(basename "$set").json" | tail -1 | sed "s|^|$name $(basename "$set"): |"
done
