# One entry point. `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONPATH := $(CURDIR)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Rasa 3.6's dependencies (pkg_resources, click, typer, jax, matplotlib's pyparsing, spaCy) print a
# wall of DeprecationWarnings at every start that nobody here can act on. Deprecations are hidden;
# every other warning (UserWarning from Rasa about the data, RuntimeWarning, ...) still shows.
export PYTHONWARNINGS ?= ignore::DeprecationWarning,ignore::PendingDeprecationWarning
PY := .venv/bin/python
RASA := $(PY) -m rasa

.PHONY: help setup train run reload shell test test-unit lint format validate cross-validate spacy-pipeline clean safety-thresholds safety-check \
        check-content report report-html transcripts story-from-conversation interactive channels \
        bench cluster cluster-stop purge test-reliability

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

setup: ## create .venv (Python 3.10) and install pinned requirements
	@bash scripts/setup.sh

spacy-pipeline: setup ## build the project's spaCy pipeline from lexicon/
	@$(PY) -m dev_tools.build_spacy_pipeline --output build/spacy_pipeline

train: setup ## build the spaCy pipeline and train the model (skipped when nothing changed)
	@bash scripts/train.sh

run: train ## start the action server + Rasa server (RASA_PORT, ACTION_PORT, RASA_AUTH_TOKEN)
	@bash scripts/run.sh

reload: setup ## switch a running `make run` to the newest model and the current settings/clinic.yml (no restart)
	@$(PY) -m dev_tools.reload

shell: train ## talk to the assistant in the terminal
	@bash scripts/shell.sh

validate: setup ## check domain, data and stories (warnings fail)
	@$(PY) -m dev_tools.validate

test: lint train ## lint, then every test: unit, content, data, stories, held-out NLU, safety, live dev set, browser, channels, reliability, cluster, report, transcripts, the staff guide's worked example
	@bash scripts/test.sh

test-unit: spacy-pipeline ## the fast loop: unit and content tests, no trained model or servers (under 2 minutes)
	@bash scripts/test.sh -q tests/unit tests/content

lint: setup ## ruff: lint rules and formatting (pyproject.toml); `make format` fixes formatting
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .

format: setup ## ruff: format the code and apply safe lint fixes
	@.venv/bin/ruff format .
	@.venv/bin/ruff check --fix .

safety-thresholds: train ## choose the safety classifier's thresholds on a held-out fifth -> lexicon/semantic_thresholds.yml
	@$(PY) -m dev_tools.train_safety_classifier --choose-thresholds
	@bash scripts/train.sh

safety-check: train ## the safety check alone over the safety sets and blind sets (FILES=..., MISSES=1 lists misses)
	@$(PY) -m staff_tools.triage_check $(or $(FILES),tests/safety/*.tsv) $(if $(MISSES),--misses)

cross-validate: setup ## 5-fold NLU cross-validation into results/cross-validation
	@bash scripts/train.sh >/dev/null
	@$(RASA) test nlu --nlu data/nlu --config config.yml --cross-validation --folds 5 --out results/cross-validation

clean: ## remove built pipeline, models and results (keeps .venv and conversations)
	rm -rf build models results

# --- For clinic staff: content, evaluation, conversation review (docs/staff-guide.md) ---
check-content: setup ## check answers and training examples against content/check_rules.yml (SCORES=1: per-answer measures)
	@$(PY) -m staff_tools.check_content $${SCORES:+--scores}

FOLDS ?= 3
SKIP_CV ?=
report: train ## evaluation report -> reports/index.html (FOLDS=3 cross-validation folds, SKIP_CV=1 skips them)
	@$(PY) -m staff_tools.report run --folds $(FOLDS) $(if $(filter 1 yes true,$(SKIP_CV)),--skip-cv)

report-html: setup ## re-render reports/index.html from the results of the last `make report`
	@$(PY) -m staff_tools.report render

transcripts: setup ## conversation transcripts + summary into reports/transcripts (DB=file|postgresql://..., ARGS="--fallbacks --safety --low-confidence 0.5 --since 2026-11-01 --until ... --conversation ID")
	@$(PY) -m staff_tools.transcripts $(if $(DB),--db "$(DB)") $(ARGS)

story-from-conversation: setup ## a reviewed conversation as a test story: ID=<conversation> [NAME=<name>] [DB=...] [FORCE=1] -> tests/stories_from_review/
	@$(PY) -m staff_tools.story_from_conversation "$(ID)" $(if $(NAME),--name "$(NAME)") $(if $(DB),--db "$(DB)") $(if $(FORCE),--force)

interactive: setup ## rasa interactive on the trained model, with the action server beside it (INTERACTIVE_PORT, ACTION_PORT)
	@bash scripts/interactive.sh

# --- Channels and production (docs/channels.md, deploy/README.md, docs/performance.md) ---
channels: setup ## say which messaging platforms the environment switches on (docs/channels.md)
	@$(PY) -m dev_tools.credentials credentials.yml credentials.platforms.yml

bench: train ## benchmark against a stock `rasa init` assistant into reports/bench.json (BENCH_ARGS="--quick --skip-training")
	@$(PY) -m dev_tools.bench $(BENCH_ARGS)

cluster: train ## start PostgreSQL, Redis, actions, 2 Rasa replicas and nginx on loopback (LB_PORT, RASA_PORTS...)
	@bash scripts/cluster.sh start

cluster-stop: ## stop everything `make cluster` started
	@bash scripts/cluster.sh stop

purge: setup ## delete conversations idle more than DAYS days (DAYS=N required; DRY_RUN=1, DB_URL=..., ENDPOINTS=...)
	@$(PY) -m dev_tools.purge --days "$${DAYS:-}" $${DRY_RUN:+--dry-run} $${DB_URL:+--url "$$DB_URL"} $${ENDPOINTS:+--endpoints "$$ENDPOINTS"}

test-reliability: train ## reliability and privacy against live servers: 1,000+ bad requests, 50 concurrent conversations, API token, CORS, logs
	@bash scripts/test.sh tests/reliability -q
