# The two commands of the README: `make run` and `make test`. Everything else is a step of them.
SHELL := /bin/bash
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-sqlite test-postgres lint bench demo

setup:
	scripts/setup

## Install everything, create the SQLite database with demo data, serve on http://127.0.0.1:8000
run: setup
	scripts/run

## Install everything, lint, then the whole suite (browser tests included) on SQLite and on PostgreSQL
test: setup lint test-sqlite test-postgres

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run > /dev/null

test-sqlite:
	scripts/pytest-run

test-postgres:
	scripts/with-postgres scripts/pytest-run --database-tests-only

bench: setup
	scripts/bench
