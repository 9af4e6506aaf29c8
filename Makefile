# One entry point. `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONPATH := $(CURDIR)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
PY := .venv/bin/python
RASA := $(PY) -m rasa

.PHONY: help setup train run shell test validate cross-validate spacy-pipeline clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

setup: ## create .venv (Python 3.10) and install pinned requirements
	@bash scripts/setup.sh

spacy-pipeline: setup ## build the project's spaCy pipeline from lexicon/
	@$(PY) scripts/build_spacy_pipeline.py --output build/spacy_pipeline

train: setup ## build the spaCy pipeline and train the model (skipped when nothing changed)
	@bash scripts/train.sh

run: train ## start the action server + Rasa server (RASA_PORT, ACTION_PORT, RASA_AUTH_TOKEN)
	@bash scripts/run.sh

shell: train ## talk to the assistant in the terminal
	@bash scripts/shell.sh

validate: setup ## check domain, data and stories (warnings fail)
	@$(PY) scripts/validate.py

test: train ## every test: unit, data, stories, held-out NLU, safety and the live dev-set evaluation
	@bash scripts/test.sh

cross-validate: setup ## 5-fold NLU cross-validation into results/cross-validation
	@bash scripts/train.sh >/dev/null
	@$(RASA) test nlu --nlu data/nlu.yml --config config.yml --cross-validation --folds 5 --out results/cross-validation

clean: ## remove built pipeline, models and results (keeps .venv and conversations)
	rm -rf build models results
