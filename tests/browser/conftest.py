"""A live server on a free loopback port and Playwright driving Debian's Chromium."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

CHROMIUM = os.environ.get("INTERVIEWKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--disable-dev-shm-usage"]
SCREENSHOTS = Path(os.environ.get("INTERVIEWKIT_SCREENSHOTS", "test-output/screenshots"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture
def live_server(app, tmp_path):
    """Serve the test app (CSRF on, as in production) on 127.0.0.1 in a thread."""
    live = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, live, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def ipad(browser, playwright):
    """A touch-enabled iPad Pro 11 context (portrait 834x1194 by default)."""
    device = dict(playwright.devices["iPad Pro 11"])
    device.pop("default_browser_type", None)
    context = browser.new_context(**device)
    yield context
    context.close()


@pytest.fixture
def tablet(browser):
    """A 1024x1366 touch tablet, as the product brief measures tablets."""
    context = browser.new_context(viewport={"width": 1024, "height": 1366}, has_touch=True,
                                  is_mobile=True, device_scale_factor=1)
    yield context
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    yield context
    context.close()


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under test-output/screenshots and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in_page(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
