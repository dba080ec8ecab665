# `make run` serves the demo archive; `make test` runs every test. Both set themselves up.
VENV := .venv
BIN := $(VENV)/bin
FRUS := ../shared/data/frus
# The demo's FRUS volumes (Korea, China, Soviet Union), imported when the data set is beside us.
FRUS_DEMO := $(wildcard $(FRUS)/frus1964-68v29p1.xml $(FRUS)/frus1958-60v19.xml $(FRUS)/frus1961-63v05.xml)

.PHONY: install run test lint system-deps clean

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

PORT ?= 8000

run: install
	$(BIN)/readingroom init
	$(BIN)/readingroom import sample_data/seeds/*.txt $(FRUS_DEMO)
	$(BIN)/readingroom enrich
	$(BIN)/readingroom serve --host 127.0.0.1 --port $(PORT) --with-worker

# PostgreSQL for the second database run, Debian's Chromium for the browser tests, Tesseract
# with the archive's languages for OCR (and a font with Albanian letters to draw test pages);
# installed with apt-get when missing and we may.
OCR_LANGUAGES := eng sqi kor rus
SYSTEM_PACKAGES := postgresql chromium tesseract-ocr $(OCR_LANGUAGES:%=tesseract-ocr-%) \
	fonts-dejavu-core

system-deps:
	@if ! { command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } \
	    || [ ! -x /usr/bin/chromium ] \
	    || ! ( for lang in $(OCR_LANGUAGES); do \
	             tesseract --list-langs 2>/dev/null | grep -qx "$$lang" || exit 1; done ) \
	    || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else \
	    echo "The tests need: apt-get install $(SYSTEM_PACKAGES)"; exit 1; \
	  fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: install system-deps lint
	READINGROOM_HOME=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest
	$(BIN)/python tests/pgserver.py -- $(BIN)/pytest -m postgres

clean:
	rm -rf $(VENV) var
