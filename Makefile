# gesticlean_support: `make test` and `make run` each set everything up first.
ODOO_SRC ?= /opt/odoo-18.0
PGHOST ?= 127.0.0.1
PGPORT ?= 5432
DB_USER ?= gesticlean
export ODOO_SRC PGHOST PGPORT DB_USER

PYTHON := .venv/bin/python

.PHONY: setup test run update pot lint format readme clean

setup:
	@bash tools/setup.sh

test: setup
	@$(PYTHON) tools/dev.py test

run: setup
	@$(PYTHON) tools/dev.py run

# Serve the demo database after updating the module (after a code change).
update: setup
	@$(PYTHON) tools/dev.py run --update

# Export i18n/gesticlean_support.pot from Odoo and merge it into i18n/fr.po.
pot: setup
	@$(PYTHON) tools/dev.py pot

# ruff, pylint-odoo, OCA's checks (module, po), prettier (XML), README.rst up to date.
lint: setup
	@$(PYTHON) tools/dev.py lint

# Rewrite what the formatters and generators own: XML (prettier), Python (ruff
# format), README.rst and static/description/index.html (from readme/).
format: setup
	@$(PYTHON) tools/dev.py format

readme: setup
	@.venv-lint/bin/python tools/gen_addon_readme.py

clean:
	rm -rf .venv .venv-lint node_modules .odoo
