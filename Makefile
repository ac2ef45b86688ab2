# Đơn Thư — the two commands: `make demo` and `make test` (Debian/Ubuntu, as root or with sudo).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-script-viet tesseract-ocr-osd libreoffice-writer-nogui libreoffice-calc-nogui \
	fonts-dejavu-core fonts-noto-core fonts-liberation2 poppler-utils
BENCH_PACKAGES := ocrmypdf
# the end-to-end tests drive Debian's Chromium with Python Playwright (pip, dev extra; no `playwright install`)
TEST_PACKAGES := chromium
DEMO_DIR ?= data/demo-scans
export DONTHU_DATA_DIR ?= data

.PHONY: demo test system-deps venv lint bench clean-demo

system-deps:
	@missing=$$(for p in $(APT_PACKAGES) $(EXTRA_APT); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(BIN)/donthu: pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

venv: $(BIN)/donthu

# the repo root is the package `donthu`: mypy finds it under that name through this link (see pyproject)
$(VENV)/mypy-path/donthu: | venv
	mkdir -p $(@D) && ln -sfn ../.. $@

demo: system-deps venv
	$(BIN)/donthu db upgrade
	[ -f $(DEMO_DIR)/truth.jsonl ] || $(BIN)/donthu samples $(DEMO_DIR) --n 8 --seed 7
	-$(BIN)/donthu ingest $(DEMO_DIR)/sample_*
	$(BIN)/donthu demo-users
	@echo "Trạm xác minh: http://127.0.0.1:8000  (Ctrl-C để dừng)"
	$(BIN)/donthu serve

test: EXTRA_APT = $(TEST_PACKAGES)
test: system-deps venv $(VENV)/mypy-path/donthu
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: venv $(VENV)/mypy-path/donthu
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: EXTRA_APT = $(BENCH_PACKAGES)
bench: system-deps venv
	$(BIN)/python bench/ingest_speed.py $(BENCH_ARGS)
