"""End-to-end tests in a real headless Chromium (Debian's ``chromium`` package) driven by Python Playwright.

The app runs in uvicorn on a free loopback port, in a thread of the test process, against a temporary data
directory. Screenshots of the main screens go to ``$DONTHU_SCREENSHOTS`` (default ``data/screenshots`` in the
project); their paths are listed at the end of the test run.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2ekit import CHROMIUM, CHROMIUM_ARGS, SAVED


def pytest_terminal_summary(terminalreporter) -> None:
    if SAVED:
        terminalreporter.write_sep("-", "end-to-end screenshots")
        for p in SAVED:
            terminalreporter.write_line(str(p))


@pytest.fixture(scope="session")
def browser() -> Iterator:
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "Python playwright is not installed"
    if missing is None and not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing = f"{CHROMIUM} not found (apt-get install chromium)"
    if missing:
        if os.environ.get("DONTHU_REQUIRE_SERVICES") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(data_dir: Path) -> Iterator:
    """The web app on a free loopback port; yields (base URL, app)."""
    import uvicorn

    from donthu.api.app import create_app

    app = create_app()  # an entry point: migrates (data_dir did already) before serving, as ``donthu serve``
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    thread.join(10)
    app.state.uploads.wait(timeout=30)


@pytest.fixture()
def page(browser) -> Iterator:
    """A fresh browser context (no cookies) with the app's own CSP in force; console errors are collected."""
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
