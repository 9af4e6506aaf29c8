"""What engineers run to build, start, measure and look after the assistant.

Commands (`python -m dev_tools.<name>` from the project folder; most are `make` targets):
- build_spacy_pipeline, train_safety_classifier, unpack_encoder: build steps (`make train`, `make setup`)
- validate: `rasa data validate` without a spurious warning (`make validate`)
- credentials: the credentials file Rasa starts with (scripts/run.sh, `make channels`)
- reload: switch a running `make run` to the newest model (`make reload`)
- purge: delete old conversations from the tracker store (`make purge`)
- render_template: fill ${NAMES} in a template (scripts/cluster.sh, nginx)
- nlu_topics: topic accuracy of a trained model on an NLU file (scripts/nlu_experiment.sh)
- bench, loadgen: the benchmark against a stock assistant and its load generator (`make bench`)

Libraries: live_server (the assistant started as `make run` starts it, on free ports; used by the
tests, the report and the benchmark) and benchlib/ (the benchmark's parts).
"""
