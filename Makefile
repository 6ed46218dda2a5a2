# CareerPath: `make run` to try it, `make test` to check it. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test lint format serve benchmark loadtest loadtest-takers simulate screenshots clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("CareerPath needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_defaults
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  CareerPath is starting at http://$(HOST):$(PORT)/"
	@echo "  Sign in as pm, pm2, pm3, manager or admin; the password is careerpath-demo."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest --screenshot only-on-failure --output test-artifacts $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production-style serving; set the variables of .env.example first (see README, "Deploying").
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn careers.wsgi --bind $${BIND:-0.0.0.0:8000} --workers $${WEB_CONCURRENCY:-3} \
		--access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# Rewrites docs/screenshots/*.png at phone (390 px) and laptop (1280 px) width.
screenshots: install
	$(BIN)/pytest -m screenshots tests/browser

benchmark: install
	$(BIN)/python manage.py benchmark_scoring

# Pages against the sign-in page under load, or TAKERS people through the quiz at once
# (docs/performance.md). LOADTEST_SECONDS=5 for a quick look; DATABASE_URL=postgres://… to
# measure PostgreSQL (a fresh <name>_loadtest database is made beside it). Pages need wrk.
MODE ?= pages
TAKERS ?= 50
loadtest: install
	$(BIN)/python -m tools.loadtest $(MODE) --takers $(TAKERS)

loadtest-takers: install
	$(BIN)/python -m tools.loadtest takers --takers $(TAKERS)

# How well the scoring recovers simulated respondents with known motivations (docs/scoring.md):
# the model the parameters were chosen on (seed 1), then one they were never chosen on (seed 2,
# item noise 1.2). SIMULATE_ARGS="--seed 3" runs one model of your choice instead.
SIMULATE_ARGS ?=
simulate: install
ifeq ($(strip $(SIMULATE_ARGS)),)
	$(BIN)/python manage.py simulate_scoring --seed 1
	$(BIN)/python manage.py simulate_scoring --seed 2 --noise 1.2
else
	$(BIN)/python manage.py simulate_scoring $(SIMULATE_ARGS)
endif

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
